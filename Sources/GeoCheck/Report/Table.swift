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

    /// CSV text, UTF-8 with a byte-order mark so Excel shows Chinese correctly; RFC 4180 quoting.
    public func csvData() -> Data {
        var text = "\u{FEFF}"
        text += columns.map { Self.quote($0.name) }.joined(separator: ",") + "\r\n"
        for row in rows {
            text += row.map { Self.quote(Self.cell($0)) }.joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    static func cell(_ value: FieldValue) -> String {
        if case .real(let number) = value { return String(format: "%.4f", number) }
        return value.description
    }

    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

public enum TableWriter {
    /// Writes tables as one spreadsheet (GDAL XLSX driver), one sheet per table.
    public static func writeXLSX(_ tables: [Table], to path: String) throws {
        let writer = try VectorWriter(path: path, driver: "XLSX")
        for table in tables {
            let layer = try writer.createLayer(name: table.name, crs: nil, geometryType: .none, fields: table.columns,
                                               options: ["FIELD_TYPES=AUTO"])
            for row in table.rows { try layer.add(geometry: nil, values: row) }
        }
        try writer.commit()
    }

    public static func writeCSV(_ table: Table, to path: String) throws {
        try writeAtomically(table.csvData(), to: path)
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
