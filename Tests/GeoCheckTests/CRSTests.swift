import XCTest
@testable import GeoCheck

final class CRSTests: XCTestCase {
    /// EPSG:4490's authority axis order is lat/lon; geocheck works in lon/lat throughout.
    func testEPSG4490IsLonLat() throws {
        let geographic = try SpatialReference(epsg: 4490)
        let zone38 = try SpatialReference(epsg: 4526)
        var xy = [114.0, 34.0]
        try CoordinateTransform(from: geographic, to: zone38).transform(&xy)
        // On the central meridian (114°E): easting is the false easting with the zone prefix.
        XCTAssertEqual(xy[0], 38_500_000, accuracy: 0.001)
        XCTAssertEqual(xy[1], 3_763_600, accuracy: 1_000)
        try CoordinateTransform(from: zone38, to: geographic).transform(&xy)
        XCTAssertEqual(xy[0], 114.0, accuracy: 1e-9)
        XCTAssertEqual(xy[1], 34.0, accuracy: 1e-9)
    }

    func testZonePrefix38LandsNear114East() throws {
        var xy = [38_512_345.67, 3_968_500.0]
        try CoordinateTransform(from: try SpatialReference(epsg: 4526), to: try SpatialReference(epsg: 4490)).transform(&xy)
        XCTAssertEqual(xy[0], 114.136, accuracy: 0.01)
        XCTAssertEqual(xy[1], 35.85, accuracy: 0.05)
    }

    func testWorkingCRSIsTheGaussKrugerZoneOfTheCentre() throws {
        let crs = try WorkingCRS.crs(for: try SpatialReference(epsg: 4490), longitude: 101.2)
        XCTAssertEqual(crs.epsg, 4522)  // zone 34, central meridian 102°E
        XCTAssertEqual(crs.centralMeridian, 102)
        // Other datums get a transverse Mercator on their own ellipsoid (Xian 1980: IAG 1975).
        let xian = try WorkingCRS.crs(for: try SpatialReference(epsg: 4610), longitude: 110.1)
        XCTAssertEqual(xian.centralMeridian, 111)
        XCTAssertEqual(try xian.ellipsoid().semiMajorAxis, 6_378_140)
    }

    func testUnknownCRSIsAnError() {
        XCTAssertThrowsError(try SpatialReference("EPSG:999999")) { error in
            XCTAssertTrue("\(error)".contains("EPSG:999999"))
        }
    }

    func testGaussKrugerZoneTable() {
        XCTAssertEqual(GaussKrugerZone.from(epsg: 4526)?.zone, 38)
        XCTAssertEqual(GaussKrugerZone.from(epsg: 4526)?.hasZonePrefix, true)
        XCTAssertEqual(GaussKrugerZone.from(epsg: 4547)?.hasZonePrefix, false)
        XCTAssertNil(GaussKrugerZone.from(epsg: 3857))
    }
}
