import Foundation
import XCTest

/// `coords --to` in the formats surveyors exchange, each read back by GDAL (ogr2ogr) or
/// openpyxl and compared with the JSON of the same run.
final class CoordsFormatsCLITests: XCTestCase {
    let licence = "boundary/licence_guangxi_no3.txt"

    /// The features of a file as GeoJSON, by ogr2ogr (optionally reprojected).
    func ogrFeatures(_ path: String, reproject: String? = nil) throws -> [[String: Any]] {
        var arguments = ["-f", "GeoJSON", "/vsistdout/", path]
        if let reproject { arguments += ["-t_srs", reproject] }
        let run = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/ogr2ogr"), arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return try XCTUnwrap(json["features"] as? [[String: Any]])
    }

    /// Shoelace area of a GeoJSON Polygon/LineString/MultiPolygon's outer rings minus holes.
    func planarArea(_ geometry: [String: Any]) -> Double {
        func ring(_ points: [[Double]]) -> Double {
            var sum = 0.0
            for (a, b) in zip(points, points.dropFirst()) { sum += a[0] * b[1] - b[0] * a[1] }
            return abs(sum) / 2
        }
        func polygon(_ rings: [[[Double]]]) -> Double {
            (rings.first.map(ring) ?? 0) - rings.dropFirst().map(ring).reduce(0, +)
        }
        switch geometry["type"] as? String {
        case "Polygon": return polygon(geometry["coordinates"] as? [[[Double]]] ?? [])
        case "MultiPolygon": return (geometry["coordinates"] as? [[[[Double]]]] ?? []).map(polygon).reduce(0, +)
        case "LineString": return ring(geometry["coordinates"] as? [[Double]] ?? [])
        default: return .nan
        }
    }

    func testEveryFormatReadsBackWithTheJSONsAreas() throws {
        let directory = try CLI.temporaryDirectory()
        let reference = try CLI.run(["coords", licence, "--json"], in: CLI.samples)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let blocks = try XCTUnwrap(try CLI.json(reference)["blocks"] as? [[String: Any]])
        let planar = blocks.map { $0["planar_area_m2"] as? Double ?? .nan }
        for name in ["x.dxf", "x.tab", "x.mif", "x.kmz", "x.gpkg"] {
            let path = "\(directory)/\(name)"
            let run = try CLI.run(["coords", licence, "--to", path, "--json"], in: CLI.samples)
            XCTAssertEqual(run.status, 0, "\(name): \(run.stderr)")
            // KMZ is longitude/latitude (WGS 84): back into the file's zone (EPSG:4524) for the planar area.
            let features = try ogrFeatures(path, reproject: name == "x.kmz" ? "EPSG:4524" : nil)
            XCTAssertEqual(features.count, blocks.count, name)
            for (feature, expected) in zip(features, planar) {
                let area = planarArea(feature["geometry"] as? [String: Any] ?? [:])
                XCTAssertEqual(area, expected, accuracy: 0.01, "\(name): planar area within 0.01 m²")
            }
            let properties = features.map { $0["properties"] as? [String: Any] ?? [:] }
            // The id: a field (GPKG, TAB, MIF), the CAD layer (DXF), the placemark name (KMZ).
            let ids = properties.map { ($0["id"] ?? $0["Layer"] ?? $0["Name"]).map { "\($0)" } ?? "" }
            XCTAssertEqual(ids, blocks.map { $0["block"] as? String ?? "" }, name)
        }
        // DXF: closed outlines (LWPOLYLINE), not hatches.
        let dxf = try String(contentsOfFile: "\(directory)/x.dxf", encoding: .isoLatin1)
        XCTAssertTrue(dxf.contains("LWPOLYLINE"))
        XCTAssertFalse(dxf.contains("\nHATCH"))
        // MapInfo: the attribute table in the Simplified Chinese code page.
        let tab = try String(contentsOfFile: "\(directory)/x.tab", encoding: .isoLatin1)
        XCTAssertTrue(tab.contains("WindowsSimpChinese"), tab)
    }

    func testXLSXCornerTableHasOneRowPerPoint() throws {
        let directory = try CLI.temporaryDirectory()
        let run = try CLI.run(["coords", licence, "--to", "\(directory)/points.xlsx"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let book = try OpenPyXL.read("\(directory)/points.xlsx")
        XCTAssertEqual(book.count, 1)
        let rows = try XCTUnwrap(book.values.first?["rows"] as? [[[Any]]])
        XCTAssertEqual(rows[0].map { $0[0] as? String ?? "" }, ["地块编号", "圈号", "点号", "X", "Y"])
        // The submission form's point lines, parsed here: XYnnn=point,X,Y (X northing, Y easting with zone).
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(CLI.samples)/\(licence)")), as: UTF8.self)
        let points = text.split(whereSeparator: \.isNewline).compactMap { line -> [Double]? in
            let fields = line.split(separator: "=").last?.split(separator: ",", omittingEmptySubsequences: false) ?? []
            guard fields.count == 3, let x = Double(fields[1]), let y = Double(fields[2]) else { return nil }
            return [x, y]
        }
        XCTAssertEqual(rows.count - 1, points.count)
        for (row, point) in zip(rows.dropFirst(), points) {
            XCTAssertEqual((row[3][0] as? NSNumber)?.doubleValue ?? .nan, point[0], accuracy: 1e-6)
            XCTAssertEqual(((row[4][0] as? NSNumber)?.doubleValue ?? .nan).truncatingRemainder(dividingBy: 1_000_000),
                           point[1].truncatingRemainder(dividingBy: 1_000_000), accuracy: 1e-6)
            XCTAssertEqual(row[3][1] as? String, "0.00")
        }
        XCTAssertEqual(rows.dropFirst().map { $0[0][0] as? String ?? "" }, ["1", "1", "1", "1", "2", "2", "2", "2"])
    }
}
