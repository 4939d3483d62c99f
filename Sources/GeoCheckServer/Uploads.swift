import Foundation
import GeoCheck
import MultipartKit
import NIOCore
import ZIPFoundation

/// A private temporary directory for one request's uploads, removed by `close()`. Files are
/// saved under names the server chooses (`upload.<ext>`); a client's file name contributes only
/// its extension, from a fixed list, so no request string ever reaches GDAL as a path.
final class UploadArea: Sendable {
    let directory: URL

    static let vectorExtensions: Set<String> = ["geojson", "json", "kml", "gpkg", "txt", "csv"]
    static let zipLimits = (entries: 200, totalBytes: 512 << 20, ratio: 200.0)

    /// This process's folder of upload directories: `geocheck-serve-<pid>` in the temporary
    /// directory, private to the user.
    static let processRoot = FileManager.default.temporaryDirectory.appendingPathComponent("geocheck-serve-\(getpid())")

    init() throws {
        try FileManager.default.createDirectory(at: Self.processRoot, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        directory = Self.processRoot.appendingPathComponent("upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Removes the upload folders of server processes that no longer run (killed mid-request).
    static func removeStale() {
        let temporary = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix("geocheck-serve-") {
            guard let pid = Int32(name.dropFirst("geocheck-serve-".count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
    }

    func close() { try? FileManager.default.removeItem(at: directory) }

    /// Saves an uploaded file and returns the path of the dataset GDAL should open.
    func save(_ data: Data, clientName: String?) throws -> String {
        let ext = (clientName.map { ($0 as NSString).pathExtension.lowercased() } ?? "")
        if ext == "zip" || data.starts(with: [0x50, 0x4B, 0x03, 0x04]) && ext != "gpkg" {
            let zip = directory.appendingPathComponent("upload.zip")
            try data.write(to: zip)
            return try unpack(zip)
        }
        let chosen = Self.vectorExtensions.contains(ext) ? ext : "txt"
        let path = directory.appendingPathComponent("upload.\(chosen)")
        try data.write(to: path)
        return path.path
    }

    /// A file name of letters, digits, `.`, `_` and `-` only.
    static func safeName(_ name: String) -> String {
        String(name.map { (c: Character) -> Character in
            c.isLetter || c.isNumber || c == "." || c == "_" || c == "-" ? c : "_"
        })
    }

    /// Unpacks a zip into `unzipped/` with limits on entries, total size and compression ratio,
    /// rejecting entries that would land outside (`..`, absolute paths, links), and returns the
    /// one dataset inside (a `.shp`, `.gpkg`, `.geojson`, `.kml` or corner file).
    func unpack(_ zip: URL) throws -> String {
        let archive: Archive
        do { archive = try Archive(url: zip, accessMode: .read) } catch {
            throw InputError("upload: not a readable zip archive")
        }
        let target = directory.appendingPathComponent("unzipped")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        var entries = 0, total = 0
        for entry in archive {
            entries += 1
            guard entries <= Self.zipLimits.entries else { throw InputError("upload: zip has more than \(Self.zipLimits.entries) entries") }
            guard entry.type != .symlink else { throw InputError("upload: zip entry \(entry.path) is a link") }
            let name = entry.path
            let parts = name.split(separator: "/")
            guard !name.hasPrefix("/"), !parts.contains(".."), !name.contains("\\") else {
                throw InputError("upload: zip entry \(name) points outside the archive")
            }
            guard entry.type == .file else { continue }
            total += Int(entry.uncompressedSize)
            guard total <= Self.zipLimits.totalBytes else { throw InputError("upload: zip unpacks to more than \(Self.zipLimits.totalBytes >> 20) MB") }
            let ratio = Double(entry.uncompressedSize) / Double(max(entry.compressedSize, 1))
            guard ratio <= Self.zipLimits.ratio || entry.uncompressedSize < 1 << 20 else {
                throw InputError("upload: zip entry \(name) has a compression ratio of \(Int(ratio)) (a zip bomb?)")
            }
            // Flattened to a server-chosen name: the entry's base name, with only safe characters.
            let base = Self.safeName(parts.last.map(String.init) ?? "entry")
            let destination = target.appendingPathComponent(base)
            guard !base.hasPrefix(".") else { continue }
            guard !FileManager.default.fileExists(atPath: destination.path) else {
                throw InputError("upload: zip holds two files named \(base)")
            }
            guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
                throw InputError("upload: cannot write \(base) in the upload folder")
            }
            let handle = try FileHandle(forWritingTo: destination)
            defer { try? handle.close() }
            var written = 0
            _ = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { chunk in
                written += chunk.count
                if written > Int(entry.uncompressedSize) { throw InputError("upload: zip entry \(name) is larger than it says") }
                try handle.write(contentsOf: chunk)
            }
        }
        let files = (try FileManager.default.contentsOfDirectory(atPath: target.path)).sorted()
        for ext in ["shp", "gpkg", "geojson", "json", "kml", "txt", "csv"] {
            if let file = files.first(where: { ($0 as NSString).pathExtension.lowercased() == ext }) {
                return target.appendingPathComponent(file).path
            }
        }
        throw InputError("upload: the zip holds no .shp, .gpkg, .geojson, .kml or corner-coordinate file")
    }
}

/// The parts of a multipart/form-data body: field name → (file name, bytes).
struct FormParts {
    var parts: [String: (filename: String?, data: Data)] = [:]

    func text(_ name: String) -> String? {
        parts[name].flatMap { String(data: $0.data, encoding: .utf8) }?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func parse(_ body: ByteBuffer, contentType: String) throws -> FormParts {
        guard let boundary = contentType.components(separatedBy: ";").compactMap({ item -> String? in
            let pair = item.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix("boundary=") else { return nil }
            return String(pair.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }).first else { throw InputError("upload: multipart/form-data without a boundary") }
        let parser = MultipartParser(boundary: boundary)
        var form = FormParts()
        var headers: [String: String] = [:]
        var data = Data()
        parser.onHeader = { key, value in headers[key.lowercased()] = value }
        parser.onBody = { buffer in data.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            let disposition = headers["content-disposition"] ?? ""
            if let name = Self.attribute("name", in: disposition) {
                form.parts[name] = (Self.attribute("filename", in: disposition), data)
            }
            headers = [:]
            data = Data()
        }
        do { try parser.execute(body) } catch { throw InputError("upload: malformed multipart body") }
        return form
    }

    static func attribute(_ key: String, in disposition: String) -> String? {
        for item in disposition.components(separatedBy: ";") {
            let pair = item.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix("\(key)=") {
                return String(pair.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
