import Foundation
import XCTest

@testable import GeoCheck

/// Corner-coordinate files (拐点坐标): the three forms, UTF-8 and GBK, zones and EPSG codes,
/// errors with line numbers, write/parse round trips, and robustness on garbage input.
final class CornerCoordinateTests: XCTestCase {

    // MARK: - Fixtures

    /// Tests/GeoCheckTests/Fixtures/corner, found from this file's path (no Bundle resources).
    static let fixtureDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corner")

    func fixture(_ name: String) -> String {
        Self.fixtureDirectory.appendingPathComponent(name).path
    }

    func parse(_ text: String, path: String = "test.txt") throws -> CornerFile {
        try CornerCoordinates.parse(Data(text.utf8), path: path)
    }

    /// Parses text that must fail; returns the error.
    func parseError(_ text: String, path: String = "bad.txt", file: StaticString = #filePath, line: UInt = #line) -> CornerFileError? {
        do {
            let parsed = try CornerCoordinates.parse(Data(text.utf8), path: path)
            XCTFail("expected an error, parsed \(parsed.blocks.count) blocks", file: file, line: line)
            return nil
        } catch let error as CornerFileError {
            return error
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
            return nil
        }
    }

    /// The error names the file and the line, on one line of text.
    func assertError(
        _ text: String, line expectedLine: Int, contains fragment: String? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let error = parseError(text, path: "bad.txt", file: file, line: line) else { return }
        XCTAssertEqual(error.path, "bad.txt", file: file, line: line)
        XCTAssertEqual(error.line, expectedLine, "\(error)", file: file, line: line)
        XCTAssertTrue(error.description.hasPrefix("bad.txt:\(expectedLine): "), error.description, file: file, line: line)
        XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
        if let fragment {
            XCTAssertTrue(error.description.contains(fragment), "\(error) lacks \(fragment)", file: file, line: line)
        }
    }

    func coords(_ ring: [CornerPoint]) -> [[Double]] { ring.map { [$0.northing, $0.easting] } }

    // MARK: - Exchange format

    func checkExchange(_ f: CornerFile, encoding: String) {
        XCTAssertEqual(f.form, .exchange)
        XCTAssertEqual(f.encoding, encoding)
        XCTAssertEqual(f.datum, .cgcs2000)
        XCTAssertEqual(f.zoneWidth, 3)
        XCTAssertEqual(f.zone, 38)
        XCTAssertFalse(f.hasZonePrefix)
        // CGCS2000 / 3-degree Gauss-Kruger CM 114E (projinfo EPSG:4547).
        XCTAssertEqual(f.epsg, 4547)
        XCTAssertEqual(f.header["坐标系"], "2000国家大地坐标系")
        XCTAssertEqual(f.header["带号"], "38")
        XCTAssertEqual(f.header["几度分带"], "3")
        XCTAssertEqual(f.header["数据产生单位"], "某某县自然资源局")
        XCTAssertEqual(f.header["转换参数"], ",,,,,,")
        XCTAssertEqual(f.blocks.count, 2)

        let b1 = f.blocks[0]
        XCTAssertEqual(b1.id, "C4500002009001")
        XCTAssertEqual(b1.line, 13)
        XCTAssertEqual(b1.attributes["地块名称"], "一号采区")
        XCTAssertEqual(b1.attributes["地块面积"], "0.0600")
        XCTAssertEqual(b1.attributes["图形属性"], "面")
        XCTAssertEqual(b1.attributes["地块用途"], "采矿用地")
        XCTAssertEqual(b1.attributes["界址点数"], "5")
        XCTAssertNil(b1.attributes["图幅号"])
        XCTAssertEqual(b1.rings.count, 1)
        XCTAssertEqual(b1.rings[0].count, 4, "closing point dropped")
        XCTAssertEqual(b1.rings[0][0], CornerPoint(name: "J1", northing: 3301000, easting: 438000, line: 14))
        XCTAssertNil(b1.top)

        let b2 = f.blocks[1]
        XCTAssertEqual(b2.id, "C4500002009002")
        XCTAssertEqual(b2.attributes["图幅号"], "G49G012034")
        XCTAssertEqual(b2.attributes["地类编码"], "0602")
        XCTAssertEqual(b2.rings.count, 2, "exterior + one hole")
        XCTAssertEqual(b2.rings[0].count, 4)
        XCTAssertEqual(b2.rings[1].map(\.name), ["K1", "K2", "K3", "K4"])
        XCTAssertEqual(b2.rings[1][2].line, 27)
    }

    func testExchangeUTF8() throws {
        let path = fixture("exchange_utf8.txt")
        checkExchange(try CornerCoordinates.parse(contentsOf: path), encoding: "UTF-8")
    }

