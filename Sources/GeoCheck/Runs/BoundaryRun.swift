import Foundation

/// What `geocheck boundary` is asked to do.
public struct BoundaryRequest: Sendable {
    /// Licensed boundaries: a source or a corner-coordinate file.
    public var licensed: String
    /// The mined footprint of this check.
    public var footprint: String
    public var idField: String?
    public var nameField: String?
    public var patchField: String?
    public var assumeCRS: String?
    public var towgs84: [Double]?
    /// The date of the check (ISO); nil: the footprint's date field when it has one value, else today.
    public var date: String?
    public var minAreaM2 = 0.01
    public var areaMethod = AreaMethod.geodesic
    /// A footprint id with no licence counts wholly outside (otherwise it is an error).
    public var unmatchedOutside = false
    /// Record the run in this ledger (a GeoPackage path or `PG:`).
    public var ledger: String?
    public var output = RunOutput()

    public init(licensed: String, footprint: String) {
        self.licensed = licensed
        self.footprint = footprint
    }
}

/// What `geocheck boundary` did: the check with its geometries, and the files written.
public struct BoundaryRun {
    public var evaluation: BoundaryEvaluation
    /// Files of `--out` (empty without it).
    public var files: [String] = []

    public var result: BoundaryResult { evaluation.result }
}

extension Boundary {
    /// `geocheck boundary` as one call: reads the sources, evaluates, records the run in the
    /// ledger (new_outside against the previous record), writes `--out`.
    public static func run(_ request: BoundaryRequest, events: @escaping (RunEvent<BoundaryResult>) -> Void = { _ in }) throws -> BoundaryRun {
        let inputs = try BoundaryInputs.load(
            licensed: request.licensed, footprint: request.footprint, idField: request.idField, nameField: request.nameField,
            patchField: request.patchField, assumeCRS: request.assumeCRS, towgs84: request.towgs84, context: try GEOSContext())
        let footprintDate = inputs.footprintDates.count == 1 ? inputs.footprintDates.first : nil
        var options = BoundaryOptions(date: request.date ?? footprintDate ?? ISODate.today())
        options.minAreaM2 = request.minAreaM2
        options.areaMethod = request.areaMethod
        options.unmatchedOutside = request.unmatchedOutside
        var evaluation = try evaluate(inputs, options: options)
        if let ledger = request.ledger { try Ledger(store: ledger).record(&evaluation) }
        events(.evaluated(evaluation.result))
        var run = BoundaryRun(evaluation: evaluation)
        if let directory = request.output.directory {
            run.files = try ResultFiles.write(evaluation, to: directory, language: request.output.language,
                                              progress: { events(.progress($0)) })
        }
        return run
    }
}
