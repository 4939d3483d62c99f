import CGEOS

/// The intersection of two small polygons without holes, without GEOS's overlay: a right (a
/// licence's few corners) and a piece of a fragmented layer, where GEOS's OverlayNG (a noder
/// with validation, an edge graph, result rings: ~120,000 instructions a pair) was a third of a
/// red-line screening. `Geometry.intersection` asks it first. Like `SimpleRing` it proves or it
/// gives up: GEOS decides whenever the two boundaries are not in general position (a corner on
/// the other's edge or line, edges in line, crossings too flat, or too close along an edge for
/// their order to be certain), so it never answers a case it cannot tell — it only spares GEOS
/// the plain ones.
///
/// In general position the boundaries of two simple rings cross only at proper crossings, each
/// where one boundary enters the other polygon and the other leaves it, and the intersection is
/// traced as Greiner and Hormann do: from a crossing where the first ring enters the second,
/// along the first ring to its next crossing, then along the second ring to its next, and so on
/// until back (both rings counter-clockwise, each step goes forward). Its parts are simple rings
/// without holes (the intersection of two simply connected polygons is simply connected). Every
/// side test is `SimpleRing.orientation`, used only where its sign is certain; the order of two
/// crossings on one edge is used only where their positions' error bounds do not overlap. The
/// result is checked before it is returned: each ring proven simple, the rings apart and not
/// nested, and each corner of either ring in the result exactly when it lies inside the other
/// (a walk the wrong way round an arc fails this).
enum RingOverlay {
    /// A crossing of edge `p` of the first ring (at `t` along it) with edge `q` of the second (at `u`).
    private struct Crossing {
        var p: Int, t: Double
        var q: Int, u: Double
        /// Bounds on the errors of `t` and `u`.
        var tError: Double, uError: Double
        var x: Double, y: Double
        /// The first ring enters the second here.
        var entering: Bool
    }

    /// Crossings are computed only where the edges meet at an angle whose sine is at least this:
    /// then a crossing's position is off by ~1e-16 / sine of the edges' length, far below any
    /// area that matters. Flatter crossings go to GEOS.
    static let minSine = 1e-6

    /// The unit roundoff: the relative error of one rounded operation.
    private static let epsilon = Double.ulpOfOne / 2

    /// Parts of a MultiPolygon taken part by part (a fragmented layer's piece cut in two by a
    /// grid line); more go to GEOS.
    static let maxParts = 4

    /// The parts of `a ∩ b` (closed, counter-clockwise rings, interleaved x, y; none when the
    /// polygons do not meet) when both are small polygons without holes (`SimpleRing.shells`), 2D,
    /// in general position; nil when unproven. Of MultiPolygons, each part meets each part; the
    /// parts found must then be apart (parts of a valid MultiPolygon may touch at a corner).
    static func intersection(_ a: Geometry, _ b: Geometry) -> [[Double]]? {
        let flat = { (geometry: Geometry) in geometry.withGEOS { GEOSHasZ_r($0, $1) } == 0 }
        guard flat(a), flat(b), let first = SimpleRing.simpleShells(of: a, maxParts: maxParts),
              let second = SimpleRing.simpleShells(of: b, maxParts: maxParts) else { return nil }
        var rings: [[Double]] = []
        var meeting = 0
        for p in first {
            for q in second {
                guard let found = intersectionOfSimple(p, q) else { return nil }
                if !found.isEmpty { meeting += 1 }
                rings += found
            }
        }
        return meeting <= 1 || proven(rings) ? rings : nil
    }

    /// The parts of the intersection of two closed rings (interleaved x, y), or nil when either is
    /// not proven simple or the case is not proven in general position.
    static func intersection(_ first: [Double], _ second: [Double]) -> [[Double]]? {
        guard SimpleRing.isSimple(first), SimpleRing.isSimple(second) else { return nil }
        return intersectionOfSimple(first, second)
    }

