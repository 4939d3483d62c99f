import Foundation

/// An error about the ledger, naming the store.
public struct LedgerError: Error, CustomStringConvertible, Sendable {
    public let store: String
    public let message: String
    public var description: String { "ledger \(store): \(message)" }
}

/// One mine's figures at one check, as recorded.
public struct LedgerRecord {
    public var mine: String
    public var name: String?
    public var licensed: Area
    public var footprint: Area
    public var outside: Area
    public var newOutside: Area
    public var elevationOversteps: Int
    /// The outside polygons in the run's CRS (nil or empty: nothing outside).
    public var outsideGeometry: Geometry?

    public init(mine: String, name: String?, licensed: Area, footprint: Area, outside: Area, newOutside: Area,
                elevationOversteps: Int, outsideGeometry: Geometry?) {
        self.mine = mine
        self.name = name
        self.licensed = licensed
        self.footprint = footprint
        self.outside = outside
        self.newOutside = newOutside
        self.elevationOversteps = elevationOversteps
        self.outsideGeometry = outsideGeometry
    }
}

/// A recorded check, read back for `geocheck history`.
public struct LedgerEntry: Encodable, Sendable {
    public var runID: String
    public var command: String
    public var date: String
    public var mine: String
    public var name: String?
    public var licensed: Area
    public var footprint: Area
    public var outside: Area
    public var newOutside: Area
    public var elevationOversteps: Int
    public var recordedAt: String
    public var source: String

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(runID, "run_id")
        try c.put(command, "command")
        try c.put(date, "date")
        try c.put(mine, "mine")
        try c.put(name, "name")
        try c.encodeArea(licensed, "licensed_area")
        try c.encodeArea(footprint, "footprint_area")
        try c.encodeArea(outside, "outside")
        try c.encodeArea(newOutside, "new_outside")
        try c.put(elevationOversteps, "elevation_oversteps")
        try c.put(recordedAt, "recorded_at")
        try c.put(source, "source")
    }
}

/// The ledger of checks: a GeoPackage file (default) or a PostGIS database (`PG:…`), written
/// through the same OGR code. Two layers: `geocheck_checks` (one row per run and mine: run id,
/// command, date, mine, areas, recorded_at) and `geocheck_outside` (the outside polygons, keyed
/// by run id and mine).
///
/// A run is written in one dataset transaction (`GDALDatasetStartTransaction`): it lands
/// completely or not at all, and a killed process leaves the ledger as it was (SQLite's journal,
/// PostgreSQL's transaction). Re-running a date replaces that date's records of the same mines
/// in the same transaction. Writers are serialised: the first statement of the transaction takes
/// the write lock (SQLite RESERVED lock; PostgreSQL `LOCK TABLE … SHARE ROW EXCLUSIVE`); a
/// writer that finds the ledger busy rolls back and retries with back-off, then fails cleanly.
public final class Ledger {
    public let store: String
    public var maxAttempts = 8
    /// Seconds SQLite waits for a lock before reporting SQLITE_BUSY.
    public var busyTimeoutMs = 3000

    static let checksLayer = "geocheck_checks"
    static let outsideLayer = "geocheck_outside"
    static let checksFields: [FieldDefinition] = [
        .text("run_id"), .text("command"), .text("check_date"), .text("mine"), .text("name"),
        .number("licensed_m2"), .number("footprint_m2"), .number("outside_m2"), .number("outside_mu"), .number("outside_ha"),
        .number("new_outside_m2"), .number("new_outside_mu"), .number("new_outside_ha"), .count("elevation_oversteps"),
        .text("recorded_at"), .text("source"),
    ]
    static let outsideFields: [FieldDefinition] = [
        .text("run_id"), .text("command"), .text("check_date"), .text("mine"), .number("outside_m2"),
    ]

    public init(store: String) {
        GDAL.ensure()
        self.store = store
    }

    var isPostgres: Bool { SourceSpec(store).isPostgres }

