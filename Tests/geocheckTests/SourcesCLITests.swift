import Foundation
import XCTest

/// Sources as users bring them (CONTRACT.md "Sources", issue 9): closed DXF polylines are
/// polygons, a layer with nothing to screen against is an error naming what it holds, point
/// layers take `protect_m`, `--assume-crs` only fills a missing CRS, ids come from the
/// contract's default fields. Fixtures are made from the samples with GDAL's own ogr2ogr.
final class SourcesCLITests: XCTestCase {
    static let screenDirectory = CLI.samples + "/screen"

    /// Runs ogr2ogr (GDAL's converter, independent of geocheck) and fails the test on error.
    static func ogr2ogr(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/ogr2ogr"), arguments)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
    }

    /// The samples' screen.yaml with absolute layer paths and the `rights:` block replaced.
    static func sampleConfig(rights: String, in directory: String) throws -> String {
        let text = try String(contentsOfFile: CLI.samples + "/screen.yaml", encoding: .utf8)
        let layers = text.components(separatedBy: "\nlayers:\n")[1].replacingOccurrences(of: "source: screen/", with: "source: \(screenDirectory)/")
        let path = directory + "/screen.yaml"
        try (rights + "\nlayers:\n" + layers).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Per right (in layer order): verdict and overlap areas by layer/feature.
    static func overlapsByRight(_ json: [String: Any]) -> [(verdict: String, overlaps: [String: Double])] {
        (json["rights"] as? [[String: Any]] ?? []).sorted { ($0["fid"] as? Int ?? 0) < ($1["fid"] as? Int ?? 0) }.map { right in
            let overlaps = (right["overlaps"] as? [[String: Any]] ?? []).map {
                ("\($0["layer"] ?? "")/\($0["feature_id"] ?? "")", $0["area_m2"] as? Double ?? -1)
            }
            return (right["verdict"] as? String ?? "", Dictionary(overlaps, uniquingKeysWith: +))
        }
    }

    func testDXFRightsDrawnAsClosedPolylinesScreenLikeTheGeoPackage() throws {
        let directory = try CLI.temporaryDirectory()
        // Each right a closed LWPOLYLINE on a DXF layer named by its licence number.
        try Self.ogr2ogr(["-f", "DXF", directory + "/rights.dxf", Self.screenDirectory + "/rights.gpkg", "-nlt", "LINESTRING",
                          "-sql", "SELECT geom, 许可证号 AS Layer FROM rights"])
        let dxfText = try String(contentsOfFile: directory + "/rights.dxf", encoding: .utf8)
        XCTAssertEqual(dxfText.components(separatedBy: "\nLWPOLYLINE").count - 1, 30)
        let config = try Self.sampleConfig(rights: "rights:\n  source: \(directory)/rights.dxf\n  id_field: Layer\n  assume_crs: EPSG:4490\n",
                                           in: directory)
        let dxf = try CLI.run(["screen", "--config", config, "--json"])
        XCTAssertEqual(dxf.status, 0, dxf.stderr)
        let original = try CLI.run(["screen", "--config", "screen.yaml", "--json"], in: CLI.samples)
        let dxfJSON = try CLI.json(dxf), originalJSON = try CLI.json(original)
        XCTAssertEqual((dxfJSON["summary"] as? [String: Any])?["overlapping"] as? Int, 18)
        let got = Self.overlapsByRight(dxfJSON), want = Self.overlapsByRight(originalJSON)
        XCTAssertEqual(got.count, 30)
        XCTAssertEqual(got.count, want.count)
        var compared = 0
        for (g, w) in zip(got, want) {
            XCTAssertEqual(g.verdict, w.verdict)
            XCTAssertEqual(Set(g.overlaps.keys), Set(w.overlaps.keys))
            for (key, area) in w.overlaps {
                XCTAssertEqual(g.overlaps[key] ?? -1, area, accuracy: 0.01, key)
                compared += 1
            }
        }
        XCTAssertEqual(compared, 33)
    }

    func testDXFConstraintLayerOfClosedPolylinesFindsTheSameOverlaps() throws {
        let directory = try CLI.temporaryDirectory()
        try Self.ogr2ogr(["-f", "DXF", directory + "/red.dxf", Self.screenDirectory + "/red_line.geojson", "-nlt", "LINESTRING"])
        let rights = Self.screenDirectory + "/rights.gpkg"
        let dxf = try CLI.run(["screen", rights, "--against", "red=\(directory)/red.dxf", "--assume-crs", "EPSG:4490", "--json"])
        let geojson = try CLI.run(["screen", rights, "--against", "red=\(Self.screenDirectory)/red_line.geojson", "--json"])
        XCTAssertEqual(dxf.status, 0, dxf.stderr)
        let got = Self.overlapsByRight(try CLI.json(dxf)), want = Self.overlapsByRight(try CLI.json(geojson))
        XCTAssertEqual(got.filter { $0.verdict == "prohibited" }.count, 6)
        for (g, w) in zip(got, want) {
            XCTAssertEqual(g.verdict, w.verdict)
            XCTAssertEqual(g.overlaps.values.reduce(0, +), w.overlaps.values.reduce(0, +), accuracy: 0.01)
        }
    }

    /// A point layer: an error naming the layer and what it holds; with `protect_m` each point
    /// is a zone of that radius.
    func testPointLayerNeedsProtectRadiusAndIsBufferedByIt() throws {
        let directory = try CLI.temporaryDirectory()
        // Two points: the centre of right T14120080402003521 (a ~4 × 3 km box) and one far away.
        let points = """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[
        {"type":"Feature","properties":{"编号":"R1"},"geometry":{"type":"Point","coordinates":[111.0652,37.0476]}},
        {"type":"Feature","properties":{"编号":"R2"},"geometry":{"type":"Point","coordinates":[125.0,48.0]}}]}
        """
        try points.write(toFile: directory + "/relics.geojson", atomically: true, encoding: .utf8)
        let rights = Self.screenDirectory + "/rights.gpkg"
        let quick = try CLI.run(["screen", rights, "--against", "relic=\(directory)/relics.geojson"])
        XCTAssertEqual(quick.status, 1)
        XCTAssertTrue(quick.stderr.contains("layer relic (\(directory)/relics.geojson): 0 polygons — 2 Points"), quick.stderr)
        XCTAssertTrue(quick.stderr.contains("protect_m"), quick.stderr)
        XCTAssertEqual(quick.stderr.split(separator: "\n").filter { $0.contains("error") }.count, 1)

        let config = directory + "/relic.yaml"
        try """
        rights: {source: \(rights)|layername=rights, id_field: 许可证号}
        layers:
          - {name: relic, source: relics.geojson, id_field: 编号, protect_m: 300}
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try CLI.run(["screen", "--config", config, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let rightsJSON = try XCTUnwrap(try CLI.json(run)["rights"] as? [[String: Any]])
        let hit = rightsJSON.filter { !($0["overlaps"] as? [Any] ?? []).isEmpty }
        XCTAssertEqual(hit.map { $0["id"] as? String }, ["T14120080402003521"])
        let overlap = try XCTUnwrap((hit.first?["overlaps"] as? [[String: Any]])?.first)
        XCTAssertEqual(overlap["feature_id"] as? String, "R1")
        // A 64-gon of radius r has area 32 r² sin(π/32); the Gauss-Krüger scale (< 1.5° from the
        // central meridian) changes areas by < 7e-4.
        let expected = 32 * 300 * 300 * sin(Double.pi / 32)
        XCTAssertEqual(overlap["area_m2"] as? Double ?? 0, expected, accuracy: expected * 1e-3)
    }

    /// A line (a river) with `protect_m: r`: the zone of a segment of length L is a 2r × L
    /// rectangle plus the two half 64-gons of its round caps.
    func testLineLayerIsBufferedByProtectRadius() throws {
        let directory = try CLI.temporaryDirectory()
        // 0.01° along the parallel 37.0476° N, inside right T14120080402003521.
        try """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[
        {"type":"Feature","properties":{"编号":"river"},"geometry":{"type":"LineString","coordinates":[[111.0602,37.0476],[111.0702,37.0476]]}}]}
        """.write(toFile: directory + "/river.geojson", atomically: true, encoding: .utf8)
        try """
        rights: {source: \(Self.screenDirectory)/rights.gpkg|layername=rights, id_field: 许可证号}
        layers:
          - {name: river, source: river.geojson, protect_m: 200, default: restricted}
        """.write(toFile: directory + "/river.yaml", atomically: true, encoding: .utf8)
        let run = try CLI.run(["screen", "--config", directory + "/river.yaml", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let hit = (try CLI.json(run)["rights"] as? [[String: Any]] ?? []).filter { $0["verdict"] as? String == "restricted" }
        XCTAssertEqual(hit.map { $0["id"] as? String }, ["T14120080402003521"])
        let area = (hit.first?["overlaps"] as? [[String: Any]])?.first?["area_m2"] as? Double ?? 0
        // Length of 0.01° of the parallel on the CGCS2000 ellipsoid: Δλ · N(φ) · cos φ.
        let a = 6_378_137.0, f = 1 / 298.257222101, e2 = f * (2 - f), phi = 37.0476 * Double.pi / 180
        let length = 0.01 * Double.pi / 180 * a / (1 - e2 * sin(phi) * sin(phi)).squareRoot() * cos(phi)
        let expected = 2 * 200 * length + 32 * 200 * 200 * sin(Double.pi / 32)
        XCTAssertEqual(area, expected, accuracy: expected * 1e-3)
    }

    func testLayerWithoutAreasIsAnErrorButAreasAwayFromTheRightsAreFine() throws {
        let directory = try CLI.temporaryDirectory()
        let rights = Self.screenDirectory + "/rights.gpkg"
        // X/Y columns GDAL does not read as geometry: no geometry at all.
        try "id,x,y\n1,111.06,37.04\n2,111.07,37.05\n".write(toFile: directory + "/zones.csv", atomically: true, encoding: .utf8)
        let csv = try CLI.run(["screen", rights, "--against", "z=\(directory)/zones.csv", "--assume-crs", "EPSG:4490"])
        XCTAssertEqual(csv.status, 1)
        XCTAssertTrue(csv.stderr.contains("layer z (\(directory)/zones.csv): 0 polygons — 2 features without geometry"), csv.stderr)
        // An Excel sheet: GDAL reads no geometry from it.
        try Self.ogr2ogr(["-f", "XLSX", directory + "/zones.xlsx", Self.screenDirectory + "/red_line.geojson"])
        let xlsx = try CLI.run(["screen", rights, "--against", "z=\(directory)/zones.xlsx", "--assume-crs", "EPSG:4490"])
        XCTAssertEqual(xlsx.status, 1)
        XCTAssertTrue(xlsx.stderr.contains("layer z (\(directory)/zones.xlsx): 0 polygons — "), xlsx.stderr)  // GDAL may take the header row for data
        XCTAssertTrue(xlsx.stderr.contains(" features without geometry: nothing to screen against"), xlsx.stderr)
        XCTAssertTrue(xlsx.stderr.contains("XLSX holds no geometry"), xlsx.stderr)
        // Empty layer.
        try Self.ogr2ogr(["-f", "GPKG", directory + "/empty.gpkg", Self.screenDirectory + "/red_line.geojson", "-where", "1=0", "-nln", "empty"])
        let empty = try CLI.run(["screen", rights, "--against", "e=\(directory)/empty.gpkg"])
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.stderr.contains("layer e (\(directory)/empty.gpkg): no features"), empty.stderr)
        // A polygon far from every right (Heilongjiang): a valid layer, everything clear.
        try """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon",
        "coordinates":[[[125,48],[125.1,48],[125.1,48.1],[125,48.1],[125,48]]]}}]}
        """.write(toFile: directory + "/far.geojson", atomically: true, encoding: .utf8)
        let far = try CLI.run(["screen", rights, "--against", "far=\(directory)/far.geojson", "--json"])
        XCTAssertEqual(far.status, 0, far.stderr)
        XCTAssertEqual((try CLI.json(far)["summary"] as? [String: Any])?["clear"] as? Int, 30)
    }

    func testRightsLayerOfPointsIsAnError() throws {
        let directory = try CLI.temporaryDirectory()
        try Self.ogr2ogr(["-f", "GPKG", directory + "/points.gpkg", Self.screenDirectory + "/rights.gpkg", "-dialect", "SQLite",
                          "-sql", "SELECT MakePoint((MbrMinX(geom) + MbrMaxX(geom)) / 2, (MbrMinY(geom) + MbrMaxY(geom)) / 2, 4490) AS geom, 许可证号 FROM rights", "-nln", "points"])
        let run = try CLI.run(["screen", directory + "/points.gpkg", "--against", "red=\(Self.screenDirectory)/red_line.geojson"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("\(directory)/points.gpkg: no right could be screened (0 polygons — 30 Points)"), run.stderr)
    }

    /// `--assume-crs` must not relabel a layer that has its own CRS (the water-source layer is
    /// in EPSG:4526): the prohibited right stays prohibited.
    func testAssumeCRSOnlyFillsAMissingCRS() throws {
        let rights = Self.screenDirectory + "/rights.gpkg"
        let water = "ws=\(Self.screenDirectory)/water_source.gpkg|layername=water_source"
        let assumed = try CLI.run(["screen", rights, "--against", water, "--assume-crs", "EPSG:4490", "--json"])
        let plain = try CLI.run(["screen", rights, "--against", water, "--json"])
        XCTAssertEqual(assumed.status, 0, assumed.stderr)
        let summary = try XCTUnwrap(try CLI.json(assumed)["summary"] as? [String: Any])
        XCTAssertEqual(summary["prohibited"] as? Int, 1)
        XCTAssertEqual(summary["overlap_area_m2"] as? Double,
                       (try CLI.json(plain)["summary"] as? [String: Any])?["overlap_area_m2"] as? Double)
    }

    /// Ids: a config layer without `id_field` takes the contract's default fields (编号), and a
    /// named field a Shapefile truncated is an error listing the fields.
    func testIDFields() throws {
        let directory = try CLI.temporaryDirectory()
        try """
        rights: {source: \(Self.screenDirectory)/rights.gpkg|layername=rights, id_field: 许可证号}
        layers:
          - {name: red, source: \(Self.screenDirectory)/red_line.geojson}
        """.write(toFile: directory + "/ids.yaml", atomically: true, encoding: .utf8)
        let run = try CLI.run(["screen", "--config", directory + "/ids.yaml", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let ids = (try CLI.json(run)["rights"] as? [[String: Any]] ?? []).flatMap { ($0["overlaps"] as? [[String: Any]] ?? []).compactMap { $0["feature_id"] as? String } }
        XCTAssertFalse(ids.isEmpty)
        XCTAssertTrue(ids.allSatisfy { $0.hasPrefix("HX-") }, "\(ids)")

        try Self.ogr2ogr(["-lco", "ENCODING=UTF-8", directory + "/rights.shp", Self.screenDirectory + "/rights.gpkg", "rights"])
        let shp = try CLI.run(["screen", directory + "/rights.shp", "--id-field", "许可证号", "--against", "red=\(Self.screenDirectory)/red_line.geojson"])
        XCTAssertEqual(shp.status, 1)
        XCTAssertTrue(shp.stderr.contains("id field '许可证号' not found (fields: "), shp.stderr)
        XCTAssertTrue(shp.stderr.contains("矿种, 单位"), shp.stderr)
    }

    /// Every role reads closed LineStrings as polygons (here a footprint drawn as outlines), and
    /// a monitoring layer of which every feature is skipped is an error, not "0 mines".
    func testBoundaryFootprintAsClosedLinesAndAsPoints() throws {
        let directory = try CLI.temporaryDirectory()
        let boundary = CLI.samples + "/boundary"
        try Self.ogr2ogr(["-f", "GPKG", directory + "/lines.gpkg", boundary + "/footprint_2020-04.gpkg", "-dialect", "SQLite",
                          "-sql", "SELECT ST_ExteriorRing(geom) AS geom, * FROM footprint", "-nln", "footprint", "-nlt", "LINESTRING"])
        try Self.ogr2ogr(["-f", "GPKG", directory + "/points.gpkg", boundary + "/footprint_2020-04.gpkg", "-dialect", "SQLite",
                          "-sql", "SELECT MakePoint((MbrMinX(geom) + MbrMaxX(geom)) / 2, (MbrMinY(geom) + MbrMaxY(geom)) / 2, 4524) AS geom, * FROM footprint", "-nln", "footprint"])
        func mines(_ footprint: String) throws -> [String: [Double]] {
            let run = try CLI.run(["boundary", "--licensed", boundary + "/licences.gpkg", "--footprint", footprint, "--id-field", "id", "--json"])
            XCTAssertEqual(run.status, 0, run.stderr)
            return Dictionary(uniqueKeysWithValues: (try CLI.json(run)["mines"] as? [[String: Any]] ?? []).map {
                ($0["id"] as? String ?? "", [$0["footprint_area_m2"] as? Double ?? -1, $0["outside_m2"] as? Double ?? -1])
            })
        }
        let lines = try mines(directory + "/lines.gpkg"), polygons = try mines(boundary + "/footprint_2020-04.gpkg")
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(Set(lines.keys), Set(polygons.keys))
        for (id, want) in polygons {
            XCTAssertEqual(lines[id]?[0] ?? -1, want[0], accuracy: 0.01, id)
            XCTAssertEqual(lines[id]?[1] ?? -1, want[1], accuracy: 0.01, id)
        }
        let points = try CLI.run(["boundary", "--licensed", boundary + "/licences.gpkg", "--footprint", directory + "/points.gpkg", "--id-field", "id"])
        XCTAssertEqual(points.status, 1)
        XCTAssertTrue(points.stderr.contains("\(directory)/points.gpkg: no polygon to check (0 polygons — 4 Points)"), points.stderr)
    }
}
