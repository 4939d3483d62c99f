import Foundation
import XCTest
@testable import GeoCheck

/// The packed R-tree over piece boxes against a brute-force scan.
final class PieceIndexTests: XCTestCase {
    func testQueriesMatchABruteForceScan() {
        var seed: UInt64 = 42
        func next() -> Double {  // a fixed sequence (xorshift), so failures repeat
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Double(seed % 1_000_000) / 1_000_000
        }
        // Above `parallelFrom` the keys are computed and sorted in two halves, then merged.
        for count in [0, 1, 15, 16, 17, 300, 5_000, PieceIndex.parallelFrom + 1_001] {
            let boxes = (0..<count).map { _ -> Envelope in
                let (x, y, w, h) = (next() * 100, next() * 50, next() * 2, next() * 2)
                return Envelope(minX: x, minY: y, maxX: x + w, maxY: y + h)
            }
            let index = PieceIndex(boxes)
            // The whole extent (every node visited: the deepest stack) and a point.
            let all = Envelope(minX: -1, minY: -1, maxX: 103, maxY: 53)
            XCTAssertEqual(index.query(all), Array(boxes.indices), "\(count) boxes, whole extent")
            let point = Envelope(minX: 50, minY: 25, maxX: 50, maxY: 25)
            XCTAssertEqual(index.query(point), boxes.indices.filter { boxes[$0].intersects(point) }, "\(count) boxes, a point")
            for _ in 0..<50 {
                let (x, y, w, h) = (next() * 100, next() * 50, next() * 10, next() * 10)
                let window = Envelope(minX: x, minY: y, maxX: x + w, maxY: y + h)
                XCTAssertEqual(index.query(window), boxes.indices.filter { boxes[$0].intersects(window) }, "\(count) boxes")
            }
        }
    }

    /// The radix order against the standard library's stable sort, on keys with many ties and
    /// keys differing only in their high bytes.
    func testRadixOrderIsAStableSort() {
        var generator = SplitMix64(seed: 256)
        for count in [0, 1, 2, 100, 10_000] {
            for spread in [UInt32(3), 1 << 24, .max] {
                let keys = (0..<count).map { _ in UInt32.random(in: 0...spread, using: &generator) & (spread == 1 << 24 ? 0xFF00_0000 | 0xFF : .max) }
                XCTAssertEqual(PieceIndex.radixOrder(keys), keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }, "\(count) keys up to \(spread)")
            }
        }
    }
}
