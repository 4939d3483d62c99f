import Foundation

/// What `geocheck forest` is asked to do.
public struct ForestRequest: Sendable {
    /// Occupied land of each site.
    public var occupied: String
    /// Forest land (林地一张图).
    public var forest: String
    /// Forest-land permits, with the site id and the expiry date.
    public var permits: String
    public var idField: String?
    public var permitIDField: String?
    public var classField: String?
    public var validUntilField = "valid_until"
    public var assumeCRS: String?
    public var towgs84: [Double]?
    /// The date of the check (ISO); nil: today.
    public var date: String?
    public var minAreaM2 = 0.01
    public var areaMethod = AreaMethod.geodesic
    public var output = RunOutput()

    public init(occupied: String, forest: String, permits: String) {
        self.occupied = occupied
        self.forest = forest
        self.permits = permits
    }
}

/// What `geocheck forest` did: the check with its geometries, and the files written.
public struct ForestRun {
    public var evaluation: ForestEvaluation
    /// Files of `--out` (empty without it).
    public var files: [String] = []

    public var result: ForestResult { evaluation.result }
}

extension Forest {
    /// `geocheck forest` as one call: reads the three sources, evaluates, writes `--out`.
    public static func run(_ request: ForestRequest, events: @escaping (RunEvent<ForestResult>) -> Void = { _ in }) throws -> ForestRun {
        let inputs = try ForestInputs.load(
            occupied: request.occupied, forest: request.forest, permits: request.permits, idField: request.idField,
            permitIDField: request.permitIDField, classField: request.classField, validUntilField: request.validUntilField,
            assumeCRS: request.assumeCRS, towgs84: request.towgs84, context: try GEOSContext())
        var options = ForestOptions(date: request.date ?? ISODate.today())
        options.minAreaM2 = request.minAreaM2
        options.areaMethod = request.areaMethod
        let evaluation = try evaluate(inputs, options: options)
        events(.evaluated(evaluation.result))
        var run = ForestRun(evaluation: evaluation)
        if let directory = request.output.directory {
            run.files = try ResultFiles.write(evaluation, to: directory, language: request.output.language,
                                              progress: { events(.progress($0)) })
        }
        return run
    }
}