    func testExchangeGBK() throws {
        let path = fixture("exchange_gbk.txt")
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertNil(String(data: raw, encoding: .utf8), "the fixture must really be GBK bytes")
        checkExchange(try CornerCoordinates.parse(contentsOf: path), encoding: "GB18030")
    }

    func testExchangeHoleOrderFollowsRingNumberAndElevationExtension() throws {
        let text = """
            [属性描述]
            坐标系=1980西安坐标系
            带号=19
            [地块坐标]
            8,,7,,面,,,,350,120,@
            K1,2,3302050.00,439050.00
            K2,2,3302050.00,439110.00
            K3,2,3302110.00,439110.00
            J1,1,3302000.00,439000.00
            J2,1,3302000.00,439200.00
            J3,1,3302200.00,439200.00
            J4,1,3302200.00,439000.00
            """
        let f = try parse(text)
        XCTAssertEqual(f.datum, .xian1980)
        XCTAssertEqual(f.zoneWidth, 6, "带号 19 without 几度分带 is a 6° zone")
        // Xian 1980 / Gauss-Kruger CM 111E (projinfo EPSG:2344).
        XCTAssertEqual(f.epsg, 2344)
        XCTAssertEqual(f.blocks[0].id, "7")
        XCTAssertEqual(f.blocks[0].rings[0].first?.name, "J1", "ring 1 is the exterior even when listed second")
        XCTAssertEqual(f.blocks[0].rings[1].count, 3)
        XCTAssertEqual(f.blocks[0].top, 350)
        XCTAssertEqual(f.blocks[0].bottom, 120)
    }

    func testExchangeBlockWithoutIdGetsBlockNumber() throws {
        let text = """
            [属性描述]
            带号=38
            [地块坐标]
            4,,,甲,面,,,,@
            1,1,3301000.00,438000.00
            2,1,3301000.00,438300.00
            3,1,3301200.00,438300.00
            4,,,乙,面,,,,@
            1,1,3301000.00,439000.00
            2,1,3301000.00,439300.00
            3,1,3301200.00,439300.00
            """
        let f = try parse(text)
        XCTAssertEqual(f.blocks.map(\.id), ["1", "2"])
    }

    // MARK: - Submission form

    func checkSubmission(_ f: CornerFile, encoding: String) {
        XCTAssertEqual(f.form, .submission)
        XCTAssertEqual(f.encoding, encoding)
        XCTAssertEqual(f.datum, .cgcs2000)
        XCTAssertEqual(f.zoneWidth, 3)
        XCTAssertEqual(f.zone, 39)
        XCTAssertTrue(f.hasZonePrefix)
        // CGCS2000 / 3-degree Gauss-Kruger zone 39 (projinfo EPSG:4527).
        XCTAssertEqual(f.epsg, 4527)
        XCTAssertEqual(f.header["项目名称"], "某某铝土矿")
        XCTAssertEqual(f.blocks.count, 2)
        XCTAssertEqual(f.blocks.map(\.id), ["1", "2"])
        XCTAssertEqual(f.blocks[0].rings[0].count, 4)
        XCTAssertEqual(f.blocks[0].rings[0][0], CornerPoint(name: "1", northing: 2588801, easting: 39438457, line: 3))
        XCTAssertEqual(f.blocks[0].top, 220)
        XCTAssertEqual(f.blocks[0].bottom, 100)
        XCTAssertEqual(f.blocks[0].line, 3)
        XCTAssertEqual(f.blocks[1].rings[0].count, 3)
        XCTAssertEqual(f.blocks[1].top, 180.5)
        XCTAssertEqual(f.blocks[1].bottom, -20)
        XCTAssertEqual(f.blocks[1].attributes["区块号"], "2")
    }

    func testSubmissionUTF8() throws {
        checkSubmission(try CornerCoordinates.parse(contentsOf: fixture("submission_utf8.txt")), encoding: "UTF-8")
    }

    func testSubmissionGBK() throws {
        checkSubmission(try CornerCoordinates.parse(contentsOf: fixture("submission_gbk.txt")), encoding: "GB18030")
    }

    func testSubmissionWithoutFinalElevationLine() throws {
        let f = try parse("XY001=1,2588801.00,39438457.00\nXY002=2,2588801.00,39438957.00\nXY003=3,2588301.00,39438957.00\n")
        XCTAssertEqual(f.blocks.count, 1)
        XCTAssertNil(f.blocks[0].top)
    }

    // MARK: - Plain lists

