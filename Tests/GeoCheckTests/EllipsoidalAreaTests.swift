import Foundation
import XCTest
@testable import GeoCheck

/// Ellipsoidal areas against independent computations:
/// - pyproj 3.7.2 (its own bundled PROJ 9.5.1 / GeographicLib): `Geod(ellps="GRS80").polygon_area_perimeter`
///   after `Transformer.from_crs("EPSG:4526", "EPSG:4490", always_xy=True)` — figures pasted below;
/// - the closed-form area of an ellipsoidal graticule quadrangle (implemented here, not PROJ);
/// - a corner-coordinate table printed in a public notice.
final class EllipsoidalAreaTests: XCTestCase {
    var context: GEOSContext!

    override func setUpWithError() throws { context = try GEOSContext() }

    func polygon(_ rings: [[(Double, Double)]]) throws -> Geometry {
        try context.polygon(rings: rings.map { $0.flatMap { [$0.0, $0.1] } })
    }

    func testRectangleInZone38MatchesPyproj() throws {
        let areas = try AreaCalculator(crs: try SpatialReference(epsg: 4526))
        let near = try polygon([[(38_438_000, 3_301_000), (38_438_600, 3_301_000), (38_438_600, 3_301_100), (38_438_000, 3_301_100)]])
        XCTAssertEqual(try areas.ellipsoidalArea(near).m2, 59994.36638162844, accuracy: 0.01)
        XCTAssertEqual(try areas.planarArea(near).m2, 60000, accuracy: 1e-6)
        // 120 km east of the central meridian the planar area is 0.036 % too large.
        let far = try polygon([[(38_620_000, 3_301_000), (38_620_600, 3_301_000), (38_620_600, 3_301_100), (38_620_000, 3_301_100)]])
        XCTAssertEqual(try areas.ellipsoidalArea(far).m2, 59978.58737276215, accuracy: 0.01)
    }

    func testHolesAreSubtractedAndPartsSummed() throws {
        let areas = try AreaCalculator(crs: try SpatialReference(epsg: 4526))
        let outer = [(38_500_000.0, 4_000_000.0), (38_501_000, 4_000_000), (38_501_000, 4_001_000), (38_500_000, 4_001_000)]
        let hole = [(38_500_200.0, 4_000_200.0), (38_500_400, 4_000_200), (38_500_400, 4_000_400), (38_500_200, 4_000_400)]
        let withHole = try polygon([outer, hole])
        XCTAssertEqual(try areas.ellipsoidalArea(withHole).m2, 959999.9939296758, accuracy: 0.01)
        let two = try context.multiPolygon([[outer.flatMap { [$0.0, $0.1] }], [hole.map { ($0.0 + 5000, $0.1) }.flatMap { [$0.0, $0.1] }]])
        XCTAssertEqual(try areas.ellipsoidalArea(two).m2, 999999.9938405361 + 39999.99991086038, accuracy: 0.05)
    }

    func testLonLatPolygonMatchesPyproj() throws {
        let areas = try AreaCalculator(crs: try SpatialReference(epsg: 4490))
        let square = try polygon([[(114.0, 34.0), (114.01, 34.0), (114.01, 34.01), (114.0, 34.01)]])
        XCTAssertEqual(try areas.ellipsoidalArea(square).m2, 1024694.8787164688, accuracy: 0.01)
    }

    /// Area of the graticule quadrangle between two parallels and meridians on an ellipsoid:
    /// A = b²·Δλ/2 · [q(φ2) − q(φ1)], q(φ) = sinφ/(1−e²sin²φ) + ln((1+e·sinφ)/(1−e·sinφ))/(2e).
    /// For 0.001° (≈ 100 m) the geodesic edges and the parallels differ by far less than 0.01 m².
    func testSmallQuadrangleMatchesClosedForm() throws {
        let a = 6_378_137.0, f = 1 / 298.257222101
        let b = a * (1 - f), e = sqrt(f * (2 - f))
        func q(_ phi: Double) -> Double {
            let s = sin(phi)
            return s / (1 - e * e * s * s) + log((1 + e * s) / (1 - e * s)) / (2 * e)
        }
        let radians = Double.pi / 180
        let (lon0, lat0, d) = (110.25, 23.3, 0.001)
        let expected = b * b * d * radians / 2 * (q((lat0 + d) * radians) - q(lat0 * radians))
        let areas = try AreaCalculator(crs: try SpatialReference(epsg: 4490))
        let quad = try polygon([[(lon0, lat0), (lon0 + d, lat0), (lon0 + d, lat0 + d), (lon0, lat0 + d)]])
        XCTAssertEqual(try areas.ellipsoidalArea(quad).m2, expected, accuracy: 0.01)
        XCTAssertGreaterThan(expected, 10_000)
    }

    /// 《海城远东菱镁建材有限公司牌楼菱镁矿采矿权协议出让公示》 (辽采协示字〔2025〕54号, 辽宁省自然资源厅,
    /// 2025-12-23): two blocks in CGCS2000 zone 41, 开采范围面积 1.0685 平方千米.
    func testPublishedNoticeAreaIsReproduced() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/corner/notice_liaoning_2025_54_haicheng_pailou.txt").path
        let file = try CornerCoordinates.parse(contentsOf: path)
        XCTAssertEqual(file.epsg, 4529)
        let result = try Coords.fromCornerFile(file, source: path, output: nil)
        let total = result.blocks.reduce(0) { $0 + $1.areaM2 } / 1_000_000
        XCTAssertEqual(total, 1.0685, accuracy: 0.00005, "printed 1.0685 km²")
    }

    func testAreaUnits() {
        let area = Area(m2: 10_000)
        XCTAssertEqual(area.mu, 15, accuracy: 1e-12)
        XCTAssertEqual(area.ha, 1, accuracy: 1e-12)
        XCTAssertEqual(Area(mu: 1).m2, 10_000.0 / 15.0, accuracy: 1e-12)
    }
}
