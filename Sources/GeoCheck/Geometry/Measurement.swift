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
}

extension Geometry {
    /// Planar area in the units of the geometry's CRS (`GEOSArea_r`).
    public func planarArea() throws -> Double {
        var area = 0.0
        guard GEOSArea_r(handle, pointer, &area) == 1 else { throw context.error("GEOSArea_r") }
        return area
    }

    /// Planar length (`GEOSLength_r`).
    public func length() throws -> Double {
        var length = 0.0
        guard GEOSLength_r(handle, pointer, &length) == 1 else { throw context.error("GEOSLength_r") }
        return length
    }

    /// Minimum planar distance (`GEOSDistance_r`).
    public func distance(to other: Geometry) throws -> Double {
        var distance = 0.0
        guard GEOSDistance_r(handle, pointer, other.pointer, &distance) == 1 else {
            throw context.error("GEOSDistance_r")
        }
        return distance
    }

    /// Bounding box (`GEOSGeom_getXMin_r` …); nil for an empty geometry.
    public func envelope() -> Envelope? {
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        guard !isEmpty,
              GEOSGeom_getXMin_r(handle, pointer, &minX) == 1,
              GEOSGeom_getYMin_r(handle, pointer, &minY) == 1,
              GEOSGeom_getXMax_r(handle, pointer, &maxX) == 1,
              GEOSGeom_getYMax_r(handle, pointer, &maxY) == 1
        else { return nil }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// The envelope as a polygon (`GEOSEnvelope_r`).
    public func envelopeGeometry() throws -> Geometry {
        try context.own(GEOSEnvelope_r(handle, pointer), "GEOSEnvelope_r")
    }

    /// A point inside the geometry, for labels (`GEOSPointOnSurface_r`).
    public func pointOnSurface() throws -> (x: Double, y: Double) {
        let point = try context.own(GEOSPointOnSurface_r(handle, pointer), "GEOSPointOnSurface_r")
        var x = 0.0, y = 0.0
        guard GEOSGeomGetX_r(handle, point.pointer, &x) == 1, GEOSGeomGetY_r(handle, point.pointer, &y) == 1 else {
            throw context.error("GEOSGeomGetX_r")
        }
        return (x, y)
    }
}
