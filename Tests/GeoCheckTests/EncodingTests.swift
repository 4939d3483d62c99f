import Foundation
import XCTest
@testable import GeoCheck

final class EncodingTests: XCTestCase {
    /// Writes a Shapefile whose attributes are GBK bytes, then removes the .cpg and clears the
    /// DBF language byte: what Chinese agencies usually deliver.
    func makeGBKShapefile(languageByte: UInt8) throws -> String {
        let directory = NSTemporaryDirectory() + "geocheck-gbk-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/reserves.shp"
        let context = try GEOSContext()
        let writer = try VectorWriter(path: path)
        let layer = try writer.createLayer(name: "reserves", crs: try SpatialReference(epsg: 4490), geometryType: .polygon,
                                           fields: [FieldDefinition(name: "NAME", type: .string), FieldDefinition(name: "ZONE", type: .string)],
                                           options: ["ENCODING=CP936"])
        try layer.add(geometry: try context.rectangle(Envelope(minX: 103, minY: 26, maxX: 103.1, maxY: 26.1)),
                      values: [.string("会泽黑颈鹤国家级自然保护区"), .string("核心区")])
        try writer.commit()
        try? FileManager.default.removeItem(atPath: "\(directory)/reserves.cpg")
        let dbf = "\(directory)/reserves.dbf"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dbf)))
        bytes[29] = languageByte
        try Data(bytes).write(to: URL(fileURLWithPath: dbf))
        // The test is only meaningful if the DBF really holds non-UTF-8 (GBK) bytes.
        XCTAssertFalse(TextEncoding.isValidUTF8(bytes[Int(bytes[8]) | Int(bytes[9]) << 8 ..< bytes.count]))
        return path
    }

    func readNames(_ path: String) throws -> [String] {
        let source = try SourceLayer.open(SourceSpec(path))
        var names: [String] = []
        try source.layer.forEachFeature { names.append($0.values[0].description + "/" + $0.values[1].description) }
        return names
    }

    func testGBKShapefileWithoutCPGReadsChinese() throws {
        XCTAssertEqual(try readNames(try makeGBKShapefile(languageByte: 0)), ["会泽黑颈鹤国家级自然保护区/核心区"])
    }

    func testLanguageByte936ReadsChinese() throws {
        XCTAssertEqual(try readNames(try makeGBKShapefile(languageByte: 0x4D)), ["会泽黑颈鹤国家级自然保护区/核心区"])
    }

    func testWrittenShapefileHasCPG() throws {
        let directory = NSTemporaryDirectory() + "geocheck-cpg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let writer = try VectorWriter(path: "\(directory)/out.shp")
        let layer = try writer.createLayer(name: "out", crs: try SpatialReference(epsg: 4490), geometryType: .polygon,
                                           fields: [FieldDefinition(name: "名称", type: .string)])
        try layer.add(geometry: try GEOSContext().rectangle(Envelope(minX: 1, minY: 1, maxX: 2, maxY: 2)), values: [.string("林地")])
        try writer.commit()
        XCTAssertEqual(try String(contentsOfFile: "\(directory)/out.cpg", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), "UTF-8")
        var names: [String] = []
        try SourceLayer.open(SourceSpec("\(directory)/out.shp")).layer.forEachFeature { names.append($0.values[0].description) }
        XCTAssertEqual(names, ["林地"])
    }
}

/// Every output format the writers promise, read back through GDAL.
final class VectorWriterTests: XCTestCase {
    func testWritesEachFormatAndReadsItBack() throws {
        let directory = NSTemporaryDirectory() + "geocheck-formats-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let context = try GEOSContext()
        for name in ["out.gpkg", "out.geojson", "out.shp", "out.csv", "out.xlsx", "out.kml"] {
            let path = "\(directory)/\(name)"
            let writer = try VectorWriter(path: path)
            let geometryType: LayerGeometryType = name.hasSuffix(".xlsx") ? .none : .polygon
            let layer = try writer.createLayer(name: "out", crs: try SpatialReference(epsg: 4490), geometryType: geometryType,
                                               fields: [FieldDefinition(name: "名称", type: .string), FieldDefinition(name: "area_mu", type: .real)])
            try layer.add(geometry: try context.rectangle(Envelope(minX: 114, minY: 34, maxX: 114.01, maxY: 34.01)),
                          values: [.string("嵩山风景名胜区"), .real(1537.04)])
            try writer.commit()
            let dataset = try VectorDataset(path: path)
            var rows: [[String]] = []
            try dataset.layer(at: 0).forEachFeature { record in rows.append(record.values.map(\.description)) }
            XCTAssertEqual(rows.count, 1, name)
            XCTAssertTrue(rows.first?.contains("嵩山风景名胜区") ?? false, "\(name): \(rows)")
            XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: directory).contains { $0.hasPrefix(".geocheck-tmp") })
        }
    }
}