    // MARK: Recording

    /// Records one run. Inside the transaction, `build` receives each mine's outside geometry
    /// at its latest record dated before `date` (in `crs`, in `context`) and that record's date,
    /// and returns the records to write. `build` may be called again when the run is retried.
    /// Returns the run id.
    @discardableResult
    public func record(command: String, date: String, source: String, mines: [String], crs: SpatialReference,
                       context: GEOSContext,
                       build: (_ previous: [String: Geometry], _ previousDates: [String: String]) throws -> [LedgerRecord]) throws -> String {
        var delay = 0.05
        var lastError: Error?
        for attempt in 1...maxAttempts {
            do {
                return try recordOnce(command: command, date: date, source: source, mines: mines, crs: crs,
                                      context: context, build: build)
            } catch {
                guard Self.isBusy(error) else { throw error }
                lastError = error
                if attempt < maxAttempts {
                    Thread.sleep(forTimeInterval: delay * Double.random(in: 0.75...1.25))
                    delay = min(delay * 2, 2)
                }
            }
        }
        throw LedgerError(store: store, message: "busy (locked by another writer) after \(maxAttempts) attempts; try again: \(lastError.map { String(describing: $0) } ?? "")")
    }

    /// SQLITE_BUSY / "database is locked", PostgreSQL serialization failures, deadlocks, lock
    /// time-outs, and a concurrent creation of the ledger tables.
    static func isBusy(_ error: Error) -> Bool {
        let text = String(describing: error).lowercased()
        return ["database is locked", "database table is locked", "sqlite_busy", "busy", "could not serialize",
                "deadlock", "lock timeout", "could not obtain lock", "already exists", "duplicate key"].contains { text.contains($0) }
    }

    private func recordOnce(command: String, date: String, source: String, mines: [String], crs: SpatialReference,
                            context: GEOSContext,
                            build: ([String: Geometry], [String: String]) throws -> [LedgerRecord]) throws -> String {
        let dataset = try openForWriting(crs: crs)
        try dataset.startTransaction()
        var committed = false
        defer { if !committed { dataset.rollbackTransaction() } }
        try takeWriteLock(dataset)
        let run = LedgerRun(checks: try dataset.layer(named: Self.checksLayer), outside: try dataset.layer(named: Self.outsideLayer),
                            command: command, date: date, mines: mines, crs: crs)
        let (previous, previousDates) = try run.previous(context: context)
        let records = try build(previous, previousDates)
        // Replace this date's records of these mines (idempotent re-runs).
        try run.deleteSameDate()
        let runID = UUID().uuidString.lowercased()
        try run.insert(records, runID: runID, source: source)
        pauseForTests()
        try dataset.commitTransaction()
        committed = true
        return runID
    }

    /// `GEOCHECK_TEST_PAUSE_BEFORE_COMMIT=SECONDS`: the concurrency tests kill or race a writer here.
    private func pauseForTests() {
        if let pause = ProcessInfo.processInfo.environment["GEOCHECK_TEST_PAUSE_BEFORE_COMMIT"], let seconds = Double(pause) {
            try? FileOutput.write(Data("geocheck: test pause: \(seconds) s before commit\n".utf8), to: STDERR_FILENO, name: "stderr")
            Thread.sleep(forTimeInterval: seconds)
        }
    }

    /// The first statement of the transaction takes the write lock, so two writers serialise
    /// instead of deadlocking on a read-then-write upgrade.
    private func takeWriteLock(_ dataset: VectorDataset) throws {
        if isPostgres {
            try dataset.execute("SET LOCAL lock_timeout = '\(busyTimeoutMs)ms'")
            try dataset.execute("LOCK TABLE \(Self.checksLayer) IN SHARE ROW EXCLUSIVE MODE")
        } else {
            try dataset.execute("UPDATE \(Self.checksLayer) SET run_id = run_id WHERE fid < 0")
        }
    }

