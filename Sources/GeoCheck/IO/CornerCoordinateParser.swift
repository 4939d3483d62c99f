import Foundation

/// Parses the text of a corner-coordinate file in any of the three forms (see `CornerFileForm`).
///
/// Every error is a `CornerFileError` naming the file and, where there is one, the line.
struct CornerParser {
    let path: String
    /// Lines of the file with full-width punctuation/digits normalised; index 0 is line 1.
    let lines: [String]

    private var header: [String: String] = [:]
    private var headerLines: [String: Int] = [:]
    private var zoneState: ZoneState?
    private var headerZone: HeaderZone??  // resolved lazily: .some(nil) = the file gives no 带号

    init(text: String, path: String) {
        self.path = path
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
            .map { CornerParser.normalize(String($0)) }
        if lines.count > 1, lines.last == "" { lines.removeLast() }  // the final newline ends the last line
        self.lines = lines
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
        guard !blocks.isEmpty else {
            let nonBlank = lines.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            throw error(
                max(1, lines.count),
                nonBlank ? "no corner-coordinate blocks found" : "the file is empty")
        }
        let datum = try resolveDatum()
        // Every point was checked against zoneState while parsing; a file with blocks has one.
        guard let zone = zoneState else { throw error(max(1, lines.count), "no corner points found") }
        let code: Int
        do {
            code = try CornerCoordinates.epsg(
                datum: datum, zoneWidth: zone.width, zone: zone.zone, zonePrefix: zone.prefixed)
        } catch let e as CornerFileError {
            throw error(zone.line, e.message)
        }
        return CornerFile(
            path: path, form: form, encoding: "UTF-8", datum: datum, zoneWidth: zone.width,
            zone: zone.zone, hasZonePrefix: zone.prefixed, epsg: code, header: header, blocks: blocks)
    }

