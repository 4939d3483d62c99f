import Foundation
import XCTest
@testable import GeoCheck

/// The ledger on a temporary GeoPackage: a run is recorded, a re-run of the same date replaces
/// it, and a later run is handed the outside polygons of the latest earlier record.
final class LedgerTests: XCTestCase {
    // CGCS2000 GK zone 38 (EPSG:4526), eastings with the zone prefix.
    let x0 = 38_520_000.0, y0 = 3_800_000.0
    var directory = ""
    var context: GEOSContext!
    var crs: SpatialReference!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "geocheck-ledger-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        context = try GEOSContext()
        crs = try SpatialReference(epsg: 4526)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// A record whose outside part is a `side` × 10 m strip (area side × 10 m², by hand).
    func record(_ mine: String, outsideSide side: Double) throws -> LedgerRecord {
        let strip = try context.rectangle(Envelope(minX: x0, minY: y0, maxX: x0 + side, maxY: y0 + 10))
        let outside = Area(m2: side * 10)
        return LedgerRecord(mine: mine, name: "矿 \(mine)", licensed: Area(m2: 1_000_000), footprint: Area(m2: 250_000),
                            outside: outside, newOutside: outside, elevationOversteps: 0, outsideGeometry: strip)
    }

    func testRecordReplaceByDateAndPreviousOutside() throws {
        let ledger = Ledger(store: "\(directory)/ledger.gpkg")
        var calls: [[String: String]] = []
        try ledger.record(command: "boundary", date: "2024-01-15", source: "a.gpkg", mines: ["M1"], crs: crs,
                          context: context) { previous, dates in
            XCTAssertTrue(previous.isEmpty, "nothing recorded before the first run")
            calls.append(dates)
            return [try self.record("M1", outsideSide: 100)]
        }
        // The same date again replaces the first record (re-runs are idempotent).
        try ledger.record(command: "boundary", date: "2024-01-15", source: "b.gpkg", mines: ["M1"], crs: crs,
                          context: context) { previous, _ in
            XCTAssertTrue(previous.isEmpty, "a record of the same date is not an earlier record")
            return [try self.record("M1", outsideSide: 200)]
        }
        var history = try ledger.history(mine: "M1")
        XCTAssertEqual(history.count, 1)
        XCTAssertEqual(history.first?.source, "b.gpkg")
        // 200 m × 10 m = 2000 m² = 3 亩 (1 亩 = 10000/15 m²) = 0.2 ha.
        XCTAssertEqual(history.first?.outside.m2 ?? 0, 2000, accuracy: 1e-9)
        XCTAssertEqual(history.first?.outside.mu ?? 0, 3, accuracy: 1e-9)
        XCTAssertEqual(history.first?.outside.ha ?? 0, 0.2, accuracy: 1e-12)

        // A later date is handed the outside polygons of the latest earlier record.
        try ledger.record(command: "boundary", date: "2024-02-15", source: "c.gpkg", mines: ["M1", "M2"], crs: crs,
                          context: context) { previous, dates in
            XCTAssertEqual(dates, ["M1": "2024-01-15"])
            XCTAssertNil(previous["M2"])
            let strip = try XCTUnwrap(previous["M1"])
            XCTAssertEqual(try strip.planarArea(), 2000, accuracy: 1e-6)
            let box = try XCTUnwrap(strip.envelope())
            XCTAssertEqual(box.minX, self.x0, accuracy: 1e-6)
            XCTAssertEqual(box.maxX, self.x0 + 200, accuracy: 1e-6)
            return [try self.record("M1", outsideSide: 50), try self.record("M2", outsideSide: 10)]
        }
        history = try ledger.history(mine: "M1")
        XCTAssertEqual(history.map(\.date).sorted(), ["2024-01-15", "2024-02-15"])
        XCTAssertEqual(try ledger.history(mine: "M2").map(\.date), ["2024-02-15"])
        XCTAssertTrue(try ledger.history(mine: "M1", command: "forest").isEmpty, "another command's ledger is apart")
        XCTAssertEqual(calls.count, 1)
    }
}