    // MARK: Opening and creating

    /// Opens the ledger for update, creating it (GeoPackage file, or the two PostGIS tables)
    /// when missing.
    private func openForWriting(crs: SpatialReference) throws -> VectorDataset {
        if isPostgres {
            let dataset = try VectorDataset(path: store, source: store, update: true)
            if !hasLayers(dataset) {
                try dataset.startTransaction()
                do {
                    try createLayers(dataset, crs: crs)
                    try dataset.commitTransaction()
                } catch {
                    dataset.rollbackTransaction()
                    throw error
                }
                return try VectorDataset(path: store, source: store, update: true)
            }
            return dataset
        }
        if !FileManager.default.fileExists(atPath: store) { try createGeoPackage(crs: crs) }
        let dataset = try VectorDataset(path: store, source: store, update: true)
        guard hasLayers(dataset) else {
            throw LedgerError(store: store, message: "is not a geocheck ledger (no \(Self.checksLayer)/\(Self.outsideLayer) layers)")
        }
        try dataset.execute("PRAGMA busy_timeout = \(busyTimeoutMs)")
        return dataset
    }

    private func hasLayers(_ dataset: VectorDataset) -> Bool {
        (try? dataset.layer(named: Self.checksLayer)) != nil && (try? dataset.layer(named: Self.outsideLayer)) != nil
    }

