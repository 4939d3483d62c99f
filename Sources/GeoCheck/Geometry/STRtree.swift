import CGEOS

/// A GEOS STRtree over geometries identified by their index in insertion order
/// (`GEOSSTRtree_create_r` / `_insert_r` / `_query_r`). Keeps the inserted geometries alive.
/// Build it fully, then query; querying builds the tree once. Not thread-safe.
public final class STRtree {
    public let context: GEOSContext
    private let tree: OpaquePointer
    public private(set) var geometries: [Geometry] = []

    public init(context: GEOSContext, nodeCapacity: Int = 10) throws {
        guard let tree = GEOSSTRtree_create_r(context.handle, nodeCapacity) else {
            throw context.error("GEOSSTRtree_create_r")
        }
        self.context = context
        self.tree = tree
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, tree) }

    /// Inserts a geometry; returns its index. Empty geometries are kept but never found.
    @discardableResult
    public func insert(_ geometry: Geometry) -> Int {
        let index = geometries.count
        geometries.append(geometry)
        if !geometry.isEmpty {
            // The item is the index + 1 (a NULL item would be indistinguishable).
            geometry.withGEOS { GEOSSTRtree_insert_r($0, tree, $1, UnsafeMutableRawPointer(bitPattern: index + 1)) }
        }
        return index
    }

    /// Indices of the geometries whose envelope intersects `geometry`'s envelope, ascending.
    public func query(_ geometry: Geometry) -> [Int] {
        var found: [Int] = []
        withUnsafeMutablePointer(to: &found) { results in
            geometry.withGEOS { handle, pointer in
                GEOSSTRtree_query_r(handle, tree, pointer, { item, userData in
                    guard let userData else { return }
                    let results = userData.assumingMemoryBound(to: [Int].self)
                    results.pointee.append(Int(bitPattern: item) - 1)
                }, results)
            }
        }
        return found.sorted()
    }
}
