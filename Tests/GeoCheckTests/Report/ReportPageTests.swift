import Foundation
import XCTest
@testable import GeoCheck

/// Report pages come from the templates: every text value escaped, tables as one JSON block
/// that no text can close early, the style sheet and script inlined.
final class ReportPageTests: XCTestCase {
    static let hostile = "<script>alert('x')</script> & \"quoted\""

    func page() -> ReportPage {
        var page = ReportPage(title: Self.hostile, strings: Strings(.en), subtitle: Self.hostile)
        var table = Table(name: "rights", columns: [.text("id"), .text("name"), .number("area_mu"), .count("overlaps")])
        table.rows = [[.string("R1"), .string(Self.hostile), .real(1234.5), .integer(2)],
                      [.string("R2</script><script>alert(2)"), .null, .real(0.25), .integer(0)]]
        let element = page.table(table, rowPath: { "rights.\($0)" }, jsonKeys: ["area_mu": "area_mu"])
        let block = ReportBlock(id: "right-0", kind: "right", key: Self.hostile,
                          heading: [.text("1. \(Self.hostile) "), .small(Self.hostile), .badge(Self.hostile, css: "prohibited")],
                          content: [.facts([[.text(Self.hostile), .figure(12.345, json: "rights.0.area_mu", unit: Self.hostile)]])])
        page.section(Self.hostile, id: "summary", [.cards([Card(.figure(3, json: "summary.rights"), Self.hostile)]), .block(block), element])
        return page
    }

    func testEveryTextIsEscaped() throws {
        let html = try page().render(generated: Date(timeIntervalSince1970: 0))
        // Only the page's two scripts; the hostile text never becomes markup.
        XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 2)
        XCTAssertFalse(html.contains("alert('x')</script>"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        XCTAssertTrue(html.contains("data-right=\"&lt;script&gt;"))
        XCTAssertTrue(html.contains("<span class=\"fig\" data-json=\"rights.0.area_mu\" data-value=\"12.345\">12.35</span> &lt;script&gt;"))
    }

    func testTableRowsAreOneJSONBlock() throws {
        let html = try page().render()
        let start = try XCTUnwrap(html.range(of: "<script type=\"application/json\" id=\"geocheck-tables\">"))
        let end = try XCTUnwrap(html[start.upperBound...].range(of: "</script>"))
        let text = String(html[start.upperBound..<end.lowerBound])
        XCTAssertFalse(text.contains("<"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let table = try XCTUnwrap(json["table-1"] as? [String: Any])
        let rows = try XCTUnwrap(table["rows"] as? [[Any]])
        XCTAssertEqual(rows[0][1] as? String, Self.hostile)
        XCTAssertEqual(rows[1][0] as? String, "R2</script><script>alert(2)")
        XCTAssertTrue(rows[1][1] is NSNull)
        XCTAssertEqual((rows[0][2] as? NSNumber)?.doubleValue, 1234.5)
        XCTAssertEqual(table["paths"] as? [String], ["rights.0", "rights.1"])
        let columns = try XCTUnwrap(table["columns"] as? [[String: Any]])
        XCTAssertEqual(columns.map { $0["t"] as? String }, ["text", "text", "num", "int"])
        XCTAssertEqual(columns[2]["k"] as? String, "area_mu")
        XCTAssertTrue(html.contains("<th data-column=\"area_mu\">Area (mu)</th>") || html.contains("<th data-column=\"area_mu\">"))
    }

    func testStyleAndScriptAreInlined() throws {
        let html = try page().render()
        let templates = try Templates.reports()
        XCTAssertTrue(html.contains(try templates.text("report.css")))
        XCTAssertTrue(html.contains(try templates.text("report.js")))
        XCTAssertFalse(html.contains("<link") || html.contains("<script src"))
    }

    func testMissingTemplateIsAnError() throws {
        XCTAssertThrowsError(try Templates.reports().render("no-such-template", [:])) { error in
            XCTAssertTrue("\(error)".contains("no-such-template"), "\(error)")
        }
    }
}