    func checkPlain(_ f: CornerFile, encoding: String) {
        XCTAssertEqual(f.form, .plainList)
        XCTAssertEqual(f.encoding, encoding)
        XCTAssertEqual(f.zone, 38)
        XCTAssertEqual(f.zoneWidth, 3)
        XCTAssertTrue(f.hasZonePrefix)
        // CGCS2000 / 3-degree Gauss-Kruger zone 38 (projinfo EPSG:4526).
        XCTAssertEqual(f.epsg, 4526)
        XCTAssertEqual(f.blocks.count, 2, "a trailing * makes no empty block")
        let b1 = f.blocks[0]
        XCTAssertEqual(b1.id, "1")
        XCTAssertEqual(b1.rings.count, 1)
        XCTAssertEqual(b1.rings[0].map(\.name), ["J1", "J2", "J3", "J4"], "comma, full-width comma, tab, spaces; closing point dropped")
        XCTAssertEqual(coords(b1.rings[0]), [
            [3301996.14, 38405667.12], [3301996.14, 38406167.12],
            [3301496.14, 38406167.12], [3301496.14, 38405667.12],
        ])
        XCTAssertEqual(b1.rings[0].map(\.line), [3, 4, 5, 6])
        XCTAssertEqual(b1.top, 1200)
        XCTAssertEqual(b1.bottom, 800)
        let b2 = f.blocks[1]
        XCTAssertEqual(b2.id, "2")
        XCTAssertEqual(b2.line, 10)
        XCTAssertEqual(b2.rings[0].count, 3)
        XCTAssertNil(b2.top)
    }

    func testPlainUTF8() throws {
        checkPlain(try CornerCoordinates.parse(contentsOf: fixture("plain_utf8.txt")), encoding: "UTF-8")
    }

    func testPlainGBK() throws {
        checkPlain(try CornerCoordinates.parse(contentsOf: fixture("plain_gbk.txt")), encoding: "GB18030")
    }

