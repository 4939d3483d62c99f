import Foundation
import XCTest

/// Renders every report of `geocheck demo` in headless Chromium (Debian's `chromium`, from
/// `scripts/setup.sh --tests`): no console errors, every map non-empty, a map for every
/// flagged right, and every figure in the HTML equal to the JSON's.
final class ReportBrowserTests: XCTestCase {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The demo, run once for the class, in both languages.
    static let demo: [String: Result<String, Error>] = {
        var runs: [String: Result<String, Error>] = [:]
        for lang in ["en", "zh"] {
            runs[lang] = Result {
                let out = try CLI.temporaryDirectory() + "/geocheck-demo"
                let run = try CLI.run(["demo", "--out", out, "--lang", lang], in: CLI.repositoryRoot.path)
                guard run.status == 0 else { throw NSError(domain: "demo", code: Int(run.status), userInfo: [NSLocalizedDescriptionKey: run.stderr]) }
                return out
            }
        }
        return runs
    }()

    func demoDirectory(_ lang: String) throws -> String { try XCTUnwrap(Self.demo[lang]).get() }

    func testDemoPrintsEachReportAndSummary() throws {
        let out = try CLI.temporaryDirectory() + "/d"
        let run = try CLI.run(["demo", "--out", out, "--lang", "en"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("\(out)/screen/report.html"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\(out)/coords/report.html"), run.stdout)
        XCTAssertTrue(run.stdout.contains("30 rights: 18 overlapping"), run.stdout)
        for file in ["index.html", "screen/screen.json", "screen/screen.xlsx", "screen/screen.gpkg", "screen/screen.csv",
                     "coords/coords.json", "coords/coords.xlsx", "coords/coords.gpkg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(file)"), file)
        }
    }

    func testScreenReportInBrowser() throws {
        for lang in ["en", "zh"] {
            let directory = try demoDirectory(lang) + "/screen"
            let html = try String(contentsOfFile: "\(directory)/report.html", encoding: .utf8)
            let json = try jsonObject("\(directory)/screen.json")
            try checkInBrowser("\(directory)/report.html", minimumMaps: 2)
            try checkFigures(html, json: json, minimum: 200)
            // A map for every flagged right, with its outline and at least one zone.
            let rights = try XCTUnwrap(json["rights"] as? [[String: Any]])
            var flagged = 0
            for (index, right) in rights.enumerated() where (right["verdict"] as? String) != "clear" {
                flagged += 1
                let block = try section(html, id: "right-\(index)")
                XCTAssertTrue(block.contains("<svg class=\"map\""), "right \(index) has no map")
                XCTAssertTrue(block.contains("class=\"right\""), "right \(index): no outline")
                XCTAssertTrue(block.contains("class=\"zone-"), "right \(index): no constraint zone")
                if !((right["overlaps"] as? [Any]) ?? []).isEmpty {
                    XCTAssertTrue(block.contains("class=\"overlap\""), "right \(index): no overlap drawn")
                }
            }
            XCTAssertEqual(flagged, 22)
            XCTAssertTrue(html.contains("id=\"overview-map\""))
            XCTAssertFalse(html.contains("<script src"))
            XCTAssertFalse(html.contains("http://") && html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
            XCTAssertTrue(html.contains(lang == "zh" ? "lang=\"zh-CN\"" : "lang=\"en\""))
            if lang == "zh" { XCTAssertTrue(html.contains("缩减后保留范围拐点坐标")) }
        }
    }

    func testCoordsReportInBrowser() throws {
        let directory = try demoDirectory("en") + "/coords"
        let html = try String(contentsOfFile: "\(directory)/report.html", encoding: .utf8)
        try checkInBrowser("\(directory)/report.html", minimumMaps: 1)
        try checkFigures(html, json: try jsonObject("\(directory)/coords.json"), minimum: 10)
        XCTAssertTrue(html.contains("data-block=\"1\"") && html.contains("data-block=\"2\""))
    }

    // MARK: - Helpers

    /// Screenshot (kept beside the report as report.png) and DOM after scripts: no console
    /// messages, the page's own map check ran and found no empty map.
    func checkInBrowser(_ path: String, minimumMaps: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let chromium = Self.chromium else {
            throw XCTSkip("chromium not installed (scripts/setup.sh --tests)")
        }
        let url = URL(fileURLWithPath: path).absoluteString
        let shot = (path as NSString).deletingPathExtension + ".png"
        let screenshot = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                            "--screenshot=\(shot)", "--window-size=1100,2000", url])
        XCTAssertTrue(FileManager.default.fileExists(atPath: shot), "no screenshot: \(screenshot.stderr.suffix(500))", file: file, line: line)
        let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        XCTAssertGreaterThan(size ?? 0, 20_000, "screenshot looks blank", file: file, line: line)
        let dom = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                                     "--dump-dom", url])
        let console = dom.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        XCTAssertEqual(console, [], "console messages in \(path)", file: file, line: line)
        XCTAssertTrue(dom.stdout.contains("data-ready=\"1\""), "the page's script did not run", file: file, line: line)
        XCTAssertTrue(dom.stdout.contains("data-empty-maps=\"0\""), "an empty map in \(path)", file: file, line: line)
        let maps = dom.stdout.range(of: #"data-maps="(\d+)""#, options: .regularExpression).map {
            Int(dom.stdout[$0].filter(\.isNumber)) ?? 0
        } ?? 0
        XCTAssertGreaterThanOrEqual(maps, minimumMaps, file: file, line: line)
    }

    /// Every `data-json="path"` in the page resolves in the JSON to the same number
    /// (`data-value`) or the same text, and the shown text matches the value to its rounding.
    func checkFigures(_ html: String, json: [String: Any], minimum: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let pattern = try NSRegularExpression(pattern: #"data-json="([^"]+)"(?: data-value="([^"]*)")?>([^<]*)<"#)
        let matches = pattern.matches(in: html, range: NSRange(html.startIndex..., in: html))
        XCTAssertGreaterThanOrEqual(matches.count, minimum, "too few figures carry data-json", file: file, line: line)
        for match in matches {
            let path = String(html[Range(match.range(at: 1), in: html)!])
            let shown = String(html[Range(match.range(at: 3), in: html)!])
            guard let expected = resolve(path, in: json) else {
                XCTFail("\(path) is not in the JSON", file: file, line: line)
                continue
            }
            if let range = Range(match.range(at: 2), in: html) {
                let value = Double(html[range])
                let number = (expected as? NSNumber)?.doubleValue
                XCTAssertNotNil(number, "\(path): JSON value is not a number", file: file, line: line)
                XCTAssertEqual(value ?? .nan, number ?? .infinity, accuracy: 1e-9, path, file: file, line: line)
                let text = shown.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
                if let displayed = Double(text), let number {
                    let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
                    XCTAssertEqual(displayed, number, accuracy: 0.5 * pow(10, -Double(decimals)) + 1e-9, "\(path) shows \(shown)",
                                   file: file, line: line)
                }
            } else {
                XCTAssertEqual(shown, "\(expected)", path, file: file, line: line)
            }
        }
    }

    func resolve(_ path: String, in json: Any) -> Any? {
        var current: Any? = json
        for key in path.split(separator: ".") {
            if let array = current as? [Any] {
                if key == "length" { current = array.count; continue }
                guard let index = Int(key), array.indices.contains(index) else { return nil }
                current = array[index]
            } else if let object = current as? [String: Any] {
                current = object[String(key)]
            } else {
                return nil
            }
        }
        return current
    }

    func section(_ html: String, id: String) throws -> String {
        let start = try XCTUnwrap(html.range(of: "id=\"\(id)\""), "no element \(id)")
        let rest = html[start.upperBound...]
        let end = rest.range(of: "<div class=\"mapblock\"")?.lowerBound ?? rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    func jsonObject(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    func run(_ executable: String, _ arguments: [String]) throws -> CLIRun {
        try CLI.runProcess(URL(fileURLWithPath: executable), arguments, environment: ["HOME": NSTemporaryDirectory()])
    }
}

import GeoCheck

/// The spreadsheets hold the JSON's numbers, one sheet per table.
final class ReportSpreadsheetTests: XCTestCase {
    func testScreenXLSXSheetsEqualTheJSON() throws {
        let out = try CLI.temporaryDirectory()
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--out", out], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/screen.json"))) as? [String: Any])
        let rights = try XCTUnwrap(json["rights"] as? [[String: Any]])
        let rows = try sheet("\(out)/screen.xlsx", "rights")
        XCTAssertEqual(rows.count, rights.count)
        for (row, right) in zip(rows, rights) {
            XCTAssertEqual(row["id"], right["id"] as? String)
            for key in ["area_m2", "area_mu", "area_ha", "retained_area_mu"] {
                XCTAssertEqual(Double(row[key] ?? "") ?? .nan, (right[key] as? NSNumber)?.doubleValue ?? .infinity, accuracy: 1e-6, key)
            }
        }
        let overlaps = try sheet("\(out)/screen.xlsx", "overlaps")
        let expected = rights.flatMap { ($0["overlaps"] as? [[String: Any]]) ?? [] }
        XCTAssertEqual(overlaps.count, expected.count)
        XCTAssertEqual(overlaps.count, 33)  // samples/README.md: 33 (right, feature) overlaps
        for (row, overlap) in zip(overlaps, expected) {
            XCTAssertEqual(row["feature_id"], overlap["feature_id"] as? String)
            XCTAssertEqual(Double(row["area_mu"] ?? "") ?? .nan, (overlap["area_mu"] as? NSNumber)?.doubleValue ?? .infinity, accuracy: 1e-6)
        }
    }

    /// The rows of one sheet as column → text.
    func sheet(_ path: String, _ name: String) throws -> [[String: String]] {
        let source = try SourceLayer.open(SourceSpec("\(path)|layername=\(name)"), assumeCRS: "EPSG:4490")
        let fields = source.layer.fields.map(\.name)
        var rows: [[String: String]] = []
        try source.layer.forEachFeature { record in
            var row: [String: String] = [:]
            for (field, value) in zip(fields, record.values) { row[field] = value.description }
            rows.append(row)
        }
        return rows
    }
}
