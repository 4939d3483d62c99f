import Foundation

/// What a screening reads and prepares before anything is evaluated: the rights, the constraint
/// layers near them (cut into pieces), with their datum parameters applied.
struct ScreenInputs {
    var rights: ScreenRights
    private(set) var constraints: [ConstraintInput]

    /// The constraint layers, which are no longer held here.
    mutating func takeConstraints() -> [ConstraintInput] {
        defer { constraints = [] }
        return constraints
    }

    static func read(rights spec: RightsSpec, layers specs: [ConstraintSpec], options: ScreenOptions,
                     progress: (@Sendable (String) -> Void)?) throws -> ScreenInputs {
        var datum = DatumShifts(common: options.towgs84)
        let rights = try ScreenRights.open(spec, options: options, datum: &datum, progress: progress)
        let constraints = try prepare(layers: specs, near: rights, options: options, datum: &datum, progress: progress)
        try datum.checkUsed()
        return ScreenInputs(rights: rights, constraints: constraints)
    }

    /// Reads the constraint layers and cuts them into pieces; with `rights`, only the features
    /// near those rights are read (the catalogue of the platform reads them all, once). The
    /// sources are opened in config order (datum parameters applied), then read concurrently
    /// (`ConstraintReads`); errors come in config order.
    static func prepare(layers specs: [ConstraintSpec], near rights: ScreenRights?, options: ScreenOptions,
                        datum: inout DatumShifts, progress: (@Sendable (String) -> Void)?) throws -> [ConstraintInput] {
        var jobs: [ConstraintReads.Job] = []
        var openError: (any Error)?
        for layerSpec in specs {
            do {
                let source = try datum.apply(layerSpec.towgs84, to: try SourceLayer.open(SourceSpec(layerSpec.source), assumeCRS: layerSpec.assumeCRS ?? options.assumeCRS))
                jobs.append(ConstraintReads.Job(source: source, spec: layerSpec))
            } catch {
                openError = error  // after the layers before it are read: their errors come first
                break
            }
        }
        let constraints = try ConstraintReads.read(jobs, near: rights, workers: options.workers)
        for (input, job) in zip(constraints, jobs) {
            progress?("read \(input.records.count) features of \(job.spec.name) from \(job.source.label) (\(input.pieces.count) pieces)")
        }
        if let openError { throw openError }
        return constraints
    }
}

/// Rights read from their source, with the CRS they are stored in.
struct ScreenRights {
    var input: RightsInput
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
