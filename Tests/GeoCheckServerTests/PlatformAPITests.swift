import Foundation
import XCTest

/// The JSON API of `geocheck serve` against the real binary on a loopback port.
final class PlatformAPITests: XCTestCase {
    static let rightFile = "\(PlatformHarness.samples)/platform/right_C4100002007101120012276.txt"
    var server: PlatformHarness!

    override func setUpWithError() throws {
        server = try PlatformHarness()
        try server.start()
    }

    override func tearDown() {
        server = nil
    }

    func testEveryCallButHealthAndLoginNeedsCredentials() throws {
        XCTAssertEqual(try server.request("GET", "/healthz").json["status"] as? String, "ok")
        for (method, path) in [("GET", "/api/layers"), ("POST", "/api/screen"), ("POST", "/api/boundary"), ("GET", "/api/mines"),
                               ("GET", "/api/mines/C4500002009121120043187/history"), ("GET", "/api/reclaim"), ("GET", "/api/forest"),
                               ("GET", "/api/audit")] {
            XCTAssertEqual(try server.request(method, path).status, 401, path)
            XCTAssertEqual(try server.request(method, path, token: String(repeating: "0", count: 64)).status, 401, path)
        }
        let page = try server.request("GET", "/")  // the redirect is followed
        XCTAssertTrue(page.text.contains("login-form"), "pages redirect to the login form")
        XCTAssertFalse(page.text.contains("card-mines"))
    }

    func testLoginGivesTokenAndStrictHttpOnlyCookie() throws {
        let wrong = try server.request("POST", "/api/login", json: ["user": "admin", "password": "nope-nope"])
        XCTAssertEqual(wrong.status, 401)
        XCTAssertEqual(try server.request("POST", "/api/login", json: ["user": "nobody", "password": "x"]).status, 401)
        let reply = try server.request("POST", "/api/login", json: ["user": "admin", "password": PlatformHarness.passwords["admin"]!])
        XCTAssertEqual(reply.status, 200)
        let cookie = try XCTUnwrap(reply.headers["set-cookie"])
        XCTAssertTrue(cookie.contains("HttpOnly"), cookie)
        XCTAssertTrue(cookie.contains("SameSite=Strict"), cookie)
        let token = try XCTUnwrap(reply.json["token"] as? String)
        XCTAssertTrue(cookie.contains(token))
        XCTAssertEqual(try server.request("GET", "/api/layers", token: token).status, 200)
        // The cookie authenticates reads; a write with the cookie but no CSRF token is refused.
        let session = ["Cookie": "geocheck_session=\(token)"]
        XCTAssertEqual(try server.request("GET", "/api/mines", headers: session).status, 200)
        let forged = try server.upload("/api/screen", token: nil, files: ["file": ("r.txt", try Data(contentsOf: URL(fileURLWithPath: Self.rightFile)))],
                                       headers: session)
        XCTAssertEqual(forged.status, 403, forged.text)
        let csrf = try XCTUnwrap(reply.json["csrf"] as? String)
        let allowed = try server.upload("/api/screen", token: nil, files: ["file": ("r.txt", try Data(contentsOf: URL(fileURLWithPath: Self.rightFile)))],
                                        headers: session.merging(["X-CSRF-Token": csrf]) { $1 })
        XCTAssertEqual(allowed.status, 200, allowed.text)
    }

    func testPasswordsAreStoredAsBcryptHashesOnly() throws {
        let dump = try Data(contentsOf: server.directory.appendingPathComponent("store.gpkg"))
        for password in PlatformHarness.passwords.values {
            XCTAssertNil(dump.range(of: Data(password.utf8)), "plain password in the store")
        }
        XCTAssertNotNil(dump.range(of: Data("$2b$".utf8)) ?? dump.range(of: Data("$2a$".utf8)), "bcrypt hash in the store")
    }

    func testLoginIsRateLimited() throws {
        var statuses: [Int] = []
        for _ in 0..<7 {
            statuses.append(try server.request("POST", "/api/login", json: ["user": "gx", "password": "wrong-guess"]).status)
        }
        XCTAssertEqual(Array(statuses.prefix(5)), [401, 401, 401, 401, 401])
        XCTAssertEqual(statuses.last, 429)
        let right = try server.request("POST", "/api/login", json: ["user": "gx", "password": PlatformHarness.passwords["gx"]!])
        XCTAssertEqual(right.status, 429, "still throttled within the minute, even with the right password")
    }

