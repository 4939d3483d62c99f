import Foundation
import XCTest
@testable import GeoCheck

/// `--out` keeps each right's geometries with its row; map shapes are built for the worst
/// `ScreenOptions.maps` flagged rights only, after the ranking, and are the shapes a run that
/// maps every right builds for them.
final class ScreenMapsTests: XCTestCase {
    func screen(maps: Int?, workers: Int) throws -> ScreenOutcome {
        let config = try ScreenConfig.load(path: "\(ScreenCatalogueTests.samples)/screen.yaml")
        var options = ScreenOptions()
        options.keepGeometries = true
        options.maps = maps
        options.workers = workers
        return try Screen.run(rights: config.rights, layers: config.layers, options: options)
    }

    func testMapsOnlyForTheWorstFlaggedRightsAndTheSameShapes() throws {
        let every = try screen(maps: nil, workers: 2)
        let three = try screen(maps: 3, workers: 1)
        XCTAssertEqual(every.rows.count, every.result.rights.count)
        XCTAssertTrue(every.rows.allSatisfy { $0.shapes.map != nil })
        // The worst three: by verdict, then overlap area, then input order (written out here).
        let ranked = every.result.rights.indices.filter { every.result.rights[$0].verdict != .clear }.sorted {
            let (a, b) = (every.result.rights[$0], every.result.rights[$1])
            return a.verdict == b.verdict
                ? (a.overlapArea.m2 != b.overlapArea.m2 ? a.overlapArea.m2 > b.overlapArea.m2 : $0 < $1)
                : a.verdict > b.verdict
        }
        let mapped = three.rows.indices.filter { three.rows[$0].shapes.map != nil }
        XCTAssertEqual(mapped, Array(ranked.prefix(3)).sorted())
        XCTAssertEqual(three.result.flaggedOrder(), ranked)
        for index in mapped {
            let (a, b) = (try XCTUnwrap(every.rows[index].shapes.map), try XCTUnwrap(three.rows[index].shapes.map))
            XCTAssertEqual(a.right, b.right)
            XCTAssertEqual(a.overlaps, b.overlaps)
            XCTAssertEqual(a.retained, b.retained)
            XCTAssertEqual(a.features.map(\.wkb), b.features.map(\.wkb))
            XCTAssertEqual(a.features.map(\.featureID), b.features.map(\.featureID))
            XCTAssertEqual(a.window, b.window)
        }
        // The other shapes travel with every row either way.
        XCTAssertTrue(three.rows.contains { !$0.right.retainsLand && $0.right.isShrunk && $0.shapes.map == nil })
        for (a, b) in zip(every.rows, three.rows) {
            XCTAssertEqual(a.right.id, b.right.id)
            XCTAssertEqual(a.shapes.right, b.shapes.right)
            XCTAssertEqual(a.shapes.overlaps.count, a.right.overlaps.count)
            XCTAssertEqual(a.shapes.retained, b.shapes.retained)
            // The retained shape is the right itself without a prohibited overlap, and nothing
            // where no land is kept as printed.
            if !b.right.isShrunk {
                XCTAssertEqual(b.shapes.retained, b.shapes.right)
            } else if !b.right.retainsLand {
                XCTAssertTrue(try GEOSContext().geometry(wkb: b.shapes.retained).isEmpty)
            }
            // In the Gauss-Krüger zone (corner files) only where a shrunk right keeps land, or
            // a map is drawn.
            if b.right.isShrunk && b.right.retainsLand || b.shapes.map != nil {
                XCTAssertEqual(a.shapes.retainedInZone?.wkb, b.shapes.retainedInZone?.wkb)
            } else {
                XCTAssertNil(b.shapes.retainedInZone)
            }
        }
    }

    func testNoMapsAsked() throws {
        let none = try screen(maps: 0, workers: 2)
        XCTAssertFalse(none.rows.isEmpty)
        XCTAssertTrue(none.rows.allSatisfy { $0.shapes.map == nil })
    }
}
