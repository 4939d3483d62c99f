import Foundation
import XCTest
@testable import GeoCheck

final class StreamingJSONEncoderTests: XCTestCase {
    struct Sample: Codable, Equatable {
        var text: String
        var number: Double
        var whole: Double
        var count: Int
        var flag: Bool
        var missing: String?
        var list: [Int]
        var nested: [String: Double]
        var value: FieldValue
    }

    func testRoundTripsThroughFoundationDecoder() throws {
        let sample = Sample(text: "引号\" 反斜杠\\ 换行\n 制表\t 控制\u{01} 中文", number: 0.1 + 0.2, whole: 3, count: -7, flag: true,
                            missing: nil, list: [], nested: ["a": 1.5], value: .string("核心区"))
        let data = try StreamingJSONEncoder().encode(sample)
        XCTAssertEqual(try JSONDecoder().decode(Sample.self, from: data), sample)
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertFalse(text.contains("missing"), "nil optionals are left out")
        XCTAssertTrue(text.contains("\"whole\": 3,"), text)
        XCTAssertTrue(text.contains("\"list\": []"), text)
        let compact = String(decoding: try StreamingJSONEncoder(pretty: false).encode([1, 2]), as: UTF8.self)
        XCTAssertEqual(compact, "[1,2]\n")
    }

    func testNonFiniteNumbersBecomeNull() throws {
        let data = try StreamingJSONEncoder(pretty: false).encode([Double.nan, .infinity, 1.25])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[null,null,1.25]\n")
    }
}
