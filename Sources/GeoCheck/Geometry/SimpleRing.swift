import CGEOS

/// A proof, without GEOS's check, that a polygon of one ring (up to `maxEdges` corners) is valid:
/// the shape of most rights (a licence's few corners) and of a fragmented layer's pieces, whose
/// GEOS validity check (`IsValidOp`: noding, a topology graph) cost 12,000–15,000 instructions
/// each, ~9 % of a red-line screening. `Geometry.validityProblem` asks it first. It proves or it gives up: where
/// it cannot tell (holes, several parts, many corners, a repeated point, a corner in line with
/// its neighbours, edges that may touch), GEOS decides, so it can never call an invalid polygon
/// valid — only spare GEOS the plain cases.
///
/// A closed ring is simple (and its polygon valid) when no two edges meet except neighbours at
/// their shared corner. Neighbours meet only there when they are not in line; two other edges
/// are apart when both ends of one lie strictly on one side of the other's line. Each side is
/// taken from a floating-point orientation only where its error bound (Shewchuk's orient2d,
/// bound A) shows the sign is certain. The rings proven are also what `RingOverlay` overlays.
enum SimpleRing {
    /// Rings of more edges are left to GEOS.
    static let maxEdges = 256

    /// True when `geometry` is a Polygon without holes (or a MultiPolygon of one such part, as
    /// layers store their polygons) whose ring of 3 to `maxEdges` edges is proven simple; false
    /// otherwise or when unproven.
    static func provesValid(_ geometry: Geometry) -> Bool {
        simpleShells(of: geometry, maxParts: 1) != nil
    }

    /// The rings of `shells(of:maxParts:)` when every one is proven simple, else nil; a single
    /// ring proven is kept with the geometry (`Geometry.provenShell`) and not proven again.
    static func simpleShells(of geometry: Geometry, maxParts: Int) -> [[Double]]? {
        if let proven = geometry.provenShell { return [proven] }
        guard let rings = shells(of: geometry, maxParts: maxParts), rings.allSatisfy(isSimple) else { return nil }
        if rings.count == 1 { geometry.provenShell = rings[0] }
        return rings
    }

    /// The rings of a Polygon without holes, or of a MultiPolygon of 1 to `maxParts` such parts,
    /// each of at most `maxEdges` edges, closed, interleaved x, y (Z and M are not read); nil for
    /// anything else. Each is read in one copy (`GEOSCoordSeq_copyToBuffer_r`).
    static func shells(of geometry: Geometry, maxParts: Int) -> [[Double]]? {
        geometry.withGEOS { handle, pointer in
            func ring(_ polygon: OpaquePointer) -> [Double]? {
                guard GEOSGeomTypeId_r(handle, polygon) == GeometryType.polygon.rawValue, GEOSGetNumInteriorRings_r(handle, polygon) == 0,
                      let shell = GEOSGetExteriorRing_r(handle, polygon), let sequence = GEOSGeom_getCoordSeq_r(handle, shell) else {
                    return nil
                }
                var size: UInt32 = 0
                guard GEOSCoordSeq_getSize_r(handle, sequence, &size) == 1, size >= 4, Int(size) - 1 <= maxEdges else { return nil }
                let xy = [Double](unsafeUninitializedCapacity: 2 * Int(size)) { buffer, count in
                    count = GEOSCoordSeq_copyToBuffer_r(handle, sequence, buffer.baseAddress, 0, 0) == 1 ? buffer.count : 0
                }
                return xy.isEmpty ? nil : xy
            }
            guard GEOSGeomTypeId_r(handle, pointer) == GeometryType.multiPolygon.rawValue else { return ring(pointer).map { [$0] } }
            let parts = Int(GEOSGetNumGeometries_r(handle, pointer))
            guard (1...maxParts).contains(parts) else { return nil }
            var rings: [[Double]] = []
            for index in 0..<parts {
                guard let part = GEOSGetGeometryN_r(handle, pointer, Int32(index)), let shell = ring(part) else { return nil }
                rings.append(shell)
            }
            return rings
        }
    }

