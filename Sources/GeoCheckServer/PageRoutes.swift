import Foundation
import GeoCheck
import Hummingbird
import NIOCore

/// The server-rendered pages (swift-mustache templates in Resources/templates) and the static
/// files (Leaflet, CSS, map script) served from the binary's own resources.
struct PageRoutes: Sendable {
    let platform: Platform
    let auth: Authenticator
    let templates: Templates
    let statics: [String: (type: String, data: Data)]
    let results = ResultCache()
    static let loginCookie = "geocheck_login_csrf"

    static func load(platform: Platform, auth: Authenticator) async throws -> PageRoutes {
        guard let bundle = Bundle.module.resourceURL else { throw InputError("geocheck serve: the resources bundle is missing") }
        let nested = bundle.appendingPathComponent("Resources")
        let resources = FileManager.default.fileExists(atPath: nested.appendingPathComponent("templates").path) ? nested : bundle
        let templates = try Templates(directory: resources.appendingPathComponent("templates"))
        var statics: [String: (String, Data)] = [:]
        let types = ["js": "text/javascript", "css": "text/css", "png": "image/png"]
        for name in ["leaflet.js", "leaflet.css", "map.js", "platform.css", "LEAFLET-LICENSE", "images/layers.png",
                     "images/layers-2x.png", "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png"] {
            let data = try Data(contentsOf: resources.appendingPathComponent("static/\(name)"))
            statics[name] = (types[(name as NSString).pathExtension] ?? "text/plain; charset=utf-8", data)
        }
        return PageRoutes(platform: platform, auth: auth, templates: templates, statics: statics)
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/static/**") { request, context in
            let name = context.parameters.getCatchAll().joined(separator: "/")
            guard let file = statics[name] else { return Reply.error(404, "not found") }
            return Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "max-age=3600"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.data)))
        }
        router.get("/login") { request, _ in loginPage(request, error: nil) }
        router.post("/login") { request, _ in try await login(request) }
        router.post("/logout") { request, _ in
            let form = try await FormUpload.read(request, limit: 64 * 1024)
            _ = try await auth.require(request, csrfField: form.parts.text("csrf"))
            if let (token, _) = auth.token(request) { try await platform.store.logout(token: token) }
            return Reply.redirect("/login")
        }
        let pages = ScreenPages(routes: self)
        router.get("/") { request, _ in try await page(request) { user, lang in try await pages.dashboard(user, lang) } }
        router.get("/screen") { request, _ in try await page(request) { user, lang in pages.screenForm(user, lang) } }
        router.post("/screen") { request, _ in try await page(request) { user, lang in try await pages.screen(request, user, lang) } }
        router.get("/screen/results/:id/:file") { request, context in
            guard let user = await auth.optional(request) else { return Reply.error(401, "authentication required") }
            return try await pages.download(user, id: try context.parameters.require("id"), file: try context.parameters.require("file"),
                                            lang: PageStrings.language(request))
        }
        router.get("/mines") { request, _ in try await page(request) { user, lang in try pages.mines(user, lang) } }
        router.get("/mines/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await page(request) { user, lang in try pages.mine(id, user, lang) }
        }
        router.get("/mines/:id/map.geojson") { request, context in
            guard let user = await auth.optional(request) else { return Reply.error(401, "authentication required") }
            do { return try await pages.mineMap(try context.parameters.require("id"), user) } catch let error as PlatformError {
                return Reply.error(error.status, error.message)
            }
        }
        router.post("/mines/:id/check") { request, context in
            let id = try context.parameters.require("id")
            return try await page(request) { user, lang in try await pages.recordCheck(request, id, user, lang) }
        }
        router.get("/reclaim") { request, _ in try await page(request) { user, lang in try await pages.reclaim(request, user, lang) } }
        router.get("/forest") { request, _ in try await page(request) { user, lang in try await pages.forest(request, user, lang) } }
    }

    /// A page for a logged-in user: redirects to the login form without a session; errors
    /// become the page's status with the message.
    func page(_ request: Request, _ body: (Principal, Language) async throws -> Response) async throws -> Response {
        let lang = PageStrings.language(request)
        guard let user = await auth.optional(request) else { return Reply.redirect("/login?lang=\(lang.rawValue)") }
        do {
            return try await body(user, lang)
        } catch let error as PlatformError {
            return render("dashboard", base(user, lang, ["error": error.message]), status: .init(code: error.status))
        }
    }

    func base(_ user: Principal?, _ lang: Language, _ extra: [String: Any] = [:]) -> [String: Any] {
        var values: [String: Any] = ["t": PageStrings.table(lang), "lang": lang.rawValue, "htmlLang": lang.htmlCode,
                                     "tiles": platform.config.tileURL ?? ""]
        if let user {
            // One finished string for "(role, unit)": no optional reaches the template.
            let roleAndUnit = [user.role.rawValue, user.unit].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            values["user"] = ["name": user.name, "roleAndUnit": roleAndUnit, "csrf": user.csrf]
            values["csrf"] = user.csrf
        }
        return values.merging(extra) { $1 }
    }

    func render(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Reply.html((try? templates.render(template, values)) ?? "template \(template) missing", status: status)
    }

    func loginPage(_ request: Request, error: String?) -> Response {
        let lang = PageStrings.language(request)
        let token = randomToken()
        var values = base(nil, lang, ["loginCSRF": token])
        if let error { values["error"] = error }
        var response = render("login", values, status: error == nil ? .ok : .unauthorized)
        response.setCookie(Cookie(name: Self.loginCookie, value: token, path: "/login", httpOnly: true, sameSite: .strict))
        return response
    }

    /// The login form: double-submit CSRF token (cookie and field), then the same check as the API.
    func login(_ request: Request) async throws -> Response {
        let form = try await FormUpload.read(request, limit: 64 * 1024)
        let lang = PageStrings.language(request)
        guard let sent = form.parts.text("csrf"), let cookie = request.cookies[Self.loginCookie]?.value,
              constantTimeEqual(sent, cookie) else {
            return loginPage(request, error: "missing or wrong CSRF token")
        }
        let (user, password) = (form.parts.text("user") ?? "", form.parts.text("password") ?? "")
        guard APIRoutes.throttle.allowed(["user:" + user]) else { return loginPage(request, error: "too many failed logins; wait a minute") }
        guard let (token, _) = try await platform.store.login(name: user, password: password) else {
            APIRoutes.throttle.failed(["user:" + user])
            return loginPage(request, error: PageStrings.table(lang)["login_failed"])
        }
        var response = Reply.redirect("/?lang=\(lang.rawValue)")
        response.setCookie(auth.sessionCookie(token))
        return response
    }
}
