import Foundation

/// Text encoding of a written corner file: GBK (GB18030) as Chinese GIS software and bureaus
/// expect by default, or UTF-8.
public enum CornerTextEncoding: String, Sendable, CaseIterable {
    case gbk, utf8 = "utf-8"
}

/// A polygon (a retained right, the part of a right outside every prohibited zone) as a corner
/// file fit to hand in: coordinates on the 0.01 m grid the file is written with, valid after that
/// rounding, no slivers or spikes, 地块面积 (ha, ellipsoidal, 4 decimals) and 数据产生日期 filled in.
public enum RetainedCornerFile {

    /// The exchange-format file of `geometry` (in the Gauss-Krüger CRS `epsg`), one block per
    /// polygon part; nil when nothing of at least `minAreaM2` is left after rounding.
    ///
    /// The geometry is brought onto a 0.01 m grid keeping a valid topology (`gridded`: plain
    /// rounding where that is safe, else snap-rounding, where collapsed spikes and slivers vanish
    /// and crossings made by the rounding are noded; repaired if still invalid), and parts below
    /// `minAreaM2` (ellipsoidal) are dropped. `areas` measures in `epsg` (one per zone when
    /// many files are written: setting one up asks PROJ for its operations, which costs far
    /// more than a file).
    public static func file(geometry: Geometry, epsg: Int, name: String, minAreaM2: Double, date: Date = Date(),
                            areas: AreaCalculator? = nil) throws -> CornerFile? {
        guard let zone = GaussKruger.zone(epsg: epsg), let shape = try gridShape(geometry, minAreaM2: minAreaM2) else { return nil }
        let areas = try areas ?? AreaCalculator(crs: try SpatialReference(epsg: epsg))
        var blocks: [CornerBlock] = []
        for index in 0..<shape.partCount {
            let part = try shape.part(index)
            let area = try areas.ellipsoidalArea(part).m2
            guard area >= max(minAreaM2, 0), !area.isNaN else { continue }
            blocks.append(CornerBlock(id: String(blocks.count + 1), polygonRings: try part.polygonRings().first ?? [],
                                      attributes: ["地块名称": name, "地块面积": formatNumber(area / 10_000, 4)]))
        }
        guard !blocks.isEmpty else { return nil }
        return CornerFile(path: "", form: .exchange, encoding: "GB18030", datum: zone.datum, zoneWidth: zone.zoneWidth,
                          zone: zone.zone, hasZonePrefix: zone.hasZonePrefix, epsg: epsg,
                          header: ["数据产生单位": "geocheck", "数据产生日期": day(date)], blocks: blocks)
    }

    /// What a retained corner file is written from (report.html lists its points too): the
    /// parts that may hold `minAreaM2` (`partsThatMayReach`) on the 0.01 m grid (`gridded`);
    /// nil when there are none. The file then drops a part whose ellipsoidal area is below
    /// `minAreaM2`.
    static func gridShape(_ geometry: Geometry, minAreaM2: Double) throws -> Geometry? {
        guard !geometry.isEmpty, let kept = try partsThatMayReach(minAreaM2, geometry) else { return nil }
        return try gridded(kept)
    }

    /// The polygons of `geometry` of at least half of `minAreaM2` (planar: the other half
    /// covers the zone's scale and the ellipsoidal measure), nil when none. An overlay leaves
    /// slivers of square millimetres where a right's edge runs along a zone's (most retained
    /// shapes of wholly covered rights are nothing else); below the sliver size as they are,
    /// they would first make plain rounding invalid and send the whole shape to snap-rounding,
    /// and bend the real part's edges through their hot pixels there. What is left is measured
    /// against `minAreaM2` again once gridded.
    static func partsThatMayReach(_ minAreaM2: Double, _ geometry: Geometry) throws -> Geometry? {
        func mayReach(_ part: Geometry) throws -> Bool { try part.planarArea() >= minAreaM2 / 2 }
        guard try geometry.type() == .multiPolygon else { return try mayReach(geometry) ? geometry : nil }
        let parts = try (0..<geometry.partCount).map { try geometry.part($0) }
        let kept = try parts.filter(mayReach)
        if kept.count == parts.count { return geometry }
        return kept.isEmpty ? nil : try geometry.context.collection(kept, type: .multiPolygon)
    }

    /// `geometry` on the 0.01 m grid, valid.
    ///
    /// Rounded coordinate by coordinate, with the corners where a ring then turns back along
    /// itself closer than the grid folded away (`foldingBacktracks`), where that leaves a valid
    /// shape whose every ring is wider than `minWidth` on average (2 × area / perimeter) and has
    /// no spike (`hasSpike`). Else snap-rounded (`snapped(toGrid:)`: a crossing made by the
    /// rounding is noded, a part thinner than the grid collapses). Snap-rounding costs
    /// milliseconds a call here (GEOS 3.11 seeds a `std::random_device` for every ring it
    /// indexes), and a red line's thousands of retained rights are mostly plain shapes. The two
    /// ways differ by less than the grid: on the red-line benchmark's 7,458 files, point sets
    /// equal where no corner is folded, and at most 1.2 m² of symmetric difference (a neck
    /// thinner than the grid that snap-rounding cuts and rounding keeps) on shapes of square
    /// kilometres.
    ///
    /// `geometry` may cross itself by less than the grid (a transformed overlay's hair-thin
    /// wedge): rounding and folding, or snap-rounding, which nodes the crossing, remove it. GEOS
    /// promises nothing for invalid input, so a snap-rounded shape must also keep the area
    /// within what the grid can move (perimeter × 0.01 m); else, and where snap-rounding fails
    /// or leaves an invalid shape, the shape is repaired first (`makeValid`, which checks the
    /// area it keeps) and snapped again.
    static func gridded(_ geometry: Geometry, minWidth: Double = 0.05) throws -> Geometry {
        // GEOS refuses a ring the rounding leaves with too few points: snap-rounding then.
        if let rounded = try? plainlyRounded(geometry, minWidth: minWidth) { return rounded }
        if let snapped = try? geometry.snapped(toGrid: 0.01).polygonalParts(), try snapped.validityProblem() == nil,
           try abs(snapped.planarArea() - geometry.planarArea()) <= geometry.length() * 0.01 {
            return snapped
        }
        let snapped = try geometry.validPolygonal().snapped(toGrid: 0.01).polygonalParts()
        guard try snapped.validityProblem() != nil else { return snapped }
        return try snapped.makeValid().snapped(toGrid: 0.01).polygonalParts()
    }

