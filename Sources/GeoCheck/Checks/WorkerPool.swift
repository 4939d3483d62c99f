import Foundation
import Synchronization

/// Worker threads (`DispatchQueue.concurrentPerform`) sharing one `State` behind a `Mutex`.
/// The first error a worker throws is kept; from then on `whileRunning` refuses further work,
/// so the other workers stop at their next claim, and `run` rethrows that error once all
/// workers have finished.
final class WorkerPool<State: Sendable>: Sendable {
    private let shared: Mutex<(state: State, error: (any Error)?)>

    private init(_ state: consuming State) {
        shared = Mutex((state, nil))
    }

    /// Runs `body(worker, pool)` for `workers` workers (at least one) in parallel and returns
    /// the shared state as the workers left it. The state is taken, not copied: pass it with
    /// `consume`, or an array in it is copied whole at the first write (a million rights'
    /// outcomes held twice).
    static func run(workers: Int, state: consuming State,
                    _ body: @Sendable (_ worker: Int, _ pool: WorkerPool) throws -> Void) throws -> State {
        let pool = WorkerPool(state)
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { worker in
            do {
                try body(worker, pool)
            } catch {
                pool.shared.withLock { if $0.error == nil { $0.error = error } }
            }
        }
        let (state, error) = pool.shared.withLock { ($0.state, $0.error) }
        if let error { throw error }
        return state
    }

    /// `body` on the shared state under the lock, or nil without running it once a worker
    /// has failed. Keep `body` short: the other workers wait for it.
    func whileRunning<Result: Sendable>(_ body: (inout State) -> Result?) -> Result? {
        shared.withLock { shared in
            shared.error == nil ? body(&shared.state) : nil
        }
    }
}

/// Items `0..<count` handed out one at a time to `WorkerPool` threads, each thread with local
/// state of its own (a GEOS context, a screening worker, caches), the values in item order. A
/// thrown error stops the claiming and is rethrown (`WorkerPool.run`).
enum ParallelMap {
    private struct Claims<Value: Sendable>: Sendable {
        var next = 0
        var values: [Value?]
    }

    static func map<Local, Value: Sendable>(count: Int, workers: Int, local makeLocal: @Sendable () throws -> Local,
                                            _ body: @Sendable (inout Local, Int) throws -> Value) throws -> [Value] {
        guard count > 0 else { return [] }
        let finished = try WorkerPool.run(workers: min(workers, count), state: Claims<Value>(values: Array(repeating: nil, count: count))) { _, pool in
            var local = try makeLocal()
            while let index = pool.whileRunning({ claims -> Int? in
                defer { claims.next += 1 }
                return claims.next < count ? claims.next : nil
            }) {
                let value = try body(&local, index)
                _ = pool.whileRunning { claims -> Bool? in
                    claims.values[index] = value
                    return true
                }
            }
        }
        let values = finished.values.compactMap { $0 }
        // Without an error every item was claimed and stored.
        guard values.count == count else { throw InputError("internal error: \(count - values.count) of \(count) items not done") }
        return values
    }
}
