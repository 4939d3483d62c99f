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

/// Computes areas of geometries expressed in one CRS: ellipsoidal (edges densified in that CRS,
/// vertices transformed to the CRS's own geographic CRS, then the area method on its
/// ellipsoid) and planar. Holds a coordinate transformation, so it is not thread-safe: one per
/// worker.
public final class AreaCalculator {
    public let crs: SpatialReference
    public let method: AreaMethod
    private let toGeographic: CoordinateTransform?
    private let edges: EdgeDensification
    private let geodesic: GeodesicArea
    private let tdt1055: TDT1055Area

    public init(crs: SpatialReference, method: AreaMethod = .geodesic) throws {
        self.crs = crs
        self.method = method
        let geographic = try crs.geographic()
        let ellipsoid = try geographic.ellipsoid()
        geodesic = GeodesicArea(ellipsoid)
        tdt1055 = TDT1055Area(ellipsoid)
        edges = try EdgeDensification(crs)
        toGeographic = crs.isGeographic ? nil : try CoordinateTransform(from: crs, to: geographic)
    }

    /// Ellipsoidal area of the polygonal parts of `geometry` (lines and points count 0).
    public func ellipsoidalArea(_ geometry: Geometry) throws -> Area {
        var total = 0.0
        for polygon in try geometry.polygonRings() {
            var areas: [Double] = []
            for ring in polygon {
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
