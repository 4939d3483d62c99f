import CGDAL
import Foundation
import XCTest
@testable import GeoCheck

/// The Arrow C data interface columns and the WKB summary on hand-made bytes.
final class ArrowColumnTests: XCTestCase {
    // MARK: WKB built by hand: byte order 1, type, counts, little-endian doubles

    func wkb(_ type: UInt32, _ body: [UInt8] = [], order: UInt8 = 1) -> [UInt8] {
        [order] + withUnsafeBytes(of: type.littleEndian, Array.init) + body
    }
    func count(_ n: UInt32) -> [UInt8] { withUnsafeBytes(of: n.littleEndian, Array.init) }
    func points(_ xy: [(Double, Double)]) -> [UInt8] {
        count(UInt32(xy.count)) + xy.flatMap { withUnsafeBytes(of: $0.0, Array.init) + withUnsafeBytes(of: $0.1, Array.init) }
    }
    func summary(_ bytes: [UInt8]) -> WKBSummary? { bytes.withUnsafeBytes { WKBSummary($0) } }

    let square = [(0.0, 0.0), (2.0, 0.0), (2.0, 3.0), (0.0, 3.0), (0.0, 0.0)]

    func testPolygonsPointsAndOpenLinesAreSummarised() throws {
        let polygon = wkb(3, count(1) + points(square))
        XCTAssertEqual(summary(polygon)?.kind, .polygon)
        XCTAssertEqual(summary(polygon)?.envelope, Envelope(minX: 0, minY: 0, maxX: 2, maxY: 3))
        let shifted = wkb(3, count(1) + points(square.map { ($0.0 - 5, $0.1 + 1) }))
        let multi = wkb(6, count(2) + polygon + shifted)
        XCTAssertEqual(summary(multi)?.kind, .polygon)
        XCTAssertEqual(summary(multi)?.envelope, Envelope(minX: -5, minY: 0, maxX: 2, maxY: 4))
        let point = wkb(1, Array(points([(7, 8)]).dropFirst(4)))
        XCTAssertEqual(summary(point)?.kind, .point)
        XCTAssertEqual(summary(point)?.envelope, Envelope(minX: 7, minY: 8, maxX: 7, maxY: 8))
        XCTAssertEqual(summary(wkb(2, points([(0, 0), (1, 5), (2, 0)])))?.kind, .openLine)
        // Four points, last = first: a closed line, which OGR reads as a polygon.
        XCTAssertNil(summary(wkb(2, points([(0, 0), (1, 5), (2, 0), (0, 0)]))))
        let open = wkb(2, points([(0, 0), (1, 1)]))
        let closed = wkb(2, points([(0, 0), (1, 5), (2, 0), (0, 0)]))
        XCTAssertEqual(summary(wkb(5, count(2) + closed + open))?.kind, .openLine)
        XCTAssertNil(summary(wkb(5, count(2) + closed + closed)))
    }

    func testWhatOGRMustReadIsNotSummarised() {
        let ring = points(square)
        XCTAssertNil(summary(wkb(3, count(1) + points(Array(square.dropLast())))), "unclosed ring")
        XCTAssertNil(summary(wkb(3, count(1) + ring, order: 0)), "big-endian")
        XCTAssertNil(summary(wkb(1003, count(1) + ring)), "Z")
        XCTAssertNil(summary(wkb(10, count(1) + wkb(2, ring))), "CurvePolygon")
        XCTAssertNil(summary(wkb(7, count(1) + wkb(3, count(1) + ring))), "GeometryCollection")
        XCTAssertNil(summary(wkb(3, count(0))), "empty polygon")
        XCTAssertNil(summary(wkb(6, count(1) + wkb(3, count(0)))), "empty part")
        XCTAssertNil(summary(wkb(3, count(1) + ring + [0])), "trailing byte")
        XCTAssertNil(summary(Array(wkb(3, count(1) + ring).dropLast())), "truncated")
        XCTAssertNil(summary(wkb(3, count(1) + count(1_000_000) + Array(ring.dropFirst(4)))), "count past the end")
        XCTAssertNil(summary(wkb(1, Array(points([(.nan, .nan)]).dropFirst(4)))), "empty point")
        XCTAssertNil(summary(wkb(3, count(1) + points([(0, 0), (1, .nan), (1, 1), (0, 0)]))), "NaN in a ring")
        XCTAssertNil(summary(wkb(3, count(1) + points([(0, 0), (.infinity, 0), (1, 1), (0, 0)]))), "infinite")
        XCTAssertNil(summary(wkb(2, points([(-.infinity, 0), (.infinity, 0)]))), "infinities that sum to NaN")
        XCTAssertNil(summary(wkb(6, count(1) + wkb(6, count(1) + ring))), "a part of the wrong type")
    }

