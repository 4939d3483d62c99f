import Foundation
import XCTest
@testable import GeoCheck

/// `WKBStore`: copies across buffer ends, copies of a store appending apart, bytes kept in place
/// by their owner; and the red-line reader's use of it: WKB kept in GDAL's Arrow batches is still
/// the feature reader's WKB after the dataset is closed.
final class WKBStoreTests: XCTestCase {
    /// Deterministic bytes of `count`, different per `seed` (4 KiB of them repeated).
    func bytes(_ count: Int, seed: Int) -> [UInt8] {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let block = (0..<min(count, 4096)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        guard count > block.count else { return block }
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count { result += block.prefix(count - result.count) }
        return result
    }

    func read(_ store: WKBStore, _ slot: WKBStore.Slot) -> [UInt8] {
        store.withBytes(slot) { [UInt8]($0) }
    }

    func testCopiesAcrossBufferEndsAndLongerThanABuffer() {
        var store = WKBStore()
        var kept: [(WKBStore.Slot, [UInt8])] = []
        // ~3 buffers of small ones, an empty one, and two longer than a buffer in between.
        var sizes = (0..<3000).map { 1 + ($0 * 7919) % 8000 }
        sizes.insert(0, at: 10)
        sizes.insert(WKBStore.chunkSize + 5, at: 500)
        sizes.insert(WKBStore.chunkSize * 2, at: 1500)
        for (seed, size) in sizes.enumerated() {
            let value = bytes(size, seed: seed)
            kept.append((store.append(value), value))
        }
        for (index, (slot, value)) in kept.enumerated() {
            XCTAssertTrue(read(store, slot) == value, "\(index)")
        }
    }

    /// Two copies of a store appending after the copy: neither overwrites what the other wrote.
    func testCopiesOfAStoreAppendApart() {
        var first = WKBStore()
        let shared = first.append(bytes(100, seed: 1))
        var second = first
        let a = first.append(bytes(200, seed: 2))
        let b = second.append(bytes(300, seed: 3))
        let c = first.append(bytes(50, seed: 4))
        let d = second.append(bytes(60, seed: 5))
        XCTAssertTrue(read(first, shared) == bytes(100, seed: 1), "shared")
        XCTAssertTrue(read(second, shared) == bytes(100, seed: 1), "shared")
        XCTAssertTrue(read(first, a) == bytes(200, seed: 2), "a")
        XCTAssertTrue(read(second, b) == bytes(300, seed: 3), "b")
        XCTAssertTrue(read(first, c) == bytes(50, seed: 4), "c")
        XCTAssertTrue(read(second, d) == bytes(60, seed: 5), "d")
    }

    final class Owner {
        let bytes: UnsafeMutableRawBufferPointer
        let freed: (Int) -> Void
        let tag: Int

        init(_ values: [UInt8], tag: Int, freed: @escaping (Int) -> Void) {
            bytes = .allocate(byteCount: values.count, alignment: 8)
            bytes.copyBytes(from: values)
            self.tag = tag
            self.freed = freed
        }

        deinit {
            bytes.initializeMemory(as: UInt8.self, repeating: 0xEE)
            bytes.deallocate()
            freed(tag)
        }
    }

    /// Bytes kept in place stay valid while the store (or a copy) lives, and their owners are
    /// let go with the last store that holds them, not before.
    func testBytesKeptInPlaceLiveAsLongAsTheStore() {
        var freed: [Int] = []
        var copy: WKBStore?
        do {
            var store = WKBStore()
            var slots: [(WKBStore.Slot, [UInt8])] = []
            for tag in 0..<3 {
                let values = bytes(1000, seed: 10 + tag)
                let owner = Owner(values, tag: tag) { freed.append($0) }
                // Several features of one owner, as rows of one batch.
                for start in stride(from: 0, to: 1000, by: 250) {
                    let view = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(owner.bytes)[start..<start + 250])
                    slots.append((store.append(view, owner: owner), Array(values[start..<start + 250])))
                }
                slots.append((store.append(UnsafeRawBufferPointer(owner.bytes), owner: nil), values))  // a copy
            }
            XCTAssertEqual(freed, [], "owners held by the store")
            for (index, (slot, value)) in slots.enumerated() { XCTAssertTrue(read(store, slot) == value, "\(index)") }
            copy = store
        }
        XCTAssertNotNil(copy)
        XCTAssertEqual(freed, [], "owners held by the copy")
        copy = nil
        XCTAssertEqual(freed.sorted(), [0, 1, 2])
    }

