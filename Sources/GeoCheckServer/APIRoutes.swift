import Foundation
import GeoCheck
import Hummingbird
import NIOCore

/// The JSON API of CONTRACT.md `geocheck serve`.
struct APIRoutes: Sendable {
    let platform: Platform
    let auth: Authenticator
    /// One throttle for the API and the login page.
    static let throttle = LoginThrottle()
    var throttle: LoginThrottle { Self.throttle }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in Reply.json(Data(#"{"status":"ok"}"#.utf8)) }
        let api = router.group("/api").add(middleware: JSONErrorMiddleware())
        api.post("/login") { request, context in try await login(request, context) }
        api.post("/logout") { request, _ in
            if let (token, _) = auth.token(request) { try await platform.store.logout(token: token) }
            return Reply.json(Data(#"{"status":"ok"}"#.utf8))
        }
        api.get("/layers") { request, _ in
            _ = try await auth.require(request)
            return try Reply.json(["layers": platform.catalogue.layers])
        }
        api.post("/screen") { request, context in try await screen(request, context) }
        api.post("/boundary") { request, context in try await boundary(request, context) }
        api.get("/mines") { request, _ in
            let user = try await auth.require(request)
            return try Reply.json(["mines": try platform.visibleMines(user)])
        }
        api.get("/mines/:id/history") { request, context in
            let user = try await auth.require(request)
            let id = try context.parameters.require("id")
            return try Reply.json(MineHistory(mine: id, checks: try platform.history(mine: id, user: user)))
        }
        api.get("/reclaim") { request, _ in
            let user = try await auth.require(request)
            let asOf = try dateParameter(request, "as_of")
            return try Reply.json(try await offloop { try platform.reclaim(asOf: asOf, user: user) })
        }
        api.get("/forest") { request, _ in
            let user = try await auth.require(request)
            let date = try dateParameter(request, "date")
            return try Reply.json(try await offloop { try platform.forest(date: date, user: user) })
        }
        api.get("/audit") { request, _ in
            let user = try await auth.require(request)
            guard user.role == .hq else { throw PlatformError.forbidden }
            return try Reply.json(["audit": try await platform.store.auditLog(limit: 200)])
        }
    }

    struct MineHistory: Encodable {
        var mine: String
        var checks: [LedgerEntry]
    }

    func dateParameter(_ request: Request, _ name: String) throws -> String? {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return nil }
        guard let date = ISODate.parse(text) else { throw PlatformError.badRequest("\(name) '\(text)' is not a date (use YYYY-MM-DD)") }
        return date
    }

    struct Credentials: Decodable {
        var user: String
        var password: String
    }

    func login(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 * 1024)
        guard let credentials = try? JSONDecoder().decode(Credentials.self, from: Data(buffer: body)) else {
            throw PlatformError.badRequest("login: expected JSON {\"user\": …, \"password\": …}")
        }
        let keys = ["user:" + credentials.user]
        guard throttle.allowed(keys) else { return Reply.error(429, "too many failed logins; wait a minute") }
        guard let (token, principal) = try await platform.store.login(name: credentials.user, password: credentials.password) else {
            throttle.failed(keys)
            return Reply.error(401, "wrong user or password")
        }
        var response = try Reply.json(["token": token, "user": principal.name, "role": principal.role.rawValue,
                                       "unit": principal.unit ?? "", "csrf": principal.csrf])
        response.setCookie(auth.sessionCookie(token))
        return response
    }

    func screen(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let user = try await auth.require(request)
        let upload = try await ScreenUpload.read(request, limit: platform.config.maxUploadBytes)
        let outcome: ScreenOutcome
        do { outcome = try await upload.screen(platform, keepGeometries: false) } catch {
            try await platform.store.audit(user: user.name, action: "screen", target: upload.name, result: "error: \(error)")
            throw error
        }
        try await Self.audit(platform, user, outcome.result, upload.name)
        return Reply.json(try JSONOutput.encode(outcome.result))
    }

    func boundary(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let user = try await auth.require(request)
        guard user.mayWrite else { throw PlatformError.forbidden }
        let form = try await FormUpload.read(request, limit: platform.config.maxUploadBytes)
        guard let part = form.parts.parts["footprint"] else { throw PlatformError.badRequest("multipart field 'footprint' missing") }
        let date = try form.parts.text("date").flatMap { text -> String? in
            if text.isEmpty { return nil }
            guard let date = ISODate.parse(text) else { throw PlatformError.badRequest("date '\(text)' is not a date (use YYYY-MM-DD)") }
            return date
        }
        let area = try UploadArea()
        defer { area.close() }
        let name = part.filename ?? "footprint"
        do {
            let path = try area.save(part.data, clientName: part.filename)
            let result = try await platform.recordCheck(footprint: path, clientName: name, date: date, user: user)
            try await record(user, "boundary", result.mines.map(\.id).joined(separator: ","),
                       "outside_mu=\(result.summary.outside.mu)")
            return try Reply.json(result)
        } catch let error as PlatformError {
            throw error
        } catch {
            throw PlatformError.badRequest(clientMessage(error, upload: area, name: name))
        }
    }

    /// One audit row per screened right: who, when, which file and right, the verdict.
    static func audit(_ platform: Platform, _ user: Principal, _ result: ScreenResult, _ name: String) async throws {
        for right in result.rights {
            try await platform.store.audit(user: user.name, action: "screen", target: "\(name): \(right.id)", result: right.verdict.rawValue)
        }
    }

    func record(_ user: Principal, _ action: String, _ target: String, _ result: String) async throws {
        try await platform.store.audit(user: user.name, action: action, target: target, result: result)
    }
}
