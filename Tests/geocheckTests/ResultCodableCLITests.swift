import Foundation
import GeoCheck
import XCTest

/// Every command's `--json` decodes back into its library result type, and encoding that value
/// again gives the same document byte for byte (the result types are the JSON, both ways).
final class ResultCodableCLITests: XCTestCase {
    /// Runs the command, decodes stdout as `T`, re-encodes it with the CLI's encoder, compares.
    @discardableResult
    func roundTrip<T: Codable>(_ type: T.Type, _ arguments: [String], status: Int32 = 0,
                               file: StaticString = #filePath, line: UInt = #line) throws -> T {
        let run = try CLI.run(arguments, in: CLI.samples)
        XCTAssertEqual(run.status, status, run.stderr, file: file, line: line)
        let printed = run.stdout.trimmingCharacters(in: .newlines)
        let decoded = try JSONDecoder().decode(T.self, from: Data(printed.utf8))
        let again = try JSONOutput.string(decoded).trimmingCharacters(in: .newlines)
        XCTAssertEqual(again, printed, "\(arguments.first ?? ""): re-encoded JSON differs", file: file, line: line)
        if again != printed {
            for (a, b) in zip(again.split(separator: "\n"), printed.split(separator: "\n")) where a != b {
                XCTFail("first difference: \(a) vs \(b)", file: file, line: line)
                break
            }
        }
        return decoded
    }

    func testScreenJSONDecodesAndReencodes() throws {
        let result = try roundTrip(ScreenResult.self, ["screen", "--config", "screen.yaml", "--json"])
        XCTAssertFalse(result.rights.isEmpty)
        XCTAssertTrue(result.rights.contains { !$0.near.isEmpty })
        XCTAssertTrue(result.rights.contains(where: \.isShrunk))
        // Areas are read back from `…_m2`; the 亩 and ha printed beside them agree with it.
        let printed = try XCTUnwrap(try CLI.json(try CLI.run(["screen", "--config", "screen.yaml", "--json"], in: CLI.samples))["rights"]
            as? [[String: Any]])
        for (right, object) in zip(result.rights, printed) {
            XCTAssertEqual(right.area.m2 * 15 / 10_000, try XCTUnwrap(object["area_mu"] as? Double), accuracy: 1e-6, right.id)
            XCTAssertEqual(right.retainedArea.m2 / 10_000, try XCTUnwrap(object["retained_area_ha"] as? Double), accuracy: 1e-8, right.id)
        }
        // The summary's protected land is the sum of the rights' as printed.
        let sum = result.rights.map { ($0.overlapArea.m2 * 1e6).rounded() / 1e6 }.reduce(0, +)
        XCTAssertEqual(result.summary.overlapArea.m2, sum, accuracy: 1e-6)
    }

    /// The quick form: near features, no name field (the optional keys left out).
    func testScreenQuickFormJSONDecodesAndReencodes() throws {
        let result = try roundTrip(ScreenResult.self, [
            "screen", "screen/rights.gpkg|layername=rights", "--against", "red_line=screen/red_line.geojson",
            "--against", "reserve=screen/nature_reserve.shp", "--buffer-m", "3000", "--json"])
        XCTAssertTrue(result.rights.allSatisfy { $0.fields == nil && $0.name == nil })
        XCTAssertTrue(result.rights.contains { !$0.near.isEmpty })
    }

