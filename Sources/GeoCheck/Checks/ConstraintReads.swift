/// Reads several constraint layers at once, a layer per worker, each from its own opened source
/// (its own GDAL dataset), and cuts each into pieces. The results and the error are those of
/// reading the layers one after another in config order: the first layer's error wins, whichever
/// worker met its error first.
enum ConstraintReads {
    /// One layer to read: its opened source (datum parameters applied) and its spec.
    struct Job {
        let source: SourceLayer
        let spec: ConstraintSpec
    }

    /// A source handed to the one worker that reads it. `@unchecked Sendable`: the source (its
    /// GDAL dataset and layer) is used by that worker only, from the claim until `run` returns,
    /// and by nobody else meanwhile (the caller waits in `run`).
    private struct Handed: @unchecked Sendable {
        let job: Job
    }

    /// The layers read and cut, in the order of `jobs`; `near` as in `ConstraintInput.read`.
    static func read(_ jobs: [Job], near rights: ScreenRights?, workers: Int) throws -> [ConstraintInput] {
        let handed = jobs.map(Handed.init)
        let extent = rights?.input.extent
        let rightsCRS = rights?.source.crs
        let results = try ParallelMap.map(count: jobs.count, workers: workers, local: {}) { _, index in
            let job = handed[index].job
            return Result {
                var input = try ConstraintInput.read(job.source, spec: job.spec, rightsExtent: extent,
                                                     rightsCRS: rightsCRS ?? job.source.crs)
                input.pieces = try Subdivision.pieces(of: input, workers: workers)
                return input
            }
        }
        return try results.map { try $0.get() }
    }
}
