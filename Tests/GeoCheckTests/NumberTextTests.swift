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
}
