import Foundation

/// Which of the rights' own fields (矿权类型, 矿种, 单位, …) are carried into the results:
/// `--keep-fields all|F1,F2`, or `keep_fields:` in the config's `rights`.
public enum KeepFields: Sendable, Equatable {
    case all
    case named([String])

    /// "all", or a comma-separated list of field names.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "all" {
            self = .all
            return
        }
        let names = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, !names.contains(where: \.isEmpty) else { return nil }
        self = .named(names)
    }

    /// Indices of the kept fields in `fields`, in the order asked (all: layer order); a named
    /// field that does not exist is an error listing the fields.
    func indices(in fields: [FieldDefinition], label: String) throws -> [Int] {
        switch self {
        case .all:
            return Array(fields.indices)
        case .named(let names):
            return try names.map { name in
                guard let index = LoadedLayer.index(of: name, in: fields) else {
                    throw InputError("\(label): keep-fields: no field '\(name)' (fields: \(fields.map(\.name).joined(separator: ", ")))")
                }
                return index
            }
        }
    }
}

/// One kept field of a right: its name and its value as text ("" for NULL).
public struct KeptField: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A right's kept fields in field order; in JSON an object `{"矿种": "铝土矿", …}`.
public struct KeptFields: Codable, Sendable, Equatable {
    public var items: [KeptField]

    public init(_ items: [KeptField]) { self.items = items }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for item in items { try container.encode(item.value, forKey: Key(stringValue: item.name)) }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        items = try container.allKeys.map { KeptField(name: $0.stringValue, value: try container.decode(String.self, forKey: $0)) }
    }
}