    /// A new GeoPackage is built complete under a temporary name and linked into place, so no
    /// process ever sees a half-created ledger; when another process created it first, its
    /// file is kept.
    private func createGeoPackage(crs: SpatialReference) throws {
        removeStaleTemporaries()
        let directory = (store as NSString).deletingLastPathComponent
        let temporary = "\(directory.isEmpty ? "." : directory)/.\((store as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).gpkg"
        defer { unlink(temporary) }
        do {
            let dataset = try VectorDataset.create(driver: "GPKG", path: temporary, source: store)
            try createLayers(dataset, crs: crs)
        }  // GDALClose here: the file is complete
        if link(temporary, store) != 0 && errno != EEXIST {
            throw LedgerError(store: store, message: "cannot create: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes what a creation killed with `kill -9` left: `.NAME.PID.N.gpkg` (and its
    /// `-journal`/`-wal`/`-shm`) of a process that no longer exists.
    func removeStaleTemporaries() {
        if isPostgres { return }
        let directory = (store as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        let prefix = ".\((store as NSString).lastPathComponent)."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let parts = entry.dropFirst(prefix.count).split(separator: ".")
            guard parts.count >= 3, parts[2].hasPrefix("gpkg"), let pid = Int32(parts[0]), UInt32(parts[1]) != nil else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink("\(folder)/\(entry)")
            }
        }
    }

    private func createLayers(_ dataset: VectorDataset, crs: SpatialReference) throws {
        let checks = try dataset.createLayer(name: Self.checksLayer, crs: nil, geometryType: .none)
        for field in Self.checksFields { try checks.createField(field) }
        let outside = try dataset.createLayer(name: Self.outsideLayer, crs: crs, geometryType: .multiPolygon)
        for field in Self.outsideFields { try outside.createField(field) }
    }

    // MARK: Reading

    /// Every recorded check of `command` (and `mine`, when given), by mine then date.
    public func history(mine: String? = nil, command: String = "boundary") throws -> [LedgerEntry] {
        if !isPostgres && !FileManager.default.fileExists(atPath: store) {
            throw LedgerError(store: store, message: "no such ledger (it is created by the first `geocheck boundary --ledger` run)")
        }
        removeStaleTemporaries()
        do {
            return try readHistory(mine: mine, command: command, update: false)
        } catch where !isPostgres && hasJournal && String(describing: error).contains("readonly") {
            // A writer killed inside its commit left a hot journal: SQLite must roll it back
            // before anyone can read, and only a read-write connection may do that.
            do {
                return try readHistory(mine: mine, command: command, update: true)
            } catch {
                throw LedgerError(store: store, message: "an interrupted run left a journal that needs write access to roll back: \(error)")
            }
        }
    }

    /// A rollback journal or write-ahead log beside the GeoPackage.
    var hasJournal: Bool {
        ["-journal", "-wal"].contains { FileManager.default.fileExists(atPath: store + $0) }
    }

    private func readHistory(mine: String?, command: String, update: Bool) throws -> [LedgerEntry] {
        let dataset = try VectorDataset(path: store, source: store, update: update)
        let checks: VectorLayer
        do { checks = try dataset.layer(named: Self.checksLayer) } catch {
            if isPostgres { return [] }
            throw LedgerError(store: store, message: "is not a geocheck ledger (no \(Self.checksLayer) layer)")
        }
        var filter = "command = \(SQLText.literal(command))"
        if let mine { filter += " AND mine = \(SQLText.literal(mine))" }
        let names = checks.fields.map(\.name)
        var entries: [LedgerEntry] = []
        try checks.filtered(filter) { record in
            func value(_ name: String) -> FieldValue { names.firstIndex(of: name).map { record.values[$0] } ?? .null }
            func area(_ name: String) -> Area { Area(m2: value(name).doubleValue ?? 0) }
            entries.append(LedgerEntry(
                runID: value("run_id").description, command: value("command").description, date: value("check_date").description,
                mine: value("mine").description, name: value("name").isNull ? nil : value("name").description,
                licensed: area("licensed_m2"), footprint: area("footprint_m2"), outside: area("outside_m2"),
                newOutside: area("new_outside_m2"), elevationOversteps: Int(value("elevation_oversteps").doubleValue ?? 0),
                recordedAt: value("recorded_at").description, source: value("source").description))
        }
        return entries.sorted { ($0.mine, $0.date, $0.recordedAt) < ($1.mine, $1.date, $1.recordedAt) }
    }

    // MARK: Helpers

    static func index(_ name: String, _ layer: VectorLayer) throws -> Int {
        guard let index = layer.fields.firstIndex(where: { $0.name.lowercased() == name }) else {
            throw InputError("\(layer.label): ledger layer has no field '\(name)'")
        }
        return index
    }
}

/// One run's work inside the ledger transaction: the two layers, scoped to one command, date
/// and set of mines.
private struct LedgerRun {
    let checks: VectorLayer
    let outside: VectorLayer
    let command: String
    let date: String
    let mines: [String]
    /// The CRS of the run's geometries.
    let crs: SpatialReference

    /// The records of this command and these mines.
    private var scope: String {
        let mineList = mines.map(SQLText.literal).joined(separator: ",")
        return "command = \(SQLText.literal(command)) AND " + (mines.isEmpty ? "1 = 0" : "mine IN (\(mineList))")
    }

    /// Each mine's outside polygons at its latest record dated before `date` (unioned, in `crs`,
    /// in `context`), and that record's date.
    func previous(context: GEOSContext) throws -> ([String: Geometry], [String: String]) {
        var latest: [String: (date: String, run: String)] = [:]
        let runIndex = try Ledger.index("run_id", checks), dateIndex = try Ledger.index("check_date", checks),
            mineIndex = try Ledger.index("mine", checks)
        try checks.filtered("\(scope) AND check_date < \(SQLText.literal(date))") { record in
            let mine = record.values[mineIndex].description, day = record.values[dateIndex].description
            let run = record.values[runIndex].description
            if let known = latest[mine], (known.date, known.run) >= (day, run) { return }
            latest[mine] = (day, run)
        }
        var previousParts: [String: [Geometry]] = [:]
        let toRun = try outside.spatialReference.flatMap { $0.isSame(as: crs) ? nil : try CoordinateTransform(from: $0, to: crs) }
        let oRun = try Ledger.index("run_id", outside), oMine = try Ledger.index("mine", outside)
        try outside.filtered("\(scope) AND check_date < \(SQLText.literal(date))") { record in
            let mine = record.values[oMine].description
            guard let wkb = record.wkb, latest[mine]?.run == record.values[oRun].description else { return }
            var geometry = try context.geometry(wkb: wkb)
            if let toRun { geometry = try toRun.transform(geometry) }
            previousParts[mine, default: []].append(geometry)
        }
        return (try previousParts.mapValues { try context.unaryUnion($0) }, latest.mapValues(\.date))
    }

    /// Removes the records of `date` (a re-run replaces them).
    func deleteSameDate() throws {
        let sameDate = "\(scope) AND check_date = \(SQLText.literal(date))"
        try checks.deleteFeatures(where: sameDate)
        try outside.deleteFeatures(where: sameDate)
    }

    /// One checks row per record, and its outside polygons (in the ledger's CRS) when not empty.
    func insert(_ records: [LedgerRecord], runID: String, source: String) throws {
        let recordedAt = ISO8601DateFormatter().string(from: Date())
        let toLedger = try outside.spatialReference.flatMap { $0.isSame(as: crs) ? nil : try CoordinateTransform(from: crs, to: $0) }
        for record in records {
            try checks.insert(fields: [
                "run_id": .string(runID), "command": .string(command), "check_date": .string(date), "mine": .string(record.mine),
                "name": .text(record.name), "licensed_m2": .real(record.licensed.roundedM2),
                "footprint_m2": .real(record.footprint.roundedM2), "outside_m2": .real(record.outside.roundedM2),
                "outside_mu": .real(record.outside.roundedMu), "outside_ha": .real(record.outside.roundedHa),
                "new_outside_m2": .real(record.newOutside.roundedM2), "new_outside_mu": .real(record.newOutside.roundedMu),
                "new_outside_ha": .real(record.newOutside.roundedHa),
                "elevation_oversteps": .integer(Int64(record.elevationOversteps)), "recorded_at": .string(recordedAt),
                "source": .string(source),
            ], geometry: nil)
            if var geometry = record.outsideGeometry, !geometry.isEmpty {
                if let toLedger { geometry = try toLedger.transform(geometry) }
                try outside.insert(fields: [
                    "run_id": .string(runID), "command": .string(command), "check_date": .string(date),
                    "mine": .string(record.mine), "outside_m2": .real(record.outside.roundedM2),
                ], geometry: geometry)
            }
        }
    }
}

extension VectorLayer {
    /// Inserts one ledger row with values by field name.
    func insert(fields values: [String: FieldValue], geometry: Geometry?) throws {
        let placed = try values.map { name, value -> (index: Int32, value: FieldValue) in
            guard let index = fieldIndex(name) else { throw InputError("\(label): ledger layer has no field '\(name)'") }
            return (index, value)
        }
        try createFeature(values: placed, geometry: geometry)
    }
}

extension Ledger {
    /// Records a boundary check: computes `new_outside` against each mine's previous record
    /// inside the ledger transaction, and sets the result's `ledger` and `run_id`.
    public func record(_ evaluation: inout BoundaryEvaluation) throws {
        let mines = evaluation.result.mines.map(\.id)
        let runID = try record(command: "boundary", date: evaluation.result.date, source: evaluation.result.footprintSource,
                               mines: mines, crs: evaluation.crs, context: evaluation.context) { previous, dates in
            try Boundary.applyPrevious(&evaluation, previous: previous, previousDates: dates)
            return evaluation.result.mines.enumerated().map { index, mine in
                LedgerRecord(mine: mine.id, name: mine.name, licensed: mine.licensed, footprint: mine.footprint,
                             outside: mine.outside, newOutside: mine.newOutside,
                             elevationOversteps: mine.elevationOversteps.count, outsideGeometry: evaluation.shapes[index].outside)
            }
        }
        evaluation.result.ledger = store
        evaluation.result.runID = runID
    }
}
