import CGEOS

/// Binary predicates (`GEOSIntersects_r` …): 1 true, 0 false, 2 exception.
extension Geometry {
    public func intersects(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSIntersects_r(handle, pointer, other.pointer), "GEOSIntersects_r")
    }

    public func covers(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSCovers_r(handle, pointer, other.pointer), "GEOSCovers_r")
    }

    public func touches(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSTouches_r(handle, pointer, other.pointer), "GEOSTouches_r")
    }

    public func equalsTopologically(_ other: Geometry) throws -> Bool {
        try context.predicate(GEOSEquals_r(handle, pointer, other.pointer), "GEOSEquals_r")
    }
}
