import Foundation

/// The `--out DIR` files of every command, written all-or-nothing through `OutputDirectory`.
/// Each `write` takes the check's result (with its geometries) and returns the paths written;
/// `progress` hears "writing N of M files (name)" as each file begins.
public enum ResultFiles {
    /// Writes the set: `body` writes into the staging directory; the set is moved into place when
    /// it returns, and removed when it throws (the error then names the file as the user knows it).
    public static func writeSet(_ directory: String, files: Int = 0, progress: ((String) -> Void)? = nil,
                                _ body: (OutputDirectory) throws -> Void) throws -> [String] {
        let output = try OutputDirectory(directory)
        if let progress {
            var number = 0
            output.onFile = { name in
                number += 1
                progress("writing \(number) of \(max(files, number)) files (\(name))")
            }
        }
        do {
            try body(output)
            return try output.commit()
        } catch {
            throw InputError(String(describing: error).replacingOccurrences(of: output.staging, with: output.target))
        }
    }

    /// A monitoring command's set: `<command>.json`, `<command>.csv` (the first table, with BOM),
    /// `<command>.xlsx` (every table), `<command>.gpkg`, `report.html`.
    static func writeMonitoring<T: Encodable>(command: String, directory: String, result: T, tables: [Table], language: Language,
                                              progress: ((String) -> Void)?, geoPackage: (String) throws -> Void,
                                              html: () throws -> String) throws -> [String] {
        try writeSet(directory, files: 5, progress: progress) { out in
            try writeAtomically(try JSONOutput.encode(result), to: try out.path("\(command).json"))
            if let first = tables.first { try TableWriter.writeCSV(first, to: try out.path("\(command).csv"), language: language) }
            try TableWriter.writeXLSX(tables, to: try out.path("\(command).xlsx"), language: language)
            try geoPackage(try out.path("\(command).gpkg"))
            try writeAtomically(Data(try html().utf8), to: try out.path("report.html"))
        }
    }

    /// `boundary --out`: the report has the ledger's history of each mine when the run was recorded.
    public static func write(_ evaluation: BoundaryEvaluation, to directory: String, language: Language,
                             progress: ((String) -> Void)? = nil) throws -> [String] {
        let result = evaluation.result
        let history = try result.ledger.map { try Ledger(store: $0).history() } ?? []
        let mines = Set(result.mines.map(\.id))
        return try writeMonitoring(
            command: "boundary", directory: directory, result: result,
            tables: [BoundaryReport.minesTable(result), BoundaryReport.elevationTable(result)], language: language, progress: progress,
            geoPackage: { try BoundaryReport.writeGeoPackage(evaluation, to: $0) },
            html: { try BoundaryHTML.render(evaluation, history: history.filter { mines.contains($0.mine) }, language: language) })
    }

    /// `forest --out`.
    public static func write(_ evaluation: ForestEvaluation, to directory: String, language: Language,
                             progress: ((String) -> Void)? = nil) throws -> [String] {
        let result = evaluation.result
        return try writeMonitoring(
            command: "forest", directory: directory, result: result,
            tables: [ForestReport.sitesTable(result), ForestReport.permitsTable(result), ForestReport.classTable(result)],
            language: language, progress: progress,
            geoPackage: { try ForestReport.writeGeoPackage(evaluation, to: $0) },
            html: { try ForestHTML.render(evaluation, language: language) })
    }

    /// `reclaim --out`.
    public static func write(_ evaluation: ReclaimEvaluation, to directory: String, language: Language,
                             progress: ((String) -> Void)? = nil) throws -> [String] {
        let result = evaluation.result
        return try writeMonitoring(
            command: "reclaim", directory: directory, result: result,
            tables: [ReclaimReport.tasksTable(result), ReclaimReport.monthsTable(result)], language: language, progress: progress,
            geoPackage: { try ReclaimReport.writeGeoPackage(evaluation, to: $0) },
            html: { try ReclaimHTML.render(evaluation, language: language) })
    }

    /// `screen --out`: the monitoring set plus `retained/`, the retained part of each shrunk right
    /// as a corner-coordinate file (listed as one entry).
    public static func write(_ outcome: ScreenOutcome, to directory: String, language: Language, maps: Int = ScreenHTML.defaultMaps,
                             progress: ((String) -> Void)? = nil) throws -> [String] {
        let result = outcome.result
        var corner: [String] = []
        var files = try writeSet(directory, files: 6, progress: progress) { out in
            // The paths first, in file order (progress lines, injected failures); then every
            // file on the same workers: the five single files first, biggest first, each taking
            // a worker while the others make corner files.
            let json = try out.path("screen.json"), csv = try out.path("screen.csv")
            let xlsx = try out.path("screen.xlsx"), gpkg = try out.path("screen.gpkg")
            // "retained/" before report.html in the progress lines, as in file order.
            let rows = ScreenReport.retainedRows(outcome)
            if !rows.isEmpty { out.announce(folder: "retained") }
            let report = try out.path("report.html")
            corner = try ScreenReport.writeRetainedCornerFiles(rows, minAreaM2: result.minAreaM2, output: out, alongside: [
                { try writeAtomically(try JSONOutput.encode(result), to: json) },
                { try TableWriter.writeCSV(ScreenReport.csvTable(result), to: csv, language: language) },
                { try TableWriter.writeXLSX([ScreenReport.rightsTable(result), ScreenReport.overlapsTable(result),
                                             ScreenReport.nearTable(result)], to: xlsx, language: language) },
                { try ScreenReport.writeGeoPackage(outcome, to: gpkg) },
                { try writeAtomically(Data(try ScreenHTML.render(outcome, language: language, maps: maps).utf8), to: report) },
            ], order: [4, 3, 2, 1, 0])
        }
        files.removeAll { $0.contains("/retained/") }
        if !corner.isEmpty { files.append("\(directory)/retained/ (\(corner.count) corner-coordinate files)") }
        return files
    }

    /// `coords --out`: the report files and the blocks as polygons in `coords.gpkg` (written the
    /// same way as `--to`).
    public static func write(_ result: CoordsResult, file: CornerFile, source: String?, to directory: String, language: Language,
                             progress: ((String) -> Void)? = nil) throws -> [String] {
        try writeSet(directory, files: 5, progress: progress) { out in
            try CoordsReport.write(result, file: file, to: out, language: language)
            _ = try Coords.fromCornerFile(file, source: source ?? file.path, output: try out.path("coords.gpkg"), method: result.areaMethod)
        }
    }

    /// `history --csv` / the demo's history: the ledger's checks as a table.
    public static func writeHistoryCSV(_ entries: [LedgerEntry], to path: String, language: Language) throws {
        try TableWriter.writeCSV(BoundaryReport.historyTable(entries), to: path, language: language)
    }
}

/// `coords --to x.xlsx`: the corner list as a spreadsheet, one row per point with the
/// surveyors' columns 地块编号, 圈号, 点号, X, Y (X northing, Y easting).
public enum CornerSpreadsheet {
    public static func isSpreadsheet(_ path: String) -> Bool { (path as NSString).pathExtension.lowercased() == "xlsx" }

    @discardableResult
    public static func write(_ file: CornerFile, to path: String) throws -> String {
        try TableWriter.writeXLSX([CoordsReport.pointsTable(file)], to: path, language: .zh)
        return path
    }
}
