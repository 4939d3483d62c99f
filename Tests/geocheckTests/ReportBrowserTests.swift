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
        // The source document's figures: 246 亩 then 283.50 (new 37.50); 2.07 ha approved, 38.98 ha
        // occupied, 166.00 亩 over-occupied with an expired permit; 1820 / 638.50 / 1181.50 亩.
        for report in ["boundary", "forest", "reclaim"] {
            XCTAssertTrue(run.stdout.contains("\(out)/\(report)/report.html"), run.stdout)
        }
        for figure in ["1 outside the licence: 283.50 亩", "new 37.50 亩; 246.00 亩 on 2020-04-30",
                       "2020-04-30 246.00 亩 (new 246.00), 2020-05-31 283.50 亩 (new 37.50)",
                       "approved 2.07 ha, occupies 38.98 ha of forest land",
                       "166.00 亩 over-occupied (expired permit", "planned 1820.00 / done 638.50 / remaining 1181.50 亩"] {
            XCTAssertTrue(run.stdout.contains(figure), "missing '\(figure)' in\n\(run.stdout)")
        }
        for file in ["index.html", "screen/screen.json", "screen/screen.xlsx", "screen/screen.gpkg", "screen/screen.csv",
                     "coords/coords.json", "coords/coords.xlsx", "coords/coords.gpkg",
                     "boundary/boundary.json", "boundary/boundary.xlsx", "boundary/boundary.gpkg", "boundary/ledger.gpkg",
                     "boundary/history.csv", "boundary/history.json", "forest/forest.json", "forest/forest.xlsx",
                     "forest/forest.gpkg", "reclaim/reclaim.json", "reclaim/reclaim.xlsx", "reclaim/reclaim.gpkg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(file)"), file)
        }
    }

    func testScreenReportInBrowser() throws {
        for lang in ["en", "zh"] {
            let (html, json) = try renderedReport("screen", language: lang, minimumMaps: 2, minimumFigures: 200)
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

    /// `--report-maps 3`: maps for the three worst flagged rights (prohibited first, then the
    /// largest overlap), the others named in a note and kept in the table.
    func testReportMapsLimitsThePerRightMaps() throws {
        let out = try CLI.temporaryDirectory()
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--out", out, "--lang", "en", "--report-maps", "3"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        let json = try jsonObject("\(out)/screen.json")
        let rights = try XCTUnwrap(json["rights"] as? [[String: Any]])
        let rank = ["prohibited": 3, "restricted": 2, "near": 1, "clear": 0]
        // The right's overlap area (the union of its overlaps, as the JSON reports it).
        func overlap(_ right: [String: Any]) -> Double { (right["overlap_area_m2"] as? NSNumber)?.doubleValue ?? 0 }
        let flagged = rights.indices.filter { (rights[$0]["verdict"] as? String) != "clear" }
        let worst = flagged.sorted { a, b in
            let ra = rank[rights[a]["verdict"] as? String ?? ""] ?? 0, rb = rank[rights[b]["verdict"] as? String ?? ""] ?? 0
            if ra != rb { return ra > rb }
            return overlap(rights[a]) != overlap(rights[b]) ? overlap(rights[a]) > overlap(rights[b]) : a < b
        }
        let blocks = try NSRegularExpression(pattern: #"<div class="mapblock" id="right-(\d+)""#)
        let shown = blocks.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).flatMap { Int(html[$0]) }
        }
        XCTAssertEqual(shown, Array(worst.prefix(3)))
        XCTAssertTrue(html.contains("\(flagged.count - 3) more rights to act on have no map of their own"))
        let refused = try CLI.run(["screen", "--config", "screen.yaml", "--report-maps", "-1"], in: CLI.samples)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("--report-maps"), refused.stderr)
    }

    func testCoordsReportInBrowser() throws {
        let (html, _) = try renderedReport("coords", language: "en", minimumMaps: 1, minimumFigures: 10)
        XCTAssertTrue(html.contains("data-block=\"1\"") && html.contains("data-block=\"2\""))
    }

    func testBoundaryReportInBrowser() throws {
        for lang in ["en", "zh"] {
            let (html, json) = try renderedReport("boundary", language: lang, minimumMaps: 2, minimumFigures: 60)
            let mines = try XCTUnwrap(json["mines"] as? [[String: Any]])
            var flagged = 0
            for (index, mine) in mines.enumerated() {
                let outside = (mine["overstep"] as? Bool) ?? false, elevation = (mine["elevation_overstep"] as? Bool) ?? false
                guard outside || elevation else {
                    XCTAssertFalse(html.contains("id=\"mine-\(index)\""), "mine \(index) is clear but has a section")
                    continue
                }
                flagged += 1
                let block = try section(html, id: "mine-\(index)")
                XCTAssertTrue(block.contains("<svg class=\"map\""), "mine \(index) has no map")
                XCTAssertTrue(block.contains("class=\"licence\"") && block.contains("class=\"footprint\""), "mine \(index): no licence/footprint")
                if outside {
                    XCTAssertTrue(block.contains("class=\"outside\""), "mine \(index): outside area not drawn")
                    // The history chart: one bar pair per recorded check, the last one this check's figures.
                    XCTAssertTrue(block.contains("id=\"history-\(index)\""), "mine \(index): no history chart")
                    let bars = try NSRegularExpression(pattern: #"<rect class="bar"[^>]*data-value="([^"]+)""#)
                    let values = bars.matches(in: block, range: NSRange(block.startIndex..., in: block)).compactMap {
                        Range($0.range(at: 1), in: block).flatMap { Double(block[$0]) }
                    }
                    // Series by series: outside on 2020-04-30 and 2020-05-31, then new outside.
                    XCTAssertEqual(values.count, 4)
                    for (value, expected) in zip(values, [246, 283.5, 246, 37.5]) { XCTAssertEqual(value, expected, accuracy: 0.01) }
                    XCTAssertEqual(values.count > 1 ? values[1] : 0, (mine["outside_mu"] as? NSNumber)?.doubleValue ?? -1, accuracy: 1e-6)
                    XCTAssertEqual(values.last ?? 0, (mine["new_outside_mu"] as? NSNumber)?.doubleValue ?? -1, accuracy: 1e-6)
                }
                if elevation { XCTAssertTrue(block.contains("class=\"elevation-patch\""), "mine \(index): 超层 patch not drawn") }
            }
            XCTAssertEqual(flagged, 2)
            XCTAssertTrue(html.contains(lang == "zh" ? "越界开采核查" : "Overstep check"))
        }
    }

    func testForestReportInBrowser() throws {
        for lang in ["en", "zh"] {
            let (html, json) = try renderedReport("forest", language: lang, minimumMaps: 2, minimumFigures: 60)
            let sites = try XCTUnwrap(json["sites"] as? [[String: Any]])
            XCTAssertEqual(sites.count, 2)
            for (index, site) in sites.enumerated() {
                let block = try section(html, id: "site-\(index)")
                XCTAssertTrue(block.contains("<svg class=\"map\""), "site \(index) has no map")
                XCTAssertTrue(block.contains("class=\"occupied\"") && block.contains("class=\"forestland\""), "site \(index)")
                if (site["over_occupying"] as? Bool) ?? false { XCTAssertTrue(block.contains("class=\"outside\""), "site \(index): over-occupied area") }
                if !((site["expired_permits"] as? [Any]) ?? []).isEmpty {
                    XCTAssertTrue(block.contains("class=\"permit-expired\""), "site \(index): expired permit not drawn dashed")
                }
                if !((site["valid_permits"] as? [Any]) ?? []).isEmpty { XCTAssertTrue(block.contains("class=\"permit\""), "site \(index)") }
            }
            // The source document's figures, as the page shows them.
            XCTAssertEqual(try shownFigure(html, "sites.0.permitted_ha"), 2.07, accuracy: 0.005)
            XCTAssertEqual(try shownFigure(html, "sites.0.occupied_forest_ha"), 38.98, accuracy: 0.005)
            XCTAssertEqual(try shownFigure(html, "sites.1.over_occupied_mu"), 166.00, accuracy: 0.005)
        }
    }

    func testReclaimReportInBrowser() throws {
        for lang in ["en", "zh"] {
            let (html, json) = try renderedReport("reclaim", language: lang, minimumMaps: 4, minimumFigures: 60)
            let tasks = try XCTUnwrap(json["tasks"] as? [[String: Any]])
            XCTAssertEqual(tasks.count, 4)
            for (index, task) in tasks.enumerated() {
                let block = try section(html, id: "task-\(index)")
                XCTAssertTrue(block.contains("<svg class=\"map\""), "task \(index) has no map")
                XCTAssertTrue(block.contains("class=\"task\"") && block.contains("class=\"patch\""), "task \(index): polygon/patches")
                XCTAssertTrue(block.contains("data-json=\"tasks.\(index).share_done\""), "task \(index): no progress bar")
                XCTAssertTrue(block.contains("id=\"chart-\(index)\""), "task \(index): no chart")
                if let deadline = task["deadline"] as? String {
                    XCTAssertTrue(block.contains(deadline), "task \(index): deadline not marked")
                }
                if ((task["later_patches"] as? Int) ?? 0) > 0 { XCTAssertTrue(block.contains("class=\"patch-later\""), "task \(index)") }
            }
            XCTAssertEqual(try shownFigure(html, "tasks.0.planned_mu"), 1820, accuracy: 0.005)
            XCTAssertEqual(try shownFigure(html, "tasks.0.done_mu"), 638.5, accuracy: 0.005)
            XCTAssertEqual(try shownFigure(html, "tasks.0.remaining_mu"), 1181.5, accuracy: 0.005)
        }
    }

    // MARK: - Helpers

    /// Screenshot (kept beside the report as report.png) and DOM after scripts: no console
    /// messages, the page's own map check ran and found no empty map. Returns the DOM (with the
    /// tables' first pages drawn by the script).
    @discardableResult
    func checkInBrowser(_ path: String, minimumMaps: Int, file: StaticString = #filePath, line: UInt = #line) throws -> String {
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
        return dom.stdout
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

    /// The number a page shows for a JSON path (its first occurrence).
    func shownFigure(_ html: String, _ path: String) throws -> Double {
        let start = try XCTUnwrap(html.range(of: "data-json=\"\(path)\""), "\(path) is not on the page")
        let rest = html[start.upperBound...]
        let open = try XCTUnwrap(rest.firstIndex(of: ">"))
        let text = rest[rest.index(after: open)...].prefix { $0 != "<" }.replacingOccurrences(of: ",", with: "")
        return try XCTUnwrap(Double(text.trimmingCharacters(in: .whitespaces)), "\(path) shows '\(text)'")
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

    /// A demo report rendered in the browser (screenshot, no console errors, no empty map) and
    /// its figures checked against `<command>.json`; returns the page and the JSON.
    func renderedReport(_ command: String, language: String, minimumMaps: Int, minimumFigures: Int) throws -> (String, [String: Any]) {
        let directory = try demoDirectory(language) + "/" + command
        let html = try String(contentsOfFile: "\(directory)/report.html", encoding: .utf8)
        let json = try jsonObject("\(directory)/\(command).json")
        let dom = try checkInBrowser("\(directory)/report.html", minimumMaps: minimumMaps)
        // The figures as the browser shows them: the page's own and the table cells its script drew.
        try checkFigures(dom, json: json, minimum: minimumFigures)
        return (html, json)
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
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--out", out, "--lang", "en"], in: CLI.samples)
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

    /// boundary → sheet `mines`, forest → `sites`, reclaim → `tasks`: one row per JSON object,
    /// the same ids and numbers.
    func testMonitoringXLSXSheetsEqualTheJSON() throws {
        let out = try CLI.temporaryDirectory()
        let runs: [(String, [String], String, String, [String])] = [
            ("boundary", ["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_2020-05.gpkg",
                          "--date", "2020-05-31", "--id-field", "id"], "mines", "mines",
             ["licensed_area_m2", "footprint_area_mu", "outside_m2", "outside_mu", "outside_ha", "new_outside_mu"]),
            ("forest", ["forest", "--occupied", "forest/occupied.gpkg", "--forest", "forest/forest.gpkg", "--permits", "forest/permits.gpkg",
                        "--id-field", "id", "--permit-id-field", "permit_id", "--date", "2020-10-31"], "sites", "sites",
             ["occupied_forest_m2", "occupied_forest_ha", "permitted_ha", "over_occupied_mu", "over_occupied_ha"]),
            ("reclaim", ["reclaim", "--plan", "reclaim/plan.gpkg", "--done", "reclaim/done.gpkg", "--id-field", "id",
                         "--as-of", "2020-09-30"], "tasks", "tasks", ["planned_mu", "done_m2", "done_mu", "remaining_mu", "share_done"]),
        ]
        for (command, arguments, sheetName, key, numbers) in runs {
            let directory = "\(out)/\(command)"
            let run = try CLI.run(arguments + ["--out", directory, "--lang", "en"], in: CLI.samples)
            XCTAssertEqual(run.status, 0, run.stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(command).json"))) as? [String: Any])
            let objects = try XCTUnwrap(json[key] as? [[String: Any]])
            let rows = try sheet("\(directory)/\(command).xlsx", sheetName)
            XCTAssertEqual(rows.count, objects.count, command)
            for (row, object) in zip(rows, objects) {
                XCTAssertEqual(row["id"], object["id"] as? String, command)
                for number in numbers {
                    XCTAssertEqual(Double(row[number] ?? "") ?? .nan, (object[number] as? NSNumber)?.doubleValue ?? .infinity,
                                   accuracy: 1e-6, "\(command) \(number)")
                }
            }
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
