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
        var data = Data("\u{FEFF}".utf8)
        let header = columns.map { Self.quote(Self.neutralised(TableVocabulary.header($0.name, language))) }
        data.append(contentsOf: (header.joined(separator: ",") + "\r\n").utf8)
        for row in rows {
            let cells = row.enumerated().map { index, value in
                Self.quote(Self.cell(value, column: index < columns.count ? columns[index].name : "", language: language))
            }
            data.append(contentsOf: (cells.joined(separator: ",") + "\r\n").utf8)
        }
        return data
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

    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
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
