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
