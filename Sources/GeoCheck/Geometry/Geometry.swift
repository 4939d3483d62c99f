import CGEOS

/// The GEOS geometry types (`GEOSGeomTypes`).
public enum GeometryType: Int32, Sendable {
    case point = 0, lineString, linearRing, polygon, multiPoint, multiLineString, multiPolygon, geometryCollection

    public var isPolygonal: Bool { self == .polygon || self == .multiPolygon }
}

/// A GEOS geometry owned by Swift: `GEOSGeom_destroy_r` runs in `deinit`.
/// Belongs to the context that made it.
public final class Geometry {
    public let context: GEOSContext
    /// Private to this file: the other GEOS wrapper files reach it only for the length of one C
    /// call, through `withGEOS`, or as a clone they hand over (`clonedPointer`).
    private let pointer: OpaquePointer

    /// This polygon's ring once `SimpleRing` has proven it simple (`SimpleRing.simpleShells`, or
    /// the one ring of a `RingOverlay` result, proven the same way), so that the overlays of a
    /// right or a piece with its neighbours do not read and prove it again, and its area reads it
    /// from here (the GEOS geometry never changes: the proof holds as long as this object lives).
    var provenShell: [Double]?

    init(owning pointer: OpaquePointer, context: GEOSContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit { GEOSGeom_destroy_r(context.handle, pointer) }

    var handle: GEOSContextHandle_t { context.handle }

    /// Calls GEOS on this geometry: `body` gets the context handle and the geometry's pointer,
    /// valid while `body` runs (`self` is alive for the call). Pointers GEOS derives from it
    /// (rings, parts) stay valid while this geometry lives; the pointer itself is not kept
    /// after `body` returns (an STRtree, which keeps it, keeps this `Geometry` alive too).
    func withGEOS<R>(_ body: (GEOSContextHandle_t, OpaquePointer) throws -> R) rethrows -> R {
        try body(handle, pointer)
    }

    /// Calls GEOS on this geometry and `other` (same context), both alive for the call.
    func withGEOS<R>(_ other: Geometry, _ body: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) throws -> R) rethrows -> R {
        try body(handle, pointer, other.pointer)
    }

    /// A copy the caller owns (`GEOSGeom_clone_r`, NULL on failure), for GEOS functions that
    /// take ownership of what they are given (collections, polygons from rings).
    func clonedPointer() -> OpaquePointer? {
        GEOSGeom_clone_r(handle, pointer)
    }

    /// `GEOSGeomTypeId_r` (-1 on exception).
    public func type() throws -> GeometryType {
        let id = GEOSGeomTypeId_r(handle, pointer)
        guard let type = GeometryType(rawValue: id) else { throw context.error("GEOSGeomTypeId_r") }
        return type
    }

    public var isEmpty: Bool { GEOSisEmpty_r(handle, pointer) == 1 }

    /// Number of coordinates in the whole geometry (`GEOSGetNumCoordinates_r`).
    public var coordinateCount: Int { Int(max(0, GEOSGetNumCoordinates_r(handle, pointer))) }

    /// Number of parts of a collection, 1 for a simple geometry (`GEOSGetNumGeometries_r`).
    public var partCount: Int { Int(max(0, GEOSGetNumGeometries_r(handle, pointer))) }

    /// Part `index` of a collection, cloned so it lives on its own (`GEOSGetGeometryN_r`).
    public func part(_ index: Int) throws -> Geometry {
        guard let borrowed = GEOSGetGeometryN_r(handle, pointer, Int32(index)) else {
            throw context.error("GEOSGetGeometryN_r")
        }
        return try context.own(GEOSGeom_clone_r(handle, borrowed), "GEOSGeom_clone_r")
    }

    public func clone() throws -> Geometry {
        try context.own(GEOSGeom_clone_r(handle, pointer), "GEOSGeom_clone_r")
    }

    /// Well-known text, for messages and tests (`GEOSGeomToWKT_r`).
    public func wkt() -> String {
        guard let text = GEOSGeomToWKT_r(handle, pointer) else { return "<invalid>" }
        defer { GEOSFree_r(handle, text) }
        return String(cString: text)
    }
}

extension GEOSContext {
    /// Reads well-known binary (`GEOSWKBReader_read_r`, NULL on bad bytes).
    public func geometry(wkb bytes: UnsafeRawBufferPointer) throws -> Geometry {
        let reader = try reader()
        let pointer = GEOSWKBReader_read_r(
            handle, reader, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
        return try own(pointer, "GEOSWKBReader_read_r")
    }

    public func geometry(wkb bytes: [UInt8]) throws -> Geometry {
        try bytes.withUnsafeBytes { try geometry(wkb: $0) }
    }

    /// Reads well-known text (`GEOSGeomFromWKT_r`).
    public func geometry(wkt: String) throws -> Geometry {
        try own(GEOSGeomFromWKT_r(handle, wkt), "GEOSGeomFromWKT_r")
    }

    /// An empty polygon.
    public func emptyPolygon() throws -> Geometry {
        try own(GEOSGeom_createEmptyPolygon_r(handle), "GEOSGeom_createEmptyPolygon_r")
    }
}

extension Geometry {
    /// Well-known binary, 2D (`GEOSWKBWriter_write_r`; the buffer is freed with `GEOSFree_r`).
    public func wkb() throws -> [UInt8] {
        let writer = try context.writer()
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(handle, writer, pointer, &size) else {
            throw context.error("GEOSWKBWriter_write_r")
        }
        defer { GEOSFree_r(handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// This geometry copied into another context (through WKB).
    public func moved(to other: GEOSContext) throws -> Geometry {
        if other === context { return self }
        return try other.geometry(wkb: try wkb())
    }
}
