import Foundation
import XCTest

/// Zipped sources and GBK CSV (issue 10): the same verdicts and areas as the original files.
final class ZippedSourcesCLITests: XCTestCase {
    let screen = CLI.samples + "/screen"
    let reserveFiles = ["nature_reserve.shp", "nature_reserve.shx", "nature_reserve.dbf", "nature_reserve.prj"]
    let scenicFiles = ["scenic_area.shp", "scenic_area.shx", "scenic_area.dbf", "scenic_area.prj"]

    /// A config screening the sample rights against one layer `source` with the samples' rules.
    func screenJSON(rights: String? = nil, reserve source: String, in directory: String) throws -> (CLIRun, [String: Any]) {
        let config = directory + "/\(UUID().uuidString).yaml"
        try """
        rights: {source: "\(rights ?? screen + "/rights.gpkg|layername=rights")", id_field: 许可证号}
        layers:
          - {name: nr, source: "\(source)", class_field: 功能区, name_field: 名称, id_field: 编号,
             rules: {核心区: prohibited, 缓冲区: prohibited, 实验区: restricted}, buffer_m: 1000}
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try CLI.run(["screen", "--config", config, "--json"], in: directory)
        XCTAssertEqual(run.status, 0, run.stderr)
        return (run, run.status == 0 ? try CLI.json(run) : [:])
    }

    /// (right id, verdict, "layer/feature/name/class" → area) per right, sorted.
    func overlaps(_ json: [String: Any]) -> [String: Double] {
        var result: [String: Double] = [:]
        for right in json["rights"] as? [[String: Any]] ?? [] {
            result["\(right["id"] ?? "")#\(right["fid"] ?? "") verdict \(right["verdict"] ?? "")"] = 0
            for overlap in right["overlaps"] as? [[String: Any]] ?? [] {
                let key = "\(right["id"] ?? "")#\(right["fid"] ?? "") \(overlap["feature_id"] ?? "")/\(overlap["feature_name"] ?? "")/\(overlap["class"] ?? "")"
                result[key, default: 0] += overlap["area_m2"] as? Double ?? 0
            }
        }
        return result
    }

    func assertSame(_ got: [String: Double], _ want: [String: Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(got.keys), Set(want.keys), file: file, line: line)
        for (key, area) in want { XCTAssertEqual(got[key] ?? -1, area, accuracy: 0.01, key, file: file, line: line) }
    }

    func testZippedShapefileInEveryFormGivesTheOriginalsAnswers() throws {
        let directory = try CLI.temporaryDirectory()
        try StoredZip.write(files: reserveFiles, from: screen, to: directory + "/reserve.zip")
        try StoredZip.write(files: reserveFiles, from: screen, to: directory + "/nature_reserve.shp.zip")
        let want = overlaps(try screenJSON(reserve: screen + "/nature_reserve.shp", in: directory).1)
        XCTAssertEqual(want.filter { $0.key.hasSuffix("/核心区") }.count, 2)  // Chinese classes decoded (GBK)
        for source in ["reserve.zip", "nature_reserve.shp.zip", "/vsizip/reserve.zip", "/vsizip/\(directory)/reserve.zip/nature_reserve.shp",
                       "/vsizip/{\(directory)/reserve.zip}/nature_reserve.shp"] {
            assertSame(overlaps(try screenJSON(reserve: source, in: directory).1), want)
        }
    }

    /// scenic_area.dbf is GBK with language byte 0 and no .cpg: detected by content in a zip too.
    func testGBKDetectedInsideAZipAndGeoPackageRightsInAZip() throws {
        let directory = try CLI.temporaryDirectory()
        try StoredZip.write(files: scenicFiles, from: screen, to: directory + "/scenic.zip")
        try StoredZip.write(files: ["rights.gpkg"], from: screen, to: directory + "/rights.zip")
        let zipped = try CLI.run(["screen", "rights.zip", "--against", "sc=scenic.zip", "--json"], in: directory)
        let plain = try CLI.run(["screen", screen + "/rights.gpkg", "--against", "sc=\(screen)/scenic_area.shp", "--json"])
        XCTAssertEqual(zipped.status, 0, zipped.stderr)
        let got = overlaps(try CLI.json(zipped)), want = overlaps(try CLI.json(plain))
        assertSame(got, want)
        // Ids come from the GBK field 编号 (found only when the field names are decoded).
        XCTAssertTrue(got.keys.contains { $0.hasSuffix(" FJ-5301//") }, "\(got.keys)")
    }

    func testZipOfSeveralLayersAsksForOne() throws {
        let directory = try CLI.temporaryDirectory()
        try StoredZip.write(files: reserveFiles + scenicFiles, from: screen, to: directory + "/two.zip")
        try StoredZip.write(files: reserveFiles + ["rights.gpkg"], from: screen, to: directory + "/mixed.zip")
        let rights = screen + "/rights.gpkg"
        let two = try CLI.run(["screen", rights, "--against", "a=two.zip"], in: directory)
        XCTAssertEqual(two.status, 1)
        XCTAssertTrue(two.stderr.contains("two.zip: has 2 layers (nature_reserve, scenic_area); choose one with two.zip|layername=NAME"), two.stderr)
        let chosen = try CLI.run(["screen", rights, "--against", "a=two.zip|layername=scenic_area", "--json"], in: directory)
        XCTAssertEqual(chosen.status, 0, chosen.stderr)
        XCTAssertEqual((try CLI.json(chosen)["summary"] as? [String: Any])?["overlapping"] as? Int, 3)
        let mixed = try CLI.run(["screen", rights, "--against", "a=mixed.zip"], in: directory)
        XCTAssertEqual(mixed.status, 1)
        XCTAssertTrue(mixed.stderr.contains("mixed.zip: the zip holds 2 datasets (nature_reserve.shp, rights.gpkg); choose one with /vsizip/mixed.zip/nature_reserve.shp"), mixed.stderr)
        let missing = try CLI.run(["screen", rights, "--against", "a=nothere.zip"], in: directory)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("nothere.zip"), missing.stderr)
    }

    /// Excel's "CSV(逗号分隔)" on a Chinese system writes GBK: the 许可证号 column is found and the
    /// answers equal the GeoPackage's.
    func testGBKCSVRights() throws {
        let directory = try CLI.temporaryDirectory()
        try SourcesCLITests.ogr2ogr(["-f", "CSV", "-lco", "GEOMETRY=AS_WKT", directory + "/utf8.csv", screen + "/rights.gpkg", "rights"])
        let iconv = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/iconv"), ["-f", "UTF-8", "-t", "GBK", "-o", directory + "/rights.csv", directory + "/utf8.csv"])
        XCTAssertEqual(iconv.status, 0, iconv.stderr)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/rights.csv"))
        XCTAssertNil(String(data: bytes, encoding: .utf8))  // real GBK bytes
        XCTAssertTrue(bytes.starts(with: Data("WKT,".utf8) + Data([0xD0, 0xED, 0xBF, 0xC9, 0xD6, 0xA4, 0xBA, 0xC5])))  // 许可证号 in GBK
        let csv = try CLI.run(["screen", "rights.csv", "--id-field", "许可证号", "--assume-crs", "EPSG:4490",
                               "--against", "nr=\(screen)/nature_reserve.shp", "--json"], in: directory)
        let gpkg = try CLI.run(["screen", screen + "/rights.gpkg", "--id-field", "许可证号",
                                "--against", "nr=\(screen)/nature_reserve.shp", "--json"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let got = overlaps(try CLI.json(csv)), want = overlaps(try CLI.json(gpkg))
        XCTAssertEqual(got.keys.filter { $0.hasPrefix("T53420080402005678") }.count, 4)
        assertSame(got.mapKeys { $0.replacingOccurrences(of: "#\\d+ ", with: " ", options: .regularExpression) },
                   want.mapKeys { $0.replacingOccurrences(of: "#\\d+ ", with: " ", options: .regularExpression) })
    }
}

extension Dictionary where Value == Double {
    func mapKeys(_ transform: (Key) -> Key) -> [Key: Double] {
        Dictionary(map { (transform($0.key), $0.value) }, uniquingKeysWith: +)
    }
}
