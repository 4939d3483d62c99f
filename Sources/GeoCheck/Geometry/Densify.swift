/// Edge densification: extra vertices evenly spaced on the segments of a line or ring, so that
/// the line keeps its shape when its vertices are transformed into another CRS.
public enum Densify {
    /// `xy` (interleaved x,y) with `points(x0, y0, x1, y1)` evenly spaced vertices inserted on
    /// each segment. The original vertices are kept exactly.
    ///
    ///     Densify.line([0, 0, 3, 0], points: { _, _, _, _ in 2 })  // [0,0, 1,0, 2,0, 3,0]
    public static func line(_ xy: [Double], points: (Double, Double, Double, Double) -> Int) -> [Double] {
        let count = xy.count / 2
        guard count >= 2 else { return xy }
        var extra = [Int](repeating: 0, count: count - 1)
        var total = 0
        for index in 0..<(count - 1) {
            extra[index] = max(0, points(xy[2 * index], xy[2 * index + 1], xy[2 * index + 2], xy[2 * index + 3]))
            total += extra[index]
        }
        if total == 0 { return xy }
        var out: [Double] = []
        out.reserveCapacity(xy.count + 2 * total)
        for index in 0..<(count - 1) {
            let (x0, y0, x1, y1) = (xy[2 * index], xy[2 * index + 1], xy[2 * index + 2], xy[2 * index + 3])
            out.append(x0)
            out.append(y0)
            let parts = Double(extra[index] + 1)
            for step in 0..<extra[index] {
                let t = Double(step + 1) / parts
                out.append(x0 + (x1 - x0) * t)
                out.append(y0 + (y1 - y0) * t)
            }
        }
        out.append(xy[xy.count - 2])
        out.append(xy[xy.count - 1])
        return out
    }
}

extension Geometry {
    /// A copy with `points(x0, y0, x1, y1)` vertices inserted on every segment (see `Densify`).
    public func densified(points: (Double, Double, Double, Double) -> Int) throws -> Geometry {
        try mapCoordinates { $0 = Densify.line($0, points: points) }
    }
}
