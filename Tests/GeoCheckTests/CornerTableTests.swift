import Foundation
import XCTest

@testable import GeoCheck

/// Corner coordinates as CSV / Excel tables, projected and geographic (issue 10).
final class CornerTableTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "geocheck-table-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// The corners of a 300 m × 200 m rectangle in CGCS2000 3° zone 38 (with prefix), and the
    /// same corners in longitude/latitude from `cs2cs EPSG:4526 EPSG:4490` (PROJ 9).
    static let projected = [(3_301_000.0, 38_438_000.0), (3_301_000.0, 38_438_300.0), (3_301_200.0, 38_438_300.0), (3_301_200.0, 38_438_000.0)]
    static let geographic = [(113.3585443843, 29.8260185007), (113.3616480407, 29.8260335338),
                             (113.3616365740, 29.8278376690), (113.3585328619, 29.8278226348)]

    func write(_ name: String, _ text: String, gbk: Bool = false) throws -> String {
        let path = "\(directory)/\(name)"
        let data = gbk ? try XCTUnwrap(TextEncoding.encodeGB18030(text)) : Data(text.utf8)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `tolerance`: the geographic tables carry 1e-10° (≈ 0.01 mm) and DMS 1e-5″ (≈ 0.3 mm).
    func assertRectangle(_ file: CornerFile, tolerance: Double = 1e-6, file sourceFile: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(file.epsg, 4526, file: sourceFile, line: line)
        let context = try GEOSContext()
        let area = try CornerLayer.polygon(try XCTUnwrap(file.blocks.first), context: context).planarArea()
        XCTAssertEqual(area, 60_000, accuracy: tolerance, file: sourceFile, line: line)  // 300 m × 200 m by hand
    }

    func testCSVInUTF8AndGBKWithRingsAndBlocks() throws {
        var text = "地块编号,界址点号,圈号,X坐标(m),Y坐标(m)\n"
        for (i, p) in Self.projected.enumerated() { text += "A,J\(i + 1),1,\(p.0),\(p.1)\n" }
        text += "A,J1,1,\(Self.projected[0].0),\(Self.projected[0].1)\n"
        for (i, p) in Self.projected.enumerated() { text += "B,J\(i + 1),1,\(p.0 + 1000),\(p.1)\n" }
        for gbk in [false, true] {
            let path = try write(gbk ? "gbk.csv" : "utf8.csv", text, gbk: gbk)
            let file = try CornerCoordinates.parse(contentsOf: path)
            XCTAssertEqual(file.table, "csv")
            XCTAssertEqual(file.encoding, gbk ? "GB18030" : "UTF-8")
            XCTAssertEqual(file.blocks.map(\.id), ["A", "B"])
            XCTAssertEqual(file.blocks.map { $0.rings[0].count }, [4, 4])
            try assertRectangle(file)
            let layer = try SourceLayer.open(SourceSpec(path))
            XCTAssertEqual(layer.layer.featureCount, 2)
        }
        // A bad cell is named by its line.
        let bad = try write("bad.csv", text.replacingOccurrences(of: "B,J3,1,3302200.0", with: "B,J3,1,33O2200.0"))
        XCTAssertThrowsError(try CornerCoordinates.parse(contentsOf: bad)) {
            XCTAssertEqual(($0 as? CornerFileError)?.line, 9, "\($0)")
        }
        // The rows of a ring are consecutive: ring 1 coming back after ring 2 names its line.
        var holed = "地块编号,界址点号,圈号,X坐标(m),Y坐标(m)\n"
        for (i, p) in Self.projected.enumerated() { holed += "A,J\(i + 1),1,\(p.0),\(p.1)\n" }
        holed += "A,K1,2,\(Self.projected[0].0 + 50),\(Self.projected[0].1 + 50)\n"
        holed += "A,K2,2,\(Self.projected[0].0 + 50),\(Self.projected[0].1 + 100)\n"
        holed += "A,K3,1,\(Self.projected[0].0 + 100),\(Self.projected[0].1 + 100)\n"
        let interleaved = try write("interleaved.csv", holed)
        XCTAssertThrowsError(try CornerCoordinates.parse(contentsOf: interleaved)) {
            XCTAssertEqual(($0 as? CornerFileError)?.line, 8, "\($0)")
            XCTAssertTrue("\($0)".contains("must be consecutive"), "\($0)")
        }
        // Without a ring column a ring ends where it returns to its first point: a hole listed
        // after its outer ring is a second ring, not a pinch in the first.
        let (x0, y0) = Self.projected[0]
        var byClosure = "界址点号,X坐标,Y坐标\n"
        for (i, p) in (Self.projected + [Self.projected[0]]).enumerated() { byClosure += "J\(i + 1),\(p.0),\(p.1)\n" }
        for (i, p) in [(50.0, 50.0), (50.0, 100.0), (100.0, 100.0), (100.0, 50.0), (50.0, 50.0)].enumerated() {
            byClosure += "K\(i + 1),\(x0 + p.0),\(y0 + p.1)\n"
        }
        let closed = try CornerCoordinates.parse(contentsOf: try write("closure.csv", byClosure))
        XCTAssertEqual(closed.blocks.first?.rings.map(\.count), [4, 4])
        // 200 m × 300 m less the 50 m × 50 m hole, by hand.
        let holedArea = try CornerLayer.polygon(try XCTUnwrap(closed.blocks.first), context: try GEOSContext()).planarArea()
        XCTAssertEqual(holedArea, 200 * 300 - 50 * 50, accuracy: 1e-6)
        // Longitudes west of zone 25 (the first with an EPSG code) name the file and the first
        // row, as every other error of a table does (found by the fuzzer: the file was unnamed).
        let west = try write("west.csv", "点号,经度,纬度\nJ1,73.2,39.5\nJ2,73.25,39.5\nJ3,73.25,39.55\n")
        XCTAssertThrowsError(try CornerCoordinates.parse(contentsOf: west)) {
            XCTAssertEqual(($0 as? CornerFileError)?.path, west, "\($0)")
            XCTAssertEqual(($0 as? CornerFileError)?.line, 2, "\($0)")
        }
        // An ordinary attribute table is left to GDAL.
        let plain = try write("ids.csv", "id,X,Y\n1,438000,3301000\n")
        XCTAssertNil(try CornerTable.file(path: plain, label: plain, options: CornerReadOptions()))
    }

    func testExcelSheet() throws {
        let path = "\(directory)/corners.xlsx"
        let writer = try VectorWriter(path: path)
        let layer = try writer.createLayer(name: "拐点坐标", crs: nil, geometryType: .none, fields: [
            FieldDefinition(name: "点号", type: .string), FieldDefinition(name: "纵坐标", type: .real), FieldDefinition(name: "横坐标", type: .real),
        ])
        for (i, p) in Self.projected.enumerated() {
            try layer.add(geometry: nil, values: [.string("J\(i + 1)"), .real(p.0), .real(p.1)])
        }
        try writer.commit()
        let file = try CornerCoordinates.parse(contentsOf: path)
        XCTAssertEqual(file.table, "xlsx")
        XCTAssertEqual(file.blocks[0].rings[0].map(\.line), [2, 3, 4, 5], "Excel row numbers")
        try assertRectangle(file)
    }

    /// Degrees-minutes-seconds and decimal degrees, latitude first (surveyors' B, L) or
    /// longitude first (notices' 经度, 纬度); the header decides.
    func testGeographicTables() throws {
        func dms(_ value: Double) -> String {
            let d = Int(value), m = Int((value - Double(d)) * 60), s = (value - Double(d) - Double(m) / 60) * 3600
            return String(format: "%d°%02d'%08.5f\"", d, m, s)
        }
        func spaced(_ value: Double) -> String { dms(value).replacingOccurrences(of: "°", with: " ").replacingOccurrences(of: "'", with: " ").replacingOccurrences(of: "\"", with: "") }
        var latFirst = "点号,B(纬度),L(经度)\n"
        var lonFirst = "点号,经度,纬度\n"
        var decimal = "点号,经度,纬度\n"
        for (i, p) in Self.geographic.enumerated() {
            latFirst += "J\(i + 1),\(dms(p.1)),\(dms(p.0))\n"
            lonFirst += "J\(i + 1),\(spaced(p.0)),\(spaced(p.1))\n"
            decimal += "J\(i + 1),\(String(format: "%.10f", p.0)),\(String(format: "%.10f", p.1))\n"
        }
        for (name, text) in [("lat_first.csv", latFirst), ("lon_first.csv", lonFirst), ("decimal.csv", decimal)] {
            let file = try CornerCoordinates.parse(contentsOf: try write(name, text))
            try assertRectangle(file, tolerance: 0.3)
            let first = file.blocks[0].rings[0][0]
            XCTAssertEqual(first.northing, 3_301_000, accuracy: 0.01, name)
            XCTAssertEqual(first.easting, 38_438_000, accuracy: 0.01, name)
        }
        // The same as text lists: latitude first in DMS with a 坐标系 line, longitude first in degrees.
        var text = "坐标系=2000国家大地坐标系\n点号,B,L\n"
        var degrees = "# 经纬度\n"
        for (i, p) in Self.geographic.enumerated() {
            text += "J\(i + 1),\(dms(p.1)),\(dms(p.0))\n"
            degrees += "J\(i + 1)\t\(String(format: "%.10f", p.0))\t\(String(format: "%.10f", p.1))\n"
        }
        for (name, body) in [("dms.txt", text + "*\n"), ("degrees.txt", degrees)] {
            let path = try write(name, body)
            XCTAssertEqual(CornerCoordinates.sniff(path: path), .corner, name)
            try assertRectangle(try CornerCoordinates.parse(contentsOf: path), tolerance: 0.3)
        }
        XCTAssertThrowsError(try CornerCoordinates.parse(contentsOf: try write("bad.txt", text.replacingOccurrences(of: "J3,", with: "J3,x")))) {
            XCTAssertEqual(($0 as? CornerFileError)?.line, 5, "\($0)")
        }
        XCTAssertEqual(Degrees.parse("113°15'29.900\"") ?? 0, 113 + 15.0 / 60 + 29.9 / 3600, accuracy: 1e-12)
        XCTAssertEqual(Degrees.parse("113 15 29.900") ?? 0, 113 + 15.0 / 60 + 29.9 / 3600, accuracy: 1e-12)
        XCTAssertEqual(Degrees.parse("113度15分29.9秒") ?? 0, 113 + 15.0 / 60 + 29.9 / 3600, accuracy: 1e-12)
        XCTAssertNil(Degrees.parse("113 75 29.9"))
        XCTAssertNil(Degrees.parse("abc"))
    }
}
