import Foundation

/// Writes a `CornerFile` as text in one of the three forms, so that parsing the text gives the
/// same blocks, rings, points, elevation ranges, zone and datum back.
///
/// Conventions:
/// - numbers with 2 decimals (more when the value has them: `decimal`); Y with the zone prefix when `hasZonePrefix`, else without;
/// - exchange format: rings closed (first point repeated), ring 1 exterior, 2… holes; the 开采标高
///   range, when a block has one, goes in two extra fields after 地类编码 (`…,地类编码,top,bottom,@`);
/// - submission and plain-list forms: a block with holes lists every ring closed, exterior first;
///   `坐标系=` is written when the datum is not CGCS2000, `几度分带=` / `带号=` when eastings have
///   no zone prefix.
struct CornerWriter {
    let file: CornerFile

    /// The standard key order of the exchange-format `[属性描述]` section.
    static let headerOrder = ["格式版本号", "数据产生单位", "数据产生日期", "坐标系", "几度分带", "投影类型", "计量单位", "带号", "精度", "转换参数"]

    func write(form: CornerFileForm) -> String {
        switch form {
        case .exchange: return exchange()
        case .submission: return submission()
        case .plainList: return plainList()
        }
    }

    // MARK: exchange

    private func exchange() -> String {
        String(decoding: exchangeUTF8(), as: UTF8.self)
    }

    /// The exchange form as UTF-8 bytes. Built as bytes: a retained file has hundreds of points,
    /// and interpolating a String per point and joining them cost ~5,000 instructions a point.
    func exchangeUTF8() -> [UInt8] {
        var out: [UInt8] = []
        func line(_ text: String) {
            out.appendUTF8(text)
            out.append(UInt8(ascii: "\n"))
        }
        line("[属性描述]")
        let defaults: [String: String] = [
            "格式版本号": "1.01版本", "数据产生单位": "", "数据产生日期": "",
            "投影类型": "高斯克吕格", "计量单位": "米", "精度": "0.01", "转换参数": ",,,,,,",
        ]
        for key in Self.headerOrder {
            let value: String
            switch key {
            case "坐标系": value = file.datum.chineseName
            case "几度分带": value = String(file.zoneWidth)
            case "带号": value = String(file.zone)
            default: value = file.header[key] ?? defaults[key] ?? ""
            }
            line("\(key)=\(Self.clean(value))")
        }
        let extra = file.header.keys.filter { !Self.headerOrder.contains($0) && !$0.uppercased().hasPrefix("XY") }.sorted()
        for key in extra where !Self.clean(key).isEmpty {
            line("\(Self.clean(key, separators: true))=\(Self.clean(file.header[key] ?? ""))")
        }
        line("[地块坐标]")
        for (index, block) in file.blocks.enumerated() {
            // Each ring is written closed: its points and the first again.
            let pointLines = block.rings.reduce(0) { $0 + ($1.isEmpty ? 0 : $1.count + 1) }
            let id = block.id.isEmpty ? String(index + 1) : block.id
            var fields = [
                String(pointLines),
                block.attributes["地块面积"] ?? "",
                id,
                block.attributes["地块名称"] ?? "",
                block.attributes["图形属性"] ?? "面",
                block.attributes["图幅号"] ?? "",
                block.attributes["地块用途"] ?? "",
                block.attributes["地类编码"] ?? "",
            ].map { Self.clean($0, separators: true) }
            if block.top != nil || block.bottom != nil {
                fields.append(block.top.map(Self.number) ?? "")
                fields.append(block.bottom.map(Self.number) ?? "")
            }
            line(fields.joined(separator: ",") + ",@")
            let comma = UInt8(ascii: ",")
            for (r, written) in block.rings.enumerated() where !written.isEmpty {
                let ring = Self.startingAtLongEdge(written)
                let ringNumber = String(r + 1)
                for k in 0...ring.count {
                    let point = ring[k % ring.count]
                    out.appendUTF8(name(point, k + 1))
                    out.append(comma)
                    out.appendUTF8(ringNumber)
                    out.append(comma)
                    Self.appendDecimal(point.northing, to: &out)
                    out.append(comma)
                    Self.appendDecimal(yValue(point), to: &out)
                    out.append(UInt8(ascii: "\n"))
                }
            }
        }
        return out
    }

