import Foundation

/// A number with `places` decimals for the human output ("12.35"): 亩 and m² with 2, ha with 4.
/// The bytes of the C library's `%.Nf` (`String(format:)`): the exact value of the double rounded
/// half to even. Computed here from the exact product `value × 10^places` (`decimalUnits`) for the
/// usual magnitudes, since `String(format:)` costs about ten thousand instructions a call, which
/// a table of 100,000 cells feels; the rest (huge, NaN) go through `String(format:)`.
public func formatNumber(_ value: Double, _ places: Int = 2) -> String {
    guard let units = decimalUnits(abs(value), places) else { return String(format: "%.\(places)f", value) }
    return decimalText(units: units, places: places, negative: value.sign == .minus)
}

/// "-12.35" from 1235, 2 places and the sign (`appendDecimalText`).
func decimalText(units: Int64, places: Int, negative: Bool) -> String {
    var text: [UInt8] = []
    appendDecimalText(units: units, places: places, negative: negative, to: &text)
    return String(decoding: text, as: UTF8.self)
}

/// Appends "-12.35" for 1235, 2 places and the sign to `out`: digits written right to left into
/// a buffer (the coordinates of thousands of corner files cost no string edits).
func appendDecimalText(units: Int64, places: Int, negative: Bool, to out: inout [UInt8]) {
    // Up to 19 digits of the magnitude, zeros up to `places`, a point and a sign.
    let places = max(0, places)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: places + 22) { buffer in
        var start = buffer.count, rest = units.magnitude, digits = 0
        repeat {
            if places > 0 && digits == places {
                start -= 1
                buffer[start] = UInt8(ascii: ".")
            }
            start -= 1
            buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            digits += 1
        } while rest > 0 || digits <= places
        if negative {
            start -= 1
            buffer[start] = UInt8(ascii: "-")
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 of `text` (one copy out of a native string's storage; appending a
    /// String's `utf8` view went byte by byte).
    mutating func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}

/// `magnitude × 10^places` rounded to an integer as `%.Nf` rounds it (half to even on the exact
/// product), or nil outside the range where that is done exactly here (product ≥ 2^50, NaN, ∞,
/// more than 9 places).
func decimalUnits(_ magnitude: Double, _ places: Int) -> Int64? {
    guard magnitude.isFinite, (0...9).contains(places) else { return nil }
    let factor = (0..<places).reduce(1.0) { value, _ in value * 10 }  // exact up to 10^9
    let high = magnitude * factor
    guard high < 0x1p50 else { return nil }
    let low = (-high).addingProduct(magnitude, factor)  // the exact product is high + low
    let nearest = high.rounded(.toNearestOrEven)
    let rest = high - nearest  // exact: high and nearest are within a factor of two, or nearest is 0
    var units = Int64(nearest)
    // A tie in doubles (nearest is then the even one): the exact product's side of it decides.
    if rest == 0.5, low > 0 {
        units += 1
    } else if rest == -0.5, low < 0 {
        units -= 1
    }
    // Otherwise |rest| ≤ 0.5 − ulp(high) and |low| ≤ ulp(high)/2: the exact product rounds to nearest too.
    return units
}
