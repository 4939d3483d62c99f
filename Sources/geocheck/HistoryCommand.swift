import ArgumentParser
import Foundation
import GeoCheck

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The recorded boundary checks of a ledger as a time series per mine.",
        discussion: """
        Example:  geocheck history --ledger ledger.gpkg --csv history.csv
        """)

    @Option(name: .long, help: "The ledger: a GeoPackage path or a PG: connection string.")
    var ledger: String

    @Option(name: .long, help: "Only this mine's checks.")
    var mine: String?

    @Flag(name: .long, help: "Write JSON to stdout.")
    var json = false

    @Option(name: .long, help: "Write the table as CSV (UTF-8 with BOM) to this file.")
    var csv: String?

    @Option(name: .long, help: "Language of the CSV headers: zh or en (default: from LANG).")
    var lang: Language?

    func run() throws {
        try reportingErrors {
            var request = HistoryRequest(ledger: ledger)
            (request.mine, request.csv, request.language) = (mine, csv, Language.resolve(lang))
            let history = try History.run(request)
            let entries = history.checks
            if let mine, entries.isEmpty { Console.error("geocheck: no recorded checks of mine \(mine) in \(ledger)") }
            if json {
                try Console.output(try JSONOutput.string(history))
                return
            }
            var table = TextTable(headers: ["mine", "name", "date", "footprint 亩", "outside 亩", "outside ha", "new 亩", "超层"])
            for entry in entries {
                table.add([entry.mine, entry.name ?? "", entry.date, formatNumber(entry.footprint.mu), formatNumber(entry.outside.mu),
                           formatNumber(entry.outside.ha, 4), formatNumber(entry.newOutside.mu),
                           entry.elevationOversteps > 0 ? "\(entry.elevationOversteps)" : ""])
            }
            try Console.output(table.render() + "\n\(entries.count) recorded check(s) in \(ledger)")
        }
    }
}
