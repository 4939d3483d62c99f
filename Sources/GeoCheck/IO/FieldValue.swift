import Foundation

/// An attribute value read from or written to a vector layer.
public enum FieldValue: Equatable, Sendable, Codable, CustomStringConvertible {
    case null
    case string(String)
    case integer(Int64)
    case real(Double)
    /// A calendar date, ISO `YYYY-MM-DD`.
    case date(String)

    public var description: String {
        switch self {
        case .null: return ""
        case .string(let text): return text
        case .integer(let value): return String(value)
        case .real(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .date(let text): return text
        }
    }

    public var isNull: Bool { self == .null }

    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .real(let value): return value
        case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .string(let text), .date(let text): try container.encode(text)
        case .integer(let value): try container.encode(value)
        case .real(let value): try container.encode(value)
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .real(value) }
        else { self = .string(try container.decode(String.self)) }
    }
}

/// The type of a field as geocheck sees it.
public enum FieldType: String, Sendable, Codable {
    case string, integer, real, date, other
}

public struct FieldDefinition: Sendable, Codable, Equatable {
    public var name: String
    public var type: FieldType
    public init(name: String, type: FieldType) {
        self.name = name
        self.type = type
    }
}

/// One feature as read from a layer: its FID, geometry (WKB, 2D) and attributes in field order.
public struct FeatureRecord: Sendable {
    public var fid: Int64
    public var wkb: [UInt8]?
    /// The geometry's bounding box (`OGR_G_GetEnvelope`), nil without geometry.
    public var envelope: Envelope?
    public var values: [FieldValue]
    /// Repairs made while reading (e.g. unclosed rings closed), to be reported.
    public var repairs: [String] = []
    /// What the geometry is (closed polylines already read as polygons).
    public var kind: GeometryKind = .none

    /// This record as a view, its WKB borrowed, for the duration of `body`.
    func withView<T>(_ body: (FeatureView) throws -> T) rethrows -> T {
        guard let wkb else { return try body(FeatureView(self, wkb: nil)) }
        return try wkb.withUnsafeBytes { try body(FeatureView(self, wkb: $0)) }
    }
}

/// A feature as the readers hand it over (`VectorLayer.forEachFeatureView`): a `FeatureRecord`
/// whose WKB is borrowed from the reader's buffers, valid while the closure that receives it
/// runs, and for as long as `owner` is held when there is one. A reader that keeps many
/// geometries keeps them in a `WKBStore` instead of an array per feature; `record` is an owned
/// copy (the record itself when the view was made of one: the feature reader's WKB is not
/// copied twice).
struct FeatureView {
    let fid: Int64
    let wkb: UnsafeRawBufferPointer?
    /// What keeps `wkb` valid beyond the call (an Arrow batch), nil when only the call does.
    let owner: AnyObject?
    let envelope: Envelope?
    let values: [FieldValue]
    let repairs: [String]
    let kind: GeometryKind
    /// The record this view was made of (`FeatureRecord.withView`), nil for a batch's feature.
    private let made: FeatureRecord?

    /// A batch's feature.
    init(fid: Int64, wkb: UnsafeRawBufferPointer?, owner: AnyObject?, envelope: Envelope?, values: [FieldValue],
         kind: GeometryKind) {
        self.fid = fid
        self.wkb = wkb
        self.owner = owner
        self.envelope = envelope
        self.values = values
        self.repairs = []
        self.kind = kind
        made = nil
    }

    /// `record`, its WKB at `wkb`.
    fileprivate init(_ record: FeatureRecord, wkb: UnsafeRawBufferPointer?) {
        fid = record.fid
        self.wkb = wkb
        owner = nil
        envelope = record.envelope
        values = record.values
        repairs = record.repairs
        kind = record.kind
        made = record
    }

    var record: FeatureRecord {
        made ?? FeatureRecord(fid: fid, wkb: wkb.map { [UInt8]($0) }, envelope: envelope, values: values, repairs: repairs, kind: kind)
    }
}
