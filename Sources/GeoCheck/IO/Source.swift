import Foundation

/// A source as written on the command line or in a config (CONTRACT.md "Sources"):
/// a file or directory GDAL opens, `file.gpkg|layername=rights`, a `PG:` connection string,
/// or a corner-coordinate text file.
public struct SourceSpec: Sendable, CustomStringConvertible {
    public let raw: String
    public let path: String
    public let layerName: String?

    public init(_ raw: String) {
        self.raw = raw
        var path = raw
        var layerName: String?
        // QGIS style: "path|layername=NAME" (other |key=value parts are ignored).
        let parts = raw.components(separatedBy: "|")
        if parts.count > 1 {
            path = parts[0]
            for part in parts.dropFirst() {
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "layername" {
                    layerName = pair[1]
                }
            }
        }
        self.path = path
        self.layerName = layerName
    }

    public var isPostgres: Bool { path.hasPrefix("PG:") || path.hasPrefix("pg:") }
    public var description: String { raw }
}

/// A layer opened from a source, with its CRS settled (read, or assumed with `--assume-crs`).
public final class SourceLayer {
    public let spec: SourceSpec
    public let layer: VectorLayer
    public let crs: SpatialReference
    /// Set when the source is a corner-coordinate file.
    public let cornerFile: CornerFile?

    init(spec: SourceSpec, layer: VectorLayer, crs: SpatialReference, cornerFile: CornerFile?) {
        self.spec = spec
        self.layer = layer
        self.crs = crs
        self.cornerFile = cornerFile
    }

    /// "file.gpkg|layername=x" — the text that names this layer in messages.
    public var label: String { spec.layerName == nil && layer.dataset.layerCount > 1 ? "\(spec.raw)|layername=\(layer.name)" : spec.raw }

    /// Opens one layer of `spec`. A dataset with several layers needs `|layername=` unless
    /// `anyLayer` is set (then the first layer is taken). A layer with no CRS is an error unless
    /// `assumeCRS` is given; a layer with a CRS keeps it whatever `assumeCRS` says.
    public static func open(_ spec: SourceSpec, assumeCRS: String? = nil, corner: CornerReadOptions? = nil) throws -> SourceLayer {
        let dataset = try openDataset(spec, corner: corner ?? CornerReadOptions(assumeCRS: assumeCRS))
        let layer: VectorLayer
        if let name = spec.layerName {
            layer = try dataset.layer(named: name)
        } else {
            guard dataset.layerCount > 0 else {
                throw GDALError(source: spec.raw, function: "GDALDatasetGetLayerCount", message: "has no vector layers")
            }
            if dataset.layerCount > 1, !spec.isPostgres {
                let names = dataset.layers.map(\.name)
                throw GDALError(source: spec.raw, function: "GDALDatasetGetLayer",
                                message: "has \(names.count) layers (\(names.joined(separator: ", "))); choose one with \(spec.raw)|layername=NAME")
            }
            layer = try dataset.layer(at: 0)
        }
        return try SourceLayer(spec: spec, layer: layer, assumeCRS: assumeCRS, cornerFile: cornerFile(of: dataset))
    }

    private convenience init(spec: SourceSpec, layer: VectorLayer, assumeCRS: String?, cornerFile: CornerFile?) throws {
        // `--assume-crs` only fills in a missing CRS: a layer with its own keeps it.
        let assumed = try assumeCRS.map { try SpatialReference($0) }
        let crs: SpatialReference
        if let own = layer.spatialReference {
            crs = own
        } else if let assumed {
            crs = assumed
        } else {
            throw CRSError(message: "\(spec.raw): layer '\(layer.name)' has no CRS; give one with --assume-crs EPSG:n")
        }
        self.init(spec: spec, layer: layer, crs: crs, cornerFile: cornerFile)
    }

    /// Every layer of a source (for `info`); CRS may be missing there, so it is not required.
    public static func openAll(_ spec: SourceSpec) throws -> (VectorDataset, CornerFile?) {
        let dataset = try openDataset(spec)
        return (dataset, cornerFile(of: dataset))
    }

    private static func cornerFile(of dataset: VectorDataset) -> CornerFile? { dataset.cornerFile }

    /// GDAL's CSV driver reads geometry from a column named WKT; these names are as common.
    static let csvOpenOptions = ["GEOM_POSSIBLE_NAMES=WKT,wkt,geometry,geom,the_geom,shape,wkt_geom", "KEEP_GEOM_COLUMNS=NO"]

    /// Opens the dataset behind a spec: corner-coordinate files become an in-memory layer;
    /// zips are opened through `/vsizip/`; Shapefiles without `.cpg` and CSV files get their
    /// encoding detected; everything else goes to GDAL.
    static func openDataset(_ spec: SourceSpec, corner: CornerReadOptions = CornerReadOptions()) throws -> VectorDataset {
        if spec.isPostgres { return try VectorDataset(path: spec.path, source: spec.raw) }
        let fileManager = FileManager.default
        let isZip = ZipSource.isZip(spec.path)
        let local = isZip ? ZipSource.archive(of: spec.path) : spec.path
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: local, isDirectory: &isDirectory) else {
            throw GDALError(source: spec.raw, function: "open", message: "no such file or directory")
        }
        try RegularFile.require(local, source: spec.raw)
        if isZip { return try openGDAL(try ZipSource.gdalPath(spec.path, layerName: spec.layerName, source: spec.raw), spec: spec) }
        let ext = (spec.path as NSString).pathExtension.lowercased()
        var sniff = CornerSniff.other
        if !isDirectory.boolValue, CornerLayer.candidateExtensions.contains(ext) || !CornerLayer.gdalExtensions.contains(ext) {
            sniff = CornerCoordinates.sniff(path: spec.path)  // the file's head only
            if sniff == .corner { return try CornerLayer.dataset(path: spec.path, source: spec.raw, options: corner) }
        }
        if !isDirectory.boolValue, let table = try CornerLayer.tableDataset(path: spec.path, source: spec.raw, options: corner) {
            return table
        }
        do {
            return try openGDAL(spec.path, spec: spec)
        } catch {
            // A text file no driver reads with corner-coordinate lines is a corner file with a bad
            // line or an encoding problem: the corner parser names that line.
            if sniff == .damagedCorner {
                _ = try CornerLayer.dataset(path: spec.path, source: spec.raw, options: corner)
            }
            throw error
        }
    }

    /// Opens `path` (a file, or a file or folder inside a zip) with GDAL, with the encoding of
    /// Shapefiles detected and GBK CSV files read as UTF-8.
    static func openGDAL(_ path: String, spec: SourceSpec) throws -> VectorDataset {
        let ext = (path as NSString).pathExtension.lowercased()
        var options: [String] = []
        if let encoding = TextEncoding.shapefileEncoding(path: path, layerName: spec.layerName) {
            options.append("ENCODING=\(encoding)")
        }
        guard ext == "csv" else { return try VectorDataset(path: path, source: spec.raw, openOptions: options) }
        options += csvOpenOptions
        guard let converted = TextEncoding.gbkCSVAsUTF8(path: path) else {
            return try VectorDataset(path: path, source: spec.raw, openOptions: options)
        }
        let memory = VirtualFiles.memoryFile(named: (path as NSString).lastPathComponent, bytes: converted.csv, siblings: converted.siblings)
        do {
            let dataset = try VectorDataset(path: memory.path, source: spec.raw, openOptions: options)
            dataset.memoryDirectory = memory.directory
            return dataset
        } catch {
            VirtualFiles.remove(directory: memory.directory)
            throw error
        }
    }
}
