import Foundation
import GeoCheck
import Logging
import PostgresNIO

/// The platform's tables in the PostgreSQL database of a `PG:` store, beside the ledger's
/// (which the library writes there through GDAL): several servers on one database share the
/// users, sessions, audit log and ledger. Written through postgres-nio's connection pool.
final class PostgresStore: PlatformStore {
    let location: String
    let client: PostgresClient
    let running: Task<Void, Never>
    /// The pool's own messages (a failed reconnection is retried) only from warnings up.
    static let logger: Logger = {
        var logger = Logger(label: "geocheck.store")
        logger.logLevel = .warning
        return logger
    }()

    /// Creates the tables when missing through one first connection (which fails at once, with
    /// the reason, when the database cannot be reached; the pool would keep retrying), then
    /// opens the pool.
    init(connection: String) async throws {
        location = PostgresConnectionString.redacted(connection)
        let settings: PostgresConnectionString
        do { settings = try PostgresConnectionString(connection) } catch let error as InputError {
            throw InputError(error.message.replacingOccurrences(of: connection, with: location))
        }
        do {
            let first = try await PostgresConnection.connect(configuration: try settings.connectionConfiguration, id: 0, logger: Self.logger)
            do {
                try await first.withTransaction(logger: Self.logger) { connection in
                    for statement in Self.schema { try await connection.query(statement, logger: Self.logger) }
                }
            } catch {
                try? await first.close()
                throw error
            }
            try await first.close()
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("\(location): \(Self.describe(error))")
        }
        var configuration = try settings.configuration
        configuration.options.maximumConnections = 8
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.logger)
        self.client = client
        running = Task { await client.run() }
    }

    static let schema: [PostgresQuery] = [
        "SELECT pg_advisory_xact_lock(7244917)",  // servers starting together do not race on CREATE TABLE
        #"CREATE TABLE IF NOT EXISTS gc_users (name text PRIMARY KEY, hash text NOT NULL, role text NOT NULL, unit text, created text NOT NULL)"#,
        #"CREATE TABLE IF NOT EXISTS gc_sessions (token text PRIMARY KEY, "user" text NOT NULL, csrf text NOT NULL, expires double precision NOT NULL)"#,
        #"CREATE TABLE IF NOT EXISTS gc_audit (id bigserial PRIMARY KEY, at text NOT NULL, "user" text NOT NULL, action text NOT NULL, target text, result text NOT NULL)"#,
        "CREATE TABLE IF NOT EXISTS gc_footprints (mine text NOT NULL, check_date text NOT NULL, geometry text NOT NULL, PRIMARY KEY (mine, check_date))",
    ]

    /// A one-line message: the server's own message when it sent one.
    static func describe(_ error: Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return String(describing: underlying) }
            return "\(error.code)"
        }
        return String(describing: error)
    }

    func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw InputError("\(location): \(Self.describe(error))") }
    }

    func saveUser(name: String, hash: String, role: Role, unit: String?, created: String) async throws {
        try await run {
            try await client.withTransaction(logger: Self.logger) { connection in
                try await connection.query("""
                    INSERT INTO gc_users (name, hash, role, unit, created) VALUES (\(name), \(hash), \(role.rawValue), \(unit), \(created))
                    ON CONFLICT (name) DO UPDATE SET hash = EXCLUDED.hash, role = EXCLUDED.role, unit = EXCLUDED.unit, created = EXCLUDED.created
                    """, logger: Self.logger)
                try await connection.query(#"DELETE FROM gc_sessions WHERE "user" = \#(name)"#, logger: Self.logger)
            }
        }
    }

    func user(name: String) async throws -> StoredUser? {
        try await run {
            let rows = try await client.query("SELECT hash, role, unit FROM gc_users WHERE name = \(name)")
            for try await (hash, role, unit) in rows.decode((String, String, String?).self) {
                guard let role = Role(rawValue: role) else { return nil }
                return StoredUser(hash: hash, role: role, unit: unit)
            }
            return nil
        }
    }

    func createSession(token: String, user: String, csrf: String, expires: Double, now: Double) async throws {
        try await run {
            try await client.query("DELETE FROM gc_sessions WHERE expires < \(now)")
            try await client.query(#"INSERT INTO gc_sessions (token, "user", csrf, expires) VALUES (\#(token), \#(user), \#(csrf), \#(expires))"#)
        }
    }

    func session(token: String, now: Double) async throws -> Principal? {
        try await run {
            let rows = try await client.query("""
                SELECT u.name, u.role, u.unit, s.csrf FROM gc_sessions s JOIN gc_users u ON u.name = s."user"
                WHERE s.token = \(token) AND s.expires > \(now)
                """)
            for try await (name, role, unit, csrf) in rows.decode((String, String, String?, String).self) {
                guard let role = Role(rawValue: role) else { return nil }
                return Principal(name: name, role: role, unit: unit, csrf: csrf)
            }
            return nil
        }
    }

    func deleteSession(token: String) async throws {
        try await run { _ = try await client.query("DELETE FROM gc_sessions WHERE token = \(token)") }
    }

    func appendAudit(_ row: AuditRow) async throws {
        try await run {
            _ = try await client.query(#"""
                INSERT INTO gc_audit (at, "user", action, target, result) VALUES (\#(row.at), \#(row.user), \#(row.action), \#(row.target), \#(row.result))
                """#)
        }
    }

    func auditLog(limit: Int) async throws -> [AuditRow] {
        try await run {
            let rows = try await client.query(#"SELECT at, "user", action, target, result FROM gc_audit ORDER BY id DESC LIMIT \#(limit)"#)
            var log: [AuditRow] = []
            for try await (at, user, action, target, result) in rows.decode((String, String, String, String?, String).self) {
                log.append(AuditRow(at: at, user: user, action: action, target: target, result: result))
            }
            return log
        }
    }

    func auditCounts(action: String) async throws -> [String: Int] {
        try await run {
            let rows = try await client.query("SELECT result, COUNT(*) FROM gc_audit WHERE action = \(action) GROUP BY result")
            var counts: [String: Int] = [:]
            for try await (result, count) in rows.decode((String, Int).self) { counts[result] = count }
            return counts
        }
    }

    func saveFootprints(_ footprints: [StoredFootprint]) async throws {
        try await run {
            try await client.withTransaction(logger: Self.logger) { connection in
                for footprint in footprints {
                    try await connection.query("""
                        INSERT INTO gc_footprints (mine, check_date, geometry) VALUES (\(footprint.mine), \(footprint.date), \(footprint.geometry))
                        ON CONFLICT (mine, check_date) DO UPDATE SET geometry = EXCLUDED.geometry
                        """, logger: Self.logger)
                }
            }
        }
    }

    func footprints(mine: String) async throws -> [StoredFootprint] {
        try await run {
            let rows = try await client.query("SELECT check_date, geometry FROM gc_footprints WHERE mine = \(mine) ORDER BY check_date")
            var footprints: [StoredFootprint] = []
            for try await (date, geometry) in rows.decode((String, String).self) {
                footprints.append(StoredFootprint(mine: mine, date: date, geometry: geometry))
            }
            return footprints
        }
    }

    func close() async {
        running.cancel()
        _ = await running.result
    }
}
