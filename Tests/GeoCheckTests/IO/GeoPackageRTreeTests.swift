import Foundation
import XCTest
@testable import GeoCheck

/// `GeoPackageRTree`: the spatial index `VectorWriter` packs for a GeoPackage layer holds what
/// GDAL's own index holds (GDAL builds the second file), passes SQLite's `rtreecheck`, answers
/// GDAL's spatial filters as a scan of the squares does, and its triggers keep it in step when the
/// file is edited later.
final class GeoPackageRTreeTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "geocheck-rtree-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `count` squares over ~100 km from `origin` (by default in a Gauss-Krüger zone, 38,450 km
    /// east), 1 m to 2 km wide (seeded); nil every 89th (no geometry) and an empty polygon every
    /// 97th, neither of which is indexed.
    func squares(_ count: Int, origin: (x: Double, y: Double) = (38_450_000, 3_300_000)) -> [(x: Double, y: Double, size: Double)?] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        return (0..<count).map { index in
            let square = (x: origin.x + next() * 100_000, y: origin.y + next() * 100_000, size: 1 + next() * 2_000)
            return index % 89 == 7 ? nil : square
        }
    }

    /// The squares as a layer "parcels"; `nanEvery`: every so many squares, the x of the first
    /// (and closing) corner is NaN, which makes OGR's box of it NaN in x.
    func write(_ path: String, count: Int, origin: (x: Double, y: Double) = (38_450_000, 3_300_000), epsg: Int = 4527,
               nanEvery: Int? = nil, options: [String] = []) throws {
        let writer = try VectorWriter(path: path)
        let layer = try writer.createLayer(name: "parcels", crs: try SpatialReference(epsg: epsg), geometryType: .multiPolygon,
                                           fields: [.text("id")], options: options)
        let context = try GEOSContext()
        for (index, square) in squares(count, origin: origin).enumerated() {
            guard let (x, y, size) = square else {
                try layer.add(geometry: nil, values: [.string("P\(index)")])
                continue
            }
            var ring = [x, y, x + size, y, x + size, y + size, x, y + size, x, y]
            if let nanEvery, index % nanEvery == 3 {
                (ring[0], ring[8]) = (.nan, .nan)
                try layer.add(wkb: polygonWKB(ring), values: [.string("P\(index)")])
                continue
            }
            try layer.add(geometry: index % 97 == 5 ? try context.emptyPolygon() : try context.polygon(rings: [ring]),
                          values: [.string("P\(index)")])
        }
        try writer.commit()
    }

    /// Little-endian WKB of a one-ring polygon (GEOS would refuse a ring closed by NaNs).
    func polygonWKB(_ ring: [Double]) -> [UInt8] {
        var bytes: [UInt8] = [1]
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        put(UInt32(3))
        put(UInt32(1))
        put(UInt32(ring.count / 2))
        for value in ring { put(value.bitPattern) }
        return bytes
    }

    func rows(_ path: String, _ sql: String) throws -> [[String]] {
        try VectorDataset(path: path).rows(sql)
    }

    /// 0, 1, a full root, one more, 51² (two full levels), 51 × 52 + 1 (three levels), and more;
    /// then west and south of the origin (negative coordinates round the other way).
    func testPackedIndexHoldsWhatGDALsHoldsAndPassesSQLitesCheck() throws {
        let cases = [0, 1, 51, 52, 2_601, 2_653, 7_000].map { ($0, (x: 38_450_000.0, y: 3_300_000.0), 4527) }
            + [(52, (x: -8_050_000.0, y: -3_400_000.0), 3857), (2_653, (x: -8_050_000.0, y: -3_400_000.0), 3857)]
        for (number, (count, origin, epsg)) in cases.enumerated() {
            let ours = "\(directory)/ours-\(number).gpkg", gdals = "\(directory)/gdal-\(number).gpkg"
            try write(ours, count: count, origin: origin, epsg: epsg)
            try write(gdals, count: count, origin: origin, epsg: epsg, options: ["SPATIAL_INDEX=YES"])
            let entries = "SELECT id, minx, maxx, miny, maxy FROM rtree_parcels_geom ORDER BY id"
            let expected = try rows(gdals, entries)
            XCTAssertEqual(try rows(ours, entries), expected, "\(count) squares")
            XCTAssertEqual(expected.count, squares(count, origin: origin).enumerated().filter { $0.element != nil && $0.offset % 97 != 5 }.count)
            XCTAssertEqual(try rows(ours, "SELECT rtreecheck('rtree_parcels_geom')"), [["ok"]], "\(count) squares")
            // The same triggers and extension row as GDAL writes.
            let schema = "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'rtree_parcels_geom%' ORDER BY name"
            XCTAssertEqual(try rows(ours, schema), try rows(gdals, schema), "\(count) squares")
            let extensions = "SELECT table_name, column_name, extension_name, definition, scope FROM gpkg_extensions"
            XCTAssertEqual(try rows(ours, extensions), try rows(gdals, extensions))
        }
    }

    /// GDAL reads the file with a spatial filter through the index: the same squares as through
    /// GDAL's own index, which are those a scan of their boxes finds and, as the index keeps boxes
    /// as floats (4 m apart at 38,500 km east), squares less than 8 m outside the window.
    func testSpatialFiltersFindWhatGDALsIndexAndAScanFind() throws {
        let ours = "\(directory)/ours.gpkg", gdals = "\(directory)/gdal.gpkg"
        try write(ours, count: 3_000)
        try write(gdals, count: 3_000, options: ["SPATIAL_INDEX=YES"])
        let all = squares(3_000)
        func found(_ path: String, _ box: Envelope) throws -> Set<String> {
            let layer = try VectorDataset(path: path).layer(named: "parcels")
            XCTAssertTrue(layer.hasFastSpatialFilter, "\(path): the filter goes through the index")
            let idIndex = try XCTUnwrap(layer.fields.firstIndex { $0.name == "id" })
            layer.setSpatialFilter(box)
            var found: Set<String> = []
            try layer.forEachFeature { found.insert($0.values[idIndex].description) }
            return found
        }
        for window in 0..<12 {
            let (x, y, size) = (38_450_000 + Double(window) * 7_919.3, 3_300_000 + Double(window * 37 % 12) * 8_111.7, 3_000 + Double(window) * 2_500.5)
            let box = Envelope(minX: x, minY: y, maxX: x + size, maxY: y + size)
            func scan(_ margin: Double) -> Set<String> {
                Set(all.enumerated().compactMap { index, square -> String? in
                    guard let (sx, sy, side) = square, index % 97 != 5 else { return nil }
                    let hit = sx <= box.maxX + margin && sx + side >= box.minX - margin && sy <= box.maxY + margin && sy + side >= box.minY - margin
                    return hit ? "P\(index)" : nil
                })
            }
            let indexed = try found(ours, box)
            XCTAssertEqual(indexed, try found(gdals, box), "window \(window)")
            XCTAssertFalse(scan(0).isEmpty, "window \(window)")
            XCTAssertTrue(scan(0).isSubset(of: indexed), "window \(window): missed \(scan(0).subtracting(indexed).sorted())")
            XCTAssertTrue(indexed.isSubset(of: scan(8)), "window \(window): far off \(indexed.subtracting(scan(8)).sorted())")
        }
    }

    /// A NaN coordinate is 0 in the index, as SQLite stores it through GDAL, and hides no other
    /// feature from a search.
    func testNaNCoordinatesHideNothing() throws {
        let ours = "\(directory)/ours.gpkg", gdals = "\(directory)/gdal.gpkg"
        try write(ours, count: 300, nanEvery: 33)
        try write(gdals, count: 300, nanEvery: 33, options: ["SPATIAL_INDEX=YES"])
        let entries = "SELECT id, minx, maxx, miny, maxy FROM rtree_parcels_geom ORDER BY id"
        XCTAssertEqual(try rows(ours, entries), try rows(gdals, entries))
        XCTAssertEqual(try rows(ours, "SELECT rtreecheck('rtree_parcels_geom')"), [["ok"]])
        let everything = "SELECT count(*) FROM rtree_parcels_geom WHERE maxx >= 38000000 AND minx <= 39000000 AND maxy >= 3000000 AND miny <= 4000000"
        let finite = squares(300).enumerated().filter { $0.element != nil && $0.offset % 97 != 5 && $0.offset % 33 != 3 }.count
        XCTAssertEqual(try rows(ours, everything), [["\(finite)"]])
    }

    /// Deleting, renumbering and adding features in the written file keep the index right.
    func testTriggersKeepTheIndexInStepWithEdits() throws {
        let path = "\(directory)/parcels.gpkg"
        try write(path, count: 500)
        do {
            let dataset = try VectorDataset(path: path, update: true)
            try dataset.execute("DELETE FROM parcels WHERE fid = 10")
            try dataset.execute("UPDATE parcels SET fid = 100000 WHERE fid = 11")
            let layer = try dataset.layer(named: "parcels")
            let context = try GEOSContext()
            let added = try layer.createFeature(values: [(index: 0, value: .string("new"))],
                                                geometry: try context.polygon(rings: [[38_400_000, 3_200_000, 38_400_010, 3_200_000,
                                                                                       38_400_010, 3_200_010, 38_400_000, 3_200_000]]))
            XCTAssertEqual(try dataset.rows("SELECT minx, maxy FROM rtree_parcels_geom WHERE id = \(added.fid)"), [["38400000", "3200010"]])
        }
        XCTAssertEqual(try rows(path, "SELECT count(*) FROM rtree_parcels_geom WHERE id IN (10, 11)"), [["0"]])
        XCTAssertEqual(try rows(path, "SELECT count(*) FROM rtree_parcels_geom WHERE id = 100000"), [["1"]])
        XCTAssertEqual(try rows(path, "SELECT rtreecheck('rtree_parcels_geom')"), [["ok"]])
        let indexed = "SELECT count(*) FROM parcels WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)"
        XCTAssertEqual(try rows(path, "SELECT count(*) FROM rtree_parcels_geom"), try rows(path, indexed))
    }
}
