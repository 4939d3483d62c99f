import Foundation

/// The lexical level of corner-coordinate files shared by the three forms: normalising
/// full-width characters, splitting fields, strict numbers, `KEY=value` lines and the known
/// header keys. A `KEY=value` line is accepted only when it cannot be a misread point, block
/// end or misspelt key (see `headerKeyProblem`).
enum CornerGrammar {

    /// Keys of the exchange format's `[属性描述]` section, in the standard order.
    static let exchangeKeys = ["格式版本号", "数据产生单位", "数据产生日期", "坐标系", "几度分带", "投影类型", "计量单位", "带号", "精度", "转换参数"]

    /// Header keys commonly found in submission forms and plain lists besides the exchange keys.
    static let otherKeys = ["项目名称", "矿区名称", "矿山名称", "采矿权人", "探矿权人", "许可证号", "勘查许可证号", "矿区编号",
                            "面积", "矿区面积", "开采标高", "开采矿种", "备注", "单位", "日期", "地块编号", "地块名称"]

    /// Other spellings of the keys that matter, as other tools write them: read as the key.
    /// (A central meridian given as 带号 is understood, see `CornerParser.resolveHeaderZone`.)
    static let aliases = ["坐标系统": "坐标系", "平面坐标系": "坐标系", "投影带号": "带号", "中央子午线": "带号", "中央经线": "带号",
                          "分带": "几度分带", "带宽": "几度分带"]

    static let knownKeys = Set(exchangeKeys + otherKeys + aliases.keys)

    /// nil when `KEY=value` may be read as a header line; else why not (the line is an error).
    static func headerKeyProblem(key: String, value: String) -> String? {
        if knownKeys.contains(key) { return nil }
        let shown = "\"\(excerpt(key))=…\""
        if key.contains(where: { "[]@*#".contains($0) }) {
            return "\(shown) is not a header line (a section, block header or block end with a stray '='?)"
        }
        if looksLikePointKey(key) || looksLikePointValue(value) || splitFields(key).contains(where: { number($0) != nil }) {
            return "\(shown) is not a point line (a misspelt XYnnn key or a separator typed as '='?) nor a known header key"
        }
        // The format's own keys first, in a fixed order (a Set's order changes between runs).
        if let near = (exchangeKeys + otherKeys + aliases.keys.sorted()).first(where: { editDistance($0, key) <= 1 }) {
            return "unknown header key \(shown) (did you mean \(near)?)"
        }
        return nil
    }

