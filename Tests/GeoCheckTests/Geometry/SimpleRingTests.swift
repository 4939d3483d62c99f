import Foundation
import XCTest
@testable import GeoCheck

/// `SimpleRing` may only ever call valid what GEOS calls valid, and should prove the plain
/// polygons rights are; its orientation is the exact one or silent.
final class SimpleRingTests: XCTestCase {
    var context: GEOSContext!

    override func setUpWithError() throws { context = try GEOSContext() }

    /// Whether the ring's polygon is proven valid, and whether GEOS's own check finds it valid;
    /// `validityProblem` (proof first, then GEOS) must say what GEOS says.
    func check(_ ring: [Double]) throws -> (proven: Bool, valid: Bool) {
        let polygon = try context.polygon(rings: [ring])
        let valid = try polygon.geosValidityProblem() == nil
        XCTAssertEqual(try polygon.validityProblem() == nil, valid, "\(ring)")
        // The same ring as a MultiPolygon of one part: the same proof, the same answer as GEOS.
        let multi = try context.collection([try context.polygon(rings: [ring])], type: .multiPolygon)
        XCTAssertEqual(try multi.type(), .multiPolygon)
        XCTAssertEqual(SimpleRing.provesValid(multi), SimpleRing.provesValid(polygon), "\(ring)")
        XCTAssertEqual(try multi.validityProblem() == nil, try multi.geosValidityProblem() == nil, "\(ring)")
        return (SimpleRing.provesValid(polygon), valid)
    }

    /// Rights-like stars (one corner per angular sector) are proven; random rings on a coarse
    /// grid (crossings, touching corners, corners in line, repeated points) never wrongly.
    func testProvenPolygonsAreValidForGEOS() throws {
        var generator = SplitMix64(seed: 1055)
        var (stars, provenStars) = (0, 0)
        var (invalid, provenValid) = (0, 0)
        for trial in 0..<4_000 {
            let corners = Int.random(in: 3...14, using: &generator)
            var ring: [Double] = []
            if trial % 2 == 0 {
                // A star around (100.5°, 30.5°) rounded to 1e-7°, as the benchmark's rights.
                for corner in 0..<corners {
                    let angle = (Double(corner) + Double.random(in: 0.1...0.9, using: &generator)) / Double(corners) * 2 * .pi
                    let radius = 0.01 * Double.random(in: 0.55...1, using: &generator)
                    ring += [((100.5 + radius * cos(angle)) * 1e7).rounded() / 1e7, ((30.5 + radius * sin(angle)) * 1e7).rounded() / 1e7]
                }
            } else {
                // Corners on a 4 × 4 grid in Gauss-Krüger metres: every degenerate case comes up.
                for _ in 0..<corners {
                    ring += [38_500_000 + Double(Int.random(in: 0...3, using: &generator)) * 10,
                             3_400_000 + Double(Int.random(in: 0...3, using: &generator)) * 10]
                }
            }
            ring += [ring[0], ring[1]]
            guard let (proven, valid) = try? check(ring) else { continue }  // GEOS refuses too few points
            if proven { XCTAssertTrue(valid, "proven valid but GEOS disagrees: \(ring)") }
            if trial % 2 == 0 {
                stars += 1
                if proven { provenStars += 1 }
            } else if !valid {
                invalid += 1
            } else if proven {
                provenValid += 1
            }
        }
        XCTAssertGreaterThan(invalid, 1_000)  // the grid rings do test the refusals
        XCTAssertGreaterThan(provenValid, 10)
        XCTAssertEqual(provenStars, stars, "stars not proven")
    }

