import Foundation
import XCTest
@testable import GeoCheck

/// The platform's path (layers read whole once, `ScreenCatalogue`) and the CLI's (`Screen.run`,
/// layers read near the rights per run) give the same answer for every sample right.
final class ScreenCatalogueTests: XCTestCase {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples").path

    func testCatalogueScreeningEqualsScreenRun() throws {
        let config = try ScreenConfig.load(path: "\(Self.samples)/screen.yaml")
        var options = ScreenOptions()
        options.workers = 2
        let direct = try Screen.run(rights: config.rights, layers: config.layers, options: options).result
        let catalogue = try ScreenCatalogue(layers: config.layers, options: options)
        let viaCatalogue = try catalogue.screen(config.rights, options: options).result
        XCTAssertEqual(catalogue.layers.map(\.name), config.layers.map(\.name))
        XCTAssertEqual(direct.rights.count, viaCatalogue.rights.count)
        XCTAssertGreaterThan(direct.summary.prohibited, 0)
        for (a, b) in zip(direct.rights, viaCatalogue.rights) {
            XCTAssertEqual(a.id, b.id)
            XCTAssertEqual(a.verdict, b.verdict, a.id)
            XCTAssertEqual(a.retainedArea.m2, b.retainedArea.m2, accuracy: 1e-6, a.id)
            XCTAssertEqual(a.overlaps.map { "\($0.layer)/\($0.featureID)" }, b.overlaps.map { "\($0.layer)/\($0.featureID)" }, a.id)
            for (x, y) in zip(a.overlaps, b.overlaps) { XCTAssertEqual(x.area.m2, y.area.m2, accuracy: 1e-6, a.id) }
            XCTAssertEqual(a.near.map(\.featureID), b.near.map(\.featureID), a.id)
        }
    }

    func testBufferOverrideReportsNearFeatures() throws {
        let config = try ScreenConfig.load(path: "\(Self.samples)/screen.yaml")
        let catalogue = try ScreenCatalogue(layers: config.layers)
        var options = ScreenOptions()
        options.workers = 1
        let none = try catalogue.withBuffer(0).screen(config.rights, options: options).result
        let wide = try catalogue.withBuffer(5000).screen(config.rights, options: options).result
        XCTAssertGreaterThan(wide.summary.near, none.summary.near)
        XCTAssertEqual(none.summary.prohibited, wide.summary.prohibited, "a buffer never changes overlaps")
    }
}
