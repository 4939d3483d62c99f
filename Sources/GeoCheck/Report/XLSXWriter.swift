import Foundation

/// Writes tables as an Office Open XML workbook (.xlsx), one sheet per table: headers in the
/// report language, a frozen bold header row with autofilter, numbers stored as numbers with
/// the unit's format (`NumberFormat`: 亩 0.00, ha 0.0000, shares 0.00%), text as shared
/// strings (never formulas, so no cell can be evaluated).
public enum XLSXWriter {
    public static func write(_ tables: [Table], to path: String, language: Language) throws {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw InputError("\(path): cannot write a workbook: not a regular file")
        }
        var strings = SharedStrings()
        let sheets = tables.map { sheetXML($0, language: language, strings: &strings) }
        let names = uniqueSheetNames(tables.map { sheetName($0.name, language) })
        var entries: [ZipArchive.Entry] = [
            .init("[Content_Types].xml", Data(contentTypes(count: tables.count).utf8)),
            .init("_rels/.rels", Data(rootRelationships.utf8)),
            .init("xl/workbook.xml", Data(workbook(names, tables).utf8)),
            .init("xl/_rels/workbook.xml.rels", Data(workbookRelationships(count: tables.count).utf8)),
            .init("xl/styles.xml", Data(styles.utf8)),
            .init("xl/sharedStrings.xml", strings.xml()),
        ]
        for (index, sheet) in sheets.enumerated() { entries.append(.init("xl/worksheets/sheet\(index + 1).xml", sheet)) }
        try writeAtomically(try ZipArchive.archive(entries, path: path), to: path)
    }

    /// Styles (index into `cellXfs` of `styles`) per format, and the header's.
    static func style(_ format: NumberFormat) -> Int {
        switch format {
        case .general: return 0
        case .decimals2: return 1
        case .decimals4: return 2
        case .percent: return 3
        case .integer: return 4
        }
    }
    static let headerStyle = 5

    static func sheetXML(_ table: Table, language: Language, strings: inout SharedStrings) -> Data {
        let formats = table.columns.map { $0.type == .integer ? NumberFormat.integer : NumberFormat.forColumn($0.name) }
        let lastColumn = columnLetters(max(1, table.columns.count))
        let lastRow = table.rows.count + 1
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <dimension ref="A1:\(lastColumn)\(lastRow)"/>\
        <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
        <selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>
        """
        for (index, column) in table.columns.enumerated() {
            let header = TableVocabulary.header(column.name, language)
            let width = min(40, max(10, header.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } + 3))
            xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData><row r=\"1\">"
        for (index, column) in table.columns.enumerated() {
            let reference = "\(columnLetters(index + 1))1"
            xml += "<c r=\"\(reference)\" s=\"\(headerStyle)\" t=\"s\"><v>\(strings.index(TableVocabulary.header(column.name, language)))</v></c>"
        }
        xml += "</row>"
        var bytes = [UInt8](xml.utf8)
        appendRows(table, formats: formats, language: language, strings: &strings, to: &bytes)
        bytes.append(contentsOf: "</sheetData><autoFilter ref=\"A1:\(lastColumn)\(lastRow)\"/></worksheet>".utf8)
        return Data(bytes)
    }

    /// The rows as bytes (a workbook of 20 000 rights has half a million cells), without a
    /// String per cell: numbers styled by their column's format, text as shared strings.
    private static func appendRows(_ table: Table, formats: [NumberFormat], language: Language,
                                   strings: inout SharedStrings, to bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + table.rows.count * table.columns.count * 24)
        let references = table.columns.indices.map { Array("<c r=\"\(columnLetters($0 + 1))".utf8) }
        let numberStyles = formats.map { Array("\" s=\"\(style($0))\"><v>".utf8) }
        let integerStyle = Array("\" s=\"\(style(.integer))\"><v>".utf8)
        let translated = table.columns.map { language == .zh && TableVocabulary.valueColumns.contains($0.name) }
        for (rowIndex, row) in table.rows.enumerated() {
            let number = Array(String(rowIndex + 2).utf8)
            bytes.append(contentsOf: "<row r=\"".utf8)
            bytes.append(contentsOf: number)
            bytes.append(contentsOf: "\">".utf8)
            for (index, value) in row.prefix(table.columns.count).enumerated() {
                switch value {
                case .null:
                    continue
                case .integer(let integer):
                    bytes.append(contentsOf: references[index])
                    bytes.append(contentsOf: number)
                    bytes.append(contentsOf: integerStyle)
                    bytes.append(contentsOf: String(integer).utf8)
                case .real(let real):
                    guard real.isFinite else { continue }
                    bytes.append(contentsOf: references[index])
                    bytes.append(contentsOf: number)
                    bytes.append(contentsOf: numberStyles[index])
                    bytes.append(contentsOf: real.description.utf8)
                case .string(let text), .date(let text):
                    if text.isEmpty { continue }
                    let shown = translated[index] ? TableVocabulary.value(text, column: table.columns[index].name, language) : text
                    bytes.append(contentsOf: references[index])
                    bytes.append(contentsOf: number)
                    bytes.append(contentsOf: "\" t=\"s\"><v>".utf8)
                    bytes.append(contentsOf: String(strings.index(shown)).utf8)
                }
                bytes.append(contentsOf: "</v></c>".utf8)
            }
            bytes.append(contentsOf: "</row>".utf8)
        }
    }

    /// Excel's column names: 1 → A, 27 → AA.
    static func columnLetters(_ number: Int) -> String {
        var number = number
        var letters = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return letters
    }

    static func sheetName(_ name: String, _ language: Language) -> String {
        let shown = language == .zh ? TableVocabulary.sheets[name] ?? name : name
        let cleaned = shown.map { "[]:*?/\\".contains($0) ? "_" : $0 }
        return String(String(cleaned).prefix(31))
    }

    static func uniqueSheetNames(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.map { name in
            var candidate = name
            var number = 2
            while seen.contains(candidate.lowercased()) {
                candidate = "\(name.prefix(28))_\(number)"
                number += 1
            }
            seen.insert(candidate.lowercased())
            return candidate
        }
    }
}

/// The workbook's shared string table.
struct SharedStrings {
    private var indices: [String: Int] = [:]
    private var ordered: [String] = []
    private var count = 0

    mutating func index(_ text: String) -> Int {
        count += 1
        if let index = indices[text] { return index }
        indices[text] = ordered.count
        ordered.append(text)
        return ordered.count - 1
    }

    func xml() -> Data {
        var data = Data("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(count)" uniqueCount="\(ordered.count)">
        """.utf8)
        for text in ordered {
            let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
            data.append(contentsOf: "<si><t\(space)>\(xmlEscaped(text))</t></si>".utf8)
        }
        data.append(contentsOf: "</sst>".utf8)
        return data
    }
}

/// Text for XML content and attributes: markup escaped, characters XML 1.0 forbids dropped.
func xmlEscaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
        default:
            if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF { result.unicodeScalars.append(scalar) }
        }
    }
    return result
}
