import Foundation

/// How a numeric column is shown in a spreadsheet: 亩 with 2 decimals, ha with 4, shares as
/// percentages, m² and metres with 2; decided by the column key's unit suffix.
public enum NumberFormat: Sendable, Equatable {
    case general, integer, decimals2, decimals4, percent

    public static func forColumn(_ key: String) -> NumberFormat {
        if key == "share" || key.hasPrefix("share_") || key.hasSuffix("_share") { return .percent }
        if key.hasSuffix("_ha") { return .decimals4 }
        if key.hasSuffix("_mu") || key.hasSuffix("_m2") || key.hasSuffix("_m") { return .decimals2 }
        if ["x", "y"].contains(key) { return .decimals2 }
        return .general
    }
}
