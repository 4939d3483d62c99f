import Foundation
import Synchronization
import XCTest

/// The ledger behaviours every store must have, run against a GeoPackage file and against a
/// private PostgreSQL + PostGIS server: the second check's new_outside, idempotent re-runs,
/// all-or-nothing runs under kill -9, and concurrent writers.
enum LedgerScenarios {
    static let pit = "C4500002009121120043187"

    static func boundary(_ store: String, month: String, date: String, extra: [String] = [],
                         environment: [String: String] = [:]) throws -> CLIRun {
        try CLI.run(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_\(month).gpkg",
                     "--date", date, "--id-field", "id", "--ledger", store, "--json"] + extra,
                    in: CLI.samples, environment: environment)
    }

    static func history(_ store: String, mine: String? = nil) throws -> [[String: Any]] {
        let run = try CLI.run(["history", "--ledger", store, "--json"] + (mine.map { ["--mine", $0] } ?? []), in: CLI.samples)
        XCTAssertEqual(run.status, 0, "history: \(run.stderr)")
        return (try CLI.json(run)["checks"] as? [[String: Any]]) ?? []
    }

    static func mine(_ run: CLIRun, _ id: String = pit) throws -> [String: Any] {
        let mines = (try CLI.json(run)["mines"] as? [[String: Any]]) ?? []
        return mines.first { $0["id"] as? String == id } ?? [:]
    }

    static func number(_ object: [String: Any], _ key: String) -> Double { (object[key] as? NSNumber)?.doubleValue ?? .nan }

    /// April then May: May's new outside is the 37.50 亩 extension; re-running May is idempotent.
    static func secondCheckAndRerun(_ store: String) throws {
        let april = try boundary(store, month: "2020-04", date: "2020-04-30")
        XCTAssertEqual(april.status, 0, april.stderr)
        XCTAssertEqual(number(try mine(april), "new_outside_mu"), 246.00, accuracy: 0.005, "first check: new = all outside")
        let may = try boundary(store, month: "2020-05", date: "2020-05-31")
        XCTAssertEqual(may.status, 0, may.stderr)
        let pitMay = try mine(may)
        XCTAssertEqual(number(pitMay, "outside_mu"), 283.50, accuracy: 0.005)
        XCTAssertEqual(number(pitMay, "new_outside_mu"), 37.50, accuracy: 0.005)
        XCTAssertEqual(number(pitMay, "new_outside_m2"), 25_000.03, accuracy: 3.3)
        XCTAssertEqual(pitMay["previous_check"] as? String, "2020-04-30")
        XCTAssertEqual(number(try CLI.json(may)["summary"] as? [String: Any] ?? [:], "outside_mu"), 283.50, accuracy: 0.005)
        // Same date again: replaced, not added; new_outside still measured against April.
        let again = try boundary(store, month: "2020-05", date: "2020-05-31")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(number(try mine(again), "new_outside_mu"), 37.50, accuracy: 0.005)
        let checks = try history(store)
        XCTAssertEqual(checks.count, 6, "3 mines × 2 dates")
        let pitHistory = try history(store, mine: pit)
        XCTAssertEqual(pitHistory.compactMap { $0["date"] as? String }, ["2020-04-30", "2020-05-31"])
        for (entry, (outside, new)) in zip(pitHistory, [(246.00, 246.00), (283.50, 37.50)]) {
            XCTAssertEqual(number(entry, "outside_mu"), outside, accuracy: 0.005)
            XCTAssertEqual(number(entry, "new_outside_mu"), new, accuracy: 0.005)
        }
        // Re-running April (an earlier date) leaves May alone.
        XCTAssertEqual(try boundary(store, month: "2020-04", date: "2020-04-30").status, 0)
        XCTAssertEqual(try history(store).count, 6)
    }

    /// A process killed inside its transaction leaves the ledger as it was.
    static func killedRunLeavesLedgerUnchanged(_ store: String) throws {
        XCTAssertEqual(try boundary(store, month: "2020-04", date: "2020-04-30").status, 0)
        let before = try history(store)
        XCTAssertEqual(before.count, 3)
        let victim = try Background(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_2020-05.gpkg",
                                     "--date", "2020-05-31", "--id-field", "id", "--ledger", store],
                                    environment: ["GEOCHECK_TEST_PAUSE_BEFORE_COMMIT": "60"])
        try victim.waitFor("test pause", timeout: 60)
        victim.kill()
        let after = try history(store)
        XCTAssertEqual(after.count, 3, "the killed run left no records")
        XCTAssertEqual(Set(after.compactMap { $0["date"] as? String }), ["2020-04-30"])
        XCTAssertEqual(after.compactMap { $0["run_id"] as? String }, before.compactMap { $0["run_id"] as? String })
        // The ledger still works, and May is measured against April.
        let may = try boundary(store, month: "2020-05", date: "2020-05-31")
        XCTAssertEqual(may.status, 0, may.stderr)
        XCTAssertEqual(number(try mine(may), "new_outside_mu"), 37.50, accuracy: 0.005)
        XCTAssertEqual(try history(store).count, 6)
    }

    /// Two writers at once: the second waits (or retries) while the first holds its transaction
    /// open; both succeed, and the ledger holds both complete runs.
    static func concurrentWriters(_ store: String) throws {
        let first = try Background(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_2020-04.gpkg",
                                    "--date", "2020-04-30", "--id-field", "id", "--ledger", store],
                                   environment: ["GEOCHECK_TEST_PAUSE_BEFORE_COMMIT": "1.5"])
        try first.waitFor("test pause", timeout: 60)
        let second = try boundary(store, month: "2020-05", date: "2020-05-31")
        let firstStatus = first.wait()
        XCTAssertEqual(firstStatus, 0, first.stderrText)
        XCTAssertEqual(second.status, 0, second.stderr)
        // The first committed before the second could take the lock: May sees April.
        XCTAssertEqual(number(try mine(second), "new_outside_mu"), 37.50, accuracy: 0.005)
        XCTAssertEqual(try history(store).count, 6)
        // Three at the same instant (two on the same date): all succeed, nothing duplicated.
        let runs = try [("2020-04", "2020-06-30"), ("2020-05", "2020-07-31"), ("2020-05", "2020-07-31")].map { month, date in
            try Background(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_\(month).gpkg",
                            "--date", date, "--id-field", "id", "--ledger", store])
        }
        for run in runs { XCTAssertEqual(run.wait(), 0, run.stderrText) }
        let checks = try history(store)
        XCTAssertEqual(checks.count, 12, "4 dates × 3 mines")
        XCTAssertEqual(Set(checks.compactMap { $0["date"] as? String }), ["2020-04-30", "2020-05-31", "2020-06-30", "2020-07-31"])
    }
}

