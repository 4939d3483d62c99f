import Foundation

/// What `geocheck reclaim` is asked to do.
public struct ReclaimRequest: Sendable {
    /// Reclamation tasks.
    public var plan: String
    /// Reclaimed patches, dated, with the task id.
    public var done: String
    public var idField: String?
    public var dateField = "date"
    public var assumeCRS: String?
    public var towgs84: [Double]?
    /// Count patches dated on or before this date (ISO); nil: today.
    public var asOf: String?
    public var minAreaM2 = 0.01
    public var areaMethod = AreaMethod.geodesic
    public var output = RunOutput()

    public init(plan: String, done: String) {
        self.plan = plan
        self.done = done
    }
}

/// What `geocheck reclaim` did: the check with its geometries, and the files written.
public struct ReclaimRun {
    public var evaluation: ReclaimEvaluation
    /// Files of `--out` (empty without it).
    public var files: [String] = []

    public var result: ReclaimResult { evaluation.result }
}

extension Reclaim {
    /// `geocheck reclaim` as one call: reads the plan and the patches, evaluates, writes `--out`.
    public static func run(_ request: ReclaimRequest, events: @escaping (RunEvent<ReclaimResult>) -> Void = { _ in }) throws -> ReclaimRun {
        let inputs = try ReclaimInputs.load(plan: request.plan, done: request.done, idField: request.idField,
                                            dateField: request.dateField, assumeCRS: request.assumeCRS,
                                            towgs84: request.towgs84, context: try GEOSContext())
        var options = ReclaimOptions(asOf: request.asOf ?? ISODate.today())
        options.minAreaM2 = request.minAreaM2
        options.areaMethod = request.areaMethod
        let evaluation = try evaluate(inputs, options: options)
        events(.evaluated(evaluation.result))
        var run = ReclaimRun(evaluation: evaluation)
        if let directory = request.output.directory {
            run.files = try ResultFiles.write(evaluation, to: directory, language: request.output.language,
                                              progress: { events(.progress($0)) })
        }
        return run
    }
}
