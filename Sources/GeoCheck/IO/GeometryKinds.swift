import CGDAL
import Foundation

/// What a feature's geometry is, as far as checks care: an area, a line, a point, or nothing.
public enum GeometryKind: String, Sendable, CaseIterable {
    case polygon, openLine, point, other, none

    /// The word for a count in messages ("12 LineStrings (open)").
    func describe(_ count: Int) -> String {
        switch self {
        case .polygon: return "\(count) polygon\(count == 1 ? "" : "s")"
        case .openLine: return "\(count) LineString\(count == 1 ? "" : "s") (open)"
        case .point: return "\(count) Point\(count == 1 ? "" : "s")"
        case .other: return "\(count) other geometr\(count == 1 ? "y" : "ies")"
        case .none: return "\(count) feature\(count == 1 ? "" : "s") without geometry"
        }
    }

    /// Points and lines can be made areas with a protection radius (`protect_m`).
    public var isBufferable: Bool { self == .point || self == .openLine }

    /// The kind of an OGR geometry (nil handle: no geometry). Collections take the kind of their
    /// parts when those agree.
    static func of(_ geometry: OGRGeometryH?) -> GeometryKind {
        guard let geometry, OGR_G_IsEmpty(geometry) == 0 else { return .none }
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        if OGR_GT_IsSubClassOf(type, wkbCurvePolygon) != 0 || OGR_GT_IsSubClassOf(type, wkbMultiSurface) != 0 { return .polygon }
        if OGR_GT_IsSubClassOf(type, wkbCurve) != 0 || OGR_GT_IsSubClassOf(type, wkbMultiCurve) != 0 { return .openLine }
        if type == wkbPoint || type == wkbMultiPoint { return .point }
        if type == wkbGeometryCollection {
            let kinds = Set((0..<OGR_G_GetGeometryCount(geometry)).map { of(OGR_G_GetGeometryRef(geometry, $0)) })
            if kinds.count == 1, let kind = kinds.first { return kind }
        }
        return .other
    }
}

/// How many features of each kind a layer holds, for messages about what it holds.
public struct GeometryCensus: Sendable, CustomStringConvertible {
    public var counts: [GeometryKind: Int] = [:]

    public init() {}

    public mutating func add(_ kind: GeometryKind) { counts[kind, default: 0] += 1 }
    public subscript(kind: GeometryKind) -> Int { counts[kind] ?? 0 }
    public var total: Int { counts.values.reduce(0, +) }

    /// "0 polygons — 12 LineStrings (open), 3 Points" (an empty layer: "no features").
    public var description: String {
        if total == 0 { return "no features" }
        let others = GeometryKind.allCases.filter { $0 != .polygon && self[$0] > 0 }.map { $0.describe(self[$0]) }
        let head = GeometryKind.polygon.describe(self[.polygon])
        return others.isEmpty ? head : "\(head) — \(others.joined(separator: ", "))"
    }
}

enum ClosedLines {
    /// A closed LineString (DXF LWPOLYLINE/POLYLINE, how surveyors draw parcels) or a
    /// MultiLineString whose parts are all closed, as a new Polygon/MultiPolygon; nil for
    /// anything else. The caller owns the result.
    static func polygon(from geometry: OGRGeometryH) -> OGRGeometryH? {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        if type == wkbCircularString || type == wkbCompoundCurve || type == wkbMultiCurve {
            // Arcs (DXF bulges, curved polylines): their linear approximation decides.
            guard let linear = OGR_G_GetLinearGeometry(geometry, 0, nil) else { return nil }
            defer { OGR_G_DestroyGeometry(linear) }
            return polygon(from: linear)
        }
        if type == wkbLineString || type == wkbLinearRing {
            return isClosed(geometry) ? polygon(ring: geometry) : nil
        }
        guard type == wkbMultiLineString, OGR_G_GetGeometryCount(geometry) > 0 else { return nil }
        let parts = (0..<OGR_G_GetGeometryCount(geometry)).compactMap { OGR_G_GetGeometryRef(geometry, $0) }
        guard parts.allSatisfy(isClosed), let multi = OGR_G_CreateGeometry(wkbMultiPolygon) else { return nil }
        for part in parts {
            if let polygon = polygon(ring: part) { OGR_G_AddGeometryDirectly(multi, polygon) }
        }
        return multi
    }

    /// At least 4 points, the last equal to the first (in x and y).
    static func isClosed(_ line: OGRGeometryH) -> Bool {
        let count = OGR_G_GetPointCount(line)
        guard count >= 4 else { return false }
        return OGR_G_GetX(line, 0) == OGR_G_GetX(line, count - 1) && OGR_G_GetY(line, 0) == OGR_G_GetY(line, count - 1)
    }

    private static func polygon(ring line: OGRGeometryH) -> OGRGeometryH? {
        guard let polygon = OGR_G_CreateGeometry(wkbPolygon), let ring = OGR_G_CreateGeometry(wkbLinearRing) else { return nil }
        for index in 0..<OGR_G_GetPointCount(line) {
            OGR_G_AddPoint_2D(ring, OGR_G_GetX(line, index), OGR_G_GetY(line, index))
        }
        OGR_G_AddGeometryDirectly(polygon, ring)
        return polygon
    }
}

extension VectorLayer {
    /// True when the layer's declared geometry type is polygonal and its (driver-known) extent
    /// is not empty: it holds polygons, without reading a feature.
    public var declaresPolygons: Bool {
        let type = OGR_GT_Flatten(OGR_L_GetGeomType(handle))
        guard OGR_GT_IsSubClassOf(type, wkbCurvePolygon) != 0 || OGR_GT_IsSubClassOf(type, wkbMultiSurface) != 0 else { return false }
        return knownExtent.map { $0.width > 0 && $0.height > 0 } ?? false
    }

    /// Counts the kinds of geometry of every feature that passes the attribute filter (the
    /// spatial filter is lifted for the pass); attributes are not read.
    public func geometryCensus() throws -> GeometryCensus {
        var census = GeometryCensus()
        let spatial = OGR_L_GetSpatialFilter(handle).flatMap { OGR_G_Clone($0) }
        OGR_L_SetSpatialFilter(handle, nil)
        defer {
            OGR_L_SetSpatialFilter(handle, spatial)
            if let spatial { OGR_G_DestroyGeometry(spatial) }
        }
        OGR_L_ResetReading(handle)
        CPLErrorReset()
        while let feature = OGRFeature.next(of: handle) {
            let geometry = OGR_F_GetGeometryRef(feature.handle)
            if let geometry, ClosedLines.isClosedLineGeometry(geometry) {
                census.add(.polygon)
            } else {
                census.add(GeometryKind.of(geometry))
            }
        }
        if CPLGetLastErrorType() == CE_Failure { throw GDAL.error("OGR_L_GetNextFeature", source: label) }
        return census
    }
}

extension ClosedLines {
    static func isClosedLineGeometry(_ geometry: OGRGeometryH) -> Bool {
        guard let polygon = polygon(from: geometry) else { return false }
        OGR_G_DestroyGeometry(polygon)
        return true
    }
}
