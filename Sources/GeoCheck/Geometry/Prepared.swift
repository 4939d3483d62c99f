import CGEOS

/// A prepared geometry (`GEOSPrepare_r`): an indexed form for fast repeated predicates
/// against many other geometries. Keeps its source geometry alive. Not thread-safe.
public final class PreparedGeometry {
    public let geometry: Geometry
    let pointer: OpaquePointer

    public init(_ geometry: Geometry) throws {
        guard let pointer = geometry.withGEOS({ GEOSPrepare_r($0, $1) }) else {
            throw geometry.context.error("GEOSPrepare_r")
        }
        self.geometry = geometry
        self.pointer = pointer
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.handle, pointer) }

    private var context: GEOSContext { geometry.context }

    public func intersects(_ other: Geometry) throws -> Bool {
        try context.predicate(other.withGEOS { GEOSPreparedIntersects_r($0, pointer, $1) }, "GEOSPreparedIntersects_r")
    }

    /// True when `other` lies in the interior (no boundary contact): the intersection is `other` itself.
    public func containsProperly(_ other: Geometry) throws -> Bool {
        try context.predicate(other.withGEOS { GEOSPreparedContainsProperly_r($0, pointer, $1) }, "GEOSPreparedContainsProperly_r")
    }

    public func covers(_ other: Geometry) throws -> Bool {
        try context.predicate(other.withGEOS { GEOSPreparedCovers_r($0, pointer, $1) }, "GEOSPreparedCovers_r")
    }

    /// `GEOSPreparedDistance_r`.
    public func distance(to other: Geometry) throws -> Double {
        var distance = 0.0
        guard other.withGEOS({ GEOSPreparedDistance_r($0, pointer, $1, &distance) }) == 1 else {
            throw context.error("GEOSPreparedDistance_r")
        }
        return distance
    }
}