    /// Kept fields are read back (JSONDecoder does not keep the order of an object's keys, so
    /// they are compared as name → value).
    func testScreenKeptFieldsDecode() throws {
        let run = try CLI.run(["screen", "screen/rights.gpkg|layername=rights", "--against", "red_line=screen/red_line.geojson",
                               "--keep-fields", "矿种,单位", "--json"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try JSONDecoder().decode(ScreenResult.self, from: Data(run.stdout.utf8))
        let printed = try XCTUnwrap(try CLI.json(run)["rights"] as? [[String: Any]])
        XCTAssertEqual(result.rights.count, printed.count)
        for (right, object) in zip(result.rights, printed) {
            let fields = Dictionary(uniqueKeysWithValues: (right.fields?.items ?? []).map { ($0.name, $0.value) })
            XCTAssertEqual(fields, object["fields"] as? [String: String], right.id)
            XCTAssertEqual(Set(fields.keys), ["矿种", "单位"])
        }
    }

    func testBoundaryWithLedgerDecodesAndReencodes() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ledger = "\(directory)/ledger.gpkg"
        for (month, date) in [("2020-04", "2020-04-30"), ("2020-05", "2020-05-31")] {
            let result = try roundTrip(BoundaryResult.self, [
                "boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_\(month).gpkg",
                "--date", date, "--id-field", "id", "--ledger", ledger, "--json"])
            XCTAssertEqual(result.date, date)
            XCTAssertEqual(result.ledger, ledger)
        }
        let history = try roundTrip(HistoryResult.self, ["history", "--ledger", ledger, "--json"])
        XCTAssertEqual(Set(history.checks.map(\.date)), ["2020-04-30", "2020-05-31"])
    }

    func testForestJSONDecodesAndReencodes() throws {
        let result = try roundTrip(ForestResult.self, [
            "forest", "--occupied", "forest/occupied.gpkg", "--forest", "forest/forest.gpkg", "--permits", "forest/permits.gpkg",
            "--id-field", "id", "--permit-id-field", "permit_id", "--date", "2020-10-31", "--json"])
        XCTAssertFalse(result.sites.isEmpty)
        XCTAssertEqual(result.summary.expiredPermits, result.sites.map(\.expiredPermits.count).reduce(0, +))
    }

    func testReclaimJSONDecodesAndReencodes() throws {
        let result = try roundTrip(ReclaimResult.self, [
            "reclaim", "--plan", "reclaim/plan.gpkg", "--done", "reclaim/done.gpkg", "--id-field", "id", "--as-of", "2020-09-30", "--json"])
        XCTAssertFalse(result.tasks.isEmpty)
    }

    func testCoordsJSONDecodesAndReencodes() throws {
        let result = try roundTrip(CoordsResult.self, ["coords", "boundary/licence_guangxi_no3.txt", "--json"])
        XCTAssertFalse(result.blocks.isEmpty)
    }

    /// An area is written as `prefix_m2/_mu/_ha` (1 亩 = 10000/15 m², 1 ha = 10000 m²) and read back
    /// from those keys.
    /// 8327062.836999561 m² prints as 8327062.837 m² and 12490.594255 亩 (÷ 10000/15), while
    /// 8327062.837 m² alone prints as 12490.594256 亩: an area read back prints as it was printed.
    func testAreaReadBackPrintsAsPrinted() {
        let exact = Area(m2: 8_327_062.836999561)
        XCTAssertEqual(exact.roundedMu, 12490.594255)
        XCTAssertEqual(Area(m2: exact.roundedM2).roundedMu, 12490.594256)
        let read = Area(printedM2: exact.roundedM2, mu: exact.roundedMu, ha: exact.roundedHa)
        XCTAssertEqual([read.roundedM2, read.roundedMu, read.roundedHa], [8_327_062.837, 12490.594255, 832.7062837])
        XCTAssertEqual(read.m2, 8_327_062.837, accuracy: 1e-6)
        // Figures that no area prints as: the m² as written.
        XCTAssertEqual(Area(printedM2: 1000, mu: 2, ha: nil).m2, 1000)
    }

    func testAreaIsWrittenAndReadUnderItsPrefix() throws {
        let month = MonthProgress(month: "2020-05", done: Area(m2: 1000), cumulative: Area(m2: 2000))
        let object = try JSONSerialization.jsonObject(with: try JSONOutput.encode(month)) as? [String: Any]
        XCTAssertEqual(object?["done_m2"] as? Double, 1000)
        XCTAssertEqual(object?["done_mu"] as? Double, 1.5)
        XCTAssertEqual(object?["done_ha"] as? Double, 0.1)
        XCTAssertEqual(object?["cumulative_mu"] as? Double, 3)
        let json = #"{"month": "2020-05", "done_m2": 1000, "done_mu": 1.5, "done_ha": 0.1, "cumulative_m2": 2000, "cumulative_mu": 3, "cumulative_ha": 0.2}"#
        let decoded = try JSONDecoder().decode(MonthProgress.self, from: Data(json.utf8))
        XCTAssertEqual(decoded.done.mu, 1.5, accuracy: 1e-12)
        XCTAssertEqual(decoded.cumulative.ha, 0.2, accuracy: 1e-12)
    }
}
