import Foundation

/// Frees `value` on a background thread: the caller goes on without waiting for a large
/// structure's memory to be returned (a process that exits first simply never frees it).
/// `value` must not be shared: the background thread must hold its last reference.
func releaseInBackground<Value: Sendable>(_ value: consuming Value) {
    let value = consume value
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(value) {} }
}
