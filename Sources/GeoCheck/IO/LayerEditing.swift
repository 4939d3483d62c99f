import CGDAL
import Foundation

/// Writing through OGR: fields, and adding, finding and deleting features (datasets, layers,
/// transactions and SQL statements are made in `VectorDataset.swift`, the one owner of the
/// dataset handle). Shared by `VectorWriter` (result files) and the `Ledger` (the store of
/// checks), so every OGR write is made and checked in one place.
extension FieldType {
    /// The OGR type a field of this type is created with (`integer` for drivers without
    /// 64-bit integers).
    func ogr(integer: OGRFieldType = OFTInteger64) -> OGRFieldType {
        switch self {
        case .string, .other: return OFTString
        case .integer: return integer
        case .real: return OFTReal
        case .date: return OFTDate
        }
    }
}

extension VectorLayer {
    /// Whether new fields can be created (`OLCCreateField`; DXF cannot).
    var canCreateFields: Bool { OGR_L_TestCapability(handle, OLCCreateField) != 0 }

    /// An OGR geometry's bounding box (`OGR_G_GetEnvelope`), nil when it is empty.
    static func envelope(of geometry: OGRGeometryH) -> Envelope? {
        guard OGR_G_IsEmpty(geometry) == 0 else { return nil }
        var box = OGREnvelope()
        OGR_G_GetEnvelope(geometry, &box)
        return Envelope(minX: box.MinX, minY: box.MinY, maxX: box.MaxX, maxY: box.MaxY)
    }

    /// Whether a spatial filter is answered through an index (`OLCFastSpatialFilter`).
    var hasFastSpatialFilter: Bool { OGR_L_TestCapability(handle, OLCFastSpatialFilter) != 0 }

    /// Writes what the driver holds back (`OGR_L_SyncToDisk`, OGRERR_NONE on success).
    func syncToDisk() throws {
        CPLErrorReset()
        guard OGR_L_SyncToDisk(handle) == OGRERR_NONE else { throw GDAL.error("OGR_L_SyncToDisk", source: label) }
    }

    /// The index of field `name` (`OGR_FD_GetFieldIndex`), nil when there is none.
    func fieldIndex(_ name: String) -> Int32? {
        guard let definition = OGR_L_GetLayerDefn(handle) else { return nil }
        let index = OGR_FD_GetFieldIndex(definition, name)
        return index >= 0 ? index : nil
    }

    /// Creates a field (`OGR_L_CreateField`, OGRERR_NONE on success; names may be adapted to
    /// the format) and returns its index.
    @discardableResult
    func createField(_ field: FieldDefinition, integer: OGRFieldType = OFTInteger64) throws -> Int32 {
        guard let definition = OGR_Fld_Create(field.name, field.type.ogr(integer: integer)) else {
            throw GDAL.error("OGR_Fld_Create", source: label)
        }
        defer { OGR_Fld_Destroy(definition) }
        CPLErrorReset()
        guard OGR_L_CreateField(handle, definition, 1) == OGRERR_NONE else {
            throw GDAL.error("OGR_L_CreateField", source: "\(label) field \(field.name)")
        }
        return OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(handle)) - 1
    }

    /// Adds one feature (`OGR_L_CreateFeature`, OGRERR_NONE on success): each value at its
    /// field index; the geometry (ignored by a layer without geometry) promoted to a
    /// MultiPolygon when the layer is one.
    @discardableResult
    func createFeature(values: [(index: Int32, value: FieldValue)], geometry: Geometry?, measured: Bool = false) throws -> CreatedFeature {
        try createFeature(values: values, wkb: try geometry?.wkb(), measured: measured)
    }

    /// What `createFeature` made: the feature's id and, when `measured`, its geometry's box (nil:
    /// none or empty).
    struct CreatedFeature {
        var fid: Int64
        var envelope: Envelope?
    }

    /// `createFeature` with the geometry as WKB (results kept as WKB need no GEOS round trip).
    @discardableResult
    func createFeature(values: [(index: Int32, value: FieldValue)], wkb: [UInt8]?, measured: Bool = false) throws -> CreatedFeature {
        guard let feature = OGRFeature.create(for: handle) else {
            throw GDAL.error("OGR_F_Create", source: label)
        }
        for (index, value) in values { Self.set(value, on: feature.handle, at: index) }
        let layerType = OGR_GT_Flatten(OGR_L_GetGeomType(handle))
        if let wkb, layerType != wkbNone {
            var created: OGRGeometryH?
            let status = wkb.withUnsafeBytes { OGR_G_CreateFromWkbEx($0.baseAddress, nil, &created, $0.count) }
            guard status == OGRERR_NONE, let created else { throw GDAL.error("OGR_G_CreateFromWkbEx", source: label) }
            let promote = layerType == wkbMultiPolygon && OGR_GT_Flatten(OGR_G_GetGeometryType(created)) == wkbPolygon
            OGR_F_SetGeometryDirectly(feature.handle, promote ? OGR_G_ForceToMultiPolygon(created) : created)
        }
        CPLErrorReset()
        guard OGR_L_CreateFeature(handle, feature.handle) == OGRERR_NONE else { throw GDAL.error("OGR_L_CreateFeature", source: label) }
        let geometry = measured ? OGR_F_GetGeometryRef(feature.handle) : nil
        return CreatedFeature(fid: OGR_F_GetFID(feature.handle), envelope: geometry.flatMap(Self.envelope(of:)))
    }

    static func set(_ value: FieldValue, on feature: OGRFeatureH, at index: Int32) {
        switch value {
        case .null: OGR_F_SetFieldNull(feature, index)
        case .string(let text): OGR_F_SetFieldString(feature, index, text)
        case .integer(let number): OGR_F_SetFieldInteger64(feature, index, number)
        case .real(let number): OGR_F_SetFieldDouble(feature, index, number)
        case .date(let text):
            let parts = text.split(separator: "-").compactMap { Int32($0) }
            if parts.count == 3 {
                OGR_F_SetFieldDateTime(feature, index, parts[0], parts[1], parts[2], 0, 0, 0, 0)
            } else {
                OGR_F_SetFieldString(feature, index, text)
            }
        }
    }

    /// Streams the features matching an OGR SQL `WHERE` clause (`OGR_L_SetAttributeFilter`).
    func filtered(_ whereClause: String, _ body: (FeatureRecord) throws -> Void) throws {
        CPLErrorReset()
        guard OGR_L_SetAttributeFilter(handle, whereClause) == OGRERR_NONE else {
            throw GDAL.error("OGR_L_SetAttributeFilter(\(whereClause))", source: label)
        }
        defer { OGR_L_SetAttributeFilter(handle, nil) }
        try forEachFeature(body)
    }

    /// Deletes the features matching `whereClause` (`OGR_L_DeleteFeature` by FID).
    func deleteFeatures(where whereClause: String) throws {
        var fids: [Int64] = []
        try filtered(whereClause) { fids.append($0.fid) }
        for fid in fids {
            CPLErrorReset()
            guard OGR_L_DeleteFeature(handle, fid) == OGRERR_NONE else {
                throw GDAL.error("OGR_L_DeleteFeature(\(name) \(fid))", source: label)
            }
        }
    }
}
