import Foundation
import XCTest

/// `geocheck serve` with `store: PG:…`: users, sessions, the audit log, the kept footprints and
/// the ledger all in one PostgreSQL/PostGIS database (a private server the test starts, as the
/// ledger's PostGIS tests do); each test gets a fresh database.
final class PlatformPostgresTests: PostgresTestCase {
    static let mine = "C4500002009121120043187"

    /// A fresh database with PostGIS; fails (does not skip) when the server could not start.
    func freshStore() throws -> (PostgresServer, String, String) {
        try freshDatabase(prefix: "platform")
    }

    /// One value from psql (unaligned, tuples only).
    func query(_ server: PostgresServer, _ database: String, _ sql: String) throws -> String {
        try server.value(database, sql)
    }

    func footprint(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: "\(PlatformHarness.samples)/boundary/\(name)"))
    }

    func testServeWithPostgresStoreKeepsUsersSessionsAuditAcrossRestart() throws {
        let (pg, database, store) = try freshStore()
        let server = try PlatformHarness(store: store)
        try server.start()
        let token = try server.login("admin")
        let screened = try server.upload("/api/screen", token: token,
                                         files: ["file": ("r.txt", try Data(contentsOf: URL(fileURLWithPath: PlatformAPITests.rightFile)))])
        XCTAssertEqual(screened.status, 200, screened.text)
        XCTAssertEqual((screened.json["rights"] as? [[String: Any]])?.first?["verdict"] as? String, "prohibited")
        let check = try server.upload("/api/boundary", token: token, files: ["footprint": ("f.gpkg", try footprint("footprint_2020-04.gpkg"))],
                                      fields: ["date": "2020-04-30"])
        XCTAssertEqual(check.status, 200, check.text)

        // The rows are in PostgreSQL: four users with bcrypt hashes, the audit rows, the ledger, the footprint.
        XCTAssertEqual(try query(pg, database, "SELECT count(*) FROM gc_users"), "4")
        XCTAssertEqual(try query(pg, database, "SELECT count(*) FROM gc_users WHERE hash LIKE '$2_$10$%'"), "4")
        XCTAssertEqual(try query(pg, database, "SELECT count(*) FROM gc_users WHERE hash LIKE '%admin-pass-1%'"), "0")
        XCTAssertEqual(try query(pg, database, #"SELECT "user" || ' ' || result FROM gc_audit WHERE action = 'screen'"#), "admin prohibited")
        XCTAssertEqual(try query(pg, database, #"SELECT count(*) FROM gc_audit WHERE action = 'boundary' AND "user" = 'admin'"#), "1")
        XCTAssertEqual(try query(pg, database, "SELECT count(*) FROM geocheck_checks WHERE command = 'boundary' AND mine = '\(Self.mine)'"), "1")
        XCTAssertEqual(try query(pg, database, "SELECT check_date FROM gc_footprints WHERE mine = '\(Self.mine)'"), "2020-04-30")
        XCTAssertEqual(try query(pg, database, "SELECT count(*) FROM gc_sessions"), "1")
        // The outside part in the PostGIS ledger, measured by PostGIS on the ellipsoid (an
        // independent method), against the check's TD/T 1055 area.
        let checked = try XCTUnwrap((check.json["mines"] as? [[String: Any]])?.first { $0["id"] as? String == Self.mine })
        let outside = try XCTUnwrap(checked["outside_m2"] as? Double)
        let geodesic = try XCTUnwrap(Double(try query(pg, database, """
            SELECT sum(ST_Area(ST_Transform(wkb_geometry, 4326)::geography)) FROM geocheck_outside WHERE mine = '\(Self.mine)'
            """)))
        XCTAssertGreaterThan(outside, 100_000)
        XCTAssertEqual(geodesic, outside, accuracy: outside * 1e-3)

        // A restarted server knows the session, the users and the check.
        server.stop()
        try server.start()
        let mines = try server.request("GET", "/api/mines", token: token)
        XCTAssertEqual(mines.status, 200, "the session survives a restart")
        let history = try server.request("GET", "/api/mines/\(Self.mine)/history", token: token)
        XCTAssertEqual((history.json["checks"] as? [[String: Any]])?.map { $0["date"] as? String }, ["2020-04-30"])
        XCTAssertEqual(try server.request("POST", "/api/login", json: ["user": "gx", "password": PlatformHarness.passwords["gx"]!]).status, 200)
        let audit = try XCTUnwrap(try server.request("GET", "/api/audit", token: token).json["audit"] as? [[String: Any]])
        XCTAssertEqual(Set(audit.compactMap { $0["action"] as? String }), ["screen", "boundary"])
        // The mine's map over the PG store: licence, footprint, outside parts from the PostGIS ledger.
        let map = try server.request("GET", "/mines/\(Self.mine)/map.geojson", token: token)
        let kinds = ((map.json["features"] as? [[String: Any]]) ?? []).compactMap { ($0["properties"] as? [String: Any])?["kind"] as? String }
        XCTAssertEqual(kinds.filter { $0 == "licence" }.count, 2, "the licence's two blocks")
        XCTAssertEqual(kinds.filter { $0 == "footprint" }.count, 1, map.text)
        XCTAssertGreaterThan(kinds.filter { $0 == "outside" }.count, 0, map.text)
        // The dashboard counts the screened rights from the PG audit log.
        let dashboard = try server.request("GET", "/?lang=en", token: token)
        XCTAssertEqual(dashboard.status, 200)
        XCTAssertTrue(dashboard.text.contains("<span class=\"v-prohibited\">prohibited 1</span>"), dashboard.text)
        // Logging out ends the session in the database.
        XCTAssertEqual(try server.request("POST", "/api/logout", token: token).status, 200)
        XCTAssertEqual(try server.request("GET", "/api/mines", token: token).status, 401)
    }

    func testTwoServersOnOneStoreShareUsersSessionsAndLedger() throws {
        let (pg, database, store) = try freshStore()
        let first = try PlatformHarness(store: store)
        let second = try PlatformHarness(store: store, addUsers: false)
        try first.start()
        try second.start()
        let token = try first.login("admin")
        XCTAssertEqual(try second.request("GET", "/api/mines", token: token).status, 200, "a session of one server is valid on the other")
        // A user added with the second server's config logs in on the first.
        try second.addUser("hq2", role: "hq", unit: nil)
        let hq2 = try first.login("hq2")
        // A check recorded on one server is in the other's history and dashboard figures.
        let check = try first.upload("/api/boundary", token: hq2, files: ["footprint": ("f.gpkg", try footprint("footprint_2020-04.gpkg"))],
                                     fields: ["date": "2020-04-30"])
        XCTAssertEqual(check.status, 200, check.text)
        let checked = try XCTUnwrap((check.json["mines"] as? [[String: Any]])?.first { $0["id"] as? String == Self.mine })
        let outside = try XCTUnwrap(checked["outside_mu"] as? Double)
        let rows = try XCTUnwrap(try second.request("GET", "/api/mines", token: token).json["mines"] as? [[String: Any]])
        let row = try XCTUnwrap(rows.first { $0["id"] as? String == Self.mine })
        XCTAssertEqual(row["last_check"] as? String, "2020-04-30")
        XCTAssertEqual(try XCTUnwrap(row["outside_mu"] as? Double), outside, accuracy: 0.005)  // JSON rounds to 0.01 亩
        let second2 = try second.upload("/api/boundary", token: token, files: ["footprint": ("g.gpkg", try footprint("footprint_2020-05.gpkg"))],
                                        fields: ["date": "2020-05-31"])
        XCTAssertEqual(second2.status, 200, second2.text)
        let history = try first.request("GET", "/api/mines/\(Self.mine)/history", token: hq2)
        XCTAssertEqual((history.json["checks"] as? [[String: Any]])?.map { $0["date"] as? String }, ["2020-04-30", "2020-05-31"])
        XCTAssertEqual(try query(pg, database, "SELECT count(*) FROM gc_audit WHERE action = 'boundary'"), "2")
        XCTAssertEqual(try query(pg, database, "SELECT string_agg(check_date, ',' ORDER BY check_date) FROM gc_footprints WHERE mine = '\(Self.mine)'"), "2020-04-30,2020-05-31")
    }

    /// A store that cannot be reached stops `serve` and `user add` at once with one line naming it.
    func testUnreachableStoreIsOneLineError() throws {
        let store = "PG:host=127.0.0.1 port=1 dbname=nowhere user=postgres password=s3cret"
        let harness = try PlatformHarness(store: store, addUsers: false)
        let binary = PlatformHarness.executable.path
        let serve = try CLIProcess.run(binary, ["serve", "--config", harness.config, "--port", "1"])
        XCTAssertEqual(serve.status, 1)
        let lines = serve.stderr.split(separator: "\n").filter { $0.hasPrefix("geocheck: error:") }
        XCTAssertEqual(lines.count, 1, serve.stderr)
        XCTAssertTrue(lines.first?.contains("PG:host=127.0.0.1 port=1 dbname=nowhere user=postgres password=***") ?? false, serve.stderr)
        XCTAssertFalse(serve.stderr.contains("s3cret"), "the password is not shown")
        XCTAssertTrue(lines.first?.contains("refused") ?? false, serve.stderr)
        let bad = try PlatformHarness(store: "PG:dbname=x sslmode=sometimes", addUsers: false)
        let add = try CLIProcess.run("/bin/sh", ["-c", "echo password-123 | '\(binary)' user add a --role hq --config '\(bad.config)'"])
        XCTAssertEqual(add.status, 1)
        XCTAssertTrue(add.stderr.contains("sslmode 'sometimes'"), add.stderr)
    }

    /// GDAL's `active_schema` key puts the platform's tables in that schema, beside the ledger's.
    func testActiveSchemaHoldsThePlatformTables() throws {
        let (pg, database, store) = try freshStore()
        try pg.psql(database, "CREATE SCHEMA platform")
        let harness = try PlatformHarness(store: store + " active_schema=platform", addUsers: false)
        try harness.addUser("hq2", role: "hq", unit: nil)
        XCTAssertEqual(try query(pg, database, "SELECT count(*) FROM platform.gc_users WHERE name = 'hq2'"), "1")
        XCTAssertEqual(try query(pg, database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'gc_%'"), "0")
    }
}
