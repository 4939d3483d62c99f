import Foundation
import XCTest

/// The screening engine's invariances end to end on the samples: where overlays run, how many
/// workers run them and whether geometries are kept change no number (CONTRACT "Areas/Edges";
/// an output flag never changes how a number is computed).
final class ScreenEngineCLITests: XCTestCase {
    func screenJSON(_ extra: [String]) throws -> (Data, [String: Any]) {
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--json"] + extra, in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        return (Data(run.stdout.utf8), try CLI.json(run))
    }

    /// Every printed area of every right, keyed by right (fid) and overlap.
    func areas(_ json: [String: Any]) -> [String: Double] {
        var areas: [String: Double] = [:]
        for right in json["rights"] as? [[String: Any]] ?? [] {
            let key = "\(right["fid"] ?? "")"
            for field in ["area_m2", "overlap_area_m2", "retained_area_m2"] { areas["\(key) \(field)"] = right[field] as? Double }
            for overlap in right["overlaps"] as? [[String: Any]] ?? [] {
                areas["\(key) \(overlap["layer"] ?? "")/\(overlap["feature_id"] ?? "")"] = overlap["area_m2"] as? Double
            }
        }
        return areas
    }

    func testOverlayInSourceCRSAgreesWithTheDefaultWithinOnePPM() throws {
        let (_, zone) = try screenJSON([])
        let (_, source) = try screenJSON(["--overlay-crs", "source"])
        let (a, b) = (areas(zone), areas(source))
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        var compared = 0
        for (key, value) in a where value >= 10_000 {
            XCTAssertEqual(b[key] ?? -1, value, accuracy: value * 1e-6, key)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 30)
    }

    func testOneOrTwoWorkersGiveIdenticalJSON() throws {
        let (one, _) = try screenJSON(["--workers", "1"])
        let (two, _) = try screenJSON(["--workers", "2"])
        XCTAssertEqual(one, two)
    }

    func testOutChangesNoNumber() throws {
        let out = try CLI.temporaryDirectory()
        let (_, plain) = try screenJSON([])
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--out", out], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let written = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/screen.json"))) as? [String: Any])
        XCTAssertEqual(areas(plain), areas(written))
        XCTAssertFalse(areas(plain).isEmpty)
    }
}