    static func detectForm(_ lines: [String]) -> CornerFileForm {
        var sawSubmission = false
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line == "[属性描述]" || line == "[地块坐标]" { return .exchange }
            if !sawSubmission, submissionKey(line) != nil { sawSubmission = true }
        }
        return sawSubmission ? .submission : .plainList
    }

    // MARK: - Exchange format (坐标交换格式)

    private mutating func parseExchange() throws -> [CornerBlock] {
        enum Section { case none, attributes, coordinates, other }
        var section = Section.none
        var blocks: [CornerBlock] = []
        var current: ExchangeBlock?

        func finish(_ block: ExchangeBlock?, into blocks: inout [CornerBlock], parser: CornerParser) throws {
            guard let block else { return }
            if block.points.isEmpty {
                throw parser.error(block.line, "block \(block.id) has no points")
            }
            var rings: [[CornerPoint]] = []
            for ringNumber in block.ringOrder.sorted() {
                let ring = block.points.filter { $0.ring == ringNumber }.map(\.point)
                rings.append(try parser.closeRing(ring, blockLine: block.line))
            }
            blocks.append(CornerBlock(
                id: block.id, rings: rings, top: block.top, bottom: block.bottom,
                attributes: block.attributes, line: block.line))
        }

        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                switch line {
                case "[属性描述]": section = .attributes
                case "[地块坐标]": section = .coordinates
                default: section = .other
                }
                continue
            }
            switch section {
            case .none, .other:
                continue
            case .attributes:
                if let (key, value) = CornerParser.keyValue(line) { try setHeader(key, value, lineNo) }
            case .coordinates:
                if line.hasSuffix("@") {
                    try finish(current, into: &blocks, parser: self)
                    current = try exchangeBlockHeader(line, lineNo: lineNo, number: blocks.count + 1)
                    continue
                }
                if let (key, value) = CornerParser.keyValue(line), !key.contains(",") {
                    try setHeader(key, value, lineNo)
                    continue
                }
                let fields = CornerParser.splitFields(line)
                guard fields.count == 4 else {
                    throw error(lineNo, "expected 'point,ring,X,Y' or a block header ending in '@', found \"\(CornerParser.excerpt(line))\"")
                }
                guard current != nil else {
                    throw error(lineNo, "coordinate line before the first block header (a line ending in '@')")
                }
                guard let ring = Int(fields[1]), ring >= 0 else {
                    throw error(lineNo, "ring number \"\(CornerParser.excerpt(fields[1]))\" is not a whole number")
                }
                let point = try makePoint(name: fields[0], x: fields[2], y: fields[3], lineNo: lineNo)
                current!.points.append((ring, point))
                if !current!.ringOrder.contains(ring) { current!.ringOrder.append(ring) }
            }
        }
        try finish(current, into: &blocks, parser: self)
        return blocks
    }

    private struct ExchangeBlock {
        var id: String
        var line: Int
        var attributes: [String: String]
        var top: Double?
        var bottom: Double?
        var points: [(ring: Int, point: CornerPoint)] = []
        var ringOrder: [Int] = []
    }

    static let exchangeFields = ["界址点数", "地块面积", "地块编号", "地块名称", "图形属性", "图幅号", "地块用途", "地类编码"]

    private func exchangeBlockHeader(_ line: String, lineNo: Int, number: Int) throws -> ExchangeBlock {
        var body = line
        body.removeLast()  // the '@'
        var fields = body.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if fields.last == "" { fields.removeLast() }
        var attributes: [String: String] = [:]
        for (i, name) in CornerParser.exchangeFields.enumerated() where i < fields.count && !fields[i].isEmpty {
            attributes[name] = fields[i]
        }
        // geocheck extension: two numeric fields after 地类编码 are the 开采标高 range (top, bottom).
        var top: Double?
        var bottom: Double?
        if fields.count > 8, !fields[8].isEmpty {
            guard let v = CornerParser.number(fields[8]) else {
                throw error(lineNo, "top elevation \"\(CornerParser.excerpt(fields[8]))\" is not a number")
            }
            top = v
        }
        if fields.count > 9, !fields[9].isEmpty {
            guard let v = CornerParser.number(fields[9]) else {
                throw error(lineNo, "bottom elevation \"\(CornerParser.excerpt(fields[9]))\" is not a number")
            }
            bottom = v
        }
        let id = attributes["地块编号"] ?? String(number)
        return ExchangeBlock(id: id, line: lineNo, attributes: attributes, top: top, bottom: bottom)
    }

    // MARK: - Submission form (XY001=…)

    private mutating func parseSubmission() throws -> [CornerBlock] {
        var builder = ListBlockBuilder()
        var blocks: [CornerBlock] = []
        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") { continue }
            if let value = CornerParser.submissionKey(line) {
                let fields = CornerParser.splitFields(value)
                let first = fields.first ?? ""
                if first.contains("标高") || first.hasPrefix("*") {
                    try endBlock(&builder, fields: Array(fields.dropFirst()), lineNo: lineNo, into: &blocks)
                    continue
                }
                guard fields.count == 3 else {
                    throw error(lineNo, "expected 'XYnnn=point,X,Y' or 'XYnnn=标高,top,bottom,,block', found \"\(CornerParser.excerpt(line))\"")
                }
                var name = fields[0]
                if name.isEmpty { name = String(line.prefix { $0 != "=" }).trimmingCharacters(in: .whitespaces) }
                let point = try makePoint(name: name, x: fields[1], y: fields[2], lineNo: lineNo)
                try builder.add(point, parser: self)
                continue
            }
            if let (key, value) = CornerParser.keyValue(line) {
                try setHeader(key, value, lineNo)
                continue
            }
            throw error(lineNo, "expected a 'KEY=value' line, found \"\(CornerParser.excerpt(line))\"")
        }
        try endBlock(&builder, fields: [], lineNo: nil, into: &blocks)
        return blocks
    }

    // MARK: - Plain list (J1, X, Y)

    private mutating func parsePlainList() throws -> [CornerBlock] {
        var builder = ListBlockBuilder()
        var blocks: [CornerBlock] = []
        var sawContent = false
        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//") { continue }
            let isFirst = !sawContent
            sawContent = true
            if line.hasPrefix("*") {
                var rest = line
                rest.removeFirst()
                var fields = CornerParser.splitFields(rest)
                if fields.first == "" { fields.removeFirst() }  // "*,top,…": the field after '*'
                try endBlock(&builder, fields: fields, lineNo: lineNo, into: &blocks)
                continue
            }
            if let (key, value) = CornerParser.keyValue(line) {
                try setHeader(key, value, lineNo)
                continue
            }
            let fields = CornerParser.splitFields(line)
            if isFirst && CornerParser.isHeading(line, fields: fields) { continue }
            guard fields.count == 3 else {
                throw error(lineNo, "expected 'point, X, Y', found \"\(CornerParser.excerpt(line))\"")
            }
            let point = try makePoint(name: fields[0], x: fields[1], y: fields[2], lineNo: lineNo)
            try builder.add(point, parser: self)
        }
        try endBlock(&builder, fields: [], lineNo: nil, into: &blocks)
        return blocks
    }

    /// Points of one block of a list form; a repeat of the current ring's first point closes
    /// the ring, and further points of the block start a hole.
    private struct ListBlockBuilder {
        var rings: [[CornerPoint]] = []
        var open: [CornerPoint] = []
        var firstLine: Int?

        var isEmpty: Bool { rings.isEmpty && open.isEmpty }

        mutating func add(_ point: CornerPoint, parser: CornerParser) throws {
            if firstLine == nil { firstLine = point.line }
            if let first = open.first, first.northing == point.northing, first.easting == point.easting {
                // A repeat of the first point closes the ring (a doubled first point is dropped).
                if open.count > 1 {
                    rings.append(try parser.closeRing(open, blockLine: open[0].line))
                    open = []
                }
            } else {
                open.append(point)
            }
        }

        mutating func finish(parser: CornerParser) throws -> [[CornerPoint]] {
            if !open.isEmpty { rings.append(try parser.closeRing(open, blockLine: open[0].line)) }
            defer { self = ListBlockBuilder() }
            return rings
        }
    }

    /// Ends a block of a list form; `fields` are those after `*` / `标高`: top, bottom, area, block number.
    private func endBlock(
        _ builder: inout ListBlockBuilder, fields: [String], lineNo: Int?, into blocks: inout [CornerBlock]
    ) throws {
        guard !builder.isEmpty else { return }  // a trailing or doubled '*' makes no empty block
        let line = builder.firstLine ?? lineNo ?? 1
        let rings = try builder.finish(parser: self)
        var top: Double?
        var bottom: Double?
        var attributes: [String: String] = [:]
        if fields.count > 0, !fields[0].isEmpty {
            guard let v = CornerParser.number(fields[0]) else {
                throw error(lineNo ?? line, "top elevation \"\(CornerParser.excerpt(fields[0]))\" is not a number")
            }
            top = v
        }
        if fields.count > 1, !fields[1].isEmpty {
            guard let v = CornerParser.number(fields[1]) else {
                throw error(lineNo ?? line, "bottom elevation \"\(CornerParser.excerpt(fields[1]))\" is not a number")
            }
            bottom = v
        }
        // The third field is an area in some files and a block name (e.g. 金藏采区) in others.
        if fields.count > 2, !fields[2].isEmpty {
            attributes[CornerParser.number(fields[2]) != nil ? "面积" : "区块名称"] = fields[2]
        }
        if fields.count > 3, !fields[3].isEmpty { attributes["区块号"] = fields[3] }
        blocks.append(CornerBlock(
            id: String(blocks.count + 1), rings: rings, top: top, bottom: bottom,
            attributes: attributes, line: line))
    }

    // MARK: - Points, rings, zones

    private mutating func makePoint(name: String, x: String, y: String, lineNo: Int) throws -> CornerPoint {
        guard let northing = CornerParser.number(x) else {
            throw error(lineNo, "X (northing) \"\(CornerParser.excerpt(x))\" is not a number")
        }
        guard let easting = CornerParser.number(y) else {
            throw error(lineNo, "Y (easting) \"\(CornerParser.excerpt(y))\" is not a number")
        }
        guard northing > 0, northing < 10_000_000 else {
            if northing >= 10_000_000, easting > 0, easting < 10_000_000 {
                throw error(lineNo, "X \(CornerParser.format(northing)) looks like an easting: the columns are X (northing) then Y (easting)")
            }
            throw error(lineNo, "X (northing) \(CornerParser.format(northing)) is out of range (0 – 9999999.99 m)")
        }
        try checkZone(easting: easting, lineNo: lineNo)
        return CornerPoint(name: name, northing: northing, easting: easting, line: lineNo)
    }

    private struct ZoneState {
        var width: Int
        var zone: Int
        var prefixed: Bool
        var line: Int
    }

    private struct HeaderZone {
        var width: Int
        var zone: Int
        var line: Int
    }

    /// Zone of an easting: from its prefix, or from the header's 带号 / 几度分带; all points must agree.
    private mutating func checkZone(easting: Double, lineNo: Int) throws {
        let shown = CornerParser.format(easting)
        let found: ZoneState
        if easting >= 10_000_000 {
            guard easting < 100_000_000 else {
                throw error(lineNo, "Y (easting) \(shown) is out of range: at most 2 zone digits + 6 digits")
            }
            let prefix = Int(easting / 1_000_000)
            let width: Int
            switch prefix {
            case 25...45: width = 3
            case 13...23: width = 6
            default:
                throw error(lineNo, "easting \(shown) has zone prefix \(prefix), which is not a Gauss-Krüger zone of China (25–45 for 3°, 13–23 for 6°)")
            }
            if let hz = try resolveHeaderZone() {
                if hz.zone != prefix || hz.width != width {
                    throw error(lineNo, "easting \(shown) has zone prefix \(prefix) (\(width)° zone) but line \(hz.line) gives \(hz.width)° zone \(hz.zone)")
                }
            } else if let declared = try declaredWidth(), declared.width != width {
                throw error(lineNo, "easting \(shown) has zone prefix \(prefix), a \(width)° zone, but line \(declared.line) gives 几度分带=\(declared.width)")
            }
            found = ZoneState(width: width, zone: prefix, prefixed: true, line: lineNo)
        } else {
            guard easting > 0, easting < 1_000_000 else {
                throw error(lineNo, "Y (easting) \(shown) is neither an easting with zone prefix (8 digits before the point) nor one without (6 digits)")
            }
            guard let hz = try resolveHeaderZone() else {
                throw error(lineNo, "easting \(shown) has no zone prefix and the file gives no 带号")
            }
            found = ZoneState(width: hz.width, zone: hz.zone, prefixed: false, line: lineNo)
        }
        if let state = zoneState {
            if state.prefixed != found.prefixed {
                throw error(lineNo, found.prefixed
                    ? "easting \(shown) has a zone prefix but the easting on line \(state.line) has none"
                    : "easting \(shown) has no zone prefix but the easting on line \(state.line) has one")
            }
            if state.zone != found.zone || state.width != found.width {
                throw error(lineNo, "easting \(shown) is in \(found.width)° zone \(found.zone) but line \(state.line) is in \(state.width)° zone \(state.zone); all points of a file must be in one zone")
            }
        } else {
            zoneState = found
        }
    }

    private func declaredWidth() throws -> (width: Int, line: Int)? {
        guard let raw = header["几度分带"], let line = headerLines["几度分带"] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard let width = CornerParser.leadingInt(trimmed), width == 3 || width == 6 else {
            throw error(line, "几度分带=\(CornerParser.excerpt(trimmed)) must be 3 or 6")
        }
        return (width, line)
    }

    /// The zone the header gives (带号=, 几度分带=), or nil when it gives no 带号.
    private mutating func resolveHeaderZone() throws -> HeaderZone? {
        if let cached = headerZone { return cached }
        let result = try computeHeaderZone()
        headerZone = .some(result)
        return result
    }

    private func computeHeaderZone() throws -> HeaderZone? {
        guard let raw = header["带号"], let line = headerLines["带号"] else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard let number = CornerParser.leadingInt(text) else {
            throw error(line, "带号=\(CornerParser.excerpt(text)) is not a zone number")
        }
        let declared = try declaredWidth()?.width
        var width: Int
        var zone = number
        if number >= 60 {
            // Some files give the central meridian instead of the zone number.
            width = declared ?? 3
            if width == 3, number % 3 == 0 {
                zone = number / 3
            } else if width == 6, (number + 3) % 6 == 0 {
                zone = (number + 3) / 6
            } else {
                throw error(line, "带号=\(number) is neither a zone number nor the central meridian of a \(width)° zone")
            }
        } else if let declared {
            width = declared
        } else if (25...45).contains(number) {
            width = 3
        } else if (13...23).contains(number) {
            width = 6
        } else {
            throw error(line, "带号=\(number) is not a Gauss-Krüger zone of China (25–45 for 3°, 13–23 for 6°)")
        }
        guard CornerCoordinates.zoneRange(zoneWidth: width).contains(zone) else {
            let r = CornerCoordinates.zoneRange(zoneWidth: width)
            throw error(line, "带号=\(number) is not a \(width)° Gauss-Krüger zone of China (\(r.lowerBound)–\(r.upperBound))")
        }
        return HeaderZone(width: width, zone: zone, line: line)
    }

    /// Drops the closing repeat of the first point and checks there are ≥ 3 distinct points.
    func closeRing(_ points: [CornerPoint], blockLine: Int) throws -> [CornerPoint] {
        var ring = points
        while ring.count > 1, let first = ring.first, let last = ring.last,
              first.northing == last.northing, first.easting == last.easting {
            ring.removeLast()
        }
        var distinct = Set<[Double]>()
        for p in ring { distinct.insert([p.northing, p.easting]) }
        if distinct.count < 3 {
            let at = ring.first?.line ?? blockLine
            throw error(at, "a ring needs at least 3 distinct points, this one has \(distinct.count)")
        }
        return ring
    }

    private func resolveDatum() throws -> Datum {
        guard let raw = header["坐标系"] else { return .cgcs2000 }
        let value = raw.trimmingCharacters(in: .whitespaces)
        if value.isEmpty { return .cgcs2000 }
        let lower = value.lowercased()
        if lower.contains("2000") || lower.contains("cgcs") { return .cgcs2000 }
        if lower.contains("西安") || lower.contains("80") || lower.contains("xian") || lower.contains("xi'an") { return .xian1980 }
        if lower.contains("北京") || lower.contains("54") || lower.contains("beijing") { return .beijing1954 }
        throw error(headerLines["坐标系"], "unknown 坐标系 \"\(CornerParser.excerpt(value))\" (expected 2000国家大地坐标系, 1980西安坐标系 or 1954北京坐标系)")
    }

    /// Records a header line; `坐标系` is checked at once so its error names its own line.
    private mutating func setHeader(_ key: String, _ value: String, _ lineNo: Int) throws {
        header[key] = value
        headerLines[key] = lineNo
        if key == "带号" || key == "几度分带" { headerZone = nil }
        if key == "坐标系" { _ = try resolveDatum() }
    }

    func error(_ line: Int?, _ message: String) -> CornerFileError {
        CornerFileError(path: path, line: line, message: message)
    }

    // MARK: - Lexical helpers

    /// Full-width comma, digits, point, minus, asterisk, equals and space → ASCII.
    static func normalize(_ line: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in line.unicodeScalars {
            switch s.value {
            case 0xFEFF: continue  // stray BOM / zero-width no-break space
            case 0xFF0C: scalars.append(",")
            case 0x3000: scalars.append(" ")
            case 0xFF10...0xFF19, 0xFF0A, 0xFF0D, 0xFF0E, 0xFF1D, 0xFF0B, 0xFF20:
                scalars.append(Unicode.Scalar(s.value - 0xFEE0)!)
            default: scalars.append(s)
            }
        }
        return String(scalars)
    }

    /// Splits on commas when the line has any, else on runs of tabs/spaces; fields are trimmed.
    static func splitFields(_ line: String) -> [String] {
        var fields: [String]
        if line.contains(",") {
            fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            while fields.count > 1, fields.last == "" { fields.removeLast() }
        } else if line.contains("\t") {
            fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            while fields.count > 1, fields.last == "" { fields.removeLast() }
            if fields.contains(where: { $0.contains(" ") }) {
                fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            }
        } else {
            fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
        return fields
    }

    /// `XY001=…` → the value; nil for other lines.
    static func submissionKey(_ line: String) -> String? {
        guard let eq = line.firstIndex(of: "=") else { return nil }
        let key = line[..<eq].trimmingCharacters(in: .whitespaces)
        guard key.count > 2, key.prefix(2).uppercased() == "XY",
              key.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(line[line.index(after: eq)...])
    }

    /// `key=value` where the key has no comma and is not empty.
    static func keyValue(_ line: String) -> (String, String)? {
        guard let eq = line.firstIndex(of: "=") else { return nil }
        let key = line[..<eq].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !key.contains(","), !key.contains("\t") else { return nil }
        let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        return (key, value)
    }

    /// A heading line: no digits at all, or no field that is a number.
    static func isHeading(_ line: String, fields: [String]) -> Bool {
        if !line.contains(where: { $0.isASCII && $0.isNumber }) { return true }
        return !fields.contains { number($0) != nil }
    }

    /// Strict decimal number: optional sign, digits, optional fraction. No exponents, hex, nan, inf.
    static func number(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty, s.utf8.count <= 32 else { return nil }
        var digits = 0
        var dots = 0
        for (i, c) in s.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): dots += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"): if i != 0 { return nil }
            default: return nil
            }
        }
        guard digits > 0, dots <= 1, let v = Double(s), v.isFinite else { return nil }
        return v
    }

    static func leadingInt(_ text: String) -> Int? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        return Int(digits)
    }

    static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    /// A short, single-line excerpt for messages.
    static func excerpt(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\t", with: " ")
        return clean.count > 60 ? String(clean.prefix(57)) + "…" : clean
    }

    // MARK: - Sniffing

    static func looksLikeCornerText(_ text: String, pathExtension: String) -> Bool {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
            .map { normalize(String($0)).trimmingCharacters(in: .whitespaces) }
        for line in lines {
            if line.contains("[属性描述]") || line.contains("[地块坐标]") { return true }
            if submissionKey(line) != nil { return true }
        }
        let ext = pathExtension.lowercased()
        if ["csv", "json", "geojson", "kml", "gml", "xml"].contains(ext) { return false }
        var points = 0
        var sawContent = false
        for line in lines.prefix(50) {
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//") { continue }
            let isFirst = !sawContent
            sawContent = true
            if line.hasPrefix("*") { continue }
            if keyValue(line) != nil { continue }
            let fields = splitFields(line)
            if isFirst && isHeading(line, fields: fields) { continue }
            guard fields.count == 3, !fields[0].isEmpty,
                  number(fields[1]) != nil, number(fields[2]) != nil else { return false }
            points += 1
        }
        return points >= 3
    }
}
