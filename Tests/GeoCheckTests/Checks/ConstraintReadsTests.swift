import Foundation
import XCTest
@testable import GeoCheck

/// Constraint layers read concurrently give what reading them one after another gives: the same
/// result, and the error of the first failing layer in config order.
final class ConstraintReadsTests: XCTestCase {
    let x0 = 38_520_000.0, y0 = 3_800_000.0
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "geocheck-reads-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// A GeoPackage layer of `count` 100 m squares in a row from (x, y), ids "<name>-<i>".
    func write(_ name: String, x: Double, y: Double, count: Int) throws -> String {
        let context = try GEOSContext()
        let path = "\(directory)/\(name).gpkg"
        let writer = try VectorWriter(path: path)
        let layer = try writer.createLayer(name: name, crs: try SpatialReference(epsg: 4526), geometryType: .polygon,
                                           fields: [FieldDefinition(name: "id", type: .string)])
        for index in 0..<count {
            let left = x + Double(index) * 150
            try layer.add(geometry: try context.rectangle(Envelope(minX: left, minY: y, maxX: left + 100, maxY: y + 100)),
                          values: [.string("\(name)-\(index)")])
        }
        try writer.commit()
        return path
    }

    func run(_ layers: [ConstraintSpec], workers: Int) throws -> ScreenResult {
        let rights = RightsSpec(source: try write("rights", x: x0, y: y0, count: 1), idField: "id")
        var options = ScreenOptions()
        options.workers = workers
        return try Screen.run(rights: rights, layers: layers, options: options).result
    }

    func testLayersReadConcurrentlyGiveTheSequentialResult() throws {
        // The right is the square at (x0, y0); each layer's first square overlaps it by 50 × 100 m.
        let layers = try (0..<5).map { index in
            ConstraintSpec(name: "layer\(index)", source: try write("layer\(index)", x: x0 + 50, y: y0, count: 40 + index), idField: "id")
        }
        let sequential = try run(layers, workers: 1)
        let concurrent = try run(layers, workers: 4)
        XCTAssertEqual(concurrent.layers.map(\.name), ["layer0", "layer1", "layer2", "layer3", "layer4"])
        XCTAssertEqual(concurrent.layers.map(\.features), sequential.layers.map(\.features))
        let overlaps = try XCTUnwrap(concurrent.rights.first).overlaps
        XCTAssertEqual(overlaps.map(\.featureID).sorted(), (0..<5).map { "layer\($0)-0" })
        for overlap in overlaps { XCTAssertEqual(overlap.area.m2, 5000, accuracy: 0.5) }  // 50 m × 100 m in GK
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(try encoder.encode(concurrent), try encoder.encode(sequential))
    }

    /// A right's overlaps come in layer (FID) order whether the layer is read through its
    /// spatial index (the rights' window leaves most of it out) or whole: 400 squares written in
    /// a shuffled order, the right over 144 of them, and one square 100 km away that makes the
    /// layer's extent large (index) or not written (whole read).
    func testOverlapsComeInLayerOrderHoweverTheLayerIsRead() throws {
        var generator = SplitMix64(seed: 19)
        let cells = (0..<400).map { ($0 % 20, $0 / 20) }.shuffled(using: &generator)
        let context = try GEOSContext()
        for far in [true, false] {
            let path = "\(directory)/grid-\(far).gpkg"
            let writer = try VectorWriter(path: path)
            let layer = try writer.createLayer(name: "grid", crs: try SpatialReference(epsg: 4526), geometryType: .polygon,
                                               fields: [FieldDefinition(name: "id", type: .string)])
            for (column, row) in cells {
                let (left, bottom) = (x0 + Double(column) * 100, y0 + Double(row) * 100)
                try layer.add(geometry: try context.rectangle(Envelope(minX: left, minY: bottom, maxX: left + 100, maxY: bottom + 100)),
                              values: [.string("c\(column)r\(row)")])
            }
            if far {
                try layer.add(geometry: try context.rectangle(Envelope(minX: x0 + 100_000, minY: y0 + 100_000, maxX: x0 + 100_100, maxY: y0 + 100_100)),
                              values: [.string("far")])
            }
            try writer.commit()
            let opened = try VectorDataset(path: path)
            let window = Envelope(minX: x0 + 450 - 1000, minY: y0 + 450 - 1000, maxX: x0 + 1550 + 1000, maxY: y0 + 1550 + 1000)
            XCTAssertEqual(ConstraintInput.coversMostOf(try opened.layer(named: "grid").knownExtent, window), !far)

            let rightsPath = "\(directory)/right-\(far).gpkg"
            let rightsWriter = try VectorWriter(path: rightsPath)
            let rights = try rightsWriter.createLayer(name: "rights", crs: try SpatialReference(epsg: 4526), geometryType: .polygon,
                                                      fields: [FieldDefinition(name: "id", type: .string)])
            try rights.add(geometry: try context.rectangle(Envelope(minX: x0 + 450, minY: y0 + 450, maxX: x0 + 1550, maxY: y0 + 1550)),
                           values: [.string("R")])
            try rightsWriter.commit()
            let result = try Screen.run(rights: RightsSpec(source: rightsPath, idField: "id"),
                                        layers: [ConstraintSpec(name: "grid", source: path, idField: "id")], options: ScreenOptions()).result
            let expected = cells.filter { (4...15).contains($0.0) && (4...15).contains($0.1) }.map { "c\($0.0)r\($0.1)" }
            XCTAssertEqual(try XCTUnwrap(result.rights.first).overlaps.map(\.featureID), expected, far ? "index" : "whole")
        }
    }

