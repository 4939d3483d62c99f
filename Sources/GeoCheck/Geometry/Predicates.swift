import CGEOS

/// Binary predicates (`GEOSIntersects_r` …): 1 true, 0 false, 2 exception.
extension Geometry {
    public func intersects(_ other: Geometry) throws -> Bool {
        try context.predicate(withGEOS(other) { GEOSIntersects_r($0, $1, $2) }, "GEOSIntersects_r")
    }

    public func covers(_ other: Geometry) throws -> Bool {
        try context.predicate(withGEOS(other) { GEOSCovers_r($0, $1, $2) }, "GEOSCovers_r")
    }

    public func touches(_ other: Geometry) throws -> Bool {
        try context.predicate(withGEOS(other) { GEOSTouches_r($0, $1, $2) }, "GEOSTouches_r")
    }

    public func equalsTopologically(_ other: Geometry) throws -> Bool {
        try context.predicate(withGEOS(other) { GEOSEquals_r($0, $1, $2) }, "GEOSEquals_r")
    }
}
