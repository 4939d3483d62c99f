import Foundation

/// Units a corner file's stated block area (地块面积) is written in: m² in some files, hectares in
/// others (the exchange format's own specification), 亩 or km² in notices and licences.
public enum StatedAreaUnit: String, Codable, Sendable, CaseIterable {
    case m2, ha, mu, km2

    /// Square metres in one unit (1 亩 = 10000/15 m²).
    public var squareMetres: Double {
        switch self {
        case .m2: return 1
        case .ha: return 10_000
        case .mu: return 10_000.0 / 15
        case .km2: return 1_000_000
        }
    }
}

/// A block's stated area as written, and the unit in which it matches the computed area within
/// the rounding of the written number (half a unit of its last decimal).
struct StatedArea {
    let text: String
    let value: Double?
    let decimals: Int

    /// The block's 地块面积 (exchange) or numeric area field (list forms); nil when it states none.
    init?(block: CornerBlock) {
        guard let raw = block.attributes["地块面积"] ?? block.attributes["面积"] else { return nil }
        let written = raw.trimmingCharacters(in: .whitespaces)
        guard !written.isEmpty else { return nil }
        text = written
        value = CornerGrammar.number(written)
        decimals = written.firstIndex(of: ".").map { written.distance(from: $0, to: written.endIndex) - 1 } ?? 0
    }

    /// The first unit (m², ha, 亩, km²) in which the stated number, rounded as written, equals the
    /// planar or the ellipsoidal area; nil when none does.
    func unit(planarM2: Double, ellipsoidalM2: Double) -> StatedAreaUnit? {
        guard let value, value > 0 else { return nil }
        let halfStep = 0.5 * pow(10, -Double(decimals))
        return StatedAreaUnit.allCases.first { unit in
            let tolerance = halfStep * unit.squareMetres * (1 + 1e-9)
            return abs(value * unit.squareMetres - planarM2) <= tolerance || abs(value * unit.squareMetres - ellipsoidalM2) <= tolerance
        }
    }

    /// One line naming the block when the stated area is not a number or matches no unit.
    func warning(block: CornerBlock, source: String, unit: StatedAreaUnit?, planarM2: Double, ellipsoidalM2: Double) -> String? {
        let at = "\(source):\(block.line): block \(block.id)"
        guard value != nil else {
            return "\(at): stated area \"\(CornerGrammar.excerpt(text))\" is not a number; not compared"
        }
        guard unit == nil else { return nil }
        return "\(at): stated area \(text) matches neither the planar (\(String(format: "%.2f", planarM2)) m²) nor the ellipsoidal area (\(String(format: "%.2f", ellipsoidalM2)) m²) in m², ha, 亩 or km² within its rounding"
    }
}
