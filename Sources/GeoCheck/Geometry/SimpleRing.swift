/// A proof, without GEOS, that a small polygon of one ring is valid: the shape of most rights (a
/// licence's few corners), whose GEOS validity check (`IsValidOp`: noding, a topology graph)
/// cost 15,000 instructions each, ~6 % of a red-line screening. It proves or it gives up: where
/// it cannot tell (holes, several parts, many corners, a repeated point, a corner in line with
/// its neighbours, edges that may touch), GEOS decides, so it can never call an invalid polygon
/// valid — only spare GEOS the plain cases.
///
/// A closed ring is simple (and its polygon valid) when no two edges meet except neighbours at
/// their shared corner. Neighbours meet only there when they are not in line; two other edges
/// are apart when both ends of one lie strictly on one side of the other's line. Each side is
/// taken from a floating-point orientation only where its error bound (Shewchuk's orient2d,
/// bound A) shows the sign is certain.
enum SimpleRing {
    /// Rings of more edges are left to GEOS (the pairs grow with the square of the edges).
    static let maxEdges = 32

    /// True when `wkb` is a 2D Polygon (either byte order) of exactly one ring, closed, of 3 to
    /// `maxEdges` edges with finite coordinates, proven simple; false otherwise or when unproven.
    static func provesValid(wkb: UnsafeRawBufferPointer) -> Bool {
        guard wkb.count >= 13, wkb[0] <= 1 else { return false }
        let little = wkb[0] == 1
        func uint32(_ offset: Int) -> UInt32 {
            let raw = wkb.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            return little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
        }
        guard uint32(1) == 3, uint32(5) == 1 else { return false }  // Polygon (2D), one ring
        let count = Int(uint32(9))
        guard count >= 4, count - 1 <= maxEdges, wkb.count == 13 + 16 * count else { return false }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * count) { buffer in
            let x = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            let y = UnsafeMutableBufferPointer(rebasing: buffer[count...])
            for index in 0..<count {
                let rawX = wkb.loadUnaligned(fromByteOffset: 13 + 16 * index, as: UInt64.self)
                let rawY = wkb.loadUnaligned(fromByteOffset: 21 + 16 * index, as: UInt64.self)
                x[index] = Double(bitPattern: little ? UInt64(littleEndian: rawX) : UInt64(bigEndian: rawX))
                y[index] = Double(bitPattern: little ? UInt64(littleEndian: rawY) : UInt64(bigEndian: rawY))
                guard x[index].isFinite, y[index].isFinite else { return false }
            }
            return isSimple(x: UnsafeBufferPointer(x), y: UnsafeBufferPointer(y))
        }
    }

    /// True when the closed ring (last point = first) is proven simple.
    static func isSimple(x: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> Bool {
        let edges = x.count - 1
        guard edges >= 3, x[edges] == x[0], y[edges] == y[0] else { return false }
        // Neighbours: the corner between them is certainly not in line (nor a repeated point).
        for corner in 0..<edges {
            let before = (corner + edges - 1) % edges, after = corner + 1
            guard let turn = orientation(x[before], y[before], x[corner], y[corner], x[after], y[after]), turn != 0 else {
                return false
            }
        }
        // Every other pair of edges: certainly apart.
        for first in 0..<edges {
            for second in stride(from: first + 2, to: first == 0 ? edges - 1 : edges, by: 1) {
                guard apart(x[first], y[first], x[first + 1], y[first + 1],
                            x[second], y[second], x[second + 1], y[second + 1]) else { return false }
            }
        }
        return true
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
