import Foundation
import XCTest

/// The `retained` layer of screen.gpkg holds only valid, non-empty polygons (issue 9): a right
/// wholly inside prohibited zones has no retained feature, zero-area spikes of an overlay are
/// gone, and each polygon's ellipsoidal area, measured by SpatiaLite (ogrinfo, an independent
/// reader), is the JSON's `retained_area_m2`.
final class RetainedLayerCLITests: XCTestCase {
    func testRetainedLayerIsValidAndMatchesTheJSON() throws {
        let out = try CLI.temporaryDirectory() + "/out"
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--out", out], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/screen.json"))) as? [String: Any])
        let rights = try XCTUnwrap(json["rights"] as? [[String: Any]])
        let shrunk = rights.filter { ($0["verdict"] as? String) == "prohibited" && (($0["retained_area_m2"] as? Double) ?? 0) >= 0.01 }
        let sql = "SELECT id, ST_IsValid(geom) AS valid, ST_IsEmpty(geom) AS empty, ST_Area(geom, 1) AS area FROM retained"
        let info = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/ogrinfo"), ["-ro", "-q", "\(out)/screen.gpkg", "-dialect", "sqlite", "-sql", sql])
        XCTAssertEqual(info.status, 0, info.stderr)
        func values(_ name: String) -> [String] {
            info.stdout.split(separator: "\n").compactMap { line in
                let text = line.trimmingCharacters(in: .whitespaces)
                guard text.hasPrefix("\(name) (") else { return nil }
                return text.components(separatedBy: " = ").last
            }
        }
        let ids = values("id"), valid = values("valid"), empty = values("empty"), areas = values("area").compactMap(Double.init)
        XCTAssertEqual(Set(ids), Set(shrunk.compactMap { $0["id"] as? String }))
        XCTAssertEqual(ids.count, 7)
        XCTAssertEqual(valid, Array(repeating: "1", count: ids.count))
        XCTAssertEqual(empty, Array(repeating: "0", count: ids.count))
        for (id, area) in zip(ids, areas) {
            let expected = try XCTUnwrap(shrunk.first { ($0["id"] as? String) == id }?["retained_area_m2"] as? Double)
            XCTAssertEqual(area, expected, accuracy: expected * 1e-6, id)
        }
    }
}
