import CGEOS

/// Overlay operations (intersection, difference, union) and buffer: each returns a new owned
/// geometry or throws GEOS's message (the C functions return NULL on failure).
extension Geometry {
    /// `GEOSIntersection_r`, or `GEOSIntersectionPrec_r` when `gridSize` > 0.
    public func intersection(_ other: Geometry, gridSize: Double = 0) throws -> Geometry {
        if gridSize > 0 {
            return try context.own(GEOSIntersectionPrec_r(handle, pointer, other.pointer, gridSize), "GEOSIntersectionPrec_r")
        }
        return try context.own(GEOSIntersection_r(handle, pointer, other.pointer), "GEOSIntersection_r")
    }

    /// `GEOSDifference_r`, or `GEOSDifferencePrec_r` when `gridSize` > 0.
    public func difference(_ other: Geometry, gridSize: Double = 0) throws -> Geometry {
        if gridSize > 0 {
            return try context.own(GEOSDifferencePrec_r(handle, pointer, other.pointer, gridSize), "GEOSDifferencePrec_r")
        }
        return try context.own(GEOSDifference_r(handle, pointer, other.pointer), "GEOSDifference_r")
    }

    /// `GEOSUnion_r`.
    public func union(_ other: Geometry) throws -> Geometry {
        try context.own(GEOSUnion_r(handle, pointer, other.pointer), "GEOSUnion_r")
    }

    /// `GEOSUnaryUnion_r`: dissolves the parts of one geometry.
    public func unaryUnion() throws -> Geometry {
        try context.own(GEOSUnaryUnion_r(handle, pointer), "GEOSUnaryUnion_r")
    }

    /// `GEOSBuffer_r` with 8 segments per quarter circle.
    public func buffer(_ width: Double, quadrantSegments: Int32 = 8) throws -> Geometry {
        try context.own(GEOSBuffer_r(handle, pointer, width, quadrantSegments), "GEOSBuffer_r")
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
            guard let copy = GEOSGeom_clone_r(handle, $0.pointer) else { throw error("GEOSGeom_clone_r") }
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
        try context.own(GEOSClipByRect_r(handle, pointer, rectangle.minX, rectangle.minY, rectangle.maxX, rectangle.maxY),
                        "GEOSClipByRect_r")
    }
}

extension Envelope {
    /// This envelope grown by `dx` left and right and `dy` below and above.
    public func expanded(dx: Double, dy: Double) -> Envelope {
        Envelope(minX: minX - dx, minY: minY - dy, maxX: maxX + dx, maxY: maxY + dy)
    }
}
