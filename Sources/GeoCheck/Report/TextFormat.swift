import Foundation

/// A number with `places` decimals for the human output ("12.35"): 亩 and m² with 2, ha with 4.
/// The C library's `%.Nf` (the bytes `String(format:)` gives) through `snprintf` into a stack
/// buffer: `String(format:)` costs about a microsecond a call, which a table of 100,000 cells feels.
public func formatNumber(_ value: Double, _ places: Int = 2) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer -> String in
        let count = withVaList([Int32(places), value]) { vsnprintf(buffer.baseAddress, buffer.count, "%.*f", $0) }
        guard count >= 0, count < buffer.count else { return String(format: "%.\(places)f", value) }
        return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(count)), as: UTF8.self)
    }
}
