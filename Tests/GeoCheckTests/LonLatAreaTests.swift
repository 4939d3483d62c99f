import Foundation
import XCTest
@testable import GeoCheck

/// The exact area of lon/lat-stored geometry (`LonLatArea`) against the test's own closed-form
/// reference (`ExactArea`), against itself with more Gauss-Legendre points, and against PROJ's
/// geodesic area of the ring densified to 1 m (geodesics and straight lon/lat edges agree to
/// well under 1e-6 at that step).
final class LonLatAreaTests: XCTestCase {
    let cgcs2000 = Ellipsoid.cgcs2000

    /// Parcels: a 20 km quadrangle at 30°N, a 1 ha square at 45°N, a long thin strip at 22°N,
    /// a 5 km edge at 50°N.
    let rings: [[Double]] = [
        [115.40, 30.00, 115.62, 30.01, 115.60, 30.10, 115.45, 30.12, 115.40, 30.00],
        [120.0, 45.0, 120.0014, 45.0, 120.0014, 45.0009, 120.0, 45.0009, 120.0, 45.0],
        [105.30, 22.06, 105.70, 22.06, 105.70, 22.0602, 105.30, 22.0602, 105.30, 22.06],
        [125.0, 50.0, 125.07, 50.01, 125.05, 50.05, 125.0, 50.0],
    ]

    func testGaussLegendreRulesIntegratePolynomialsExactly() {
        for n in [2, 5, 8] {
            let nodes = LonLatArea.gaussLegendre(n)
            XCTAssertEqual(nodes.reduce(0) { $0 + $1.w }, 1, accuracy: 1e-14)
            // ∫₀¹ t^(2n−1) dt = 1/(2n): exact for an n-point rule.
            let power = 2 * n - 1
            XCTAssertEqual(nodes.reduce(0) { $0 + $1.w * pow($1.t, Double(power)) }, 1 / Double(2 * n), accuracy: 1e-14, "n = \(n)")
        }
    }

    func testMatchesTheExactReferenceAndEightPoints() {
        let five = LonLatArea(cgcs2000), eight = LonLatArea(cgcs2000, points: 8)
        for ring in rings {
            let area = five.ringArea(ring)
            XCTAssertEqual(area, ExactArea.lonLatRing(ring), accuracy: area * 1e-12)
            XCTAssertEqual(area, eight.ringArea(ring), accuracy: area * 1e-10, "5 vs 8 Gauss-Legendre points")
        }
    }

    /// Edges spanning 0.02°–0.5° of latitude (integrated with the short edges' rule) at 0–80°:
    /// the exact reference to 5e-13 plus the rounding floor (G rounds to ~4e-3 m² per radian of
    /// longitude: 1e-2 × the ring's longitude span is taken), which a 2-point rule misses (its
    /// error on the first triangle, a review's counterexample, is 9.4e-5 m², over twice that).
    func testShortEdgesKeepFullPrecision() {
        let lonLat = LonLatArea(cgcs2000)
        var rings: [[Double]] = [[100, 45, 100.1, 45.0999, 100.1, 45, 100, 45]]
        for latitude in stride(from: 0.0, through: 80, by: 20) {
            for span in [0.02, 0.1, 0.25, 0.5] {
                rings.append([100, latitude, 100 + span, latitude + span * 0.999, 100 + span, latitude, 100, latitude])
                rings.append([100, latitude, 100 + span / 3, latitude + span, 100 - span / 2, latitude + span * 0.6, 100, latitude])
            }
        }
        for ring in rings {
            let want = ExactArea.lonLatRing(ring)
            let longitudes = stride(from: 0, to: ring.count, by: 2).map { ring[$0] }
            let floor = 1e-2 * (longitudes.max()! - longitudes.min()!) * .pi / 180
            XCTAssertEqual(lonLat.ringArea(ring), want, accuracy: want * 5e-13 + floor, "\(ring)")
        }
    }

    func testMatchesGeodesicAreaOfTheDensifiedRing() throws {
        let lonLat = LonLatArea(cgcs2000), geodesic = GeodesicArea(cgcs2000)
        for ring in rings {
            var dense: [Double] = []
            for index in 0..<(ring.count / 2 - 1) {
                let (x0, y0, x1, y1) = (ring[2 * index], ring[2 * index + 1], ring[2 * index + 2], ring[2 * index + 3])
                let parts = max(1, Int((hypot(x1 - x0, y1 - y0) * 111_000).rounded(.up)))  // ≤ 1 m
                for k in 0..<parts { dense += [x0 + (x1 - x0) * Double(k) / Double(parts), y0 + (y1 - y0) * Double(k) / Double(parts)] }
            }
            let area = lonLat.ringArea(ring)
            XCTAssertEqual(area, geodesic.ringArea(dense), accuracy: area * 1e-7)
        }
    }

    func testAreaCalculatorUsesItForLonLatAndHolesSubtract() throws {
        let context = try GEOSContext()
        let calculator = try AreaCalculator(crs: try SpatialReference(epsg: 4490))
        let hole = [115.50, 30.04, 115.55, 30.04, 115.55, 30.08, 115.50, 30.08, 115.50, 30.04]
        let polygon = try context.polygon(rings: [rings[0], hole])
        let want = ExactArea.lonLat([[rings[0], hole]])
        XCTAssertEqual(try calculator.ellipsoidalArea(polygon).m2, want, accuracy: want * 1e-12)
    }

    /// The overlay fallback's 1 mm grid in the units of the overlay CRS.
    func testPrecisionGridIsOneMillimetreInOverlayUnits() throws {
        XCTAssertEqual(ScreenZone.gridSize(of: try SpatialReference(epsg: 4526)), 0.001)
        let degrees = ScreenZone.gridSize(of: try SpatialReference(epsg: 4490))
        XCTAssertEqual(degrees * .pi / 180 * 6_378_137, 0.001, accuracy: 1e-9)
    }
}
