import Foundation

/// Runs the screening over worker threads, each with its own GEOS context, transforms,
/// STRtrees over the constraint pieces and cache of parsed pieces. Rights are handed out in
/// chunks along a Hilbert curve, so a worker's cache holds the pieces of one area at a time.
enum ScreenWorkers {
    static let chunkSize = 64

    static func run(rights: RightsInput, constraints: [ConstraintInput], plan: WorkPlan,
                    options: ScreenOptions, progress: ((String) -> Void)?) throws -> [RightOutcome?] {
        var outcomes = [RightOutcome?](repeating: nil, count: rights.records.count)
        let chunks = stride(from: 0, to: plan.order.count, by: chunkSize).map {
            Array(plan.order[$0..<min($0 + chunkSize, plan.order.count)])
        }
        let lock = NSLock()
        var claimed = [Bool](repeating: false, count: chunks.count)
        var firstError: Error?
        var done = 0
        let workerCount = max(1, min(options.workers, chunks.count))
        let reportEvery = max(chunkSize, rights.records.count / 100)  // about every 1 %
        // Each worker starts at its own part of the Hilbert curve and walks along it, taking the
        // next chunk nobody has claimed: neighbouring rights stay on one worker and its cache.
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            do {
                let screener = try ScreenWorker(rights: rights, constraints: constraints, plan: plan, options: options)
                var cursor = worker * chunks.count / workerCount
                while true {
                    lock.lock()
                    var index: Int?
                    if firstError == nil {
                        for step in 0..<chunks.count {
                            let candidate = (cursor + step) % chunks.count
                            if !claimed[candidate] {
                                index = candidate
                                claimed[candidate] = true
                                break
                            }
                        }
                    }
                    lock.unlock()
                    guard let index else { break }
                    cursor = index + 1
                    var local: [(Int, RightOutcome)] = []
                    for rightIndex in chunks[index] {
                        local.append((rightIndex, try screener.screen(rightIndex)))
                    }
                    lock.lock()
                    for (rightIndex, outcome) in local { outcomes[rightIndex] = outcome }
                    let before = done
                    done += local.count
                    let report = done / reportEvery != before / reportEvery ? done : nil
                    lock.unlock()
                    // Outside the lock: a slow progress display never holds up the other workers.
                    if let progress, let report { progress("screened \(report) of \(rights.records.count) rights") }
                }
            } catch {
                lock.lock()
                if firstError == nil { firstError = error }
                lock.unlock()
            }
        }
        if let firstError { throw firstError }
        return outcomes
    }
}
