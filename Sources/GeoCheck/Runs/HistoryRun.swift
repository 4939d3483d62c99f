import Foundation

/// What `geocheck history` is asked to do.
public struct HistoryRequest: Sendable {
    /// The ledger: a GeoPackage path or a `PG:` connection string.
    public var ledger: String
    /// Only this mine's checks.
    public var mine: String?
    /// Write the table as CSV (UTF-8 with BOM) to this file.
    public var csv: String?
    /// The language of the CSV headers.
    public var language: Language = .zh

    public init(ledger: String) { self.ledger = ledger }
}

/// `geocheck history`: the recorded boundary checks of a ledger as a time series per mine.
public enum History {
    /// Reads the ledger's checks (by mine, then date) and writes `--csv`.
    public static func run(_ request: HistoryRequest) throws -> HistoryResult {
        let entries = try Ledger(store: request.ledger).history(mine: request.mine)
        if let csv = request.csv { try ResultFiles.writeHistoryCSV(entries, to: csv, language: request.language) }
        return HistoryResult(ledger: request.ledger, mine: request.mine, checks: entries)
    }
}