    func testUnitsAndRolesOnEveryReadAndWrite() throws {
        let gx = try server.login("gx"), pg = try server.login("pg"), view = try server.login("view"), admin = try server.login("admin")
        let own = "C4500002009121120043187", other = "C4500002010111120071263"
        let mines = try XCTUnwrap(try server.request("GET", "/api/mines", token: gx).json["mines"] as? [[String: Any]])
        XCTAssertEqual(Set(mines.compactMap { $0["id"] as? String }), [own, "C4500002008061120019954"])
        XCTAssertEqual(try server.request("GET", "/api/mines/\(own)/history", token: gx).status, 200)
        XCTAssertEqual(try server.request("GET", "/api/mines/\(other)/history", token: gx).status, 404)
        XCTAssertEqual(try server.request("GET", "/api/mines/\(own)/history", token: pg).status, 404)
        XCTAssertEqual(try server.request("GET", "/api/mines/\(other)/history", token: pg).status, 200)
        XCTAssertEqual(try server.request("GET", "/api/mines/\(other)/history", token: view).status, 200, "a viewer without unit reads everything")
        XCTAssertEqual(try server.request("GET", "/api/audit", token: gx).status, 403)
        XCTAssertEqual(try server.request("GET", "/api/audit", token: admin).status, 200)
        // A footprint holding another unit's mine: 404 for a unit user; a viewer may not record (403).
        let footprint = try Data(contentsOf: URL(fileURLWithPath: "\(PlatformHarness.samples)/boundary/footprint_2020-04.gpkg"))
        XCTAssertEqual(try server.upload("/api/boundary", token: gx, files: ["footprint": ("f.gpkg", footprint)]).status, 404)
        XCTAssertEqual(try server.upload("/api/boundary", token: view, files: ["footprint": ("f.gpkg", footprint)]).status, 403)
        let recorded = try server.upload("/api/boundary", token: admin, files: ["footprint": ("f.gpkg", footprint)], fields: ["date": "2020-04-30"])
        XCTAssertEqual(recorded.status, 200, recorded.text)
        XCTAssertEqual(recorded.json["footprint_source"] as? String, "f.gpkg", "no server path in answers")
        let history = try server.request("GET", "/api/mines/\(own)/history", token: gx).json["checks"] as? [[String: Any]]
        XCTAssertEqual(history?.count, 1)
        // Reclamation and forest are limited to the user's unit.
        let tasks = try server.request("GET", "/api/reclaim?as_of=2020-09-30", token: gx).json["tasks"] as? [Any]
        XCTAssertEqual(tasks?.count, 0)
        let allTasks = try server.request("GET", "/api/reclaim?as_of=2020-09-30", token: admin).json["tasks"] as? [Any]
        XCTAssertEqual(allTasks?.count, 4)
        XCTAssertEqual(try server.request("GET", "/api/reclaim?as_of=yesterday", token: admin).status, 400)
    }

