import Foundation

/// The Gauss-Krüger zone of a corner file: from the zone prefix of its eastings, else from its
/// `带号=` / `几度分带=` lines, else from the caller's `CornerReadOptions`; all points must agree.
extension CornerParser {
    struct ZoneState {
        var width: Int
        var zone: Int
        var prefixed: Bool
        var line: Int
    }

    struct HeaderZone {
        var width: Int
        var zone: Int
        /// The line that gave the zone; nil when it came from the options.
        var line: Int?
    }

    /// Checks the zone of an easting against the file's zone so far.
    mutating func checkZone(easting: Double, lineNo: Int) throws {
        let found = try zoneOf(easting: easting, lineNo: lineNo)
        let shown = CornerGrammar.format(easting)
        if let state = zoneState {
            if state.prefixed != found.prefixed {
                throw error(lineNo, found.prefixed
                    ? "easting \(shown) has a zone prefix but the easting on line \(state.line) has none"
                    : "easting \(shown) has no zone prefix but the easting on line \(state.line) has one")
            }
            if state.zone != found.zone || state.width != found.width {
                throw error(lineNo, "easting \(shown) is in \(found.width)° zone \(found.zone) but line \(state.line) is in \(state.width)° zone \(state.zone); all points of a file must be in one zone")
            }
        } else {
            zoneState = found
        }
    }

    private mutating func zoneOf(easting: Double, lineNo: Int) throws -> ZoneState {
        let shown = CornerGrammar.format(easting)
        if easting >= 10_000_000 {
            guard easting < 100_000_000 else {
                throw error(lineNo, "Y (easting) \(shown) is out of range: at most 2 zone digits + 6 digits")
            }
            let prefix = Int(easting / 1_000_000)
            let width: Int
            switch prefix {
            case 25...45: width = 3
            case 13...23: width = 6
            default:
                throw error(lineNo, "easting \(shown) has zone prefix \(prefix), which is not a Gauss-Krüger zone of China (25–45 for 3°, 13–23 for 6°)")
            }
            if let hz = try resolveHeaderZone(), let line = hz.line, hz.zone != prefix || hz.width != width {
                throw error(lineNo, "easting \(shown) has zone prefix \(prefix) (\(width)° zone) but line \(line) gives \(hz.width)° zone \(hz.zone)")
            } else if let declared = try declaredWidth(), declared.width != width {
                throw error(lineNo, "easting \(shown) has zone prefix \(prefix), a \(width)° zone, but line \(declared.line) gives 几度分带=\(declared.width)")
            }
            try checkEastingInZone(easting - Double(prefix) * 1_000_000, width: width, shown: shown, lineNo: lineNo)
            return ZoneState(width: width, zone: prefix, prefixed: true, line: lineNo)
        }
        guard easting > 0, easting < 1_000_000 else {
            throw error(lineNo, "Y (easting) \(shown) is neither an easting with zone prefix (8 digits before the point) nor one without (6 digits)")
        }
        guard let hz = try resolveHeaderZone() else {
            throw error(lineNo, "easting \(shown) has no zone prefix and the file gives no 带号; give the zone with --zone N [--zone-width 3|6] or --assume-crs EPSG:n")
        }
        try checkEastingInZone(easting, width: hz.width, shown: shown, lineNo: lineNo)
        return ZoneState(width: hz.width, zone: hz.zone, prefixed: false, line: lineNo)
    }

    /// An easting (without prefix) far outside its zone (false easting 500 km ± half a zone,
    /// with room for overlaps) is a digit missing or doubled.
    private func checkEastingInZone(_ easting: Double, width: Int, shown: String, lineNo: Int) throws {
        let reach = width == 3 ? 300_000.0 : 400_000.0
        guard abs(easting - 500_000) <= reach else {
            throw error(lineNo, "easting \(shown) is \(Int(abs(easting - 500_000) / 1000)) km from the central meridian, outside a \(width)° zone: a digit missing or doubled?")
        }
    }

    func declaredWidth() throws -> (width: Int, line: Int)? {
        guard let raw = header["几度分带"], let line = headerLines["几度分带"] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard let width = CornerGrammar.leadingInt(trimmed), width == 3 || width == 6 else {
            throw error(line, "几度分带=\(CornerGrammar.excerpt(trimmed)) must be 3 or 6")
        }
        return (width, line)
    }

    /// The zone the header gives (带号=, 几度分带=), else the options', else nil.
    mutating func resolveHeaderZone() throws -> HeaderZone? {
        if let cached = headerZone { return cached }
        let result = try computeHeaderZone() ?? optionsZone()
        headerZone = .some(result)
        return result
    }

    private func optionsZone() throws -> HeaderZone? {
        guard let zone = options.zone else { return nil }
        let width = try declaredWidth()?.width ?? options.zoneWidth ?? ((13...23).contains(zone) ? 6 : 3)
        guard GaussKruger.zoneRange(zoneWidth: width).contains(zone) else {
            let r = GaussKruger.zoneRange(zoneWidth: width)
            throw error(nil, "--zone \(zone) is not a \(width)° Gauss-Krüger zone of China (\(r.lowerBound)–\(r.upperBound))")
        }
        return HeaderZone(width: width, zone: zone, line: nil)
    }

    private func computeHeaderZone() throws -> HeaderZone? {
        guard let raw = header["带号"], let line = headerLines["带号"] else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard let number = CornerGrammar.leadingInt(text) else {
            throw error(line, "带号=\(CornerGrammar.excerpt(text)) is not a zone number")
        }
        let declared = try declaredWidth()?.width
        var width: Int
        var zone = number
        if number >= 60 {
            // Some files give the central meridian instead of the zone number.
            width = declared ?? 3
            if width == 3, number % 3 == 0 {
                zone = number / 3
            } else if width == 6, (number + 3) % 6 == 0 {
                zone = (number + 3) / 6
            } else {
                throw error(line, "带号=\(number) is neither a zone number nor the central meridian of a \(width)° zone")
            }
        } else if let declared {
            width = declared
        } else if (25...45).contains(number) {
            width = 3
        } else if (13...23).contains(number) {
            width = 6
        } else {
            throw error(line, "带号=\(number) is not a Gauss-Krüger zone of China (25–45 for 3°, 13–23 for 6°)")
        }
        guard GaussKruger.zoneRange(zoneWidth: width).contains(zone) else {
            let r = GaussKruger.zoneRange(zoneWidth: width)
            throw error(line, "带号=\(number) is not a \(width)° Gauss-Krüger zone of China (\(r.lowerBound)–\(r.upperBound))")
        }
        return HeaderZone(width: width, zone: zone, line: line)
    }
}
