import Foundation

/// Calendar dates as ISO `YYYY-MM-DD` strings (which sort and compare as dates).
public enum ISODate {
    /// Parses `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD` or `YYYY-MM` (the first of the
    /// month), with an optional time part; nil when it is not a valid date.
    public static func parse(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if let space = value.firstIndex(where: { $0 == " " || $0 == "T" }) { value = String(value[..<space]) }
        var parts = value.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(String.init)
        if parts.count == 1, value.count == 8, value.allSatisfy(\.isNumber) {
            parts = [String(value.prefix(4)), String(value.dropFirst(4).prefix(2)), String(value.suffix(2))]
        }
        if parts.count == 2 { parts.append("1") }
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1000...9999).contains(year), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// A date field value as ISO, nil for NULL; an error naming the feature for bad text.
    public static func parse(_ value: FieldValue, what: String) throws -> String? {
        switch value {
        case .null: return nil
        case .date(let text): return text
        default:
            let text = value.description
            if text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
            guard let date = parse(text) else { throw InputError("\(what): '\(text)' is not a date (use YYYY-MM-DD)") }
            return date
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Today in the local time zone.
    public static func today() -> String {
        let components = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", components.year ?? 1970, components.month ?? 1, components.day ?? 1)
    }
}
