import Foundation
@testable import GeoCheck

/// The exact ellipsoidal area of a region as drawn — written here, independently of geocheck's
/// area code, as the reference for the area tests (and for the benchmark to copy).
///
/// On an ellipsoid (a, e²) the area element is M·N·cosφ dφ dλ, so by Green's theorem the area of
/// a region is |∮ G(φ) dλ| with
///
///     G(φ) = ∫₀^φ M N cos φ' dφ' = (b²/2)·[ sinφ/(1 − e²sin²φ) + atanh(e·sinφ)/e ]
///
/// (b² = a²(1 − e²); this is a²/2 times the authalic q(φ)). Along a straight longitude/latitude
/// edge φ is linear in λ, so the edge's share is Δλ·∫₀¹ G(φ₀ + t·Δφ) dt, integrated with
/// 5-point Gauss-Legendre (exact to ~1e-15 for edges of any length met in parcels). G(φ₀) of the
/// ring's first vertex is subtracted from every G (∮ dλ = 0) so that no precision is lost.
///
/// Edges drawn in a projected CRS (a Gauss-Krüger plane) are densified to 1 m there and their
/// vertices taken to longitude/latitude with PROJ: a 1 m chord of such an edge in the lon/lat
/// plane is off the true image by under 1e-8 m² per metre of edge.
enum ExactArea {
    static let a = 6_378_137.0
    static let f = 1 / 298.257222101
    static let e2 = f * (2 - f)
    static let e = e2.squareRoot()
    static let b2 = a * a * (1 - e2)
    static let radians = Double.pi / 180

    /// G(φ), φ in radians.
    static func g(_ phi: Double) -> Double {
        let s = sin(phi)
        return b2 / 2 * (s / (1 - e2 * s * s) + atanh(e * s) / e)
    }

    static let nodes = [-0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831, 0.9061798459386640]
    static let weights = [0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891]

    /// Area (m²) of a ring of interleaved lon,lat degrees whose edges are straight in lon/lat.
    static func lonLatRing(_ ring: [Double]) -> Double {
        let count = ring.count / 2
        guard count >= 3 else { return 0 }
        let g0 = g(ring[1] * radians)
        var sum = 0.0
        for index in 0..<count {
            let next = (index + 1) % count
            let (l1, p1) = (ring[2 * index] * radians, ring[2 * index + 1] * radians)
            let (l2, p2) = (ring[2 * next] * radians, ring[2 * next + 1] * radians)
            var integral = 0.0
            for (node, weight) in zip(nodes, weights) {
                let t = (node + 1) / 2
                integral += weight / 2 * (g(p1 + t * (p2 - p1)) - g0)
            }
            sum += (l2 - l1) * integral
        }
        return abs(sum)
    }

    /// Area of polygons [[shell, hole…]] in lon/lat with straight lon/lat edges.
    static func lonLat(_ polygons: [[[Double]]]) -> Double {
        polygons.reduce(0) { total, rings in
            total + lonLatRing(rings[0]) - rings.dropFirst().reduce(0) { $0 + lonLatRing($1) }
        }
    }

    /// A ring of a projected CRS densified to `step` metres (evenly), as lon/lat through PROJ.
    static func projectedRingToLonLat(_ ring: [Double], from crs: SpatialReference, step: Double = 1) throws -> [Double] {
        var dense: [Double] = []
        let count = ring.count / 2
        for index in 0..<(count - 1) {
            let (x0, y0, x1, y1) = (ring[2 * index], ring[2 * index + 1], ring[2 * index + 2], ring[2 * index + 3])
            let parts = max(1, Int((hypot(x1 - x0, y1 - y0) / step).rounded(.up)))
            for k in 0..<parts {
                let t = Double(k) / Double(parts)
                dense += [x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]
            }
        }
        dense += [ring[ring.count - 2], ring[ring.count - 1]]
        // The array form of CoordinateTransform is a plain PROJ call (no densification).
        try CoordinateTransform(from: crs, to: try crs.geographic()).transform(&dense)
        return dense
    }

    /// Exact area of polygons drawn in a projected CRS.
    static func projected(_ polygons: [[[Double]]], crs: SpatialReference) throws -> Double {
        try lonLat(polygons.map { try $0.map { try projectedRingToLonLat($0, from: crs) } })
    }
}