    /// The API's screening equals `geocheck screen --json` of the same file against the same
    /// layers (the CLI reads them per run; the server once, at start).
    func testScreenAnswersAsTheCLI() throws {
        let token = try server.login("admin")
        let reply = try server.upload("/api/screen", token: token, files: ["file": ("right.txt", try Data(contentsOf: URL(fileURLWithPath: Self.rightFile)))])
        XCTAssertEqual(reply.status, 200, reply.text)
        let cli = try cliScreen(Self.rightFile)
        let served = try XCTUnwrap((reply.json["rights"] as? [[String: Any]])?.first)
        let expected = try XCTUnwrap((cli["rights"] as? [[String: Any]])?.first)
        XCTAssertEqual(served["verdict"] as? String, "prohibited")
        for key in ["id", "verdict"] { XCTAssertEqual(served[key] as? String, expected[key] as? String, key) }
        for key in ["area_m2", "retained_area_m2", "overlap_area_m2"] {
            XCTAssertEqual(try XCTUnwrap(served[key] as? Double), try XCTUnwrap(expected[key] as? Double), accuracy: 1e-6, key)
        }
        func overlaps(_ right: [String: Any]) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: ((right["overlaps"] as? [[String: Any]]) ?? []).map {
                ("\($0["layer"]!)/\($0["feature_id"]!)", $0["area_m2"] as? Double ?? -1)
            })
        }
        XCTAssertEqual(overlaps(served), overlaps(expected))
        XCTAssertEqual(overlaps(served).count, 3)
        // Independent figure: the corner file's own area (coords), the right's area in the answer.
        let coords = try runCLI(["coords", Self.rightFile, "--json"])
        let block = try XCTUnwrap((coords["blocks"] as? [[String: Any]])?.first)
        XCTAssertEqual(try XCTUnwrap(served["area_m2"] as? Double), try XCTUnwrap(block["area_m2"] as? Double), accuracy: 0.01)
        // The same text pasted as JSON.
        let text = try String(contentsOfFile: Self.rightFile, encoding: .utf8)
        let pasted = try server.request("POST", "/api/screen", token: token, json: ["coordinates": text])
        XCTAssertEqual(pasted.status, 200)
        XCTAssertEqual(((pasted.json["rights"] as? [[String: Any]])?.first?["verdict"]) as? String, "prohibited")
        // One audit row per check: who, what, result.
        let audit = try XCTUnwrap(try server.request("GET", "/api/audit", token: token).json["audit"] as? [[String: Any]])
        XCTAssertTrue(audit.contains { $0["user"] as? String == "admin" && $0["action"] as? String == "screen"
            && ($0["target"] as? String)?.contains("right.txt") == true && $0["result"] as? String == "prohibited" && $0["at"] is String })
    }

    func testBadUploadsAnswer400Or413AndTheServerKeepsServing() throws {
        let token = try server.login("admin")
        // Over the configured limit (1 MB in the test config).
        let big = try server.upload("/api/screen", token: token, files: ["file": ("big.txt", Data(count: 2 << 20))])
        XCTAssertEqual(big.status, 413)
        // A corner file with a bad line: the CLI's one-line message, naming the client's file and line.
        let bad = try server.upload("/api/screen", token: token, files: ["file": ("bad.txt", Data("J1,1,2\nJ2,abc,3\n".utf8))])
        XCTAssertEqual(bad.status, 400)
        let message = try XCTUnwrap(bad.json["error"] as? String)
        XCTAssertTrue(message.hasPrefix("bad.txt:"), message)
        XCTAssertFalse(message.contains("\n") || message.contains("/tmp"), message)
        // Strings GDAL would open as paths or URLs are only ever text in a server-named file.
        for smuggled in ["/vsicurl/http://127.0.0.1:1/x.shp", "PG:dbname=postgres", "/etc/passwd", "/vsizip/x.zip/../../etc/passwd"] {
            let reply = try server.request("POST", "/api/screen", token: token, json: ["coordinates": smuggled])
            XCTAssertEqual(reply.status, 400, smuggled)
            let named = try server.upload("/api/screen", token: token, files: ["file": (smuggled, Data("x".utf8))])
            XCTAssertEqual(named.status, 400, smuggled)
        }
        // Zips: traversal, a bomb, too many entries, not a zip.
        XCTAssertEqual(try server.upload("/api/screen", token: token, files: ["file": ("t.zip", try zip(["../evil.txt": Data("1".utf8)]))]).status, 400)
        XCTAssertEqual(try server.upload("/api/screen", token: token, files: ["file": ("b.zip", try zip(["a.txt": Data(count: 300 << 20)]))]).status, 400)
        XCTAssertEqual(try server.upload("/api/screen", token: token, files: ["file": ("n.zip", Data("PK\u{3}\u{4}garbage".utf8))]).status, 400)
        XCTAssertEqual(try server.request("POST", "/api/screen", token: token, body: Data("{".utf8), contentType: "application/json").status, 400)
        XCTAssertEqual(try server.request("GET", "/healthz").status, 200)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/evil.txt"))
        let uploads = "\(NSTemporaryDirectory())/geocheck-serve-\(try XCTUnwrap(server.process).processIdentifier)"
        XCTAssertTrue(FileManager.default.fileExists(atPath: uploads))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: uploads), [], "upload directories are removed after each request")
    }

    func testZippedShapefileIsScreened() throws {
        let token = try server.login("admin")
        let folder = server.directory.appendingPathComponent("shp")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let run = try CLIProcess.run(PlatformHarness.executable.path, ["coords", Self.rightFile, "--to", folder.appendingPathComponent("right.shp").path])
        XCTAssertEqual(run.status, 0, run.stderr)
        var entries: [String: Data] = [:]
        for ext in ["shp", "shx", "dbf", "prj"] {
            entries["right/right.\(ext)"] = try Data(contentsOf: folder.appendingPathComponent("right.\(ext)"))
        }
        let reply = try server.upload("/api/screen", token: token, files: ["file": ("right.zip", try zip(entries))])
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(((reply.json["rights"] as? [[String: Any]])?.first?["verdict"]) as? String, "prohibited")
    }

    /// GBK and UTF-8 corner files of every form, and a GeoJSON, screen like the CLI reads them.
    func testEveryUploadFormIsRead() throws {
        let token = try server.login("admin")
        let fixtures = PlatformHarness.root.appendingPathComponent("Tests/GeoCheckTests/Fixtures/corner")
        for name in ["submission_gbk.txt", "plain_gbk.txt", "exchange_gbk.txt", "exchange_utf8.txt"] {
            let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
            let reply = try server.upload("/api/screen", token: token, files: ["file": (name, data)])
            XCTAssertEqual(reply.status, 200, "\(name): \(reply.text)")
            let cli = try cliScreen(fixtures.appendingPathComponent(name).path)
            let served = (reply.json["rights"] as? [[String: Any]]) ?? []
            let expected = (cli["rights"] as? [[String: Any]]) ?? []
            XCTAssertEqual(served.map { $0["verdict"] as? String }, expected.map { $0["verdict"] as? String }, name)
            XCTAssertEqual(served.map { $0["area_m2"] as? Double }, expected.map { $0["area_m2"] as? Double }, name)
        }
        let geojson = server.directory.appendingPathComponent("right.geojson").path
        XCTAssertEqual(try CLIProcess.run(PlatformHarness.executable.path, ["coords", Self.rightFile, "--to", geojson]).status, 0)
        let reply = try server.upload("/api/screen", token: token, files: ["file": ("right.geojson", try Data(contentsOf: URL(fileURLWithPath: geojson)))])
        XCTAssertEqual(((reply.json["rights"] as? [[String: Any]])?.first?["verdict"]) as? String, "prohibited", reply.text)
        // A failed screening is audited too.
        _ = try server.upload("/api/screen", token: token, files: ["file": ("broken.txt", Data("J1,x,y\n".utf8))])
        let audit = try XCTUnwrap(try server.request("GET", "/api/audit", token: token).json["audit"] as? [[String: Any]])
        XCTAssertTrue(audit.contains { $0["target"] as? String == "broken.txt" && ($0["result"] as? String)?.hasPrefix("error") == true })
    }

    // MARK: Helpers

    func cliScreen(_ rights: String) throws -> [String: Any] {
        let screen = try String(contentsOfFile: "\(PlatformHarness.samples)/screen.yaml", encoding: .utf8)
        let layers = screen.components(separatedBy: "\nlayers:")[1]
        let config = "rights:\n  source: \(rights)\nlayers:" + PlatformHarness.absolutePaths(layers, base: PlatformHarness.samples)
        let path = server.directory.appendingPathComponent("screen.yaml").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return try runCLI(["screen", "--config", path, "--json"])
    }

    func runCLI(_ arguments: [String]) throws -> [String: Any] {
        let run = try CLIProcess.run(PlatformHarness.executable.path, arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    /// A zip made with Python's zipfile (an independent writer), entries as given.
    func zip(_ entries: [String: Data]) throws -> Data {
        let folder = server.directory.appendingPathComponent("zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var script = "import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\n"
        for (index, (name, data)) in entries.enumerated() {
            let file = folder.appendingPathComponent("e\(index)")
            try data.write(to: file)
            script += "z.write(\(pythonString(file.path)), \(pythonString(name)))\n"
        }
        script += "z.close()\n"
        let output = folder.appendingPathComponent("out.zip")
        let run = try CLIProcess.run("/usr/bin/env", ["python3", "-c", script, output.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        return try Data(contentsOf: output)
    }

    func pythonString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

/// Runs a program and collects its status and output.
enum CLIProcess {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        final class Box: @unchecked Sendable { var data = Data() }
        let errData = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData.data, as: UTF8.self))
    }
}
