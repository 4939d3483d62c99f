import Foundation

/// Parses the lines of a corner-coordinate file in any of the three forms (see `CornerFileForm`).
/// The grammar of each form is strict: every line is a point, a block header, an elevation /
/// block-end line, a header `KEY=value`, a section, a comment or blank — or the file is rejected
/// with a `CornerFileError` naming the file, the line and the offending text.
///
/// The forms live in CornerExchangeForm.swift and CornerListForms.swift, zones in
/// CornerZones.swift, the lexical level in CornerGrammar.swift.
struct CornerParser {
    let path: String
    /// Lines of the file with full-width punctuation/digits normalised; index 0 is line 1.
    let lines: [String]
    let options: CornerReadOptions

    var header: [String: String] = [:]
    var headerLines: [String: Int] = [:]
    var zoneState: ZoneState?
    var headerZone: HeaderZone??  // resolved lazily: .some(nil) = the file gives no 带号

    init(lines: [String], path: String, options: CornerReadOptions = CornerReadOptions()) {
        self.path = path
        self.lines = lines.map(CornerGrammar.normalize)
        self.options = options
    }

    // MARK: - Entry

    mutating func parse() throws -> CornerFile {
        let form = CornerParser.detectForm(lines)
        let blocks: [CornerBlock]
        switch form {
        case .exchange: blocks = try parseExchange()
        case .submission: blocks = try parseSubmission()
        case .plainList: blocks = try parsePlainList()
        }
        return try finish(form: form, blocks: blocks)
    }

    /// Checks the blocks read in any form and settles datum, zone and EPSG code.
    mutating func finish(form: CornerFileForm, blocks: [CornerBlock]) throws -> CornerFile {
        guard !blocks.isEmpty else {
            let nonBlank = lines.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            throw error(max(1, lines.count), nonBlank || lines.isEmpty ? "no corner-coordinate blocks found" : "the file is empty")
        }
        for block in blocks { try checkSpread(block) }
        let datum = try resolveDatum()
        // Every point was checked against zoneState while parsing; a file with blocks has one.
        guard let zone = zoneState else { throw error(max(1, lines.count), "no corner points found") }
        let code: Int
        do {
            code = try CornerCoordinates.epsg(datum: datum, zoneWidth: zone.width, zone: zone.zone, zonePrefix: zone.prefixed)
        } catch let e as CornerFileError {
            throw error(zone.line, e.message)
        }
        var file = CornerFile(
            path: path, form: form, encoding: "UTF-8", datum: datum, zoneWidth: zone.width,
            zone: zone.zone, hasZonePrefix: zone.prefixed, epsg: code, header: header, blocks: blocks)
        file.towgs84 = try transformationParameters()
        return file
    }

