import Foundation

/// A JSON encoder that writes straight into a byte buffer as values are encoded (Foundation's
/// `JSONEncoder` builds a tree first, several times slower on 100 000-object results).
/// Keys keep their declaration order; optionals that are nil are left out, as with
/// `JSONEncoder`; non-finite numbers become `null`. Pretty-printed with two-space indents.
public struct StreamingJSONEncoder {
    public var pretty = true

    public init(pretty: Bool = true) { self.pretty = pretty }

    /// The whole document (ending in a newline).
    public func encode<T: Encodable>(_ value: T) throws -> Data {
        let output = JSONBuffer(pretty: pretty)
        try encode(value, into: output)
        return output.takeData()
    }

    /// Hands the document to `write` in chunks of about 1 MiB, holding no more than one chunk.
    /// Each `Data` is only valid during the call (it borrows the encoder's buffer).
    public func encode<T: Encodable>(_ value: T, chunks write: (Data) throws -> Void) throws {
        try withoutActuallyEscaping(write) { write in
            let output = JSONBuffer(pretty: pretty) { bytes in
                guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
                try write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: bytes.count,
                               deallocator: .none))
            }
            try encode(value, into: output)
        }
    }

    private func encode<T: Encodable>(_ value: T, into output: JSONBuffer) throws {
        let encoder = StreamingEncoder(output: output, depth: 0)
        try value.encode(to: encoder)
        encoder.finish()
        output.write(UInt8(ascii: "\n"))
        try output.finish()
    }
}

/// One value being encoded: it opens at most one container, closed by `finish()`.
final class StreamingEncoder: Encoder {
    let output: JSONBuffer
    let depth: Int
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    /// The bracket to close, and whether anything was written inside.
    @exclusivity(unchecked) private var open: UInt8?
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var wroteValue = false
    /// A nested encoder still open inside this one (nested containers, super encoders).
    @exclusivity(unchecked) private var pending: StreamingEncoder?

    init(output: JSONBuffer, depth: Int) {
        self.output = output
        self.depth = depth
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        begin(UInt8(ascii: "{"))
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        begin(UInt8(ascii: "["))
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { SingleContainer(encoder: self) }

    private func begin(_ bracket: UInt8) {
        guard open == nil else { return }
        open = bracket
        output.write(bracket)
    }

    /// Writes the separator (and key) before the next element of the open container.
    func element(key: String?) {
        closePending()
        output.flushIfFull()
        if count > 0 { output.write(UInt8(ascii: ",")) }
        count += 1
        output.newline(depth + 1)
        if let key {
            output.string(key)
            output.write(output.pretty ? ": " : ":")
        }
    }

    /// Makes this encoder an open array of which `count` elements are written (elsewhere):
    /// the next element starts with a separator unless `count` is 0.
    func continueArray(after count: Int) {
        open = UInt8(ascii: "[")
        self.count = count
    }

    func closePending() {
        pending?.finish()
        pending = nil
    }

    func child() -> StreamingEncoder {
        let child = StreamingEncoder(output: output, depth: depth + 1)
        pending = child
        return child
    }

    /// A value of any type: JSON scalars directly, anything else through its own `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T) throws {
        // Type comparisons first: dynamic casts are slow. Concrete scalar calls don't come here.
        if T.self == String.self, let text = value as? String {
            output.string(text)
        } else if T.self == Double.self, let number = value as? Double {
            output.number(number)
        } else if T.self == Int.self, let number = value as? Int {
            output.integer(Int64(number))
        } else if T.self == Bool.self, let flag = value as? Bool {
            output.write(flag ? "true" : "false")
        } else if T.self == Float.self, let number = value as? Float {
            var text = number.isFinite ? number.description : "null"
            text.withUTF8 { output.write($0) }
        } else if Self.integerTypes.contains(where: { $0 == T.self }), let number = value as? any BinaryInteger {
            integer(number)
        } else {
            let nested = StreamingEncoder(output: output, depth: depth + 1)
            try value.encode(to: nested)
            nested.finish()
        }
    }

    /// The integer types other than `Int` (compared before any cast: nested values are the
    /// common case here, and a failed conformance cast costs more than encoding a number).
    private static let integerTypes: [Any.Type] = [Int64.self, Int32.self, Int16.self, Int8.self,
                                                   UInt.self, UInt64.self, UInt32.self, UInt16.self, UInt8.self]

    private func integer(_ number: some BinaryInteger) {
        if let small = Int64(exactly: number) {
            output.integer(small)
        } else if let large = UInt64(exactly: number) {
            output.unsigned(large)
        } else {
            var text = number.description
            text.withUTF8 { output.write($0) }
        }
    }

