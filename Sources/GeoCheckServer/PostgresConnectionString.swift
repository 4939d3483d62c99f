import Foundation
import GeoCheck
import NIOSSL
import PostgresNIO

/// A `PG:` connection string (libpq's `key=value` form, as GDAL and the ledger take it) as a
/// postgres-nio configuration. Keys: host (a name, an address or a socket folder), hostaddr,
/// port, dbname, user, password, sslmode; unset ones fall back to PGHOST, PGPORT, PGDATABASE,
/// PGUSER, PGPASSWORD and libpq's defaults, as for the ledger's GDAL connection. GDAL's own
/// keys (schemas, active_schema, tables) are ignored.
struct PostgresConnectionString {
    var values: [String: String]

    init(_ text: String) throws {
        var rest = Substring(text.dropFirst(3))
        values = [:]
        while true {
            rest = rest.drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "=") else {
                if rest.isEmpty { break }
                throw InputError("\(text): expected key=value in the connection string at '\(rest)'")
            }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            values[key] = try Self.value(&rest, in: text)
        }
    }

    /// One value: up to the next space, or quoted with '…' (\' and \\ escaped).
    static func value(_ rest: inout Substring, in text: String) throws -> String {
        guard rest.first == "'" else {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            defer { rest = rest[end...] }
            return String(rest[..<end])
        }
        var value = "", escaped = false
        var index = rest.index(after: rest.startIndex)
        while index < rest.endIndex {
            let character = rest[index]
            index = rest.index(after: index)
            if escaped { value.append(character); escaped = false } else if character == "\\" { escaped = true } else if character == "'" {
                rest = rest[index...]
                return value
            } else { value.append(character) }
        }
        throw InputError("\(text): unterminated quoted value in the connection string")
    }

    func setting(_ key: String, _ environment: String) -> String? {
        values[key] ?? ProcessInfo.processInfo.environment[environment].flatMap { $0.isEmpty ? nil : $0 }
    }

    var configuration: PostgresClient.Configuration {
        get throws {
            let port = Int(setting("port", "PGPORT") ?? "5432") ?? 5432
            let user = setting("user", "PGUSER") ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
            let password = setting("password", "PGPASSWORD")
            let database = setting("dbname", "PGDATABASE") ?? user
            let host = values["hostaddr"] ?? setting("host", "PGHOST") ?? "/var/run/postgresql"
            if host.hasPrefix("/") {
                return .init(unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database)
            }
            return .init(host: host, port: port, username: user, password: password, database: database, tls: try tls)
        }
    }

    /// libpq's sslmode: disable/allow connect without TLS, prefer tries TLS first, require
    /// encrypts without checking the certificate, verify-ca/verify-full check it.
    var tls: PostgresClient.Configuration.TLS {
        get throws {
            var unverified = TLSConfiguration.makeClientConfiguration()
            unverified.certificateVerification = .none
            switch setting("sslmode", "PGSSLMODE") ?? "prefer" {
            case "disable", "allow": return .disable
            case "prefer": return .prefer(unverified)
            case "require": return .require(unverified)
            case "verify-ca", "verify-full": return .require(.makeClientConfiguration())
            case let other:
                throw InputError("PG: sslmode '\(other)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
            }
        }
    }
}
