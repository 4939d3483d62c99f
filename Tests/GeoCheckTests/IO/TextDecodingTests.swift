import Foundation
import XCTest
@testable import GeoCheck

/// The one text decoder (`TextEncoding.decodeLines`), on bytes written out by hand: GB18030
/// codes from the GB 2312 table (坐 = D7 F8, 标 = B1 EA), UTF-8 and UTF-16 from the Unicode
/// code points (坐 U+5750, 标 U+6807).
final class TextDecodingTests: XCTestCase {
    let zuobiaoUTF8: [UInt8] = [0xE5, 0x9D, 0x90, 0xE6, 0xA0, 0x87]
    let zuobiaoGBK: [UInt8] = [0xD7, 0xF8, 0xB1, 0xEA]

    func decode(_ bytes: [UInt8]) throws -> (lines: [String], encoding: String) {
        try TextEncoding.decodeLines(Data(bytes), path: "f.txt")
    }

    func testUTF8WithAndWithoutBOM() throws {
        let plain = try decode(zuobiaoUTF8 + Array("=1\r\nJ1,2\n".utf8))
        XCTAssertEqual(plain.lines, ["坐标=1", "J1,2"])
        XCTAssertEqual(plain.encoding, "UTF-8")
        XCTAssertEqual(try decode([0xEF, 0xBB, 0xBF] + zuobiaoUTF8).lines, ["坐标"])
    }

    func testGBK() throws {
        let decoded = try decode(zuobiaoGBK + [0x0A] + Array("J1,2".utf8))
        XCTAssertEqual(decoded.lines, ["坐标", "J1,2"])
        XCTAssertEqual(decoded.encoding, "GB18030")
        XCTAssertEqual(TextEncoding.encodeGB18030("坐标"), Data(zuobiaoGBK))
    }

    /// GB18030 encoding passes ASCII runs through and converts only the others: the same bytes
    /// as the hand-written codes, and as iconv converting the whole text at once, for text
    /// starting and ending with either kind, a 4-byte GB18030 character (😀 = 94 39 FC 36, as Python's gb18030 codec gives) and
    /// empty text.
    func testGB18030EncodingByRunsIsTheWholeConversion() throws {
        XCTAssertEqual(TextEncoding.encodeGB18030("J1,坐标=1\n"), Data(Array("J1,".utf8) + zuobiaoGBK + Array("=1\n".utf8)))
        XCTAssertEqual(TextEncoding.encodeGB18030("😀"), Data([0x94, 0x39, 0xFC, 0x36]))
        XCTAssertEqual(TextEncoding.encodeGB18030(""), Data())
        XCTAssertEqual(TextEncoding.encodeGB18030("3456.78,1"), Data("3456.78,1".utf8))
        var random = SplitMix64(seed: 18030)
        let pieces = ["坐标", "J12", ",", "2000国家大地坐标系", "\n", "é", "😀", "3456789.01", "地块面积=12.3456"]
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let whole = TextEncoding.convert(Array(text.utf8), from: "UTF-8", to: "GB18030").map { Data($0) }
            XCTAssertEqual(TextEncoding.encodeGB18030(text), whole, text)
            XCTAssertEqual(TextEncoding.decodeGB18030(try XCTUnwrap(whole).map { $0 }), text)
        }
    }

    func testUTF16WithByteOrderMark() throws {
        let little: [UInt8] = [0xFF, 0xFE, 0x50, 0x57, 0x07, 0x68, 0x0A, 0x00, 0x31, 0x00]
        XCTAssertEqual(try decode(little).lines, ["坐标", "1"])
        XCTAssertEqual(try decode(little).encoding, "UTF-16")
        let big: [UInt8] = [0xFE, 0xFF, 0x57, 0x50, 0x68, 0x07]
        XCTAssertEqual(try decode(big).lines, ["坐标"])
    }

    func testOldMacLineEnds() throws {
        XCTAssertEqual(try decode(Array("a\rb\rc".utf8)).lines, ["a", "b", "c"])
    }

    func testMixedEncodingsNameTheLine() throws {
        // Lines 1 and 3 UTF-8, line 2 GBK: the minority (line 2) is named.
        let bytes = zuobiaoUTF8 + [0x0A] + zuobiaoGBK + [0x0A] + zuobiaoUTF8
        XCTAssertThrowsError(try decode(bytes)) { error in
            let e = error as? CornerFileError
            XCTAssertEqual(e?.line, 2)
            XCTAssertEqual(e?.path, "f.txt")
        }
    }

    func testNULByteIsNotText() throws {
        XCTAssertThrowsError(try decode(Array("a\n".utf8) + [0x00, 0x01])) { error in
            XCTAssertEqual((error as? CornerFileError)?.line, 2)
        }
    }
}
