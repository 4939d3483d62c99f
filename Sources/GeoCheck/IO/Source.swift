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
    /// `assumeCRS` is given.
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
        let crs: SpatialReference
        if let assumeCRS {
            crs = try SpatialReference(assumeCRS)
        } else if let own = layer.spatialReference {
            crs = own
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

    /// Opens the dataset behind a spec: corner-coordinate files become an in-memory layer;
    /// Shapefiles without `.cpg` get their encoding detected; everything else goes to GDAL.
    static func openDataset(_ spec: SourceSpec, corner: CornerReadOptions = CornerReadOptions()) throws -> VectorDataset {
        if spec.isPostgres { return try VectorDataset(path: spec.path, source: spec.raw) }
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: spec.path, isDirectory: &isDirectory) else {
            throw GDALError(source: spec.raw, function: "open", message: "no such file or directory")
        }
        let ext = (spec.path as NSString).pathExtension.lowercased()
        var sniff = CornerSniff.other
        if !isDirectory.boolValue, CornerLayer.candidateExtensions.contains(ext) || !CornerLayer.gdalExtensions.contains(ext) {
            sniff = CornerCoordinates.sniff(path: spec.path)  // the file's head only
            if sniff == .corner { return try CornerLayer.dataset(path: spec.path, source: spec.raw, options: corner) }
        }
        if !isDirectory.boolValue, let table = try CornerLayer.tableDataset(path: spec.path, source: spec.raw, options: corner) {
            return table
        }
        var options: [String] = []
        if ext == "shp" || ext == "dbf", let encoding = TextEncoding.shapefileEncoding(shpPath: spec.path) {
            options.append("ENCODING=\(encoding)")
        }
        do {
            return try VectorDataset(path: spec.path, source: spec.raw, openOptions: options)
        } catch {
            // A text file no driver reads with corner-coordinate lines is a corner file with a bad
            // line or an encoding problem: the corner parser names that line.
            if sniff == .damagedCorner {
                _ = try CornerLayer.dataset(path: spec.path, source: spec.raw, options: corner)
            }
            throw error
        }
    }
}
