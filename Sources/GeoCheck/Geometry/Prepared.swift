import CGEOS

/// A prepared geometry (`GEOSPrepare_r`): an indexed form for fast repeated predicates
/// against many other geometries. Keeps its source geometry alive. Not thread-safe.
public final class PreparedGeometry {
    public let geometry: Geometry
    let pointer: OpaquePointer

    public init(_ geometry: Geometry) throws {
        guard let pointer = GEOSPrepare_r(geometry.handle, geometry.pointer) else {
            throw geometry.context.error("GEOSPrepare_r")
        }
        self.geometry = geometry
        self.pointer = pointer
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.handle, pointer) }

    private var context: GEOSContext { geometry.context }

    public func intersects(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSPreparedIntersects_r(context.handle, pointer, other.pointer), "GEOSPreparedIntersects_r")
    }

    /// True when `other` lies in the interior (no boundary contact): the intersection is `other` itself.
    public func containsProperly(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSPreparedContainsProperly_r(context.handle, pointer, other.pointer), "GEOSPreparedContainsProperly_r")
    }

    public func covers(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSPreparedCovers_r(context.handle, pointer, other.pointer), "GEOSPreparedCovers_r")
    }

    /// `GEOSPreparedDistance_r`.
    public func distance(to other: Geometry) throws -> Double {
        var distance = 0.0
        guard GEOSPreparedDistance_r(context.handle, pointer, other.pointer, &distance) == 1 else {
            throw context.error("GEOSPreparedDistance_r")
        }
        return distance
    }
}
