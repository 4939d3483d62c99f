import Foundation
import XCTest
@testable import GeoCheck

/// Features cut into pieces: small ones kept whole (their record's WKB, none of their own),
/// big ones cut into pieces that tile them; every piece in feature order.
final class SubdivisionTests: XCTestCase {
    /// A regular polygon of `vertices` corners around (x, y), as interleaved x,y.
    func ring(x: Double, y: Double, radius: Double, vertices: Int) -> [Double] {
        (0..<vertices).flatMap { step -> [Double] in
            let angle = Double(step) / Double(vertices) * 2 * .pi
            return [x + radius * cos(angle), y + radius * sin(angle)]
        }
    }

    /// Shoelace area of a ring of interleaved x,y (the test's own computation).
    func shoelace(_ xy: [Double]) -> Double {
        let n = xy.count / 2
        var sum = 0.0
        for i in 0..<n {
            let j = (i + 1) % n
            sum += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1]
        }
        return abs(sum) / 2
    }

    func testSmallFeaturesStayWholeAndBigOnesAreTiledInFeatureOrder() throws {
        let context = try GEOSContext()
        // Features 0, 2, 3 small (12 corners), 1 and 4 big (5,000 corners: above maxVertices).
        let rings = [ring(x: 0, y: 0, radius: 10, vertices: 12), ring(x: 100, y: 0, radius: 40, vertices: 5_000),
                     ring(x: 200, y: 0, radius: 10, vertices: 12), ring(x: 300, y: 0, radius: 10, vertices: 12),
                     ring(x: 400, y: 0, radius: 40, vertices: 5_000)]
        var layer = ConstraintInput(spec: ConstraintSpec(name: "zones", source: "memory"), label: "zones",
                                    crs: try SpatialReference(epsg: 4547))
        for (index, xy) in rings.enumerated() {
            let polygon = try context.polygon(rings: [xy])
            let wkb = layer.geometries.append(try polygon.wkb())
            layer.records.append(ConstraintInput.Record(id: "\(index)", name: nil, classValue: nil, severity: .prohibited,
                                                        wkb: wkb, envelope: try XCTUnwrap(polygon.envelope())))
        }
        for workers in [1, 2] {
            let pieces = try Subdivision.pieces(of: layer, workers: workers)
            XCTAssertEqual(pieces.map(\.feature), pieces.map(\.feature).sorted(), "pieces in feature order")
            for feature in [0, 2, 3] {
                let whole = pieces.filter { $0.feature == feature }
                XCTAssertEqual(whole.count, 1)
                XCTAssertNil(whole.first?.wkb, "a small feature keeps its record's WKB")
                XCTAssertEqual(whole.first?.envelope, layer.records[feature].envelope)
            }
            for feature in [1, 4] {
                let cut = pieces.filter { $0.feature == feature }
                XCTAssertGreaterThan(cut.count, 1)
                var area = 0.0
                for piece in cut {
                    let geometry = try context.geometry(wkb: try XCTUnwrap(piece.wkb))
                    XCTAssertLessThanOrEqual(geometry.coordinateCount, Subdivision.maxVertices)
                    area += try geometry.planarArea()
                }
                XCTAssertEqual(area, shoelace(rings[feature]), accuracy: 1e-6, "pieces tile feature \(feature)")
            }
        }
    }
}
