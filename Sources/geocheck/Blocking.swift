import Foundation
import Synchronization

/// Runs async work from a synchronous command (the root command is synchronous): the work runs
/// in a detached task while this thread waits for it, and its result comes back through a Mutex.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let outcome = Mutex<Result<T, Error>?>(nil)
    Task.detached {
        let result: Result<T, Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    guard let result = outcome.withLock({ $0 }) else { throw CancellationError() }
    return try result.get()
}
