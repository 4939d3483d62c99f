import Foundation
import XCTest

final class ScreenCLITests: XCTestCase {
    func testSamplesHaveEighteenOverlappingRights() throws {
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--json"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try CLI.json(run)
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["overlapping"] as? Int, 18)
        XCTAssertEqual(summary["rights"] as? Int, 30)
    }
}
