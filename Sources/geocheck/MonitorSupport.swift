import ArgumentParser
import Foundation
import GeoCheck

/// The result files of a monitoring command (`--out DIR`): `<command>.json`, `<command>.csv`
/// (the first table, with BOM), `<command>.xlsx` (every table), `<command>.gpkg`, `report.html`.
func writeResultFiles<T: Encodable>(command: String, directory: String, result: T, tables: [Table], language: Language,
                                    geoPackage: ((String) throws -> Void)?, html: String) throws -> [String] {
    let display = ProgressDisplay()
    defer { display.finish() }
    return try writeOutputSet(directory, files: geoPackage == nil ? 4 : 5, progress: display.report) { out in
        try writeAtomically(try JSONOutput.encode(result), to: try out.path("\(command).json"))
        if let first = tables.first { try TableWriter.writeCSV(first, to: try out.path("\(command).csv"), language: language) }
        try TableWriter.writeXLSX(tables, to: try out.path("\(command).xlsx"), language: language)
        if let geoPackage { try geoPackage(try out.path("\(command).gpkg")) }
        try writeAtomically(Data(html.utf8), to: try out.path("report.html"))
    }
}

/// `--date`/`--as-of` values: ISO dates, checked.
func parseDateOption(_ value: String?, _ name: String) throws -> String? {
    guard let value else { return nil }
    guard let date = ISODate.parse(value) else { throw ValidationError("\(name) '\(value)' is not a date (use YYYY-MM-DD)") }
    return date
}

func warnAboutNotes(repaired: [FeatureNote], skipped: [FeatureNote]) {
    for note in repaired {
        Console.error("geocheck: warning: repaired invalid geometry: \(note.layer) feature \(note.id): \(note.reason)")
    }
    for note in skipped {
        Console.error("geocheck: warning: skipped \(note.layer) feature \(note.id): \(note.reason)")
    }
}

/// The result files of `boundary --out` (and of the demo): the report has the ledger's history
/// of each mine when the run was recorded.
enum BoundaryFiles {
    static func write(_ evaluation: BoundaryEvaluation, to directory: String, language: Language) throws -> [String] {
        let result = evaluation.result
        let history = try result.ledger.map { try Ledger(store: $0).history() } ?? []
        let mines = Set(result.mines.map(\.id))
        return try writeResultFiles(
            command: "boundary", directory: directory, result: result,
            tables: [BoundaryReport.minesTable(result), BoundaryReport.elevationTable(result)], language: language,
            geoPackage: { try BoundaryReport.writeGeoPackage(evaluation, to: $0) },
            html: try BoundaryHTML.render(evaluation, history: history.filter { mines.contains($0.mine) }, language: language))
    }
}

enum ForestFiles {
    static func write(_ evaluation: ForestEvaluation, to directory: String, language: Language) throws -> [String] {
        let result = evaluation.result
        return try writeResultFiles(
            command: "forest", directory: directory, result: result,
            tables: [ForestReport.sitesTable(result), ForestReport.permitsTable(result), ForestReport.classTable(result)], language: language,
            geoPackage: { try ForestReport.writeGeoPackage(evaluation, to: $0) },
            html: try ForestHTML.render(evaluation, language: language))
    }
}

enum ReclaimFiles {
    static func write(_ evaluation: ReclaimEvaluation, to directory: String, language: Language) throws -> [String] {
        let result = evaluation.result
        return try writeResultFiles(
            command: "reclaim", directory: directory, result: result,
            tables: [ReclaimReport.tasksTable(result), ReclaimReport.monthsTable(result)], language: language,
            geoPackage: { try ReclaimReport.writeGeoPackage(evaluation, to: $0) },
            html: try ReclaimHTML.render(evaluation, language: language))
    }
}
