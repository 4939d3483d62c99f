import Foundation

/// The bytes of a JSON document being written by `StreamingEncoder`: strings and numbers are
/// spelled straight into one growable byte buffer, never through an intermediate `String`.
/// With a `sink`, the bytes are handed over in chunks of about `chunkSize` and the buffer stays
/// small; without one, `takeData()` hands the whole document over without a copy.
///
/// Property accesses are marked `@exclusivity(unchecked)`: the buffer is used by one encoder on
/// one thread, and the run-time exclusivity checks otherwise cost more than the writes.
final class JSONBuffer {
    let pretty: Bool
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var capacity: Int
    private let sink: ((UnsafeBufferPointer<UInt8>) throws -> Void)?
    private let chunkSize: Int
    /// The first error of `sink`: thrown by `finish()` (the writes themselves cannot throw).
    private(set) var sinkError: Error?

    init(pretty: Bool, chunkSize: Int = 1 << 20, sink: ((UnsafeBufferPointer<UInt8>) throws -> Void)? = nil) {
        self.pretty = pretty
        self.sink = sink
        self.chunkSize = chunkSize
        capacity = sink == nil ? 1 << 16 : chunkSize + 4096
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    // MARK: Bytes

    @inline(__always) private func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always) func write(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    func write(_ text: StaticString) {
        text.withUTF8Buffer { write($0) }
    }

    func newline(_ depth: Int) {
        guard pretty else { return }
        reserve(1 + 2 * depth)
        base[count] = UInt8(ascii: "\n")
        (base + count + 1).update(repeating: UInt8(ascii: " "), count: 2 * depth)
        count += 1 + 2 * depth
    }

    /// Hands the bytes written so far to the sink once a chunk is full (between values only).
    func flushIfFull() {
        guard let sink, count >= chunkSize, sinkError == nil else { return }
        flush(sink)
    }

    /// Hands every remaining byte to the sink; throws the sink's first error.
    func finish() throws {
        if let sink, sinkError == nil { flush(sink) }
        if let sinkError { throw sinkError }
    }

    private func flush(_ sink: (UnsafeBufferPointer<UInt8>) throws -> Void) {
        do {
            try sink(UnsafeBufferPointer(start: base, count: count))
        } catch {
            sinkError = error
        }
        count = 0
    }

    /// The document, without copying it; the buffer is empty afterwards.
    func takeData() -> Data {
        let data = Data(bytesNoCopy: base, count: count, deallocator: .custom { pointer, _ in
            pointer.deallocate()
        })
        capacity = 1 << 10
        count = 0
        base = .allocate(capacity: capacity)
        return data
    }

    // MARK: Strings

    /// A JSON string: quotes, `\"`, `\\`, `\n`, `\r`, `\t` and `\u00XX` for other control
    /// characters; everything else (Chinese included) as UTF-8, unescaped.
    func string(_ text: String) {
        var text = text
        text.withUTF8 { quoted($0) }
    }

    private func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let text = utf8.baseAddress else { return write("\"\"") }
        // Short strings (keys, ids) copied byte by byte while nothing needs an escape.
        if utf8.count < 16 {
            reserve(utf8.count + 2)
            let out = base + count
            out[0] = UInt8(ascii: "\"")
            var index = 0
            while index < utf8.count {
                let unit = text[index]
                if unit < 0x20 || unit == UInt8(ascii: "\"") || unit == UInt8(ascii: "\\") { break }
                out[index + 1] = unit
                index += 1
            }
            if index == utf8.count {
                out[index + 1] = UInt8(ascii: "\"")
                count += utf8.count + 2
                return
            }
        }
        write(UInt8(ascii: "\""))
        var start = 0
        var index = Self.cleanPrefix(utf8)
        while index < utf8.count {
            let unit = text[index]
            if unit < 0x20 || unit == UInt8(ascii: "\"") || unit == UInt8(ascii: "\\") {
                write(UnsafeBufferPointer(start: text + start, count: index - start))
                escape(unit)
                start = index + 1
            }
            index += 1
        }
        write(UnsafeBufferPointer(start: text + start, count: utf8.count - start))
        write(UInt8(ascii: "\""))
    }

