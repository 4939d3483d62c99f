import Foundation
import GeoCheck
import Hummingbird
import NIOCore

/// A request body read with the size limit (413 above it) and, for multipart bodies, split
/// into its parts.
struct FormUpload {
    var parts: FormParts
    var json: Data?

    static func read(_ request: Request, limit: Int) async throws -> FormUpload {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw PlatformError(status: 413, message: "upload of \(length) bytes is over the limit of \(limit) bytes")
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
            throw PlatformError(status: 413, message: "upload over the limit of \(limit) bytes")
        }
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            return FormUpload(parts: try FormParts.parse(body, contentType: type))
        }
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            var parts = FormParts()
            for pair in String(buffer: body).split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
                parts.parts[kv[0]] = (nil, Data((kv.count > 1 ? kv[1] : "").utf8))
            }
            return FormUpload(parts: parts)
        }
        return FormUpload(parts: FormParts(), json: Data(buffer: body))
    }
}

/// What `POST /api/screen` and the screening page accept: a file (multipart `file`, with an
/// optional `buffer_m`) or corner coordinates as text (JSON `{"coordinates": …}` or the form
/// field `coordinates`).
struct ScreenUpload {
    var data: Data
    var filename: String?
    var bufferM: Double?
    var name: String { filename ?? "coordinates" }

    struct Pasted: Decodable {
        var coordinates: String
        var buffer_m: Double?
    }

    static func read(_ request: Request, limit: Int) async throws -> ScreenUpload {
        let form = try await FormUpload.read(request, limit: limit)
        if let json = form.json {
            guard let pasted = try? JSONDecoder().decode(Pasted.self, from: json) else {
                throw PlatformError.badRequest("expected multipart/form-data with a 'file' or JSON {\"coordinates\": \"<corner file text>\"}")
            }
            return ScreenUpload(data: Data(pasted.coordinates.utf8), filename: nil, bufferM: pasted.buffer_m)
        }
        return try from(form.parts)
    }

    static func from(_ parts: FormParts) throws -> ScreenUpload {
        var buffer: Double?
        if let text = parts.text("buffer_m"), !text.isEmpty {
            guard let value = Double(text), value >= 0, value <= 100_000 else {
                throw PlatformError.badRequest("buffer_m '\(text)' must be a number of metres between 0 and 100000")
            }
            buffer = value
        }
        if let file = parts.parts["file"], !file.data.isEmpty {
            return ScreenUpload(data: file.data, filename: file.filename.map { ($0 as NSString).lastPathComponent }, bufferM: buffer)
        }
        if let text = parts.text("coordinates"), !text.isEmpty {
            return ScreenUpload(data: Data(text.utf8), filename: nil, bufferM: buffer)
        }
        throw PlatformError.badRequest("no 'file' and no 'coordinates' given")
    }

    /// Saves the upload in a private directory, screens it, removes the directory.
    func screen(_ platform: Platform, keepGeometries: Bool) async throws -> ScreenOutcome {
        let area = try UploadArea()
        defer { area.close() }
        do {
            return try await offloop {
                let path = try area.save(data, clientName: filename)
                return try platform.screen(path: path, clientName: name, bufferM: bufferM, keepGeometries: keepGeometries)
            }
        } catch {
            throw PlatformError.badRequest(clientMessage(error, upload: area, name: name))
        }
    }
}
