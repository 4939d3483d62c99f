import CGDAL

/// One column of a record batch in the Arrow C data interface (`struct ArrowArray`, described by
/// a `struct ArrowSchema` format string), read in place: the validity bitmap, fixed-width values,
/// offsets into bytes. Only the layouts GDAL's OGR stream writes for the field types geocheck
/// reads are understood; `init` is nil for any other (dictionaries included).
/// The batch owns the memory: a column is valid until the batch is released.
struct ArrowColumn {
    enum Layout: Equatable {
        case boolean, int8, int16, int32, int64, float64, date32
        /// Variable-size bytes (binary or UTF-8) with 32- or 64-bit offsets.
        case bytes32, bytes64

        /// The layout of an Arrow format string ("i", "l", "g", "u", "z", "tdD", …), or nil.
        init?(format: String) {
            switch format {
            case "b": self = .boolean
            case "c": self = .int8
            case "s": self = .int16
            case "i": self = .int32
            case "l": self = .int64
            case "g": self = .float64
            case "tdD": self = .date32
            case "u", "z": self = .bytes32
            case "U", "Z": self = .bytes64
            default: return nil
            }
        }

        var bufferCount: Int { self == .bytes32 || self == .bytes64 ? 3 : 2 }
    }

    let layout: Layout
    let length: Int
    /// Where row 0 is in the buffers (the array's offset plus its parent's).
    private let base: Int
    private let validity: UnsafePointer<UInt8>?
    private let values: UnsafeRawPointer?
    private let data: UnsafeRawPointer?

    /// The column of `array` (a child of a struct batch whose own offset is `parentOffset`) laid
    /// out as `format` says, or nil when the layout is not one of ours or the buffers are missing.
    init?(_ array: UnsafePointer<ArrowArray>, format: String, parentOffset: Int = 0) {
        let array = array.pointee
        guard array.dictionary == nil, let layout = Layout(format: format),
              array.n_buffers == layout.bufferCount, let buffers = array.buffers,
              array.length >= 0, array.offset >= 0 else { return nil }
        self.layout = layout
        length = Int(array.length)
        base = Int(array.offset) + parentOffset
        validity = array.null_count == 0 ? nil : buffers[0]?.assumingMemoryBound(to: UInt8.self)
        values = buffers[1]
        data = layout.bufferCount == 3 ? buffers[2] : nil
        guard length == 0 || (values != nil && (layout.bufferCount == 2 || data != nil)) else { return nil }
    }

    func isNull(_ row: Int) -> Bool {
        guard let validity else { return false }
        return Self.bit(validity, base + row) == false
    }

    /// An integer column's value (booleans as 0/1).
    func integer(_ row: Int) -> Int64 {
        guard let values else { return 0 }
        let index = base + row
        switch layout {
        case .boolean: return Self.bit(values.assumingMemoryBound(to: UInt8.self), index) ? 1 : 0
        case .int8: return Int64(values.load(fromByteOffset: index, as: Int8.self))
        case .int16: return Int64(values.loadUnaligned(fromByteOffset: index * 2, as: Int16.self))
        case .int32, .date32: return Int64(values.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))
        case .int64: return values.loadUnaligned(fromByteOffset: index * 8, as: Int64.self)
        case .float64, .bytes32, .bytes64: return 0
        }
    }

    func double(_ row: Int) -> Double {
        guard layout == .float64, let values else { return 0 }
        return values.loadUnaligned(fromByteOffset: (base + row) * 8, as: Double.self)
    }

    /// A bytes column's value, in place (empty for other layouts or offsets out of order).
    func bytes(_ row: Int) -> UnsafeRawBufferPointer {
        guard let values, let data else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let index = base + row
        let start: Int, end: Int
        if layout == .bytes32 {
            start = Int(values.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))
            end = Int(values.loadUnaligned(fromByteOffset: index * 4 + 4, as: Int32.self))
        } else {
            start = Int(values.loadUnaligned(fromByteOffset: index * 8, as: Int64.self))
            end = Int(values.loadUnaligned(fromByteOffset: index * 8 + 8, as: Int64.self))
        }
        guard start >= 0, end >= start else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: data + start, count: end - start)
    }

    /// Bit `index` of an Arrow bitmap (least significant bit first).
    private static func bit(_ bitmap: UnsafePointer<UInt8>, _ index: Int) -> Bool {
        bitmap[index >> 3] & (1 << UInt8(index & 7)) != 0
    }
}

/// A field's column with the conversion the feature reader applies to that field's OGR type, so
/// both readers give the same `FieldValue`s.
struct ArrowFieldColumn {
    let column: ArrowColumn
    let type: FieldType

    /// Whether a field of `type` in this layout converts exactly: integers from integer or boolean
    /// columns, reals from doubles (not float32), strings from UTF-8, dates from date32.
    static func converts(_ type: FieldType, _ layout: ArrowColumn.Layout) -> Bool {
        switch (type, layout) {
        case (.integer, .boolean), (.integer, .int8), (.integer, .int16), (.integer, .int32), (.integer, .int64): return true
        case (.real, .float64), (.string, .bytes32), (.string, .bytes64), (.date, .date32): return true
        default: return false
        }
    }

    /// The value at `row`, or nil when the column cannot be trusted for it: GDAL 3.6.2's stream
    /// writes dates before 1970 a day late (1969-12-31 as 0), so day counts ≤ 0 are left to the
    /// feature reader.
    func value(_ row: Int) -> FieldValue? {
        if column.isNull(row) { return .null }
        switch type {
        case .integer: return .integer(column.integer(row))
        case .real: return .real(column.double(row))
        case .date:
            let days = column.integer(row)
            return days > 0 ? .date(Self.isoDate(daysSince1970: days)) : nil
        case .string, .other: return .string(String(decoding: column.bytes(row), as: UTF8.self))
        }
    }

    /// `YYYY-MM-DD` of a day count from 1970-01-01 (proleptic Gregorian; H. Hinnant's
    /// civil_from_days), formatted as the feature reader's `%04d-%02d-%02d`.
    static func isoDate(daysSince1970 days: Int64) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(abs(value))
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count - (value < 0 ? 1 : 0))) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }
}
