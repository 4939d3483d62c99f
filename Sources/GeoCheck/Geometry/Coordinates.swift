import CGEOS

/// Coordinates in and out of GEOS in bulk (`GEOSCoordSeq_copyToBuffer_r` /
/// `GEOSCoordSeq_copyFromBuffer_r`), as interleaved x,y arrays: one copy per ring, no
/// per-vertex calls across the C boundary.
extension Geometry {
    /// The interleaved x,y coordinates of a Point, LineString or LinearRing.
    func sequenceCoordinates() throws -> [Double] {
        guard let sequence = withGEOS({ GEOSGeom_getCoordSeq_r($0, $1) }) else {
            throw context.error("GEOSGeom_getCoordSeq_r")
        }
        return try context.coordinates(of: sequence)
    }

    /// The rings of every polygon in this geometry (Polygon, MultiPolygon, or polygons inside a
    /// collection), each polygon as [shell, hole, hole…], each ring closed and interleaved x,y. A
    /// ring proven simple (`provenShell`) is the polygon's, read before.
    public func polygonRings() throws -> [[[Double]]] {
        if let provenShell { return [[provenShell]] }
        var polygons: [[[Double]]] = []
        try withGEOS { _, pointer in try context.collectPolygonRings(pointer, into: &polygons) }
        return polygons
    }

    /// A copy of this geometry with every coordinate array passed through `transform`
    /// (interleaved x,y, changed in place; lines and rings may gain vertices). Structure is kept.
    public func mapCoordinates(_ transform: (inout [Double]) throws -> Void) throws -> Geometry {
        let type = try type()
        if isEmpty { return try clone() }
        switch type {
        case .point, .lineString, .linearRing:
            var xy = try sequenceCoordinates()
            try transform(&xy)
            return try context.simpleGeometry(type, xy)
        case .polygon:
            var rings: [[Double]] = []
            for ring in try polygonRings().first ?? [] {
                var xy = ring
                try transform(&xy)
                rings.append(xy)
            }
            return try context.polygon(rings: rings)
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            var parts: [Geometry] = []
            for index in 0..<partCount { parts.append(try part(index).mapCoordinates(transform)) }
            return try context.collection(parts, type: type)
        }
    }
}