    func finish() {
        closePending()
        guard let open else {
            if !wroteValue { output.write("{}") }
            return
        }
        if count > 0 { output.newline(depth) }
        output.write(open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        self.open = nil
    }

    func markValue() {
        wroteValue = true
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: StreamingEncoder
        var codingPath: [CodingKey] { encoder.codingPath }

        func encodeNil(forKey key: Key) throws {
            encoder.element(key: key.stringValue)
            encoder.output.write("null")
        }

        func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            encoder.element(key: key.stringValue)
            try encoder.encodeValue(value)
        }

        // The scalars the synthesized `encode(to:)` of the result types call, without generics.
        func encode(_ value: String, forKey key: Key) throws {
            encoder.element(key: key.stringValue)
            encoder.output.string(value)
        }

        func encode(_ value: Double, forKey key: Key) throws {
            encoder.element(key: key.stringValue)
            encoder.output.number(value)
        }

        func encode(_ value: Int, forKey key: Key) throws {
            encoder.element(key: key.stringValue)
            encoder.output.integer(Int64(value))
        }

        func encode(_ value: Int64, forKey key: Key) throws {
            encoder.element(key: key.stringValue)
            encoder.output.integer(value)
        }

        func encode(_ value: Bool, forKey key: Key) throws {
            encoder.element(key: key.stringValue)
            encoder.output.write(value ? "true" : "false")
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            encoder.element(key: key.stringValue)
            return encoder.child().container(keyedBy: keyType)
        }

        func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            encoder.element(key: key.stringValue)
            return encoder.child().unkeyedContainer()
        }

        func superEncoder() -> Encoder {
            encoder.element(key: "super")
            return encoder.child()
        }

        func superEncoder(forKey key: Key) -> Encoder {
            encoder.element(key: key.stringValue)
            return encoder.child()
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: StreamingEncoder
        var codingPath: [CodingKey] { encoder.codingPath }
        var count: Int { encoder.count }

        func encodeNil() throws {
            encoder.element(key: nil)
            encoder.output.write("null")
        }

        func encode<T: Encodable>(_ value: T) throws {
            encoder.element(key: nil)
            try encoder.encodeValue(value)
        }

        func encode(_ value: String) throws {
            encoder.element(key: nil)
            encoder.output.string(value)
        }

        func encode(_ value: Double) throws {
            encoder.element(key: nil)
            encoder.output.number(value)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            encoder.element(key: nil)
            return encoder.child().container(keyedBy: keyType)
        }

        func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            encoder.element(key: nil)
            return encoder.child().unkeyedContainer()
        }

        func superEncoder() -> Encoder {
            encoder.element(key: nil)
            return encoder.child()
        }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let encoder: StreamingEncoder
        var codingPath: [CodingKey] { encoder.codingPath }

        func encodeNil() throws {
            encoder.markValue()
            encoder.output.write("null")
        }

        func encode<T: Encodable>(_ value: T) throws {
            encoder.markValue()
            try encoder.encodeValue(value)
        }

        func encode(_ value: String) throws {
            encoder.markValue()
            encoder.output.string(value)
        }

        func encode(_ value: Double) throws {
            encoder.markValue()
            encoder.output.number(value)
        }
    }
}

/// A long array whose elements are encoded on several threads, each run of elements into a
/// buffer of its own, and written in order: the same bytes as one thread writes, in about
/// half the time on two cores (a million rights make 700 MB of JSON). Other encoders see a
/// plain array.
struct ParallelJSONArray<Element: Encodable & Sendable>: Encodable {
    /// Elements per buffer (a few hundred kB of JSON), and below this many in all, one thread.
    static var run: Int { 1024 }
    let elements: [Element]

    init(_ elements: [Element]) { self.elements = elements }

    func encode(to encoder: Encoder) throws {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        guard let streaming = encoder as? StreamingEncoder, workers > 1, elements.count > Self.run else {
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
            return
        }
        try streaming.encodeElements(elements, run: Self.run, workers: workers)
    }
}

extension StreamingEncoder {
    /// The elements of this encoder's array: `workers` runs at a time encoded side by side,
    /// then written in order (at most `workers` runs' bytes held at once).
    func encodeElements<Element: Encodable & Sendable>(_ elements: [Element], run: Int, workers: Int) throws {
        let pretty = output.pretty
        let depth = self.depth
        let _ = unkeyedContainer()  // the opening bracket
        let runs = stride(from: 0, to: elements.count, by: run).map { $0..<min($0 + run, elements.count) }
        for round in stride(from: 0, to: runs.count, by: workers) {
            let batch = Array(runs[round..<min(round + workers, runs.count)])
            let encoded = try ParallelMap.map(count: batch.count, workers: workers, local: {}) { _, index in
                let buffer = JSONBuffer(pretty: pretty)
                let part = StreamingEncoder(output: buffer, depth: depth)
                part.continueArray(after: batch[index].lowerBound)
                for element in elements[batch[index]] {
                    part.element(key: nil)
                    try part.encodeValue(element)
                }
                part.closePending()
                return buffer.takeData()
            }
            for bytes in encoded {
                bytes.withUnsafeBytes { output.write($0.bindMemory(to: UInt8.self)) }
                output.flushIfFull()
            }
        }
        continueArray(after: elements.count)
    }
}
