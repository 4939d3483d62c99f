import Foundation
import XCTest

/// `--where` screens a subset of the rights; `--keep-fields` carries their own fields into the
/// results (issue 10). Expected values come from GDAL's ogrinfo reading the same GeoPackage.
final class SubsetCLITests: XCTestCase {
    let rights = CLI.samples + "/screen/rights.gpkg"

    /// The values of `field` of every right, in layer order, as ogrinfo prints them.
    func ogrinfoValues(_ field: String, where clause: String? = nil) throws -> [String] {
        var arguments = ["-q", rights, "rights"]
        if let clause { arguments += ["-where", clause] }
        let run = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/ogrinfo"), arguments)
        XCTAssertEqual(run.status, 0, run.stderr)
        let prefix = "  \(field) (String) = "
        return run.stdout.split(separator: "\n").filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    func testWhereScreensTheSubsetWithTheSameAnswers() throws {
        let clause = "\"矿种\" = '铝土矿'"
        let subset = try CLI.run(["screen", "--config", "screen.yaml", "--json", "--where", clause], in: CLI.samples)
        let full = try CLI.run(["screen", "--config", "screen.yaml", "--json"], in: CLI.samples)
        XCTAssertEqual(subset.status, 0, subset.stderr)
        let subsetRights = try XCTUnwrap(try CLI.json(subset)["rights"] as? [[String: Any]])
        let fullRights = try XCTUnwrap(try CLI.json(full)["rights"] as? [[String: Any]])
        let expectedIDs = try ogrinfoValues("许可证号", where: clause)
        XCTAssertEqual(expectedIDs.count, 14)
        XCTAssertEqual(subsetRights.compactMap { $0["id"] as? String }.sorted(), expectedIDs.sorted())
        for right in subsetRights {
            let same = try XCTUnwrap(fullRights.first { $0["fid"] as? Int == right["fid"] as? Int })
            XCTAssertEqual(right["verdict"] as? String, same["verdict"] as? String)
            XCTAssertEqual(right["overlap_area_m2"] as? Double ?? -1, same["overlap_area_m2"] as? Double ?? -2, accuracy: 0.01)
        }
    }

    func testWhereErrorsNameTheLayerAndGDALsMessage() throws {
        let shapefile = CLI.samples + "/screen/nature_reserve.shp"
        let run = try CLI.run(["screen", shapefile, "--against", "r=\(CLI.samples)/screen/red_line.geojson", "--where", "nofield = 2"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("\(shapefile): --where 'nofield = 2': \"nofield\" not recognised as an available field."), run.stderr)
        let gpkg = try CLI.run(["screen", "--config", "screen.yaml", "--where", "矿种 = = 2"], in: CLI.samples)
        XCTAssertEqual(gpkg.status, 1)
        XCTAssertTrue(gpkg.stderr.contains("screen/rights.gpkg|layername=rights: --where '矿种 = = 2': failed to prepare SQL"), gpkg.stderr)
        let none = try CLI.run(["screen", "--config", "screen.yaml", "--where", "\"矿种\" = 'gold'"], in: CLI.samples)
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.contains("no right could be screened (no features matching --where"), none.stderr)
        let empty = try CLI.run(["screen", "--config", "screen.yaml", "--where", " "], in: CLI.samples)
        XCTAssertEqual(empty.status, 64)
    }

    func testKeepFieldsCarriesTheRightsOwnFields() throws {
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--json", "--keep-fields", "矿种,单位"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let rightsJSON = try XCTUnwrap(try CLI.json(run)["rights"] as? [[String: Any]]).sorted { ($0["fid"] as? Int ?? 0) < ($1["fid"] as? Int ?? 0) }
        let minerals = try ogrinfoValues("矿种"), owners = try ogrinfoValues("单位")
        XCTAssertEqual(rightsJSON.count, 30)
        XCTAssertEqual(rightsJSON.map { ($0["fields"] as? [String: String])?["矿种"] ?? "?" }, minerals)
        XCTAssertEqual(rightsJSON.map { ($0["fields"] as? [String: String])?["单位"] ?? "?" }, owners)
        XCTAssertEqual(Set(rightsJSON.compactMap { ($0["fields"] as? [String: String]).map { Array($0.keys).sorted() } }.map { $0.joined(separator: ",") }),
                       ["单位,矿种"])
        // Field order: in the text the keys appear as asked.
        let first = try XCTUnwrap(run.stdout.range(of: "\"fields\""))
        let rest = run.stdout[first.upperBound...]
        XCTAssertLessThan(try XCTUnwrap(rest.range(of: "矿种")).lowerBound, try XCTUnwrap(rest.range(of: "单位")).lowerBound)

        let all = try CLI.run(["screen", rights, "--against", "r=\(CLI.samples)/screen/red_line.geojson", "--json", "--keep-fields", "all"])
        let allFields = (try CLI.json(all)["rights"] as? [[String: Any]])?.first?["fields"] as? [String: String]
        XCTAssertEqual(allFields.map { Set($0.keys) }, ["许可证号", "矿山名称", "矿权类型", "矿种", "单位"])
        let without = try CLI.run(["screen", rights, "--against", "r=\(CLI.samples)/screen/red_line.geojson", "--json"])
        XCTAssertNil((try CLI.json(without)["rights"] as? [[String: Any]])?.first?["fields"])

        let missing = try CLI.run(["screen", rights, "--against", "r=\(CLI.samples)/screen/red_line.geojson", "--keep-fields", "矿种,foo"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("keep-fields: no field 'foo' (fields: 许可证号, 矿山名称, 矿权类型, 矿种, 单位)"), missing.stderr)
    }
    /// The kept fields reach the files users hand on: the GeoPackage's rights layer and the CSV
    /// (read back by ogrinfo / as text), with the values ogrinfo reads from the rights.
    func testKeepFieldsReachTheGeoPackageAndTheCSV() throws {
        let out = try CLI.temporaryDirectory() + "/out"
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--keep-fields", "矿种,单位", "--out", out], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let written = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/ogrinfo"), ["-q", "\(out)/screen.gpkg", "rights"])
        let prefix = "  矿种 (String) = "
        let minerals = written.stdout.split(separator: "\n").filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        XCTAssertEqual(minerals.count, 30)
        XCTAssertEqual(minerals.sorted(), try ogrinfoValues("矿种").sorted())
        let csv = try String(contentsOfFile: "\(out)/screen.csv", encoding: .utf8)
        let lines = csv.split(whereSeparator: \.isNewline)
        let header = try XCTUnwrap(lines.first)
        XCTAssertTrue(header.hasSuffix(",矿种,单位"), String(header))
        XCTAssertTrue(csv.contains("T14120080402003521,山西交口铁金村铝土矿勘探,"))
        for line in lines.dropFirst() where line.hasPrefix("T14120080402003521,") {
            XCTAssertTrue(line.hasSuffix(",铝土矿,中国铝业股份有限公司"), String(line))
        }
    }
}
