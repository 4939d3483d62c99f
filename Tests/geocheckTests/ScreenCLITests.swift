import Foundation
import XCTest

/// `geocheck screen` end to end on the bundled samples, checked against the answer key that
/// samples/make_samples.py computed independently (shapely + pyproj).
final class ScreenCLITests: XCTestCase {
    func samplesJSON(_ extra: [String] = []) throws -> (CLIRun, [String: Any]) {
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--json"] + extra, in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        return (run, try CLI.json(run))
    }

    func testSamplesHaveEighteenOverlappingRights() throws {
        let (_, json) = try samplesJSON()
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["rights"] as? Int, 30)
        XCTAssertEqual(summary["overlapping"] as? Int, 18)
        XCTAssertEqual(summary["prohibited"] as? Int, 14)
        XCTAssertEqual(summary["restricted"] as? Int, 4)
        XCTAssertEqual(summary["near"] as? Int, 4)
        XCTAssertEqual(json["duplicates"] as? [String], ["C4100002013061120132204"])
        let repaired = try XCTUnwrap(json["repaired"] as? [[String: Any]])
        XCTAssertEqual(repaired.compactMap { $0["id"] as? String }, ["T52320110830007365"])
    }

    func testSamplesMatchTheIndependentAnswerKey() throws {
        let (_, json) = try samplesJSON()
        let keyData = try Data(contentsOf: URL(fileURLWithPath: CLI.samples + "/answer_key.json"))
        let key = try XCTUnwrap((try JSONSerialization.jsonObject(with: keyData) as? [String: Any])?["screen"] as? [String: Any])
        let expected = try XCTUnwrap(key["rights"] as? [[String: Any]])
        let actual = try XCTUnwrap(json["rights"] as? [[String: Any]])
        XCTAssertEqual(expected.count, actual.count)
        var compared = 0
        for want in expected {
            let id = want["id"] as? String
            let wantArea = want["area_m2"] as? Double ?? 0
            // Duplicate ids: pick the feature of the same size.
            guard let got = actual.filter({ $0["id"] as? String == id })
                .min(by: { abs(($0["area_m2"] as? Double ?? 0) - wantArea) < abs(($1["area_m2"] as? Double ?? 0) - wantArea) })
            else { return XCTFail("right \(id ?? "?") missing") }
            XCTAssertEqual(got["verdict"] as? String, want["verdict"] as? String, "verdict of \(id ?? "")")
            XCTAssertEqual(got["area_m2"] as? Double ?? 0, wantArea, accuracy: max(0.05, wantArea * 1e-6))
            let wantRetained = want["retained_area_m2"] as? Double ?? 0
            XCTAssertEqual(got["retained_area_m2"] as? Double ?? 0, wantRetained, accuracy: max(0.05, wantRetained * 1e-6), "retained of \(id ?? "")")
            func overlaps(_ right: [String: Any]) -> [String: Double] {
                Dictionary(uniqueKeysWithValues: (right["overlaps"] as? [[String: Any]] ?? []).map {
                    ("\($0["layer"] ?? "")/\($0["feature_id"] ?? "")", $0["area_m2"] as? Double ?? 0)
                })
            }
            let wantOverlaps = overlaps(want), gotOverlaps = overlaps(got)
            XCTAssertEqual(Set(wantOverlaps.keys), Set(gotOverlaps.keys), "overlaps of \(id ?? "")")
            for (feature, area) in wantOverlaps {
                XCTAssertEqual(gotOverlaps[feature] ?? -1, area, accuracy: max(0.05, area * 1e-6), "\(id ?? "") × \(feature)")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 33)
    }

    func testTouchingRightIsNearNotOverlapping() throws {
        let (_, json) = try samplesJSON()
        let rights = try XCTUnwrap(json["rights"] as? [[String: Any]])
        let touching = try XCTUnwrap(rights.first { $0["id"] as? String == "C1400002012101120129934" })
        XCTAssertEqual(touching["verdict"] as? String, "near")
        XCTAssertEqual((touching["overlaps"] as? [Any])?.count, 0)
        XCTAssertEqual(((touching["near"] as? [[String: Any]])?.first?["distance_m"] as? Double) ?? -1, 0, accuracy: 1e-6)
    }

    func testGBKShapefileAttributesComeOutInChinese() throws {
        let (_, json) = try samplesJSON()
        let rights = try XCTUnwrap(json["rights"] as? [[String: Any]])
        let classes = Set(rights.flatMap { ($0["overlaps"] as? [[String: Any]] ?? []).compactMap { $0["class"] as? String } })
        XCTAssertTrue(classes.isSuperset(of: ["核心区", "缓冲区", "实验区"]), "\(classes)")
        let names = Set(rights.flatMap { ($0["overlaps"] as? [[String: Any]] ?? []).compactMap { $0["feature_name"] as? String } })
        XCTAssertTrue(names.contains("云南会泽黑颈鹤国家级自然保护区"), "\(names)")
    }

    func testStrictExitsThreeOnFindings() throws {
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--strict"], in: CLI.samples)
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertTrue(run.stdout.contains("18 overlapping"), run.stdout)
    }

    func testQuickFormAndHumanTable() throws {
        let run = try CLI.run(["screen", "screen/rights.gpkg|layername=rights", "--against", "heritage=screen/world_heritage.gpkg",
                               "--id-field", "许可证号", "--name-field", "矿山名称"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("verdict"), run.stdout)
        XCTAssertTrue(lines[2].hasPrefix("prohibited"), "worst first: \(lines[2])")
        XCTAssertTrue(run.stdout.contains("云南香格里拉红山铜矿深部勘探"))
        XCTAssertTrue(lines.last?.hasPrefix("30 rights: 2 overlapping (2 prohibited") ?? false, lines.last ?? "")
        // Aligned by display width (a CJK character takes two columns): in every row the area
        // column starts where its header does, after the padded names.
        func columns(_ text: Substring) -> Int {
            text.unicodeScalars.reduce(0) { $0 + ((0x2E80...0x9FFF).contains($1.value) || (0xFF00...0xFF60).contains($1.value) ? 2 : 1) }
        }
        let header = lines[0]
        let areaHeader = try XCTUnwrap(header.range(of: "area 亩"))
        let areaStart = columns(header[..<areaHeader.lowerBound])
        for line in lines.dropFirst(2).dropLast() {
            var start = line.startIndex
            while columns(line[..<start]) < areaStart, start < line.endIndex { start = line.index(after: start) }
            XCTAssertEqual(columns(line[..<start]), areaStart, line)
            XCTAssertEqual(line[line.index(before: start)], " ", line)
            XCTAssertTrue(line[start].isNumber, "the area column starts at display column \(areaStart): \(line)")
        }
        let strict = try CLI.run(["screen", "screen/rights.gpkg|layername=rights", "--against", "heritage=screen/world_heritage.gpkg", "--strict", "--json"],
                                 in: CLI.samples)
        XCTAssertEqual(strict.status, 3)
        XCTAssertNoThrow(try CLI.json(strict))
    }

    func testOutWritesEveryFile() throws {
        let out = try CLI.temporaryDirectory()
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--out", out], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        for file in ["screen.json", "screen.csv", "screen.xlsx", "screen.gpkg", "report.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/\(file)"), file)
        }
        let csv = try Data(contentsOf: URL(fileURLWithPath: "\(out)/screen.csv"))
        XCTAssertEqual(Array(csv.prefix(3)), [0xEF, 0xBB, 0xBF], "CSV starts with a UTF-8 BOM")
        // One row per overlap (33) and one per right without an overlap (30 − 18 overlapping).
        XCTAssertEqual(String(decoding: csv, as: UTF8.self).split(separator: "\r\n").count, 1 + 33 + 12)
        // Shrunk rights get their retained boundary as a corner-coordinate file in their own zone.
        let retained = try FileManager.default.contentsOfDirectory(atPath: "\(out)/retained")
        XCTAssertTrue(retained.contains("C5400002010081120064483.txt"), "\(retained)")
        let coords = try CLI.run(["coords", "\(out)/retained/C5400002010081120064483.txt", "--json"])
        XCTAssertEqual(coords.status, 0, coords.stderr)
        let blocks = try XCTUnwrap(try CLI.json(coords)["blocks"] as? [[String: Any]])
        let (_, json) = try samplesJSON()
        let right = (json["rights"] as? [[String: Any]])?.first { $0["id"] as? String == "C5400002010081120064483" }
        // Corner coordinates are written to the centimetre: a few m² on a 6 km² right.
        XCTAssertEqual(blocks.reduce(0) { $0 + ($1["area_m2"] as? Double ?? 0) }, right?["retained_area_m2"] as? Double ?? 0, accuracy: 5)
        // Nothing half-written is left behind.
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: out).contains { $0.hasPrefix(".geocheck-tmp") })
    }

    func testBadInputsExitOneWithOneLine() throws {
        let directory = try CLI.temporaryDirectory()
        func config(_ body: String) throws -> String {
            let path = "\(directory)/c\(UUID().uuidString.prefix(6)).yaml"
            try body.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let samples = CLI.samples
        let cases: [(String, [String], String)] = [
            ("missing layer", ["--config", try config("rights:\n  source: \(samples)/screen/rights.gpkg|layername=nope\nlayers:\n  - name: a\n    source: \(samples)/screen/red_line.geojson\n")], "nope"),
            ("missing field", ["--config", try config("rights:\n  source: \(samples)/screen/rights.gpkg|layername=rights\nlayers:\n  - name: a\n    source: \(samples)/screen/red_line.geojson\n    class_field: 不存在\n")], "不存在"),
            ("YAML error", ["--config", try config("rights:\n  source: x\nlayers:\n  - name: a\n   source: [\n")], "line"),
            ("missing config", ["--config", "\(directory)/none.yaml"], "none.yaml"),
            ("missing source", ["\(directory)/none.gpkg", "--against", "a=\(samples)/screen/red_line.geojson"], "none.gpkg"),
        ]
        for (name, arguments, mention) in cases {
            let run = try CLI.run(["screen"] + arguments)
            XCTAssertEqual(run.status, 1, "\(name): \(run.stderr)")
            let lines = run.stderr.split(separator: "\n").filter { $0.contains("error") }
            XCTAssertEqual(lines.count, 1, "\(name): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(mention), "\(name): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", name)
        }
        let usage = try CLI.run(["screen", "--against", "x"])
        XCTAssertEqual(usage.status, 64, usage.stderr)
    }
}
