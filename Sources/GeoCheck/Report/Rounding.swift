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
