import Foundation
import XCTest
@testable import GeoCheck

/// The columnar reader (GDAL's Arrow stream) against the feature reader (OGR feature by feature):
/// the same records — FIDs, values with nulls, GBK text, WKB, envelopes, kinds — on GeoPackage,
/// Shapefile and GeoJSON, and the switch to the feature reader where OGR must treat a geometry.
/// Expected values come from the GeoJSON text written here, not from either reader.
final class ArrowReaderTests: XCTestCase {
    static let polygonFeatures = [
        #"{"type":"Feature","properties":{"id":"A1","name":"会泽黑颈鹤国家级自然保护区","n":7,"big":9007199254740993,"r":1.5,"d":"2020-04-01"},"geometry":{"type":"Polygon","coordinates":[[[103,26],[103.5,26],[103.5,26.25],[103,26.25],[103,26]],[[103.1,26.1],[103.2,26.1],[103.2,26.2],[103.1,26.1]]]}}"#,
        #"{"type":"Feature","properties":{"id":"B2","name":null,"n":null,"big":null,"r":null,"d":null},"geometry":{"type":"MultiPolygon","coordinates":[[[[100,30],[101,30],[101,31],[100,30]]],[[[102,29.5],[102.5,29.5],[102.5,32],[102,29.5]]]]}}"#,
        #"{"type":"Feature","properties":{"id":"C3","name":"核心区","n":-2,"big":5,"r":-0.25,"d":"1969-12-31"},"geometry":null}"#,
    ]

    func write(_ features: [String], _ name: String) throws -> String {
        let directory = NSTemporaryDirectory() + "geocheck-arrow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/\(name).geojson"
        let text = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4490"}},"features":["# + features.joined(separator: ",") + "]}"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `ogr2ogr` (gdal-bin) converts the GeoJSON: an independent writer of the other formats.
    func convert(_ geojson: String, to path: String, options: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ogr2ogr")
        process.arguments = options + [path, geojson]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "ogr2ogr \(path)")
        return path
    }

    func read(_ path: String, batches: Bool, fields: [Int]? = nil) throws -> [FeatureRecord] {
        let layer = try SourceLayer.open(SourceSpec(path)).layer
        layer.readsInBatches = batches
        var records: [FeatureRecord] = []
        try layer.forEachFeature(fields: fields) { records.append($0) }
        return records
    }

    /// How far the Arrow stream alone gets through the layer.
    func arrowOutcome(_ path: String) throws -> (ArrowFeatureReader.Outcome, Int) {
        let layer = try SourceLayer.open(SourceSpec(path)).layer
        var count = 0
        let fields = layer.fields
        let outcome = try ArrowFeatureReader.read(layer, fields: fields, wanted: fields.map { _ in true }) { _ in count += 1 }
        return (outcome, count)
    }

