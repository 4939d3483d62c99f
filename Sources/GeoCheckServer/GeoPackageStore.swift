import Foundation
import GeoCheck
import GRDB

/// The platform's tables in the store GeoPackage, beside the ledger's layers, written through
/// SQLite (GRDB) in rollback-journal mode, as the ledger's GDAL connection expects.
final class GeoPackageStore: PlatformStore {
    let location: String
    let queue: DatabaseQueue

    /// Opens the store, creating the GeoPackage (through the ledger) and the tables when missing.
    init(path: String) throws {
        location = path
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
                CREATE TABLE IF NOT EXISTS gc_footprints (mine TEXT NOT NULL, check_date TEXT NOT NULL, geometry TEXT NOT NULL,
                    PRIMARY KEY (mine, check_date));
                """)
        }
    }

    func saveUser(name: String, hash: String, role: Role, unit: String?, created: String) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO gc_users (name, hash, role, unit, created) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, hash, role.rawValue, unit, created])
            try db.execute(sql: "DELETE FROM gc_sessions WHERE user = ?", arguments: [name])
        }
    }

    func user(name: String) throws -> StoredUser? {
        let row = try queue.read { db in try Row.fetchOne(db, sql: "SELECT hash, role, unit FROM gc_users WHERE name = ?", arguments: [name]) }
        guard let row, let hash: String = row["hash"], let role = Role(rawValue: row["role"] ?? "") else { return nil }
        return StoredUser(hash: hash, role: role, unit: row["unit"])
    }

    func createSession(token: String, user: String, csrf: String, expires: Double, now: Double) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM gc_sessions WHERE expires < ?", arguments: [now])
            try db.execute(sql: "INSERT INTO gc_sessions (token, user, csrf, expires) VALUES (?, ?, ?, ?)",
                           arguments: [token, user, csrf, expires])
        }
    }

    func session(token: String, now: Double) throws -> Principal? {
        let row = try queue.read { db in
            try Row.fetchOne(db, sql: """
                SELECT u.name, u.role, u.unit, s.csrf FROM gc_sessions s JOIN gc_users u ON u.name = s.user
                WHERE s.token = ? AND s.expires > ?
                """, arguments: [token, now])
        }
        guard let row, let role = Role(rawValue: row["role"] ?? "") else { return nil }
        return Principal(name: row["name"], role: role, unit: row["unit"], csrf: row["csrf"])
    }

    func deleteSession(token: String) throws {
        _ = try queue.write { db in try db.execute(sql: "DELETE FROM gc_sessions WHERE token = ?", arguments: [token]) }
    }

    func appendAudit(_ row: AuditRow) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO gc_audit (at, user, action, target, result) VALUES (?, ?, ?, ?, ?)",
                           arguments: [row.at, row.user, row.action, row.target, row.result])
        }
    }

    func auditLog(limit: Int) throws -> [AuditRow] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT at, user, action, target, result FROM gc_audit ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { AuditRow(at: $0["at"], user: $0["user"], action: $0["action"], target: $0["target"], result: $0["result"]) }
        }
    }

    func auditCounts(action: String) throws -> [String: Int] {
        try queue.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT result, COUNT(*) AS n FROM gc_audit WHERE action = ? GROUP BY result", arguments: [action]) {
                counts[row["result"]] = row["n"]
            }
            return counts
        }
    }

    func saveFootprints(_ footprints: [StoredFootprint]) throws {
        try queue.write { db in
            for footprint in footprints {
                try db.execute(sql: "INSERT OR REPLACE INTO gc_footprints (mine, check_date, geometry) VALUES (?, ?, ?)",
                               arguments: [footprint.mine, footprint.date, footprint.geometry])
            }
        }
    }

    func footprints(mine: String) throws -> [StoredFootprint] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT check_date, geometry FROM gc_footprints WHERE mine = ? ORDER BY check_date", arguments: [mine])
                .map { StoredFootprint(mine: mine, date: $0["check_date"], geometry: $0["geometry"]) }
        }
    }

    func close() {}
}
