import Foundation

/// Runs the screening over worker threads, each with its own GEOS context, transforms,
/// STRtrees over the constraint pieces and cache of parsed pieces. Rights are handed out in
/// chunks along a Hilbert curve, so a worker's cache holds the pieces of one area at a time.
enum ScreenWorkers {
    static let chunkSize = 64

    /// What the workers share: which chunks are taken, the outcomes so far and their count.
    private struct Shared: Sendable {
        var claimed: [Bool]
        var outcomes: [RightOutcome?]
        var done = 0

        /// The first chunk nobody has claimed at or after `cursor` (wrapping), now claimed.
        mutating func claim(from cursor: Int) -> Int? {
            for step in 0..<claimed.count {
                let candidate = (cursor + step) % claimed.count
                if !claimed[candidate] {
                    claimed[candidate] = true
                    return candidate
                }
            }
            return nil
        }
    }

    static func run(rights: RightsInput, constraints: [ConstraintInput], plan: WorkPlan,
                    options: ScreenOptions, progress: (@Sendable (String) -> Void)?) throws -> [RightOutcome?] {
        let total = rights.records.count
        let chunks = stride(from: 0, to: plan.order.count, by: chunkSize).map {
            Array(plan.order[$0..<min($0 + chunkSize, plan.order.count)])
        }
        let workerCount = max(1, min(options.workers, chunks.count))
        let reportEvery = max(chunkSize, total / 100)  // about every 1 %
        // Each worker starts at its own part of the Hilbert curve and walks along it, taking the
        // next chunk nobody has claimed: neighbouring rights stay on one worker and its cache.
        // Consumed into the pool, which then holds the only reference to the outcomes.
        let start = Shared(claimed: [Bool](repeating: false, count: chunks.count),
                           outcomes: [RightOutcome?](repeating: nil, count: total))
        let finished = try WorkerPool.run(workers: workerCount, state: consume start) { worker, pool in
            // Every right's map in this pass only when every right gets one (`ScreenOptions.maps`).
            let screener = try ScreenWorker(rights: rights, constraints: constraints, plan: plan, options: options,
                                            drawsMaps: options.maps == nil)
            var cursor = worker * chunks.count / workerCount
            while let index = pool.whileRunning({ $0.claim(from: cursor) }) {
                cursor = index + 1
                var local: [(Int, RightOutcome)] = []
                for rightIndex in chunks[index] {
                    local.append((rightIndex, try screener.screen(rightIndex)))
                }
                let report: Int? = pool.whileRunning { shared in
                    for (rightIndex, outcome) in local { shared.outcomes[rightIndex] = outcome }
                    let before = shared.done
                    shared.done += local.count
                    return shared.done / reportEvery != before / reportEvery ? shared.done : nil
                }
                // Outside the lock: a slow progress display never holds up the other workers.
                if let progress, let report { progress("screened \(report) of \(total) rights") }
            }
        }
        return finished.outcomes
    }
}
