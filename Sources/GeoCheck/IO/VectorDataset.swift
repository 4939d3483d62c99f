import CGDAL
import Foundation

/// An open GDAL vector dataset (`GDALOpenEx` / `GDALClose`). Layers borrow it and keep it alive.
public final class VectorDataset {
    /// The source text as the user wrote it (for messages).
    public let source: String
    /// Only this file reaches the handle: every dataset call is made here.
    private let handle: GDALDatasetH
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
    private(set) var closed = false

    /// Closes the dataset now (`GDALClose` writes the last pages); later calls do nothing.
    func close() {
        guard !closed else { return }
        GDALClose(handle)
        closed = true
    }

    /// Writes cached changes (`GDALFlushCache`; failures are CE_Failure errors).
    func flush() throws {
        CPLErrorReset()
        GDALFlushCache(handle)
        if CPLGetLastErrorType() == CE_Failure { throw GDAL.error("GDALFlushCache", source: source) }
    }

    /// The driver's `DMD_CREATIONFIELDDATATYPES` ("Integer Integer64 Real String …"), if it says.
    var creationFieldTypes: String? {
        GDALGetDatasetDriver(handle).flatMap { GDALGetMetadataItem($0, GDAL_DMD_CREATIONFIELDDATATYPES, nil) }.map { String(cString: $0) }
    }

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
    /// The `--where` clause set through `setAttributeFilter`, if any.
    private(set) var attributeFilter: String?
    /// Read through the Arrow stream where it can (`forEachFeature`); false: feature by feature.
    var readsInBatches = true

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

    /// The feature count when the driver says it has it cheaply (`OLCFastFeatureCount`: a
    /// GeoPackage's `gpkg_ogr_contents`, a Shapefile's header; filters applied), else nil.
    public var knownFeatureCount: Int? {
        guard OGR_L_TestCapability(handle, OLCFastFeatureCount) != 0 else { return nil }
        let count = OGR_L_GetFeatureCount(handle, 0)
        return count >= 0 ? Int(count) : nil
    }

    /// The layer extent (`OGR_L_GetExtent`, OGRERR_NONE on success), nil when empty/unknown.
    public var extent: Envelope? { extent(force: true) }

    /// The extent the driver knows without reading the features (a GeoPackage's
    /// `gpkg_contents`, a Shapefile's header), nil when it does not.
    public var knownExtent: Envelope? { extent(force: false) }

    private func extent(force: Bool) -> Envelope? {
        var envelope = OGREnvelope()
        guard OGR_L_GetExtent(handle, &envelope, force ? 1 : 0) == OGRERR_NONE else { return nil }
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
        guard failed else {
            attributeFilter = clause
            return
        }
        attributeFilter = nil
        var message = String(cString: CPLGetLastErrorMsg()).replacingOccurrences(of: "\n", with: " ")
        if let select = message.range(of: ": SELECT ") { message = String(message[..<select.lowerBound]) }  // GDAL's own SQL
        OGR_L_SetAttributeFilter(handle, nil)
        throw InputError("\(label): --where '\(clause ?? "")': \(message.isEmpty ? "not a valid filter" : message) (fields: \(fields.map(\.name).joined(separator: ", ")))")
    }
}

