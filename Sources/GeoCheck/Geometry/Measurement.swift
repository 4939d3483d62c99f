import CGEOS

/// An axis-aligned bounding box.
public struct Envelope: Equatable, Sendable, Codable {
    public var minX, minY, maxX, maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (self.minX, self.minY, self.maxX, self.maxY) = (minX, minY, maxX, maxY)
    }

    public var center: (x: Double, y: Double) { ((minX + maxX) / 2, (minY + maxY) / 2) }
    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }

    public func union(_ other: Envelope) -> Envelope {
        Envelope(minX: min(minX, other.minX), minY: min(minY, other.minY),
                 maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    public func intersects(_ other: Envelope) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// True when the two boxes share interior points (more than an edge or a corner).
    public func overlapsInterior(of other: Envelope) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    /// True when `other` lies inside this box (its edges included).
    public func contains(_ other: Envelope) -> Bool {
        minX <= other.minX && other.maxX <= maxX && minY <= other.minY && other.maxY <= maxY
    }
}

extension Geometry {
    /// Planar area in the units of the geometry's CRS (`GEOSArea_r`).
    public func planarArea() throws -> Double {
        var area = 0.0
        guard withGEOS({ GEOSArea_r($0, $1, &area) }) == 1 else { throw context.error("GEOSArea_r") }
        return area
    }

    /// Planar length (`GEOSLength_r`).
    public func length() throws -> Double {
        var length = 0.0
        guard withGEOS({ GEOSLength_r($0, $1, &length) }) == 1 else { throw context.error("GEOSLength_r") }
        return length
    }

    /// Minimum planar distance (`GEOSDistance_r`).
    public func distance(to other: Geometry) throws -> Double {
        var distance = 0.0
        guard withGEOS(other, { GEOSDistance_r($0, $1, $2, &distance) }) == 1 else {
            throw context.error("GEOSDistance_r")
        }
        return distance
    }

    /// Bounding box (`GEOSGeom_getXMin_r` …); nil for an empty geometry.
    public func envelope() -> Envelope? {
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        guard !isEmpty,
              withGEOS({ GEOSGeom_getXMin_r($0, $1, &minX) }) == 1,
              withGEOS({ GEOSGeom_getYMin_r($0, $1, &minY) }) == 1,
              withGEOS({ GEOSGeom_getXMax_r($0, $1, &maxX) }) == 1,
              withGEOS({ GEOSGeom_getYMax_r($0, $1, &maxY) }) == 1
        else { return nil }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// The envelope as a polygon (`GEOSEnvelope_r`).
    public func envelopeGeometry() throws -> Geometry {
        try context.own(withGEOS { GEOSEnvelope_r($0, $1) }, "GEOSEnvelope_r")
    }

    /// A point inside the geometry, for labels (`GEOSPointOnSurface_r`).
    public func pointOnSurface() throws -> (x: Double, y: Double) {
        let point = try context.own(withGEOS { GEOSPointOnSurface_r($0, $1) }, "GEOSPointOnSurface_r")
        var x = 0.0, y = 0.0
        guard point.withGEOS({ GEOSGeomGetX_r($0, $1, &x) }) == 1, point.withGEOS({ GEOSGeomGetY_r($0, $1, &y) }) == 1 else {
            throw context.error("GEOSGeomGetX_r")
        }
        return (x, y)
    }
}
