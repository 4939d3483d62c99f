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

    /// Converts bytes between character sets with iconv(3); nil when iconv has no such
    /// converter (`iconv_open` gives (iconv_t)-1) or the bytes are invalid or incomplete
    /// (`iconv` gives (size_t)-1). Either direction between UTF-8 and GB18030 at most doubles
    /// the size.
    static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        if bytes.isEmpty { return [] }
        guard let converter = iconv_open(target, source), converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return result == -1 || inLeft != 0 ? nil : outBuffer.count - outLeft
            }
        }
        return produced.map { output[0..<$0].map { UInt8(bitPattern: $0) } }
    }

    /// GB18030 (a superset of GBK and GB2312) bytes as a String.
    public static func decodeGB18030(_ bytes: [UInt8]) -> String? {
        convert(bytes, from: "GB18030", to: "UTF-8").flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// A String as GB18030 bytes, for files Chinese GIS software expects in GBK.
    public static func encodeGB18030(_ text: String) -> Data? {
        convert(Array(text.utf8), from: "UTF-8", to: "GB18030").map { Data($0) }
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
    /// `path` is a `.shp`/`.dbf`, or a folder of Shapefiles (in a zip too: the files are read
    /// through GDAL's virtual file system), whose `layerName` (else first) Shapefile decides.
    public static func shapefileEncoding(path: String, layerName: String? = nil) -> String? {
        let ext = (path as NSString).pathExtension.lowercased()
        let base: String
        if ext == "shp" || ext == "dbf" {
            base = (path as NSString).deletingPathExtension
        } else if ext.isEmpty || ext == "zip" {
            let shapefiles = VirtualFiles.listRecursive(path).filter { $0.lowercased().hasSuffix(".shp") && !$0.contains("/") }.sorted()
            let chosen = layerName.flatMap { name in shapefiles.first { ($0 as NSString).deletingPathExtension == name } } ?? shapefiles.first
            guard let chosen else { return nil }
            base = "\(path)/\((chosen as NSString).deletingPathExtension)"
        } else {
            return nil
        }
        if ["cpg", "CPG"].contains(where: { VirtualFiles.exists("\(base).\($0)") }) { return nil }
        let dbf = VirtualFiles.exists("\(base).dbf") ? "\(base).dbf" : "\(base).DBF"
        guard let header = VirtualFiles.read(dbf, count: 32), header.count == 32 else { return nil }
        if header[29] == 0x4D { return "CP936" }
        let headerLength = Int(header[8]) | Int(header[9]) << 8
        guard let records = VirtualFiles.read(dbf, offset: UInt64(headerLength), count: 8 << 20), !records.isEmpty else { return nil }
        if records.allSatisfy({ $0 < 0x80 }) { return nil }
        return isValidUTF8(records) ? "UTF-8" : "GB18030"
    }

    /// A CSV file (Excel's "CSV(逗号分隔)" on a Chinese system writes GBK) that is not UTF-8 but
    /// valid GB18030, converted to UTF-8, with its `.csvt`/`.prj` sidecars; nil for UTF-8 files.
    static func gbkCSVAsUTF8(path: String) -> (csv: [UInt8], siblings: [String: [UInt8]])? {
        // The first 8 MB decide (a UTF-8 file is not read twice); a cut multi-byte character at
        // the end of that prefix does not count against UTF-8.
        let window = 8 << 20
        guard var prefix = VirtualFiles.read(path, count: window), !prefix.isEmpty else { return nil }
        if prefix.count == window {
            var cut = 0
            while cut < 3, let last = prefix.last, last >= 0x80 { prefix.removeLast(); cut += 1 }
        }
        guard !isValidUTF8(prefix), let bytes = VirtualFiles.readAll(path),
              let utf8 = convert(bytes, from: "GB18030", to: "UTF-8") else { return nil }
        let base = (path as NSString).deletingPathExtension
        var siblings: [String: [UInt8]] = [:]
        for ext in ["csvt", "prj", "CSVT", "PRJ"] {
            if let sibling = VirtualFiles.read("\(base).\(ext)", count: 1 << 20) {
                siblings[((base as NSString).lastPathComponent) + "." + ext.lowercased()] = sibling
            }
        }
        return (utf8, siblings)
    }
}
