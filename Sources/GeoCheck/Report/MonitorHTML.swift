import Foundation

/// Pieces shared by the boundary, forest and reclamation reports: figures of an `Area` as the
/// JSON writes them, and maps in the check's working CRS. Writers draw geometry; every area
/// they show comes from the result.
enum MonitorHTML {
    /// The three JSON numbers of an area (`<prefix>_m2`, `_mu`, `_ha`), rounded as the JSON rounds them.
    static func json(_ area: Area) -> (m2: Double, mu: Double, ha: Double) {
        (rounded(area.m2), rounded(area.mu), rounded(area.ha, 8))
    }

    /// "12.34 亩 = 0.82 公顷" with `data-json` on both numbers; `path` is the JSON key prefix
    /// (e.g. "mines.0.outside").
    static func area(_ area: Area, json path: String, strings: Strings, m2: Bool = false) -> ReportLine {
        let value = json(area)
        var line: ReportLine = [.figure(value.mu, json: "\(path)_mu", unit: strings["mu"]), .text(" = "),
                          .figure(value.ha, json: "\(path)_ha", places: 4, unit: strings["ha"])]
        if m2 { line += [.text(" = "), .figure(value.m2, json: "\(path)_m2", places: 0, unit: "m²")] }
        return line
    }

    /// A map framed on `extent` (non-empty geometries), in the working CRS `crs`.
    static func map(id: String, crs: SpatialReference, title: String, extent: [Geometry], strings: Strings) -> SVGMap? {
        var world: Envelope?
        for geometry in extent where !geometry.isEmpty {
            if let e = geometry.envelope() { world = world.map { $0.union(e) } ?? e }
        }
        guard let world else { return nil }
        let caption = "\(strings["crs"]): \(crs.name)\(crs.epsg.map { " (EPSG:\($0))" } ?? "")"
        var map = SVGMap(id: id, world: world.padded(0.08, minimum: crs.isGeographic ? 0.002 : 150), crsCaption: caption, title: title)
        if crs.isGeographic {
            // Degrees: metres per degree of longitude at the map's latitude, ticks in degrees.
            map.metresPerUnit = 111_320 * cos(world.center.y * .pi / 180)
            map.tickFormat = { String(format: "%.4f°", $0) }
        }
        return map
    }

    /// Polygons of a geometry, nothing for an empty one.
    static func rings(_ geometry: Geometry) throws -> [[[Double]]] {
        geometry.isEmpty ? [] : try geometry.polygonRings()
    }

    /// A label point inside the geometry, nil for an empty one.
    static func labelPoint(_ geometry: Geometry) throws -> (x: Double, y: Double)? {
        geometry.isEmpty ? nil : try geometry.pointOnSurface()
    }

    /// Months "YYYY-MM" from `first` to `last` inclusive.
    static func months(from first: String, to last: String) -> [String] {
        func parts(_ month: String) -> (Int, Int)? {
            let p = month.prefix(7).split(separator: "-")
            guard p.count == 2, let y = Int(p[0]), let m = Int(p[1]), (1...12).contains(m) else { return nil }
            return (y, m)
        }
        guard var (y, m) = parts(first), let end = parts(last) else { return [first] }
        var months: [String] = []
        while (y, m) <= end && months.count < 240 {
            months.append(String(format: "%04d-%02d", y, m))
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        return months.isEmpty ? [first] : months
    }
}
