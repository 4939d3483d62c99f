import Foundation
import XCTest

/// Corner files end to end: retained files of `screen` re-read cleanly, `coords` JSON keys,
/// files without zone information made readable with `--zone` / `--assume-crs`.
final class CornerCLITests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws { directory = try CLI.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// Every retained file of the samples is GBK, states its area and date, and reads back with
    /// `coords` without a repair warning, its stated area matching in hectares.
    func testRetainedFilesReadBackWithoutRepair() throws {
        let screen = try CLI.run(["screen", "--config", "screen.yaml", "--out", directory], in: CLI.samples)
        XCTAssertEqual(screen.status, 0, screen.stderr)
        let folder = "\(directory)/retained"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertEqual(names.count, 7)
        for name in names {
            let path = "\(folder)/\(name)"
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertNil(String(data: bytes, encoding: .utf8), "\(name) is GBK, not UTF-8")
            let run = try CLI.run(["coords", path, "--json"])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertFalse(run.stderr.contains("warning"), "\(name): \(run.stderr)")
            let json = try CLI.json(run)
            XCTAssertEqual(json["encoding"] as? String, "GB18030")
            XCTAssertEqual((json["repaired"] as? [Any])?.count, 0, name)
            for block in json["blocks"] as? [[String: Any]] ?? [] {
                XCTAssertEqual(block["stated_unit"] as? String, "ha", name)
                XCTAssertTrue(block["top"] is NSNull)
            }
        }
    }

    func testZoneOptionsMakeAFileWithoutZoneReadable() throws {
        let path = "\(directory)/nozone.txt"
        try "J1,3301000.00,438000.00\nJ2,3301000.00,438300.00\nJ3,3301200.00,438300.00\nJ4,3301200.00,438000.00\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let bare = try CLI.run(["coords", path])
        XCTAssertEqual(bare.status, 1)
        XCTAssertTrue(bare.stderr.contains("\(path):1:") && bare.stderr.contains("--zone"), bare.stderr)
        let zoned = try CLI.run(["coords", path, "--zone", "38", "--json"])
        XCTAssertEqual(zoned.status, 0, zoned.stderr)
        XCTAssertEqual(try CLI.json(zoned)["crs"] as? String, "EPSG:4547")  // CGCS2000 / 3-degree Gauss-Kruger CM 114E
        let six = try CLI.run(["coords", path, "--zone", "20", "--zone-width", "6", "--json"])
        XCTAssertEqual(try CLI.json(six)["crs"] as? String, "EPSG:4509")  // CGCS2000 / Gauss-Kruger CM 117E
        let assumed = try CLI.run(["coords", path, "--assume-crs", "EPSG:2383", "--json"])  // Xian 1980 / 3-degree GK CM 114E
        XCTAssertEqual(assumed.status, 0, assumed.stderr)
        let json = try CLI.json(assumed)
        XCTAssertEqual(json["crs"] as? String, "EPSG:2383")
        XCTAssertEqual(json["datum"] as? String, "xian1980")
        // 300 m × 200 m by hand.
        let block = try XCTUnwrap((json["blocks"] as? [[String: Any]])?.first)
        XCTAssertEqual(block["planar_area_m2"] as? Double ?? 0, 60_000, accuracy: 1e-6)
        XCTAssertEqual(try CLI.run(["coords", path, "--zone-width", "4", "--zone", "38"]).status, 64)
    }
}
