import Foundation
import XCTest

/// Areas, datums and coordinates end to end: `--area-method` in every command that prints
/// areas, `--towgs84` / config `towgs84` and the `transformations` report, and bad coordinates
/// (non-finite, out of range) as one-line errors in every command (issue 14).
final class AreasCLITests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws { directory = try CLI.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// A GeoJSON layer of polygons given as raw coordinate text (so that `1e400`, `NaN`,
    /// `Infinity` reach GDAL as written), with the fields the monitoring commands need.
    func layer(_ name: String, epsg: Int, _ rings: [(id: String, coordinates: String)]) throws -> String {
        let features = rings.map { ring in
            "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(ring.id)\",\"date\":\"2024-01-01\",\"valid_until\":\"2030-01-01\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\(ring.coordinates)]]}}"
        }
        let text = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::\(epsg)\"}},\"features\":[\(features.joined(separator: ","))]}"
        let path = "\(directory)/\(name).geojson"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let square = "[114.0,34.0],[114.01,34.0],[114.01,34.01],[114.0,34.01],[114.0,34.0]"

    func testBadCoordinatesAreOneLineErrorsNamingTheFeatureInEveryCommand() throws {
        let good = try layer("good", epsg: 4490, [("ok", Self.square)])
        for value in ["1e20", "-1e20", "Infinity", "-Infinity", "1e400", "NaN", "200"] {
            let ring = "[\(value),\(value)],[114.01,34.0],[114.01,34.01],[\(value),\(value)]"
            let bad = try layer("bad_\(value)", epsg: 4490, [("ok", Self.square), ("bad", ring)])
            let commands: [[String]] = [
                ["screen", bad, "--against", "z=\(good)"],
                ["boundary", "--licensed", bad, "--footprint", good],
                ["boundary", "--licensed", good, "--footprint", bad],
                ["forest", "--occupied", bad, "--forest", good, "--permits", good],
                ["forest", "--occupied", good, "--forest", bad, "--permits", good],
                ["reclaim", "--plan", bad, "--done", good],
                ["reclaim", "--plan", good, "--done", bad],
                ["coords", bad],
            ]
            for command in commands {
                let run = try CLI.run(command + ["--json"])
                XCTAssertEqual(run.status, 1, "\(command): \(run.stderr)")
                let errors = run.stderr.split(separator: "\n").filter { $0.contains("error:") }
                XCTAssertEqual(errors.count, 1, "\(command): \(run.stderr)")
                XCTAssertTrue(errors.first?.contains("bad_\(value).geojson") ?? false, "\(command): \(run.stderr)")
                XCTAssertTrue(errors.first?.contains("feature") ?? false, "\(command): \(run.stderr)")
                XCTAssertEqual(run.stdout, "", "\(command)")
            }
        }
    }

    /// A projected layer with a coordinate of 1e20 (or more) metres: the same one-line error.
    func testHugeProjectedCoordinatesAreOneLineErrors() throws {
        let good = try layer("good", epsg: 4490, [("ok", Self.square)])
        for value in ["1e20", "1e400", "-1e12"] {
            let bad = try layer("gk_\(value)", epsg: 4526, [("bad", "[38500000,3762000],[\(value),3762000],[38501000,3763000],[38500000,3762000]")])
            for command in [["screen", bad, "--against", "z=\(good)"], ["coords", bad], ["boundary", "--licensed", bad, "--footprint", good],
                            ["reclaim", "--plan", bad, "--done", good]] {
                let run = try CLI.run(command + ["--json"])
                XCTAssertEqual(run.status, 1, "\(command): \(run.stderr)")
                let errors = run.stderr.split(separator: "\n").filter { $0.contains("error:") }
                XCTAssertEqual(errors.count, 1, "\(command): \(run.stderr)")
                XCTAssertTrue(errors.first?.contains("gk_\(value).geojson feature bad") ?? false, "\(command): \(run.stderr)")
            }
        }
    }

    /// tdt1055 and geodesic on the published Liaoning notice (two blocks, 1.0685 km²): both fill
    /// the same keys, `area_method` says which, and they agree within 0.2 m² per block.
    func testAreaMethodInCoordsAndScreen() throws {
        let notice = CLI.repositoryRoot.appendingPathComponent("Tests/GeoCheckTests/Fixtures/corner/notice_liaoning_2025_54_haicheng_pailou.txt").path
        var areas: [String: [Double]] = [:]
        for method in ["geodesic", "tdt1055"] {
            let run = try CLI.run(["coords", notice, "--json", "--area-method", method])
            XCTAssertEqual(run.status, 0, run.stderr)
            let json = try CLI.json(run)
            XCTAssertEqual(json["area_method"] as? String, method)
            let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
            areas[method] = blocks.compactMap { $0["area_m2"] as? Double }
            XCTAssertEqual(areas[method]?.reduce(0, +) ?? 0, 1_068_500, accuracy: 50, "printed 1.0685 km²")
        }
        for (geodesic, tdt) in zip(areas["geodesic"] ?? [], areas["tdt1055"] ?? []) {
            XCTAssertEqual(geodesic, tdt, accuracy: 0.2)
            XCTAssertNotEqual(geodesic, tdt, "a different method")
        }
        let bad = try CLI.run(["coords", notice, "--area-method", "planar"])
        XCTAssertEqual(bad.status, 64, bad.stderr)

        let rights = try layer("rights", epsg: 4490, [("R", Self.square)])
        let zone = try layer("zone", epsg: 4490, [("Z", "[114.005,33.99],[114.02,33.99],[114.02,34.02],[114.005,34.02],[114.005,33.99]")])
        let config = "\(directory)/screen.yaml"
        try "rights: {source: rights.geojson, id_field: id}\nlayers:\n  - {name: zone, source: zone.geojson, id_field: id}\narea_method: tdt1055\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let viaConfig = try CLI.json(try CLI.run(["screen", "--config", config, "--json"]))
        XCTAssertEqual(viaConfig["area_method"] as? String, "tdt1055")
        let quick = try CLI.json(try CLI.run(["screen", rights, "--against", "z=\(zone)", "--json"]))
        XCTAssertEqual(quick["area_method"] as? String, "geodesic")
        let a = ((viaConfig["rights"] as? [[String: Any]])?.first?["area_m2"] as? Double) ?? 0
        let b = ((quick["rights"] as? [[String: Any]])?.first?["area_m2"] as? Double) ?? 0
        XCTAssertEqual(a, b, accuracy: 0.2)
        XCTAssertGreaterThan(a, 1_000_000)
    }

    /// The monitoring commands take `--area-method` too: the same keys, `area_method` and
    /// `transformations` at the top level, areas within 0.2 m² of the geodesic ones (the sample
    /// parcels are drawn in GK zones; the forest permits in lon/lat come in through the zone).
    func testAreaMethodInTheMonitoringCommands() throws {
        let commands: [(key: String, area: String, arguments: [String])] = [
            ("mines", "licensed_area_m2", ["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_2020-04.gpkg",
                                           "--date", "2020-04-30", "--id-field", "id"]),
            ("sites", "occupied_forest_m2", ["forest", "--occupied", "forest/occupied.gpkg", "--forest", "forest/forest.gpkg",
                                             "--permits", "forest/permits.gpkg", "--id-field", "id", "--permit-id-field", "permit_id", "--date", "2020-10-31"]),
            ("tasks", "done_mu", ["reclaim", "--plan", "reclaim/plan.gpkg", "--done", "reclaim/done.gpkg", "--id-field", "id", "--as-of", "2020-09-30"]),
        ]
        for command in commands {
            var figures: [String: [Double]] = [:]
            for method in ["geodesic", "tdt1055"] {
                let run = try CLI.run(command.arguments + ["--json", "--area-method", method], in: CLI.samples)
                XCTAssertTrue([0, 3].contains(run.status), run.stderr)
                let json = try CLI.json(run)
                XCTAssertEqual(json["area_method"] as? String, method, command.arguments[0])
                let transformations = try XCTUnwrap(json["transformations"] as? [[String: Any]], command.arguments[0])
                XCTAssertFalse(transformations.isEmpty)
                XCTAssertTrue(transformations.allSatisfy { $0.keys.contains("accuracy_m") && $0["ballpark"] as? Bool == false })
                figures[method] = (json[command.key] as? [[String: Any]] ?? []).compactMap { $0[command.area] as? Double }
            }
            let unit = command.area.hasSuffix("_mu") ? 10_000.0 / 15 : 1
            XCTAssertFalse(figures["geodesic"]?.isEmpty ?? true)
            for (geodesic, tdt) in zip(figures["geodesic"] ?? [], figures["tdt1055"] ?? []) {
                XCTAssertEqual(geodesic * unit, tdt * unit, accuracy: 0.2, command.arguments[0])
            }
        }
    }

    /// Xian 1980 rights against a CGCS2000 zone: without parameters the work runs on the rights'
    /// datum and the CGCS2000 layer comes in by a ballpark (a warning, `ballpark: true`); with
    /// `--towgs84` (or config `towgs84`) the rights go to the CGCS2000 zone by the Helmert, no
    /// warning. The parameters shift the right by ~29 m east, which moves the overlap.
    func testDatumParametersAreUsedAndReported() throws {
        let rights = try layer("xian80", epsg: 4610, [("R", Self.square)])
        let zone = try layer("cgcs", epsg: 4490, [("Z", "[114.005,33.99],[114.02,33.99],[114.02,34.02],[114.005,34.02],[114.005,33.99]")])
        let towgs84 = "24,-123,-94,0.02,-0.25,-0.13,1.1"
        func transformation(_ json: [String: Any], _ source: String) -> [String: Any]? {
            (json["transformations"] as? [[String: Any]])?.first { ($0["source"] as? String) == source }
        }
        let plain = try CLI.run(["screen", rights, "--against", "z=\(zone)", "--json"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stderr.contains("ballpark"), plain.stderr)
        let plainJSON = try CLI.json(plain)
        XCTAssertEqual(transformation(plainJSON, zone)?["ballpark"] as? Bool, true)
        XCTAssertTrue(transformation(plainJSON, zone)?["accuracy_m"] is NSNull, "accuracy_m is null when unknown")
        XCTAssertEqual(transformation(plainJSON, rights)?["ballpark"] as? Bool, false)

        let shifted = try CLI.run(["screen", rights, "--against", "z=\(zone)", "--json", "--towgs84", towgs84])
        XCTAssertEqual(shifted.status, 0, shifted.stderr)
        XCTAssertFalse(shifted.stderr.contains("ballpark"), shifted.stderr)
        let shiftedJSON = try CLI.json(shifted)
        XCTAssertEqual(transformation(shiftedJSON, rights)?["ballpark"] as? Bool, false)
        XCTAssertTrue((transformation(shiftedJSON, rights)?["name"] as? String ?? "").contains("Bursa-Wolf"))
        XCTAssertEqual(transformation(shiftedJSON, rights)?["to"] as? String, "EPSG:4490")
        XCTAssertEqual(transformation(shiftedJSON, zone)?["ballpark"] as? Bool, false)
        func overlap(_ json: [String: Any]) -> Double {
            ((json["rights"] as? [[String: Any]])?.first?["overlaps"] as? [[String: Any]])?.first?["area_m2"] as? Double ?? 0
        }
        // The right moves ~29 m east: the overlap (its east half) grows by ~29 m × 1.1 km.
        XCTAssertEqual(overlap(shiftedJSON) - overlap(plainJSON), 29 * 1_110, accuracy: 8_000)

        let config = "\(directory)/screen.yaml"
        try "rights: {source: xian80.geojson, id_field: id, towgs84: [\(towgs84)]}\nlayers:\n  - {name: z, source: cgcs.geojson, id_field: id}\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let viaConfig = try CLI.json(try CLI.run(["screen", "--config", config, "--json"]))
        XCTAssertEqual(overlap(viaConfig), overlap(shiftedJSON), accuracy: 0.01)

        let unused = try CLI.run(["screen", zone, "--against", "z=\(zone)", "--towgs84", towgs84])
        XCTAssertEqual(unused.status, 1, "no source to apply --towgs84 to: \(unused.stderr)")
        let malformed = try CLI.run(["screen", rights, "--against", "z=\(zone)", "--towgs84", "1,2"])
        XCTAssertEqual(malformed.status, 64, malformed.stderr)
    }
}
