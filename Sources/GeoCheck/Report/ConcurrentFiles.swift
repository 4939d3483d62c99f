import Foundation

/// The independent files of one `--out` set, written on `workers` threads (`WorkerPool`). They
/// are made from the same finished result and share nothing: each writer opens its own GDAL
/// dataset and GEOS context, and writes its own staging path (taken beforehand, in file order,
/// so progress lines and injected failures come in that order).
///
/// Writers are passed in file order and claimed in `order` (longest first balances the threads).
/// Every writer runs even when another fails; the error thrown is the one of the first failing
/// file in file order, the same one writing the files one by one would report.
enum ConcurrentFiles {
    typealias Writer = @Sendable () throws -> Void

    static func write(_ writers: [Writer], order: [Int]? = nil,
                      workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let order = order ?? Array(writers.indices)
        let start = (next: 0, errors: [(file: Int, error: any Error)]())
        let finished = try WorkerPool.run(workers: min(workers, writers.count), state: start) { _, pool in
            while let file = pool.whileRunning({ state -> Int? in
                defer { state.next += 1 }
                return state.next < order.count ? order[state.next] : nil
            }) {
                do {
                    try writers[file]()
                } catch {
                    _ = pool.whileRunning { state -> Bool? in
                        state.errors.append((file, error))
                        return true
                    }
                }
            }
        }
        if let first = finished.errors.min(by: { $0.file < $1.file }) { throw first.error }
    }
}
