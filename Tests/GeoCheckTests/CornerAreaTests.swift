import Foundation
import XCTest

@testable import GeoCheck

/// Rings assembled by nesting, stated areas and their units, `coords` JSON keys (issue 9).
final class CornerAreaTests: XCTestCase {

    /// Squares (relative metres from E 438000, N 3301000 in CGCS2000 3° zone 38 without prefix).
    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, ring: Int) -> [String] {
        let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        return corners.enumerated().map { i, c in
            String(format: "J%d,%d,%.2f,%.2f", i + 1, ring, 3_301_000 + c.1, 438_000 + c.0)
        }
    }

    /// Ring 1 outer 1000×1000; ring 2 a separate part 300×300; ring 3 a hole 100×100 in ring 1;
    /// ring 4 a hole 500×500 in ring 1; ring 5 an island 200×200 inside hole 4; ring 6 a hole
    /// 100×100 in part 2.
    static let rings: [(Double, Double, Double, Double)] = [
        (0, 0, 1000, 1000), (2000, 0, 2300, 300), (100, 100, 200, 200),
        (400, 400, 900, 900), (500, 500, 700, 700), (2100, 100, 2200, 200),
    ]
    /// By hand: 1000² − 100² − 500² + 200² + 300² − 100² = 860 000 m².
    static let handArea = 1_000_000.0 - 10_000 - 250_000 + 40_000 + 90_000 - 10_000

    static func exchange(statedArea: String, 转换参数: String = ",,,,,,") -> String {
        var lines = ["[属性描述]", "坐标系=2000国家大地坐标系", "几度分带=3", "带号=38", "转换参数=\(转换参数)", "[地块坐标]"]
        lines.append("30,\(statedArea),K-1,嵌套地块,面,,采矿用地,,@")
        for (i, r) in rings.enumerated() { lines += square(r.0, r.1, r.2, r.3, ring: i + 1) }
        return lines.joined(separator: "\n") + "\n"
    }

    func testRingsAreAssembledByNesting() throws {
        let file = try CornerCoordinates.parse(Data(Self.exchange(statedArea: "86.0000").utf8), path: "nested.txt")
        let result = try Coords.fromCornerFile(file, source: "nested.txt", output: nil)
        let block = try XCTUnwrap(result.blocks.first)
        XCTAssertEqual(result.repaired, [], "nested rings are valid as drawn: nothing to repair")
        XCTAssertEqual(block.planarAreaM2, Self.handArea, accuracy: 1e-6)
        // Second method: the signed sum of the ellipsoidal areas of the six squares alone.
        let context = try GEOSContext()
        let areas = try AreaCalculator(crs: try SpatialReference(epsg: 4547))
        var signed = 0.0
        for (i, r) in Self.rings.enumerated() {
            let xy = [r.0, r.1, r.2, r.1, r.2, r.3, r.0, r.3, r.0, r.1].enumerated().map { $0.offset % 2 == 0 ? 438_000 + $0.element : 3_301_000 + $0.element }
            let area = try areas.ellipsoidalArea(try context.polygon(rings: [xy])).m2
            signed += [0, 1, 4].contains(i) ? area : -area
        }
        XCTAssertEqual(block.areaM2, signed, accuracy: 1e-3)
        let polygon = try CornerLayer.polygon(file.blocks[0], context: context)
        XCTAssertEqual(try polygon.type(), .multiPolygon)
        XCTAssertEqual(polygon.partCount, 3, "outer with two holes, the island, the separate part")
        XCTAssertEqual(block.statedUnit, .ha)
        XCTAssertEqual(block.statedArea, 86)
        XCTAssertEqual(result.warnings, [])
    }

    func testStatedAreaUnits() throws {
        // 860 000 m² planar; the ellipsoidal area differs by ~47 ppm at 62 km from the CM.
        let cases: [(String, StatedAreaUnit?)] = [
            ("860000.00", .m2), ("86.0000", .ha), ("1290.00", .mu), ("0.8600", .km2), ("0.86", .km2),
            ("86.5", nil), ("860100", nil), ("1290.5", nil),
        ]
        for (stated, unit) in cases {
            let file = try CornerCoordinates.parse(Data(Self.exchange(statedArea: stated).utf8), path: "s.txt")
            let result = try Coords.fromCornerFile(file, source: "s.txt", output: nil)
            XCTAssertEqual(result.blocks[0].statedUnit, unit, stated)
            XCTAssertEqual(result.warnings.count, unit == nil ? 1 : 0, stated)
            if unit == nil { XCTAssertTrue(result.warnings[0].contains("block K-1"), result.warnings[0]) }
        }
        // A text in the field does not stop the file from reading.
        let text = try CornerCoordinates.parse(Data(Self.exchange(statedArea: "约86公顷").utf8), path: "t.txt")
        let result = try Coords.fromCornerFile(text, source: "t.txt", output: nil)
        XCTAssertNil(result.blocks[0].statedArea)
        XCTAssertNil(result.blocks[0].statedUnit)
        XCTAssertTrue(result.warnings.first?.contains("not a number") == true)
    }

    func testJSONHasEveryContractKeyWithNulls() throws {
        let plain = "1,3301000.00,38438000.00\n2,3301000.00,38438300.00\n3,3301200.00,38438300.00\n"
        let file = try CornerCoordinates.parse(Data(plain.utf8), path: "p.txt")
        let result = try Coords.fromCornerFile(file, source: "p.txt", output: nil)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        let block = try XCTUnwrap((json?["blocks"] as? [[String: Any]])?.first)
        for key in ["block", "points", "area_m2", "area_mu", "area_ha", "planar_area_m2", "top", "bottom", "stated_area", "stated_unit"] {
            XCTAssertTrue(block.keys.contains(key), key)
        }
        XCTAssertTrue(block["top"] is NSNull)
        XCTAssertTrue(block["bottom"] is NSNull)
        for key in ["command", "crs", "zone", "blocks"] { XCTAssertNotNil(json?[key], key) }
        // Hand: a right triangle 300 × 200 / 2.
        XCTAssertEqual(block["planar_area_m2"] as? Double ?? 0, 30_000, accuracy: 1e-6)
    }

    /// `转换参数` is read into the model and reaches the CRS as TOWGS84.
    func testTransformationParameters() throws {
        let params = "15.8,-154.4,-82.3,0.0,0.0,0.0,0.0"
        let file = try CornerCoordinates.parse(Data(Self.exchange(statedArea: "86", 转换参数: params).utf8), path: "x.txt")
        XCTAssertEqual(file.towgs84, [15.8, -154.4, -82.3, 0, 0, 0, 0])
        let crs = try CornerLayer.spatialReference(of: file)
        // A 3-shift-only Helmert moves a point by exactly (dx, dy, dz) in geocentric coordinates:
        // compare with the hand computation through the ellipsoid.
        let wgs84 = try SpatialReference(epsg: 4326)
        var point = [438_000.0, 3_301_000.0]
        try CoordinateTransform(from: crs, to: wgs84).transform(&point)
        var plain = [438_000.0, 3_301_000.0]
        try CoordinateTransform(from: try SpatialReference(epsg: 4547), to: try SpatialReference(epsg: 4490)).transform(&plain)
        let shifted = Self.helmertShift(lon: plain[0], lat: plain[1], dx: 15.8, dy: -154.4, dz: -82.3)
        XCTAssertEqual(point[0], shifted.lon, accuracy: 1e-7)
        XCTAssertEqual(point[1], shifted.lat, accuracy: 1e-7)
        XCTAssertThrowsError(try CornerCoordinates.parse(Data(Self.exchange(statedArea: "86", 转换参数: "1,2,3,4").utf8), path: "x.txt")) {
            XCTAssertEqual(($0 as? CornerFileError)?.line, 5)
        }
    }

    /// Geodetic → geocentric on GRS 80 (= CGCS2000 to 1e-4 mm), add the shift, back (Bowring).
    static func helmertShift(lon: Double, lat: Double, dx: Double, dy: Double, dz: Double) -> (lon: Double, lat: Double) {
        let a = 6_378_137.0, f = 1 / 298.257222101, e2 = f * (2 - f)
        let (l, p) = (lon * .pi / 180, lat * .pi / 180)
        let n = a / (1 - e2 * sin(p) * sin(p)).squareRoot()
        let x = n * cos(p) * cos(l) + dx, y = n * cos(p) * sin(l) + dy, z = n * (1 - e2) * sin(p) + dz
        // WGS 84 ellipsoid for the way back.
        let fw = 1 / 298.257223563, e2w = fw * (2 - fw)
        let r = (x * x + y * y).squareRoot()
        var phi = atan2(z, r * (1 - e2w))
        for _ in 0..<10 {
            let nw = a / (1 - e2w * sin(phi) * sin(phi)).squareRoot()
            phi = atan2(z + e2w * nw * sin(phi), r)
        }
        return (atan2(y, x) * 180 / .pi, phi * 180 / .pi)
    }

    /// A retained polygon with a 4 mm wide spike and a 0.004 m² sliver part: written on the
    /// 0.01 m grid, the spike collapses and is removed, the sliver is dropped, the file is GBK
    /// with 地块面积 (ha) and 数据产生日期, and it reads back as a valid polygon of 100 m × 100 m.
    func testRetainedFileIsValidAfterRounding() throws {
        let context = try GEOSContext()
        let (e, n) = (438_000.0, 3_301_000.0)
        let wkt = """
            MULTIPOLYGON (((\(e) \(n), \(e + 100) \(n), \(e + 100) \(n + 50), \(e + 150) \(n + 50.002), \(e + 100) \(n + 50.004), \
            \(e + 100) \(n + 100), \(e) \(n + 100), \(e) \(n))), \
            ((\(e + 300) \(n), \(e + 300.2) \(n), \(e + 300) \(n + 0.04), \(e + 300) \(n))))
            """
        let geometry = try context.geometry(wkt: wkt)
        XCTAssertNil(try geometry.validityProblem(), "valid before rounding")
        let date = Date(timeIntervalSince1970: 1_764_374_400)  // 2025-11-29
        let file = try XCTUnwrap(try RetainedCornerFile.file(geometry: geometry, epsg: 4547, name: "测试", minAreaM2: 0.01, date: date))
        let data = try RetainedCornerFile.data(file)
        XCTAssertNil(String(data: data, encoding: .utf8), "GBK by default")
        let back = try CornerCoordinates.parse(data, path: "retained.txt")
        XCTAssertEqual(back.encoding, "GB18030")
        XCTAssertEqual(back.header["数据产生日期"], "2025-11-29")
        XCTAssertEqual(back.blocks.count, 1, "the sliver part is dropped")
        let polygon = try CornerLayer.polygon(back.blocks[0], context: context)
        XCTAssertNil(try polygon.validityProblem())
        XCTAssertEqual(try polygon.planarArea(), 10_000, accuracy: 1e-6)
        let result = try Coords.fromCornerFile(back, source: "retained.txt", output: nil)
        XCTAssertEqual(result.repaired, [])
        XCTAssertEqual(result.blocks[0].statedUnit, .ha)
        XCTAssertEqual(try RetainedCornerFile.data(file, encoding: .utf8), Data(CornerCoordinates.write(file, form: .exchange).utf8))
    }

    /// An ordinary shape is rounded point by point (the fast path) to the same points as
    /// snap-rounding gives, written out by hand here; a spike or a sliver sends it to
    /// snap-rounding, which folds them away (`testRetainedFileIsValidAfterRounding`).
    func testGriddingRoundsPlainShapesAndSnapsTheRest() throws {
        let context = try GEOSContext()
        let (e, n) = (38_438_000.0, 3_301_000.0)
        let plain = try context.geometry(wkt: """
            POLYGON ((\(e + 0.004) \(n + 0.006), \(e + 120.3349) \(n - 0.0049), \(e + 120.126) \(n + 80.557), \(e + 0.001) \(n + 80.5449), \(e + 0.004) \(n + 0.006)), \
            (\(e + 20.012) \(n + 20.0149), \(e + 20.0051) \(n + 40.002), \(e + 40.009) \(n + 40.0), \(e + 20.012) \(n + 20.0149)))
            """)
        let gridded = try RetainedCornerFile.gridded(plain)
        let expected = [[e, n + 0.01, e + 120.33, n, e + 120.13, n + 80.56, e, n + 80.54, e, n + 0.01],
                        [e + 20.01, n + 20.01, e + 20.01, n + 40, e + 40.01, n + 40, e + 20.01, n + 20.01]]
        let rings = try gridded.polygonRings()
        XCTAssertEqual(rings.count, 1)
        XCTAssertEqual(rings.first?.map(\.count), expected.map(\.count))
        for (ring, want) in zip(rings.first ?? [], expected) {
            for (got, value) in zip(ring, want) { XCTAssertEqual(got, value, accuracy: 1e-6) }
        }
        let snapped = try plain.snapped(toGrid: 0.01)
        func points(_ g: Geometry) throws -> Set<[Double]> {
            Set(try g.polygonRings().flatMap { $0 }.flatMap { ring in stride(from: 0, to: ring.count, by: 2).map { [ring[$0], ring[$0 + 1]] } })
        }
        XCTAssertEqual(try points(gridded), try points(snapped))
        XCTAssertFalse(RetainedCornerFile.hasSpike(expected[0], minWidth: 0.05))
        XCTAssertTrue(RetainedCornerFile.hasSpike([0, 0, 100, 0, 100, 50, 150, 50.002, 100, 50.004, 100, 100, 0, 100, 0, 0], minWidth: 0.05))
        // A wedge of 0.5° whose shorter edge (10 m) ends 8.7 cm from the longer one is land;
        // one of 2° whose shorter edge (1 m) ends 3.5 cm from it is a spike.
        func wedge(degrees: Double, shorter: Double) -> [Double] {
            let angle = degrees * Double.pi / 180
            return [0, 0, 20, 0, 20 + shorter * cos(angle), shorter * sin(angle), 0, 0]
        }
        XCTAssertFalse(RetainedCornerFile.hasSpike(wedge(degrees: 179.5, shorter: 10), minWidth: 0.05))
        XCTAssertTrue(RetainedCornerFile.hasSpike(wedge(degrees: 178, shorter: 1), minWidth: 0.05))
        XCTAssertEqual(RetainedCornerFile.width([0, 0, 100, 0, 100, 0.01, 0, 0.01, 0, 0]), 0.01, accuracy: 1e-4)
    }

    /// The slivers an overlay leaves along a zone's edge (here a 100 m long part of 0.0001 m²)
    /// are dropped before gridding: the real part is then rounded point by point, to the points
    /// worked out by hand, instead of being snap-rounded with them.
    func testSliverPartsGoBeforeGridding() throws {
        let context = try GEOSContext()
        let (e, n) = (438_000.0, 3_301_000.0)  // EPSG:4547, no zone prefix
        let geometry = try context.geometry(wkt: """
            MULTIPOLYGON (((\(e + 0.004) \(n + 0.006), \(e + 120.3349) \(n - 0.0049), \(e + 120.126) \(n + 80.557), \(e + 0.001) \(n + 80.5449), \(e + 0.004) \(n + 0.006))), \
            ((\(e + 130) \(n), \(e + 230) \(n), \(e + 230) \(n + 0.000002), \(e + 130) \(n))))
            """)
        let kept = try XCTUnwrap(try RetainedCornerFile.partsThatMayReach(0.01, geometry))
        XCTAssertEqual(kept.partCount, 1)
        XCTAssertEqual(try kept.planarArea(), try geometry.part(0).planarArea(), accuracy: 1e-9)
        XCTAssertNil(try RetainedCornerFile.partsThatMayReach(0.01, try geometry.part(1)))
        let file = try XCTUnwrap(try RetainedCornerFile.file(geometry: geometry, epsg: 4547, name: "R", minAreaM2: 0.01))
        XCTAssertEqual(file.blocks.count, 1)
        let want = [e, n + 0.01, e + 120.33, n, e + 120.13, n + 80.56, e, n + 80.54, e, n + 0.01]
        let got = try CornerLayer.polygon(file.blocks[0], context: context).polygonRings()
        XCTAssertEqual(got.first?.first?.count, want.count)
        // In centimetres, as integers: the file's decimal text and e + 120.33 differ in the last bit.
        let centimetres = { (ring: [Double]) in Set(stride(from: 0, to: ring.count, by: 2).map { [Int((ring[$0] * 100).rounded()), Int((ring[$0 + 1] * 100).rounded())] }) }
        XCTAssertEqual(centimetres(got.first?.first ?? []), centimetres(want))
        for value in got.first?.first ?? [] { XCTAssertEqual(value * 100, (value * 100).rounded(), accuracy: 1e-4, "on the grid") }
    }

    /// A retained shape as the transform can leave it, crossing itself by 0.1 mm (here the ring
    /// comes back along its first edge, 0.1 mm below it): gridding removes the crossing and the
    /// shape is the 50 m × 100 m rectangle, 5,000 m² by hand.
    func testGriddingRemovesACrossingThinnerThanTheGrid() throws {
        let context = try GEOSContext()
        let (e, n) = (438_000.0, 3_301_000.0)
        let crossing = try context.geometry(wkt: """
            POLYGON ((\(e) \(n), \(e + 100) \(n), \(e + 100) \(n + 100), \(e + 50) \(n + 100), \(e + 50) \(n - 0.0001), \(e) \(n)))
            """)
        XCTAssertEqual(try crossing.validityProblem()?.kind, .selfIntersection)
        let gridded = try RetainedCornerFile.gridded(crossing)
        XCTAssertNil(try gridded.validityProblem())
        XCTAssertEqual(try gridded.planarArea(), 5_000, accuracy: 1e-6)
        for ring in try gridded.polygonRings().flatMap({ $0 }) {
            for value in ring { XCTAssertEqual(value * 100, (value * 100).rounded(), accuracy: 1e-4, "on the grid") }
        }
        let file = try XCTUnwrap(try RetainedCornerFile.file(geometry: crossing, epsg: 4547, name: "R", minAreaM2: 0.01))
        XCTAssertEqual(file.blocks.count, 1)
        XCTAssertEqual(try CornerLayer.polygon(file.blocks[0], context: context).planarArea(), 5_000, accuracy: 1e-6)
    }

    /// A shape crossing itself by far more than the grid (a bow tie of two 1,250 m² triangles,
    /// whose signed area is 0): snap-rounding's result is not trusted with it (the area moves by
    /// more than the grid can), it is repaired first, and both triangles are kept: 2,500 m².
    func testGriddingRepairsACrossingWiderThanTheGrid() throws {
        let context = try GEOSContext()
        let (e, n) = (438_000.0, 3_301_000.0)
        let bowTie = try context.geometry(wkt: """
            POLYGON ((\(e) \(n), \(e + 100) \(n + 50), \(e + 100) \(n), \(e) \(n + 50), \(e) \(n)))
            """)
        XCTAssertEqual(try bowTie.validityProblem()?.kind, .selfIntersection)
        let gridded = try RetainedCornerFile.gridded(bowTie)
        XCTAssertNil(try gridded.validityProblem())
        XCTAssertEqual(try gridded.planarArea(), 2_500, accuracy: 1e-6)
    }

    /// Folding: a corner where the ring comes back along itself (here 0.4 cm off, a zero-width
    /// spike and a doubled point) goes, a wedge 2 cm wide stays, and a ring folded to a line is
    /// nothing.
    func testFoldingBacktracks() {
        let spike = [0, 0, 100, 0, 100, 50, 150, 50.004, 100, 50, 100, 50, 100, 100, 0, 100, 0, 0]
        XCTAssertEqual(RetainedCornerFile.foldingBacktracks(spike, width: 0.01), [0, 0, 100, 0, 100, 50, 100, 100, 0, 100, 0, 0])
        let wedge = [0, 0, 100, 0, 100, 50, 150, 50.02, 100, 50.04, 100, 100, 0, 100, 0, 0]
        XCTAssertEqual(RetainedCornerFile.foldingBacktracks(wedge, width: 0.01), wedge)
        XCTAssertNil(RetainedCornerFile.foldingBacktracks([0, 0, 10, 0, 20, 0, 10, 0.001, 0, 0], width: 0.01))
    }

    /// Seeded random shapes as overlays and transforms leave them: star-shaped rings with
    /// hair-thin flaps (out along an edge and back, a fraction of a millimetre to one side) and
    /// wedges that come back along an edge just inside it or just across it (a crossing).
    /// Whichever way gridding takes (rounding and folding, snap-rounding, repair), the result is
    /// valid, on the grid, and holds the area GEOS's repair of the input gives (an independent
    /// method) within what the grid can move: perimeter × 0.01 m.
    func testGriddedRandomShapesAreValidOnTheGridAndKeepTheirArea() throws {
        let context = try GEOSContext()
        var random = SplitMix64(seed: 18)
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * Double(random.next() >> 11) / 0x1p53 }
        var invalidInputs = 0
        for number in 0..<300 {
            let (cx, cy) = (438_000 + uniform(0, 1_000), 3_301_000 + uniform(0, 1_000))
            let corners = Int(uniform(5, 40))
            var ring = (0..<corners).map { k -> (x: Double, y: Double) in  // counter-clockwise
                let (angle, radius) = (Double(k) / Double(corners) * 2 * .pi, uniform(40, 120))
                return (cx + radius * cos(angle), cy + radius * sin(angle))
            }
            for _ in 0..<Int(uniform(0, 5)) {
                let i = Int(uniform(0, Double(ring.count)))
                let (a, b) = (ring[i], ring[(i + 1) % ring.count])
                let length = hypot(b.x - a.x, b.y - a.y)
                let (ux, uy) = ((b.x - a.x) / length, (b.y - a.y) / length)  // left of it is inside
                let offset = uniform(-0.005, 0.005) * (uniform(0, 1) < 0.8 ? 0.1 : 1)
                let along = uniform(0.2, 0.8) * length
                let tip = (x: a.x + ux * along - uy * offset, y: a.y + uy * along + ux * offset)
                if uniform(0, 1) < 0.5 {
                    // A flap: a → tip → back on the edge → b.
                    let back = uniform(0.05, 0.9) * along
                    ring.insert(contentsOf: [tip, (x: a.x + ux * back, y: a.y + uy * back)], at: i + 1)
                } else {
                    // A wedge into a: the ring reaches the tip first and comes back along a → b.
                    ring.insert(tip, at: i)
                }
            }
            let shape = try context.polygon(rings: [ring.flatMap { [$0.x, $0.y] }])
            if try shape.validityProblem() != nil { invalidInputs += 1 }
            let gridded = try RetainedCornerFile.gridded(shape)
            XCTAssertNil(try gridded.validityProblem(), "shape \(number): \(shape.wkt())")
            for value in try gridded.polygonRings().joined().joined() {
                XCTAssertEqual(value * 100, (value * 100).rounded(), accuracy: 1e-3, "shape \(number) on the grid")
            }
            XCTAssertEqual(try gridded.planarArea(), try shape.validPolygonal().planarArea(), accuracy: try shape.length() * 0.01,
                           "shape \(number): \(shape.wkt())")
        }
        XCTAssertGreaterThan(invalidInputs, 30, "crossing inputs are among the shapes")
    }

    /// 数据产生日期 is the local calendar day, as Foundation's formatter gives it (checked
    /// against one around midnight, month and year ends, and a leap day).
    func testRetainedFileDateIsTheLocalDay() {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for seconds in [0.0, 951_782_400, 951_868_799.5, 1_767_225_599, 1_767_225_600, 1_796_083_199, 4_102_444_800] {
            let date = Date(timeIntervalSince1970: seconds)
            XCTAssertEqual(RetainedCornerFile.day(date), formatter.string(from: date), "\(seconds)")
        }
    }
}