    // MARK: columns over buffers made here

    /// Runs `body` on an ArrowArray over `buffers` (validity first).
    func withArray<T>(length: Int, offset: Int = 0, nullCount: Int, buffers: [[UInt8]?], _ body: (UnsafePointer<ArrowArray>) -> T) -> T {
        let copies = buffers.map { bytes -> UnsafeMutableRawPointer? in
            guard let bytes else { return nil }
            let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
            memory.copyMemory(from: bytes, byteCount: bytes.count)
            return memory
        }
        defer { copies.forEach { $0?.deallocate() } }
        var pointers = copies.map { UnsafeRawPointer($0) }
        return pointers.withUnsafeMutableBufferPointer { list in
            var array = ArrowArray(length: Int64(length), null_count: Int64(nullCount), offset: Int64(offset),
                                   n_buffers: Int64(buffers.count), n_children: 0, buffers: list.baseAddress,
                                   children: nil, dictionary: nil, release: nil, private_data: nil)
            return withUnsafePointer(to: &array) { body($0) }
        }
    }
    func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes(Array.init) }

    func testIntegersStringsDatesAndNulls() throws {
        // Rows 1..4 of a 5-row int16 column (offset 1); bitmap 0b10111: row 3 null.
        let ints: [FieldValue] = withArray(length: 4, offset: 1, nullCount: 1, buffers: [[0b10111], bytes([Int16(9), -3, 300, 0, 42])]) { array in
            let column = ArrowColumn(array, format: "s")!
            return (0..<4).map { ArrowFieldColumn(column: column, type: .integer).value($0)! }
        }
        XCTAssertEqual(ints, [.integer(-3), .integer(300), .null, .integer(42)])
        let strings: [FieldValue] = withArray(length: 3, nullCount: 1, buffers: [[0b101], bytes([Int32(0), 6, 6, 9]), Array("核心区".utf8.prefix(6)) + Array("abc".utf8)]) { array in
            let column = ArrowColumn(array, format: "u")!
            return (0..<3).map { ArrowFieldColumn(column: column, type: .string).value($0)! }
        }
        XCTAssertEqual(strings, [.string("核心"), .null, .string("abc")])
        let booleans: [FieldValue] = withArray(length: 3, nullCount: 0, buffers: [nil, [0b110]]) { array in
            let column = ArrowColumn(array, format: "b")!
            return (0..<3).map { ArrowFieldColumn(column: column, type: .integer).value($0)! }
        }
        XCTAssertEqual(booleans, [.integer(0), .integer(1), .integer(1)])
        let dates: [FieldValue?] = withArray(length: 3, nullCount: 0, buffers: [nil, bytes([Int32(18_353), 1, 0])]) { array in
            let column = ArrowColumn(array, format: "tdD")!
            return (0..<3).map { ArrowFieldColumn(column: column, type: .date).value($0) }
        }
        XCTAssertEqual(dates, [.date("2020-04-01"), .date("1970-01-02"), nil], "day 0 and before: the feature reader's")
        XCTAssertNil(withArray(length: 1, nullCount: 0, buffers: [nil, bytes([Float(1)])]) { ArrowColumn($0, format: "f") }, "float32 is not read")
        XCTAssertNil(withArray(length: 1, nullCount: 0, buffers: [nil, nil]) { ArrowColumn($0, format: "i") }, "missing values")
        XCTAssertFalse(ArrowFieldColumn.converts(.real, .int32))
        XCTAssertFalse(ArrowFieldColumn.converts(.date, .int64))
    }

    /// Day counts against Foundation's Gregorian calendar (UTC), a second method.
    func testDatesFromDayCounts() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in [-25_567, -1, 0, 59, 11_016, 18_353, 19_782, 2_932_896] as [Int64] {
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            XCTAssertEqual(ArrowFieldColumn.isoDate(daysSince1970: days), expected, "\(days)")
        }
    }
}
