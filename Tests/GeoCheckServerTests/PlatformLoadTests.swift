import Foundation
import Synchronization
import XCTest

/// Load and crash behaviour of `geocheck serve` on loopback.
final class PlatformLoadTests: XCTestCase {
    /// One client: p95 ≤ 300 ms for one ordinary right. Then ≥ 500 screenings from 8 concurrent
    /// clients: no error, and the resident memory after a second equal run has not grown.
    func testScreeningLatencyAndLoad() throws {
        let server = try PlatformHarness()
        try server.start()
        let token = try server.login("admin")
        let file = try Data(contentsOf: URL(fileURLWithPath: PlatformAPITests.rightFile))
        let (body, type) = PlatformHarness.multipart(files: ["file": ("right.txt", file)])
        let client = server.client
        @Sendable func screenOnce() -> (Double, Bool) {
            let start = Date()
            let reply = try? client.request("POST", "/api/screen", token: token, body: body, contentType: type, timeout: 30)
            let ok = reply?.status == 200 && (reply?.json["rights"] as? [Any])?.count == 1
            return (Date().timeIntervalSince(start) * 1000, ok)
        }
        for _ in 0..<10 { _ = screenOnce() }  // warm-up
        let single = (0..<100).map { _ in screenOnce() }
        let singleFigures = Self.percentiles(single.map(\.0))
        print(String(format: "geocheck serve: 1 client, 100 screenings: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, errors %d",
                     singleFigures.p50, singleFigures.p95, singleFigures.p99, single.filter { !$0.1 }.count))
        XCTAssertEqual(single.filter { !$0.1 }.count, 0)
        XCTAssertLessThanOrEqual(singleFigures.p95, 300)

        func concurrentRun(_ count: Int, clients: Int) -> (latencies: [Double], errors: Int, seconds: Double) {
            let shared = Mutex((latencies: [Double](), errors: 0, next: 0))
            let start = Date()
            DispatchQueue.concurrentPerform(iterations: clients) { _ in
                while true {
                    let mine = shared.withLock { shared in
                        defer { shared.next += 1 }
                        return shared.next
                    }
                    guard mine < count, Date().timeIntervalSince(start) < 240 else { return }
                    let (ms, ok) = screenOnce()
                    shared.withLock { shared in
                        shared.latencies.append(ms)
                        if !ok { shared.errors += 1 }
                    }
                }
            }
            let (latencies, errors) = shared.withLock { ($0.latencies, $0.errors) }
            return (latencies, errors, Date().timeIntervalSince(start))
        }
        let first = concurrentRun(500, clients: 8)
        let rssAfterFirst = server.residentKB() ?? 0
        let second = concurrentRun(500, clients: 8)
        let rssAfterSecond = server.residentKB() ?? 0
        for (name, run) in [("run 1", first), ("run 2", second)] {
            let f = Self.percentiles(run.latencies)
            print(String(format: "geocheck serve: %@: %d screenings, 8 clients, %.1f s (%.0f/s): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, errors %d",
                         name, run.latencies.count, run.seconds, Double(run.latencies.count) / run.seconds, f.p50, f.p95, f.p99, run.errors))
            XCTAssertEqual(run.latencies.count, 500, "bounded in time: all requests answered within 240 s")
            XCTAssertEqual(run.errors, 0)
        }
        print("geocheck serve: RSS after run 1 \(rssAfterFirst) kB, after run 2 \(rssAfterSecond) kB")
        XCTAssertLessThan(rssAfterSecond - rssAfterFirst, 20 * 1024, "resident memory grows between two equal runs")
        XCTAssertEqual(try server.request("GET", "/healthz").status, 200)
    }

    /// kill -9 while a check is being written (the ledger's test pause before its commit), then
    /// a restart: the store opens, the half-written check is absent, a new check records.
    func testKillDuringWriteLeavesTheStoreConsistent() throws {
        let server = try PlatformHarness()
        try server.start(environment: ["GEOCHECK_TEST_PAUSE_BEFORE_COMMIT": "5"])
        let token = try server.login("admin")
        let footprint = try Data(contentsOf: URL(fileURLWithPath: "\(PlatformHarness.samples)/boundary/footprint_2020-04.gpkg"))
        let done = DispatchSemaphore(value: 0)
        let client = server.client
        DispatchQueue.global().async {
            _ = try? client.upload("/api/boundary", token: token, files: ["footprint": ("f.gpkg", footprint)], fields: ["date": "2020-04-30"])
            done.signal()
        }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !(String(decoding: (try? Data(contentsOf: server.log)) ?? Data(), as: UTF8.self)).contains("test pause") {
            Thread.sleep(forTimeInterval: 0.1)
        }
        let killed = try XCTUnwrap(server.process).processIdentifier
        server.stop(signal: SIGKILL)
        done.wait()
        let stale = "\(NSTemporaryDirectory())/geocheck-serve-\(killed)"
        XCTAssertTrue(FileManager.default.fileExists(atPath: stale), "the killed request's upload is still there")
        try server.start()
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "a restart removes the uploads of dead servers")
        let admin = try server.login("admin")  // users and sessions table readable
        let history = try server.request("GET", "/api/mines/C4500002009121120043187/history", token: admin)
        XCTAssertEqual(history.status, 200, history.text)
        XCTAssertEqual((history.json["checks"] as? [Any])?.count, 0, "the killed check left no record")
        let integrity = try CLIProcess.run("/usr/bin/env", ["python3", "-c",
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
            server.directory.appendingPathComponent("store.gpkg").path])
        XCTAssertEqual(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "ok")
        let recorded = try server.upload("/api/boundary", token: admin, files: ["footprint": ("f.gpkg", footprint)], fields: ["date": "2020-04-30"])
        XCTAssertEqual(recorded.status, 200, recorded.text)
        let after = try server.request("GET", "/api/mines/C4500002009121120043187/history", token: admin)
        XCTAssertEqual((after.json["checks"] as? [Any])?.count, 1)
    }

    static func percentiles(_ values: [Double]) -> (p50: Double, p95: Double, p99: Double) {
        let sorted = values.sorted()
        func at(_ q: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1)] }
        return (at(0.50), at(0.95), at(0.99))
    }
}
