import Foundation
import GeoCheck
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

/// A user as stored: the bcrypt hash, never the password.
public struct StoredUser: Sendable {
    public var hash: String
    public var role: Role
    public var unit: String?
}

/// One audit row: who, when, what (action and target), result.
public struct AuditRow: Codable, Sendable {
    public var at: String
    public var user: String
    public var action: String
    public var target: String?
    public var result: String
}

/// Where the platform keeps its users (bcrypt hashes only), sessions (random tokens with their
/// CSRF token and expiry) and audit log: tables `gc_users`, `gc_sessions`, `gc_audit` and `gc_footprints` (the footprints of
/// recorded checks, for the mines' maps) beside the
/// ledger's, in the GeoPackage (`GeoPackageStore`) or the PostgreSQL database (`PostgresStore`)
/// that `store:` names. The implementations only read and write rows; the policy (hashing,
/// tokens, expiry) is in the extension below, once for both.
public protocol PlatformStore: Sendable {
    /// The `store:` string, for messages.
    var location: String { get }
    /// Adds or replaces a user and ends its sessions.
    func saveUser(name: String, hash: String, role: Role, unit: String?, created: String) async throws
    func user(name: String) async throws -> StoredUser?
    /// Adds a session after removing those expired before `now`.
    func createSession(token: String, user: String, csrf: String, expires: Double, now: Double) async throws
    /// The user and CSRF token of a session that expires after `now`.
    func session(token: String, now: Double) async throws -> Principal?
    func deleteSession(token: String) async throws
    func appendAudit(_ row: AuditRow) async throws
    /// The newest `limit` rows, newest first.
    func auditLog(limit: Int) async throws -> [AuditRow]
    /// Counts of audit rows by result for an action (the dashboard's "rights screened").
    func auditCounts(action: String) async throws -> [String: Int]
    /// Keeps the footprints of a recorded check (a date recorded again replaces its shapes).
    func saveFootprints(_ footprints: [StoredFootprint]) async throws
    func footprints(mine: String) async throws -> [StoredFootprint]
    /// Releases connections; the store is not used afterwards.
    func close() async
}

/// Opens the store a `store:` string names: `PG:…` PostgreSQL, anything else a GeoPackage path.
public func openPlatformStore(_ store: String) async throws -> any PlatformStore {
    if SourceSpec(store).isPostgres { return try await PostgresStore(connection: store) }
    return try GeoPackageStore(path: store)
}

public let platformSessionSeconds: Double = 12 * 3600

extension PlatformStore {
    /// Adds or replaces a user; the password is stored only as its bcrypt hash.
    public func addUser(name: String, password: String, role: Role, unit: String?) async throws {
        let hash = try await offloop { Bcrypt.hash(password, cost: 10) }
        try await saveUser(name: name, hash: hash, role: role, unit: unit, created: ISO8601DateFormatter().string(from: Date()))
    }

    /// A new session token for a correct user and password, nil otherwise.
    public func login(name: String, password: String) async throws -> (token: String, principal: Principal)? {
        guard let stored = try await user(name: name) else { return nil }
        guard try await offloop({ Bcrypt.verify(password, hash: stored.hash) }) else { return nil }
        let token = randomToken(), csrf = randomToken()
        let now = Date().timeIntervalSince1970
        try await createSession(token: token, user: name, csrf: csrf, expires: now + platformSessionSeconds, now: now)
        return (token, Principal(name: name, role: stored.role, unit: stored.unit, csrf: csrf))
    }

    /// The user of a live session token.
    public func principal(token: String) async throws -> Principal? {
        guard token.count == 64 else { return nil }
        return try await session(token: token, now: Date().timeIntervalSince1970)
    }

    public func logout(token: String) async throws {
        try await deleteSession(token: token)
    }

    public func audit(user: String, action: String, target: String?, result: String) async throws {
        try await appendAudit(AuditRow(at: ISO8601DateFormatter().string(from: Date()), user: user, action: action, target: target, result: result))
    }
}

/// 256 random bits as 64 hex digits (session, CSRF and result tokens).
func randomToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
}
