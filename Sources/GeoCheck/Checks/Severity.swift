/// How serious an overlap with a constraint zone is (CONTRACT.md `rules`, `default`).
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case restricted, prohibited

    /// Also accepts the Chinese words used in planning documents (禁止, 限制).
    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "prohibited", "禁止", "禁止区", "forbidden": self = .prohibited
        case "restricted", "限制", "限制区": self = .restricted
        default: return nil
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a == .restricted && b == .prohibited }
}

/// A right's verdict: the worst thing found (prohibited > restricted > near > clear).
public enum Verdict: String, Codable, Sendable, Comparable, CaseIterable {
    case clear, near, restricted, prohibited

    var rank: Int {
        switch self {
        case .clear: return 0
        case .near: return 1
        case .restricted: return 2
        case .prohibited: return 3
        }
    }

    public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }

    public init(_ severity: Severity) {
        self = severity == .prohibited ? .prohibited : .restricted
    }
}
