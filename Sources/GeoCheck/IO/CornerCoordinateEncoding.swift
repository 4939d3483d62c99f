import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes the bytes of a corner-coordinate file: UTF-8 (with or without BOM) when the bytes are
/// valid UTF-8, else GB18030 (a superset of GBK and GB2312) through iconv.
enum CornerTextDecoder {

    static func decode(_ data: Data, path: String) throws -> (text: String, encoding: String) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, "UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw CornerFileError(path: path, line: nil, message: "UTF-16 text is not supported; save the file as UTF-8 or GBK")
        }
        if let text = gb18030ToString(bytes) {
            return (text, "GB18030")
        }
        throw CornerFileError(path: path, line: nil, message: "the file is neither UTF-8 nor GBK/GB18030 text")
    }

    /// Converts GB18030 bytes with iconv(3). Returns nil when iconv has no GB18030 converter or
    /// the bytes are not valid GB18030 (iconv reports both as (size_t)-1 / (iconv_t)-1 with errno).
    static func gb18030ToString(_ input: [UInt8]) -> String? {
        if input.isEmpty { return "" }
        let cd = iconv_open("UTF-8", "GB18030")
        // iconv_open reports failure as (iconv_t)-1.
        guard let cd, Int(bitPattern: cd) != -1 else { return nil }
        defer { iconv_close(cd) }

        var source = input.map { CChar(bitPattern: $0) }
        // GB18030 → UTF-8 grows at most 4/2 per character (4-byte GB18030 → ≤ 4 bytes UTF-8,
        // 2-byte → 3 bytes, 1-byte → 1 byte): 2× plus slack is enough.
        var output = [CChar](repeating: 0, count: input.count * 2 + 16)
        let produced: Int? = source.withUnsafeMutableBufferPointer { src -> Int? in
            output.withUnsafeMutableBufferPointer { dst -> Int? in
                var inPtr: UnsafeMutablePointer<CChar>? = src.baseAddress
                var inLeft = src.count
                var outPtr: UnsafeMutablePointer<CChar>? = dst.baseAddress
                var outLeft = dst.count
                // iconv returns (size_t)-1 on an invalid or incomplete sequence (EILSEQ/EINVAL).
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return dst.count - outLeft
            }
        }
        guard let produced else { return nil }
        let utf8 = output[0..<produced].map { UInt8(bitPattern: $0) }
        return String(validating: utf8, as: UTF8.self)
    }

    /// UTF-8 → GB18030 (used by tests and by callers that must write GBK files).
    static func gb18030Data(from text: String) -> Data? {
        let input = Array(text.utf8)
        if input.isEmpty { return Data() }
        let cd = iconv_open("GB18030", "UTF-8")
        guard let cd, Int(bitPattern: cd) != -1 else { return nil }
        defer { iconv_close(cd) }
        var source = input.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 2 + 16)
        let produced: Int? = source.withUnsafeMutableBufferPointer { src -> Int? in
            output.withUnsafeMutableBufferPointer { dst -> Int? in
                var inPtr: UnsafeMutablePointer<CChar>? = src.baseAddress
                var inLeft = src.count
                var outPtr: UnsafeMutablePointer<CChar>? = dst.baseAddress
                var outLeft = dst.count
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return dst.count - outLeft
            }
        }
        guard let produced else { return nil }
        return Data(output[0..<produced].map { UInt8(bitPattern: $0) })
    }
}

extension CornerCoordinates {
    /// Encodes text as GB18030 (GBK-compatible) bytes, for writing files Chinese GIS software expects.
    public static func gb18030Data(_ text: String) -> Data? {
        CornerTextDecoder.gb18030Data(from: text)
    }
}
