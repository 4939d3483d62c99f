import CGEOS

/// Overlay operations (intersection, difference, union) and buffer: each returns a new owned
/// geometry or throws GEOS's message (the C functions return NULL on failure).
extension Geometry {
    /// The intersection: two polygons without holes (of rings `SimpleRing` proves, up to 4
    /// parts) in general position by `RingOverlay`, all else by GEOS (`geosIntersection`).
    public func intersection(_ other: Geometry, gridSize: Double = 0) throws -> Geometry {
        if gridSize == 0, let rings = RingOverlay.intersection(self, other) {
            let shape = try context.multiPolygon(rings.map { [$0] })
            // A single ring of the result is proven simple (`RingOverlay` checks it).
            if rings.count == 1 { shape.provenShell = rings[0] }
            return shape
        }
        return try geosIntersection(other, gridSize: gridSize)
    }

    /// GEOS's own overlay: `GEOSIntersection_r`, or `GEOSIntersectionPrec_r` when `gridSize` > 0.
    func geosIntersection(_ other: Geometry, gridSize: Double = 0) throws -> Geometry {
        if gridSize > 0 {
            return try context.own(withGEOS(other) { GEOSIntersectionPrec_r($0, $1, $2, gridSize) }, "GEOSIntersectionPrec_r")
        }
        return try context.own(withGEOS(other) { GEOSIntersection_r($0, $1, $2) }, "GEOSIntersection_r")
    }

    /// `GEOSDifference_r`, or `GEOSDifferencePrec_r` when `gridSize` > 0.
    public func difference(_ other: Geometry, gridSize: Double = 0) throws -> Geometry {
        if gridSize > 0 {
            return try context.own(withGEOS(other) { GEOSDifferencePrec_r($0, $1, $2, gridSize) }, "GEOSDifferencePrec_r")
        }
        return try context.own(withGEOS(other) { GEOSDifference_r($0, $1, $2) }, "GEOSDifference_r")
    }

    /// `GEOSUnion_r`.
    public func union(_ other: Geometry) throws -> Geometry {
        try context.own(withGEOS(other) { GEOSUnion_r($0, $1, $2) }, "GEOSUnion_r")
    }

    /// `GEOSUnaryUnion_r`: dissolves the parts of one geometry.
    public func unaryUnion() throws -> Geometry {
        try context.own(withGEOS { GEOSUnaryUnion_r($0, $1) }, "GEOSUnaryUnion_r")
    }

    /// `GEOSBuffer_r` with 8 segments per quarter circle.
    public func buffer(_ width: Double, quadrantSegments: Int32 = 8) throws -> Geometry {
        try context.own(withGEOS { GEOSBuffer_r($0, $1, width, quadrantSegments) }, "GEOSBuffer_r")
    }

    /// The polygonal parts only (drops points and lines an overlay can leave behind), as a
    /// Polygon or MultiPolygon; empty polygon when there are none.
    public func polygonalParts() throws -> Geometry {
        let type = try type()
        if type.isPolygonal { return self }
        if type != .geometryCollection { return try context.emptyPolygon() }
        var polygons: [Geometry] = []
        for index in 0..<partCount {
            let part = try part(index)
            let partType = try part.type()
            if partType.isPolygonal {
                polygons.append(part)
            } else if partType == .geometryCollection {
                polygons.append(try part.polygonalParts())
            }
        }
        return try context.unaryUnion(polygons)
    }
}

extension GEOSContext {
    /// Takes ownership of `geometries` and builds a collection (`GEOSGeom_createCollection_r`).
    func collection(_ geometries: [Geometry], type: GeometryType) throws -> Geometry {
        // The collection takes ownership of its parts: hand GEOS clones, keep our objects.
        var parts: [OpaquePointer?] = try geometries.map {
            guard let copy = $0.clonedPointer() else { throw error("GEOSGeom_clone_r") }
            return copy
        }
        let made = parts.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(handle, Int32(type.rawValue), $0.baseAddress, UInt32($0.count))
        }
        if made == nil { parts.forEach { if let p = $0 { GEOSGeom_destroy_r(handle, p) } } }
        return try own(made, "GEOSGeom_createCollection_r")
    }

    /// Union of many geometries at once (collection + `GEOSUnaryUnion_r`), the fast way to
    /// dissolve a set of patches. Empty input gives an empty polygon.
    public func unaryUnion(_ geometries: [Geometry]) throws -> Geometry {
        if geometries.isEmpty { return try emptyPolygon() }
        if geometries.count == 1 { return try geometries[0].unaryUnion() }
        return try collection(geometries, type: .geometryCollection).unaryUnion()
    }
}

extension Geometry {
    /// The part of this geometry inside a rectangle (`GEOSClipByRect_r`): a fast clip, used to
    /// cut a large polygon down to the window around a small one before transforming it.
    /// The result may be a collection; take `polygonalParts()` for areas.
    public func clipped(to rectangle: Envelope) throws -> Geometry {
        try context.own(withGEOS({ GEOSClipByRect_r($0, $1, rectangle.minX, rectangle.minY, rectangle.maxX, rectangle.maxY) }),
                        "GEOSClipByRect_r")
    }
}

extension Envelope {
    /// This envelope grown by `dx` left and right and `dy` below and above.
    public func expanded(dx: Double, dy: Double) -> Envelope {
        Envelope(minX: minX - dx, minY: minY - dy, maxX: maxX + dx, maxY: maxY + dy)
    }
}
