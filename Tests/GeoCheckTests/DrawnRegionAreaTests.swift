import Foundation
import XCTest
@testable import GeoCheck

/// Areas against the exact ellipsoidal area of the region as drawn (`ExactArea`, written in the
/// tests): CONTRACT.md "Areas/Edges" — within 1e-6 relative whatever the working CRS, and the
/// default overlay (Gauss-Krüger zone) and `--overlay-crs source` within 1e-6 of each other.
final class DrawnRegionAreaTests: XCTestCase {
    var context: GEOSContext!
    var directory: String!

    override func setUpWithError() throws {
        context = try GEOSContext()
        directory = NSTemporaryDirectory() + "geocheck-drawn-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    /// A GeoJSON file of polygons (one ring each) in EPSG:`epsg`.
    func writeLayer(_ name: String, epsg: Int, _ features: [(id: String, ring: [Double])]) throws -> String {
        let items = features.map { feature -> String in
            var points: [String] = []
            for index in 0..<(feature.ring.count / 2) {
                points.append("[\(feature.ring[2 * index]),\(feature.ring[2 * index + 1])]")
            }
            return "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(feature.id)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\(points.joined(separator: ","))]]}}"
        }
        let text = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::\(epsg)\"}},\"features\":[\(items.joined(separator: ","))]}"
        let path = "\(directory!)/\(name).geojson"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func closed(_ ring: [Double]) -> [Double] { ring + [ring[0], ring[1]] }

    /// Lon/lat → EPSG:`epsg` (plain PROJ), rounded to 1 cm as surveyed coordinates are.
    func project(_ lonLat: [Double], to epsg: Int) throws -> [Double] {
        var xy = lonLat
        try CoordinateTransform(from: try SpatialReference(epsg: 4490), to: try SpatialReference(epsg: epsg)).transform(&xy)
        return xy.map { ($0 * 100).rounded() / 100 }
    }

    /// The exact area of (lon/lat right) ∩ (feature drawn in `crs`), intersected in the lon/lat
    /// plane after densifying projected edges to 1 m.
    func exactOverlap(right: [Double], feature: [Double], crs: SpatialReference) throws -> Double {
        let drawn = crs.isGeographic ? feature : try ExactArea.projectedRingToLonLat(feature, from: crs)
        let piece = try context.polygon(rings: [right]).intersection(try context.polygon(rings: [drawn]))
        return ExactArea.lonLat(try piece.polygonRings())
    }

    /// A lon/lat right across the boundary of GK zones 38 and 39 (115.5°E), 20 km edges,
    /// against lon/lat and GK zone 38 features: a quadrangle, a 22 m strip, a 20 m sliver along
    /// the right's edge bounded by a GK edge.
    func testScreenAcrossZonesMatchesDrawnRegionInBothOverlayCRSs() throws {
        let right = closed([115.40, 30.00, 115.62, 30.01, 115.60, 30.10, 115.45, 30.12])
        let rights = try writeLayer("rights", epsg: 4490, [("R", right)])
        let quad = closed([115.48, 29.95, 115.70, 30.05, 115.52, 30.20, 115.43, 30.09])
        let strip = closed([115.30, 30.06, 115.70, 30.06, 115.70, 30.0602, 115.30, 30.0602])
        let lonLat = try writeLayer("lonlat", epsg: 4490, [("quad", quad), ("strip", strip)])
        // GK zone 38 (EPSG:4526): a quadrangle, and a sliver whose north edge runs 20 m north of
        // (and parallel, in GK, to) the right's south edge.
        let gkQuad = closed(try project([115.35, 30.03, 115.58, 30.02, 115.66, 30.14, 115.50, 30.16], to: 4526))
        let south = try project([115.40, 30.00, 115.62, 30.01], to: 4526)
        let (dx, dy) = (south[2] - south[0], south[3] - south[1])
        let (q0x, q0y, q1x, q1y) = (south[0] - 0.05 * dx, south[1] - 0.05 * dy, south[2] + 0.05 * dx, south[3] + 0.05 * dy)
        let sliver = closed([q0x, q0y - 2000, q1x, q1y - 2000, q1x, q1y + 20, q0x, q0y + 20])
        let gk = try writeLayer("gk", epsg: 4526, [("gkquad", gkQuad), ("sliver", sliver)])

        let wgs = try SpatialReference(epsg: 4490), zone38 = try SpatialReference(epsg: 4526)
        var expected: [String: Double] = ["right": ExactArea.lonLatRing(right)]
        expected["lonlat/quad"] = try exactOverlap(right: right, feature: quad, crs: wgs)
        expected["lonlat/strip"] = try exactOverlap(right: right, feature: strip, crs: wgs)
        expected["gk/gkquad"] = try exactOverlap(right: right, feature: gkQuad, crs: zone38)
        expected["gk/sliver"] = try exactOverlap(right: right, feature: sliver, crs: zone38)
        XCTAssertGreaterThan(expected["gk/sliver"] ?? 0, 10_000, "the sliver pair is ≥ 1 ha")

        var results: [Bool: [String: Double]] = [:]
        for inSource in [false, true] {
            var options = ScreenOptions()
            options.overlayInSourceCRS = inSource
            options.workers = 1
            let outcome = try Screen.run(rights: RightsSpec(source: rights, idField: "id"),
                                         layers: [ConstraintSpec(name: "lonlat", source: lonLat, idField: "id"),
                                                  ConstraintSpec(name: "gk", source: gk, idField: "id")], options: options)
            let result = try XCTUnwrap(outcome.result.rights.first)
            var got = ["right": result.area.m2]
            for overlap in result.overlaps { got["\(overlap.layer)/\(overlap.featureID)"] = overlap.area.m2 }
            results[inSource] = got
        }
        var worst = (reference: 0.0, between: 0.0)
        for (key, want) in expected {
            let zone = try XCTUnwrap(results[false]?[key], key), source = try XCTUnwrap(results[true]?[key], key)
            XCTAssertEqual(zone, want, accuracy: want * 1e-6, "\(key): default (GK zone) vs exact")
            XCTAssertEqual(source, want, accuracy: want * 1e-6, "\(key): --overlay-crs source vs exact")
            XCTAssertEqual(zone, source, accuracy: want * 1e-6, "\(key): default vs --overlay-crs source")
            worst.reference = max(worst.reference, abs(zone - want) / want, abs(source - want) / want)
            worst.between = max(worst.between, abs(zone - source) / want)
        }
        print(String(format: "drawn-region: max relative deviation from exact %.2e, default vs source %.2e", worst.reference, worst.between))
    }

    /// A small deterministic generator (64-bit LCG) for the parcels.
    struct Generator {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * next() }
    }

    /// Licence-sized parcels drawn in a CGCS2000 3° Gauss-Krüger zone: 0.2–20 km², edges up to
    /// 5 km, 22°–50° N, up to 1.4° from the central meridian.
    func parcels(count: Int) throws -> [(crs: SpatialReference, ring: [Double])] {
        var random = Generator(state: 2026)
        var made: [(SpatialReference, [Double])] = []
        while made.count < count {
            let zone = Int(random.uniform(25, 46))
            let lon = Double(zone * 3) + random.uniform(-1.4, 1.4), lat = random.uniform(22, 50)
            let epsg = 4513 + zone - 25
            let centre = try project([lon, lat], to: epsg)
            let corners = Int(random.uniform(3, 9))
            let radius = random.uniform(400, 2600)
            var angles = (0..<corners).map { _ in random.uniform(0, 2 * .pi) }.sorted()
            if corners == 3 { angles = [0, 2.2, 4.1].map { $0 + random.uniform(0, 0.3) } }
            var ring: [Double] = []
            for angle in angles {
                let r = radius * random.uniform(0.7, 1.0)
                ring += [((centre[0] + r * cos(angle)) * 100).rounded() / 100, ((centre[1] + r * sin(angle)) * 100).rounded() / 100]
            }
            var planar = 0.0
            for index in 0..<corners {
                let next = (index + 1) % corners
                planar += ring[2 * index] * ring[2 * next + 1] - ring[2 * next] * ring[2 * index + 1]
            }
            guard (200_000...20_000_000).contains(abs(planar) / 2) else { continue }
            made.append((try SpatialReference(epsg: epsg), closed(ring)))
        }
        return made
    }

    /// TD/T 1055 as its evaluation rule states it, written independently: GK edges longer than
    /// 70 m get int(len/70) points, vertices go to B, L with PROJ, and each edge is straight in
    /// the Lambert cylindrical equal-area plane (λ, G(φ)): area = |Σ (λ₂ − λ₁)(G₁ + G₂)/2|.
    func independentTDT1055(_ ring: [Double], crs: SpatialReference) throws -> Double {
        var dense: [Double] = []
        for index in 0..<(ring.count / 2 - 1) {
            let (x0, y0, x1, y1) = (ring[2 * index], ring[2 * index + 1], ring[2 * index + 2], ring[2 * index + 3])
            let length = hypot(x1 - x0, y1 - y0)
            let points = length > 70 ? Int(length / 70) : 0
            for k in 0...points {
                let t = Double(k) / Double(points + 1)
                dense += [x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]
            }
        }
        try CoordinateTransform(from: crs, to: try crs.geographic()).transform(&dense)
        let r = ExactArea.radians
        let g0 = ExactArea.g(dense[1] * r)
        var sum = 0.0
        let count = dense.count / 2
        for index in 0..<count {
            let next = (index + 1) % count
            sum += (dense[2 * next] - dense[2 * index]) * r
                * (ExactArea.g(dense[2 * index + 1] * r) + ExactArea.g(dense[2 * next + 1] * r) - 2 * g0) / 2
        }
        return abs(sum)
    }

    func testGaussKrugerParcelsGeodesicExactAndTDT1055() throws {
        var worst = (geodesicVsExact: 0.0, tdtVsIndependent: 0.0, tdtVsGeodesic: 0.0, tdtVsExact: 0.0)
        for (crs, ring) in try parcels(count: 60) {
            let polygon = try context.polygon(rings: [ring])
            let geodesic = try AreaCalculator(crs: crs).ellipsoidalArea(polygon).m2
            let tdt = try AreaCalculator(crs: crs, method: .tdt1055).ellipsoidalArea(polygon).m2
            let exact = try ExactArea.projected([[ring]], crs: crs)
            let independent = try independentTDT1055(ring, crs: crs)
            XCTAssertGreaterThan(exact, 190_000)
            XCTAssertLessThan(exact, 21_000_000)
            XCTAssertEqual(geodesic, exact, accuracy: exact * 1e-6, "geodesic vs exact drawn region")
            XCTAssertEqual(tdt, independent, accuracy: 1e-4, "tdt1055 vs the independent TD/T computation")
            XCTAssertEqual(tdt, geodesic, accuracy: 0.2, "tdt1055 vs geodesic (CONTRACT: 0.2 m²)")
            worst.geodesicVsExact = max(worst.geodesicVsExact, abs(geodesic - exact) / exact)
            worst.tdtVsIndependent = max(worst.tdtVsIndependent, abs(tdt - independent))
            worst.tdtVsGeodesic = max(worst.tdtVsGeodesic, abs(tdt - geodesic))
            worst.tdtVsExact = max(worst.tdtVsExact, abs(tdt - exact))
        }
        print(String(format: "GK parcels: geodesic vs exact max rel %.2e; tdt1055 vs independent max %.2e m²; tdt1055 vs geodesic max %.4f m²; tdt1055 vs exact max %.4f m²",
                     worst.geodesicVsExact, worst.tdtVsIndependent, worst.tdtVsGeodesic, worst.tdtVsExact))
    }

    /// The reference itself against a closed form: a graticule quadrangle (edges along parallels
    /// and meridians) has area b²·Δλ/2·[q(φ₂) − q(φ₁)] — here G(φ₂) − G(φ₁) times Δλ.
    func testReferenceReproducesTheQuadrangleFormula() {
        let ring = [110.0, 23.0, 110.5, 23.0, 110.5, 23.4, 110.0, 23.4, 110.0, 23.0]
        let want = 0.5 * ExactArea.radians * (ExactArea.g(23.4 * ExactArea.radians) - ExactArea.g(23 * ExactArea.radians))
        XCTAssertEqual(ExactArea.lonLatRing(ring), want, accuracy: want * 1e-12)
    }
}
