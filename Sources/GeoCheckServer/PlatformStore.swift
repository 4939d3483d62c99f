import Foundation
import GeoCheck
import GRDB
import HummingbirdBcrypt

/// A platform user's role (CONTRACT.md `geocheck serve`).
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Sees and does everything.
    case hq
    /// Sees and records only its own unit's mines, tasks and sites.
    case unit
    /// Reads what its unit (or, without a unit, everything) may see; changes nothing.
    case viewer
}

/// Who is asking: the user behind a session or token.
public struct Principal: Sendable {
    public var name: String
    public var role: Role
    public var unit: String?
    public var csrf: String

    /// Whether this user may see something of `owner` unit (nil: no unit known).
    public func maySee(unit owner: String?) -> Bool {
        if role == .hq { return true }
        guard let unit else { return role == .viewer }  // a viewer without a unit reads everything
        return owner == unit
    }

    public var mayWrite: Bool { role != .viewer }
}

/// The platform's own tables in the store GeoPackage, beside the ledger's layers: `gc_users`
/// (bcrypt hashes only), `gc_sessions` (random tokens with their CSRF token and expiry) and
/// `gc_audit` (one row per check: who, when, what, result). Written through SQLite (GRDB)
/// in WAL-less rollback-journal mode, as the ledger's GDAL connection expects.
public final class PlatformStore: Sendable {
    public let path: String
    let queue: DatabaseQueue
    static let sessionSeconds: Double = 12 * 3600

    /// Opens the store, creating the GeoPackage (through the ledger) and the tables when missing.
    public init(path: String) throws {
        if SourceSpec(path).isPostgres {
            throw InputError("\(path): the platform keeps users and sessions in a GeoPackage store; PG: is accepted by `geocheck boundary --ledger` only")
        }
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            let context = try GEOSContext()
            try Ledger(store: path).record(command: "init", date: ISODate.today(), source: "geocheck serve", mines: [],
                                           crs: try SpatialReference(epsg: 4490), context: context) { _, _ in [] }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS gc_users (name TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL, unit TEXT, created TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS gc_sessions (token TEXT PRIMARY KEY, user TEXT NOT NULL, csrf TEXT NOT NULL, expires REAL NOT NULL);
                CREATE TABLE IF NOT EXISTS gc_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL,
                    action TEXT NOT NULL, target TEXT, result TEXT NOT NULL);
                """)
        }
    }

    /// Adds or replaces a user; the password is stored only as its bcrypt hash.
    public func addUser(name: String, password: String, role: Role, unit: String?) throws {
        let hash = Bcrypt.hash(password, cost: 10)
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO gc_users (name, hash, role, unit, created) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, hash, role.rawValue, unit, ISO8601DateFormatter().string(from: Date())])
            try db.execute(sql: "DELETE FROM gc_sessions WHERE user = ?", arguments: [name])
        }
    }

    /// A new session token for a correct user and password, nil otherwise.
    public func login(name: String, password: String) throws -> (token: String, principal: Principal)? {
        let row = try queue.read { db in try Row.fetchOne(db, sql: "SELECT hash, role, unit FROM gc_users WHERE name = ?", arguments: [name]) }
        guard let row, let hash: String = row["hash"], Bcrypt.verify(password, hash: hash),
              let role = Role(rawValue: row["role"] ?? "") else { return nil }
        let token = Self.randomToken(), csrf = Self.randomToken()
        try queue.write { db in
            try db.execute(sql: "DELETE FROM gc_sessions WHERE expires < ?", arguments: [Date().timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO gc_sessions (token, user, csrf, expires) VALUES (?, ?, ?, ?)",
                           arguments: [token, name, csrf, Date().timeIntervalSince1970 + Self.sessionSeconds])
        }
        return (token, Principal(name: name, role: role, unit: row["unit"], csrf: csrf))
    }

    /// The user of a live session token.
    public func principal(token: String) throws -> Principal? {
        guard token.count == 64 else { return nil }
        let row = try queue.read { db in
            try Row.fetchOne(db, sql: """
                SELECT u.name, u.role, u.unit, s.csrf FROM gc_sessions s JOIN gc_users u ON u.name = s.user
                WHERE s.token = ? AND s.expires > ?
                """, arguments: [token, Date().timeIntervalSince1970])
        }
        guard let row, let role = Role(rawValue: row["role"] ?? "") else { return nil }
        return Principal(name: row["name"], role: role, unit: row["unit"], csrf: row["csrf"])
    }

    public func logout(token: String) throws {
        _ = try queue.write { db in try db.execute(sql: "DELETE FROM gc_sessions WHERE token = ?", arguments: [token]) }
    }

    /// One audit row: who, when, what (action and target), result.
    public func audit(user: String, action: String, target: String?, result: String) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO gc_audit (at, user, action, target, result) VALUES (?, ?, ?, ?, ?)",
                           arguments: [ISO8601DateFormatter().string(from: Date()), user, action, target, result])
        }
    }

    public struct AuditRow: Codable, Sendable {
        public var at: String
        public var user: String
        public var action: String
        public var target: String?
        public var result: String
    }

    public func auditLog(limit: Int = 200) throws -> [AuditRow] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT at, user, action, target, result FROM gc_audit ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { AuditRow(at: $0["at"], user: $0["user"], action: $0["action"], target: $0["target"], result: $0["result"]) }
        }
    }

    /// Counts of audit rows by result for an action (the dashboard's "rights screened").
    public func auditCounts(action: String) throws -> [String: Int] {
        try queue.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT result, COUNT(*) AS n FROM gc_audit WHERE action = ? GROUP BY result", arguments: [action]) {
                counts[row["result"]] = row["n"]
            }
            return counts
        }
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}