    /// `intersection` of two rings proven simple.
    private static func intersectionOfSimple(_ first: [Double], _ second: [Double]) -> [[Double]]? {
        guard let p = counterClockwise(first), let q = counterClockwise(second), let crossings = crossings(p, q) else { return nil }
        if crossings.isEmpty {
            // One inside the other, or apart: no corner lies on the other's boundary (a corner
            // on an edge is a degenerate pair, refused above).
            guard let pInQ = contains(q, p[0], p[1]) else { return nil }
            if pInQ { return [p] }
            guard let qInP = contains(p, q[0], q[1]) else { return nil }
            return qInP ? [q] : []
        }
        var (emittedP, emittedQ) = ([Int](repeating: 0, count: p.count / 2 - 1), [Int](repeating: 0, count: q.count / 2 - 1))
        guard crossings.count % 2 == 0, let rings = trace(p, q, crossings, emittedP: &emittedP, emittedQ: &emittedQ),
              cornersAgree(p, emittedP, inside: q), cornersAgree(q, emittedQ, inside: p), proven(rings) else { return nil }
        return rings
    }

    /// The ring counter-clockwise (reversed if clockwise), nil when its turn is uncertain. The
    /// turn at the lowest (then leftmost) corner of a simple ring is its orientation.
    private static func counterClockwise(_ ring: [Double]) -> [Double]? {
        let corners = ring.count / 2 - 1
        var low = 0
        for corner in 1..<corners where ring[2 * corner + 1] < ring[2 * low + 1]
            || ring[2 * corner + 1] == ring[2 * low + 1] && ring[2 * corner] < ring[2 * low] {
            low = corner
        }
        let before = (low + corners - 1) % corners, after = (low + 1) % corners
        guard let turn = SimpleRing.orientation(ring[2 * before], ring[2 * before + 1], ring[2 * low], ring[2 * low + 1],
                                                ring[2 * after], ring[2 * after + 1]), turn != 0 else { return nil }
        if turn > 0 { return ring }
        var reversed = [Double]()
        reversed.reserveCapacity(ring.count)
        for corner in stride(from: corners, through: 0, by: -1) {
            reversed.append(ring[2 * corner])
            reversed.append(ring[2 * corner + 1])
        }
        return reversed
    }

