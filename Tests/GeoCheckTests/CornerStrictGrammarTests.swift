import Foundation
import XCTest

@testable import GeoCheck

/// The cases of issue 14 that were silently misread, each as a class, plus encoding problems
/// named by line and the head-only sniffing of large files.
final class CornerStrictGrammarTests: XCTestCase {

    func assertError(_ text: String, line: Int, contains fragment: String, file: StaticString = #filePath, at: UInt = #line) {
        assertError(Data(text.utf8), line: line, contains: fragment, file: file, at: at)
    }

    func assertError(_ data: Data, line: Int, contains fragment: String, file: StaticString = #filePath, at: UInt = #line) {
        do {
            let parsed = try CornerCoordinates.parse(data, path: "bad.txt")
            XCTFail("expected an error on line \(line), read \(parsed.blocks.count) block(s) with \(parsed.blocks.map(\.pointCount)) points", file: file, line: at)
        } catch let error as CornerFileError {
            XCTAssertEqual(error.line, line, "\(error)", file: file, line: at)
            XCTAssertTrue(error.description.contains(fragment), "\(error) lacks \(fragment)", file: file, line: at)
            XCTAssertFalse(error.description.contains("\n"), file: file, line: at)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: at)
        }
    }

    let submission = """
        XY001=1,2588801.00,39438457.00
        XY002=2,2588801.00,39438957.00
        XY003=3,2588301.00,39438957.00
        XY004=4,2588301.00,39438457.00
        XY005=标高,220,100,,1
        XY006=1,2589801.00,39439457.00
        XY007=2,2589801.00,39439657.00
        XY008=3,2589601.00,39439657.00
        XY009=标高,180,-20,,2

        """

    func testMisspeltPointKeysAreErrors() {
        for key in ["XZ002", "foo", "J2", "xy", "YX002"] {
            assertError(submission.replacingOccurrences(of: "XY002", with: key), line: 2, contains: "not a point line")
        }
        // The plain list: a separator typed as '='.
        assertError("1,3301000.00,38438000.00\n2=3301000.00,38438300.00\n3,3301200.00,38438300.00\n", line: 2, contains: "not a point line")
    }

    func testMisspeltBlockEndDoesNotMergeBlocks() {
        assertError(submission.replacingOccurrences(of: "XY005=", with: "XZ005="), line: 5, contains: "not a point line")
        assertError(submission.replacingOccurrences(of: "XY005=标高", with: "XY005=标x"), line: 5, contains: "expected")
    }

    func testElevationWithExtraEmptyFieldIsAnError() {
        assertError(submission.replacingOccurrences(of: "标高,220,100,,1", with: "标高,,220,100"), line: 5, contains: "no top")
        let plain = "1,3301000.00,38438000.00\n2,3301000.00,38438300.00\n3,3301200.00,38438300.00\n"
        assertError(plain + "*,,1200,800\n", line: 4, contains: "no top")
        assertError(plain + "*,1200,,800\n", line: 4, contains: "no bottom")
        assertError(plain + "*,1200,800,,,1\n", line: 4, contains: "at most 4 fields")
        assertError(plain + "*,800,1200\n", line: 4, contains: "top first")
        assertError(plain + "*,1200,800,,x\n", line: 4, contains: "block number")
    }

    func testCoordinateLineEndingInAtDoesNotSplitABlock() {
        let text = """
            [属性描述]
            带号=38
            [地块坐标]
            5,,1,,面,,,,@
            J1,1,3301000.00,438000.00
            J2,1,3301000.00,438300.00@
            J3,1,3301200.00,438300.00
            J1,1,3301000.00,438000.00

            """
        assertError(text, line: 6, contains: "block header has 8 fields")
        assertError(text.replacingOccurrences(of: "5,,1,,面,,,,@", with: "5,,1,面,,,,@"), line: 4, contains: "found 7")
        assertError(text.replacingOccurrences(of: "[地块坐标]", with: "[地块坐标"), line: 3, contains: "KEY=value")
        assertError(text.replacingOccurrences(of: "[属性描述]", with: "[属性描x]"), line: 1, contains: "unknown section")
        assertError(text.replacingOccurrences(of: "带号=38", with: "带=38"), line: 2, contains: "did you mean 带号")
        let good = text.replacingOccurrences(of: "438300.00@", with: "438300.00")
        assertError(good.replacingOccurrences(of: "J2,1,", with: "J2,11,"), line: 6, contains: "ring 11 is out of place")
    }

    /// An exchange file's header and block 10's ring 1 (J1–J4, closed), lines 1–9.
    static let exchangeRing = """
        [属性描述]
        带号=38
        [地块坐标]
        10,,1,,面,,,,@
        J1,1,3302000.00,438000.00
        J2,1,3302000.00,438200.00
        J3,1,3302200.00,438200.00
        J4,1,3302200.00,438000.00
        J1,1,3302000.00,438000.00

        """

    /// A ring number that comes back after another ring began (found by the fuzzer: it was read
    /// as a spike in the earlier ring) names its line; consecutive rings still read.
    func testRingNumbersThatComeBackAreErrors() throws {
        let text = Self.exchangeRing + """
            K1,2,3302050.00,438050.00
            K2,2,3302050.00,438110.00
            K3,2,3302110.00,438110.00
            K1,2,3302050.00,438050.00

            """
        let file = try CornerCoordinates.parse(Data(text.utf8), path: "good.txt")
        XCTAssertEqual(file.blocks.first?.rings.count, 2)
        assertError(text.replacingOccurrences(of: "K2,2,", with: "K2,5,"), line: 11, contains: "must be consecutive")
        assertError(text.replacingOccurrences(of: "J3,1,", with: "J3,2,"), line: 7, contains: "ring 2 is out of place")
        assertError(text.replacingOccurrences(of: "K3,2,3302110.00,438110.00\nK1,2,", with: "K3,2,3302110.00,438110.00\nK1,1,"),
                    line: 13, contains: "ring 1")
    }

    /// A numbered ring that returns to its first point and goes on (found by the fuzzer: it was
    /// read as one ring pinched there, and written in a list form it read back as two rings) is
    /// an error naming the line that goes on; a doubled first point still reads.
    func testRingThatReturnsToItsStartAndGoesOnIsAnError() throws {
        let text = Self.exchangeRing + "J5,1,3302400.00,438000.00\nJ6,1,3302400.00,438200.00\n"
        assertError(text, line: 10, contains: "returned to its first point on line 9")
        let doubled = Self.exchangeRing.replacingOccurrences(of: "J1,1,3302000.00,438000.00\nJ2", with: "J1,1,3302000.00,438000.00\nJ1,1,3302000.00,438000.00\nJ2")
        let file = try CornerCoordinates.parse(Data(doubled.utf8), path: "doubled.txt")
        XCTAssertEqual(file.blocks.first?.rings.map(\.count), [4])
    }

    /// A written file reads back as the same points: coordinates keep the decimals they have
    /// beyond the usual 2 (found by the fuzzer: two points 0.2 mm apart became one when written
    /// with 2 decimals, and the ring closed early on re-reading); on-grid values stay 2 decimals.
    func testWrittenFileKeepsTheCoordinatesItRead() throws {
        let text = """
            8,4513010.2947,41488529.0134
            9,4512622.2821,41487921.0163
            4,4513410.2940,41488423.0114
            5,4513476.30,41489232.02
            8,4513010.2947,41488529.0132
            10,4512309.2715,41487498.0211

            """
        let file = try CornerCoordinates.parse(Data(text.utf8), path: "fine.txt")
        for form in CornerFileForm.allCases {
            let written = CornerCoordinates.write(file, form: form)
            XCTAssertTrue(written.contains("41488529.0132") && written.contains("4513476.30,41489232.02"), written)
            let again = try CornerCoordinates.parse(Data(written.utf8), path: "again.txt")
            XCTAssertEqual(again.blocks.flatMap { $0.rings.flatMap { $0.map { [$0.northing, $0.easting] } } },
                           file.blocks.flatMap { $0.rings.flatMap { $0.map { [$0.northing, $0.easting] } } }, "\(form)")
        }
        // A point name that would read back as a comment (found by the fuzzer) is masked.
        let named = try CornerCoordinates.parse(Data("XY001=1,2588801.00,36438457.00\nXY002=//2,2588815.40,36439716.80\nXY003=3,2587886.50,36438472.20\n".utf8), path: "named.txt")
        for form in CornerFileForm.allCases {
            let again = try CornerCoordinates.parse(Data(CornerCoordinates.write(named, form: form).utf8), path: "again.txt")
            XCTAssertEqual(again.blocks.first?.rings.first?.map(\.name), ["1", "_/2", "3"], "\(form)")
        }
        XCTAssertEqual(CornerWriter.decimal(4413056.15), "4413056.15")
        XCTAssertEqual(CornerWriter.decimal((4413056.15 / 0.01).rounded() * 0.01), "4413056.15")  // a snapped value
        XCTAssertEqual(CornerWriter.decimal(4513010.2947), "4513010.2947")
    }

    /// Other tools' spellings of the keys that matter are read, not rejected as misspellings.
    func testKeyAliases() throws {
        let body = "J1,3301000.00,438000.00\nJ2,3301000.00,438300.00\nJ3,3301200.00,438300.00\n"
        let f = try CornerCoordinates.parse(Data(("坐标系统=1980西安坐标系\n中央子午线=114\n" + body).utf8), path: "a.txt")
        XCTAssertEqual(f.epsg, 2383)  // Xian 1980 / 3-degree Gauss-Kruger CM 114E
        let g = try CornerCoordinates.parse(Data(("投影带号=38\n分带=3\n" + body).utf8), path: "b.txt")
        XCTAssertEqual(g.epsg, 4547)  // CGCS2000 / 3-degree Gauss-Kruger CM 114E
    }

    func testMistypedClosingPointAndMissingDigit() {
        let ring = "J1,3301000.00,38438000.00\nJ2,3301000.00,38438300.00\nJ3,3301200.00,38438300.00\n"
        assertError(ring + "J1,3301000.50,38438000.00\n", line: 4, contains: "almost repeats")
        assertError(ring.replacingOccurrences(of: "J3,3301200.00", with: "J3,330120.00") + "J4,3301200.00,38438000.00\n", line: 3, contains: "km from the other points")
        assertError("带号=38\nJ1,3301000.00,438000.00\nJ2,3301000.00,43830.00\n", line: 3, contains: "outside a 3° zone")
    }

    // MARK: - Encodings

    func testEncodingProblemsNameTheLine() throws {
        let utf8 = "# 某某矿\n1,3301000.00,38438000.00\n2,3301000.00,38438300.00\n3,3301200.00,38438300.00\n"
        var bytes = Array(utf8.utf8)
        bytes.insert(0xFF, at: bytes.firstIndex(of: UInt8(ascii: "2"))!)
        assertError(Data(bytes), line: 3, contains: "0xFF")
        // GBK and UTF-8 lines in one file.
        let gbkLine = try XCTUnwrap(TextEncoding.encodeGB18030("# 坐标表（国家2000）\n"))
        let mixed = gbkLine + Data("# 某某铜矿矿区范围\n1,3301000.00,38438000.00\n2,3301000.00,38438300.00\n3,3301200.00,38438300.00\n".utf8)
        assertError(mixed, line: 1, contains: "mixes encodings")
        assertError(Data([0x31, 0x2C, 0x00, 0x0A]), line: 1, contains: "NUL")
    }

    func testUTF16WithBOMIsRead() throws {
        let text = "点号\tX\tY\r\nJ1\t3301000.00\t38438000.00\r\nJ2\t3301000.00\t38438300.00\r\nJ3\t3301200.00\t38438300.00\r\n"
        var le = Data([0xFF, 0xFE])
        for unit in text.utf16 { le.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        let f = try CornerCoordinates.parse(le, path: "unicode.txt")
        XCTAssertEqual(f.encoding, "UTF-16")
        XCTAssertEqual(f.blocks.first?.rings.first?.count, 3)
        XCTAssertTrue(CornerCoordinates.looksLikeCornerFile(le, pathExtension: "txt"))
        // A lone surrogate on line 2.
        var broken = le
        broken.replaceSubrange(le.count - 8..<le.count - 6, with: [0x00, 0xD8])
        assertError(broken, line: 4, contains: "UTF-16")
    }

    /// A broken corner file opened as a source names the line and the encoding problem instead
    /// of "not a readable vector dataset".
    func testBrokenCornerSourceNamesTheLine() throws {
        let path = NSTemporaryDirectory() + "geocheck-broken-\(getpid()).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Array("1,3301000.00,38438000.00\n2,3301000.00,38438300.00\n3,3301200.00,38438300.00\n4,3301200.00,38438000.00\n".utf8)
        bytes.insert(0xFF, at: 30)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SourceLayer.open(SourceSpec(path))) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path):2: "), "\(error)")
        }
    }

    /// Sniffing reads the head only: a large text file that is no geodata is rejected at once.
    func testLargeNonGeodataFileIsSniffedByItsHead() throws {
        let path = NSTemporaryDirectory() + "geocheck-large-\(getpid()).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let line = Data("2026-11-29 20:41:07 INFO worker 17 finished job 12345 in 0.25 s\n".utf8)
        var chunk = Data()
        for _ in 0..<16_384 { chunk.append(line) }
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        for _ in 0..<48 { handle.write(chunk) }  // ≈ 50 MB
        try handle.close()
        let start = Date()
        XCTAssertEqual(CornerCoordinates.sniff(path: path), .other)
        XCTAssertThrowsError(try SourceLayer.open(SourceSpec(path)))
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "sniffing must not read the whole file")
    }
}