extension GEOSContext {
    func coordinates(of sequence: OpaquePointer) throws -> [Double] {
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, sequence, &size) == 1 else { throw error("GEOSCoordSeq_getSize_r") }
        var xy = [Double](repeating: 0, count: Int(size) * 2)
        if size == 0 { return xy }
        let ok = xy.withUnsafeMutableBufferPointer {
            GEOSCoordSeq_copyToBuffer_r(handle, sequence, $0.baseAddress, 0, 0)
        }
        guard ok == 1 else { throw error("GEOSCoordSeq_copyToBuffer_r") }
        return xy
    }

    /// The rings of the polygons in `pointer` (see `Geometry.polygonRings`); parts are read in
    /// place (they live as long as their parent), not copied.
    func collectPolygonRings(_ pointer: OpaquePointer, into polygons: inout [[[Double]]]) throws {
        guard let type = GeometryType(rawValue: GEOSGeomTypeId_r(handle, pointer)) else { throw error("GEOSGeomTypeId_r") }
        switch type {
        case .polygon:
            if GEOSisEmpty_r(handle, pointer) == 1 { return }
            guard let shell = GEOSGetExteriorRing_r(handle, pointer) else { throw error("GEOSGetExteriorRing_r") }
            var rings = [try ringCoordinates(shell)]
            let holeCount = GEOSGetNumInteriorRings_r(handle, pointer)
            guard holeCount >= 0 else { throw error("GEOSGetNumInteriorRings_r") }
            for index in 0..<holeCount {
                guard let hole = GEOSGetInteriorRingN_r(handle, pointer, index) else { throw error("GEOSGetInteriorRingN_r") }
                rings.append(try ringCoordinates(hole))
            }
            polygons.append(rings)
        case .multiPolygon, .geometryCollection:
            let parts = GEOSGetNumGeometries_r(handle, pointer)
            guard parts >= 0 else { throw error("GEOSGetNumGeometries_r") }
            for index in 0..<parts {
                guard let part = GEOSGetGeometryN_r(handle, pointer, index) else { throw error("GEOSGetGeometryN_r") }
                try collectPolygonRings(part, into: &polygons)
            }
        default:
            return
        }
    }

    func ringCoordinates(_ ring: OpaquePointer) throws -> [Double] {
        guard let sequence = GEOSGeom_getCoordSeq_r(handle, ring) else { throw error("GEOSGeom_getCoordSeq_r") }
        return try coordinates(of: sequence)
    }

    func sequence(_ xy: [Double]) throws -> OpaquePointer {
        let made = xy.withUnsafeBufferPointer {
            GEOSCoordSeq_copyFromBuffer_r(handle, $0.baseAddress, UInt32($0.count / 2), 0, 0)
        }
        guard let made else { throw error("GEOSCoordSeq_copyFromBuffer_r") }
        return made
    }

    func simpleGeometry(_ type: GeometryType, _ xy: [Double]) throws -> Geometry {
        let sequence = try sequence(xy)
        // The constructors take ownership of the sequence, also when they fail.
        switch type {
        case .point: return try own(GEOSGeom_createPoint_r(handle, sequence), "GEOSGeom_createPoint_r")
        case .linearRing: return try own(GEOSGeom_createLinearRing_r(handle, sequence), "GEOSGeom_createLinearRing_r")
        default: return try own(GEOSGeom_createLineString_r(handle, sequence), "GEOSGeom_createLineString_r")
        }
    }

    /// A polygon from closed rings of interleaved x,y (ring 0 the shell). A ring that is not
    /// closed is closed here.
    public func polygon(rings: [[Double]]) throws -> Geometry {
        guard let shellXY = rings.first else { return try emptyPolygon() }
        func closed(_ xy: [Double]) -> [Double] {
            guard xy.count >= 2 else { return xy }
            let n = xy.count
            if xy[0] == xy[n - 2] && xy[1] == xy[n - 1] { return xy }
            return xy + [xy[0], xy[1]]
        }
        // Rings made here are handed to GEOSGeom_createPolygon_r, which owns them from then on
        // (also when it fails); until then they are destroyed here if anything fails.
        func ring(_ xy: [Double]) throws -> OpaquePointer {
            guard let made = GEOSGeom_createLinearRing_r(handle, try sequence(closed(xy))) else {
                throw error("GEOSGeom_createLinearRing_r")
            }
            return made
        }
        let shell = try ring(shellXY)
        var holes: [OpaquePointer?] = []
        do {
            for xy in rings.dropFirst() { holes.append(try ring(xy)) }
        } catch {
            for made in [shell] + holes.compactMap({ $0 }) { GEOSGeom_destroy_r(handle, made) }
            throw error
        }
        let made = holes.withUnsafeMutableBufferPointer {
            GEOSGeom_createPolygon_r(handle, shell, $0.baseAddress, UInt32($0.count))
        }
        return try own(made, "GEOSGeom_createPolygon_r")
    }

    /// A MultiPolygon (or Polygon when there is one) from polygons given as rings.
    public func multiPolygon(_ polygons: [[[Double]]]) throws -> Geometry {
        if polygons.count == 1 { return try polygon(rings: polygons[0]) }
        if polygons.isEmpty { return try emptyPolygon() }
        return try collection(polygons.map { try polygon(rings: $0) }, type: .multiPolygon)
    }

    /// A point (`GEOSGeom_createPointFromXY_r`).
    public func point(x: Double, y: Double) throws -> Geometry {
        try own(GEOSGeom_createPointFromXY_r(handle, x, y), "GEOSGeom_createPointFromXY_r")
    }

    /// A rectangle polygon.
    public func rectangle(_ envelope: Envelope) throws -> Geometry {
        try own(GEOSGeom_createRectangle_r(handle, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY),
                "GEOSGeom_createRectangle_r")
    }
}
