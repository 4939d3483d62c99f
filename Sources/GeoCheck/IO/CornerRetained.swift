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
    /// The geometry is snapped to a 0.01 m grid keeping a valid topology
    /// (`Geometry.snapped(toGrid:)`: collapsed spikes and slivers vanish, crossings made by the
    /// rounding are noded), re-validated (and repaired if still invalid), and parts below
    /// `minAreaM2` (ellipsoidal) are dropped. `areas` measures in `epsg` (one per zone when
    /// many files are written: setting one up asks PROJ for its operations, which costs far
    /// more than a file).
    public static func file(geometry: Geometry, epsg: Int, name: String, minAreaM2: Double, date: Date = Date(),
                            areas: AreaCalculator? = nil) throws -> CornerFile? {
        guard let zone = GaussKruger.zone(epsg: epsg), !geometry.isEmpty else { return nil }
        // No part can reach minAreaM2 (most retained shapes of wholly covered rights are slivers):
        // snapping moves a vertex by at most 0.0071 m, so the area grows by less than the
        // perimeter × 0.01 m; half of minAreaM2 covers the zone's scale and the ellipsoidal measure.
        if try geometry.planarArea() + geometry.length() * 0.01 < minAreaM2 / 2 { return nil }
        let areas = try areas ?? AreaCalculator(crs: try SpatialReference(epsg: epsg))
        var snapped = try geometry.snapped(toGrid: 0.01).polygonalParts()
        if try snapped.validityProblem() != nil { snapped = try snapped.makeValid().snapped(toGrid: 0.01).polygonalParts() }
        var blocks: [CornerBlock] = []
        for rings in try snapped.polygonRings() {
            let part = try geometry.context.polygon(rings: rings)
            let area = try areas.ellipsoidalArea(part).m2
            guard area >= max(minAreaM2, 0), !area.isNaN else { continue }
            blocks.append(CornerBlock(id: String(blocks.count + 1), polygonRings: rings,
                                      attributes: ["地块名称": name, "地块面积": formatNumber(area / 10_000, 4)]))
        }
        guard !blocks.isEmpty else { return nil }
        return CornerFile(path: "", form: .exchange, encoding: "GB18030", datum: zone.datum, zoneWidth: zone.zoneWidth,
                          zone: zone.zone, hasZonePrefix: zone.hasZonePrefix, epsg: epsg,
                          header: ["数据产生单位": "geocheck", "数据产生日期": day(date)], blocks: blocks)
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
        let text = CornerCoordinates.write(file, form: .exchange)
        switch encoding {
        case .utf8: return Data(text.utf8)
        case .gbk:
            guard let data = TextEncoding.encodeGB18030(text) else {
                throw CornerFileError(path: file.path, line: nil, message: "cannot encode the corner file as GBK/GB18030")
            }
            return data
        }
    }
}
