import Foundation
import XCTest
@testable import GeoCheck

/// Rights and constraint layers all stored in the same lon/lat CRS: overlays run there (no
/// densification, no PROJ) and areas are exact (`LonLatArea`), checked against the test's own
/// `ExactArea` of the drawn region; distances stay metric.
final class ScreenLonLatTests: XCTestCase {
    func layer(_ name: String, _ features: [(String, [Double])], in directory: String) throws -> String {
        let items = features.map { id, ring -> String in
            let points = stride(from: 0, to: ring.count, by: 2).map { "[\(ring[$0]),\(ring[$0 + 1])]" }
            return "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(id)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\(points.joined(separator: ","))]]}}"
        }
        let path = "\(directory)/\(name).geojson"
        try "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4490\"}},\"features\":[\(items.joined(separator: ","))]}"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testAllLonLatOverlaysInLonLatWithExactAreas() throws {
        let directory = NSTemporaryDirectory() + "geocheck-lonlat-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let right = [115.40, 30.00, 115.62, 30.01, 115.60, 30.10, 115.45, 30.12, 115.40, 30.00]
        // A big quadrangle across the right, a small piece inside it (taken uncut), a strip
        // 22 m wide, and a square 300 m east of the right's east corner (near, 500 m buffer).
        let features: [(String, [Double])] = [
            ("quad", [115.48, 29.95, 115.70, 30.05, 115.52, 30.20, 115.43, 30.09, 115.48, 29.95]),
            ("small", [115.50, 30.05, 115.51, 30.05, 115.51, 30.06, 115.50, 30.06, 115.50, 30.05]),
            ("strip", [115.30, 30.06, 115.70, 30.06, 115.70, 30.0602, 115.30, 30.0602, 115.30, 30.06]),
            ("east", [115.6231, 30.005, 115.63, 30.005, 115.63, 30.012, 115.6231, 30.012, 115.6231, 30.005]),
        ]
        let rights = try layer("rights", [("R", right)], in: directory)
        let zones = try layer("zones", features, in: directory)
        var options = ScreenOptions()
        options.workers = 1
        let outcome = try Screen.run(rights: RightsSpec(source: rights, idField: "id"),
                                     layers: [ConstraintSpec(name: "z", source: zones, idField: "id", bufferM: 500)], options: options)
        let result = try XCTUnwrap(outcome.result.rights.first)
        XCTAssertEqual(result.workingCRS, "EPSG:4490")
        XCTAssertEqual(result.area.m2, ExactArea.lonLatRing(right), accuracy: 0.01)
        let context = try GEOSContext()
        let shape = try context.polygon(rings: [right])
        for (id, ring) in features.prefix(3) {
            let want = ExactArea.lonLat(try shape.intersection(try context.polygon(rings: [ring])).polygonRings())
            let got = try XCTUnwrap(result.overlaps.first { $0.featureID == id }, id)
            XCTAssertEqual(got.area.m2, want, accuracy: max(0.01, want * 1e-9), id)
        }
        // The east square is near, not overlapping: 0.0031° of longitude east of the right's
        // corner at 30.01°N (N·cosφ·Δλ ≈ 299 m), measured in the Gauss-Krüger zone (scale
        // 1.0002 at 1.4° from its central meridian).
        let near = try XCTUnwrap(result.near.first { $0.featureID == "east" })
        let phi = 30.01 * Double.pi / 180, e2 = 0.00669438002290
        XCTAssertEqual(near.distanceM, 6_378_137 / (1 - e2 * sin(phi) * sin(phi)).squareRoot() * cos(phi) * 0.0031 * .pi / 180, accuracy: 0.5)
    }
}
