import Foundation
import XCTest

/// What the rendered pages carry: no Swift value descriptions (`nil`, `Optional(`), the
/// configured tile URL in the maps' tile layer, and without one no external address at all.
final class PlatformPagesTests: XCTestCase {
    static let tiles = "https://tiles.example.test/{z}/{x}/{y}.png"
    static let mine = "C4500002009121120043187"

    /// Every page of every user (hq without a unit, unit users, a viewer without a unit), the
    /// screening result page and a mine page with a recorded check.
    func renderedPages(_ server: PlatformHarness) throws -> [String: String] {
        let admin = try server.login("admin")
        let check = try server.upload("/api/boundary", token: admin,
                                      files: ["footprint": ("f.gpkg", try Data(contentsOf: URL(fileURLWithPath: "\(PlatformHarness.samples)/boundary/footprint_2020-04.gpkg")))],
                                      fields: ["date": "2020-04-30"])
        XCTAssertEqual(check.status, 200, check.text)
        var pages: [String: String] = [:]
        for user in ["admin", "gx", "view"] {
            let token = try server.login(user)
            for lang in ["zh", "en"] {
                for path in ["/", "/screen", "/mines", "/mines/\(Self.mine)", "/reclaim?as_of=2020-09-30", "/forest?date=2020-06-30"] {
                    let separator = path.contains("?") ? "&" : "?"
                    let reply = try server.request("GET", path + separator + "lang=\(lang)", token: token)
                    XCTAssertEqual(reply.status, 200, "\(user) \(path)")
                    pages["\(user) \(lang) \(path)"] = reply.text
                }
            }
            let screened = try server.upload("/screen", token: token,
                                             files: ["file": ("r.txt", try Data(contentsOf: URL(fileURLWithPath: PlatformAPITests.rightFile)))])
            XCTAssertEqual(screened.status, 200, "\(user) POST /screen")
            XCTAssertTrue(screened.text.contains("id=\"result\""), "\(user) screening result page")
            pages["\(user) POST /screen"] = screened.text
        }
        pages["login"] = try server.request("GET", "/login").text
        return pages
    }

    func testNoSwiftValueDescriptionsInAnyPage() throws {
        let server = try PlatformHarness()
        try server.start()
        let pages = try renderedPages(server)
        let leak = try NSRegularExpression(pattern: #"\bnil\b|Optional\("#)
        for (name, html) in pages {
            let match = leak.firstMatch(in: html, range: NSRange(html.startIndex..., in: html))
            XCTAssertNil(match, "\(name): \(match.map { (html as NSString).substring(with: NSRange(location: max(0, $0.range.location - 60), length: 120)) } ?? "")")
        }
        // The header of a user without a unit names the user and role only.
        XCTAssertTrue(pages["admin zh /"]?.contains("<span>admin (hq)</span>") ?? false)
        XCTAssertTrue(pages["gx zh /"]?.contains("<span>gx (unit, 广西分公司)</span>") ?? false)
    }

    func testTileURLReachesTheMapsAndNoExternalAddressWithout() throws {
        let external = try NSRegularExpression(pattern: #"(src|href|data-tiles)\s*=\s*"(https?:)?//|url\(\s*['"]?(https?:)?//|@import"#)
        let plain = try PlatformHarness()
        try plain.start()
        for (name, html) in try renderedPages(plain) {
            XCTAssertNil(external.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)), "\(name) refers to an external address")
            XCTAssertFalse(html.contains("data-tiles=\"http"), name)
        }
        for file in ["map.js", "platform.css", "leaflet.css"] {
            let text = try plain.request("GET", "/static/\(file)").text
            XCTAssertNil(external.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), file)
        }
        plain.stop()

        let tiled = try PlatformHarness(extra: "tile_url: \(Self.tiles)\n")
        try tiled.start()
        let pages = try renderedPages(tiled)
        for name in pages.keys where name.hasSuffix("POST /screen") || name.contains("/mines/\(Self.mine)") {
            XCTAssertTrue(pages[name]?.contains("data-tiles=\"\(Self.tiles)\"") ?? false, "\(name) carries the tile URL")
        }
        // map.js hands the attribute to Leaflet's tile layer.
        let script = try tiled.request("GET", "/static/map.js").text
        XCTAssertTrue(script.contains("getAttribute('data-tiles')") && script.contains("L.tileLayer(tiles"))
    }
}