    private static func plainlyRounded(_ geometry: Geometry, minWidth: Double) throws -> Geometry? {
        var rounded = try geometry.rounded(toGrid: 0.01).polygonalParts()
        guard !rounded.isEmpty else { return nil }
        let polygons = try rounded.polygonRings()
        let folded = polygons.map { rings in rings.compactMap { foldingBacktracks($0, width: 0.01) } }
        if folded != polygons {
            // A ring folded away entirely: snap-rounding decides what is left.
            if zip(folded, polygons).contains(where: { $0.count != $1.count }) { return nil }
            let parts = try folded.map { try geometry.context.polygon(rings: $0) }
            rounded = parts.count == 1 ? parts[0] : try geometry.context.collection(parts, type: .multiPolygon)
        }
        guard try rounded.validityProblem() == nil else { return nil }
        let plain = folded.allSatisfy { $0.allSatisfy { ring in width(ring) >= minWidth && !hasSpike(ring, minWidth: minWidth) } }
        return plain ? rounded : nil
    }

    /// `ring` (closed, on the grid) without the corners where it turns back along itself closer
    /// than `width`, as snap-rounding folds a collapsed spike; nil when fewer than three
    /// corners are left.
    static func foldingBacktracks(_ ring: [Double], width: Double) -> [Double]? {
        var points = stride(from: 0, to: ring.count - 2, by: 2).map { (x: ring[$0], y: ring[$0 + 1]) }
        var index = 0
        while index < points.count, points.count >= 3 {
            let count = points.count
            let (p, c, q) = (points[(index + count - 1) % count], points[index], points[(index + 1) % count])
            if turnsBack(p.x - c.x, p.y - c.y, q.x - c.x, q.y - c.y, within: width) {
                points.remove(at: index)
                index = max(0, index - 1)  // the corner before may turn back now
            } else {
                index += 1
            }
        }
        guard points.count >= 3 else { return nil }
        return points.flatMap { [$0.x, $0.y] } + [points[0].x, points[0].y]
    }

    /// True when at some vertex the ring turns by more than 90° and the end of the shorter of
    /// its two edges there lies within `minWidth` of the longer one: a spike, a wedge or a
    /// short zig-zag that snap-rounding may fold or move and plain rounding keeps (such a shape
    /// is snap-rounded). A narrow wedge wider than that, as where a zone's edge crosses a
    /// right's at a shallow angle, is land and may be rounded point by point.
    static func hasSpike(_ ring: [Double], minWidth: Double) -> Bool {
        let count = ring.count / 2 - 1  // without the closing repeat
        guard count >= 3 else { return true }
        return (0..<count).contains { index in
            let previous = (index + count - 1) % count, next = (index + 1) % count
            return turnsBack(ring[2 * previous] - ring[2 * index], ring[2 * previous + 1] - ring[2 * index + 1],
                             ring[2 * next] - ring[2 * index], ring[2 * next + 1] - ring[2 * index + 1], within: minWidth)
        }
    }

    /// True at a corner with edges a = (ax, ay) and b = (bx, by) to its neighbours when one of
    /// them has no length, or the ring turns by more than 90° there (a · b > 0) and the shorter
    /// edge's end lies within `width` of the longer edge (|a × b| / |longer| from its line).
    private static func turnsBack(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, within width: Double) -> Bool {
        let (a, b) = (hypot(ax, ay), hypot(bx, by))
        if min(a, b) == 0 { return true }
        return ax * bx + ay * by > 0 && abs(ax * by - ay * bx) / max(a, b) < width
    }

    /// 2 × area / perimeter of a closed ring (x, y, x, y, …): its width for a long thin one.
    static func width(_ ring: [Double]) -> Double {
        var twiceArea = 0.0, perimeter = 0.0
        for index in stride(from: 0, to: ring.count - 2, by: 2) {
            let (x0, y0, x1, y1) = (ring[index], ring[index + 1], ring[index + 2], ring[index + 3])
            twiceArea += x0 * y1 - x1 * y0
            perimeter += hypot(x1 - x0, y1 - y0)
        }
        return perimeter > 0 ? abs(twiceArea) / perimeter : 0
    }

    /// `yyyy-MM-dd` in local time (a `DateFormatter` per file cost more than the file's text).
    static func day(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
    }

    /// The file as exchange-format bytes in `encoding`.
    public static func data(_ file: CornerFile, encoding: CornerTextEncoding = .gbk) throws -> Data {
        let text = CornerWriter(file: file).exchangeUTF8()
        switch encoding {
        case .utf8: return Data(text)
        case .gbk:
            guard let data = TextEncoding.encodeGB18030(utf8: text) else {
                throw CornerFileError(path: file.path, line: nil, message: "cannot encode the corner file as GBK/GB18030")
            }
            return data
        }
    }
}
