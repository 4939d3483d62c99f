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

    struct Primitives: Encodable {
        var text = "a\"b\\c\nd\re\tf\u{01}g\u{1F}h/i 中文 核心区 😀"
        var empty = ""
        var count = -42
        var big = Int64.max
        var small = Int64.min
        var unsigned = UInt64.max
        var short: Int32 = -7
        var float: Float = 0.1
        var numbers: [Double] = [-0.0, 0, 1, -1, 0.5, -0.001, 0.1 + 0.2, 123456.789, 324538.357875,
                                 1e15, 1e16, 9007199254740993, 1e300, -1e-300, 5e-324, 0.0001, 1.5e-5,
                                 Double.greatestFiniteMagnitude]
        var missing: Double? = nil
        var nothing: String? = nil
        var flags = [true, false]

        enum CodingKeys: String, CodingKey {
            case text, empty, count, big, small, unsigned, short, float, numbers, missing, nothing, flags
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encode(empty, forKey: .empty)
            try container.encode(count, forKey: .count)
            try container.encode(big, forKey: .big)
            try container.encode(small, forKey: .small)
            try container.encode(unsigned, forKey: .unsigned)
            try container.encode(short, forKey: .short)
            try container.encode(float, forKey: .float)
            try container.encode(numbers, forKey: .numbers)
            try container.encode(missing, forKey: .missing)      // Optional.none through encode: null
            try container.encodeIfPresent(nothing, forKey: .nothing)  // left out
            try container.encode(flags, forKey: .flags)
        }
    }

    /// Every scalar spelled as written by hand here; doubles as Swift's `description` (the
    /// shortest digits that read back to the same value), whole numbers below 1e15 without ".0".
    func testPrimitivesAreSpelledExactly() throws {
        let text = String(decoding: try StreamingJSONEncoder(pretty: false).encode(Primitives()), as: UTF8.self)
        let expected = #"{"text":"a\"b\\c\nd\re\tf\u0001g\u001fh/i 中文 核心区 😀","empty":"","#
            + #""count":-42,"big":9223372036854775807,"small":-9223372036854775808,"#
            + #""unsigned":18446744073709551615,"short":-7,"float":0.1,"#
            + #""numbers":[0,0,1,-1,0.5,-0.001,0.30000000000000004,123456.789,324538.357875,"#
            + #"1000000000000000.0,1e+16,9007199254740992.0,1e+300,-1e-300,5e-324,0.0001,1.5e-05,1.7976931348623157e+308],"#
            + #""missing":null,"flags":[true,false]}"# + "\n"
        XCTAssertEqual(text, expected)
    }

    /// Random doubles, many with 6 or 8 decimals (as areas in m², 亩 and ha are rounded), some
    /// with 7 or 9 (spelled by `description`): each reads back to the same
    /// bits and is spelled as `description` (or as the whole number), the independent reference.
    func testDoublesMatchDescriptionAndReadBack() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = []
        for _ in 0..<20_000 {
            let magnitude = pow(10, Double.random(in: -8...12, using: &generator))
            let value = Double.random(in: -magnitude...magnitude, using: &generator)
            values.append(value)
            values.append(rounded(value))
            values.append(rounded(value, 2))
            values.append(rounded(value, 7))
            values.append(rounded(value, 8))
            values.append(rounded(value, 9))
        }
        let data = try StreamingJSONEncoder(pretty: false).encode(values)
        let back = try JSONDecoder().decode([Double].self, from: data)
        XCTAssertEqual(back.map(\.bitPattern), values.map { ($0 == 0 ? 0 : $0).bitPattern })
        let spelled = String(decoding: data.dropLast(2).dropFirst(), as: UTF8.self).split(separator: ",")
        for (value, text) in zip(values, spelled) {
            let reference = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : value.description
            XCTAssertEqual(String(text), reference)
        }
    }

    func testStreamsInChunksOfAboutOneMebibyte() throws {
        let values = (0..<200_000).map { Double($0) / 8 }
        var chunks: [Data] = []
        try StreamingJSONEncoder().encode(values) { chunks.append(Data($0)) }
        XCTAssertGreaterThan(chunks.count, 1)
        XCTAssertTrue(chunks.dropLast().allSatisfy { (1 << 20)..<((1 << 20) + 4096) ~= $0.count }, "\(chunks.map(\.count))")
        let whole = chunks.reduce(Data(), +)
        XCTAssertEqual(whole, try StreamingJSONEncoder().encode(values))
        XCTAssertEqual(try JSONDecoder().decode([Double].self, from: whole), values)
    }

    /// Escapes at every position of strings long enough for the word-at-a-time scan, against
    /// an escaper written here byte by byte.
    func testEscapesAtEveryPosition() throws {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        for special in ["\"", "\\", "\n", "\u{00}", "\u{1F}", "\u{7F}", "中"] {
            for position in 0..<20 {
                var characters = Array(repeating: position % 2 == 0 ? "x" : "红线", count: 20)
                characters[position] = special
                let text = characters.joined()
                let data = try StreamingJSONEncoder(pretty: false).encode([text])
                XCTAssertEqual(String(decoding: data, as: UTF8.self), "[" + reference(text) + "]\n")
            }
        }
    }
}
