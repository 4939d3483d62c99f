import CGDAL
import Foundation

/// An area, printed in the three units users report in.
public struct Area: Codable, Equatable, Sendable, Comparable {
    /// Square metres per 亩: 1 mu = 10000/15 m².
    public static let squareMetresPerMu = 10_000.0 / 15.0

    public var m2: Double
    public init(m2: Double) { self.m2 = m2 }
    public init(mu: Double) { self.m2 = mu * Area.squareMetresPerMu }
    public init(ha: Double) { self.m2 = ha * 10_000 }

    public var mu: Double { m2 / Area.squareMetresPerMu }
    public var ha: Double { m2 / 10_000 }
    public var km2: Double { m2 / 1_000_000 }

    public static let zero = Area(m2: 0)
    public static func + (a: Area, b: Area) -> Area { Area(m2: a.m2 + b.m2) }
    public static func - (a: Area, b: Area) -> Area { Area(m2: a.m2 - b.m2) }
    public static func < (a: Area, b: Area) -> Bool { a.m2 < b.m2 }

    /// "12345.67 m² (18.52 亩, 1.2346 ha)"
    public var description: String {
        String(format: "%.2f m² (%.2f 亩, %.4f ha)", m2, mu, ha)
    }
}

/// How ellipsoidal areas are computed (`--area-method`, CONTRACT.md "Area methods").
public enum AreaMethod: String, Codable, Sendable, CaseIterable {
    /// PROJ's geodesic polygon area (`geod_polygonarea`) of the densified polygon.
    case geodesic
    /// TD/T 1055-2019 Appendix D (`TDT1055Area`) of the densified polygon.
    case tdt1055
}

/// Computes areas of geometries expressed in one CRS: ellipsoidal and planar. Geometry stored
/// in longitude/latitude gets the exact area of the region as drawn (`LonLatArea`, no
/// densification, no transformation) under the geodesic method; in a projected CRS its edges
/// are densified there, its vertices transformed to the CRS's own geographic CRS, and the area
/// method applied on its ellipsoid. Holds a coordinate transformation, so it is not thread-safe: one per
/// worker.
public final class AreaCalculator {
    public let crs: SpatialReference
    public let method: AreaMethod
    private let toGeographic: CoordinateTransform?
    private let edges: EdgeDensification
    private let geodesic: GeodesicArea
    private let tdt1055: TDT1055Area
    /// The exact area of straight longitude/latitude edges (geographic CRS, geodesic method).
    private let lonLat: LonLatArea?

    public init(crs: SpatialReference, method: AreaMethod = .geodesic) throws {
        self.crs = crs
        self.method = method
        let geographic = try crs.geographic()
        let ellipsoid = try geographic.ellipsoid()
        geodesic = GeodesicArea(ellipsoid)
        tdt1055 = TDT1055Area(ellipsoid)
        edges = try EdgeDensification(crs)
        toGeographic = crs.isGeographic ? nil : try CoordinateTransform(from: crs, to: geographic)
        lonLat = crs.isGeographic && method == .geodesic ? LonLatArea(ellipsoid, radiansPerUnit: crs.radiansPerUnit) : nil
    }

    /// Ellipsoidal area of the polygonal parts of `geometry` (lines and points count 0).
    public func ellipsoidalArea(_ geometry: Geometry) throws -> Area {
        var total = 0.0
        for polygon in try geometry.polygonRings() {
            var areas: [Double] = []
            for ring in polygon {
                if let lonLat {
                    areas.append(lonLat.ringArea(ring))
                    continue
                }
                var lonLat = edges.densify(ring)
                try toGeographic?.transform(&lonLat)
                areas.append(method == .geodesic ? geodesic.ringArea(lonLat) : tdt1055.ringArea(lonLat))
            }
            guard let shell = areas.first else { continue }
            total += max(0, shell - areas.dropFirst().reduce(0, +))
        }
        return Area(m2: total)
    }

    /// Planar area in the CRS's units squared (meaningful for projected CRSs).
    public func planarArea(_ geometry: Geometry) throws -> Area {
        Area(m2: try geometry.planarArea())
    }
}

