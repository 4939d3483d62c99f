import CGDAL
import Foundation

/// How the edges of geometry stored in a CRS are densified before they leave it (CONTRACT.md
/// "Areas/Edges"): an edge is a straight line in the CRS the layer is stored in, so before its
/// vertices are transformed (into a working CRS, or to longitude/latitude for an area) it gets
/// evenly spaced vertices that keep it on that line.
///
/// - projected CRS: a segment longer than 70 m gets `int(len/70)` points (the TD/T 1055
///   evaluation rule);
/// - geographic CRS: the same on the ground, with the segment's length measured on the
///   ellipsoid (meridian and prime-vertical radii at its mid-latitude) and a step of
///   `geographicStepM` — at most 70 m, and shorter where a straight longitude/latitude edge
///   curves against the geodesics (and Gauss-Krüger lines) between its points: its curvature is
///   κ ≈ tanφ·|sin α|·(1 + cos²α)/R at azimuth α (0 along a meridian, tanφ/R along a parallel),
///   and the area between a chord of length s and the edge is s³κ/12. The step keeps that below
///   `chordAreaPerMetre` m² per metre of edge: s = √(12·chordAreaPerMetre/κ) — about 28 m for an
///   east-west edge at 45°N, 36 m at 30°N, 45 m at 22°N.
///
/// A projected edge bound for longitude/latitude coordinates (an overlay in a geographic CRS)
/// curves there as much as a lon/lat edge does in a projected plane, so it gets points every
/// `toGeographicStepM` instead of 70 m. Areas are not affected: `AreaCalculator` densifies at
/// 70 m in the plane (the TD/T rule) and computes from those vertices.
public struct EdgeDensification: Sendable {
    /// The TD/T 1055 densification step in the Gauss-Krüger plane, metres.
    public static let maxEdgeM = 70.0
    /// The step of projected edges transformed into a geographic CRS, metres (the geographic
    /// step of an east-west edge at 50°N, where it is shortest in China).
    public static let toGeographicStepM = 25.0
    /// Area allowed between a chord and the lon/lat edge it replaces, m² per metre of edge: a
    /// 1 ha piece 20 m wide (1 km of edge) stays within 1e-6.
    public static let chordAreaPerMetre = 1e-5
    /// No segment gets more points than this (a segment longer than 7,000 km is not a parcel).
    static let maxPointsPerSegment = 100_000

    enum Kind: Sendable {
        case projected(metresPerUnit: Double, stepM: Double)
        case geographic(semiMajorAxis: Double, e2: Double, radiansPerUnit: Double)
    }

    let kind: Kind

    /// The rule for edges stored in `crs`; `target` is where they are going (nil: to compute an
    /// area, or into another projected CRS).
    public init(_ crs: SpatialReference, target: SpatialReference? = nil) throws {
        if crs.isGeographic {
            let ellipsoid = try crs.ellipsoid()
            let f = ellipsoid.flattening
            kind = .geographic(semiMajorAxis: ellipsoid.semiMajorAxis, e2: f * (2 - f), radiansPerUnit: crs.radiansPerUnit)
        } else {
            kind = .projected(metresPerUnit: crs.metresPerUnit,
                              stepM: target?.isGeographic == true ? Self.toGeographicStepM : Self.maxEdgeM)
        }
    }

    /// The step, in metres on the ground, for a longitude/latitude edge at `latitude` (radians)
    /// with ground components `east`, `north` (see the type's description).
    static func geographicStepM(latitude: Double, east: Double, north: Double) -> Double {
        let length = hypot(east, north)
        guard length > 0 else { return maxEdgeM }
        let (sine, cosine) = (abs(east) / length, north / length)
        let curvature = abs(tan(latitude)) * sine * (1 + cosine * cosine) / 6_371_000
        guard curvature > 1e-15 else { return maxEdgeM }
        return min(maxEdgeM, (12 * chordAreaPerMetre / curvature).squareRoot())
    }

    /// Points to insert on the segment (x0, y0)–(x1, y1).
    public func points(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Int {
        let pieces: Double
        switch kind {
        case .projected(let metres, let step):
            let length = hypot(x1 - x0, y1 - y0) * metres
            pieces = length > step ? (length / step).rounded(.down) : 0
        case .geographic(let a, let e2, let radians):
            let phi = (y0 + y1) / 2 * radians
            let s2 = sin(phi) * sin(phi)
            let w = (1 - e2 * s2).squareRoot()
            let north = a * (1 - e2) / (w * w * w) * (y1 - y0) * radians
            let east = a / w * cos(phi) * (x1 - x0) * radians
            let length = hypot(north, east)
            let step = Self.geographicStepM(latitude: phi, east: east, north: north)
            pieces = length > step ? (length / step).rounded(.down) : 0
        }
        guard pieces.isFinite else { return 0 }
        return Int(min(pieces, Double(Self.maxPointsPerSegment)))
    }

    /// Interleaved x,y with the points inserted.
    public func densify(_ xy: [Double]) -> [Double] {
        Densify.line(xy, points: points)
    }

    /// A copy of `geometry` with the points inserted on every edge.
    public func densify(_ geometry: Geometry) throws -> Geometry {
        try geometry.densified(points: points)
    }
}