    // MARK: submission

    private func submission() -> String {
        var out = zoneHeaderLines()
        var n = 0
        func key() -> String {
            n += 1
            return "XY" + String(format: "%03d", n)
        }
        for (index, block) in file.blocks.enumerated() {
            for point in listPoints(block) {
                out.append("\(key())=\(name(point.point, point.k)),\(x(point.point)),\(y(point.point))")
            }
            out.append("\(key())=标高,\(elevation(block)),\(blockLabel(block)),\(index + 1)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: plain list

    private func plainList() -> String {
        var out = [
            "# \(file.datum.chineseName), \(file.zoneWidth)° Gauss-Krüger zone \(file.zone), EPSG:\(file.epsg); X = northing, Y = easting"
        ]
        out.append(contentsOf: zoneHeaderLines())
        for (index, block) in file.blocks.enumerated() {
            for point in listPoints(block) {
                out.append("\(name(point.point, point.k)),\(x(point.point)),\(y(point.point))")
            }
            out.append("*,\(elevation(block)),\(blockLabel(block)),\(index + 1)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: helpers

    /// The ring, rotated to start after its longest edge when its closing edge is shorter than
    /// 1 m: the parser takes a last point that close to the first for a mistyped closing point.
    static func startingAtLongEdge(_ ring: [CornerPoint]) -> [CornerPoint] {
        guard ring.count >= 3, let first = ring.first, let last = ring.last,
              hypot(first.northing - last.northing, first.easting - last.easting) < 1 else { return ring }
        func edge(_ i: Int) -> Double {
            let (a, b) = (ring[(i + ring.count - 1) % ring.count], ring[i])
            return hypot(a.northing - b.northing, a.easting - b.easting)
        }
        guard let start = ring.indices.max(by: { edge($0) < edge($1) }) else { return ring }
        return Array(ring[start...] + ring[..<start])
    }

    private func zoneHeaderLines() -> [String] {
        var out: [String] = []
        if file.datum != .cgcs2000 { out.append("坐标系=\(file.datum.chineseName)") }
        if !file.hasZonePrefix {
            out.append("几度分带=\(file.zoneWidth)")
            out.append("带号=\(file.zone)")
        }
        return out
    }

    /// Points of a block in list order: a single ring as is; several rings each closed.
    private func listPoints(_ block: CornerBlock) -> [(point: CornerPoint, k: Int)] {
        let rings = block.rings.filter { !$0.isEmpty }
        var result: [(CornerPoint, Int)] = []
        var k = 0
        for written in rings {
            let ring = Self.startingAtLongEdge(written)
            let points = rings.count > 1 ? ring + [ring[0]] : ring
            for p in points {
                k += 1
                result.append((p, k))
            }
        }
        return result
    }

    private func elevation(_ block: CornerBlock) -> String {
        (block.top.map(Self.number) ?? "") + "," + (block.bottom.map(Self.number) ?? "")
    }

    /// Third field of a block end line: the block name (or area) the file gave, else empty.
    private func blockLabel(_ block: CornerBlock) -> String {
        Self.clean(block.attributes["区块名称"] ?? block.attributes["面积"] ?? "", separators: true)
    }

    private func name(_ point: CornerPoint, _ k: Int) -> String {
        let n = Self.clean(point.name, separators: true)
        return n.isEmpty ? "J\(k)" : n
    }

    private func x(_ point: CornerPoint) -> String { Self.decimal(point.northing) }

    /// Y with or without the zone prefix, as the file says.
    private func y(_ point: CornerPoint) -> String { Self.decimal(yValue(point)) }

    private func yValue(_ point: CornerPoint) -> Double {
        var e = point.easting
        let offset = Double(file.zone) * 1_000_000
        if file.hasZonePrefix && e < 10_000_000 { e += offset }
        if !file.hasZonePrefix && e >= 10_000_000 { e -= Double(Int(e / 1_000_000)) * 1_000_000 }
        return e
    }

    /// A coordinate with 2 decimals, as corner files are written — or, when 2 decimals would move
    /// it by more than 1 µm (a surveyor's file with 0.1 mm), as many as it has (shortest
    /// round-trip form): a written file reads back as the same points (found by the fuzzer: two
    /// points 0.2 mm apart became one when rounded, and the rings changed).
    static func decimal(_ v: Double) -> String {
        var text: [UInt8] = []
        appendDecimal(v, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `decimal(v)` to `out`.
    static func appendDecimal(_ v: Double, to out: inout [UInt8]) {
        // As %.2f (`decimalUnits`, without Foundation's formatter: ~10,000 instructions a call).
        // It reads back as units / 100 (one correctly rounded division gives the double nearest
        // the decimal, as parsing the text does), so the check needs no text.
        if let units = decimalUnits(abs(v), 2), abs(Double(units) / 100 - abs(v)) <= 1e-6 {
            appendDecimalText(units: units, places: 2, negative: v.sign == .minus, to: &out)
            return
        }
        let shortest = "\(v)"
        guard shortest.contains("e") || shortest.contains("E") else {
            out.appendUTF8(shortest)
            return
        }
        var fixed = String(format: "%.12f", v)
        while fixed.hasSuffix("0") { fixed.removeLast() }
        out.appendUTF8(fixed)
    }

    /// Elevations: as few decimals as needed (2 unless the value has more: `decimal`).
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        var s = decimal(v)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    private static let lineBreakers: Set<Unicode.Scalar> = ["\n", "\r"]
    private static let fieldBreakers: Set<Unicode.Scalar> = ["\n", "\r", ",", "，", "@", "=", "\t", " "]

    /// True when `clean` would return `text` unchanged (point names J1, J2, … of thousands of
    /// files): nothing to replace, no prefix to mask, no combining mark first.
    private static func isClean(_ text: String, separators: Bool) -> Bool {
        guard let first = text.unicodeScalars.first else { return true }
        // Names such as J1, J2, …: ASCII letters and digits need no look at Unicode properties.
        if text.utf8.allSatisfy({ byte in (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte | 0x20) }) { return true }
        if separators, "*#[".unicodeScalars.contains(first) || text.hasPrefix("//") { return false }
        if [.nonspacingMark, .spacingMark, .enclosingMark].contains(first.properties.generalCategory) { return false }
        let replaced = separators ? Self.fieldBreakers : Self.lineBreakers
        return !text.unicodeScalars.contains { replaced.contains($0) }
    }

    /// One-line text; with `separators`, no commas / '@' / '=' / tabs / spaces that would split a field.
    static func clean(_ text: String, separators: Bool = false) -> String {
        if isClean(text, separators: separators) { return text }
        var s = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        if separators {
            for c in [",", "，", "@", "=", "\t", " "] { s = s.replacingOccurrences(of: c, with: "_") }
            // A field that would read back as a block end, a comment or a section.
            if s.hasPrefix("*") || s.hasPrefix("#") || s.hasPrefix("[") || s.hasPrefix("//") { s = "_" + s.dropFirst() }
        }
        // A combining mark at the start would fuse with the separator written before the field
        // into one character, hiding it from the parser (found by fuzzing).
        var scalars = s.unicodeScalars
        while let first = scalars.first, [.nonspacingMark, .spacingMark, .enclosingMark].contains(first.properties.generalCategory) {
            scalars.removeFirst()
        }
        return String(scalars)
    }
}