    /// Rings of up to `maxEdges` corners (the swept pair test): stars of 50–256 corners are
    /// proven, and circles on a 10 m grid with corners moved anywhere (edges far apart in the
    /// ring crossing, touching, overlapping) never wrongly.
    func testLargeRingsSwept() throws {
        var generator = SplitMix64(seed: 3857)
        var invalid = 0
        for trial in 0..<600 {
            let corners = Int.random(in: 50...SimpleRing.maxEdges, using: &generator)
            var ring: [Double] = []
            for corner in 0..<corners {
                if trial % 2 == 0 {
                    let angle = (Double(corner) + Double.random(in: 0.1...0.9, using: &generator)) / Double(corners) * 2 * .pi
                    let radius = 1_000 * Double.random(in: 0.55...1, using: &generator)
                    ring += [500_000 + radius * cos(angle), 3_400_000 + radius * sin(angle)]
                } else {
                    // A circle through points of a 10 m grid…
                    let angle = Double(corner) / Double(corners) * 2 * .pi
                    ring += [500_000 + 10 * (100 * cos(angle)).rounded(), 3_400_000 + 10 * (100 * sin(angle)).rounded()]
                }
            }
            if trial % 2 == 1 {
                // …with a few corners moved anywhere in its box: edges far apart in the ring
                // cross, touch or overlap.
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let corner = Int.random(in: 0..<corners, using: &generator)
                    ring[2 * corner] = 500_000 + 10 * Double(Int.random(in: -100...100, using: &generator))
                    ring[2 * corner + 1] = 3_400_000 + 10 * Double(Int.random(in: -100...100, using: &generator))
                }
            }
            ring += [ring[0], ring[1]]
            guard let (proven, valid) = try? check(ring) else { continue }
            if proven { XCTAssertTrue(valid, "proven valid but GEOS disagrees: \(ring)") }
            if trial % 2 == 0 {
                XCTAssertTrue(proven, "star of \(corners) corners not proven")
            } else if !valid {
                invalid += 1
            }
        }
        XCTAssertGreaterThan(invalid, 100)
    }

    func testDegenerateRingsAreLeftToGEOS() throws {
        let cases: [(String, [Double])] = [
            ("bow tie", [0, 0, 10, 10, 10, 0, 0, 10, 0, 0]),
            ("spike back along an edge", [0, 0, 10, 0, 10, 10, 10, 5, 10, 15, 0, 10, 0, 0]),
            ("corners touching", [0, 0, 10, 0, 5, 5, 10, 10, 0, 10, 5, 5, 0, 0]),
            ("repeated point (valid, unproven)", [0, 0, 10, 0, 10, 0, 10, 10, 0, 10, 0, 0]),
            ("corner in line (valid, unproven)", [0, 0, 5, 0, 10, 0, 10, 10, 0, 10, 0, 0]),
            ("edge touching a corner", [0, 0, 10, 0, 10, 10, 5, 0.0, 0, 10, 0, 0]),
            // The first edge crosses the fourth; the third, between them in the ring, lies far
            // to the right: the sweep must still bring the two together.
            ("crossing edges apart in the ring", [0, 0, 4, 4, 10, 0, 10, -6, 0, 4, 0, 0]),
        ]
        for (name, ring) in cases {
            XCTAssertFalse(try check(ring).proven, name)
        }
        XCTAssertTrue(try check([0, 0, 10, 0, 10, 10, 0, 10, 0, 0]).proven)
        // Read from big-endian WKB, the same square; a hole, a MultiPolygon or a ring alone are not proven.
        var bigEndian: [UInt8] = [0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 5]
        for value in [0.0, 0, 10, 0, 10, 10, 0, 10, 0, 0] { withUnsafeBytes(of: value.bitPattern.bigEndian) { bigEndian += $0 } }
        XCTAssertTrue(SimpleRing.provesValid(try context.geometry(wkb: bigEndian)))
        let holed = try context.polygon(rings: [[0, 0, 10, 0, 10, 10, 0, 10, 0, 0], [2, 2, 2, 4, 4, 4, 4, 2, 2, 2]])
        XCTAssertFalse(SimpleRing.provesValid(holed))
        // A MultiPolygon of one plain part is its part; of two (which may overlap) it is GEOS's.
        XCTAssertTrue(SimpleRing.provesValid(try context.geometry(wkt: "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))")))
        for wkt in ["MULTIPOLYGON(((0 0, 2 0, 2 2, 0 0)), ((1 0, 3 0, 3 2, 1 0)))", "MULTIPOLYGON(((0 0, 1 0, 1 0, 0 0)))",
                    "LINEARRING(0 0, 1 0, 1 1, 0 0)", "POLYGON EMPTY", "MULTIPOLYGON EMPTY"] {
            let geometry = try context.geometry(wkt: wkt)
            XCTAssertFalse(SimpleRing.provesValid(geometry), wkt)
            XCTAssertEqual(try geometry.validityProblem() == nil, try geometry.geosValidityProblem() == nil, wkt)
        }
        // A Polygon Z: its X and Y are proven, as GEOS checks them.
        let raised = try context.geometry(wkt: "POLYGON Z((0 0 5, 10 0 6, 10 10 7, 0 10 8, 0 0 5))")
        XCTAssertTrue(SimpleRing.provesValid(raised))
        XCTAssertNil(try raised.geosValidityProblem())
    }

    /// The edge limits, coordinates that are not finite, and products that underflow (whose
    /// signs are lost).
    func testLimitsNonFiniteAndUnderflow() throws {
        func regular(_ corners: Int) -> [Double] {
            let ring = (0..<corners).flatMap { corner -> [Double] in
                let angle = Double(corner) / Double(corners) * 2 * .pi
                return [500_000 + 1_000 * cos(angle), 3_400_000 + 1_000 * sin(angle)]
            }
            return ring + [ring[0], ring[1]]
        }
        XCTAssertTrue(try check(regular(3)).proven)
        XCTAssertTrue(try check(regular(SimpleRing.maxEdges)).proven)
        XCTAssertFalse(try check(regular(SimpleRing.maxEdges + 1)).proven)
        for bad in [Double.nan, .infinity] {
            let ring = [0, 0, 10, 0, bad, 10, 0, 10, 0, 0]
            XCTAssertFalse(SimpleRing.isSimple(ring), "\(bad)")
        }
        // The products of these differences underflow: the floating-point sign is wrong (the exact one is +1).
        XCTAssertNil(SimpleRing.orientation(2.2227587494850775e-162, 1.667069062113808e-162,
                                            1.481839166323385e-162, 1.1113793747425387e-162, -1.7274305593057472e-178, 0))
        XCTAssertEqual(SimpleRing.orientation(0, 0, 1, 0, 0, 1), 1)
        XCTAssertEqual(SimpleRing.orientation(0, 0, 1, 0, 2, 0), 0)
    }

    /// Coordinates that are integers times 2⁻²⁰ near Gauss-Krüger values: the determinant is
    /// exact in 128-bit integers, and the orientation must be that sign or nil (nearly in line).
    func testOrientationIsExactOrSilent() {
        var generator = SplitMix64(seed: 4490)
        var (answered, silent) = (0, 0)
        for trial in 0..<20_000 {
            let base: Int64 = 38_500_000 << 20
            var a = (base + Int64.random(in: 0...(1 << 30), using: &generator), base + Int64.random(in: 0...(1 << 30), using: &generator))
            let b = (base + Int64.random(in: 0...(1 << 30), using: &generator), base + Int64.random(in: 0...(1 << 30), using: &generator))
            var c = (base + Int64.random(in: 0...(1 << 30), using: &generator), base + Int64.random(in: 0...(1 << 30), using: &generator))
            if trial % 2 == 0 {
                // Nearly in line: c on the line a–b moved by a few units of 2⁻²⁰.
                let t = Int64.random(in: -4...4, using: &generator)
                c = (a.0 + t * (b.0 - a.0) / 4 + Int64.random(in: -2...2, using: &generator), a.1 + t * (b.1 - a.1) / 4)
                if trial % 4 == 0 { a = (a.0 + 1, a.1) }
            }
            let exact = Int128(a.0 - c.0) * Int128(b.1 - c.1) - Int128(a.1 - c.1) * Int128(b.0 - c.0)
            let scale = 1.0 / Double(1 << 20)
            let found = SimpleRing.orientation(Double(a.0) * scale, Double(a.1) * scale, Double(b.0) * scale, Double(b.1) * scale,
                                               Double(c.0) * scale, Double(c.1) * scale)
            if let found {
                XCTAssertEqual(found, exact > 0 ? 1 : exact < 0 ? -1 : 0, "\(a) \(b) \(c)")
                answered += 1
            } else {
                silent += 1
            }
        }
        XCTAssertGreaterThan(answered, 10_000)
        XCTAssertGreaterThan(silent, 100)
    }
}
