import Foundation

/// JSON for results: pretty, keys sorted, UTF-8 (Chinese unescaped), slashes unescaped.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}

/// Rounds for output: areas are reported to 1e-4 m² (0.1 mm² is far below any survey).
public func rounded(_ value: Double, _ places: Int = 4) -> Double {
    let scale = pow(10.0, Double(places))
    return (value * scale).rounded() / scale
}

/// Writes `data` to `path` atomically (temporary file in the same directory, then rename).
public func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try data.write(to: url, options: .atomic)
    } catch {
        throw InputError("\(path): cannot write: \(error.localizedDescription)")
    }
}
