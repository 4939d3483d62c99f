import XCTest
@testable import GeoCheck

/// A repair must keep the land a shape encloses. Found on the red-line benchmark (right
/// R0018253): the retained part of a right, computed in lon/lat, has two zero-width spikes where
/// the difference ran out and back along the right's own edges. Valid in lon/lat; densified into
/// its Gauss-Krüger zone the spikes cross themselves, and GEOS's "structure" repair returned
/// 0.0186 m² of the 890 ha — so the right got no retained corner file at all.
final class RepairAreaTests: XCTestCase {
    /// The retained shape as the engine wrote it to screen.gpkg (EPSG:4490).
    let retained = """
        MULTIPOLYGON (((119.2160032 39.8492633, 119.1993465 39.841112, 119.1864065 39.849829, \
        119.1694322 39.8638276, 119.1792842 39.8762789, 119.199566 39.8857947, 119.2090085 39.8846064, \
        119.201402 39.88556364691024, 119.201402 39.851402, 119.21681074261704 39.851402, \
        119.2248816 39.8727769, 119.2160032 39.8492633)))
        """

    func testSpikedShapeKeepsItsAreaInTheZone() throws {
        let context = try GEOSContext()
        let lonLat = try context.geometry(wkt: retained)
        XCTAssertNil(try lonLat.validityProblem())
        let zone = try SpatialReference(epsg: 4528)  // CGCS2000 3° zone 40 (120°E)
        let metric = try CoordinateTransform(from: try SpatialReference(epsg: 4490), to: zone).transform(lonLat)
        XCTAssertNotNil(try metric.validityProblem(), "the spikes cross themselves in the zone")
        let repaired = try metric.validPolygonal()
        XCTAssertNil(try repaired.validityProblem())
        // Two independent measures of the same land: the exact lon/lat integral of the region
        // as drawn, and PROJ's geodesic area of the repaired zone shape.
        let exact = try AreaCalculator(crs: try SpatialReference(epsg: 4490)).ellipsoidalArea(lonLat).m2
        let inZone = try AreaCalculator(crs: zone).ellipsoidalArea(repaired).m2
        XCTAssertEqual(exact, 8_899_500.89, accuracy: 0.01, "the retained area screen.json printed")
        XCTAssertEqual(inZone, exact, accuracy: exact * 1e-6)
    }

    func testSpikedShapeGetsItsRetainedCornerFile() throws {
        let context = try GEOSContext()
        let zone = try SpatialReference(epsg: 4528)
        let metric = try CoordinateTransform(from: try SpatialReference(epsg: 4490), to: zone)
            .transform(try context.geometry(wkt: retained)).validPolygonal()
        let file = try XCTUnwrap(RetainedCornerFile.file(geometry: metric, epsg: 4528, name: "R0018253", minAreaM2: 1))
        XCTAssertEqual(file.blocks.count, 1)
        let hectares = try XCTUnwrap(Double(file.blocks[0].attributes["地块面积"] ?? ""))
        XCTAssertEqual(hectares, 889.9501, accuracy: 0.0002)
    }

    /// The check does not change what the structure method is for: a bow tie is both its lobes.
    func testBowTieStillTwoLobes() throws {
        let context = try GEOSContext()
        let bowTie = try context.geometry(wkt: "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
        let repaired = try bowTie.makeValid()
        XCTAssertEqual(try repaired.planarArea(), 50, accuracy: 1e-9)
        XCTAssertEqual(try repaired.polygonRings().count, 2)
    }

    /// Whatever loses a shape on its way into the zone, the writer does not hand on a file short of
    /// the retained area the result printed: a 100 m × 100 m square against 8,899,500.89 m².
    func testRetainedFileShortOfThePrintedAreaIsAnError() throws {
        let context = try GEOSContext()
        let square = try context.geometry(wkt: "POLYGON ((40432000 4413000, 40432100 4413000, 40432100 4413100, 40432000 4413100, 40432000 4413000))")
        func right(retained m2: Double) -> RightResult {
            RightResult(id: "R0018253", name: nil, fid: 1, area: Area(m2: 14_629_037.6), verdict: .prohibited, overlaps: [], near: [],
                        overlapArea: Area(m2: 5_729_536.7), retainedArea: Area(m2: m2), workingCRS: "EPSG:4490")
        }
        let zoned = (epsg: 4528, wkb: try square.wkb())
        XCTAssertThrowsError(try ScreenReport.retainedCornerFile(right(retained: 8_899_500.89), zoned: zoned, minAreaM2: 1, context: context)) {
            XCTAssertTrue("\($0)".contains("right R0018253"), "\($0)")
        }
        let file = try ScreenReport.retainedCornerFile(right(retained: 10_000), zoned: zoned, minAreaM2: 1, context: context)
        XCTAssertEqual(file?.blocks.count, 1)
    }
}
