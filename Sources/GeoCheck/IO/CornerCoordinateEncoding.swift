import Foundation

/// Decodes the bytes of a corner-coordinate file into lines: UTF-8 (with or without BOM),
/// GB18030 (a superset of GBK and GB2312) or UTF-16 with a byte-order mark. The file is split
/// into lines first, so an encoding problem is reported on its own line: an invalid byte, or
/// a file that mixes GBK and UTF-8 lines.
enum CornerTextDecoder {

    /// The lines of the file (without line terminators) and the encoding name.
    static func decodeLines(_ data: Data, path: String) throws -> (lines: [String], encoding: String) {
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
        let utf8 = lines.map { TextEncoding.isValidUTF8($0) }
        if utf8.allSatisfy({ $0 }) {
            return (lines.map { String(decoding: $0, as: UTF8.self) }, "UTF-8")
        }
        try checkNotMixed(lines, utf8: utf8, path: path)
        if let whole = TextEncoding.decodeGB18030(bytes) {
            return (splitLines(Array(whole.utf8)).map { String(decoding: $0, as: UTF8.self) }, "GB18030")
        }
        // Find the line GB18030 rejects, to name it.
        var decoded: [String] = []
        for (index, line) in lines.enumerated() {
            guard let text = TextEncoding.decodeGB18030(line) else {
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
        let what = TextEncoding.decodeGB18030(lines[firstInvalid]) != nil ? "reads as GBK" : "has invalid bytes (\(hexExcerpt(lines[firstInvalid])))"
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

extension CornerCoordinates {
    /// Encodes text as GB18030 (GBK-compatible) bytes, for writing files Chinese GIS software expects.
    public static func gb18030Data(_ text: String) -> Data? {
        TextEncoding.encodeGB18030(text)
    }
}
