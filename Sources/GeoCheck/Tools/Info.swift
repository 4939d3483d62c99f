import Foundation

/// What `geocheck info` reports about a source.
public struct DatasetInfo: Codable, Sendable {
    public var command = "info"
    public var source: String
    public var driver: String
    public var layers: [LayerInfo]
}

public struct LayerInfo: Codable, Sendable {
    public var name: String
    public var geometryType: String
    public var crs: String?
    public var epsg: Int?
    public var featureCount: Int
    public var extent: Envelope?
    public var fields: [FieldDefinition]
    public var invalid: [InvalidGeometry]
    public var empty: [String]

    enum CodingKeys: String, CodingKey {
        case name, crs, epsg, extent, fields, invalid, empty
        case geometryType = "geometry_type", featureCount = "feature_count"
    }
}

/// An invalid geometry found by `info`: feature id, GEOS's reason and where.
public struct InvalidGeometry: Codable, Sendable {
    public var id: String
    public var fid: Int64
    public var kind: ValidityProblem.Kind
    public var reason: String
    public var x: Double?
    public var y: Double?
}

public enum Inspect {
    /// Describes every layer of `spec` (or the one named by `|layername=`), checking every geometry.
    public static func dataset(_ spec: SourceSpec) throws -> DatasetInfo {
        let (dataset, _) = try SourceLayer.openAll(spec)
        let context = try GEOSContext()
        let layers = try spec.layerName.map { [try dataset.layer(named: $0)] } ?? dataset.layers
        return DatasetInfo(source: spec.raw, driver: dataset.driverName, layers: try layers.map { layer in
            let fields = layer.fields
            let idName = try FeatureLoader.idField(requested: nil, fields: fields, label: spec.raw)
            let idIndex = idName.flatMap { LoadedLayer.index(of: $0, in: fields) }
            var invalid: [InvalidGeometry] = []
            var empty: [String] = []
            var count = 0
            try layer.forEachFeature { record in
                count += 1
                let id = idIndex.map { record.values[$0].description } ?? String(record.fid)
                for repair in record.repairs {
                    invalid.append(InvalidGeometry(id: id, fid: record.fid, kind: .ringNotClosed, reason: repair, x: nil, y: nil))
                }
                guard let wkb = record.wkb, let geometry = try? context.geometry(wkb: wkb), !geometry.isEmpty else {
                    empty.append(id)
                    return
                }
                if let problem = try geometry.validityProblem() {
                    invalid.append(InvalidGeometry(id: id, fid: record.fid, kind: problem.kind, reason: problem.reason,
                                                   x: problem.x, y: problem.y))
                }
            }
            let crs = layer.spatialReference
            return LayerInfo(name: layer.name, geometryType: layer.geometryTypeName, crs: crs?.name, epsg: crs?.epsg,
                             featureCount: count, extent: layer.extent, fields: fields, invalid: invalid, empty: empty)
        })
    }
}
