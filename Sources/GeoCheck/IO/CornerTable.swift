import Foundation

/// Corner coordinates as a table: a CSV (UTF-8 or GBK, as Excel writes it) or an Excel sheet
/// whose header names a point column (点号, 界址点号, 拐点号, …) and either X/Y (X, X坐标, 纵坐标 /
/// Y, Y坐标, 横坐标) or longitude/latitude (经度/纬度, L/B, lon/lat: degrees-minutes-seconds such as
/// `113°15'29.900"` or `113 15 29.900`, or decimal degrees), optionally 圈号 (ring) and 地块编号
/// (block). Read like the text forms: the same zone rules, ring closing, checks and errors
/// naming the row. Geographic tables are projected into the CGCS2000 (or given datum) 3°
/// Gauss-Krüger zone of their centre with zone prefix, the plane in which a licence's boundary is
/// defined.
enum CornerTable {

    struct Columns: Equatable {
        var name: Int?
        var first: Int
        var second: Int
        var ring: Int?
        var block: Int?
        /// nil: X (northing) / Y (easting); else geographic, true when `first` is the longitude.
        var longitudeFirst: Bool?
    }

    static let nameHeads = ["点号", "界址点号", "拐点号", "拐点编号", "拐点", "点名", "界址点", "序号"]
    static let xHeads = ["x", "x坐标", "纵坐标", "北坐标", "坐标x"]
    static let yHeads = ["y", "y坐标", "横坐标", "东坐标", "坐标y"]
    static let lonHeads = ["经度", "东经", "大地经度", "l", "lon", "longitude", "经度l"]
    static let latHeads = ["纬度", "北纬", "大地纬度", "b", "lat", "latitude", "纬度b"]
    static let ringHeads = ["圈号", "环号", "ring"]
    static let blockHeads = ["地块编号", "地块号", "区块号", "块号", "区块编号", "block"]

