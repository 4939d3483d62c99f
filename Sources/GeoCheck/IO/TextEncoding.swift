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
        return withConverter(from: source, to: target) { converter in
            var output: [UInt8] = []
            return append(bytes[...], with: converter, to: &output) ? output : nil
        }
    }

    /// `body` with an iconv descriptor from `source` to `target`; nil when iconv has none.
    private static func withConverter<T>(from source: String, to target: String, _ body: (iconv_t) -> T?) -> T? {
        guard let converter = iconv_open(target, source), converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        return body(converter)
    }

    /// Appends `bytes` converted by `converter` to `output`; false when iconv stops on them.
    private static func append(_ bytes: ArraySlice<UInt8>, with converter: iconv_t, to output: inout [UInt8]) -> Bool {
        let start = output.count
        output += repeatElement(0, count: bytes.count * 2 + 16)
        let produced: Int? = bytes.withUnsafeBytes { inBuffer in
            output.withUnsafeMutableBytes { outBuffer in
                // iconv takes a `char **` for its input but does not write through it.
                var inPointer = inBuffer.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: CChar.self)) }
                var outPointer = outBuffer.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) + start }
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count - start
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return result == -1 || inLeft != 0 ? nil : outBuffer.count - start - outLeft
            }
        }
        guard let produced else { return false }
        output.removeLast(output.count - start - produced)
        return true
    }

    /// GB18030 (a superset of GBK and GB2312) bytes as a String.
    public static func decodeGB18030(_ bytes: [UInt8]) -> String? {
        convert(bytes, from: "GB18030", to: "UTF-8").flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// A String as GB18030 bytes, for files Chinese GIS software expects in GBK.
    ///
    /// GB18030 keeps every ASCII byte as it is and has no shift state, so only the runs of
    /// other characters go through iconv (a corner file is mostly ASCII digits: converting it
    /// whole cost ~60 instructions a byte).
    public static func encodeGB18030(_ text: String) -> Data? {
        encodeGB18030(utf8: Array(text.utf8))
    }

    /// UTF-8 text's `bytes` as GB18030 (`encodeGB18030(_:)`); nil when they are not UTF-8.
    static func encodeGB18030(utf8 bytes: [UInt8]) -> Data? {
        guard let firstOther = bytes.firstIndex(where: { $0 >= 0x80 }) else { return Data(bytes) }
        return withConverter(from: "UTF-8", to: "GB18030") { converter in
            var output = Array(bytes[..<firstOther])
            output.reserveCapacity(bytes.count + bytes.count / 8)
            var start = firstOther
            while start < bytes.count {
                let ascii = bytes[start] < 0x80
                let end = bytes[start...].firstIndex(where: { ($0 < 0x80) != ascii }) ?? bytes.count
                if ascii {
                    output += bytes[start..<end]
                } else if !append(bytes[start..<end], with: converter, to: &output) {
                    return nil
                }
                start = end
            }
            return Data(output)
        }
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

/// The one text decoder (corner-coordinate files, coordinate tables, sniffing): UTF-8 (with or
/// without BOM), GB18030 (a superset of GBK and GB2312) or UTF-16 with a byte-order mark. The
/// bytes are split into lines first, so an encoding problem is reported on its own line
/// (`CornerFileError` with `path:line`): an invalid byte, or a file that mixes GBK and UTF-8 lines.
extension TextEncoding {

    /// The lines of the file (without line terminators) and the encoding name.
    public static func decodeLines(_ data: Data, path: String) throws -> (lines: [String], encoding: String) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let text = try decodeUTF16(bytes, path: path)
            return (splitLines(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }, "UTF-16")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let lines = splitLines(bytes)
        if let nul = lines.firstIndex(where: { $0.contains(0) }) {
            throw CornerFileError(path: path, line: nul + 1, message: "NUL byte: binary data, not a text file")
        }
        let utf8 = lines.map { isValidUTF8($0) }
        if utf8.allSatisfy({ $0 }) {
            return (lines.map { String(decoding: $0, as: UTF8.self) }, "UTF-8")
        }
        try checkNotMixed(lines, utf8: utf8, path: path)
        if let whole = decodeGB18030(bytes) {
            return (splitLines(Array(whole.utf8)).map { String(decoding: $0, as: UTF8.self) }, "GB18030")
        }
        // Find the line GB18030 rejects, to name it.
        var decoded: [String] = []
        for (index, line) in lines.enumerated() {
            guard let text = decodeGB18030(line) else {
                throw CornerFileError(path: path, line: index + 1, message: "invalid bytes for GBK/GB18030 text (\(hexExcerpt(line))); save the file as UTF-8 or GBK")
            }
            decoded.append(text)
        }
        return (decoded, "GB18030")
    }

    /// A file whose non-ASCII lines are partly valid UTF-8 and partly not mixes encodings:
    /// names the first line of the smaller group (an invalid line when both are equal).
    private static func checkNotMixed(_ lines: [[UInt8]], utf8: [Bool], path: String) throws {
        let nonASCII = lines.indices.filter { lines[$0].contains { $0 >= 0x80 } }
        let validUTF8 = nonASCII.filter { utf8[$0] }
        let invalid = nonASCII.filter { !utf8[$0] }
        guard let firstValid = validUTF8.first, let firstInvalid = invalid.first else { return }
        if validUTF8.count < invalid.count {
            throw CornerFileError(path: path, line: firstValid + 1, message: "this line is UTF-8 but line \(firstInvalid + 1) is not (GBK?): the file mixes encodings; save it as UTF-8 or GBK")
        }
        let what = decodeGB18030(lines[firstInvalid]) != nil ? "reads as GBK" : "has invalid bytes (\(hexExcerpt(lines[firstInvalid])))"
        throw CornerFileError(path: path, line: firstInvalid + 1, message: "this line \(what) but line \(firstValid + 1) is UTF-8: the file mixes encodings; save it as UTF-8 or GBK")
    }

    /// Splits bytes at LF, dropping a CR before it; a final line terminator ends the last line.
    /// (0x0A never occurs inside a UTF-8 or GB18030 multi-byte sequence.)
    static func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> [UInt8] in
            line.last == 0x0D ? Array(line.dropLast()) : Array(line)
        }
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        // A lone CR (old Mac line ends) separates lines too.
        if lines.count == 1, lines[0].contains(0x0D) {
            lines = lines[0].split(separator: 0x0D, omittingEmptySubsequences: false).map(Array.init)
        }
        return lines
    }

    /// UTF-16 with a byte-order mark; an unpaired surrogate is an error naming its line.
    private static func decodeUTF16(_ bytes: [UInt8], path: String) throws -> String {
        let little = bytes[0] == 0xFF
        guard bytes.count % 2 == 0 else {
            throw CornerFileError(path: path, line: nil, message: "UTF-16 text with an odd number of bytes (truncated file?)")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2 - 1)
        for i in stride(from: 2, to: bytes.count, by: 2) {
            let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(little ? a | b << 8 : a << 8 | b)
        }
        var scalars = String.UnicodeScalarView()
        var iterator = units.makeIterator()
        var decoder = UTF16()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1 }
                scalars.append(scalar)
            case .emptyInput:
                return String(scalars)
            case .error:
                throw CornerFileError(path: path, line: line, message: "invalid UTF-16 text (an unpaired surrogate); save the file as UTF-8 or GBK")
            }
        }
    }

    /// The first bytes that are not printable ASCII, in hex, for messages.
    static func hexExcerpt(_ line: [UInt8]) -> String {
        guard let start = line.firstIndex(where: { $0 >= 0x80 || $0 < 0x09 }) else { return "no invalid byte found" }
        let shown = line[start..<min(line.count, start + 4)].map { String(format: "0x%02X", $0) }
        return "byte \(shown.joined(separator: " ")) at column \(start + 1)"
    }
}
