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

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw PostgresError("\(tool) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(text)")
        }
        return text
    }
}

struct PostgresError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
