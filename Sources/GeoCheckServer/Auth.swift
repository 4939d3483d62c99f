import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Who is calling: `Authorization: Bearer TOKEN` or the session cookie. Cookie-authenticated
/// requests that change something must carry the session's CSRF token (header
/// `X-CSRF-Token` or form field `csrf`); Bearer requests cannot be forged by a browser.
struct Authenticator: Sendable {
    static let cookieName = "geocheck_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    let store: any PlatformStore

    func token(_ request: Request) -> (token: String, fromCookie: Bool)? {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            return (String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces), false)
        }
        return request.cookies[Self.cookieName].map { ($0.value, true) }
    }

    /// The caller, or 401.
    func require(_ request: Request, csrfField: String? = nil) async throws -> Principal {
        guard let (token, fromCookie) = token(request), let principal = try await store.principal(token: token) else {
            throw PlatformError.unauthorized
        }
        if fromCookie && request.method != .get && request.method != .head {
            let sent = request.headers[Self.csrfHeader] ?? csrfField
            guard let sent, constantTimeEqual(sent, principal.csrf) else {
                throw PlatformError(status: 403, message: "missing or wrong CSRF token")
            }
        }
        return principal
    }

    /// The caller of a page, or nil (the page redirects to the login form).
    func optional(_ request: Request) async -> Principal? {
        guard let (token, _) = token(request) else { return nil }
        return try? await store.principal(token: token)
    }

    func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: Self.cookieName, value: token, maxAge: Int(platformSessionSeconds), path: "/", httpOnly: true, sameSite: .strict)
    }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}

/// Login attempts per user name and per client address: at most `limit` failures in
/// `window` seconds, then 429 until the window has passed.
final class LoginThrottle: Sendable {
    private let failures = Mutex<[String: [Date]]>([:])
    let limit = 5
    let window: TimeInterval = 60

    func allowed(_ keys: [String]) -> Bool {
        let now = Date()
        return failures.withLock { failures in
            keys.allSatisfy { key in
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
                failures[key] = recent
                return recent.count < limit
            }
        }
    }

    func failed(_ keys: [String]) {
        failures.withLock { failures in
            for key in keys { failures[key, default: []].append(Date()) }
        }
    }
}