    /// One rule for which features are read, whatever the format and read path: a feature whose
    /// box meets the rights' window but whose shape does not (an L around the window's corner)
    /// is left out, in a GeoPackage (whose index tests boxes) and a Shapefile (whose filter tests
    /// shapes), read through the index (a far square makes the layer's extent large) or whole.
    func testFeaturesWhoseBoxOnlyMeetsTheWindowAreLeftOut() throws {
        let context = try GEOSContext()
        // The right: 100 m square at (x0, y0); the window: it grown by 1,000 m.
        let (low, high) = (-1_000.0, 1_100.0)
        // An L whose box reaches 500 m into the window's top-right corner but whose arms stay
        // 100 m outside it (beyond x0 + 1,100 and y0 + 1,100).
        let l = [high + 100, high - 500, high + 600, high - 500, high + 600, high + 600, high - 500, high + 600,
                 high - 500, high + 100, high + 100, high + 100, high + 100, high - 500].enumerated().map { $0.offset % 2 == 0 ? x0 + $0.element : y0 + $0.element }
        for (format, far) in [("gpkg", true), ("gpkg", false), ("shp", true), ("shp", false)] {
            let path = "\(directory)/l-\(format)-\(far).\(format)"
            let writer = try VectorWriter(path: path)
            let layer = try writer.createLayer(name: "zones", crs: try SpatialReference(epsg: 4526), geometryType: .polygon,
                                               fields: [FieldDefinition(name: "id", type: .string)])
            try layer.add(geometry: try context.rectangle(Envelope(minX: x0 + 50, minY: y0, maxX: x0 + 150, maxY: y0 + 100)), values: [.string("over")])
            try layer.add(geometry: try context.polygon(rings: [l + [l[0], l[1]]]), values: [.string("L")])
            try layer.add(geometry: try context.rectangle(Envelope(minX: x0 + low, minY: y0 + low - 300, maxX: x0 + low + 100, maxY: y0 + low - 200)),
                          values: [.string("below")])  // wholly outside, box too
            if far {
                try layer.add(geometry: try context.rectangle(Envelope(minX: x0 + 100_000, minY: y0 + 100_000, maxX: x0 + 100_100, maxY: y0 + 100_100)),
                              values: [.string("far")])
            }
            try writer.commit()
            let rights = RightsSpec(source: try write("rights-\(format)-\(far)", x: x0, y: y0, count: 1), idField: "id")
            let result = try Screen.run(rights: rights, layers: [ConstraintSpec(name: "zones", source: path, idField: "id")],
                                        options: ScreenOptions()).result
            XCTAssertEqual(result.layers.map(\.features), [1], "\(format), \(far ? "index" : "whole")")
            XCTAssertEqual(try XCTUnwrap(result.rights.first).overlaps.map(\.featureID), ["over"])
        }
    }

    func testWindowCoveringMostOfALayer() {
        let extent = Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10)
        XCTAssertTrue(ConstraintInput.coversMostOf(extent, Envelope(minX: -5, minY: -5, maxX: 20, maxY: 20)))
        XCTAssertTrue(ConstraintInput.coversMostOf(extent, Envelope(minX: 0, minY: 0, maxX: 10, maxY: 5)))  // half
        XCTAssertFalse(ConstraintInput.coversMostOf(extent, Envelope(minX: 0, minY: 0, maxX: 5, maxY: 5)))  // a quarter
        XCTAssertFalse(ConstraintInput.coversMostOf(extent, Envelope(minX: 20, minY: 20, maxX: 30, maxY: 30)))
        XCTAssertFalse(ConstraintInput.coversMostOf(nil, Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10)))
        XCTAssertFalse(ConstraintInput.coversMostOf(Envelope(minX: 1, minY: 1, maxX: 1, maxY: 1), Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10)))
    }

    func testTheFirstFailingLayerInConfigOrderNamesTheError() throws {
        let good = ConstraintSpec(name: "good", source: try write("good", x: x0, y: y0, count: 3000), idField: "id")
        let badA = ConstraintSpec(name: "badA", source: try write("a", x: x0, y: y0, count: 2), idField: "nope")
        let badB = ConstraintSpec(name: "badB", source: try write("b", x: x0, y: y0, count: 2), idField: "nope")
        let missing = ConstraintSpec(name: "missing", source: "\(directory)/missing.gpkg", idField: "id")
        func message(_ layers: [ConstraintSpec]) -> String {
            do {
                _ = try run(layers, workers: 3)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        for _ in 0..<5 {
            XCTAssertTrue(message([good, badA, badB]).contains("layer 'badA'"), message([good, badA, badB]))
            XCTAssertTrue(message([badB, good, badA]).contains("layer 'badB'"))
            // A layer that cannot be read comes before a later one that cannot be opened.
            XCTAssertTrue(message([good, badA, missing]).contains("layer 'badA'"))
            XCTAssertTrue(message([good, missing, badA]).contains("missing.gpkg"))
        }
    }
}
