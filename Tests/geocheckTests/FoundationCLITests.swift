import Foundation
import XCTest

/// `geocheck info` and `geocheck coords`, and every bad input of the foundation.
final class FoundationCLITests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws { directory = try CLI.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func file(_ name: String, _ text: String) throws -> String {
        let path = "\(directory)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func assertFails(_ arguments: [String], mentioning words: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try CLI.run(arguments)
        XCTAssertEqual(run.status, 1, run.stderr, file: file, line: line)
        let lines = run.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line: \(run.stderr)", file: file, line: line)
        for word in words { XCTAssertTrue(run.stderr.contains(word), "\(word) in \(run.stderr)", file: file, line: line) }
        XCTAssertEqual(run.stdout, "", file: file, line: line)
    }

    func testCoordsPrintsBlocksWithAreasZoneAndElevation() throws {
        let run = try CLI.run(["coords", "boundary/licence_guangxi_no3.txt", "--json"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try CLI.json(run)
        XCTAssertEqual(json["command"] as? String, "coords")
        XCTAssertEqual(json["crs"] as? String, "EPSG:4524")
        XCTAssertEqual(json["zone"] as? Int, 36)
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.count, 2)
        for block in blocks {
            for key in ["block", "points", "area_m2", "area_mu", "area_ha", "planar_area_m2", "top", "bottom"] {
                XCTAssertNotNil(block[key], key)
            }
            let m2 = block["area_m2"] as? Double ?? 0
            XCTAssertEqual(block["area_mu"] as? Double ?? 0, m2 * 15 / 10_000, accuracy: 1e-5)
            XCTAssertEqual(block["area_ha"] as? Double ?? 0, m2 / 10_000, accuracy: 1e-7)
        }
        XCTAssertEqual(blocks[0]["top"] as? Double, 220)
        let text = try CLI.run(["coords", "boundary/licence_guangxi_no3.txt"], in: CLI.samples)
        XCTAssertTrue(text.stdout.contains("EPSG:4524 zone 36"), text.stdout)
        XCTAssertTrue(text.stdout.contains("亩"), text.stdout)
    }

    func testCoordsBothDirectionsRoundTrip() throws {
        let source = CLI.samples + "/boundary/licence_guangxi_no3.txt"
        let gpkg = "\(directory)/licence.gpkg"
        let forward = try CLI.run(["coords", source, "--to", gpkg, "--json"])
        XCTAssertEqual(forward.status, 0, forward.stderr)
        let back = try CLI.run(["coords", gpkg, "--form", "submission", "--to", "\(directory)/back.txt"])
        XCTAssertEqual(back.status, 0, back.stderr)
        let again = try CLI.run(["coords", "\(directory)/back.txt", "--json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let first = try XCTUnwrap(try CLI.json(forward)["blocks"] as? [[String: Any]])
        let second = try XCTUnwrap(try CLI.json(again)["blocks"] as? [[String: Any]])
        XCTAssertEqual(first.count, second.count)
        for (a, b) in zip(first, second) {
            XCTAssertEqual(a["area_m2"] as? Double ?? 0, b["area_m2"] as? Double ?? 1, accuracy: 0.01)
            XCTAssertEqual(a["points"] as? Int, b["points"] as? Int)
            XCTAssertEqual(a["bottom"] as? Double, b["bottom"] as? Double)
        }
        XCTAssertTrue(try String(contentsOfFile: "\(directory)/back.txt", encoding: .utf8).contains("XY001="))
    }

    func testInfoListsLayersFieldsCRSAndInvalidGeometries() throws {
        let run = try CLI.run(["info", "screen/rights.gpkg", "--json"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try CLI.json(run)
        XCTAssertEqual(json["driver"] as? String, "GPKG")
        let layer = try XCTUnwrap((json["layers"] as? [[String: Any]])?.first)
        XCTAssertEqual(layer["epsg"] as? Int, 4490)
        XCTAssertEqual(layer["feature_count"] as? Int, 30)
        XCTAssertTrue((layer["fields"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "许可证号" })
        let invalid = try XCTUnwrap(layer["invalid"] as? [[String: Any]])
        XCTAssertEqual(invalid.count, 1)
        XCTAssertEqual(invalid.first?["kind"] as? String, "self_intersection")
        XCTAssertNotNil(invalid.first?["x"] as? Double)
    }

    func testUnclosedRingIsRepairedWithAWarning() throws {
        let path = try file("unclosed.geojson", """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[
        {"type":"Feature","properties":{"id":"U1"},"geometry":{"type":"Polygon","coordinates":[[[114.0,34.0],[114.01,34.0],[114.01,34.01],[114.0,34.01]]]}}]}
        """)
        let run = try CLI.run(["coords", path, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("U1") && run.stderr.contains("not closed"), run.stderr)
        let blocks = try XCTUnwrap(try CLI.json(run)["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.first?["area_m2"] as? Double ?? 0, 1024694.8787164688, accuracy: 0.01)  // pyproj, see EllipsoidalAreaTests
    }

    func testSelfIntersectingRingIsRepairedWithAWarning() throws {
        let path = try file("bow.txt", "J1,3301000,38438000\nJ2,3301200,38438000\nJ3,3301000,38438300\nJ4,3301200,38438300\n")
        let run = try CLI.run(["coords", path, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("warning") && run.stderr.contains("Self-intersection"), run.stderr)
        XCTAssertEqual((try CLI.json(run)["repaired"] as? [Any])?.count, 1)
    }

    func testBadInputs() throws {
        try assertFails(["info", "\(directory)/missing.gpkg"], mentioning: ["missing.gpkg", "no such file"])
        let truncated = "\(directory)/truncated.gpkg"
        let original = try Data(contentsOf: URL(fileURLWithPath: CLI.samples + "/screen/rights.gpkg"))
        try original.prefix(20_000).write(to: URL(fileURLWithPath: truncated))
        try assertFails(["info", truncated], mentioning: ["truncated.gpkg"])
        let garbage = try file("garbage.shp", "not a shapefile")
        try assertFails(["info", garbage], mentioning: ["garbage.shp"])
        // No CRS: a Shapefile without .prj.
        for ext in ["shp", "shx", "dbf"] {
            try FileManager.default.copyItem(atPath: CLI.samples + "/screen/scenic_area.\(ext)", toPath: "\(directory)/noprj.\(ext)")
        }
        try assertFails(["coords", "\(directory)/noprj.shp"], mentioning: ["noprj.shp", "no CRS", "--assume-crs"])
        XCTAssertEqual(try CLI.run(["coords", "\(directory)/noprj.shp", "--assume-crs", "EPSG:4490"]).status, 0)
        try assertFails(["coords", "\(directory)/noprj.shp", "--assume-crs", "EPSG:999999"], mentioning: ["EPSG:999999"])
        try assertFails(["coords", try file("letters.txt", "J1,3301000,38438000\nJ2,33O1200,38438000\nJ3,3301200,38438300\n")],
                        mentioning: ["letters.txt:2"])
        try assertFails(["coords", try file("noprefix.txt", "J1,3301000,438000\nJ2,3301200,438000\nJ3,3301200,438300\n")],
                        mentioning: ["noprefix.txt:1", "带号"])
        try assertFails(["coords", try file("empty.txt", "")], mentioning: ["empty.txt"])
        let emptyGeometry = try file("empty.geojson", """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[
        {"type":"Feature","properties":{"id":"E1"},"geometry":null}]}
        """)
        try assertFails(["coords", emptyGeometry], mentioning: ["empty.geojson", "empty"])
        // Usage errors are 64.
        XCTAssertEqual(try CLI.run(["coords"]).status, 64)
    }

    func testOutputIsAtomic() throws {
        // A failing write leaves nothing behind: the target directory does not exist.
        let run = try CLI.run(["coords", CLI.samples + "/boundary/licence_guangxi_no3.txt", "--to", "\(directory)/no/such/dir/x.gpkg"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("x.gpkg"), run.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }
}
