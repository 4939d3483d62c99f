import CGDAL
import Foundation

/// The geometry type of a layer being written.
public enum LayerGeometryType: Sendable {
    case none, point, lineString, polygon, multiPolygon, unknown

    var ogr: OGRwkbGeometryType {
        switch self {
        case .none: return wkbNone
        case .point: return wkbPoint
        case .lineString: return wkbLineString
        case .polygon: return wkbPolygon
        case .multiPolygon: return wkbMultiPolygon
        case .unknown: return wkbUnknown
        }
    }
}

/// Writes a vector dataset with any GDAL driver, atomically: everything is written into a
/// hidden temporary directory beside the target and moved into place by `commit()`; a writer
/// dropped without `commit()` (an error, a crash) leaves nothing at the target.
public final class VectorWriter {
    public let path: String
    public let driverName: String
    let dataset: VectorDataset
    private let temporaryDirectory: String?
    private var layers: [LayerWriter] = []
    private var committed = false

    /// GDAL driver for a file name: .gpkg GPKG, .geojson/.json GeoJSON, .shp ESRI Shapefile,
    /// .csv CSV, .xlsx XLSX, .kml KML, .kmz LIBKML, .dxf DXF, .tab/.mif MapInfo File,
    /// .gdb OpenFileGDB.
    public static func driverName(forPath path: String) -> String? {
        switch (path as NSString).pathExtension.lowercased() {
        case "gpkg": return "GPKG"
        case "geojson", "json": return "GeoJSON"
        case "shp": return "ESRI Shapefile"
        case "csv": return "CSV"
        case "xlsx": return "XLSX"
        case "kml": return "KML"
        case "dxf": return "DXF"
        case "kmz": return "LIBKML"
        case "tab", "mif": return "MapInfo File"
        case "gdb": return "OpenFileGDB"
        case "fgb": return "FlatGeobuf"
        case "gml": return "GML"
        default: return nil
        }
    }

