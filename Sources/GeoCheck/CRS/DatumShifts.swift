/// Bursa-Wolf parameters for sources (issue 9 "CRS and datum"): per source (config `towgs84`),
/// or one set (`--towgs84`) for every source whose datum is neither CGCS2000 nor WGS 84 and
/// that has no parameters of its own. A `.prj` with a TOWGS84 clause already carries them.
public struct DatumShifts {
    /// `--towgs84`, when given.
    let common: [Double]?
    private var usedCommon = false

    public init(common: [Double]?) { self.common = common }

    /// `source` with its parameters set: `own` when given, else `common` for an old datum.
    public mutating func apply(_ own: [Double]?, to source: SourceLayer) throws -> SourceLayer {
        let params: [Double]
        if let own {
            params = own
        } else if let common, !source.crs.isCGCS2000Datum, !source.crs.isWGS84Datum, source.crs.towgs84 == nil {
            params = common
            usedCommon = true
        } else {
            return source
        }
        do {
            return SourceLayer(spec: source.spec, layer: source.layer, crs: try source.crs.withTOWGS84(params),
                               cornerFile: source.cornerFile)
        } catch {
            throw InputError("\(source.label): \(error)")
        }
    }

    /// `--towgs84` given but no source needed it: an error rather than a silent no-op.
    public func checkUsed() throws {
        if common != nil, !usedCommon {
            throw InputError("--towgs84: no source is in a datum other than CGCS2000 / WGS 84 without parameters of its own (nothing to apply them to)")
        }
    }

    /// Parses "dx,dy,dz[,rx,ry,rz,ds]" (`--towgs84`).
    public static func parse(_ text: String) throws -> [Double] {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 3 || values.count == 7, values.allSatisfy({ $0?.isFinite == true }) else {
            throw InputError("--towgs84 '\(text)': expected 3 or 7 numbers dx,dy,dz[,rx,ry,rz,ds] (metres, arc-seconds, ppm)")
        }
        return values.compactMap { $0 }
    }
}
