import Foundation

/// A result table: the unit that CSV, XLSX and HTML writers share, so every format shows the
/// same figures.
public struct Table: Sendable {
    public var name: String
    public var columns: [FieldDefinition]
    public var rows: [[FieldValue]]

    public init(name: String, columns: [FieldDefinition], rows: [[FieldValue]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// CSV text, UTF-8 with a byte-order mark so Excel shows Chinese correctly; RFC 4180 quoting;
    /// headers and enumerated values in `language` (`TableVocabulary`); text that a spreadsheet
    /// would take for a formula neutralised (`neutralised`).
    public func csvData(language: Language = .en) -> Data {
        var bytes = Array("\u{FEFF}".utf8)
        bytes.reserveCapacity(rows.count * max(1, columns.count) * 12)
        func line(_ cells: some Sequence<String>) {
            for (index, cell) in cells.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                if Self.needsQuotes(cell) { bytes.append(contentsOf: Self.quote(cell).utf8) } else { bytes.append(contentsOf: cell.utf8) }
            }
            bytes.append(contentsOf: "\r\n".utf8)
        }
        line(columns.lazy.map { Self.neutralised(TableVocabulary.header($0.name, language)) })
        let names = columns.map(\.name)
        for row in rows {
            line(row.indices.lazy.map { Self.cell(row[$0], column: $0 < names.count ? names[$0] : "", language: language) })
        }
        return Data(bytes)
    }

    static func cell(_ value: FieldValue, column: String = "", language: Language = .en) -> String {
        switch value {
        case .real(let number): return number.isFinite ? formatNumber(number, 4) : ""
        case .integer, .null: return value.description
        case .string(let text), .date(let text): return neutralised(TableVocabulary.value(text, column: column, language))
        }
    }

    /// OWASP CSV injection: text starting with `=`, `+`, `-`, `@`, a tab or a carriage return
    /// gets a leading `'` so a spreadsheet shows it instead of evaluating it. Text that is a
    /// plain number (`-12.5`) stays as it is: it is a number, not a formula.
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        if Double(text) != nil, text.allSatisfy({ "+-0123456789.eE".contains($0) }) { return text }
        return "'" + text
    }

    /// A comma, quote or line break anywhere (in bytes: a CR LF pair is one Character, which
    /// equals neither "\r" nor "\n").
    static func needsQuotes(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }

    static func quote(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

public enum TableWriter {
    /// Writes tables as one workbook (`XLSXWriter`), one sheet per table.
    public static func writeXLSX(_ tables: [Table], to path: String, language: Language = .en) throws {
        try XLSXWriter.write(tables, to: path, language: language)
    }

    public static func writeCSV(_ table: Table, to path: String, language: Language = .en) throws {
        try writeAtomically(table.csvData(language: language), to: path)
    }
}

/// Column helpers.
extension FieldDefinition {
    static func text(_ name: String) -> FieldDefinition { FieldDefinition(name: name, type: .string) }
    static func number(_ name: String) -> FieldDefinition { FieldDefinition(name: name, type: .real) }
    static func count(_ name: String) -> FieldDefinition { FieldDefinition(name: name, type: .integer) }
}

extension FieldValue {
    static func text(_ value: String?) -> FieldValue { value.map { .string($0) } ?? .null }
    static func number(_ value: Double?) -> FieldValue { value.map { .real($0) } ?? .null }
}
