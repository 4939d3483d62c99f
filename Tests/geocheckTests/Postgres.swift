import Foundation
import XCTest

/// A private PostgreSQL + PostGIS server for the ledger tests: initdb on a temporary data
/// directory, loopback only, socket in /tmp, run as the `postgres` OS user when the tests run
/// as root (initdb refuses root). Stopped by `stop()`.
final class PostgresServer {
    static let bin = "/usr/lib/postgresql/15/bin"
    let port: Int
    let dataDirectory: String
    let database = "geocheck_test"
    private let asPostgresUser: Bool

    var connection: String { connection(to: database) }

    /// The `PG:` connection string of `database` on this server.
    func connection(to database: String) -> String { "PG:host=127.0.0.1 port=\(port) dbname=\(database) user=postgres" }

    /// Starts a server, or throws a message saying what is missing.
    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "\(Self.bin)/initdb"),
              FileManager.default.isExecutableFile(atPath: "\(Self.bin)/pg_ctl") else {
            throw PostgresError("PostgreSQL 15 is not installed (\(Self.bin)/initdb); install it with `apt-get install -y postgresql-15-postgis-3` (scripts/setup.sh --tests)")
        }
        port = 55433 + Int(getpid() % 400)
        dataDirectory = "/tmp/geocheck-pg-\(UUID().uuidString)"
        asPostgresUser = getuid() == 0
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        if asPostgresUser {
            try Self.run("/bin/chown", ["postgres:postgres", dataDirectory])
        }
        try runAsServerUser("\(Self.bin)/initdb", ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
        try runAsServerUser("\(Self.bin)/pg_ctl", ["-D", dataDirectory, "-l", "\(dataDirectory)/server.log", "-w", "-t", "60",
                                                   "-o", "-p \(port) -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
        try psql("postgres", "CREATE DATABASE \(database)")
        do {
            try psql(database, "CREATE EXTENSION postgis")
        } catch {
            stop()
            throw PostgresError("PostGIS is not installed for PostgreSQL 15 (`apt-get install -y postgresql-15-postgis-3`): \(error)")
        }
    }

    func stop() {
        _ = try? runAsServerUser("\(Self.bin)/pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    func psql(_ database: String, _ sql: String) throws {
        try Self.run(Self.psql, ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
    }

    /// One value from psql (unaligned, tuples only).
    func value(_ database: String, _ sql: String) throws -> String {
        try Self.run(Self.psql, ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-At", "-c", sql])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new database with PostGIS; its `PG:` connection string.
    func freshDatabase(_ name: String) throws -> String {
        try psql("postgres", "CREATE DATABASE \(name)")
        try psql(name, "CREATE EXTENSION postgis")
        return connection(to: name)
    }

    private static var psql: String {
        FileManager.default.isExecutableFile(atPath: "\(bin)/psql") ? "\(bin)/psql" : "/usr/bin/psql"
    }

    private func runAsServerUser(_ tool: String, _ arguments: [String]) throws {
        if asPostgresUser {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + arguments)
        } else {
            try Self.run(tool, arguments)
        }
    }

    /// Runs a tool with posix_spawn + waitpid (not Foundation's Process: the server that
    /// pg_ctl leaves running confuses its child monitoring), output to a file for messages.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let logPath = "/tmp/geocheck-pg-cmd-\(UUID().uuidString).log"
        defer { unlink(logPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard spawned == 0 else { throw PostgresError("cannot run \(tool): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0, code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw PostgresError("\(tool) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }
}

/// Tests on a private server started once for their class; `server()` fails (does not skip) when
/// it could not start, and `freshDatabase(prefix:)` gives a test a database of its own.
class PostgresTestCase: XCTestCase {
    nonisolated(unsafe) private static var running: PostgresServer?
    nonisolated(unsafe) private static var startError: Error?
    nonisolated(unsafe) private static var databases = 0

    override class func setUp() {
        super.setUp()
        do { running = try PostgresServer() } catch { startError = error }
    }

    override class func tearDown() {
        running?.stop()
        (running, startError) = (nil, nil)
        super.tearDown()
    }

    func server() throws -> PostgresServer {
        guard let server = Self.running else {
            XCTFail("PostgreSQL/PostGIS server did not start: \(Self.startError.map { "\($0)" } ?? "unknown")")
            throw PostgresError("no server")
        }
        return server
    }

    /// A new database with PostGIS, named `prefix_N`: the server, the name, its `PG:` string.
    func freshDatabase(prefix: String) throws -> (server: PostgresServer, name: String, connection: String) {
        let server = try server()
        Self.databases += 1
        let name = "\(prefix)_\(Self.databases)"
        return (server, name, try server.freshDatabase(name))
    }
}

struct PostgresError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
