import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// A real `geocheck serve` on a loopback port over the bundled samples, with its own store in a
/// temporary directory, and the users admin (hq), gx (unit 广西分公司), pg (unit 平果铝业),
/// view (viewer, no unit).
final class PlatformHarness {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = root.appendingPathComponent("samples").path
    static let passwords = ["admin": "admin-pass-1", "gx": "gx-pass-123", "pg": "pg-pass-123", "view": "view-pass-1", "hq2": "hq2-pass-12"]

    let directory: URL
    let config: String
    var port = 0
    var process: Process?
    var log: URL { directory.appendingPathComponent("serve.log") }
    var base: String { "http://127.0.0.1:\(port)" }

    static var executable: URL {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("geocheck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/geocheck")
    }

    /// A config equal to samples/platform.yaml with absolute paths, a private store (or `store`,
    /// e.g. a `PG:` string) and `extra` lines; with `addUsers` the four test users are (re)added.
    init(extra: String = "", store: String? = nil, addUsers: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("geocheck-platform-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var text = try String(contentsOfFile: "\(Self.samples)/platform.yaml", encoding: .utf8)
        text = Self.absolutePaths(text, base: Self.samples)
        text = text.replacingOccurrences(of: "store: platform-store.gpkg", with: "store: \(store ?? directory.path + "/store.gpkg")")
        text = text.replacingOccurrences(of: "max_upload_mb: 50", with: "max_upload_mb: 1")
        config = directory.appendingPathComponent("platform.yaml").path
        try (text + extra).write(toFile: config, atomically: true, encoding: .utf8)
        guard addUsers else { return }
        try addUser("admin", role: "hq", unit: nil)
        try addUser("gx", role: "unit", unit: "广西分公司")
        try addUser("pg", role: "unit", unit: "平果铝业")
        try addUser("view", role: "viewer", unit: nil)
    }

    /// Every `key: relative/path` of a sample config made absolute.
    static func absolutePaths(_ text: String, base: String) -> String {
        text.components(separatedBy: "\n").map { line -> String in
            for key in ["source", "plan", "done", "occupied", "forest", "permits"] {
                let prefix = line.prefix { $0 == " " || $0 == "-" }
                let rest = line.dropFirst(prefix.count)
                if rest.hasPrefix("\(key): "), !rest.dropFirst(key.count + 2).hasPrefix("/") {
                    return "\(prefix)\(key): \(base)/\(rest.dropFirst(key.count + 2))"
                }
            }
            return line
        }.joined(separator: "\n")
    }

    func addUser(_ name: String, role: String, unit: String?) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["user", "add", name, "--role", role, "--config", config] + (unit.map { ["--unit", $0] } ?? [])
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((Self.passwords[name]! + "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "user add \(name)")
    }

    /// Starts the server on a free port and waits for /healthz.
    func start(environment: [String: String] = [:]) throws {
        for _ in 0..<5 {
            port = Int.random(in: 20_000..<60_000)
            let process = Process()
            process.executableURL = Self.executable
            process.arguments = ["serve", "--config", config, "--port", String(port)]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            handle.seekToEndOfFile()
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            self.process = process
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline && process.isRunning {
                if let reply = try? request("GET", "/healthz", timeout: 1), reply.status == 200 { return }
                Thread.sleep(forTimeInterval: 0.2)
            }
            stop()
        }
        throw XCTSkip("geocheck serve did not start: \(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
    }

    func stop(signal: Int32 = SIGTERM) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        self.process = nil
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One HTTP request, synchronously.
    func request(_ method: String, _ path: String, token: String? = nil, json: Any? = nil, body: Data? = nil,
                 contentType: String? = nil, headers: [String: String] = [:], timeout: TimeInterval = 60) throws -> Reply {
        try client.request(method, path, token: token, json: json, body: body, contentType: contentType, headers: headers, timeout: timeout)
    }

    /// A client of the running server, for other threads (the harness itself is not Sendable).
    var client: Client { Client(base: base) }

    func login(_ user: String) throws -> String {
        let reply = try request("POST", "/api/login", json: ["user": user, "password": Self.passwords[user]!])
        XCTAssertEqual(reply.status, 200, reply.text)
        return try XCTUnwrap(reply.json["token"] as? String)
    }

    /// A multipart/form-data body of files (name → (file name, bytes)) and fields.
    static func multipart(files: [String: (String, Data)], fields: [String: String] = [:]) -> (Data, String) {
        let boundary = "geocheck-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for (name, (filename, data)) in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    func upload(_ path: String, token: String?, files: [String: (String, Data)], fields: [String: String] = [:],
                headers: [String: String] = [:]) throws -> Reply {
        try client.upload(path, token: token, files: files, fields: fields, headers: headers)
    }

    /// Resident memory of the server, in kB (/proc/PID/status VmRSS).
    func residentKB() -> Int? {
        guard let pid = process?.processIdentifier,
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.components(separatedBy: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.components(separatedBy: .whitespaces).compactMap { Int($0) }.first ?? 0)
    }
}

extension PlatformHarness {
    /// HTTP requests to a server at `base`.
    struct Client: Sendable {
        let base: String

        /// One HTTP request, synchronously.
        func request(_ method: String, _ path: String, token: String? = nil, json: Any? = nil, body: Data? = nil,
                     contentType: String? = nil, headers: [String: String] = [:], timeout: TimeInterval = 60) throws -> PlatformHarness.Reply {
            var request = URLRequest(url: URL(string: base + path)!, timeoutInterval: timeout)
            request.httpMethod = method
            request.httpShouldHandleCookies = false
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let json {
                request.httpBody = try JSONSerialization.data(withJSONObject: json)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            if let body { request.httpBody = body }
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
            for (key, value) in headers { request.setValue(value, forHTTPHeaderField: key) }
            final class Box: @unchecked Sendable { var reply: Result<PlatformHarness.Reply, Error>? }
            let box = Box()
            let done = DispatchSemaphore(value: 0)
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error { box.reply = .failure(error) } else {
                    let http = response as? HTTPURLResponse
                    var fields: [String: String] = [:]
                    for (key, value) in http?.allHeaderFields ?? [:] { fields[String(describing: key).lowercased()] = String(describing: value) }
                    box.reply = .success(Reply(status: http?.statusCode ?? 0, headers: fields, body: data ?? Data()))
                }
                done.signal()
            }.resume()
            done.wait()
            return try box.reply!.get()
        }

        func upload(_ path: String, token: String?, files: [String: (String, Data)], fields: [String: String] = [:],
                    headers: [String: String] = [:]) throws -> PlatformHarness.Reply {
            let (body, type) = PlatformHarness.multipart(files: files, fields: fields)
            return try request("POST", path, token: token, body: body, contentType: type, headers: headers)
        }
    }
}
