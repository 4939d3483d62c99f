import XCTest
@testable import GeoCheck

/// The GEOS wrapper: ownership, WKB, validity with reasons, repair, overlays, index, prepared.
final class GEOSWrapperTests: XCTestCase {
    var context: GEOSContext!

    override func setUpWithError() throws { context = try GEOSContext() }

    func square(_ x: Double, _ y: Double, _ size: Double) throws -> Geometry {
        try context.rectangle(Envelope(minX: x, minY: y, maxX: x + size, maxY: y + size))
    }

    func testWKBRoundTripAcrossContexts() throws {
        let original = try square(0, 0, 10)
        let other = try GEOSContext()
        let moved = try original.moved(to: other)
        XCTAssertTrue(moved.context === other)
        XCTAssertEqual(try moved.planarArea(), 100)
        XCTAssertThrowsError(try context.geometry(wkb: [1, 2, 3])) { error in
            XCTAssertTrue("\(error)".contains("GEOSWKBReader_read_r"))
        }
    }

    func testValidityReasonAndLocationAndRepair() throws {
        let bowTie = try context.geometry(wkt: "POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))")
        let problem = try XCTUnwrap(try bowTie.validityProblem())
        XCTAssertEqual(problem.kind, .selfIntersection)
        XCTAssertEqual(problem.x ?? -1, 5, accuracy: 1e-9)
        XCTAssertEqual(problem.y ?? -1, 5, accuracy: 1e-9)
        let repaired = try bowTie.makeValid()
        XCTAssertNil(try repaired.validityProblem())
        XCTAssertTrue(try repaired.type().isPolygonal)
        XCTAssertEqual(try repaired.planarArea(), 50, accuracy: 1e-9)  // two triangles of 25
    }

    func testOverlaysAndMeasures() throws {
        let a = try square(0, 0, 10), b = try square(5, 5, 10)
        XCTAssertEqual(try a.intersection(b).planarArea(), 25)
        XCTAssertEqual(try a.difference(b).planarArea(), 75)
        XCTAssertEqual(try a.union(b).planarArea(), 175)
        XCTAssertEqual(try context.unaryUnion([a, b, try square(100, 0, 1)]).planarArea(), 176)
        XCTAssertEqual(try a.distance(to: try square(13, 0, 1)), 3)
        XCTAssertEqual(try a.buffer(1).planarArea(), 100 + 40 + .pi, accuracy: 0.05)
        XCTAssertEqual(a.envelope(), Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10))
        // Touching along an edge: an intersection with no area.
        let touching = try a.intersection(try square(10, 0, 10))
        XCTAssertTrue(try touching.polygonalParts().isEmpty)
    }

    func testSTRtreeAndPreparedGeometry() throws {
        let tree = try STRtree(context: context)
        for index in 0..<100 { tree.insert(try square(Double(index) * 20, 0, 10)) }
        XCTAssertEqual(tree.query(try square(25, 5, 30)), [1, 2])
        let prepared = try PreparedGeometry(try square(0, 0, 100))
        XCTAssertTrue(try prepared.containsProperly(try square(10, 10, 5)))
        XCTAssertFalse(try prepared.containsProperly(try square(0, 0, 5)))  // touches the boundary
        XCTAssertTrue(try prepared.intersects(try square(99, 99, 5)))
        XCTAssertEqual(try prepared.distance(to: try square(110, 0, 5)), 10)
    }

    func testCoordinatesRoundTripThroughBuffers() throws {
        let polygon = try context.geometry(wkt: "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))")
        let rings = try polygon.polygonRings()
        XCTAssertEqual(rings.count, 1)
        XCTAssertEqual(rings[0].count, 2)
        let shifted = try polygon.mapCoordinates { xy in for i in stride(from: 0, to: xy.count, by: 2) { xy[i] += 100 } }
        XCTAssertEqual(shifted.envelope()?.minX, 100)
        XCTAssertEqual(try shifted.planarArea(), 96)
    }
}
