import CGDAL
import Foundation

/// An open GDAL vector dataset (`GDALOpenEx` / `GDALClose`). Layers borrow it and keep it alive.
public final class VectorDataset {
    /// The source text as the user wrote it (for messages).
    public let source: String
    let handle: GDALDatasetH
    /// The parsed file, when this in-memory dataset was made from a corner-coordinate file.
    public internal(set) var cornerFile: CornerFile?

    /// Opens `path` read-only as a vector dataset, with GDAL's verbose "no such file" errors.
    public init(path: String, source: String? = nil, openOptions: [String] = [], update: Bool = false) throws {
        GDAL.ensure()
        self.source = source ?? path
        CPLErrorReset()
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY))
        // Inside a zip nothing can be written: GDAL 3.6 would try to rewrite the .shx of every
        // zipped Shapefile under SHAPE_RESTORE_SHX and fail the open.
        let virtual = path.hasPrefix("/vsi")
        if virtual { CPLSetThreadLocalConfigOption("SHAPE_RESTORE_SHX", "NO") }
        defer { if virtual { CPLSetThreadLocalConfigOption("SHAPE_RESTORE_SHX", nil) } }
        let opened = GDAL.withStringList(openOptions) { options in
            GDALOpenEx(path, flags, nil, GDAL.constList(options), nil)
        }
        guard let opened else {
            var error = GDAL.error("GDALOpenEx", source: self.source)
            if error.message.isEmpty || error.message.contains("not recognized as") {
                let exists = FileManager.default.fileExists(atPath: path)
                error = GDALError(source: self.source, function: "GDALOpenEx",
                                  message: exists ? "not a readable vector dataset (no GDAL driver recognises it, or it is truncated)"
                                                  : "no such file or dataset")
            }
            throw error
        }
        handle = opened
    }

    init(owning handle: GDALDatasetH, source: String) {
        self.handle = handle
        self.source = source
    }

    /// Set once the handle has been closed by a writer's commit.
    var closed = false

    /// A `/vsimem/` folder holding this dataset's converted file, removed on close.
    var memoryDirectory: String?

    deinit {
        if !closed { GDALClose(handle) }
        if let memoryDirectory { VirtualFiles.remove(directory: memoryDirectory) }
    }

    public var driverName: String {
        guard let driver = GDALGetDatasetDriver(handle), let name = GDALGetDriverShortName(driver) else { return "?" }
        return String(cString: name)
    }

    public var layerCount: Int { Int(GDALDatasetGetLayerCount(handle)) }

    public func layer(at index: Int) throws -> VectorLayer {
        guard let layer = GDALDatasetGetLayer(handle, Int32(index)) else {
            throw GDALError(source: source, function: "GDALDatasetGetLayer", message: "no layer \(index)")
        }
        return VectorLayer(dataset: self, handle: layer)
    }

    public func layer(named name: String) throws -> VectorLayer {
        guard let layer = GDALDatasetGetLayerByName(handle, name) else {
            let names = (0..<layerCount).compactMap { try? self.layer(at: $0).name }
            throw GDALError(source: source, function: "GDALDatasetGetLayerByName",
                            message: "no layer named '\(name)' (layers: \(names.joined(separator: ", ")))")
        }
        return VectorLayer(dataset: self, handle: layer)
    }

    public var layers: [VectorLayer] { (0..<layerCount).compactMap { try? layer(at: $0) } }
}

/// A layer of a dataset (`OGRLayerH`, owned by the dataset, which this keeps alive).
public final class VectorLayer {
    public let dataset: VectorDataset
    let handle: OGRLayerH

    init(dataset: VectorDataset, handle: OGRLayerH) {
        self.dataset = dataset
        self.handle = handle
    }

    public var name: String { OGR_L_GetName(handle).map { String(cString: $0) } ?? "" }

    /// "file.gpkg|layername=rights" style label for messages.
    public var label: String { dataset.layerCount > 1 ? "\(dataset.source)|layername=\(name)" : dataset.source }

    public var spatialReference: SpatialReference? { SpatialReference(cloning: OGR_L_GetSpatialRef(handle)) }

    public var geometryTypeName: String {
        OGRGeometryTypeToName(OGR_L_GetGeomType(handle)).map { String(cString: $0) } ?? "Unknown"
    }