    func testPlainUTF8WithBOMAndCRLF() throws {
        let raw = try String(contentsOfFile: fixture("plain_utf8.txt"), encoding: .utf8)
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(raw.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        checkPlain(try CornerCoordinates.parse(data, path: "bom.txt"), encoding: "UTF-8")
    }

    func testSixDegreeZonePrefix19() throws {
        let f = try CornerCoordinates.parse(contentsOf: fixture("plain_6deg_zone19.txt"))
        XCTAssertEqual(f.zoneWidth, 6)
        XCTAssertEqual(f.zone, 19)
        XCTAssertTrue(f.hasZonePrefix)
        XCTAssertEqual(f.centralMeridian, 111)
        // CGCS2000 / Gauss-Kruger zone 19 (projinfo EPSG:4497).
        XCTAssertEqual(f.epsg, 4497)
    }

    func testPlainListWithoutPrefixUsesHeaderZone() throws {
        let f = try parse("几度分带=3\n带号=38\n1,3301000.00,438000.00\n2,3301000.00,438300.00\n3,3301200.00,438300.00\n")
        XCTAssertFalse(f.hasZonePrefix)
        XCTAssertEqual(f.epsg, 4547)  // CGCS2000 / 3-degree Gauss-Kruger CM 114E
    }

    func testHeadingWithDigitsButNoNumbersIsIgnored() throws {
        let f = try parse("序号,X坐标(CGCS2000),Y坐标\n1,3301000.00,38438000.00\n2,3301000.00,38438300.00\n3,3301200.00,38438300.00\n")
        XCTAssertEqual(f.blocks.first?.rings.first?.count, 3)
    }

    func testPlainListHoleAfterClosedRing() throws {
        let text = """
            J1,3302000.00,38439000.00
            J2,3302000.00,38439200.00
            J3,3302200.00,38439200.00
            J4,3302200.00,38439000.00
            J1,3302000.00,38439000.00
            K1,3302050.00,38439050.00
            K2,3302050.00,38439110.00
            K3,3302110.00,38439110.00
            K1,3302050.00,38439050.00
            *,500,100,,1
            """
        let f = try parse(text)
        XCTAssertEqual(f.blocks.count, 1)
        XCTAssertEqual(f.blocks[0].rings.map(\.count), [4, 3])
    }

    // MARK: - Datum

    func testDatumNames() throws {
        let body = "\n1,3301000.00,38438000.00\n2,3301000.00,38438300.00\n3,3301200.00,38438300.00\n"
        let cases: [(String, Datum, Int)] = [
            ("坐标系=2000国家大地坐标系", .cgcs2000, 4526),
            ("坐标系=CGCS2000", .cgcs2000, 4526),
            ("坐标系=1980西安坐标系", .xian1980, 2362),      // Xian 1980 / 3-degree Gauss-Kruger zone 38
            ("坐标系=西安80", .xian1980, 2362),
            ("坐标系=Xian 1980", .xian1980, 2362),
            ("坐标系=1954北京坐标系", .beijing1954, 2414),   // Beijing 1954 / 3-degree Gauss-Kruger zone 38
            ("坐标系=北京54", .beijing1954, 2414),
            ("坐标系=", .cgcs2000, 4526),
            ("# no 坐标系 line", .cgcs2000, 4526),
        ]
        for (header, datum, epsg) in cases {
            let f = try parse(header + body)
            XCTAssertEqual(f.datum, datum, header)
            XCTAssertEqual(f.epsg, epsg, header)
        }
    }

    // MARK: - EPSG codes

    /// First/last codes of every range, as printed by `projinfo EPSG:n` (PROJ 9.1, EPSG database):
    /// the names below are the CRS names projinfo gives for those codes.
    func testEPSGSpotChecksAgainstProjinfo() throws {
        let looked: [(Datum, Int, Int, Bool, Int)] = [
            (.cgcs2000, 3, 25, true, 4513),    // CGCS2000 / 3-degree Gauss-Kruger zone 25
            (.cgcs2000, 3, 45, true, 4533),    // CGCS2000 / 3-degree Gauss-Kruger zone 45
            (.cgcs2000, 3, 25, false, 4534),   // CGCS2000 / 3-degree Gauss-Kruger CM 75E
            (.cgcs2000, 3, 45, false, 4554),   // CGCS2000 / 3-degree Gauss-Kruger CM 135E
            (.cgcs2000, 6, 13, true, 4491),    // CGCS2000 / Gauss-Kruger zone 13
            (.cgcs2000, 6, 23, true, 4501),    // CGCS2000 / Gauss-Kruger zone 23
            (.cgcs2000, 6, 13, false, 4502),   // CGCS2000 / Gauss-Kruger CM 75E
            (.cgcs2000, 6, 23, false, 4512),   // CGCS2000 / Gauss-Kruger CM 135E
            (.cgcs2000, 3, 38, true, 4526),    // CGCS2000 / 3-degree Gauss-Kruger zone 38
            (.cgcs2000, 6, 19, true, 4497),    // CGCS2000 / Gauss-Kruger zone 19
            (.xian1980, 3, 25, true, 2349),    // Xian 1980 / 3-degree Gauss-Kruger zone 25
            (.xian1980, 3, 45, true, 2369),    // Xian 1980 / 3-degree Gauss-Kruger zone 45
            (.xian1980, 3, 25, false, 2370),   // Xian 1980 / 3-degree Gauss-Kruger CM 75E
            (.xian1980, 3, 45, false, 2390),   // Xian 1980 / 3-degree Gauss-Kruger CM 135E
            (.xian1980, 6, 13, true, 2327),    // Xian 1980 / Gauss-Kruger zone 13
            (.xian1980, 6, 23, true, 2337),    // Xian 1980 / Gauss-Kruger zone 23
            (.xian1980, 6, 13, false, 2338),   // Xian 1980 / Gauss-Kruger CM 75E
            (.xian1980, 6, 23, false, 2348),   // Xian 1980 / Gauss-Kruger CM 135E
            (.beijing1954, 3, 25, true, 2401), // Beijing 1954 / 3-degree Gauss-Kruger zone 25
            (.beijing1954, 3, 45, true, 2421), // Beijing 1954 / 3-degree Gauss-Kruger zone 45
            (.beijing1954, 3, 25, false, 2422),// Beijing 1954 / 3-degree Gauss-Kruger CM 75E
            (.beijing1954, 3, 45, false, 2442),// Beijing 1954 / 3-degree Gauss-Kruger CM 135E
            (.beijing1954, 6, 13, true, 21413),// Beijing 1954 / Gauss-Kruger zone 13
            (.beijing1954, 6, 23, true, 21423),// Beijing 1954 / Gauss-Kruger zone 23
            // 21473–21483 ("Gauss-Kruger 13N…23N") are deprecated in EPSG; projinfo names
            // 21453–21463 as their replacements.
            (.beijing1954, 6, 13, false, 21453),// Beijing 1954 / Gauss-Kruger CM 75E
            (.beijing1954, 6, 23, false, 21463),// Beijing 1954 / Gauss-Kruger CM 135E
        ]
        for (datum, width, zone, prefix, expected) in looked {
            let code = try CornerCoordinates.epsg(datum: datum, zoneWidth: width, zone: zone, zonePrefix: prefix)
            XCTAssertEqual(code, expected, "\(datum) \(width)° zone \(zone) prefix \(prefix)")
            let back = GaussKruger.zone(epsg: expected)
            XCTAssertEqual(back?.datum, datum)
            XCTAssertEqual(back?.zoneWidth, width)
            XCTAssertEqual(back?.zone, zone)
            XCTAssertEqual(back?.hasZonePrefix, prefix)
        }
        XCTAssertNil(GaussKruger.zone(epsg: 4490))
        XCTAssertNil(GaussKruger.zone(epsg: 32650))
        // The deprecated aliases (projinfo EPSG:21473: "deprecated … Alternative: EPSG:21453",
        // +lon_0=75 +x_0=500000 +ellps=krass; EPSG:21483: +lon_0=135) are recognised, never made.
        XCTAssertEqual(GaussKruger.zone(epsg: 21473), GaussKrugerZone(datum: .beijing1954, zoneWidth: 6, zone: 13, hasZonePrefix: false, epsg: 21473))
        XCTAssertEqual(GaussKruger.zone(epsg: 21483)?.centralMeridian, 135)
        XCTAssertNil(GaussKruger.zone(epsg: 21484))
        XCTAssertNil(GaussKruger.zone(epsg: 21412))
        XCTAssertThrowsError(try CornerCoordinates.epsg(datum: .cgcs2000, zoneWidth: 3, zone: 24, zonePrefix: true))
        XCTAssertThrowsError(try CornerCoordinates.epsg(datum: .cgcs2000, zoneWidth: 6, zone: 24, zonePrefix: true))
        XCTAssertThrowsError(try CornerCoordinates.epsg(datum: .cgcs2000, zoneWidth: 4, zone: 38, zonePrefix: true))
    }

    // MARK: - Errors (each names the file and line)

    let square = "1,3301000.00,38438000.00\n2,3301000.00,38438300.00\n3,3301200.00,38438300.00\n"

    func testErrorNonNumericCoordinate() {
        assertError("1,3301000.00,38438000.00\n2,3301000.00,3843830O.00\n3,3301200.00,38438300.00\n", line: 2, contains: "not a number")
        assertError("1,3301000.00,38438000.00\n2,abc,38438300.00\n", line: 2, contains: "X")
        assertError("1,3301000.00,38438000.00\n2,3301000.00,nan\n", line: 2)
        assertError("1,3301000.00,38438000.00\n2,3301000.00,1e7\n", line: 2)
        assertError("# c\n点号,X,Y\n1,3301000.00,38438000.00\nhello world\n", line: 4, contains: "expected")
        assertError("1,3301000.00,38438000.00\n2,3301000.00\n", line: 2, contains: "expected")
        assertError("XY001=1,2588801.00,39438457.00\nXY002=2,x,39438957.00\n", line: 2)
        assertError("[属性描述]\n带号=38\n[地块坐标]\n4,,1,,面,,,,@\nJ1,1,3301000.00\n", line: 5)
        assertError("[属性描述]\n带号=38\n[地块坐标]\n4,,1,,面,,,,@\nJ1,A,3301000.00,438000.00\n", line: 5, contains: "ring")
        assertError("[属性描述]\n带号=38\n[地块坐标]\nJ1,1,3301000.00,438000.00\n", line: 4, contains: "@")
        assertError(square + "*,high,low,,1\n", line: 4, contains: "elevation")
    }

    func testErrorSwappedColumns() {
        assertError("1,38438000.00,3301000.00\n", line: 1, contains: "looks like an easting")
    }

    func testErrorRingWithTooFewPoints() {
        assertError("1,3301000.00,38438000.00\n2,3301000.00,38438300.00\n*\n", line: 1, contains: "at least 3 distinct")
        assertError(square + "*\n4,3302000.00,38438000.00\n5,3302000.00,38438000.00\n6,3302100.00,38438000.00\n7,3302000.00,38438000.00\n*\n",
                    line: 5, contains: "at least 3 distinct")
        assertError("[属性描述]\n带号=38\n[地块坐标]\n4,,1,,面,,,,@\nJ1,1,3301000.00,438000.00\nJ2,1,3301000.00,438300.00\nJ1,1,3301000.00,438000.00\n",
                    line: 5, contains: "at least 3 distinct")
    }

    func testErrorEmptyAndNoBlocks() {
        assertError("", line: 1, contains: "empty")
        assertError("# only a comment\n\n", line: 2, contains: "no corner")
        assertError("点号,X,Y\n*\n", line: 2, contains: "no corner")
        assertError("[属性描述]\n带号=38\n[地块坐标]\n", line: 3, contains: "no corner")
        guard let e = parseError("") else { return }
        XCTAssertEqual(e.path, "bad.txt")
    }

    func testErrorUnknownDatum() {
        assertError("# x\n坐标系=WGS84\n" + square, line: 2, contains: "坐标系")
        assertError("坐标系=WGS84\n1,3301000.00,38438000.00\n", line: 1, contains: "unknown 坐标系")
        assertError("[属性描述]\n坐标系=地方独立坐标系\n带号=38\n[地块坐标]\n4,,1,,面,,,,@\nJ1,1,3301000.00,438000.00\nJ2,1,3301000.00,438300.00\nJ3,1,3301200.00,438300.00\n",
                    line: 2, contains: "坐标系")
    }

    func testErrorZoneDisagreement() {
        assertError(square + "*\n1,3301000.00,39438000.00\n", line: 5, contains: "zone")
        assertError("1,3301000.00,38438000.00\n2,3301000.00,438300.00\n", line: 2, contains: "prefix")
        assertError("带号=39\n" + square, line: 2, contains: "39")
        assertError("几度分带=6\n" + square, line: 2, contains: "几度分带")
        assertError("1,3301000.00,24438000.00\n", line: 1, contains: "prefix 24")
        assertError("1,3301000.00,12438000.00\n", line: 1, contains: "prefix 12")
    }

    func testErrorMissingZone() {
        assertError("# list\n1,3301000.00,438457.00\n", line: 2,
                    contains: "easting 438457.00 has no zone prefix and the file gives no 带号")
        assertError("XY001=1,2588801.00,438457.00\n", line: 1, contains: "no 带号")
        assertError("带号=7\n1,3301000.00,438457.00\n", line: 1, contains: "带号")
    }

    func testMissingFileIsNamed() {
        let path = "/nonexistent/dir/rights.txt"
        XCTAssertThrowsError(try CornerCoordinates.parse(contentsOf: path)) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
            XCTAssertEqual((error as? CornerFileError)?.path, path)
        }
        XCTAssertThrowsError(try CornerCoordinates.parse(contentsOf: Self.fixtureDirectory.path)) { error in
            XCTAssertTrue("\(error)".contains("directory"), "\(error)")
        }
    }

