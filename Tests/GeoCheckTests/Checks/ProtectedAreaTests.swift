import Foundation
import XCTest
@testable import GeoCheck

/// A right's protected area counts land once: overlaps that lie apart add up, overlapping ones
/// (zones of two layers over the same land) are united; checked against rectangles' areas by
/// inclusion–exclusion, with and without the shapes kept (`--out`).
final class ProtectedAreaTests: XCTestCase {
    let x0 = 38_520_000.0, y0 = 3_800_000.0
    var directory = ""
    var areas: AreaCalculator!
    var context: GEOSContext!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "geocheck-protected-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        areas = try AreaCalculator(crs: try SpatialReference(epsg: 4526))
        context = try GEOSContext()
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// Ellipsoidal area of the rectangle [x0 + left, x0 + right] × [y0 + bottom, y0 + top].
    func area(_ left: Double, _ right: Double, _ bottom: Double = 0, _ top: Double = 1000) throws -> Double {
        try areas.ellipsoidalArea(try context.rectangle(Envelope(minX: x0 + left, minY: y0 + bottom, maxX: x0 + right, maxY: y0 + top))).m2
    }

    /// A layer of rectangles [x0 + left, x0 + right] × [y0 - 50, y0 + 1050] (past the right's
    /// top and bottom edges).
    func layer(_ name: String, _ spans: [(Double, Double)]) throws -> ConstraintSpec {
        try layer(name, rings: spans.map { left, right in [left, -50, right, -50, right, 1050, left, 1050, left, -50] })
    }

    /// A layer of polygons, each one ring (x, y, … relative to (x0, y0), closed).
    func layer(_ name: String, rings: [[Double]]) throws -> ConstraintSpec {
        let path = "\(directory)/\(name).gpkg"
        let writer = try VectorWriter(path: path)
        let layer = try writer.createLayer(name: name, crs: try SpatialReference(epsg: 4526), geometryType: .polygon,
                                           fields: [FieldDefinition(name: "id", type: .string)])
        for (index, ring) in rings.enumerated() {
            let placed = ring.enumerated().map { $0.offset % 2 == 0 ? x0 + $0.element : y0 + $0.element }
            try layer.add(geometry: try context.polygon(rings: [placed]), values: [.string("\(name)-\(index)")])
        }
        try writer.commit()
        return ConstraintSpec(name: name, source: path, idField: "id")
    }

    func screen(_ layers: [ConstraintSpec], keep: Bool) throws -> RightResult {
        let path = "\(directory)/right.gpkg"
        if !FileManager.default.fileExists(atPath: path) {
            let writer = try VectorWriter(path: path)
            let layer = try writer.createLayer(name: "rights", crs: try SpatialReference(epsg: 4526), geometryType: .polygon,
                                               fields: [FieldDefinition(name: "id", type: .string)])
            try layer.add(geometry: try context.rectangle(Envelope(minX: x0, minY: y0, maxX: x0 + 1000, maxY: y0 + 1000)),
                          values: [.string("R")])
            try writer.commit()
        }
        var options = ScreenOptions()
        options.keepGeometries = keep
        return try XCTUnwrap(try Screen.run(rights: RightsSpec(source: path, idField: "id"), layers: layers, options: options).result.rights.first)
    }

    func testOverlapsApartAddUpAndOverlappingOnesCountOnce() throws {
        let whole = try area(0, 1000)
        let cases: [(String, [ConstraintSpec], Double)] = [
            ("apart", [try layer("apart", [(0, 300), (600, 1000)])], try area(0, 300) + area(600, 1000)),
            ("touching", [try layer("touching", [(0, 500), (500, 1000)])], try area(0, 500) + area(500, 1000)),
            // Two L shapes whose boxes overlap (x 300–600) but which share no land: the union path.
            ("interlocking", [try layer("interlocking", rings: [
                [0, -50, 600, -50, 600, 100, 200, 100, 200, 1050, 0, 1050, 0, -50],
                [800, -50, 1000, -50, 1000, 1050, 300, 1050, 300, 900, 800, 900, 800, -50],
            ])], try area(0, 200) + area(200, 600, 0, 100) + area(800, 1000) + area(300, 800, 900, 1000)),
            ("two layers over the same land", [try layer("west", [(0, 400)]), try layer("east", [(200, 600)])],
             try area(0, 400) + area(200, 600) - area(200, 400)),
        ]
        for (name, layers, expected) in cases {
            let json = try screen(layers, keep: false)
            let out = try screen(layers, keep: true)
            XCTAssertEqual(json.overlapArea.m2, expected, accuracy: 1e-9 * whole, name)
            XCTAssertEqual(json.retainedArea.m2, max(0, whole - expected) < 0.01 ? 0 : whole - expected, accuracy: 1e-9 * whole, name)
            XCTAssertEqual(out.overlapArea, json.overlapArea, "\(name): the same area with the shapes kept")
            XCTAssertEqual(out.retainedArea, json.retainedArea, name)
        }
    }
}