    static func detectForm(_ lines: [String]) -> CornerFileForm {
        var sawSubmission = false
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line == "[属性描述]" || line == "[地块坐标]" { return .exchange }
            if !sawSubmission, CornerGrammar.submissionKey(line) != nil { sawSubmission = true }
        }
        return sawSubmission ? .submission : .plainList
    }

    // MARK: - Points and rings

    mutating func makePoint(name: String, x: String, y: String, lineNo: Int) throws -> CornerPoint {
        guard let northing = CornerGrammar.number(x) else {
            throw error(lineNo, "X (northing) \"\(CornerGrammar.excerpt(x))\" is not a number")
        }
        guard let easting = CornerGrammar.number(y) else {
            throw error(lineNo, "Y (easting) \"\(CornerGrammar.excerpt(y))\" is not a number")
        }
        guard northing > 0, northing < 10_000_000 else {
            if northing >= 10_000_000, easting > 0, easting < 10_000_000 {
                throw error(lineNo, "X \(CornerGrammar.format(northing)) looks like an easting: the columns are X (northing) then Y (easting)")
            }
            throw error(lineNo, "X (northing) \(CornerGrammar.format(northing)) is out of range (0 – 9999999.99 m)")
        }
        try checkZone(easting: easting, lineNo: lineNo)
        return CornerPoint(name: name, northing: northing, easting: easting, line: lineNo)
    }

    /// Drops the closing repeat of the first point (and a doubled first point) and checks there
    /// are ≥ 3 distinct points.
    /// A last point within 1 m of the first that does not repeat it exactly is a mistyped
    /// closing point, not a vertex: an error naming both lines.
    func closeRing(_ points: [CornerPoint], blockLine: Int) throws -> [CornerPoint] {
        var ring = points
        while ring.count > 1, let first = ring.first, let last = ring.last,
              first.northing == last.northing, first.easting == last.easting {
            ring.removeLast()
        }
        // A numbered ring that returns to its first point and goes on is two rings under one
        // number (the list forms start a new ring there): read as it stands it would be one
        // ring pinched at that point, and a written file would not read back the same.
        func isFirst(_ index: Int) -> Bool { ring[index].northing == ring[0].northing && ring[index].easting == ring[0].easting }
        let leaving = ring.indices.dropFirst().first { !isFirst($0) } ?? ring.count
        if leaving > 1 { ring.removeSubrange(1..<leaving) }  // a doubled first point, as in the list forms
        if let first = ring.first, let back = ring.indices.dropFirst().first(where: isFirst) {
            let next = ring[back + 1]
            throw error(next.line, "point \(CornerGrammar.excerpt(next.name)) goes on after the ring returned to its first point on line \(ring[back].line) (\(CornerGrammar.format(first.northing)), \(CornerGrammar.format(first.easting))): a new ring needs its own ring number")
        }
        if ring.count > 3, let first = ring.first, let last = ring.last,
           hypot(first.northing - last.northing, first.easting - last.easting) < 1 {
            throw error(last.line, "point \(CornerGrammar.excerpt(last.name)) (\(CornerGrammar.format(last.northing)), \(CornerGrammar.format(last.easting))) almost repeats the ring's first point on line \(first.line) (\(CornerGrammar.format(first.northing)), \(CornerGrammar.format(first.easting))): a closing point must repeat it exactly")
        }
        var distinct = Set<[Double]>()
        for p in ring { distinct.insert([p.northing, p.easting]) }
        if distinct.count < 3 {
            let at = ring.first?.line ?? blockLine
            throw error(at, "a ring needs at least 3 distinct points, this one has \(distinct.count)")
        }
        return ring
    }

    /// A point hundreds of kilometres from the rest of its block is a digit missing or doubled
    /// (a licence spans at most tens of kilometres): an error naming its line.
    func checkSpread(_ block: CornerBlock) throws {
        let points = block.rings.flatMap { $0 }
        guard points.count >= 3 else { return }
        let medianX = points.map(\.northing).sorted()[(points.count - 1) / 2]
        let medianY = points.map(\.easting).sorted()[(points.count - 1) / 2]
        let limit = 200_000.0
        for p in points where abs(p.northing - medianX) > limit || abs(p.easting - medianY) > limit {
            let km = Int(max(abs(p.northing - medianX), abs(p.easting - medianY)) / 1000)
            throw error(p.line, "point \(CornerGrammar.excerpt(p.name)) (\(CornerGrammar.format(p.northing)), \(CornerGrammar.format(p.easting))) lies \(km) km from the other points of block \(block.id): a digit missing or doubled?")
        }
    }

    /// The 开采标高 range of a block: both ends or neither, top first (top ≥ bottom).
    func elevationRange(top: String?, bottom: String?, lineNo: Int) throws -> (top: Double?, bottom: Double?) {
        let t = top ?? "", b = bottom ?? ""
        if t.isEmpty && b.isEmpty { return (nil, nil) }
        guard let topValue = CornerGrammar.number(t) else {
            throw error(lineNo, t.isEmpty ? "the elevation range has a bottom (\(CornerGrammar.excerpt(b))) but no top: write top,bottom"
                                          : "top elevation \"\(CornerGrammar.excerpt(t))\" is not a number")
        }
        guard let bottomValue = CornerGrammar.number(b) else {
            throw error(lineNo, b.isEmpty ? "the elevation range has a top (\(CornerGrammar.excerpt(t))) but no bottom: write top,bottom"
                                          : "bottom elevation \"\(CornerGrammar.excerpt(b))\" is not a number")
        }
        guard topValue >= bottomValue else {
            throw error(lineNo, "top elevation \(t) is below the bottom \(b): the range is written top first (e.g. 363,10)")
        }
        return (topValue, bottomValue)
    }

    // MARK: - Header

    /// Records a header line after checking its key (`CornerGrammar.headerKeyProblem`);
    /// `坐标系` and `转换参数` are checked at once so their errors name their own line.
    mutating func setHeader(_ written: String, _ value: String, _ lineNo: Int) throws {
        if let problem = CornerGrammar.headerKeyProblem(key: written, value: value) {
            throw error(lineNo, problem)
        }
        let key = CornerGrammar.aliases[written] ?? written
        header[key] = value
        headerLines[key] = lineNo
        if key == "带号" || key == "几度分带" { headerZone = nil }
        if key == "坐标系" { _ = try resolveDatum() }
        if key == "转换参数" { _ = try transformationParameters() }
    }

    func resolveDatum() throws -> Datum {
        guard let raw = header["坐标系"] else { return options.datum ?? .cgcs2000 }
        let value = raw.trimmingCharacters(in: .whitespaces)
        if value.isEmpty { return options.datum ?? .cgcs2000 }
        let lower = value.lowercased()
        if lower.contains("2000") || lower.contains("cgcs") { return .cgcs2000 }
        if lower.contains("西安") || lower.contains("80") || lower.contains("xian") || lower.contains("xi'an") { return .xian1980 }
        if lower.contains("北京") || lower.contains("54") || lower.contains("beijing") { return .beijing1954 }
        throw error(headerLines["坐标系"], "unknown 坐标系 \"\(CornerGrammar.excerpt(value))\" (expected 2000国家大地坐标系, 1980西安坐标系 or 1954北京坐标系)")
    }

    /// `转换参数=dx,dy,dz,rx,ry,rz,ds` (metres, arc-seconds, ppm, as provincial bureaus publish
    /// them) or `dx,dy,dz`; empty fields (`,,,,,,`) mean none.
    func transformationParameters() throws -> [Double]? {
        guard let raw = header["转换参数"] else { return nil }
        let fields = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if fields.allSatisfy(\.isEmpty) { return nil }
        let values = fields.compactMap(CornerGrammar.number)
        guard values.count == fields.count, values.count == 7 || values.count == 3 else {
            throw error(headerLines["转换参数"], "转换参数=\(CornerGrammar.excerpt(raw)) must be 7 numbers dx,dy,dz,rx,ry,rz,ds (or 3: dx,dy,dz), or empty")
        }
        return values
    }

    func error(_ line: Int?, _ message: String) -> CornerFileError {
        CornerFileError(path: path, line: line, message: message)
    }
}

