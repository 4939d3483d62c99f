import Foundation

/// A file name for an id (retained corner files, one per right): unique, reversible and
/// bounded. Bytes outside `A–Z a–z 0–9 - _ .` and non-ASCII UTF-8 are percent-encoded (so
/// `a/b` → `a%2Fb`, `a|b` → `a%7Cb`, `a_b` stays `a_b`, `%` itself → `%25`); a leading `.` is
/// encoded too (no hidden files). A name longer than `maxBytes` keeps its first bytes and ends
/// with `~` and 16 hex digits of the id's FNV-1a hash: still unique, and `retained/index.csv`
/// maps every file back to its id.
public enum SafeFileName {
    public static let maxBytes = 200

    public static func encode(_ id: String, suffix: String = "") -> String {
        var bytes: [UInt8] = []
        for (index, byte) in id.utf8.enumerated() {
            let plain = byte >= 0x80 || isalnum(Int32(byte)) != 0 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || (byte == UInt8(ascii: ".") && index > 0)
            if plain {
                bytes.append(byte)
            } else {
                bytes += Array(String(format: "%%%02X", byte).utf8)
            }
        }
        if bytes.isEmpty { bytes = Array("%00".utf8) }  // an empty id (ids never hold NUL)
        if bytes.count + suffix.utf8.count > maxBytes {
            var cut = maxBytes - suffix.utf8.count - 17
            while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }  // not inside a UTF-8 sequence
            while cut >= 2, bytes[cut - 1] == UInt8(ascii: "%") || bytes[cut - 2] == UInt8(ascii: "%") { cut -= 1 }
            bytes = Array(bytes[..<cut]) + Array("~\(String(format: "%016llx", fnv1a(id)))".utf8)
        }
        return String(decoding: bytes, as: UTF8.self) + suffix
    }

    /// The id of a name that was not shortened (`nil` for a shortened one: use the index).
    public static func decode(_ name: String) -> String? {
        if name.contains("~") { return nil }
        return name == "%00" ? "" : name.removingPercentEncoding
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