/// The exact ellipsoidal area of a ring whose edges are straight in longitude/latitude (as a
/// GIS draws a layer stored in lon/lat): on an ellipsoid (a, e²) the area element is
/// M·N·cosφ dφ dλ, so by Green's theorem the area is |∮ G(φ) dλ| with
///
///     G(φ) = ∫₀^φ M N cos φ' dφ' = (b²/2)·[ sinφ/(1 − e²sin²φ) + atanh(e·sinφ)/e ]
///
/// and along a straight edge φ is linear in λ: the edge's share is Δλ·∫₀¹ G(φ₀ + t·Δφ) dt,
/// integrated with `points`-point Gauss-Legendre (5 and 8 points agree to 1e-12 on parcel edges),
/// and with 3 points on edges spanning at most `shortEdge` of latitude (a parcel's corners, a
/// fragmented layer's pieces): the 3-point rule's error, Δφ⁶·G⁽⁶⁾/2,016,000 with G⁽⁶⁾ ≲ a², is
/// under 1e-5 m² per radian of longitude at 0.5°, below the rounding of each G (4e13·ε ≈ 4e-3)
/// — measured against 16 points, 3 and 5 points differ only by that rounding up to 1°. (The
/// 2-point rule is not: 0.09 m² per radian at 0.1°.)
/// G at the ring's first vertex is subtracted from every G (∮ dλ = 0), so no precision is lost
/// on small rings. No densification and no transformation: faster than densified geodesic
/// areas, and exact where those are within 1e-6.
public struct LonLatArea: Sendable {
    public let ellipsoid: Ellipsoid
    let b2: Double
    let e2: Double
    let e: Double
    let radiansPerUnit: Double
    /// Gauss-Legendre nodes mapped to [0, 1] and their weights (summing to 1): `points` of
    /// them, and 3 for short edges.
    let nodes: [(t: Double, w: Double)]
    let shortNodes: [(t: Double, w: Double)]
    /// The latitude span (radians) up to which an edge is integrated with 3 points: 0.5°.
    static let shortEdge = 0.5 * Double.pi / 180

    public init(_ ellipsoid: Ellipsoid, radiansPerUnit: Double = .pi / 180, points: Int = 5) {
        self.ellipsoid = ellipsoid
        let a = ellipsoid.semiMajorAxis, f = ellipsoid.flattening
        e2 = f * (2 - f)
        e = e2.squareRoot()
        b2 = a * a * (1 - e2)
        self.radiansPerUnit = radiansPerUnit
        nodes = Self.gaussLegendre(points)
        shortNodes = Self.gaussLegendre(min(points, 3))
    }

    /// G(φ), φ in radians (m² per radian of longitude).
    @inline(__always) func g(_ phi: Double) -> Double {
        let s = sin(phi)
        return b2 / 2 * (s / (1 - e2 * s * s) + atanh(e * s) / e)
    }

    /// Area in m² of one ring of interleaved lon,lat (closing point optional), unsigned.
    public func ringArea(_ lonLat: [Double]) -> Double {
        let count = lonLat.count / 2
        guard count >= 3 else { return 0 }
        let k = radiansPerUnit
        let g0 = g(lonLat[1] * k)
        var sum = 0.0
        var (l1, p1) = (lonLat[0] * k, lonLat[1] * k)
        for index in 1...count {
            let next = index % count
            let (l2, p2) = (lonLat[2 * next] * k, lonLat[2 * next + 1] * k)
            let dl = l2 - l1
            if dl != 0 {
                let dp = p2 - p1
                var mean = 0.0
                if dp == 0 {
                    mean = g(p1) - g0
                } else {
                    for node in abs(dp) <= Self.shortEdge ? shortNodes : nodes { mean += node.w * (g(p1 + node.t * dp) - g0) }
                }
                sum += dl * mean
            }
            (l1, p1) = (l2, p2)
        }
        return abs(sum)
    }

    /// Nodes on [0, 1] and weights (summing to 1) of the n-point Gauss-Legendre rule: the
    /// roots of the Legendre polynomial Pₙ by Newton's method from the usual first guesses.
    static func gaussLegendre(_ n: Int) -> [(t: Double, w: Double)] {
        (1...max(1, n)).map { i -> (t: Double, w: Double) in
            var x = cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var slope = 1.0
            for _ in 0..<50 {
                var (p, previous) = (1.0, 0.0)
                for j in 1...n {
                    (p, previous) = (((2 * Double(j) - 1) * x * p - (Double(j) - 1) * previous) / Double(j), p)
                }
                slope = Double(n) * (x * p - previous) / (x * x - 1)
                let step = p / slope
                x -= step
                if abs(step) < 1e-15 { break }
            }
            return (t: (1 + x) / 2, w: 1 / ((1 - x * x) * slope * slope))
        }
    }
}