/// What a caller knows about a corner file that the file itself may not say: the zone of
/// eastings without zone prefix and no `带号=` (`--zone`, `--zone-width`), or a Gauss-Krüger CRS
/// (`--assume-crs EPSG:n`). They only fill in what the file lacks.
public struct CornerReadOptions: Sendable, Equatable {
    public var zone: Int?
    public var zoneWidth: Int?
    public var datum: Datum?

    public init(zone: Int? = nil, zoneWidth: Int? = nil, datum: Datum? = nil) {
        self.zone = zone
        self.zoneWidth = zoneWidth
        self.datum = datum
    }

    /// Options from `--assume-crs`: a Chinese Gauss-Krüger EPSG code gives datum, zone width and
    /// zone; a geographic CRS of a Chinese datum gives the datum; other CRSs give nothing.
    public init(assumeCRS: String?, zone: Int? = nil, zoneWidth: Int? = nil) {
        self.init(zone: zone, zoneWidth: zoneWidth)
        guard let assumeCRS else { return }
        let digits = assumeCRS.uppercased().replacingOccurrences(of: "EPSG:", with: "")
        guard let code = Int(digits.trimmingCharacters(in: .whitespaces)) else { return }
        if let gk = GaussKruger.zone(epsg: code) {
            datum = gk.datum
            if self.zone == nil { self.zone = gk.zone }
            if self.zoneWidth == nil { self.zoneWidth = gk.zoneWidth }
        } else if let geographic = Datum.allCases.first(where: { $0.geographicEPSG == code }) {
            datum = geographic
        }
    }
}
