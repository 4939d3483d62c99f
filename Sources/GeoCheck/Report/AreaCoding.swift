import Foundation

/// JSON keys of the result types, written as the contract spells them (`outside_m2`,
/// `new_outside_mu` …), so an `Area` can be written under a prefix.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The three keys of an area under a prefix, made once for the areas every right has (a key
/// longer than 15 bytes is a heap string: a million rights' areas made millions of them).
struct AreaKeys: Sendable {
    let m2, mu, ha: DynamicKey

    init(_ prefix: String) {
        (m2, mu, ha) = (DynamicKey("\(prefix)_m2"), DynamicKey("\(prefix)_mu"), DynamicKey("\(prefix)_ha"))
    }

    static let area = AreaKeys("area")
    static let overlapArea = AreaKeys("overlap_area")
    static let retainedArea = AreaKeys("retained_area")
}

/// Every result area is written as three keys, `prefix_m2`, `prefix_mu` and `prefix_ha`, rounded
/// for output (m² and 亩 to 6 decimals, ha to 8), and read back from `prefix_m2`.
///
///     try c.encodeArea(mine.outside, "outside")      // "outside_m2": …, "outside_mu": …, "outside_ha": …
///     let outside = try c.decodeArea("outside")
extension KeyedEncodingContainer where K == DynamicKey {
    mutating func encodeArea(_ area: Area, _ prefix: String) throws {
        try encodeArea(area, AreaKeys(prefix))
    }

    mutating func encodeArea(_ area: Area, _ keys: AreaKeys) throws {
        try encode(area.roundedM2, forKey: keys.m2)
        try encode(area.roundedMu, forKey: keys.mu)
        try encode(area.roundedHa, forKey: keys.ha)
    }

    /// Writes the value; nil as `null`.
    mutating func put<T: Encodable>(_ value: T, _ key: String) throws {
        try encode(value, forKey: DynamicKey(key))
    }

    /// Writes the key only when `value` is not nil.
    mutating func putIfPresent<T: Encodable>(_ value: T?, _ key: String) throws {
        try encodeIfPresent(value, forKey: DynamicKey(key))
    }

    // The scalars every right has, through the container's own scalar methods: no generic
    // value's type tests and, for a verdict or severity (its raw value, as its synthesized
    // `Encodable` writes it), no nested encoder.
    mutating func put(_ value: String, _ key: String) throws { try encode(value, forKey: DynamicKey(key)) }
    mutating func put(_ value: Double, _ key: String) throws { try encode(value, forKey: DynamicKey(key)) }
    mutating func put(_ value: Int, _ key: String) throws { try encode(value, forKey: DynamicKey(key)) }
    mutating func put(_ value: Int64, _ key: String) throws { try encode(value, forKey: DynamicKey(key)) }
    mutating func put(_ value: Verdict, _ key: String) throws { try encode(value.rawValue, forKey: DynamicKey(key)) }
    mutating func put(_ value: Severity, _ key: String) throws { try encode(value.rawValue, forKey: DynamicKey(key)) }

    mutating func putIfPresent(_ value: String?, _ key: String) throws {
        if let value { try put(value, key) }
    }
}

extension KeyedDecodingContainer where K == DynamicKey {
    /// The area written by `encodeArea(_:_:)` under `prefix`: its `prefix_m2`, to within the
    /// rounding that `prefix_mu` and `prefix_ha` tell (`Area(printedM2:mu:ha:)`), so that it is
    /// written again as it was read.
    func decodeArea(_ prefix: String) throws -> Area {
        Area(printedM2: try decode(Double.self, forKey: DynamicKey("\(prefix)_m2")),
             mu: try decodeIfPresent(Double.self, forKey: DynamicKey("\(prefix)_mu")),
             ha: try decodeIfPresent(Double.self, forKey: DynamicKey("\(prefix)_ha")))
    }

    func get<T: Decodable>(_ key: String) throws -> T {
        try decode(T.self, forKey: DynamicKey(key))
    }

    /// nil when the key is absent or `null`.
    func getIfPresent<T: Decodable>(_ key: String) throws -> T? {
        try decodeIfPresent(T.self, forKey: DynamicKey(key))
    }

    /// Checks a constant key such as `"command": "boundary"`.
    func expect(_ value: String, _ key: String) throws {
        let found = try decode(String.self, forKey: DynamicKey(key))
        guard found == value else {
            throw DecodingError.dataCorruptedError(forKey: DynamicKey(key), in: self,
                                                   debugDescription: "expected \"\(value)\", found \"\(found)\"")
        }
    }
}