    /// Feature count (`OGR_L_GetFeatureCount` with force: may scan the layer).
    public var featureCount: Int { Int(OGR_L_GetFeatureCount(handle, 1)) }

    /// The layer extent (`OGR_L_GetExtent`, OGRERR_NONE on success), nil when empty/unknown.
    public var extent: Envelope? {
        var envelope = OGREnvelope()
        guard OGR_L_GetExtent(handle, &envelope, 1) == OGRERR_NONE else { return nil }
        return Envelope(minX: envelope.MinX, minY: envelope.MinY, maxX: envelope.MaxX, maxY: envelope.MaxY)
    }

    public var fields: [FieldDefinition] {
        guard let definition = OGR_L_GetLayerDefn(handle) else { return [] }
        return (0..<OGR_FD_GetFieldCount(definition)).compactMap { index in
            guard let field = OGR_FD_GetFieldDefn(definition, index) else { return nil }
            let name = OGR_Fld_GetNameRef(field).map { String(cString: $0) } ?? ""
            return FieldDefinition(name: name, type: Self.fieldType(OGR_Fld_GetType(field)))
        }
    }

    static func fieldType(_ type: OGRFieldType) -> FieldType {
        switch type {
        case OFTString, OFTWideString: return .string
        case OFTInteger, OFTInteger64: return .integer
        case OFTReal: return .real
        case OFTDate, OFTDateTime: return .date
        default: return .other
        }
    }

    /// Streams every feature in layer order (`OGR_L_ResetReading` / `OGR_L_GetNextFeature`).
    /// Curved geometries are linearised and Z/M dropped before export as WKB.
    public func forEachFeature(_ body: (FeatureRecord) throws -> Void) throws {
        let fieldTypes = fields.map(\.type)
        OGR_L_ResetReading(handle)
        CPLErrorReset()
        while let feature = OGRFeature.next(of: handle) {
            try body(try record(feature.handle, fieldTypes: fieldTypes))
        }
        // A truncated file shows up as a read error after the last good feature.
        if CPLGetLastErrorType() == CE_Failure {
            throw GDAL.error("OGR_L_GetNextFeature", source: label)
        }
    }

    private func record(_ feature: OGRFeatureH, fieldTypes: [FieldType]) throws -> FeatureRecord {
        let fid = OGR_F_GetFID(feature)
        var wkb: [UInt8]?
        var envelope: Envelope?
        var repairs: [String] = []
        var kind = GeometryKind.none
        if var geometry = OGR_F_GetGeometryRef(feature) {
            // A closed polyline is a parcel drawn as a line: read it as the polygon it is.
            if let polygon = ClosedLines.polygon(from: geometry) {
                OGR_F_SetGeometryDirectly(feature, polygon)
                geometry = polygon
            }
            kind = GeometryKind.of(geometry)
            if Self.hasUnclosedRing(geometry) {
                OGR_G_CloseRings(geometry)
                repairs.append("ring not closed: closed it")
            }
            wkb = try Self.exportWKB(geometry, label: "\(label) feature \(fid)")
            if OGR_G_IsEmpty(geometry) == 0 {
                var box = OGREnvelope()
                OGR_G_GetEnvelope(geometry, &box)
                envelope = Envelope(minX: box.MinX, minY: box.MinY, maxX: box.MaxX, maxY: box.MaxY)
            }
        }
        var values: [FieldValue] = []
        values.reserveCapacity(fieldTypes.count)
        for (index, type) in fieldTypes.enumerated() {
            let i = Int32(index)
            guard OGR_F_IsFieldSetAndNotNull(feature, i) != 0 else {
                values.append(.null)
                continue
            }
            switch type {
            case .integer: values.append(.integer(OGR_F_GetFieldAsInteger64(feature, i)))
            case .real: values.append(.real(OGR_F_GetFieldAsDouble(feature, i)))
            case .date:
                var year: Int32 = 0, month: Int32 = 0, day: Int32 = 0, hour: Int32 = 0, minute: Int32 = 0, tz: Int32 = 0
                var second: Float = 0
                if OGR_F_GetFieldAsDateTimeEx(feature, i, &year, &month, &day, &hour, &minute, &second, &tz) != 0 {
                    values.append(.date(String(format: "%04d-%02d-%02d", year, month, day)))
                } else {
                    values.append(.null)
                }
            default:
                values.append(.string(OGR_F_GetFieldAsString(feature, i).map { String(cString: $0) } ?? ""))
            }
        }
        return FeatureRecord(fid: fid, wkb: wkb, envelope: envelope, values: values, repairs: repairs, kind: kind)
    }