    /// True when the closed ring (interleaved x, y; last point = first), of finite coordinates,
    /// is proven simple.
    static func isSimple(_ ring: [Double]) -> Bool {
        ring.withUnsafeBufferPointer { xy in
            let edges = xy.count / 2 - 1
            guard edges >= 3, xy.allSatisfy(\.isFinite), xy[2 * edges] == xy[0], xy[2 * edges + 1] == xy[1] else { return false }
            // Neighbours: the corner between them is certainly not in line (nor a repeated point).
            for corner in 0..<edges {
                let before = (corner + edges - 1) % edges, after = corner + 1
                guard let turn = orientation(xy[2 * before], xy[2 * before + 1], xy[2 * corner], xy[2 * corner + 1],
                                             xy[2 * after], xy[2 * after + 1]), turn != 0 else {
                    return false
                }
            }
            // Every other pair of edges: certainly apart. Swept in order of the edges' lowest x,
            // a pair is tested only where their x ranges meet (the others are apart): about
            // n log n for a ring of n edges rather than n².
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: edges) { lowest in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: edges) { order in
                    for edge in 0..<edges {
                        lowest[edge] = min(xy[2 * edge], xy[2 * edge + 2])
                        order[edge] = edge
                    }
                    sort(order) { lowest[$0] < lowest[$1] }
                    for position in 0..<edges {
                        let first = order[position]
                        let end = max(xy[2 * first], xy[2 * first + 2])
                        for second in order[(position + 1)...] {
                            if lowest[second] > end { break }
                            let gap = abs(first - second)
                            if gap == 1 || gap == edges - 1 { continue }  // neighbours, checked above
                            guard apart(xy[2 * first], xy[2 * first + 1], xy[2 * first + 2], xy[2 * first + 3],
                                        xy[2 * second], xy[2 * second + 1], xy[2 * second + 2], xy[2 * second + 3]) else { return false }
                        }
                    }
                    return true
                }
            }
        }
    }

    /// 0..<count ordered by `before` (see `sort`).
    static func order(_ count: Int, by before: (Int, Int) -> Bool) -> [Int] {
        var order = Array(0..<count)
        order.withUnsafeMutableBufferPointer { sort($0, by: before) }
        return order
    }

    /// Sorts `items` by `before`, stably: by insertion for the few items of a small ring or of a
    /// ring pair's crossings, else by the standard library's sort.
    static func sort(_ items: UnsafeMutableBufferPointer<Int>, by before: (Int, Int) -> Bool) {
        if items.count > 32 {
            var items = items
            return items.sort(by: before)
        }
        for index in 1..<max(items.count, 1) {
            var at = index
            let item = items[at]
            while at > 0 && before(item, items[at - 1]) {
                items[at] = items[at - 1]
                at -= 1
            }
            items[at] = item
        }
    }

    /// True when segments a–b and c–d certainly share no point.
    @inline(__always)
    static func apart(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double,
                      _ cx: Double, _ cy: Double, _ dx: Double, _ dy: Double) -> Bool {
        if max(ax, bx) < min(cx, dx) || max(cx, dx) < min(ax, bx) || max(ay, by) < min(cy, dy) || max(cy, dy) < min(ay, by) {
            return true
        }
        if let c = orientation(ax, ay, bx, by, cx, cy), c != 0, orientation(ax, ay, bx, by, dx, dy) == c { return true }
        if let a = orientation(cx, cy, dx, dy, ax, ay), a != 0, orientation(cx, cy, dx, dy, bx, by) == a { return true }
        return false
    }

    /// Shewchuk's bound A on the error of the floating-point orientation determinant.
    static let errorBound = (3.0 + 16.0 * epsilon) * epsilon
    private static let epsilon = Double.ulpOfOne / 2

    /// The side of c from a→b (1 left, -1 right, 0 in line) when the floating-point
    /// determinant is certain of it (orient2d's first stage), else nil.
    @inline(__always)
    static func orientation(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Int? {
        let (acx, bcy, acy, bcx) = (ax - cx, by - cy, ay - cy, bx - cx)
        let left = acx * bcy
        let right = acy * bcx
        // A product that underflowed lost its sign or its size: nothing is certain then (no
        // parcel has corners 1e-140 apart). Zero is certain only with a zero factor.
        func underflowed(_ product: Double, _ f: Double, _ g: Double) -> Bool {
            product == 0 ? f != 0 && g != 0 : abs(product) < 1e-280
        }
        if underflowed(left, acx, bcy) || underflowed(right, acy, bcx) { return nil }
        let determinant = left - right
        guard determinant.isFinite else { return nil }
        // A difference's sign is exact, and so (without underflow) is a product's: terms of
        // opposite signs (or a zero term) give the determinant's sign exactly.
        let sum: Double
        if left > 0 {
            if right <= 0 { return 1 }
            sum = left + right
        } else if left < 0 {
            if right >= 0 { return -1 }
            sum = -left - right
        } else {
            return right > 0 ? -1 : right < 0 ? 1 : 0
        }
        let bound = errorBound * sum
        if determinant >= bound { return 1 }
        if -determinant >= bound { return -1 }
        return nil
    }
}
