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
        // KMZ: each placemark is labelled with the feature's id (block number) in Google Earth.
        if name == "LIBKML" { CPLSetConfigOption("LIBKML_NAME_FIELD", "id") }
        let created: VectorDataset
        do {
            created = try VectorDataset.create(driver: name, path: temporaryPath, source: path, options: options)
        } catch {
            try? fileManager.removeItem(atPath: temporary)
            throw error
        }
        self.path = path
        self.driverName = name
        self.dataset = created
        self.temporaryDirectory = temporary
    }

    /// An in-memory dataset (GDAL "Memory" driver), never written to disk.
    public init(memorySource source: String) throws {
        GDAL.ensure()
        path = source
        driverName = "Memory"
        dataset = try VectorDataset.create(driver: "Memory", path: "", source: source)
        temporaryDirectory = nil
    }

    deinit {
        if !committed, let temporaryDirectory {
            layers.removeAll()
            dataset.close()
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
        // GeoPackage: the spatial index is packed at `commit` (`GeoPackageRTree`) instead of
        // GDAL 3.6 building it one feature at a time; a caller's SPATIAL_INDEX= goes to GDAL.
        let ownIndex = driverName == "GPKG" && !options.contains { $0.uppercased().hasPrefix("SPATIAL_INDEX=") }
        let indexed = ownIndex && geometryType != .none
        if ownIndex { layerOptions.append("SPATIAL_INDEX=NO") }
        // MapInfo users in China read attribute tables in the Simplified Chinese code page.
        if driverName == "MapInfo File", !options.contains(where: { $0.hasPrefix("ENCODING=") }) { layerOptions.append("ENCODING=CP936") }
        let layer = try dataset.createLayer(name: name, crs: crs, geometryType: geometryType, options: layerOptions)
        let writer = LayerWriter(writer: self, layer: layer, crs: crs, targets: try createFields(fields, in: layer),
                                 index: indexed ? GeoPackageRTree() : nil)
        layers.append(writer)
        return writer
    }

    /// Creates the fields (`OGR_L_CreateField`, OGRERR_NONE on success) and returns, per field,
    /// the OGR field index its values go to. A layer that cannot take new fields (DXF) keeps
    /// its own: the first field (the id) goes to DXF's `Layer`, so each block is its own CAD layer.
    private func createFields(_ fields: [FieldDefinition], in layer: VectorLayer) throws -> [Int32?] {
        if !layer.canCreateFields {
            let layerField = layer.fieldIndex("Layer")
            return fields.enumerated().map { index, field in layer.fieldIndex(field.name) ?? (index == 0 ? layerField : nil) }
        }
        // Drivers that list their field types without Integer64 (MapInfo) get 32-bit integers.
        let types = dataset.creationFieldTypes
        let integer = types.map { $0.contains("Integer64") } ?? true ? OFTInteger64 : OFTInteger
        return try fields.map { try layer.createField($0, integer: integer) }
    }

    /// Starts one dataset transaction (GeoPackage, PostGIS) before the first layer: much faster
    /// inserts, and all-or-nothing.
    private var inTransaction = false

    private func beginTransaction() {
        if !inTransaction, dataset.supportsTransactions {
            inTransaction = (try? dataset.startTransaction()) != nil
        }
    }

    /// Commits the transaction, closes the dataset and moves the files into place.
    public func commit() throws {
        for layer in layers {
            guard let index = layer.index else { continue }
            // GDAL's own pending writes first (extent, counts), so that their errors are its own.
            try layer.layer.syncToDisk()
            let handle = layer.layer.handle
            guard let column = OGR_L_GetGeometryColumn(handle).map({ String(cString: $0) }), !column.isEmpty,
                  let fid = OGR_L_GetFIDColumn(handle).map({ String(cString: $0) }), !fid.isEmpty else {
                throw GDALError(source: layer.layer.label, function: "OGR_L_GetGeometryColumn", message: "no geometry or FID column to index")
            }
            try index.write(table: layer.layer.name, column: column, fidColumn: fid, into: dataset)
        }
        if inTransaction {
            inTransaction = false
            try dataset.commitTransaction()
        }
        guard let temporaryDirectory else { committed = true; return }
        // GDALClose happens when the dataset object goes away; flush explicitly first.
        try dataset.flush()
        layers.removeAll()
        committed = true
        try moveIntoPlace(from: temporaryDirectory)
    }

    private func moveIntoPlace(from temporaryDirectory: String) throws {
        // Close the dataset (GDALClose writes the last pages) before moving its files.
        dataset.close()
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
    /// A GeoPackage layer's spatial index, written at `VectorWriter.commit`.
    private(set) var index: GeoPackageRTree?

    init(writer: VectorWriter, layer: VectorLayer, crs: SpatialReference?, targets: [Int32?], index: GeoPackageRTree? = nil) {
        self.writer = writer
        self.layer = layer
        self.crs = crs
        self.targets = targets
        self.index = index
    }

    /// Adds one feature, each value in its field (values the format has no place for are left out).
    public func add(geometry: Geometry?, values: [FieldValue]) throws {
        let placed = zip(targets, values).compactMap { target, value in target.map { (index: $0, value: value) } }
        indexed(try layer.createFeature(values: placed, geometry: geometry, measured: index != nil))
    }

    /// Adds one feature with its geometry as WKB (as `add(geometry:values:)`).
    public func add(wkb: [UInt8], values: [FieldValue]) throws {
        let placed = zip(targets, values).compactMap { target, value in target.map { (index: $0, value: value) } }
        indexed(try layer.createFeature(values: placed, wkb: wkb, measured: index != nil))
    }

    /// The feature's box into the index (measured only when there is one).
    private func indexed(_ feature: VectorLayer.CreatedFeature) {
        if let envelope = feature.envelope { index?.add(id: feature.fid, envelope) }
    }
}