    /// A buffer whose slots were copied (`copy`) is let go (`letGo`) while the copies stay
    /// readable; the other buffers stay.
    func testBuffersLetGoAfterTheirSlotsAreCopied() {
        var freed: [Int] = []
        var store = WKBStore()
        var slots: [(WKBStore.Slot, [UInt8])] = []
        var owners: [Owner] = []
        for tag in 0..<3 {
            let values = bytes(800, seed: 20 + tag)
            let owner = Owner(values, tag: tag) { freed.append($0) }
            owners.append(owner)
            for feature in 0..<4 {
                let range = feature * 200..<feature * 200 + 200
                let view = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(owner.bytes)[range])
                var slot = store.append(view, owner: owner)
                if tag != 1 { slot = store.copy(slot) }
                slots.append((slot, Array(values[range])))
            }
            if tag != 1 { store.letGo(owner) }
        }
        owners.removeAll()
        XCTAssertEqual(freed.sorted(), [0, 2], "the buffers let go are freed, the one kept is not")
        for (index, (slot, value)) in slots.enumerated() { XCTAssertTrue(read(store, slot) == value, "\(index)") }
        store = WKBStore()
        XCTAssertEqual(freed.sorted(), [0, 1, 2])
    }

    /// A window that leaves most of each batch out: the constraint reader copies what it keeps
    /// and holds no batch; a window that keeps everything holds every batch and copies nothing.
    /// Either way each record's WKB is the feature reader's.
    func testConstraintReaderLetsSparseBatchesGo() throws {
        let directory = NSTemporaryDirectory() + "geocheck-wkbstore-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 38,000 cells crowded into the south-west corner, 2,000 spread over the east.
        var text = "id,WKT\n"
        for index in 0..<40_000 {
            let (x, y) = index < 38_000 ? (100 + Double(index % 200) * 0.005, 25 + Double(index / 200) * 0.005)
                                        : (104.5 + Double(index % 40) * 0.12, 25.5 + Double((index - 38_000) / 40) * 0.18)
            text += "C\(index),\"POLYGON((\(x) \(y),\(x + 0.002) \(y),\(x + 0.002) \(y + 0.002),\(x) \(y)))\"\n"
        }
        try text.write(toFile: "\(directory)/cells.csv", atomically: true, encoding: .utf8)
        let gpkg = "\(directory)/cells.gpkg"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ogr2ogr")
        process.arguments = ["-a_srs", "EPSG:4490", "-nln", "cells", gpkg, "\(directory)/cells.csv"]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)

        var expected: [String: [UInt8]] = [:]
        let reference = try SourceLayer.open(SourceSpec(gpkg)).layer
        reference.readsInBatches = false
        let idIndex = try XCTUnwrap(reference.fields.firstIndex { $0.name == "id" })
        try reference.forEachFeature { expected[$0.values[idIndex].description] = try XCTUnwrap($0.wkb) }

        let crs = try SpatialReference(epsg: 4490)
        let spec = ConstraintSpec(name: "cells", source: gpkg, idField: "id")
        // East of 103°: 65 % of the layer's box (read without its index), 2,000 of its 40,000 features.
        let sparse = try ConstraintInput.read(try SourceLayer.open(SourceSpec(gpkg)), spec: spec,
                                              rightsExtent: Envelope(minX: 103, minY: 25.5, maxX: 109.5, maxY: 34.5), rightsCRS: crs)
        XCTAssertEqual(sparse.records.count, 2_000)
        XCTAssertEqual(sparse.geometries.buffersHeld, 0, "no batch held, the copies in the current buffer")
        // Everything: the batches held, nothing copied.
        let dense = try ConstraintInput.read(try SourceLayer.open(SourceSpec(gpkg)), spec: spec,
                                             rightsExtent: Envelope(minX: 100, minY: 25, maxX: 110, maxY: 35), rightsCRS: crs)
        XCTAssertEqual(dense.records.count, 40_000)
        XCTAssertEqual(dense.geometries.buffersHeld, 3, "40,000 features in 3 batches")
        for input in [sparse, dense] {
            for index in input.records.indices where input.withWKB(of: index, { [UInt8]($0) }) != expected[input.records[index].id] {
                XCTFail("\(input.records.count) records: feature \(input.records[index].id) differs")
                break
            }
        }
    }

    /// 40,000 small polygons (three batches of the stream) read as the constraint reader reads
    /// them: WKB kept in the batches, then the dataset closed. Every feature's WKB is the feature
    /// reader's, byte for byte.
    func testArrowBatchesKeptAfterTheDatasetIsClosed() throws {
        let directory = NSTemporaryDirectory() + "geocheck-wkbstore-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let csv = "\(directory)/cells.csv"
        var text = "id,WKT\n"
        for index in 0..<40_000 {
            let x = 100 + Double(index % 200) * 0.01, y = 25 + Double(index / 200) * 0.01
            let corners = 3 + index % 7
            let ring = (0...corners).map { k -> String in
                let angle = Double(k % corners) / Double(corners) * 2 * .pi
                return "\(x + 0.004 * cos(angle)) \(y + 0.004 * sin(angle))"
            }
            text += "C\(index),\"POLYGON((\(ring.joined(separator: ","))))\"\n"
        }
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let gpkg = "\(directory)/cells.gpkg"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ogr2ogr")
        process.arguments = ["-a_srs", "EPSG:4490", "-nln", "cells", gpkg, csv]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)

        var expected: [[UInt8]] = []
        let reference = try SourceLayer.open(SourceSpec(gpkg)).layer
        reference.readsInBatches = false
        try reference.forEachFeature { expected.append(try XCTUnwrap($0.wkb)) }
        XCTAssertEqual(expected.count, 40_000)

        var store = WKBStore()
        var slots: [WKBStore.Slot] = []
        var owned = 0
        do {
            let layer = try SourceLayer.open(SourceSpec(gpkg)).layer
            try layer.forEachFeatureView { feature in
                if feature.owner != nil { owned += 1 }
                slots.append(store.append(try XCTUnwrap(feature.wkb), owner: feature.owner))
            }
        }
        XCTAssertEqual(owned, 40_000, "every feature came from a batch")
        XCTAssertEqual(slots.count, expected.count)
        for (index, slot) in slots.enumerated() where read(store, slot) != expected[index] {
            XCTFail("feature \(index): WKB differs")
            break
        }
    }
}
