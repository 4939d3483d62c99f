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

/// Geodesic polygon area on an ellipsoid (PROJ's `geod_polygonarea`, Karney's algorithm).
public struct GeodesicArea {
    private var geodesic = geod_geodesic()
    public let ellipsoid: Ellipsoid

    public init(_ ellipsoid: Ellipsoid) {
        self.ellipsoid = ellipsoid
        geod_init(&geodesic, ellipsoid.semiMajorAxis, ellipsoid.flattening)
    }

    /// Area in m² of one ring of interleaved lon,lat degrees (closing point optional), unsigned.
    public func ringArea(_ lonLat: [Double]) -> Double {
        var count = lonLat.count / 2
        if count >= 2, lonLat[0] == lonLat[2 * count - 2], lonLat[1] == lonLat[2 * count - 1] { count -= 1 }
        guard count >= 3 else { return 0 }
        var lats = [Double](repeating: 0, count: count)
        var lons = [Double](repeating: 0, count: count)
        for index in 0..<count {
            lons[index] = lonLat[2 * index]
            lats[index] = lonLat[2 * index + 1]
        }
        var area = 0.0
        var geodesic = self.geodesic
        geod_polygonarea(&geodesic, &lats, &lons, Int32(count), &area, nil)
        return abs(area)
    }

    /// Area of polygons given as rings (shell first, holes subtracted), summed.
    public func area(polygons: [[[Double]]]) -> Double {
        polygons.reduce(0) { total, rings in
            guard let shell = rings.first else { return total }
            return total + max(0, ringArea(shell) - rings.dropFirst().reduce(0) { $0 + ringArea($1) })
        }
    }
}

/// Computes areas of geometries expressed in one CRS: ellipsoidal (vertices transformed to the
/// CRS's own geographic CRS, then `geod_polygonarea` on its ellipsoid) and planar.
/// Holds a coordinate transformation, so it is not thread-safe: one per worker.
public final class AreaCalculator {
    public let crs: SpatialReference
    private let toGeographic: CoordinateTransform?
    private let geodesic: GeodesicArea

    public init(crs: SpatialReference) throws {
        self.crs = crs
        let geographic = try crs.geographic()
        geodesic = GeodesicArea(try geographic.ellipsoid())
        toGeographic = crs.isGeographic ? nil : try CoordinateTransform(from: crs, to: geographic)
    }

    /// Ellipsoidal area of the polygonal parts of `geometry` (lines and points count 0).
    public func ellipsoidalArea(_ geometry: Geometry) throws -> Area {
        var polygons = try geometry.polygonRings()
        if let toGeographic {
            for p in polygons.indices {
                for r in polygons[p].indices { try toGeographic.transform(&polygons[p][r]) }
            }
        }
        return Area(m2: geodesic.area(polygons: polygons))
    }

    /// Planar area in the CRS's units squared (meaningful for projected CRSs).
    public func planarArea(_ geometry: Geometry) throws -> Area {
        Area(m2: try geometry.planarArea())
    }
}