    func assertSame(_ a: [FeatureRecord], _ b: [FeatureRecord], _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, label, file: file, line: line)
        for (x, y) in zip(a, b) {
            XCTAssertEqual(x.fid, y.fid, label, file: file, line: line)
            XCTAssertEqual(x.wkb, y.wkb, "\(label) fid \(x.fid)", file: file, line: line)
            XCTAssertEqual(x.envelope, y.envelope, "\(label) fid \(x.fid)", file: file, line: line)
            XCTAssertEqual(x.values, y.values, "\(label) fid \(x.fid)", file: file, line: line)
            XCTAssertEqual(x.repairs, y.repairs, "\(label) fid \(x.fid)", file: file, line: line)
            XCTAssertEqual(x.kind, y.kind, "\(label) fid \(x.fid)", file: file, line: line)
        }
    }

    /// The values written, independent of both readers.
    func assertPolygonSample(_ records: [FeatureRecord], fields: [FieldDefinition], label: String) throws {
        XCTAssertEqual(records.count, 3, label)
        func value(_ row: Int, _ name: String) -> FieldValue { records[row].values[fields.firstIndex { $0.name.lowercased() == name }!] }
        XCTAssertEqual(records.indices.map { value($0, "id") }, [.string("A1"), .string("B2"), .string("C3")], label)
        XCTAssertEqual(value(0, "name"), .string("会泽黑颈鹤国家级自然保护区"), label)
        XCTAssertEqual(value(1, "name"), .null, label)
        XCTAssertEqual(value(2, "name"), .string("核心区"), label)
        XCTAssertEqual(records.indices.map { value($0, "n") }, [.integer(7), .null, .integer(-2)], label)
        XCTAssertEqual(value(0, "big"), .integer(9007199254740993), label)
        XCTAssertEqual(records.indices.map { value($0, "r") }, [.real(1.5), .null, .real(-0.25)], label)
        XCTAssertEqual(records.indices.map { value($0, "d") }, [.date("2020-04-01"), .null, .date("1969-12-31")], label)
        XCTAssertEqual(records[0].envelope, Envelope(minX: 103, minY: 26, maxX: 103.5, maxY: 26.25), label)
        XCTAssertEqual(records[1].envelope, Envelope(minX: 100, minY: 29.5, maxX: 102.5, maxY: 32), label)
        XCTAssertEqual(records.map(\.kind), [.polygon, .polygon, .none], label)
        XCTAssertNil(records[2].wkb, label)
        let context = try GEOSContext()
        let area = try context.geometry(wkb: try XCTUnwrap(records[0].wkb)).planarArea()
        XCTAssertEqual(area, 0.5 * 0.25 - 0.1 * 0.1 / 2, accuracy: 1e-12, label)  // rectangle minus the triangular hole
    }

    func testGeoPackageShapefileGeoJSONGiveTheSameRecordsBothWays() throws {
        let geojson = try write(Self.polygonFeatures, "sample")
        let directory = (geojson as NSString).deletingLastPathComponent
        let gpkg = try convert(geojson, to: "\(directory)/sample.gpkg")
        let shp = try convert(geojson, to: "\(directory)/sample.shp", options: ["-lco", "ENCODING=CP936", "-nlt", "MULTIPOLYGON"])
        let dbf = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/sample.dbf"))
        XCTAssertFalse(TextEncoding.isValidUTF8([UInt8](dbf)), "the DBF holds GBK bytes")
        for path in [geojson, gpkg, shp] {
            let batched = try read(path, batches: true)
            assertSame(batched, try read(path, batches: false), path)
            // C3's date is before 1970, which GDAL 3.6.2's stream writes a day late: from C3 on
            // the feature reader reads.
            let (outcome, count) = try arrowOutcome(path)
            XCTAssertEqual(outcome, .stopped(at: 2), path)
            XCTAssertEqual(count, 2, path)
            let layer = try SourceLayer.open(SourceSpec(path)).layer
            var streamed = 0
            let withoutDates = layer.fields.map { $0.type != .date }
            XCTAssertEqual(try ArrowFeatureReader.read(layer, fields: layer.fields, wanted: withoutDates) { _ in streamed += 1 }, .finished, path)
            XCTAssertEqual(streamed, 3, path)
            try assertPolygonSample(batched, fields: try SourceLayer.open(SourceSpec(path)).layer.fields, label: path)
        }
    }

    func testOnlyTheWantedFieldsAreRead() throws {
        let geojson = try write(Self.polygonFeatures, "sample")
        let gpkg = try convert(geojson, to: (geojson as NSString).deletingLastPathComponent + "/sample.gpkg")
        let fields = try SourceLayer.open(SourceSpec(gpkg)).layer.fields
        let name = try XCTUnwrap(fields.firstIndex { $0.name == "name" })
        let batched = try read(gpkg, batches: true, fields: [name])
        assertSame(batched, try read(gpkg, batches: false, fields: [name]), "wanted fields")
        XCTAssertEqual(batched.map { $0.values[name] }, [.string("会泽黑颈鹤国家级自然保护区"), .null, .string("核心区")])
        for record in batched {
            XCTAssertEqual(record.values.count, fields.count)
            XCTAssertTrue(record.values.indices.allSatisfy { $0 == name || record.values[$0] == .null })
        }
        // A later read of every field is not left with fields ignored.
        XCTAssertEqual(try read(gpkg, batches: true)[0].values[fields.firstIndex { $0.name == "n" }!], .integer(7))
    }

    /// An unclosed ring (OGR closes it and says so) and a closed line (OGR reads a polygon) stop
    /// the stream; the feature reader reads from there, and the records are the feature reader's.
    func testGeometriesOGRMustTreatSwitchToTheFeatureReader() throws {
        let features = Self.polygonFeatures + [
            #"{"type":"Feature","properties":{"id":"D4"},"geometry":{"type":"LineString","coordinates":[[1,1],[2,2],[3,1]]}}"#,
            #"{"type":"Feature","properties":{"id":"E5"},"geometry":{"type":"Point","coordinates":[104.5,25.5]}}"#,
            #"{"type":"Feature","properties":{"id":"F6"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4]]]}}"#,
            #"{"type":"Feature","properties":{"id":"G7"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,0],[1,1],[0,0]]}}"#,
        ]
        let geojson = try write(features, "mixed")
        let gpkg = try convert(geojson, to: (geojson as NSString).deletingLastPathComponent + "/mixed.gpkg")
        for path in [geojson, gpkg] {
            let batched = try read(path, batches: true)
            assertSame(batched, try read(path, batches: false), path)
            XCTAssertEqual(batched.map(\.kind), [.polygon, .polygon, .none, .openLine, .point, .polygon, .polygon], path)
            XCTAssertEqual(batched[5].repairs, ["ring not closed: closed it"], path)
            XCTAssertEqual(batched[3].envelope, Envelope(minX: 1, minY: 1, maxX: 3, maxY: 2), path)
            XCTAssertEqual(batched[4].envelope, Envelope(minX: 104.5, minY: 25.5, maxX: 104.5, maxY: 25.5), path)
            let layer = try SourceLayer.open(SourceSpec(path)).layer
            var count = 0
            let wanted = layer.fields.map { $0.type != .date }  // without the pre-1970 date of C3
            let outcome = try ArrowFeatureReader.read(layer, fields: layer.fields, wanted: wanted) { _ in count += 1 }
            XCTAssertEqual(outcome, .stopped(at: 5), path)
            XCTAssertEqual(count, 5, path)
        }
    }

    /// A --where filter is honoured by both readers, and no field it names is ignored.
    func testAttributeFilterWithWantedFields() throws {
        let geojson = try write(Self.polygonFeatures, "sample")
        let gpkg = try convert(geojson, to: (geojson as NSString).deletingLastPathComponent + "/sample.gpkg")
        for batches in [true, false] {
            let layer = try SourceLayer.open(SourceSpec(gpkg)).layer
            layer.readsInBatches = batches
            try layer.setAttributeFilter("n < 0")
            var ids: [String] = []
            let id = try XCTUnwrap(layer.fields.firstIndex { $0.name == "id" })
            try layer.forEachFeature(fields: [id]) { ids.append($0.values[id].description) }
            XCTAssertEqual(ids, ["C3"])
        }
    }

    /// The screening reads the same with either reader: the sample layers of `samples/screen`.
    func testScreenSamplesReadTheSameBothWays() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples/screen").path
        let files = try FileManager.default.contentsOfDirectory(atPath: root)
            .filter { $0.hasSuffix(".gpkg") || $0.hasSuffix(".shp") || $0.hasSuffix(".geojson") || $0.hasSuffix(".kml") }
        XCTAssertGreaterThan(files.count, 8)
        for file in files.sorted() {
            let path = "\(root)/\(file)"
            assertSame(try read(path, batches: true), try read(path, batches: false), file)
        }
    }
    /// A GeoPackage damaged in the middle fails with the feature reader's own error either way
    /// (the stream stops at the damage; the feature reader reads on and reports it).
    func testDamagedGeoPackageGivesTheFeatureReadersError() throws {
        let features = (0..<4000).map { index -> String in
            let x = 100 + Double(index % 80) * 0.1, y = 25 + Double(index / 80) * 0.1
            return #"{"type":"Feature","properties":{"id":"F\#(index)"},"geometry":{"type":"Polygon","coordinates":[[[\#(x),\#(y)],[\#(x + 0.05),\#(y)],[\#(x + 0.05),\#(y + 0.05)],[\#(x),\#(y)]]]}}"#
        }
        let geojson = try write(features, "many")
        let gpkg = try convert(geojson, to: (geojson as NSString).deletingLastPathComponent + "/many.gpkg", options: ["-lco", "SPATIAL_INDEX=NO"])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: gpkg)))
        for index in (bytes.count * 5 / 10)..<(bytes.count * 7 / 10) { bytes[index] = 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: gpkg))
        func outcome(_ batches: Bool) -> String {
            do {
                return "\(try read(gpkg, batches: batches).count) records"
            } catch {
                return "\(error)"
            }
        }
        let single = outcome(false)
        XCTAssertTrue(single.contains("OGR_L_GetNextFeature"), single)
        XCTAssertEqual(outcome(true), single)
    }
}
