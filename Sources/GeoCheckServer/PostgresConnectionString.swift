import Foundation
import GeoCheck
import NIOSSL
import PostgresNIO

/// A `PG:` connection string (libpq's `key=value` form, as GDAL and the ledger take it) as a
/// postgres-nio configuration. Keys: host (a name, an address or a socket folder), hostaddr,
/// port, dbname, user, password, sslmode; unset ones fall back to PGHOST, PGPORT, PGDATABASE,
/// PGUSER, PGPASSWORD and libpq's defaults, as for the ledger's GDAL connection. GDAL's
/// `active_schema` puts the platform's tables in that schema too (as GDAL does the ledger's);
/// its other keys (schemas, tables) are ignored.
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

    /// The connection string for messages: the password replaced by ***.
    static func redacted(_ text: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: #"(password\s*=\s*)('(\\.|[^'])*'|\S+)"#, options: [.caseInsensitive]) else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1***")
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

    /// Where and as whom to connect, with libpq's defaults.
    struct Endpoint {
        var host: String
        var port: Int
        var user: String
        var password: String?
        var database: String
        var socketPath: String? { host.hasPrefix("/") ? "\(host)/.s.PGSQL.\(port)" : nil }
    }

    var endpoint: Endpoint {
        let port = Int(setting("port", "PGPORT") ?? "5432") ?? 5432
        let user = setting("user", "PGUSER") ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        return Endpoint(host: values["hostaddr"] ?? setting("host", "PGHOST") ?? "/var/run/postgresql", port: port, user: user,
                        password: setting("password", "PGPASSWORD"), database: setting("dbname", "PGDATABASE") ?? user)
    }

    /// Run-time parameters sent when connecting.
    var startupParameters: [(String, String)] {
        [("application_name", "geocheck serve")] + (values["active_schema"].map { [("search_path", "\($0), public")] } ?? [])
    }

    /// The pool's configuration.
    var configuration: PostgresClient.Configuration {
        get throws {
            let e = endpoint, tls = try self.tls  // a wrong sslmode is an error whatever the address
            var configuration: PostgresClient.Configuration
            if let socket = e.socketPath {
                configuration = .init(unixSocketPath: socket, username: e.user, password: e.password, database: e.database)
            } else {
                let mode: PostgresClient.Configuration.TLS = tls.map { $0.required ? .require($0.settings) : .prefer($0.settings) } ?? .disable
                configuration = .init(host: e.host, port: e.port, username: e.user, password: e.password, database: e.database, tls: mode)
            }
            configuration.options.additionalStartupParameters = startupParameters
            return configuration
        }
    }

    /// One connection's configuration (for the first connection, which reports why it fails).
    var connectionConfiguration: PostgresConnection.Configuration {
        get throws {
            let e = endpoint, tls = try self.tls
            var configuration: PostgresConnection.Configuration
            if let socket = e.socketPath {
                configuration = .init(unixSocketPath: socket, username: e.user, password: e.password, database: e.database)
            } else {
                let mode: PostgresConnection.Configuration.TLS = try tls.map { tls in
                    let context = try NIOSSLContext(configuration: tls.settings)
                    return tls.required ? .require(context) : .prefer(context)
                } ?? .disable
                configuration = .init(host: e.host, port: e.port, username: e.user, password: e.password, database: e.database, tls: mode)
            }
            configuration.options.additionalStartupParameters = startupParameters
            return configuration
        }
    }

    /// TLS as `sslmode` says: nil for plain text; else whether a plain connection is refused and
    /// the client settings (certificates verified only for verify-ca/verify-full).
    private var tls: (required: Bool, settings: TLSConfiguration)? {
        get throws {
            var settings = TLSConfiguration.makeClientConfiguration()
            let mode = try sslMode
            if mode == .none { return nil }
            if mode != .verify { settings.certificateVerification = .none }
            return (mode != .prefer, settings)
        }
    }

    enum SSLMode { case none, prefer, require, verify }

    /// libpq's sslmode: disable/allow connect without TLS, prefer tries TLS first, require
    /// encrypts without checking the certificate, verify-ca/verify-full check it.
    var sslMode: SSLMode {
        get throws {
            switch setting("sslmode", "PGSSLMODE") ?? "prefer" {
            case "disable", "allow": return .none
            case "prefer": return .prefer
            case "require": return .require
            case "verify-ca", "verify-full": return .verify
            case let other:
                throw InputError("PG: sslmode '\(other)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
            }
        }
    }
}
