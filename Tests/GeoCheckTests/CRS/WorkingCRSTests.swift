import XCTest
@testable import GeoCheck

/// The working-CRS policy and the Gauss-Krüger table it reads, against `projinfo EPSG:n`.
final class WorkingCRSTests: XCTestCase {
    func testProjectedDataIsItsOwnWorkingCRS() throws {
        let utm = try SpatialReference(epsg: 32650)
        XCTAssertTrue(try WorkingCRS.crs(for: utm, longitude: 117) === utm)
    }

    func testCGCS2000IsTheNearest3DegreeZone() throws {
        // 117.4°E: nearest central meridian 117° = 3 × 39; projinfo EPSG:4527: CGCS2000 /
        // 3-degree Gauss-Kruger zone 39, +lon_0=117 +x_0=39500000.
        let zone = try WorkingCRS.crs(for: try SpatialReference(epsg: 4490), longitude: 117.4)
        XCTAssertEqual(zone.epsg, 4527)
        // 118.6°E is nearer 120° (zone 40, EPSG:4528) than 117°.
        XCTAssertEqual(try WorkingCRS.crs(for: try SpatialReference(epsg: 4326), longitude: 118.6).epsg, 4528)
    }

    func testOtherDatumGetsALocalTransverseMercator() throws {
        // Xian 1980 geographic (EPSG:4610) without parameters stays on its own datum.
        let local = try WorkingCRS.crs(for: try SpatialReference(epsg: 4610), longitude: 105.2)
        XCTAssertNil(local.epsg)
        XCTAssertEqual(local.centralMeridian, 105)
        XCTAssertTrue(local.isProjected)
    }

    func testTableBothWays() {
        // projinfo: EPSG:4513 CGCS2000 3° zone 25 (+lon_0=75 +x_0=25500000); EPSG:4554 3° CM 135E
        // (+x_0=500000); EPSG:2338 Xian 1980 6° CM 75E; EPSG:21423 Beijing 1954 6° zone 23.
        XCTAssertEqual(GaussKruger.epsg(datum: .cgcs2000, zoneWidth: 3, zone: 25, zonePrefix: true), 4513)
        XCTAssertEqual(GaussKruger.epsg(datum: .cgcs2000, zoneWidth: 3, zone: 45, zonePrefix: false), 4554)
        XCTAssertEqual(GaussKruger.epsg(datum: .xian1980, zoneWidth: 6, zone: 13, zonePrefix: false), 2338)
        XCTAssertEqual(GaussKruger.epsg(datum: .beijing1954, zoneWidth: 6, zone: 23, zonePrefix: true), 21423)
        XCTAssertNil(GaussKruger.epsg(datum: .cgcs2000, zoneWidth: 3, zone: 46, zonePrefix: true))
        XCTAssertNil(GaussKruger.epsg(datum: .cgcs2000, zoneWidth: 4, zone: 30, zonePrefix: true))
        XCTAssertEqual(GaussKruger.zone(epsg: 4554)?.centralMeridian, 135)
        XCTAssertEqual(GaussKruger.zone(epsg: 2338)?.zoneWidth, 6)
        // EPSG:21473 is deprecated (projinfo: "Alternative non-deprecated CRS: EPSG:21453").
        XCTAssertEqual(GaussKruger.zone(epsg: 21475)?.zone, 15)
        XCTAssertEqual(GaussKruger.zone(epsg: 21475)?.datum, .beijing1954)
        // Every code of the table maps back to itself.
        for datum in Datum.allCases {
            for width in [3, 6] {
                for prefix in [true, false] {
                    for zone in GaussKruger.zoneRange(zoneWidth: width) {
                        let code = GaussKruger.epsg(datum: datum, zoneWidth: width, zone: zone, zonePrefix: prefix)
                        XCTAssertEqual(code.flatMap { GaussKruger.zone(epsg: $0) },
                                       code.map { GaussKrugerZone(datum: datum, zoneWidth: width, zone: zone, hasZonePrefix: prefix, epsg: $0) })
                    }
                }
            }
        }
    }
}
