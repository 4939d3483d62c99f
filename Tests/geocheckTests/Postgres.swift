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

    var connection: String { "PG:host=127.0.0.1 port=\(port) dbname=\(database) user=postgres" }

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
        let psql = FileManager.default.isExecutableFile(atPath: "\(Self.bin)/psql") ? "\(Self.bin)/psql" : "/usr/bin/psql"
        try Self.run(psql, ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
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

struct PostgresError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
