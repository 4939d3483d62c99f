import Foundation
import XCTest

/// A Python with openpyxl (an independent XLSX reader), or nil (the tests then skip).
enum OpenPyXL {
    static let python: String? = {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            if let run = try? CLI.runProcess(URL(fileURLWithPath: candidate), ["-c", "import openpyxl"]), run.status == 0 { return candidate }
        }
        return nil
    }()

    /// Every sheet of a workbook as `{name: {"freeze", "filter", "rows": [[[value, number_format]]]}}`.
    static func read(_ path: String) throws -> [String: [String: Any]] {
        guard let python else { throw XCTSkip("openpyxl is not installed (apt-get install python3-openpyxl)") }
        let script = """
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = {}
        for ws in wb.worksheets:
            rows = [[[c.value, c.number_format] for c in row] for row in ws.iter_rows()]
            out[ws.title] = {"freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "rows": rows}
        print(json.dumps(out, ensure_ascii=False))
        """
        let run = try CLI.runProcess(URL(fileURLWithPath: python), ["-c", script, path])
        XCTAssertEqual(run.status, 0, run.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]])
    }
}

/// `--lang zh` spreadsheets and CSV: Chinese headers and values, every right, numbers as numbers.
final class SpreadsheetCLITests: XCTestCase {
    func testChineseXLSXAndCSVHoldEveryRightWithTheJSONsNumbers() throws {
        let out = try CLI.temporaryDirectory()
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--out", out], in: CLI.samples,
                              environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/screen.json"))) as? [String: Any])
        let rights = try XCTUnwrap(json["rights"] as? [[String: Any]])
        let verdicts = ["prohibited": "禁止", "restricted": "限制", "near": "临近", "clear": "无冲突"]

        // CSV: Chinese header, every right present, verdicts in Chinese.
        let csv = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(out)/screen.csv")), as: UTF8.self)
        let lines = csv.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertTrue(lines[0].hasPrefix("矿权编号,矿权名称,结论,图层,要素编号"), lines[0])
        let csvRights = Dictionary(lines.dropFirst().map { line -> (String, String) in
            let cells = line.components(separatedBy: ",")
            return (cells[0], cells[2])
        }, uniquingKeysWith: { first, _ in first })
        for right in rights {
            let id = right["id"] as? String ?? ""
            XCTAssertEqual(csvRights[id], verdicts[right["verdict"] as? String ?? ""], id)
        }

        // XLSX, read by openpyxl: frozen header, autofilter, numbers with the unit's format.
        let book = try OpenPyXL.read("\(out)/screen.xlsx")
        XCTAssertEqual(Set(book.keys), ["矿权", "重叠", "临近"])
        let sheet = try XCTUnwrap(book["矿权"])
        XCTAssertEqual(sheet["freeze"] as? String, "A2")
        XCTAssertEqual(sheet["filter"] as? String, "A1:M\(rights.count + 1)")
        let rows = try XCTUnwrap(sheet["rows"] as? [[[Any]]])
        let header = rows[0].map { $0[0] as? String ?? "" }
        XCTAssertEqual(Array(header.prefix(6)), ["编号", "名称", "结论", "面积(平方米)", "面积(亩)", "面积(公顷)"])
        XCTAssertEqual(rows.count - 1, rights.count, "every right, clear and near ones too")
        let column = { (name: String) in try XCTUnwrap(header.firstIndex(of: name)) }
        for (row, right) in zip(rows.dropFirst(), rights) {
            XCTAssertEqual(row[0][0] as? String, right["id"] as? String)
            XCTAssertEqual(row[try column("结论")][0] as? String, verdicts[right["verdict"] as? String ?? ""])
            for (name, key, format) in [("面积(亩)", "area_mu", "0.00"), ("面积(公顷)", "area_ha", "0.0000"),
                                        ("面积(平方米)", "area_m2", "0.00"), ("核减后面积(亩)", "retained_area_mu", "0.00")] {
                let cell = row[try column(name)]
                let value = try XCTUnwrap(cell[0] as? NSNumber, "\(name) is a number")
                XCTAssertEqual(value.doubleValue, (right[key] as? NSNumber)?.doubleValue ?? .nan, accuracy: 1e-9, name)
                XCTAssertEqual(cell[1] as? String, format, name)
            }
            XCTAssertEqual(row[try column("重叠数")][0] as? Int, (right["overlaps"] as? [Any])?.count)
        }
        let overlaps = try XCTUnwrap(book["重叠"]?["rows"] as? [[[Any]]])
        let share = try XCTUnwrap(overlaps[0].firstIndex { $0[0] as? String == "重叠比例" })
        let expected = rights.flatMap { ($0["overlaps"] as? [[String: Any]]) ?? [] }
        XCTAssertEqual(overlaps.count - 1, expected.count)
        for (row, overlap) in zip(overlaps.dropFirst(), expected) {
            XCTAssertEqual(row[share][1] as? String, "0.00%")
            XCTAssertEqual((row[share][0] as? NSNumber)?.doubleValue ?? .nan, (overlap["share"] as? NSNumber)?.doubleValue ?? 0, accuracy: 1e-12)
            XCTAssertEqual(row[7][0] as? String, overlap["severity"] as? String == "prohibited" ? "禁止" : "限制")
        }
    }

    func testEnglishKeepsTheColumnKeys() throws {
        let out = try CLI.temporaryDirectory()
        let run = try CLI.run(["reclaim", "--plan", "reclaim/plan.gpkg", "--done", "reclaim/done.gpkg", "--id-field", "id",
                               "--as-of", "2020-09-30", "--out", out, "--lang", "en"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let csv = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(out)/reclaim.csv")), as: UTF8.self)
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}as_of,id,name,planned_mu"), String(csv.prefix(80)))
        let zh = try CLI.run(["reclaim", "--plan", "reclaim/plan.gpkg", "--done", "reclaim/done.gpkg", "--id-field", "id",
                              "--as-of", "2020-09-30", "--out", out, "--lang", "zh"], in: CLI.samples)
        XCTAssertEqual(zh.status, 0, zh.stderr)
        let book = try OpenPyXL.read("\(out)/reclaim.xlsx")
        let rows = try XCTUnwrap(book["复垦任务"]?["rows"] as? [[[Any]]])
        let status = try XCTUnwrap(rows[0].firstIndex { $0[0] as? String == "状态" })
        XCTAssertTrue(rows.dropFirst().allSatisfy { ["已完成", "按期推进", "逾期"].contains($0[status][0] as? String ?? "") })
    }
}
