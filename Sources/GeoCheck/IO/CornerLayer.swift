import Foundation

/// Corner-coordinate files as vector layers: each block becomes one polygon feature (X is
/// northing, Y easting, so a point is (Y, X) in GIS order) in an in-memory GDAL dataset, so
/// every command reads them like any other source; and polygons back into blocks.
public enum CornerLayer {
    /// Extensions that are tried as corner-coordinate files first.
    static let candidateExtensions: Set<String> = ["txt", "dat", "zb", "xy", "text", ""]
    /// Extensions that belong to GDAL drivers (a `.csv` may still hold a corner list; the
    /// content sniffing decides, and only the exchange/submission markers count there).
    static let gdalExtensions: Set<String> = ["shp", "dbf", "gpkg", "geojson", "json", "kml", "kmz", "gml", "dxf",
                                              "gdb", "fgb", "sqlite", "db", "xlsx", "xls", "ods", "tab", "mif", "shz", "zip", "gz"]

    static let fields = [
        FieldDefinition(name: "id", type: .string),
        FieldDefinition(name: "name", type: .string),
        FieldDefinition(name: "points", type: .integer),
        FieldDefinition(name: "top", type: .real),
        FieldDefinition(name: "bottom", type: .real),
    ]

    /// The polygon of one block in the file's CRS: rings from corner points, (easting, northing).
    /// Rings are assembled by nesting (`GEOSContext.nestedArea`): a ring inside an outer ring is a
    /// hole, a ring inside a hole an island, disjoint rings are parts — whatever their numbers say.
    /// Rings that cannot be nested (crossing) give the polygon as written (first ring the shell),
    /// which the caller validates and repairs.
    public static func polygon(_ block: CornerBlock, context: GEOSContext) throws -> Geometry {
        let rings = block.rings.map { ring in ring.flatMap { [$0.easting, $0.northing] } }
        if rings.count > 1, let nested = try context.nestedArea(rings: rings) { return nested }
        return try context.polygon(rings: rings)
    }

    /// The file's CRS, with its stated datum transformation (`转换参数`) when it gives one.
    public static func spatialReference(of file: CornerFile) throws -> SpatialReference {
        let crs = try SpatialReference(epsg: file.epsg)
        guard let towgs84 = file.towgs84 else { return crs }
        return try crs.withTOWGS84(towgs84)
    }

    /// Parses the corner file at `path` (named `source` in messages) into an in-memory dataset.
    static func dataset(path: String, source: String, options: CornerReadOptions) throws -> VectorDataset {
        let file = try CornerCoordinates.parse(contentsOf: path, label: source, options: options)
        let dataset = try CornerLayer.dataset(for: file, source: source)
        dataset.cornerFile = file
        return dataset
    }

    /// A CSV or Excel corner table (`CornerTable`) as an in-memory dataset; nil when the file is
    /// not one (its header names no point and X/Y or longitude/latitude columns).
    static func tableDataset(path: String, source: String, options: CornerReadOptions) throws -> VectorDataset? {
        guard CornerTable.extensions.contains((path as NSString).pathExtension.lowercased()),
              let file = try CornerTable.file(path: path, label: source, options: options) else { return nil }
        let dataset = try CornerLayer.dataset(for: file, source: source)
        dataset.cornerFile = file
        return dataset
    }

    /// An in-memory dataset with one layer (named after the file) of the file's blocks.
    static func dataset(for file: CornerFile, source: String) throws -> VectorDataset {
        let context = try GEOSContext()
        let crs = try spatialReference(of: file)
        let writer = try VectorWriter(memorySource: source)
        let name = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        let polygons = try file.blocks.map { try polygon($0, context: context) }
        let multipart = try polygons.contains { try $0.type() == .multiPolygon }
        let layer = try writer.createLayer(name: name.isEmpty ? "blocks" : name, crs: crs,
                                           geometryType: multipart ? .multiPolygon : .polygon, fields: fields)
        for (block, geometry) in zip(file.blocks, polygons) {
            let points = block.rings.reduce(0) { $0 + $1.count }
            try layer.add(geometry: geometry, values: [
                .string(block.id),
                block.attributes["地块名称"].map { .string($0) } ?? .null,
                .integer(Int64(points)),
                block.top.map { .real($0) } ?? .null,
                block.bottom.map { .real($0) } ?? .null,
            ])
        }
        try writer.commit()
        return writer.memoryDataset
    }
}
