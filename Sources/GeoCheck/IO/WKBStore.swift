/// Many features' WKB, kept without an array per feature. Where a reader's buffer can outlive
/// the read (a batch of GDAL's Arrow stream, `FeatureView.owner`), the store keeps that buffer
/// and points into it: no copy at all. Other WKB is copied into buffers of 32 MiB, one after
/// another. 160,000 red-line features held as arrays cost 160,000 allocations and frees and
/// 44 MB of heap for 32 MB of WKB; copied once, 33 MB more written and faulted in.
///
/// A reader that keeps only some of a buffer's features (`ConstraintInput.read` and its window)
/// copies them out and lets the buffer go (`letGo`) when it kept less than half of it, so the
/// store never holds much more than the WKB kept.
///
/// A buffer of copies is as large as glibc's largest mmap threshold (and above the one-shot
/// commands' 16 MiB, `AllocatorPolicy`): it is mapped on its own, its pages faulted in only as
/// they are written, and given back to the kernel when freed. In buffers of 4 MiB from the heap,
/// a million rights' WKB (180 MB) stayed with the process once released, and the peak of
/// 1,000,000 rights × counties rose from 834 to 951 MB.
///
/// Append-only; a feature's bytes are found again by the `Slot` that `append` returns, in this
/// store or a copy of it made after the append. Bytes once written are never written again: a
/// copy of the store that appends starts a buffer of its own. `@unchecked Sendable` for that
/// reason.
struct WKBStore: @unchecked Sendable {
    /// Where one feature's WKB is.
    struct Slot: @unchecked Sendable {
        fileprivate let start: UnsafeRawPointer?
        /// The WKB's length in bytes.
        let count: Int
    }

    /// Bytes per buffer of copies (a longer WKB gets a buffer of its own).
    static let chunkSize = 32 << 20

    /// What keeps the bytes alive: reader buffers kept, and full buffers of copies.
    private var owners: [AnyObject] = []
    /// The reader's buffer kept last (in `owners`).
    private var adopted: AnyObject?
    /// The buffer copies go to, where the next one goes in it, and the room left there.
    private var current: CopyBuffer?
    private var next: UnsafeMutableRawPointer?
    private var room = 0

    /// Keeps `bytes`: in place when `owner` keeps them valid, else as a copy.
    mutating func append(_ bytes: UnsafeRawBufferPointer, owner: AnyObject?) -> Slot {
        guard let owner else { return append(bytes) }
        if adopted !== owner {
            owners.append(owner)
            adopted = owner
        }
        return Slot(start: bytes.baseAddress, count: bytes.count)
    }

    /// Keeps a copy of `bytes`.
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> Slot {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return Slot(start: nil, count: 0) }
        // Not unique: a copy of this store holds the buffer too, and may append past `next`.
        if bytes.count > room || !isKnownUniquelyReferenced(&current) {
            if let full = current { owners.append(full) }
            let buffer = CopyBuffer(capacity: max(Self.chunkSize, bytes.count))
            current = buffer
            next = buffer.base
            room = buffer.capacity
        }
        guard let target = next else { return Slot(start: nil, count: 0) }
        target.copyMemory(from: source, byteCount: bytes.count)
        next = target + bytes.count
        room -= bytes.count
        return Slot(start: UnsafeRawPointer(target), count: bytes.count)
    }

    mutating func append(_ bytes: [UInt8]) -> Slot {
        bytes.withUnsafeBytes { append($0) }
    }

    /// A copy of the bytes at `slot`, at a new slot.
    mutating func copy(_ slot: Slot) -> Slot {
        append(UnsafeRawBufferPointer(start: slot.start, count: slot.count))
    }

    /// Stops keeping `owner`, whose slots the caller has replaced by copies (`copy`) and no
    /// longer reads.
    mutating func letGo(_ owner: AnyObject) {
        owners.removeAll { $0 === owner }
        if adopted === owner { adopted = nil }
    }

    /// The reader buffers and full buffers of copies held (for tests).
    var buffersHeld: Int { owners.count }

    /// The bytes at `slot`, for the duration of `body`.
    func withBytes<T>(_ slot: Slot, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withExtendedLifetime((owners, current)) { try body(UnsafeRawBufferPointer(start: slot.start, count: slot.count)) }
    }

    /// A buffer of copies, freed with the last store that holds it.
    private final class CopyBuffer {
        let base: UnsafeMutableRawPointer
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(byteCount: capacity, alignment: 16)
        }

        deinit { base.deallocate() }
    }
}
