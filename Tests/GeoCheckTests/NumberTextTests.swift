import Foundation
import XCTest
@testable import GeoCheck

/// `formatNumber` against the C library's `%.Nf` (`String(format:)`), the bytes it replaces.
final class NumberTextTests: XCTestCase {
    func testSameBytesAsPrintf() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 1.03125, -1.03125, 0.00005, 0.00015, 1e-300, -1e-9, 123456.78905,
                                0.125, 0.375, 1e14, 1.2345e11, 9.99995, 99999.99995, 0x1p50 / 1e4, 1e300, .infinity, -.infinity, .nan]
        for _ in 0..<40_000 {
            let magnitude = pow(10, Double.random(in: -6...12, using: &generator))
            values.append((Bool.random(using: &generator) ? -1 : 1) * magnitude)
            // Exact binary ties at 4 and 2 places: k / 2^n with few bits.
            values.append(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / Double(1 << Int.random(in: 0...12, using: &generator)))
        }
        for places in [0, 1, 2, 4, 6] {
            for value in values {
                XCTAssertEqual(formatNumber(value, places), String(format: "%.\(places)f", value), "\(value) \(places)")
            }
        }
    }

    /// Corner-file coordinates: the 2-decimal text where it reads back within 1 µm (checked here
    /// by parsing the C library's text), else a text that reads back as the value itself.
    func testCornerCoordinateText() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.005, -0.005, 0.0000004, -0.0000004, 38_438_120.33, 3_301_000.015, 3_301_000.0149999]
        for _ in 0..<100_000 {
            let centimetres = Double(Int64.random(in: -1_000_000_000...4_000_000_000, using: &generator))
            values.append(centimetres / 100)  // on the grid, as written
            values.append(centimetres / 100 + Double(Int.random(in: -9...9, using: &generator)) / 10_000)  // 0.1 mm
            values.append(centimetres / 100 + Double.random(in: -2e-6...2e-6, using: &generator))  // near the 1 µm limit
        }
        for value in values {
            let two = String(format: "%.2f", value)
            let written = CornerWriter.decimal(value)
            if let back = Double(two), abs(back - value) <= 1e-6 {
                XCTAssertEqual(written, two, "\(value)")
            } else {
                XCTAssertEqual(Double(written), value, "\(value) as \(written)")
            }
        }
    }
}