/// Creating datasets and layers, transactions, SQL statements (for `LayerEditing`'s writers).
extension VectorDataset {
    /// Creates a dataset (`GDALCreate`, NULL on failure) with dataset creation options.
    static func create(driver name: String, path: String, source: String, options: [String] = []) throws -> VectorDataset {
        GDAL.ensure()
        guard let driver = GDALGetDriverByName(name) else {
            throw GDALError(source: source, function: "GDALGetDriverByName", message: "GDAL has no \(name) driver")
        }
        CPLErrorReset()
        let created = GDAL.withStringList(options) { GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, $0) }
        guard let created else { throw GDAL.error("GDALCreate", source: source) }
        return VectorDataset(owning: created, source: source)
    }

    /// Creates a layer (`GDALDatasetCreateLayer`, NULL on failure) without fields.
    func createLayer(name: String, crs: SpatialReference?, geometryType: LayerGeometryType, options: [String] = []) throws -> VectorLayer {
        CPLErrorReset()
        let created = GDAL.withStringList(options) { list in
            // A clone: the layer may keep a reference to the SRS it is given.
            crs.map { $0.withClonedHandle { GDALDatasetCreateLayer(handle, name, $0, geometryType.ogr, list) } }
                ?? GDALDatasetCreateLayer(handle, name, nil, geometryType.ogr, list)
        }
        guard let created else { throw GDAL.error("GDALDatasetCreateLayer(\(name))", source: "\(source)|layername=\(name)") }
        return VectorLayer(dataset: self, handle: created)
    }

    /// Whether the driver can run transactions (`ODsCTransactions`).
    var supportsTransactions: Bool { GDALDatasetTestCapability(handle, ODsCTransactions) != 0 }

    /// `GDALDatasetStartTransaction` (OGRERR_NONE on success).
    func startTransaction() throws {
        CPLErrorReset()
        guard GDALDatasetStartTransaction(handle, 0) == OGRERR_NONE else { throw GDAL.error("GDALDatasetStartTransaction", source: source) }
    }

    /// `GDALDatasetCommitTransaction` (OGRERR_NONE on success).
    func commitTransaction() throws {
        CPLErrorReset()
        guard GDALDatasetCommitTransaction(handle) == OGRERR_NONE else { throw GDAL.error("GDALDatasetCommitTransaction", source: source) }
    }

    /// `GDALDatasetRollbackTransaction`; a failure leaves nothing more to do.
    func rollbackTransaction() {
        _ = GDALDatasetRollbackTransaction(handle)
    }

    /// `GDALDatasetExecuteSQL` for a statement without result (a result set is released); a
    /// failure is a CE_Failure error.
    func execute(_ sql: String, label: String? = nil) throws {
        CPLErrorReset()
        let result = GDALDatasetExecuteSQL(handle, sql, nil, nil)
        if let result { GDALDatasetReleaseResultSet(handle, result) }
        if CPLGetLastErrorType() == CE_Failure { throw sqlError(sql, label: label) }
    }

    /// The error of a failed statement; with a `label`, GDAL's message (which quotes the
    /// statement, up to a megabyte of generated rows) cut to its first 500 characters.
    private func sqlError(_ sql: String, label: String?) -> GDALError {
        let error = GDAL.error(label.map { "SQL (\($0))" } ?? "GDALDatasetExecuteSQL(\(sql))", source: source)
        guard label != nil, error.message.count > 500 else { return error }
        return GDALError(source: error.source, function: error.function, message: String(error.message.prefix(500)) + " …", fromGDAL: true)
    }

    /// The rows of a query, each field as text ("" for a null).
    func rows(_ sql: String, label: String? = nil) throws -> [[String]] {
        CPLErrorReset()
        let result = GDALDatasetExecuteSQL(handle, sql, nil, nil)
        defer { if let result { GDALDatasetReleaseResultSet(handle, result) } }
        if CPLGetLastErrorType() == CE_Failure { throw sqlError(sql, label: label) }
        guard let result else { return [] }
        var rows: [[String]] = []
        while let feature = OGR_L_GetNextFeature(result) {
            defer { OGR_F_Destroy(feature) }
            rows.append((0..<OGR_F_GetFieldCount(feature)).map { field in
                OGR_F_IsFieldSetAndNotNull(feature, field) != 0 ? OGR_F_GetFieldAsString(feature, field).map { String(cString: $0) } ?? "" : ""
            })
        }
        return rows
    }
}

/// SQL text for the statements run through `VectorDataset.execute` and `rows`.
enum SQLText {
    /// A string literal: `'text'`, quotes doubled.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// An identifier: `"name"`, quotes doubled.
    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