    public init(path: String, driver: String? = nil) throws {
        GDAL.ensure()
        guard let name = driver ?? Self.driverName(forPath: path) else {
            throw GDALError(source: path, function: "GDALGetDriverByName",
                            message: "unknown output format; use .gpkg, .geojson, .shp, .csv, .xlsx, .kml, .kmz, .dxf, .tab, .mif or .gdb")
        }
        guard let gdalDriver = GDALGetDriverByName(name) else {
            throw GDALError(source: path, function: "GDALGetDriverByName", message: "GDAL has no \(name) driver")
        }
        let fileManager = FileManager.default
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GDALError(source: path, function: "create", message: "directory \(directory) does not exist")
        }
        let temporary = "\(directory)/.geocheck-tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try fileManager.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw GDALError(source: path, function: "create", message: "cannot write in \(directory): \(error.localizedDescription)")
        }
        let temporaryPath = "\(temporary)/\((path as NSString).lastPathComponent)"
        CPLErrorReset()
        let options = (path as NSString).pathExtension.lowercased() == "mif" ? ["FORMAT=MIF"] : []
        // DXF: polygons as closed LWPOLYLINE outlines, as surveyors draw parcels (not solid hatches).
        if name == "DXF" { CPLSetConfigOption("DXF_WRITE_HATCH", "NO") }
        let created = GDAL.withStringList(options) { GDALCreate(gdalDriver, temporaryPath, 0, 0, 0, GDT_Unknown, $0) }
        guard let created else {
            try? fileManager.removeItem(atPath: temporary)
            throw GDAL.error("GDALCreate", source: path)
        }
        self.path = path
        self.driverName = name
        self.dataset = VectorDataset(owning: created, source: path)
        self.temporaryDirectory = temporary
    }

    /// An in-memory dataset (GDAL "Memory" driver), never written to disk.
    public init(memorySource source: String) throws {
        GDAL.ensure()
        guard let driver = GDALGetDriverByName("Memory"),
              let created = GDALCreate(driver, "", 0, 0, 0, GDT_Unknown, nil) else {
            throw GDAL.error("GDALCreate", source: source)
        }
        path = source
        driverName = "Memory"
        dataset = VectorDataset(owning: created, source: source)
        temporaryDirectory = nil
    }

    deinit {
        if !committed, let temporaryDirectory {
            layers.removeAll()
            if !dataset.closed {
                GDALClose(dataset.handle)
                dataset.closed = true
            }
            try? FileManager.default.removeItem(atPath: temporaryDirectory)
        }
    }

    /// Creates a layer (`GDALDatasetCreateLayer`, NULL on failure) with its fields.
    public func createLayer(name: String, crs: SpatialReference?, geometryType: LayerGeometryType,
                            fields: [FieldDefinition], options: [String] = []) throws -> LayerWriter {
        beginTransaction()
        // BOUNDS= (integer coordinate range) is a MapInfo option only.
        var layerOptions = driverName == "MapInfo File" ? options : options.filter { !$0.hasPrefix("BOUNDS=") }
        if driverName == "ESRI Shapefile", !options.contains(where: { $0.hasPrefix("ENCODING=") }) {
            layerOptions.append("ENCODING=UTF-8")  // writes the .cpg
        }
        if driverName == "CSV", geometryType != .none { layerOptions.append("GEOMETRY=AS_WKT") }
        if driverName == "GPKG" { layerOptions.append("SPATIAL_INDEX=YES") }
        // MapInfo users in China read attribute tables in the Simplified Chinese code page.
        if driverName == "MapInfo File", !options.contains(where: { $0.hasPrefix("ENCODING=") }) { layerOptions.append("ENCODING=CP936") }
        CPLErrorReset()
        let created = GDAL.withStringList(layerOptions) { list in
            GDALDatasetCreateLayer(dataset.handle, name, crs?.handle, geometryType.ogr, list)
        }
        guard let created else { throw GDAL.error("GDALDatasetCreateLayer", source: "\(path)|layername=\(name)") }
        let targets = try createFields(fields, in: created, layerName: name)
        let writer = LayerWriter(writer: self, layer: VectorLayer(dataset: dataset, handle: created), crs: crs, targets: targets)
        layers.append(writer)
        return writer
    }

    /// Creates the fields (`OGR_L_CreateField`, OGRERR_NONE on success) and returns, per field,
    /// the OGR field index its values go to. A layer that cannot take new fields (DXF) keeps
    /// its own: the first field (the id) goes to DXF's `Layer`, so each block is its own CAD layer.
    private func createFields(_ fields: [FieldDefinition], in layer: OGRLayerH, layerName name: String) throws -> [Int32?] {
        if OGR_L_TestCapability(layer, OLCCreateField) == 0 {
            guard let definition = OGR_L_GetLayerDefn(layer) else { return fields.map { _ in nil } }
            let layerField = OGR_FD_GetFieldIndex(definition, "Layer")
            return fields.enumerated().map { index, field in
                let own = OGR_FD_GetFieldIndex(definition, field.name)
                if own >= 0 { return own }
                return index == 0 && layerField >= 0 ? layerField : nil
            }
        }
        // Drivers that list their field types without Integer64 (MapInfo) get 32-bit integers.
        let driver = GDALGetDatasetDriver(dataset.handle)
        let types = driver.flatMap { GDALGetMetadataItem($0, GDAL_DMD_CREATIONFIELDDATATYPES, nil) }.map { String(cString: $0) }
        let integer = types.map { $0.contains("Integer64") } ?? true ? OFTInteger64 : OFTInteger
        var targets: [Int32?] = []
        for field in fields {
            let type: OGRFieldType
            switch field.type {
            case .string, .other: type = OFTString
            case .integer: type = integer
            case .real: type = OFTReal
            case .date: type = OFTDate
            }
            guard let definition = OGR_Fld_Create(field.name, type) else { throw GDAL.error("OGR_Fld_Create", source: path) }
            defer { OGR_Fld_Destroy(definition) }
            guard OGR_L_CreateField(layer, definition, 1) == OGRERR_NONE else {
                throw GDAL.error("OGR_L_CreateField", source: "\(path)|layername=\(name) field \(field.name)")
            }
            targets.append(Int32(targets.count))
        }
        return targets
    }

    /// Starts one dataset transaction (GeoPackage, PostGIS) before the first layer: much faster
    /// inserts, and all-or-nothing.
    private var inTransaction = false

    private func beginTransaction() {
        if !inTransaction, GDALDatasetTestCapability(dataset.handle, ODsCTransactions) != 0 {
            inTransaction = GDALDatasetStartTransaction(dataset.handle, 0) == OGRERR_NONE
        }
    }

    /// Commits the transaction, closes the dataset and moves the files into place.
    public func commit() throws {
        if inTransaction {
            inTransaction = false
            guard GDALDatasetCommitTransaction(dataset.handle) == OGRERR_NONE else {
                throw GDAL.error("GDALDatasetCommitTransaction", source: path)
            }
        }
        guard let temporaryDirectory else { committed = true; return }
        // GDALClose happens when the dataset object goes away; flush explicitly first.
        GDALFlushCache(dataset.handle)
        if CPLGetLastErrorType() == CE_Failure { throw GDAL.error("GDALFlushCache", source: path) }
        layers.removeAll()
        committed = true
        try moveIntoPlace(from: temporaryDirectory)
    }

    private func moveIntoPlace(from temporaryDirectory: String) throws {
        // Close the dataset (GDALClose writes the last pages) before moving its files.
        GDALClose(dataset.handle)
        dataset.closed = true
        let fileManager = FileManager.default
        let parent = (path as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        defer { try? fileManager.removeItem(atPath: temporaryDirectory) }
        let entries = try fileManager.contentsOfDirectory(atPath: temporaryDirectory)
        for entry in entries {
            let target = "\(directory)/\(entry)"
            if fileManager.fileExists(atPath: target) { try? fileManager.removeItem(atPath: target) }
            guard rename("\(temporaryDirectory)/\(entry)", target) == 0 else {
                throw GDALError(source: path, function: "rename", message: "cannot move \(entry) into \(directory): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The dataset being written (for an in-memory source).
    public var memoryDataset: VectorDataset { dataset }
}

/// Writes features into one layer of a `VectorWriter`.
public final class LayerWriter {
    unowned let writer: VectorWriter
    public let layer: VectorLayer
    let crs: SpatialReference?
    /// The OGR field index of each value (nil: the format has no place for it).
    let targets: [Int32?]

    init(writer: VectorWriter, layer: VectorLayer, crs: SpatialReference?, targets: [Int32?]) {
        self.writer = writer
        self.layer = layer
        self.crs = crs
        self.targets = targets
    }

    /// Adds one feature (`OGR_L_CreateFeature`, OGRERR_NONE on success).
    public func add(geometry: Geometry?, values: [FieldValue]) throws {
        guard let definition = OGR_L_GetLayerDefn(layer.handle), let feature = OGR_F_Create(definition) else {
            throw GDAL.error("OGR_F_Create", source: writer.path)
        }
        defer { OGR_F_Destroy(feature) }
        for (target, value) in zip(targets, values) {
            guard let i = target else { continue }
            switch value {
            case .null: OGR_F_SetFieldNull(feature, i)
            case .string(let text): OGR_F_SetFieldString(feature, i, text)
            case .integer(let number): OGR_F_SetFieldInteger64(feature, i, number)
            case .real(let number): OGR_F_SetFieldDouble(feature, i, number)
            case .date(let text):
                let parts = text.split(separator: "-").compactMap { Int32($0) }
                if parts.count == 3 {
                    OGR_F_SetFieldDateTime(feature, i, parts[0], parts[1], parts[2], 0, 0, 0, 0)
                } else {
                    OGR_F_SetFieldString(feature, i, text)
                }
            }
        }
        if let geometry, OGR_L_GetGeomType(layer.handle) != wkbNone {
            var bytes = try geometry.wkb()
            var ogrGeometry: OGRGeometryH?
            let status = bytes.withUnsafeMutableBytes {
                OGR_G_CreateFromWkbEx($0.baseAddress, nil, &ogrGeometry, $0.count)
            }
            guard status == OGRERR_NONE, let ogrGeometry else { throw GDAL.error("OGR_G_CreateFromWkbEx", source: writer.path) }
            var toWrite = ogrGeometry
            // A layer declared MultiPolygon takes single polygons promoted.
            if OGR_GT_Flatten(OGR_L_GetGeomType(layer.handle)) == wkbMultiPolygon,
               OGR_GT_Flatten(OGR_G_GetGeometryType(ogrGeometry)) == wkbPolygon {
                toWrite = OGR_G_ForceToMultiPolygon(ogrGeometry)
            }
            OGR_F_SetGeometryDirectly(feature, toWrite)
        }
        guard OGR_L_CreateFeature(layer.handle, feature) == OGRERR_NONE else {
            throw GDAL.error("OGR_L_CreateFeature", source: "\(writer.path)|layername=\(layer.name)")
        }
    }
}
