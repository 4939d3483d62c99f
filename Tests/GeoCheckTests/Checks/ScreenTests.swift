import Foundation
import XCTest
@testable import GeoCheck

/// Screening on hand-built layers whose areas are known independently. Expected ellipsoidal
/// areas were computed with pyproj 3.7.2 (`Geod(ellps="GRS80").polygon_area_perimeter` after
/// `Transformer.from_crs("EPSG:4526", "EPSG:4490", always_xy=True)`) on the same rectangles.
final class ScreenTests: XCTestCase {
    // A 1000 m square right in CGCS2000 GK zone 38 (EPSG:4526), 20 km east of the central meridian.
    let x0 = 38_520_000.0, y0 = 3_800_000.0
    var directory = ""
    var context: GEOSContext!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "geocheck-screen-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        context = try GEOSContext()
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func rectangle(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) throws -> Geometry {
        try context.rectangle(Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY))
    }

    /// Writes a GeoPackage layer of (id, name, class, geometry) rows.
    func write(_ name: String, epsg: Int, _ rows: [(String, String, Geometry)]) throws -> String {
        let path = "\(directory)/\(name).gpkg"
        let writer = try VectorWriter(path: path)
        let layer = try writer.createLayer(name: name, crs: try SpatialReference(epsg: epsg), geometryType: .polygon, fields: [
            FieldDefinition(name: "id", type: .string), FieldDefinition(name: "名称", type: .string),
            FieldDefinition(name: "功能区", type: .string),
        ])
        for (id, label, geometry) in rows { try layer.add(geometry: geometry, values: [.string(id), .string(label), .string(label)]) }
        try writer.commit()
        return path
    }

    func zones(_ rows: [(String, String, Geometry)], epsg: Int = 4526, buffer: Double? = nil) throws -> ConstraintSpec {
        ConstraintSpec(name: "reserve", source: try write("reserve", epsg: epsg, rows), classField: "功能区", nameField: "名称",
                       idField: "id", rules: ["核心区": .prohibited, "实验区": .restricted], bufferM: buffer)
    }

    func screen(_ right: Geometry, _ layer: ConstraintSpec, minArea: Double = 0.01) throws -> ScreenResult {
        let rights = RightsSpec(source: try write("rights", epsg: 4526, [("R1", "矿权", right)]), idField: "id")
        var options = ScreenOptions()
        options.minAreaM2 = minArea
        return try Screen.run(rights: rights, layers: [layer], options: options).result
    }

    func testOverlapAndRetainedAreasMatchIndependentValues() throws {
        let right = try rectangle(x0, y0, x0 + 1000, y0 + 1000)
        let layer = try zones([
            ("Z1", "核心区", try rectangle(x0 + 600, y0 - 500, x0 + 2000, y0 + 1500)),  // overlaps the east 400 m strip
            ("Z2", "实验区", try rectangle(x0 + 100, y0 + 100, x0 + 300, y0 + 300)),    // a 200 m square inside
        ])
        let result = try screen(right, layer)
        let screened = try XCTUnwrap(result.rights.first)
        XCTAssertEqual(screened.area.m2, 999989.6442267355, accuracy: 0.01)
        XCTAssertEqual(screened.verdict, .prohibited)
        XCTAssertEqual(screened.overlaps.count, 2)
        let core = try XCTUnwrap(screened.overlaps.first { $0.featureID == "Z1" })
        XCTAssertEqual(core.area.m2, 399995.73625664786, accuracy: 0.01)
        XCTAssertEqual(core.area.mu, 399995.73625664786 * 15 / 10_000, accuracy: 1e-4)
        XCTAssertEqual(core.area.ha, 39.999573625664786, accuracy: 1e-6)
        XCTAssertEqual(core.share, 399995.73625664786 / 999989.6442267355, accuracy: 1e-6)
        XCTAssertEqual(core.severity, .prohibited)
        XCTAssertEqual(core.class, "核心区")
        let experimental = try XCTUnwrap(screened.overlaps.first { $0.featureID == "Z2" })
        XCTAssertEqual(experimental.area.m2, 39999.597803759156, accuracy: 0.01)
        XCTAssertEqual(experimental.severity, .restricted)
        // Retained = right minus the prohibited overlap only (the restricted zone stays).
        XCTAssertEqual(screened.retainedArea.m2, 599993.9079688955, accuracy: 0.01)
        XCTAssertEqual(result.summary.prohibited, 1)
        XCTAssertEqual(result.summary.overlapping, 1)
    }

    func testEdgeTouchingIsNotAnOverlapButIsNearWithABuffer() throws {
        let right = try rectangle(x0, y0, x0 + 1000, y0 + 1000)
        let touching = ("Z1", "核心区", try rectangle(x0 + 1000, y0, x0 + 2000, y0 + 1000))
        let apart = try screen(right, try zones([touching]))
        XCTAssertEqual(apart.rights[0].overlaps.count, 0)
        XCTAssertEqual(apart.rights[0].verdict, .clear)
        XCTAssertEqual(apart.summary.slivers, 0)
        let near = try screen(right, try zones([touching, ("Z2", "实验区", try rectangle(x0 + 1300, y0, x0 + 1400, y0 + 100))], buffer: 500))
        XCTAssertEqual(near.rights[0].verdict, .near)
        XCTAssertEqual(near.rights[0].near.map(\.featureID), ["Z1", "Z2"])
        XCTAssertEqual(near.rights[0].near[1].distanceM, 300, accuracy: 0.01)
    }

    func testConstraintLayerInAnotherCRS() throws {
        // The same core zone given in longitude/latitude (EPSG:4490): its corners transformed from GK.
        var corners = [x0 + 600, y0 - 500, x0 + 2000, y0 - 500, x0 + 2000, y0 + 1500, x0 + 600, y0 + 1500]
        try CoordinateTransform(from: try SpatialReference(epsg: 4526), to: try SpatialReference(epsg: 4490)).transform(&corners)
        let lonLat = try context.polygon(rings: [corners])
        let result = try screen(try rectangle(x0, y0, x0 + 1000, y0 + 1000), try zones([("Z1", "核心区", lonLat)], epsg: 4490))
        // The zone's edges are straight in longitude/latitude (CONTRACT "Areas/Edges"): the
        // overlap is the exact area of the GK rectangle ∩ the lon/lat quadrangle as drawn,
        // intersected in the lon/lat plane after densifying the GK edges to 1 m (`ExactArea`).
        let right = try ExactArea.projectedRingToLonLat([x0, y0, x0 + 1000, y0, x0 + 1000, y0 + 1000, x0, y0 + 1000, x0, y0],
                                                        from: try SpatialReference(epsg: 4526))
        let drawn = try context.polygon(rings: [right]).intersection(lonLat)
        let exact = ExactArea.lonLat(try drawn.polygonRings())
        XCTAssertEqual(result.rights[0].overlaps.first?.area.m2 ?? 0, exact, accuracy: exact * 1e-6)
        XCTAssertEqual(result.rights[0].workingCRS, "EPSG:4526")
    }

    func testSliversAreCountedNotReported() throws {
        // A 1 mm overlap along a 1 m edge: 0.001 m², below the default 0.01 m².
        let right = try rectangle(x0, y0, x0 + 1000, y0 + 1000)
        let result = try screen(right, try zones([("Z1", "核心区", try rectangle(x0 + 999.999, y0 + 10, x0 + 1500, y0 + 11))]))
        XCTAssertEqual(result.rights[0].overlaps.count, 0)
        XCTAssertEqual(result.summary.slivers, 1)
        let strict = try screen(right, try zones([("Z1", "核心区", try rectangle(x0 + 999.999, y0 + 10, x0 + 1500, y0 + 11))]), minArea: 0.0001)
        XCTAssertEqual(strict.rights[0].overlaps.first?.area.m2 ?? 0, 0.001, accuracy: 0.0001)
    }

    func testInvalidConstraintIsRepairedAndReported() throws {
        // A bow-tie core zone: GEOS repairs it into two triangles, one of which overlaps the right.
        let bowTie = try context.polygon(rings: [[x0 + 500, y0 + 500, x0 + 1500, y0 + 1500, x0 + 1500, y0 + 500, x0 + 500, y0 + 1500]])
        let result = try screen(try rectangle(x0, y0, x0 + 1000, y0 + 1000), try zones([("Z1", "核心区", bowTie)]))
        XCTAssertEqual(result.repaired.map(\.id), ["Z1"])
        // The left triangle (500,500)–(1000,1000)–(500,1500) clipped at y = 1000 is the triangle
        // (500,500)–(1000,1000)–(500,1000): ½ × 500 × 500 = 125 000 m² in the plane; the right
        // triangle touches the right only at (1000,1000). Its ellipsoidal area by `ExactArea`.
        XCTAssertEqual(result.rights[0].overlaps.count, 1)
        let triangle = [x0 + 500, y0 + 500, x0 + 1000, y0 + 1000, x0 + 500, y0 + 1000, x0 + 500, y0 + 500]
        let exact = try ExactArea.projected([[triangle]], crs: try SpatialReference(epsg: 4526))
        XCTAssertEqual(exact, 125_000, accuracy: 125_000 * 1e-3, "GK scale near the central meridian")
        XCTAssertEqual(result.rights[0].overlaps[0].area.m2, exact, accuracy: exact * 1e-6)
    }

    func testConfigErrorsNameTheLine() throws {
        let bad = "rights:\n  source: rights.gpkg\nlayers:\n  - name: a\n    source: a.shp\n    rules: {核心区: forbidden-ish}\n"
        XCTAssertThrowsError(try ScreenConfig.parse(bad, path: "screen.yaml", baseDirectory: ".")) { error in
            XCTAssertTrue("\(error)".hasPrefix("screen.yaml:6:"), "\(error)")
        }
        let broken = "rights:\n  source: [unclosed\nlayers: []\n"
        XCTAssertThrowsError(try ScreenConfig.parse(broken, path: "screen.yaml", baseDirectory: ".")) { error in
            XCTAssertTrue("\(error)".contains("line"), "\(error)")
        }
        let missing = "rights:\n  id_field: id\nlayers:\n  - name: a\n    source: a.shp\n"
        XCTAssertThrowsError(try ScreenConfig.parse(missing, path: "screen.yaml", baseDirectory: ".")) { error in
            XCTAssertTrue("\(error)".contains("missing key 'source'"), "\(error)")
        }
    }
}
