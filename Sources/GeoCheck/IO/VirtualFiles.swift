import CGDAL
import Foundation

/// GDAL's virtual file system (`VSIStatL`, `VSIFOpenL`, `VSIReadDirRecursive`): the same calls
/// read plain files and files inside zips (`/vsizip/…`), so encoding detection and zip listings
/// work on both.
enum VirtualFiles {
    static func exists(_ path: String) -> Bool {
        GDAL.ensure()
        // VSIStatBufL is the platform's `struct stat64`, opaque to Swift: give it room.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1024, alignment: 16)
        defer { buffer.deallocate() }
        return VSIStatL(path, OpaquePointer(buffer)) == 0
    }

    /// The whole content of a (virtual) file, nil when it cannot be opened.
    static func readAll(_ path: String) -> [UInt8]? {
        GDAL.ensure()
        guard let file = VSIFOpenL(path, "rb") else { return nil }
        defer { VSIFCloseL(file) }
        guard VSIFSeekL(file, 0, SEEK_END) == 0 else { return nil }
        let size = Int(VSIFTellL(file))
        guard VSIFSeekL(file, 0, SEEK_SET) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        let got = bytes.withUnsafeMutableBytes { VSIFReadL($0.baseAddress, 1, size, file) }
        return Array(bytes[0..<got])
    }

    /// Up to `count` bytes from `offset` of a (virtual) file; nil when it cannot be opened.
    static func read(_ path: String, offset: UInt64 = 0, count: Int) -> [UInt8]? {
        GDAL.ensure()
        guard let file = VSIFOpenL(path, "rb") else { return nil }
        defer { VSIFCloseL(file) }
        guard VSIFSeekL(file, offset, SEEK_SET) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { VSIFReadL($0.baseAddress, 1, count, file) }
        return Array(bytes[0..<got])
    }

    /// Every entry below a (virtual) directory, as relative paths.
    static func listRecursive(_ directory: String) -> [String] {
        GDAL.ensure()
        guard let list = VSIReadDirRecursive(directory) else { return [] }
        defer { CSLDestroy(list) }
        var entries: [String] = []
        var index = 0
        while let item = list[index] {
            entries.append(String(cString: item))
            index += 1
        }
        return entries
    }

    /// Puts `bytes` at `/vsimem/geocheck/<unique>/<name>` for GDAL to open; remove it with
    /// `remove(directory:)` once the dataset is closed.
    static func memoryFile(named name: String, bytes: [UInt8], siblings: [String: [UInt8]] = [:]) -> (path: String, directory: String) {
        GDAL.ensure()
        let directory = "/vsimem/geocheck/\(UUID().uuidString)"
        for (fileName, content) in [name: bytes].merging(siblings, uniquingKeysWith: { first, _ in first }) {
            let path = "\(directory)/\(fileName)"
            guard let file = VSIFOpenL(path, "wb") else { continue }
            _ = content.withUnsafeBytes { VSIFWriteL($0.baseAddress, 1, content.count, file) }
            VSIFCloseL(file)
        }
        return ("\(directory)/\(name)", directory)
    }

    static func remove(directory: String) {
        VSIRmdirRecursive(directory)
    }
}
