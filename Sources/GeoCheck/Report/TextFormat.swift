import Foundation

/// A number with `places` decimals for the human output ("12.35"): 亩 and m² with 2, ha with 4.
/// The bytes of the C library's `%.Nf` (`String(format:)`): the exact value of the double rounded
/// half to even. Computed here from the exact product `value × 10^places` (`decimalUnits`) for the
/// usual magnitudes, since `String(format:)` costs about ten thousand instructions a call, which
/// a table of 100,000 cells feels; the rest (huge, NaN) go through `String(format:)`.
public func formatNumber(_ value: Double, _ places: Int = 2) -> String {
    guard let units = decimalUnits(abs(value), places) else { return String(format: "%.\(places)f", value) }
    var digits = String(units)
    if places > 0 {
        if digits.count <= places { digits = String(repeating: "0", count: places + 1 - digits.count) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
    }
    return (value.sign == .minus ? "-" : "") + digits
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