    /// `XZ002`, `J2`, `xy`: letters followed by digits, as point keys and point names are written.
    static func looksLikePointKey(_ key: String) -> Bool {
        let letters = key.prefix { $0.isASCII && $0.isLetter }
        let rest = key.dropFirst(letters.count)
        return !letters.isEmpty && letters.count <= 4 && !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A value with two or more numeric fields, or an elevation / block end.
    static func looksLikePointValue(_ value: String) -> Bool {
        let fields = splitFields(value)
        if let first = fields.first, first.contains("标高") || first.hasPrefix("*") { return true }
        return fields.filter { number($0) != nil }.count >= 2
    }

    /// Levenshtein distance of two short strings (characters, not bytes).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }

    /// Full-width comma, digits, point, minus, asterisk, equals, at and space → ASCII.
    static func normalize(_ line: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in line.unicodeScalars {
            switch s.value {
            case 0xFEFF: continue  // stray BOM / zero-width no-break space
            case 0xFF0C: scalars.append(",")
            case 0x3000: scalars.append(" ")
            case 0xFF10...0xFF19, 0xFF0A, 0xFF0D, 0xFF0E, 0xFF1D, 0xFF0B, 0xFF20:
                scalars.append(Unicode.Scalar(s.value - 0xFEE0) ?? s)
            default: scalars.append(s)
            }
        }
        return String(scalars)
    }

    /// Splits on commas when the line has any, else on tabs, else on runs of spaces; fields are
    /// trimmed and trailing empty fields dropped.
    static func splitFields(_ line: String) -> [String] {
        var fields: [String]
        if line.contains(",") {
            fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
        } else if line.contains("\t") {
            fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.contains(where: { $0.contains(" ") }) {
                fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            }
        } else {
            fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
        while fields.count > 1, fields.last == "" { fields.removeLast() }
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

    /// `key=value` where the key is not empty and has no comma or tab.
    static func keyValue(_ line: String) -> (String, String)? {
        guard let eq = line.firstIndex(of: "=") else { return nil }
        let key = line[..<eq].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !key.contains(","), !key.contains("\t") else { return nil }
        let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        return (key, value)
    }

    /// A heading line: no field is a number, no run of 5 digits (a coordinate whose separator
    /// was lost), and it does not start with a header key (a `KEY=value` line that lost its '=').
    static func isHeading(_ line: String, fields: [String]) -> Bool {
        if fields.contains(where: { number($0) != nil }) || knownKeys.contains(where: { line.hasPrefix($0) }) { return false }
        var run = 0
        for c in line {
            run = c.isASCII && c.isNumber ? run + 1 : 0
            if run >= 5 { return false }
        }
        return true
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

    /// A whole number written with digits only.
    static func wholeNumber(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
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

    /// A comment or blank line, ignored by every form.
    static func isIgnorable(_ line: String) -> Bool {
        line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//")
    }
}

extension CornerGrammar {
    /// The points of a ring are consecutive. A ring number that comes back after another ring
    /// began is a mistyped line — read as it stands it would put a spike into the earlier ring
    /// (found by the fuzzer) — never a ring resumed. Returns the line to name and the message,
    /// nil when every ring's points are consecutive.
    ///
    /// The line named is the single point whose ring, taken away, leaves every ring consecutive
    /// (one mistyped ring number; a point inside another ring's run first); else the shorter
    /// side of the first split.
    static func splitRing<Ring: Hashable & CustomStringConvertible>(_ points: [(ring: Ring, line: Int)]) -> (line: Int, message: String)? {
        var runs: [(ring: Ring, count: Int, line: Int)] = []
        for point in points {
            if let last = runs.last, last.ring == point.ring { runs[runs.count - 1].count += 1 } else { runs.append((point.ring, 1, point.line)) }
        }
        guard let split = firstSplit(runs.map(\.ring)) else { return nil }
        let rule = "the points of a ring must be consecutive"
        // One point inside another ring's run (its neighbours' rings equal) first, then any one point.
        let single = runs.indices.prefix(500).filter { runs[$0].count == 1 }
        let inside = single.filter { $0 > 0 && $0 + 1 < runs.count && runs[$0 - 1].ring == runs[$0 + 1].ring }
        for index in inside + single {
            var rest = runs.map(\.ring)
            rest.remove(at: index)
            guard firstSplit(rest) == nil else { continue }
            let before = index > 0 ? "ring \(excerpt(runs[index - 1].ring.description)) before" : nil
            let after = index + 1 < runs.count ? "ring \(excerpt(runs[index + 1].ring.description)) after" : nil
            return (runs[index].line, "ring \(excerpt(runs[index].ring.description)) is out of place here "
                    + "(\([before, after].compactMap { $0 }.joined(separator: ", "))): \(rule)")
        }
        let (first, again) = split
        // Consecutive runs have different rings, so at least one run lies between the two.
        guard let interrupting = runs[(first + 1)..<again].min(by: { $0.count < $1.count }) else { return nil }
        let run = runs[again]
        if interrupting.count <= run.count {
            return (interrupting.line, "ring \(excerpt(interrupting.ring.description)) interrupts ring \(excerpt(run.ring.description)), "
                    + "whose points go on at line \(run.line): \(rule)")
        }
        return (run.line, "ring \(excerpt(run.ring.description)) comes back after ring \(excerpt(runs[again - 1].ring.description)) "
                + "began (line \(runs[again - 1].line)): \(rule)")
    }

    /// The first ring (as run indices: its first run, the run where it comes back) whose runs are
    /// not consecutive, once equal neighbours are merged; nil when there is none.
    private static func firstSplit<Ring: Hashable>(_ rings: [Ring]) -> (first: Int, again: Int)? {
        var firstRun: [Ring: Int] = [:]
        var merged: [Ring] = []
        var indices: [Int] = []
        for (index, ring) in rings.enumerated() where merged.last != ring {
            merged.append(ring)
            indices.append(index)
        }
        for (position, ring) in merged.enumerated() {
            if let first = firstRun[ring] { return (indices[first], indices[position]) }
            firstRun[ring] = position
        }
        return nil
    }
}