    /// The length of the leading run of 8-byte words that need no escape (no control character,
    /// quote or backslash; bytes ≥ 0x80 never do), tested a word at a time.
    private static func cleanPrefix(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let start = utf8.baseAddress else { return 0 }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= utf8.count {
            let word = UnsafeRawPointer(start + offset).loadUnaligned(as: UInt64.self)
            let quote = word ^ (0x22 &* ones), backslash = word ^ (0x5C &* ones)
            let below20 = (word &- 0x20 &* ones) & ~word
            let isQuote = (quote &- ones) & ~quote
            let isBackslash = (backslash &- ones) & ~backslash
            guard (below20 | isQuote | isBackslash) & highs == 0 else { break }
            offset += 8
        }
        return offset
    }

    private func escape(_ unit: UInt8) {
        switch unit {
        case UInt8(ascii: "\""): write("\\\"")
        case UInt8(ascii: "\\"): write("\\\\")
        case 0x0A: write("\\n")
        case 0x0D: write("\\r")
        case 0x09: write("\\t")
        default:
            let hex: StaticString = "0123456789abcdef"
            write("\\u00")
            write(hex.utf8Start[Int(unit >> 4)])
            write(hex.utf8Start[Int(unit & 0x0F)])
        }
    }

    // MARK: Numbers

    /// An integer in decimal.
    func integer(_ value: Int64) {
        if value < 0 { write(UInt8(ascii: "-")) }
        unsigned(value.magnitude)
    }

    func unsigned(_ value: UInt64) {
        var digits = 1
        var power: UInt64 = 10
        while digits < 20 && value >= power {
            digits += 1
            power &*= 10
        }
        reserve(digits)
        digitsOf(value, count: digits, at: base + count)
        count += digits
    }

    /// "00" … "99": two digits per division.
    private static let pairs: [UInt8] = (0..<100).flatMap { [UInt8(ascii: "0") + UInt8($0 / 10), UInt8(ascii: "0") + UInt8($0 % 10)] }

    /// Writes the last `count` decimal digits of `value` (leading zeros included) at `out`.
    private func digitsOf(_ value: UInt64, count: Int, at out: UnsafeMutablePointer<UInt8>) {
        Self.pairs.withUnsafeBufferPointer { pairs in
            var rest = value
            var index = count
            while index >= 2 {
                let pair = Int(rest % 100)
                rest /= 100
                index -= 2
                out[index] = pairs[2 * pair]
                out[index + 1] = pairs[2 * pair + 1]
            }
            if index == 1 { out[0] = UInt8(ascii: "0") + UInt8(rest % 10) }
        }
    }

    /// A double with the digits of Swift's `description` (the shortest that reads back to the
    /// same value), except that whole numbers below 1e15 print without ".0" and non-finite
    /// values as `null`.
    func number(_ value: Double) {
        guard value.isFinite else { return write("null") }
        if value == value.rounded(), abs(value) < 1e15 { return integer(Int64(value)) }
        if let decimal = Self.decimal(value) { return fixed(decimal.units, digits: decimal.digits) }
        var text = value.description
        text.withUTF8 { write($0) }
    }

    /// Fraction digits tried by `decimal`: areas are rounded to 6 (m², 亩) or 8 (ha).
    private static let scales: [(factor: Double, digits: Int)] = [(1e6, 6), (1e8, 8)]

    /// `value` as an integer count of 10^-digits when `value` is the double nearest to a decimal
    /// with at most 6 (or else 8) fraction digits and at most 15 significant digits: that decimal is
    /// then the shortest one that reads back to `value` (two decimals of ≤ 15 digits never share a
    /// double), so printing it gives `description`'s digits. Limited to 0.001 ≤ |value| where
    /// `description` is positional.
    static func decimal(_ value: Double) -> (units: Int64, digits: Int)? {
        guard abs(value) >= 1e-3 else { return nil }
        for scale in scales {
            let scaled = (value * scale.factor).rounded()
            if abs(scaled) < 1e15, scaled / scale.factor == value { return (Int64(scaled), scale.digits) }
        }
        return nil
    }

    private func fixed(_ units: Int64, digits places: Int) {
        if units < 0 { write(UInt8(ascii: "-")) }
        let magnitude = units.magnitude
        let one: UInt64 = places == 8 ? 100_000_000 : 1_000_000
        unsigned(magnitude / one)
        var fraction = magnitude % one
        guard fraction > 0 else { return }
        var digits = places
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        write(UInt8(ascii: "."))
        reserve(digits)
        digitsOf(fraction, count: digits, at: base + count)
        count += digits
    }
}
