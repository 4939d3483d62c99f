import Foundation

/// Everything `geocheck history --json` prints: the ledger's recorded checks.
public struct HistoryResult: Codable, Sendable {
    public var command = "history"
    public var ledger: String
    public var mine: String?
    public var checks: [LedgerEntry]

    public init(ledger: String, mine: String?, checks: [LedgerEntry]) {
        self.ledger = ledger
        self.mine = mine
        self.checks = checks
    }
}

/// Reads what `LedgerEntry.encode(to:)` writes.
extension LedgerEntry: Decodable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        self.init(runID: try c.get("run_id"), command: try c.get("command"), date: try c.get("date"), mine: try c.get("mine"),
                  name: try c.getIfPresent("name"), licensed: try c.decodeArea("licensed_area"),
                  footprint: try c.decodeArea("footprint_area"), outside: try c.decodeArea("outside"),
                  newOutside: try c.decodeArea("new_outside"), elevationOversteps: try c.get("elevation_oversteps"),
                  recordedAt: try c.get("recorded_at"), source: try c.get("source"))
    }
}