    /// A header cell without spaces, units in brackets and case: `X坐标(m)` → `x坐标`.
    static func key(_ cell: String) -> String {
        var text = CornerGrammar.normalize(cell).lowercased().replacingOccurrences(of: " ", with: "")
        for (open, close) in [("(", ")"), ("（", "）"), ("[", "]")] {
            if let start = text.range(of: open), let end = text.range(of: close), start.lowerBound < end.lowerBound {
                text.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        return text
    }

    /// The column roles of a header row, or nil when it is not a corner table's header: it needs
    /// X and Y (or longitude and latitude) and, unless they are named in Chinese, a point column.
    static func columns(_ header: [String]) -> Columns? {
        let keys = header.map(key)
        func find(_ heads: [String]) -> Int? { keys.firstIndex { heads.contains($0) } }
        let name = find(nameHeads)
        if let x = find(xHeads), let y = find(yHeads) {
            let chinese = [header[x], header[y]].allSatisfy { $0.unicodeScalars.contains { $0.value > 0x2E80 } }
            guard name != nil || chinese else { return nil }
            return Columns(name: name, first: x, second: y, ring: find(ringHeads), block: find(blockHeads), longitudeFirst: nil)
        }
        if let lon = find(lonHeads), let lat = find(latHeads), name != nil || header[lon].contains("经") {
            return Columns(name: name, first: min(lon, lat), second: max(lon, lat), ring: find(ringHeads),
                           block: find(blockHeads), longitudeFirst: lon < lat)
        }
        return nil
    }

    // MARK: - Reading

    /// The corner file in a table, or nil when the table's header is not a corner table's.
    static func read(rows: [(line: Int, cells: [String])], path: String, options: CornerReadOptions) throws -> CornerFile? {
        guard let headerRow = rows.first(where: { !$0.cells.allSatisfy(\.isEmpty) }),
              let columns = columns(headerRow.cells) else { return nil }
        let data = rows.filter { $0.line > headerRow.line && !$0.cells.allSatisfy(\.isEmpty) }
        var parser = CornerParser(lines: [], path: path, options: options)
        let projected = try projectIfGeographic(data, columns: columns, path: path, options: options)
        var blocks: [CornerBlock] = []
        var current: (id: String, rings: [String: [CornerPoint]], order: [String], line: Int)?
        var ringsOfBlock: [(ring: String, line: Int)] = []
        // Without a ring column a ring ends where it returns to its first point, as in the
        // list forms; the next row of the block starts another.
        var closedRings = 0
        for (row, x, y) in projected {
            let cell = { (index: Int?) in index.flatMap { $0 < row.cells.count ? row.cells[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            let blockID = cell(columns.block)
            if current == nil || current?.id != blockID {
                try Self.checkConsecutive(ringsOfBlock, path: path)
                ringsOfBlock = []
                if let done = current { blocks.append(try parser.tableBlock(done, number: blocks.count + 1)) }
                current = (blockID, [:], [], row.line)
                closedRings = 0
            }
            let ring = columns.ring == nil ? String(closedRings + 1) : cell(columns.ring)
            ringsOfBlock.append((ring, row.line))
            let point = try parser.makePoint(name: cell(columns.name), x: x, y: y, lineNo: row.line)
            if current?.rings[ring] == nil { current?.order.append(ring) }
            current?.rings[ring, default: []].append(point)
            if columns.ring == nil, let points = current?.rings[ring], points.count > 1, let first = points.first,
               first.northing == point.northing, first.easting == point.easting, points.contains(where: { $0.northing != first.northing || $0.easting != first.easting }) {
                closedRings += 1
            }
        }
        try Self.checkConsecutive(ringsOfBlock, path: path)
        if let done = current { blocks.append(try parser.tableBlock(done, number: blocks.count + 1)) }
        return try parser.finish(form: .plainList, blocks: blocks)
    }

    /// As in the exchange form: the rows of a ring are consecutive (`CornerGrammar.splitRing`).
    private static func checkConsecutive(_ rings: [(ring: String, line: Int)], path: String) throws {
        if let split = CornerGrammar.splitRing(rings) { throw CornerFileError(path: path, line: split.line, message: split.message) }
    }

    /// X/Y cells as they are, or longitude/latitude cells projected to the Gauss-Krüger 3° zone
    /// (with prefix) of their mean longitude.
    private static func projectIfGeographic(
        _ rows: [(line: Int, cells: [String])], columns: Columns, path: String, options: CornerReadOptions
    ) throws -> [(row: (line: Int, cells: [String]), x: String, y: String)] {
        let cells = rows.map { row in
            (row, columns.first < row.cells.count ? row.cells[columns.first] : "", columns.second < row.cells.count ? row.cells[columns.second] : "")
        }
        guard let longitudeFirst = columns.longitudeFirst else { return cells.map { ($0.0, $0.1, $0.2) } }
        var lonLat: [Double] = []
        for (row, a, b) in cells {
            guard let first = Degrees.parse(a) else { throw CornerFileError(path: path, line: row.line, message: "\"\(CornerGrammar.excerpt(a))\" is not an angle (113°15'29.900\", 113 15 29.900 or 113.258306)") }
            guard let second = Degrees.parse(b) else { throw CornerFileError(path: path, line: row.line, message: "\"\(CornerGrammar.excerpt(b))\" is not an angle (113°15'29.900\", 113 15 29.900 or 113.258306)") }
            let (lon, lat) = longitudeFirst ? (first, second) : (second, first)
            guard (73...136).contains(lon), (3...54).contains(lat) else {
                throw CornerFileError(path: path, line: row.line, message: "longitude \(lon), latitude \(lat) is not in China (longitude 73–136°, latitude 3–54°)")
            }
            lonLat += [lon, lat]
        }
        guard !lonLat.isEmpty else { return [] }
        let meanLongitude = stride(from: 0, to: lonLat.count, by: 2).map { lonLat[$0] }.reduce(0, +) / Double(lonLat.count / 2)
        let datum = options.datum ?? .cgcs2000
        let zone = try GaussKruger.zone3(longitude: meanLongitude)
        let epsg: Int
        do {
            epsg = try CornerCoordinates.epsg(datum: datum, zoneWidth: 3, zone: zone, zonePrefix: true)
        } catch let error as CornerFileError {
            throw CornerFileError(path: path, line: rows.first?.line, message: "mean longitude \(meanLongitude): \(error.message)")
        }
        var xy = lonLat
        try CoordinateTransform(from: try SpatialReference(epsg: datum.geographicEPSG), to: try SpatialReference(epsg: epsg)).transform(&xy)
        return cells.enumerated().map { i, c in (c.0, String(format: "%.6f", xy[2 * i + 1]), String(format: "%.6f", xy[2 * i])) }
    }
}

extension CornerParser {
    /// One block of a table: its rings in order of appearance, each closed.
    fileprivate func tableBlock(_ block: (id: String, rings: [String: [CornerPoint]], order: [String], line: Int), number: Int) throws -> CornerBlock {
        let rings = try block.order.map { try closeRing(block.rings[$0] ?? [], blockLine: block.line) }
        return CornerBlock(id: block.id.isEmpty ? String(number) : block.id, rings: rings, line: block.line)
    }
}

/// Angles as surveyors write them: `113°15'29.900"` (also ′ ″ and 度分秒), `113 15 29.900`,
/// `113:15:29.9`, or decimal degrees `113.258306`.
enum Degrees {
    static func parse(_ text: String) -> Double? {
        var s = CornerGrammar.normalize(text).trimmingCharacters(in: .whitespaces)
        for mark in ["°", "度", "'", "′", "分", "\"", "″", "秒", ":"] { s = s.replacingOccurrences(of: mark, with: " ") }
        let parts = s.split(separator: " ").map(String.init)
        guard (1...3).contains(parts.count) else { return nil }
        let values = parts.compactMap(CornerGrammar.number)
        guard values.count == parts.count, values.allSatisfy({ $0 >= 0 }) else { return nil }
        if values.count > 1 {
            // Degrees and minutes are whole; minutes and seconds below 60.
            guard values.dropLast().allSatisfy({ $0 == $0.rounded() }), values.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
        }
        return values.enumerated().reduce(0) { $0 + $1.element / pow(60, Double($1.offset)) }
    }
}

/// Geographic plain lists: `J1, 113°21'30.760", 29°49'33.667"` (or decimal degrees), either
/// order — the values decide, as China's longitudes (73–136°) and latitudes (3–54°) do not
/// overlap. Read through the table reader; a `*` line ends a block, `坐标系=` gives the datum.
extension CornerTable {
    static func geographicList(_ lines: [String], path: String, options: CornerReadOptions) throws -> CornerFile? {
        let content = lines.enumerated().map { ($0.offset + 1, CornerGrammar.normalize($0.element).trimmingCharacters(in: .whitespaces)) }
        guard let first = content.first(where: { isPointLine($0.1) }), let longitudeFirst = longitudeFirst(first.1) else { return nil }
        var options = options
        var rows: [(line: Int, cells: [String])] = [(0, ["点号", longitudeFirst ? "经度" : "纬度", longitudeFirst ? "纬度" : "经度", "地块编号"])]
        var block = 1
        var sawPoint = false
        for (lineNo, line) in content where !CornerGrammar.isIgnorable(line) {
            if line.hasPrefix("*") {
                if sawPoint { block += 1 }
                sawPoint = false
            } else if let (key, _) = CornerGrammar.keyValue(line), key == "坐标系" {
                var parser = CornerParser(lines: [line], path: path, options: options)
                try parser.setHeader(key, String(line.drop { $0 != "=" }.dropFirst()), lineNo)
                options.datum = try parser.resolveDatum()
            } else if sawPoint || lineNo >= first.0 || !CornerGrammar.isHeading(line, fields: CornerGrammar.splitFields(line)) {
                rows.append((lineNo, Array(CornerGrammar.splitFields(line).prefix(3)) + [String(block)]))
                sawPoint = true
            }
        }
        return try read(rows: rows, path: path, options: options)
    }

    private static func isPointLine(_ line: String) -> Bool {
        let fields = CornerGrammar.splitFields(line)
        return fields.count == 3 && Degrees.parse(fields[1]) != nil && Degrees.parse(fields[2]) != nil
    }

    /// true: longitude, latitude; false: latitude, longitude; nil: not a geographic point.
    private static func longitudeFirst(_ line: String) -> Bool? {
        let fields = CornerGrammar.splitFields(line)
        guard let a = Degrees.parse(fields[1]), let b = Degrees.parse(fields[2]) else { return nil }
        if (73...136).contains(a) && (3...54).contains(b) { return true }
        if (3...54).contains(a) && (73...136).contains(b) { return false }
        return nil
    }
}
