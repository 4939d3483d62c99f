import Foundation

/// Rounds for output, the one rounding rule: to `places` decimals (default 6: areas to 1e-6 of
/// their unit, far below any survey, above float noise).
public func rounded(_ value: Double, _ places: Int = 6) -> Double {
    let scale = pow(10.0, Double(places))
    return (value * scale).rounded() / scale
}

extension Area {
    /// The area in m² as written: to 1e-6 m².
    public var roundedM2: Double { rounded(m2) }
    /// The area in 亩 as written: to 1e-6 亩.
    public var roundedMu: Double { rounded(mu) }
    /// The area in ha as written: to 1e-8 ha (the same 1e-4 m² as the others).
    public var roundedHa: Double { rounded(ha, 8) }
}

extension Area {
    /// The area printed as `m2`, `mu` and `ha` (`roundedM2` …): the middle of the values that
    /// print as all three, so that it prints the same again — the 亩 and ha figures, rounded from
    /// the exact area, can fall on the other side of a rounding boundary than `m2 / 666.67` does.
    /// Figures that no area prints as (edited by hand) give `m2` as written.
    public init(printedM2 m2: Double, mu: Double?, ha: Double?) {
        var (low, high) = (m2 - 0.5e-6, m2 + 0.5e-6)
        if let mu { (low, high) = (max(low, (mu - 0.5e-6) * Area.squareMetresPerMu), min(high, (mu + 0.5e-6) * Area.squareMetresPerMu)) }
        if let ha { (low, high) = (max(low, (ha - 0.5e-8) * 10_000), min(high, (ha + 0.5e-8) * 10_000)) }
        let middle = Area(m2: (low + high) / 2)
        let printsTheSame = middle.roundedM2 == m2 && mu.map { middle.roundedMu == $0 } ?? true && ha.map { middle.roundedHa == $0 } ?? true
        self = low < high && printsTheSame ? middle : Area(m2: m2)
    }
}
