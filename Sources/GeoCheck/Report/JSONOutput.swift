import Foundation

/// JSON for results: pretty, keys in declaration order, UTF-8 (Chinese unescaped), slashes unescaped.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try StreamingJSONEncoder().encode(value)
    }

    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}