/// A `geocheck` process running in the background, its stderr collected.
final class Background {
    let process = Process()
    private let errors = Pipe()
    private let collected = CollectedBytes()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = CLI.executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: CLI.samples)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let collected = self.collected
        errors.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try process.run()
    }

    var stderrText: String { collected.text }

    func waitFor(_ marker: String, timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !stderrText.contains(marker) {
            if !process.isRunning && !stderrText.contains(marker) {
                throw PostgresError("geocheck ended before '\(marker)': \(stderrText)")
            }
            if Date() > deadline { throw PostgresError("timed out waiting for '\(marker)': \(stderrText)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func wait() -> Int32 {
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.05)
        errors.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }
}

/// Bytes appended on a pipe's handler thread and read on the test's.
final class CollectedBytes: Sendable {
    private let data = Mutex(Data())

    func append(_ more: Data) { data.withLock { $0.append(more) } }

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}

final class GeoPackageLedgerTests: XCTestCase {
    var directory = ""
    var store: String { "\(directory)/ledger.gpkg" }

    override func setUpWithError() throws { directory = try CLI.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    func testSecondCheckNewOutsideAndIdempotentRerun() throws { try LedgerScenarios.secondCheckAndRerun(store) }
    func testKilledRunLeavesLedgerAsItWas() throws { try LedgerScenarios.killedRunLeavesLedgerUnchanged(store) }
    func testConcurrentWritersBothSucceed() throws { try LedgerScenarios.concurrentWriters(store) }

    /// A writer killed with kill -9 in the middle of its commit (pages already written to the
    /// database, the rollback journal still there: a "hot" journal). Made here by SQLite itself
    /// (Python's sqlite3 with a one-page cache, so the changes spill into the file) — then
    /// `history` must roll the journal back and show the ledger as it was, and the next run works.
    func testHistoryRecoversAHotJournalAfterKillDuringCommit() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { throw XCTSkip("needs /usr/bin/python3") }
        XCTAssertEqual(try LedgerScenarios.boundary(store, month: "2020-04", date: "2020-04-30").status, 0)
        let before = try LedgerScenarios.history(store)
        let script = """
        import os, sqlite3, sys
        db = sqlite3.connect(sys.argv[1], isolation_level=None)
        db.execute("PRAGMA cache_size=1")
        db.execute("BEGIN IMMEDIATE")
        db.execute("UPDATE geocheck_checks SET mine = 'killed-' || mine")
        db.execute("CREATE TABLE filler(x)")
        for i in range(300):
            db.execute("INSERT INTO filler VALUES (?)", (os.urandom(3000),))
        os.kill(os.getpid(), 9)
        """
        let killed = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, store])
        XCTAssertEqual(killed.status, 9, "killed by SIGKILL: \(killed.stderr)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: store + "-journal"), "a hot journal is left")
        let after = try LedgerScenarios.history(store)
        XCTAssertEqual(after.compactMap { $0["mine"] as? String }, before.compactMap { $0["mine"] as? String })
        XCTAssertEqual(after.compactMap { $0["run_id"] as? String }, before.compactMap { $0["run_id"] as? String })
        XCTAssertFalse(FileManager.default.fileExists(atPath: store + "-journal"), "rolled back")
        let may = try LedgerScenarios.boundary(store, month: "2020-05", date: "2020-05-31")
        XCTAssertEqual(may.status, 0, may.stderr)
        XCTAssertEqual(LedgerScenarios.number(try LedgerScenarios.mine(may), "new_outside_mu"), 37.50, accuracy: 0.005)
    }

    /// A run killed while creating the ledger leaves `.ledger.gpkg.PID.N.gpkg` (and a journal);
    /// the next run removes those of processes that are gone, and keeps a live process's.
    func testStaleCreationFilesAreRemoved() throws {
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let stale = ["\(directory)/.ledger.gpkg.\(gone.processIdentifier).12345.gpkg", "\(directory)/.ledger.gpkg.\(gone.processIdentifier).12345.gpkg-journal"]
        let live = "\(directory)/.ledger.gpkg.1.777.gpkg"  // pid 1 always exists
        for path in stale + [live] { XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        XCTAssertEqual(try LedgerScenarios.boundary(store, month: "2020-04", date: "2020-04-30").status, 0)
        for path in stale { XCTAssertFalse(FileManager.default.fileExists(atPath: path), path) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
        try FileManager.default.removeItem(atPath: live)
        for path in stale { XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("x".utf8))) }
        XCTAssertEqual(try LedgerScenarios.history(store).count, 3)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["ledger.gpkg"])
    }

    func testHistoryCSVAndMissingLedger() throws {
        XCTAssertEqual(try LedgerScenarios.boundary(store, month: "2020-04", date: "2020-04-30").status, 0)
        let csv = "\(directory)/history.csv"
        let run = try CLI.run(["history", "--ledger", store, "--mine", LedgerScenarios.pit, "--csv", csv])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("246.00"), run.stdout)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: csv)), as: UTF8.self)
        XCTAssertTrue(text.contains("2020-04-30"))
        let missing = try CLI.run(["history", "--ledger", "\(directory)/nothing.gpkg"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("nothing.gpkg"), missing.stderr)
    }
}

/// The same scenarios against PostGIS. The server is started by the test (PostgreSQL 15 +
/// PostGIS must be installed: scripts/setup.sh --tests); each test gets a fresh database.
final class PostGISLedgerTests: PostgresTestCase {
    /// A fresh database with PostGIS; fails (does not skip) when the server could not start.
    func freshStore() throws -> String { try freshDatabase(prefix: "ledger").connection }

    func testSecondCheckNewOutsideAndIdempotentRerun() throws { try LedgerScenarios.secondCheckAndRerun(try freshStore()) }
    func testKilledRunLeavesLedgerAsItWas() throws { try LedgerScenarios.killedRunLeavesLedgerUnchanged(try freshStore()) }
    func testConcurrentWritersBothSucceed() throws { try LedgerScenarios.concurrentWriters(try freshStore()) }
}
