import Foundation

/// The rows of a page's tables as one compact JSON object, keyed by table element id:
/// `{"table-1": {"columns": [{"n": name, "t": "text|num|int|badge", "p": places, "plain": bool,
/// "k": JSON key}], "rows": [[…]], "paths": ["rights.0", …]}}`. The page's script draws them.
/// `<` is written as `\u003c`, so no text can close the `<script>` element that holds it.
struct ReportTables {
    private let buffer = JSONBuffer(pretty: false)
    private var count = 0

    /// Adds a table and returns its element id.
    mutating func add(_ table: Table, rowPath: ((Int) -> String)?, jsonKeys: [String: String], places: [String: Int],
                      badges: Set<String>, plain: Set<String>) -> String {
        count += 1
        let id = "table-\(count)"
        buffer.write(count == 1 ? "{" : ",")
        buffer.string(id)
        buffer.write(":{\"columns\":[")
        for (index, column) in table.columns.enumerated() {
            if index > 0 { buffer.write(",") }
            writeColumn(column, kind: kind(column, table: table, index: index, badges: badges), places: places[column.name] ?? 2,
                        plain: plain.contains(column.name), key: rowPath == nil ? nil : jsonKeys[column.name])
        }
        buffer.write("],\"rows\":[")
        for (index, row) in table.rows.enumerated() {
            buffer.write(index == 0 ? "[" : ",[")
            for (column, value) in row.enumerated() {
                if column > 0 { buffer.write(",") }
                write(value)
            }
            buffer.write("]")
        }
        buffer.write("]")
        if let rowPath { writePaths(rows: table.rows.count, rowPath) }
        buffer.write("}")
        return id
    }

    /// `{"n": name, "t": kind, "p": places, "plain": true, "k": JSON key}` of one column.
    private func writeColumn(_ column: FieldDefinition, kind: String, places: Int, plain: Bool, key: String?) {
        buffer.write("{\"n\":")
        buffer.string(column.name)
        buffer.write(",\"t\":")
        buffer.string(kind)
        buffer.write(",\"p\":")
        buffer.integer(Int64(places))
        if plain { buffer.write(",\"plain\":true") }
        if let key {
            buffer.write(",\"k\":")
            buffer.string(key)
        }
        buffer.write("}")
    }

    /// `,"paths": […]`: where each row's figures are in the JSON.
    private func writePaths(rows: Int, _ rowPath: (Int) -> String) {
        buffer.write(",\"paths\":[")
        for index in 0..<rows {
            if index > 0 { buffer.write(",") }
            buffer.string(rowPath(index))
        }
        buffer.write("]")
    }

    /// The column's kind: a badge column, or a number column when its values are numbers.
    private func kind(_ column: FieldDefinition, table: Table, index: Int, badges: Set<String>) -> String {
        if badges.contains(column.name) { return "badge" }
        for row in table.rows where index < row.count {
            switch row[index] {
            case .real: return "num"
            case .integer: return "int"
            case .null: continue
            default: return "text"
            }
        }
        return "text"
    }

    private func write(_ value: FieldValue) {
        switch value {
        case .real(let number): buffer.number(number)
        case .integer(let number): buffer.integer(number)
        case .null: buffer.write("null")
        default: buffer.string(value.description)
        }
    }

    /// The JSON text (`{}` without tables); consumes the buffer.
    func json() -> String {
        if count == 0 { return "{}" }
        buffer.write("}")
        return String(decoding: Self.escapingLessThan(buffer.takeData()), as: UTF8.self)
    }

    /// `data` with every `<` written as `\u003c` (byte by byte: a String replace of a
    /// many-megabyte block costs far more).
    static func escapingLessThan(_ data: Data) -> [UInt8] {
        let escape = Array("\\u003c".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count)
        data.withUnsafeBytes { buffer in
            for byte in buffer {
                if byte == UInt8(ascii: "<") { bytes += escape } else { bytes.append(byte) }
            }
        }
        return bytes
    }
}