    /// Every proper crossing of the two boundaries; nil when any two edges whose boxes meet are
    /// not certainly either apart or properly crossing (a corner on the other's line, edges in
    /// line), or cross too flat.
    private static func crossings(_ p: [Double], _ q: [Double]) -> [Crossing]? {
        var found: [Crossing] = []
        let pEdges = p.count / 2 - 1, qEdges = q.count / 2 - 1
        for i in 0..<pEdges {
            let (ax, ay, bx, by) = (p[2 * i], p[2 * i + 1], p[2 * i + 2], p[2 * i + 3])
            let (pMinX, pMaxX, pMinY, pMaxY) = (min(ax, bx), max(ax, bx), min(ay, by), max(ay, by))
            for j in 0..<qEdges {
                let (cx, cy, dx, dy) = (q[2 * j], q[2 * j + 1], q[2 * j + 2], q[2 * j + 3])
                if max(cx, dx) < pMinX || min(cx, dx) > pMaxX || max(cy, dy) < pMinY || min(cy, dy) > pMaxY { continue }
                guard let c = SimpleRing.orientation(ax, ay, bx, by, cx, cy), c != 0,
                      let d = SimpleRing.orientation(ax, ay, bx, by, dx, dy), d != 0,
                      let a = SimpleRing.orientation(cx, cy, dx, dy, ax, ay), a != 0,
                      let b = SimpleRing.orientation(cx, cy, dx, dy, bx, by), b != 0 else { return nil }
                if c == d || a == b { continue }
                let (rx, ry, sx, sy, wx, wy) = (bx - ax, by - ay, dx - cx, dy - cy, cx - ax, cy - ay)
                // t = (w × s) / (r × s), u = (w × r) / (r × s). Each difference and product is
                // rounded (relative error ε each): a cross product is off by at most 4ε times the
                // sum of its terms' sizes; 8ε is taken. Products out of the normal range (far
                // beyond any map's coordinates) leave nothing certain. A product that underflowed
                // to 0 is off by under 2⁻¹⁰⁷⁴, far below 8ε·1e-280 of any other term; when every
                // term is 0 the denominator is 0 and the pair is refused below.
                let (rsx, rsy, wsx, wsy, wrx, wry) = (abs(rx * sy), abs(ry * sx), abs(wx * sy), abs(wy * sx), abs(wx * ry), abs(wy * rx))
                func normal(_ term: Double) -> Bool { term == 0 || term >= 1e-280 && term <= 1e280 }
                guard normal(rsx), normal(rsy), normal(wsx), normal(wsy), normal(wrx), normal(wry) else { return nil }
                let bound = 8 * epsilon
                let denominator = rx * sy - ry * sx, denominatorError = bound * (rsx + rsy)
                let (tNumerator, uNumerator) = (wx * sy - wy * sx, wx * ry - wy * rx)
                // Too flat (the sine of the angle, scale-free), or the denominator's sign unsure.
                guard abs(denominator) >= minSine * (rx * rx + ry * ry).squareRoot() * (sx * sx + sy * sy).squareRoot(),
                      abs(denominator) > 2 * denominatorError else { return nil }
                let t = tNumerator / denominator, u = uNumerator / denominator
                // |Δ(n/d)| ≤ (|Δn| + |n/d|·|Δd|) / (|d| − |Δd|), plus the division's rounding.
                let spare = abs(denominator) - denominatorError
                let tError = (bound * (wsx + wsy) + abs(t) * denominatorError) / spare + 2 * epsilon
                let uError = (bound * (wrx + wry) + abs(u) * denominatorError) / spare + 2 * epsilon
                let (tIn, uIn) = (min(1, max(0, t)), min(1, max(0, u)))
                // The first ring enters the second where it passes from the second's right
                // (outside, the second being counter-clockwise) to its left.
                found.append(Crossing(p: i, t: tIn, q: j, u: uIn, tError: tError, uError: uError,
                                      x: ax + tIn * rx, y: ay + tIn * ry, entering: a < 0))
            }
        }
        return found
    }

    /// The rings of the intersection, traced through the crossings (see the type's comment);
    /// nil when the crossings do not alternate as they must, or the order along an edge is unsure.
    private static func trace(_ p: [Double], _ q: [Double], _ crossings: [Crossing],
                              emittedP: inout [Int], emittedQ: inout [Int]) -> [[Double]]? {
        let count = crossings.count
        let alongP = SimpleRing.order(count) { (crossings[$0].p, crossings[$0].t) < (crossings[$1].p, crossings[$1].t) }
        let alongQ = SimpleRing.order(count) { (crossings[$0].q, crossings[$0].u) < (crossings[$1].q, crossings[$1].u) }
        var rankP = [Int](repeating: 0, count: count), rankQ = [Int](repeating: 0, count: count)
        for rank in 0..<count {
            rankP[alongP[rank]] = rank
            rankQ[alongQ[rank]] = rank
        }
        // Along each ring the crossings alternate entering and leaving, in an order that is sure:
        // two on one edge are further apart than their positions' errors together.
        for rank in 0..<count {
            let (c, next) = (crossings[alongP[rank]], crossings[alongP[(rank + 1) % count]])
            let (d, nextQ) = (crossings[alongQ[rank]], crossings[alongQ[(rank + 1) % count]])
            guard c.entering != next.entering, d.entering != nextQ.entering else { return nil }
            if rank + 1 < count, next.p == c.p && next.t - c.t <= next.tError + c.tError
                || nextQ.q == d.q && nextQ.u - d.u <= nextQ.uError + d.uError { return nil }
        }
        var visited = [Bool](repeating: false, count: count)
        var rings: [[Double]] = []
        for start in 0..<count where crossings[start].entering && !visited[start] {
            var ring: [Double] = []
            ring.reserveCapacity(2 * (p.count + q.count + count))
            ring.append(crossings[start].x)
            ring.append(crossings[start].y)
            var at = start
            repeat {
                guard !visited[at], crossings[at].entering else { return nil }
                visited[at] = true
                // Along the first ring, inside the second, to where it leaves…
                let leaving = alongP[(rankP[at] + 1) % count]
                walk(p, from: crossings[at].p, t: crossings[at].t, to: crossings[leaving].p, t: crossings[leaving].t,
                     into: &ring, emitted: &emittedP)
                ring.append(crossings[leaving].x)
                ring.append(crossings[leaving].y)
                visited[leaving] = true
                // …then along the second, inside the first, to where the first enters again.
                at = alongQ[(rankQ[leaving] + 1) % count]
                walk(q, from: crossings[leaving].q, t: crossings[leaving].u, to: crossings[at].q, t: crossings[at].u,
                     into: &ring, emitted: &emittedQ)
                ring.append(crossings[at].x)
                ring.append(crossings[at].y)
            } while at != start
            rings.append(ring)
        }
        return visited.allSatisfy { $0 } ? rings : nil
    }

