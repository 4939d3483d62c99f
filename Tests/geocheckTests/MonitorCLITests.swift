import Foundation
import GeoCheck
import XCTest

/// The monitoring commands on the sample data (figures from samples/answer_key.json, computed
/// independently with shapely + pyproj; tolerance ±0.005 亩) and their bad-input errors.
final class MonitorCLITests: XCTestCase {
    static let tolerance = 0.005

    func mines(_ json: [String: Any]) -> [String: [String: Any]] {
        let list = json["mines"] as? [[String: Any]] ?? []
        return Dictionary(list.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    func number(_ object: [String: Any]?, _ key: String) -> Double { (object?[key] as? NSNumber)?.doubleValue ?? .nan }

    func testBoundarySamplesWithoutLedger() throws {
        let run = try CLI.run(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_2020-04.gpkg",
                               "--date", "2020-04-30", "--id-field", "id", "--json"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try CLI.json(run)
        XCTAssertEqual(json["command"] as? String, "boundary")
        XCTAssertEqual(json["date"] as? String, "2020-04-30")
        let byID = mines(json)
        let pit = byID["C4500002009121120043187"]
        XCTAssertEqual(number(pit, "outside_mu"), 246.00, accuracy: Self.tolerance)
        XCTAssertEqual(number(pit, "outside_m2"), 164_000.07, accuracy: 3.3)
        XCTAssertEqual(number(pit, "outside_ha"), 16.40, accuracy: 0.001)
        XCTAssertEqual(number(pit, "licensed_area_m2"), 1_407_865.11, accuracy: 3.3)
        XCTAssertEqual(number(pit, "footprint_area_m2"), 342_826.81, accuracy: 3.3)
        XCTAssertEqual(number(pit, "new_outside_mu"), 246.00, accuracy: Self.tolerance)
        XCTAssertEqual(number(byID["C4500002008061120019954"], "outside_m2"), 0)
        XCTAssertEqual(number(byID["C4500002008061120019954"], "footprint_area_m2"), 180_133.10, accuracy: 3.3)
        let taiping = byID["C4500002010111120071263"]
        XCTAssertEqual(number(taiping, "outside_m2"), 0)
        XCTAssertEqual(taiping?["below_bottom_patches"] as? [String], ["2-05"])
        XCTAssertEqual(pit?["below_bottom_patches"] as? [String], [])
        let summary = json["summary"] as? [String: Any]
        XCTAssertEqual(summary?["mines"] as? Int, 3)
        XCTAssertEqual(summary?["overstepping"] as? Int, 1)
        XCTAssertEqual(summary?["elevation_overstepping"] as? Int, 1)
        XCTAssertEqual(number(summary, "outside_mu"), 246.00, accuracy: Self.tolerance)
    }

    func testBoundaryStrictExitsThreeAndWritesFiles() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try CLI.run(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_2020-04.gpkg",
                               "--date", "2020-04-30", "--id-field", "id", "--strict", "--out", out], in: CLI.samples)
        XCTAssertEqual(run.status, 3, run.stderr)
        for file in ["boundary.json", "boundary.csv", "boundary.xlsx", "boundary.gpkg", "report.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(file)"), file)
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(out)/boundary.csv"))
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "CSV starts with a BOM")
        let csv = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(csv.contains("平果铝土矿那豆矿区"))
        let info = try CLI.run(["info", "\(out)/boundary.gpkg|layername=outside", "--json"])
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("\"featureCount\"") || info.stdout.contains("feature_count"), info.stdout)
    }

    func testForestSamples() throws {
        let run = try CLI.run(["forest", "--occupied", "forest/occupied.gpkg", "--forest", "forest/forest.gpkg",
                               "--permits", "forest/permits.gpkg", "--id-field", "id", "--permit-id-field", "permit_id",
                               "--date", "2020-10-31", "--json", "--strict"], in: CLI.samples)
        XCTAssertEqual(run.status, 3, run.stderr)
        let json = try CLI.json(run)
        let sites = Dictionary(((json["sites"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let a = sites["A"], b = sites["B"]
        XCTAssertEqual(number(a, "occupied_forest_ha"), 38.98, accuracy: 0.0005)
        XCTAssertEqual(number(a, "occupied_forest_m2"), 389_800.19, accuracy: 3.3)
        XCTAssertEqual(number(a, "permitted_ha"), 2.07, accuracy: 0.0005)
        XCTAssertEqual(number(a, "over_occupied_mu"), 553.65, accuracy: Self.tolerance)
        XCTAssertEqual(a?["expired_permits"] as? [String], [])
        XCTAssertEqual(number(b, "over_occupied_mu"), 166.00, accuracy: Self.tolerance)
        XCTAssertEqual(number(b, "over_occupied_m2"), 110_666.82, accuracy: 3.3)
        XCTAssertEqual(number(b, "permitted_m2"), 54_987.34, accuracy: 3.3)
        XCTAssertEqual(number(b, "occupied_forest_mu"), 230.72, accuracy: Self.tolerance)
        XCTAssertEqual(b?["expired_permits"] as? [String], ["云林资许准〔2017〕128号"])
        XCTAssertEqual(number(b, "occupied_non_forest_m2"), 143_719.68, accuracy: 3.3)
        let classes = (a?["by_class"] as? [[String: Any]])?.compactMap { $0["class"] as? String }
        XCTAssertEqual(classes, ["乔木林地", "灌木林地"])
    }

    func testReclaimSamples() throws {
        let run = try CLI.run(["reclaim", "--plan", "reclaim/plan.gpkg", "--done", "reclaim/done.gpkg", "--id-field", "id",
                               "--as-of", "2020-09-30", "--json"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try CLI.json(run)
        let tasks = Dictionary(((json["tasks"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let main = tasks["ZZ-2020-01"]
        XCTAssertEqual(number(main, "planned_mu"), 1820, accuracy: Self.tolerance)
        XCTAssertEqual(number(main, "done_mu"), 638.50, accuracy: Self.tolerance, "overlapping patches count once, clipped, ≤ as-of")
        XCTAssertEqual(number(main, "done_m2"), 425_666.70, accuracy: 3.3)
        XCTAssertEqual(number(main, "remaining_mu"), 1181.50, accuracy: Self.tolerance)
        XCTAssertEqual(number(main, "share_done"), 0.3508, accuracy: 0.0001)
        XCTAssertEqual(main?["status"] as? String, "on_track")
        XCTAssertEqual(main?["deadline"] as? String, "2021-06-30")
        XCTAssertEqual(tasks["ZZ-2019-07"]?["status"] as? String, "overdue")
        XCTAssertEqual(number(tasks["ZZ-2019-07"], "done_mu"), 51.00, accuracy: Self.tolerance)
        XCTAssertEqual(tasks["ZZ-2019-03"]?["status"] as? String, "done")
        XCTAssertEqual(number(tasks["ZZ-2019-03"], "done_mu"), 45.09, accuracy: Self.tolerance)
        XCTAssertEqual(number(tasks["ZZ-2019-03"], "remaining_mu"), 0)
        XCTAssertEqual(number(tasks["ZZ-2020-05"], "planned_mu"), 305.98, accuracy: Self.tolerance)
        XCTAssertEqual(number(tasks["ZZ-2020-05"], "done_mu"), 152.99, accuracy: Self.tolerance)
        let months = (main?["by_month"] as? [[String: Any]]) ?? []
        XCTAssertEqual(number(months.last, "cumulative_mu"), 638.50, accuracy: Self.tolerance)
        // Without --as-of limits (all patches to the end of 2020): 864.14 亩.
        let later = try CLI.run(["reclaim", "--plan", "reclaim/plan.gpkg", "--done", "reclaim/done.gpkg", "--id-field", "id",
                                 "--as-of", "2020-12-31", "--json"], in: CLI.samples)
        let laterTasks = ((try CLI.json(later))["tasks"] as? [[String: Any]]) ?? []
        XCTAssertEqual(number(laterTasks.first { $0["id"] as? String == "ZZ-2020-01" }, "done_mu"), 864.14, accuracy: Self.tolerance)
    }

    // MARK: bad inputs

    func assertOneLineError(_ run: CLIRun, mentions: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(run.status, 1, run.stderr, file: file, line: line)
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("geocheck: error:") }
        XCTAssertEqual(lines.count, 1, run.stderr, file: file, line: line)
        for text in mentions { XCTAssertTrue(run.stderr.contains(text), "'\(text)' not in: \(run.stderr)", file: file, line: line) }
    }

    /// A copy of a sample layer with some features changed.
    func fixture(_ directory: String, name: String, fields: [FieldDefinition], rows: [(String, [FieldValue])], epsg: Int) throws -> String {
        let path = "\(directory)/\(name).gpkg"
        let context = try GEOSContext()
        let writer = try VectorWriter(path: path)
        let layer = try writer.createLayer(name: name, crs: try SpatialReference(epsg: epsg), geometryType: .polygon, fields: fields)
        for (wkt, values) in rows { try layer.add(geometry: try context.geometry(wkt: wkt), values: values) }
        try writer.commit()
        return path
    }

    static let square = "POLYGON((38500000 3850000, 38500100 3850000, 38500100 3850100, 38500000 3850100, 38500000 3850000))"

    func testFootprintWithoutLicenceIsAnErrorNamingIt() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let footprint = try fixture(directory, name: "stray", fields: [.init(name: "id", type: .string)],
                                    rows: [(Self.square.replacingOccurrences(of: "385", with: "364").replacingOccurrences(of: "3850", with: "2590"),
                                            [.string("C-NO-SUCH")])], epsg: 4524)
        let run = try CLI.run(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", footprint, "--id-field", "id",
                               "--date", "2020-04-30"], in: CLI.samples)
        assertOneLineError(run, mentions: ["stray.gpkg", "C-NO-SUCH", "matches no licence"])
        let outside = try CLI.run(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", footprint, "--id-field", "id",
                                   "--date", "2020-04-30", "--unmatched", "outside", "--json"], in: CLI.samples)
        XCTAssertEqual(outside.status, 0, outside.stderr)
        XCTAssertEqual(number(mines(try CLI.json(outside))["C-NO-SUCH"], "outside_m2"), 10_000, accuracy: 5)
    }

    func testMissingDateFieldIsAnError() throws {
        let run = try CLI.run(["reclaim", "--plan", "reclaim/plan.gpkg", "--done", "reclaim/done.gpkg", "--id-field", "id",
                               "--date-field", "reclaimed_on", "--as-of", "2020-09-30"], in: CLI.samples)
        assertOneLineError(run, mentions: ["reclaim/done.gpkg", "reclaimed_on"])
    }

    func testUnparseableDateIsAnErrorNamingTheFeature() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let patches = try fixture(directory, name: "patches", fields: [.init(name: "id", type: .string), .init(name: "date", type: .string)],
                                  rows: [(Self.square, [.string("ZZ-2020-01"), .string("2020-05-06")]),
                                         (Self.square, [.string("ZZ-2020-01"), .string("2020-13-45")])], epsg: 4526)
        let run = try CLI.run(["reclaim", "--plan", "reclaim/plan.gpkg", "--done", patches, "--id-field", "id", "--as-of", "2020-09-30"],
                              in: CLI.samples)
        assertOneLineError(run, mentions: ["patches.gpkg", "ZZ-2020-01", "2020-13-45", "not a date"])
        let permits = try fixture(directory, name: "permits", fields: [.init(name: "id", type: .string), .init(name: "valid_until", type: .string)],
                                  rows: [(Self.square, [.string("A"), .string("soon")])], epsg: 4521)
        let forest = try CLI.run(["forest", "--occupied", "forest/occupied.gpkg", "--forest", "forest/forest.gpkg", "--permits", permits,
                                  "--id-field", "id", "--date", "2020-10-31"], in: CLI.samples)
        assertOneLineError(forest, mentions: ["permits.gpkg", "'soon'", "not a date"])
        let badOption = try CLI.run(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_2020-04.gpkg",
                                     "--date", "30.04.2020x"], in: CLI.samples)
        XCTAssertEqual(badOption.status, 64, badOption.stderr)
    }
}
