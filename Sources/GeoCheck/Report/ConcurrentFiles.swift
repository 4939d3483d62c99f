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
        _ = try write(writers, order: order, workers: workers, thenMap: 0, local: {}) { _, _ in }
    }

    /// The writers as above, then `count` items of `body` on the same workers (`ParallelMap`:
    /// each worker with its local state; an error there stops the claiming and is thrown): a
    /// worker that has written a file goes on with the items, so a set's slowest file does not
    /// leave the other workers idle at the end. The items' values in item order. Every writer is
    /// claimed before any item, so all of them run even when an item fails; the item's error is
    /// then the one thrown (as when the items were made before the files).
    static func write<Local, Value: Sendable>(_ writers: [Writer], order: [Int]? = nil, workers: Int, thenMap count: Int,
                                              local: @Sendable () throws -> Local,
                                              _ body: @Sendable (inout Local, Int) throws -> Value) throws -> [Value] {
        let order = order ?? Array(writers.indices)
        let done = try ParallelMap.map(count: order.count + count, workers: workers, local: local) { local, item -> Done<Value> in
            guard item < order.count else { return .value(try body(&local, item - order.count)) }
            do {
                try writers[order[item]]()
                return .written
            } catch {
                return .failed(file: order[item], error)
            }
        }
        let failures = done.compactMap { if case .failed(let file, let error) = $0 { (file, error) } else { nil } }
        if let first = failures.min(by: { $0.0 < $1.0 }) { throw first.1 }
        return done.dropFirst(order.count).compactMap { if case .value(let value) = $0 { value } else { nil } }
    }

    private enum Done<Value: Sendable>: Sendable {
        case written
        case failed(file: Int, any Error)
        case value(Value)
    }
}