    /// Appends the corners of `ring` passed going forward from a point on edge `from` (at `t`)
    /// to a point on edge `to` (at `end`): none when on the same edge further on, else the
    /// corners `from + 1 … to`, all the way round when `to` is `from`.
    private static func walk(_ ring: [Double], from: Int, t: Double, to: Int, t end: Double, into out: inout [Double],
                             emitted: inout [Int]) {
        let edges = ring.count / 2 - 1
        var steps = (to - from + edges) % edges
        if steps == 0 && end <= t { steps = edges }
        for step in stride(from: 1, through: steps, by: 1) {
            let corner = (from + step) % edges
            out.append(ring[2 * corner])
            out.append(ring[2 * corner + 1])
            emitted[corner] += 1
        }
    }

    /// True when every corner of `ring` was taken into the result (`emitted`, by `trace`) once
    /// if it lies inside `other` and never if outside — as the intersection's boundary must.
    private static func cornersAgree(_ ring: [Double], _ emitted: [Int], inside other: [Double]) -> Bool {
        for corner in emitted.indices {
            guard let inside = contains(other, ring[2 * corner], ring[2 * corner + 1]), emitted[corner] == (inside ? 1 : 0) else {
                return false
            }
        }
        return true
    }

    /// The traced rings are what they must be: each simple, no two meeting, none inside another.
    private static func proven(_ rings: [[Double]]) -> Bool {
        guard rings.allSatisfy(SimpleRing.isSimple) else { return false }
        for first in rings.indices {
            for second in rings.indices where second > first {
                let (r, s) = (rings[first], rings[second])
                for i in 0..<(r.count / 2 - 1) {
                    for j in 0..<(s.count / 2 - 1) where !SimpleRing.apart(r[2 * i], r[2 * i + 1], r[2 * i + 2], r[2 * i + 3],
                                                                            s[2 * j], s[2 * j + 1], s[2 * j + 2], s[2 * j + 3]) {
                        return false
                    }
                }
                guard contains(r, s[0], s[1]) == false, contains(s, r[0], r[1]) == false else { return false }
            }
        }
        return true
    }

    /// Whether (x, y) lies inside the closed ring (crossings of a ray towards +x, half-open in
    /// y); nil when it may lie on the ring.
    static func contains(_ ring: [Double], _ x: Double, _ y: Double) -> Bool? {
        var inside = false
        for i in 0..<(ring.count / 2 - 1) {
            let (ax, ay, bx, by) = (ring[2 * i], ring[2 * i + 1], ring[2 * i + 2], ring[2 * i + 3])
            if ax == x && ay == y || ay == y && by == y && min(ax, bx) <= x && x <= max(ax, bx) { return nil }
            guard (ay > y) != (by > y) else { continue }
            guard let side = SimpleRing.orientation(ax, ay, bx, by, x, y), side != 0 else { return nil }
            // Going up, the edge is east of the point when the point is on its left.
            if (by > ay) == (side > 0) { inside.toggle() }
        }
        return inside
    }
}