    func testInvalidBytesAreAnError() {
        // 0xFF is neither UTF-8 nor GB18030.
        XCTAssertThrowsError(try CornerCoordinates.parse(Data([0x31, 0x2C, 0xFF, 0xFF, 0x0A]), path: "x.txt")) { error in
            XCTAssertTrue("\(error)".hasPrefix("x.txt:1: "), "\(error)")
            XCTAssertTrue("\(error)".contains("0xFF"), "\(error)")
        }
    }

    // MARK: - Sniffing

    func testLooksLikeCornerFile() throws {
        for name in ["exchange_utf8.txt", "exchange_gbk.txt", "submission_utf8.txt", "submission_gbk.txt",
                     "plain_utf8.txt", "plain_gbk.txt", "plain_6deg_zone19.txt", "notice_liaoning_2025_54_haicheng_pailou.txt"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: fixture(name)))
            XCTAssertTrue(CornerCoordinates.looksLikeCornerFile(data, pathExtension: "txt"), name)
        }
        let plain = Data(square.utf8)
        XCTAssertTrue(CornerCoordinates.looksLikeCornerFile(plain, pathExtension: "txt"))
        XCTAssertTrue(CornerCoordinates.looksLikeCornerFile(plain, pathExtension: ""))
        XCTAssertFalse(CornerCoordinates.looksLikeCornerFile(plain, pathExtension: "csv"), "csv goes to GDAL")
        XCTAssertFalse(CornerCoordinates.looksLikeCornerFile(plain, pathExtension: "GeoJSON"))
        let submission = Data("XY001=1,2588801.00,39438457.00\n".utf8)
        XCTAssertTrue(CornerCoordinates.looksLikeCornerFile(submission, pathExtension: "csv"))
        XCTAssertFalse(CornerCoordinates.looksLikeCornerFile(Data("{\"type\":\"FeatureCollection\"}".utf8), pathExtension: "txt"))
        XCTAssertFalse(CornerCoordinates.looksLikeCornerFile(Data("id,name,wkt\n1,a,POINT (1 2)\n".utf8), pathExtension: "txt"))
        XCTAssertFalse(CornerCoordinates.looksLikeCornerFile(Data("Dear reader,\nthis is a letter.\n".utf8), pathExtension: "txt"))
        XCTAssertFalse(CornerCoordinates.looksLikeCornerFile(Data(), pathExtension: "txt"))
        XCTAssertFalse(CornerCoordinates.looksLikeCornerFile(Data([0x00, 0xFF, 0xFE, 0x80]), pathExtension: "dat"))
        XCTAssertFalse(CornerCoordinates.looksLikeCornerFile(Data("SQLite format 3\0".utf8), pathExtension: "gpkg"))
    }

    // MARK: - Round trips

    func assertSameContent(_ a: CornerFile, _ b: CornerFile, ids: Bool, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.datum, b.datum, file: file, line: line)
        XCTAssertEqual(a.zone, b.zone, file: file, line: line)
        XCTAssertEqual(a.zoneWidth, b.zoneWidth, file: file, line: line)
        XCTAssertEqual(a.hasZonePrefix, b.hasZonePrefix, file: file, line: line)
        XCTAssertEqual(a.epsg, b.epsg, file: file, line: line)
        XCTAssertEqual(a.blocks.count, b.blocks.count, file: file, line: line)
        for (x, y) in zip(a.blocks, b.blocks) {
            if ids { XCTAssertEqual(x.id, y.id, file: file, line: line) }
            XCTAssertEqual(x.top, y.top, file: file, line: line)
            XCTAssertEqual(x.bottom, y.bottom, file: file, line: line)
            XCTAssertEqual(x.rings.count, y.rings.count, file: file, line: line)
            for (r, s) in zip(x.rings, y.rings) {
                XCTAssertEqual(r.map(\.name), s.map(\.name), file: file, line: line)
                XCTAssertEqual(r.count, s.count, file: file, line: line)
                for (p, q) in zip(r, s) {
                    XCTAssertEqual(p.northing, q.northing, accuracy: 0.005, file: file, line: line)
                    // The zone prefix may be added or dropped on write; compare within the zone.
                    XCTAssertEqual(
                        p.easting.truncatingRemainder(dividingBy: 1_000_000),
                        q.easting.truncatingRemainder(dividingBy: 1_000_000), accuracy: 0.005, file: file, line: line)
                }
            }
        }
    }

    func testRoundTripAllForms() throws {
        let sources = ["exchange_utf8.txt", "submission_gbk.txt", "plain_utf8.txt", "plain_6deg_zone19.txt"]
        for name in sources {
            let original = try CornerCoordinates.parse(contentsOf: fixture(name))
            for form in CornerFileForm.allCases {
                let text = CornerCoordinates.write(original, form: form)
                let again = try CornerCoordinates.parse(Data(text.utf8), path: "\(name).\(form)")
                XCTAssertEqual(again.form, form, "\(name) → \(form)")
                assertSameContent(original, again, ids: form == .exchange || original.form != .exchange)
                // Writing the re-parsed file gives the same text (stable output).
                XCTAssertEqual(CornerCoordinates.write(again, form: form), text, "\(name) → \(form)")
            }
        }
    }

    func testRoundTripOtherDatumsHolesAndElevations() throws {
        let outer = [
            CornerPoint(name: "A", northing: 3302000, easting: 439000),
            CornerPoint(name: "B", northing: 3302000, easting: 439200),
            CornerPoint(name: "C", northing: 3302200, easting: 439200),
            CornerPoint(name: "D", northing: 3302200, easting: 439000),
        ]
        let hole = [
            CornerPoint(name: "H1", northing: 3302050, easting: 439050),
            CornerPoint(name: "H2", northing: 3302050, easting: 439110.25),
            CornerPoint(name: "H3", northing: 3302110.5, easting: 439110),
        ]
        let second = outer.map { CornerPoint(name: $0.name, northing: $0.northing + 1000, easting: $0.easting) }
        for datum in Datum.allCases {
            for prefix in [true, false] {
                let f = try CornerFile(
                    datum: datum, zoneWidth: 3, zone: 38, hasZonePrefix: prefix,
                    blocks: [
                        CornerBlock(id: "1", rings: [outer, hole], top: 350.5, bottom: -120),
                        CornerBlock(id: "2", rings: [second], top: nil, bottom: nil),
                    ])
                for form in CornerFileForm.allCases {
                    let text = CornerCoordinates.write(f, form: form)
                    let again = try parse(text)
                    assertSameContent(f, again, ids: true)
                    if prefix {
                        XCTAssertEqual(again.blocks[0].rings[0][0].easting, 38_439_000, "prefix added on write")
                    }
                }
            }
        }
    }

    func testExchangeWriterHeaderOrder() throws {
        let f = try CornerCoordinates.parse(contentsOf: fixture("plain_utf8.txt"))
        let text = CornerCoordinates.write(f, form: .exchange)
        let keys = text.split(separator: "\n").prefix(12).compactMap { line -> String? in
            guard let eq = line.firstIndex(of: "=") else { return nil }
            return String(line[..<eq])
        }
        XCTAssertEqual(keys, ["格式版本号", "数据产生单位", "数据产生日期", "坐标系", "几度分带", "投影类型", "计量单位", "带号", "精度", "转换参数"])
        XCTAssertTrue(text.contains("\n坐标系=2000国家大地坐标系\n"))
        XCTAssertTrue(text.contains("\n带号=38\n"))
        XCTAssertTrue(text.contains("J1,1,3301996.14,38405667.12\n"), text)
        XCTAssertTrue(text.contains(",1200,800,@\n"), text)
    }

    func testGBKOutputReadsBack() throws {
        let f = try CornerCoordinates.parse(contentsOf: fixture("exchange_utf8.txt"))
        let text = CornerCoordinates.write(f, form: .exchange)
        let gbk = try XCTUnwrap(TextEncoding.encodeGB18030(text))
        let again = try CornerCoordinates.parse(gbk, path: "out.txt")
        XCTAssertEqual(again.encoding, "GB18030")
        XCTAssertEqual(again.header["坐标系"], "2000国家大地坐标系")
        assertSameContent(f, again, ids: true)
    }

    // MARK: - Real published table

    /// 辽采协示字〔2025〕54号 (辽宁省自然资源厅, 2025-12-23): two blocks, printed area 1.0685 km².
    /// The area itself is asserted where GEOS/PROJ are available; here the table must parse.
    func testPublishedNoticeTable() throws {
        let f = try CornerCoordinates.parse(contentsOf: fixture("notice_liaoning_2025_54_haicheng_pailou.txt"))
        XCTAssertEqual(f.form, .plainList)
        XCTAssertEqual(f.datum, .cgcs2000)
        XCTAssertEqual(f.zone, 41)
        XCTAssertEqual(f.zoneWidth, 3)
        XCTAssertEqual(f.epsg, 4529)  // CGCS2000 / 3-degree Gauss-Kruger zone 41
        XCTAssertEqual(f.blocks.count, 2)
        XCTAssertEqual(f.blocks.map { $0.rings[0].count }, [8, 11])
        XCTAssertEqual(f.blocks[0].top, 229.5)
        XCTAssertEqual(f.blocks[0].bottom, 70)
        XCTAssertEqual(f.blocks[0].attributes["区块名称"], "金藏采区")
        XCTAssertEqual(f.blocks[1].top, 363)
        XCTAssertEqual(f.blocks[1].bottom, 10)
        XCTAssertEqual(f.blocks[1].rings[0][10], CornerPoint(name: "11", northing: 4512530.2723, easting: 41487308.0156, line: 30))
    }

    // MARK: - Robustness

    /// Random bytes, truncations and mutations of every fixture: parse either succeeds or throws
    /// a CornerFileError with a one-line message; it never crashes.
    func testFuzzNeverCrashes() throws {
        var rng = SplitMix64(seed: 20240520)
        var inputs: [Data] = []
        for _ in 0..<300 {
            let n = Int(rng.next() % 200)
            inputs.append(Data((0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }))
        }
        let alphabet = Array("0123456789.,-+*#@=XY \t\n，[]属性描述地块坐标标高带号eE".utf8)
        for _ in 0..<300 {
            let n = Int(rng.next() % 300)
            inputs.append(Data((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtureDirectory.path)
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: fixture(name)))
            for cut in stride(from: 0, to: data.count, by: max(1, data.count / 40)) {
                inputs.append(data.prefix(cut))
            }
            for _ in 0..<40 {
                var bytes = [UInt8](data)
                for _ in 0..<3 where !bytes.isEmpty {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                }
                inputs.append(Data(bytes))
            }
        }
        inputs.append(Data("1,3301000.00,99999999999999999999999999.00\n".utf8))
        inputs.append(Data("1,3301000.00,-38438000.00\n".utf8))
        inputs.append(Data("带号=999999999999999999999\n1,3301000.00,438000.00\n".utf8))
        inputs.append(Data("几度分带=6\n带号=117\n1,3301000.00,438000.00\n2,3301000.00,438300.00\n3,3301200.00,438300.00\n".utf8))
        var parsed = 0
        for data in inputs {
            do {
                let f = try CornerCoordinates.parse(data, path: "fuzz")
                parsed += 1
                _ = CornerCoordinates.write(f, form: .plainList)
            } catch let e as CornerFileError {
                XCTAssertFalse(e.description.contains("\n"))
                XCTAssertTrue(e.description.hasPrefix("fuzz"))
            }
            _ = CornerCoordinates.looksLikeCornerFile(data, pathExtension: "txt")
        }
        XCTAssertGreaterThan(parsed, 0)
    }

    /// Found by the libFuzzer harness: a point name starting with a combining mark (U+FE28) fused
    /// with the '=' the submission form writes before it, and the rewritten file did not parse.
    func testNamesStartingWithACombiningMarkRoundTrip() throws {
        let f = try parse("\u{FE28}9,3301000.00,38438000.00\n2,3301000.00,38438300.00\n3,3301200.00,38438300.00\n")
        for form in CornerFileForm.allCases {
            let again = try parse(CornerCoordinates.write(f, form: form))
            XCTAssertEqual(again.blocks[0].rings[0].count, 3, "\(form)")
        }
    }

    func testCentralMeridianAsZoneNumber() throws {
        // 带号=117 with 几度分带=6 is read as the central meridian 117°E: 6° zone 20.
        let f = try parse("几度分带=6\n带号=117\n1,3301000.00,438000.00\n2,3301000.00,438300.00\n3,3301200.00,438300.00\n")
        XCTAssertEqual(f.zone, 20)
        XCTAssertEqual(f.epsg, 4509)  // CGCS2000 / Gauss-Kruger CM 117E
    }
}

/// Deterministic generator for the fuzz test (and seeded shuffles in other tests).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
