import Foundation

/// What a screening reads and prepares before anything is evaluated: the rights, the constraint
/// layers near them (cut into pieces), with their datum parameters applied.
struct ScreenInputs {
    let rights: ScreenRights
    let constraints: [ConstraintInput]

    static func read(rights spec: RightsSpec, layers specs: [ConstraintSpec], options: ScreenOptions,
                     progress: (@Sendable (String) -> Void)?) throws -> ScreenInputs {
        var datum = DatumShifts(common: options.towgs84)
        let rights = try ScreenRights.open(spec, options: options, datum: &datum, progress: progress)
        let constraints = try prepare(layers: specs, near: rights, options: options, datum: &datum, progress: progress)
        try datum.checkUsed()
        return ScreenInputs(rights: rights, constraints: constraints)
    }

    /// Reads the constraint layers and cuts them into pieces; with `rights`, only the features
    /// near those rights are read (the catalogue of the platform reads them all, once).
    static func prepare(layers specs: [ConstraintSpec], near rights: ScreenRights?, options: ScreenOptions,
                        datum: inout DatumShifts, progress: (@Sendable (String) -> Void)?) throws -> [ConstraintInput] {
        var constraints: [ConstraintInput] = []
        for layerSpec in specs {
            let source = try datum.apply(layerSpec.towgs84, to: try SourceLayer.open(SourceSpec(layerSpec.source), assumeCRS: layerSpec.assumeCRS ?? options.assumeCRS))
            var input = try ConstraintInput.read(source, spec: layerSpec, rightsExtent: rights?.input.extent, rightsCRS: rights?.source.crs ?? source.crs)
            input.pieces = try Subdivision.pieces(of: input, workers: options.workers)
            progress?("read \(input.records.count) features of \(layerSpec.name) from \(source.label) (\(input.pieces.count) pieces)")
            constraints.append(input)
        }
        return constraints
    }
}

/// Rights read from their source, with the CRS they are stored in.
struct ScreenRights {
    let input: RightsInput
    /// The rights' source, its CRS settled (and its datum parameters applied).
    let source: SourceLayer
    /// `--where`, for the message when nothing could be screened.
    let whereClause: String?

    static func open(_ spec: RightsSpec, options: ScreenOptions, datum: inout DatumShifts,
                     progress: (@Sendable (String) -> Void)?) throws -> ScreenRights {
        let opened = try SourceLayer.open(SourceSpec(spec.source), assumeCRS: spec.assumeCRS ?? options.assumeCRS)
        let source = try datum.apply(spec.towgs84, to: opened)
        let input = try RightsInput.read(source, spec: spec)
        progress?("read \(input.records.count) rights from \(source.label)")
        return ScreenRights(input: input, source: source, whereClause: spec.whereClause)
    }

    /// "screened 0 rights" is no answer: an error naming the rights layer and what it holds
    /// (counted over the layer, which is read again for that).
    func requireScreened(_ outcome: ScreenOutcome) throws {
        guard outcome.result.summary.rights == 0 else { return }
        let census = try source.layer.geometryCensus()
        var message = "\(source.label): no right could be screened (\(census)\(whereClause.map { " matching --where '\($0)'" } ?? ""))"
        if let first = outcome.result.skipped.first { message += "; e.g. feature \(first.id): \(first.reason)" }
        if census[.point] + census[.openLine] > 0 { message += "; rights must be polygons" }
        throw InputError(message)
    }
}