    /// True when a polygon ring's last point differs from its first (GEOS rejects such rings).
    static func hasUnclosedRing(_ geometry: OGRGeometryH) -> Bool {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        if type == wkbPolygon {
            for index in 0..<OGR_G_GetGeometryCount(geometry) {
                guard let ring = OGR_G_GetGeometryRef(geometry, index) else { continue }
                let count = OGR_G_GetPointCount(ring)
                guard count > 0 else { continue }
                var x0 = 0.0, y0 = 0.0, z0 = 0.0, x1 = 0.0, y1 = 0.0, z1 = 0.0
                OGR_G_GetPoint(ring, 0, &x0, &y0, &z0)
                OGR_G_GetPoint(ring, count - 1, &x1, &y1, &z1)
                if x0 != x1 || y0 != y1 { return true }
            }
            return false
        }
        if type == wkbMultiPolygon || type == wkbGeometryCollection {
            return (0..<OGR_G_GetGeometryCount(geometry)).contains { index in
                OGR_G_GetGeometryRef(geometry, index).map(hasUnclosedRing) ?? false
            }
        }
        return false
    }

    /// 2D ISO WKB of an OGR geometry; curves are linearised first.
    static func exportWKB(_ geometry: OGRGeometryH, label: String) throws -> [UInt8] {
        var exported: OGRGeometryH = geometry
        var linear: OGRGeometryH?
        if OGR_G_HasCurveGeometry(geometry, 0) != 0 || OGR_G_Is3D(geometry) != 0 || OGR_G_IsMeasured(geometry) != 0 {
            linear = OGR_G_GetLinearGeometry(geometry, 0, nil)
            if let linear {
                OGR_G_FlattenTo2D(linear)
                exported = linear
            }
        }
        defer { if let linear { OGR_G_DestroyGeometry(linear) } }
        let size = Int(OGR_G_WkbSize(exported))
        var bytes = [UInt8](repeating: 0, count: size)
        guard OGR_G_ExportToIsoWkb(exported, wkbNDR, &bytes) == OGRERR_NONE else {
            throw GDAL.error("OGR_G_ExportToIsoWkb", source: label)
        }
        return bytes
    }
}

extension VectorLayer {
    /// Restricts reading to features whose envelope meets `envelope` (in the layer's CRS), using
    /// the driver's spatial index (`OGR_L_SetSpatialFilterRect`); nil clears the filter.
    public func setSpatialFilter(_ envelope: Envelope?) {
        if let envelope {
            OGR_L_SetSpatialFilterRect(handle, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY)
        } else {
            OGR_L_SetSpatialFilter(handle, nil)
        }
    }
}

extension VectorLayer {
    /// Restricts reading to features matching an OGR SQL WHERE clause
    /// (`OGR_L_SetAttributeFilter`); nil clears it. Errors carry GDAL's message.
    /// Some drivers (GeoPackage) only fail on the first read: one feature is read to find out.
    public func setAttributeFilter(_ clause: String?) throws {
        CPLErrorReset()
        var failed = OGR_L_SetAttributeFilter(handle, clause) != OGRERR_NONE
        if !failed, clause != nil {
            OGR_L_ResetReading(handle)
            _ = OGRFeature.next(of: handle)
            failed = CPLGetLastErrorType() == CE_Failure
            OGR_L_ResetReading(handle)
        }
        guard failed else { return }
        var message = String(cString: CPLGetLastErrorMsg()).replacingOccurrences(of: "\n", with: " ")
        if let select = message.range(of: ": SELECT ") { message = String(message[..<select.lowerBound]) }  // GDAL's own SQL
        OGR_L_SetAttributeFilter(handle, nil)
        throw InputError("\(label): --where '\(clause ?? "")': \(message.isEmpty ? "not a valid filter" : message) (fields: \(fields.map(\.name).joined(separator: ", ")))")
    }
}
