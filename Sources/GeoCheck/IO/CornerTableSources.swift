import Foundation

/// The rows of a corner table: a CSV decoded like a text corner file (UTF-8, GBK, UTF-16; each
/// line a row, quoted fields allowed), or the first sheet of an Excel workbook read by GDAL's
/// XLSX driver with every cell as text.
extension CornerTable {
    /// Extensions read as tables.
    static let extensions: Set<String> = ["csv", "tsv", "xlsx"]

    /// The corner file in the table at `path`, or nil when its header is not a corner table's.
    static func file(path: String, label: String, options: CornerReadOptions) throws -> CornerFile? {
        let ext = (path as NSString).pathExtension.lowercased()
        if ext == "xlsx" {
            // The header decides from the first rows; only a corner table is read whole.
            guard let head = try? xlsxRows(path: path, label: label, limit: 5),
                  let header = head.first(where: { !$0.cells.allSatisfy(\.isEmpty) }), columns(header.cells) != nil,
                  let rows = try? xlsxRows(path: path, label: label) else { return nil }
            var file = try read(rows: rows, path: label, options: options)
            file?.table = "xlsx"
            return file
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        try? handle.close()
        // Only the header decides; the whole file is read when it is a corner table.
        guard let first = try? TextEncoding.decodeLines(head, path: label).lines.first(where: { !$0.isEmpty }),
              columns(splitCSV(first)) != nil else { return nil }
        var file = try read(rows: try csvRows(try CornerCoordinates.contents(of: path, label: label), path: label), path: label, options: options)
        file?.encoding = (try? TextEncoding.decodeLines(head, path: label).encoding) ?? "UTF-8"
        file?.table = "csv"
        return file
    }

    static func csvRows(_ data: Data, path: String) throws -> [(line: Int, cells: [String])] {
        let (lines, _) = try TextEncoding.decodeLines(data, path: path)
        return lines.enumerated().map { ($0.offset + 1, splitCSV($0.element)) }
    }

    /// Fields of one CSV line: comma-separated (tab when the line has no comma), `"…"` quoting
    /// with `""` for a quote.
    static func splitCSV(_ line: String) -> [String] {
        let separator: Character = line.contains(",") || !line.contains("\t") ? "," : "\t"
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" { quoted = false } else { field.append(c) }
            } else if c == "\"" {
                if field.last == "\"" || !field.isEmpty { field.append(c) } else { quoted = true }
            } else if c == separator {
                fields.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field.trimmingCharacters(in: .whitespaces))
        return fields
    }

    /// The first sheet, every row (the header among them) with every cell as text
    /// (`HEADERS=DISABLE`, `FIELD_TYPES=STRING`); row numbers as Excel shows them (GDAL's FID).
    static func xlsxRows(path: String, label: String, limit: Int = .max) throws -> [(line: Int, cells: [String])] {
        let dataset = try VectorDataset(path: path, source: label, openOptions: ["HEADERS=DISABLE", "FIELD_TYPES=STRING"])
        let layer = try dataset.layer(at: 0)
        // GDAL may still take row 1 as the header (typed columns below it): then it is the field names.
        let names = layer.fields.map(\.name)
        let generic = names.allSatisfy { $0.hasPrefix("Field") && Int($0.dropFirst(5)) != nil }
        var rows: [(line: Int, cells: [String])] = generic ? [] : [(1, names)]
        struct Enough: Error {}
        do {
            try layer.forEachFeature { record in
                rows.append((Int(record.fid), record.values.map(\.description)))
                if rows.count >= limit { throw Enough() }
            }
        } catch is Enough {}
        return rows
    }
}
