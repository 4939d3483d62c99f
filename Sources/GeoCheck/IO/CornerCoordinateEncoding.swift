import Foundation


/// Decodes the bytes of a corner-coordinate file: UTF-8 (with or without BOM) when the bytes are
/// valid UTF-8, else GB18030 (a superset of GBK and GB2312) through `TextEncoding`.
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
        if let text = TextEncoding.decodeGB18030(bytes) {
            return (text, "GB18030")
        }
        throw CornerFileError(path: path, line: nil, message: "the file is neither UTF-8 nor GBK/GB18030 text")
    }
}

extension CornerCoordinates {
    /// Encodes text as GB18030 (GBK-compatible) bytes, for writing files Chinese GIS software expects.
    public static func gb18030Data(_ text: String) -> Data? {
        TextEncoding.encodeGB18030(text)
    }
}
