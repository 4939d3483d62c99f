import Foundation

/// A JSON encoder that writes straight into a byte buffer as values are encoded (Foundation's
/// `JSONEncoder` builds a tree first, several times slower on 100 000-object results).
/// Keys keep their declaration order; optionals that are nil are left out, as with
/// `JSONEncoder`; non-finite numbers become `null`. Pretty-printed with two-space indents.
public struct StreamingJSONEncoder {
    public var pretty = true

    public init(pretty: Bool = true) { self.pretty = pretty }

    public func encode<T: Encodable>(_ value: T) throws -> Data {
        let output = JSONBuffer(pretty: pretty)
        let encoder = StreamingEncoder(output: output, depth: 0)
        try value.encode(to: encoder)
        encoder.finish()
        output.bytes.append(UInt8(ascii: "\n"))
        return Data(output.bytes)
    }
}

final class JSONBuffer {
    var bytes: [UInt8] = []
    let pretty: Bool

    init(pretty: Bool) {
        self.pretty = pretty
        bytes.reserveCapacity(1 << 16)
    }

    func write(_ text: String) { bytes.append(contentsOf: text.utf8) }
    func write(_ byte: UInt8) { bytes.append(byte) }

    func newline(_ depth: Int) {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    /// One exclusive access to `bytes` per string (not per byte): class-property access checks
    /// otherwise dominate the encoder's time.
    func string(_ text: String) {
        Self.appendQuoted(text, to: &bytes)
    }

    private static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for unit in text.utf8 {
            switch unit {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20: bytes.append(contentsOf: Array(String(format: "\\u%04x", unit).utf8))
            default: bytes.append(unit)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    func number(_ value: Double) {
        guard value.isFinite else { return write("null") }
        if value == value.rounded(), abs(value) < 1e15 {
            write(String(Int64(value)))
        } else {
            write("\(value)")
        }
    }
}

/// One value being encoded: it opens at most one container, closed by `finish()`.
final class StreamingEncoder: Encoder {
    let output: JSONBuffer
    let depth: Int
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    /// The bracket to close, and whether anything was written inside.
    private var open: UInt8?
    private var count = 0
    private var wroteValue = false
    /// A nested encoder still open inside this one (nested containers, super encoders).
    private var pending: StreamingEncoder?

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
        if count > 0 { output.write(UInt8(ascii: ",")) }
        count += 1
        output.newline(depth + 1)
        if let key {
            output.string(key)
            output.write(output.pretty ? ": " : ":")
        }
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

    func encodeValue<T: Encodable>(_ value: T) throws {
        // Type comparisons, not `as?` casts: dynamic casts dominate otherwise.
        if T.self == String.self, let text = value as? String {
            output.string(text)
        } else if T.self == Double.self, let number = value as? Double {
            output.number(number)
        } else if T.self == Int.self, let number = value as? Int {
            output.write(String(number))
        } else if T.self == Int64.self, let number = value as? Int64 {
            output.write(String(number))
        } else if T.self == Bool.self, let flag = value as? Bool {
            output.write(flag ? "true" : "false")
        } else {
            let nested = StreamingEncoder(output: output, depth: depth + 1)
            try value.encode(to: nested)
            nested.finish()
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
    }
}
