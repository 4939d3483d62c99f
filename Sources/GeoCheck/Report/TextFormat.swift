import Foundation

/// A number with `places` decimals for the human output ("12.35"): 亩 and m² with 2, ha with 4.
public func formatNumber(_ value: Double, _ places: Int = 2) -> String {
    String(format: "%.\(places)f", value)
}
