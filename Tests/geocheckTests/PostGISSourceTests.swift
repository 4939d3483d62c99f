import Foundation
import XCTest

/// Sources in a real PostGIS database (a private server started by the test): rights and a
/// constraint layer read through GDAL's PostgreSQL driver, `PG:…` with `|layername=` and with
/// `tables=`. Expected areas: pyproj, as in `ScreenTests` (same rectangles in EPSG:4526).
final class PostGISSourceTests: PostgresTestCase {
    func testScreenReadsRightsAndZonesFromPostGIS() throws {
        let server = try server()
        let (x, y) = (38_520_000, 3_800_000)
        func square(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> String {
            "ST_GeomFromText('POLYGON((\(x0) \(y0),\(x1) \(y0),\(x1) \(y1),\(x0) \(y1),\(x0) \(y0)))', 4526)"
        }
        try server.psql(server.database, """
            CREATE TABLE rights (id text PRIMARY KEY, 矿山名称 text, geom geometry(Polygon, 4526));
            INSERT INTO rights VALUES ('R1', '测试矿', \(square(x, y, x + 1000, y + 1000))),
                                      ('R2', '远处矿', \(square(x + 5000, y, x + 6000, y + 1000)));
            CREATE TABLE zones (编号 text, 功能区 text, geom geometry(Polygon, 4526));
            INSERT INTO zones VALUES ('Z1', '核心区', \(square(x + 600, y - 500, x + 2000, y + 1500)));
            """)
        let run = try CLI.run(["screen", "\(server.connection)|layername=rights", "--against",
                               "reserve=\(server.connection) tables=zones", "--id-field", "id", "--name-field", "矿山名称", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try CLI.json(run)
        let rights = try XCTUnwrap(json["rights"] as? [[String: Any]])
        XCTAssertEqual(rights.count, 2)
        let first = try XCTUnwrap(rights.first { $0["id"] as? String == "R1" })
        XCTAssertEqual(first["name"] as? String, "测试矿")
        XCTAssertEqual(first["verdict"] as? String, "prohibited")
        let overlap = try XCTUnwrap((first["overlaps"] as? [[String: Any]])?.first)
        XCTAssertEqual(overlap["feature_id"] as? String, "Z1")
        XCTAssertEqual(overlap["area_m2"] as? Double ?? 0, 399995.73625664786, accuracy: 0.01)
        XCTAssertEqual(first["retained_area_m2"] as? Double ?? 0, 599993.9079688955, accuracy: 0.01)
        XCTAssertEqual(rights.first { $0["id"] as? String == "R2" }?["verdict"] as? String, "clear")
        // A table that is not there is an error naming it.
        let missing = try CLI.run(["screen", "\(server.connection)|layername=nope", "--against", "reserve=\(server.connection) tables=zones"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("nope"), missing.stderr)
    }
}
