import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Character-set detection and conversion for Chinese data: UTF-8 or GBK/GB18030.
public enum TextEncoding {
    /// True when `bytes` decode as UTF-8.
    public static func isValidUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Converts GB18030 (a superset of GBK and GB2312) bytes to a String with iconv.
    public static func decodeGB18030(_ bytes: [UInt8]) -> String? {
        guard let converter = iconv_open("UTF-8", "GB18030"), converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        var inLeft = input.count
        var outLeft = output.count
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1
            }
        }
        guard ok else { return nil }
        let produced = output.count - outLeft
        return String(decoding: output[0..<produced].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes text that is UTF-8 (BOM allowed) or GB18030; returns the text and the encoding name.
    public static func decodeText(_ data: Data) -> (text: String, encoding: String)? {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if isValidUTF8(bytes) { return (String(decoding: bytes, as: UTF8.self), "UTF-8") }
        return decodeGB18030(bytes).map { ($0, "GB18030") }
    }

    /// The encoding GDAL should use for a Shapefile's DBF, or nil to leave GDAL's default:
    /// a `.cpg` wins (GDAL reads it); otherwise language byte 0x4D (code page 936) or attribute
    /// bytes that are not valid UTF-8 mean GBK, read as GB18030; valid UTF-8 means UTF-8.
    public static func shapefileEncoding(shpPath: String) -> String? {
        let base = (shpPath as NSString).deletingPathExtension
        let fileManager = FileManager.default
        for ext in ["cpg", "CPG"] where fileManager.fileExists(atPath: "\(base).\(ext)") { return nil }
        guard let handle = FileHandle(forReadingAtPath: "\(base).dbf") ?? FileHandle(forReadingAtPath: "\(base).DBF") else {
            return nil
        }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 32), header.count == 32 else { return nil }
        let languageDriver = header[header.startIndex + 29]
        if languageDriver == 0x4D { return "CP936" }
        let headerLength = Int(header[header.startIndex + 8]) | Int(header[header.startIndex + 9]) << 8
        try? handle.seek(toOffset: UInt64(headerLength))
        guard let records = try? handle.read(upToCount: 8 << 20), !records.isEmpty else { return nil }
        if records.allSatisfy({ $0 < 0x80 }) { return nil }
        return isValidUTF8(records) ? "UTF-8" : "GB18030"
    }
}
