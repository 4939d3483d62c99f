import Foundation
import GeoCheck

/// A footprint kept for a mine's map: its shape at one recorded check, as a GeoJSON geometry
/// in longitude/latitude.
public struct StoredFootprint: Sendable {
    public var mine: String
    public var date: String
    public var geometry: String
}

/// The map of a mine's page: its licence (from the licences layer), the footprints of its
/// recorded checks (kept by the platform when it records them) and the parts outside the licence
/// (the ledger's `geocheck_outside` rows). Reads and reprojects through the library; computes
/// nothing.
enum MineMap {
    /// The footprints of a boundary run, one per mine, in longitude/latitude.
    static func footprints(_ inputs: BoundaryInputs, date: String) throws -> [StoredFootprint] {
        let transform = try CoordinateTransform(from: inputs.crs, to: try SpatialReference(epsg: 4326))
        return try inputs.footprint.merged(context: inputs.context).compactMap { merged in
            guard let geometry = try MapData.lonLat(merged.geometry, transform) else { return nil }
            let text = String(decoding: try JSONSerialization.data(withJSONObject: geometry), as: UTF8.self)
            return StoredFootprint(mine: merged.id, date: date, geometry: text)
        }
    }

    static func geoJSON(mine: String, platform: Platform, footprints: [StoredFootprint]) throws -> Data {
        var features: [[String: Any]] = []
        if let licences = platform.config.licences {
            features += try shapes(licences.source, idField: licences.idField, mine: mine) { _ in ["kind": "licence", "mine": mine] }
        }
        let latest = footprints.map(\.date).max()
        for footprint in footprints.sorted(by: { $0.date < $1.date }) {
            let geometry = try JSONSerialization.jsonObject(with: Data(footprint.geometry.utf8))
            features.append(MapData.feature(geometry, ["kind": "footprint", "date": footprint.date, "latest": footprint.date == latest]))
        }
        if let outside = try outsideLayer(platform.config.store) {
            let rows = try shapes(outside, idField: "mine", mine: mine) { values in values }
            let latestOutside = rows.compactMap { ($0["properties"] as? [String: Any])?["date"] as? String }.max()
            features += rows.map { row in
                var properties = row["properties"] as? [String: Any] ?? [:]
                properties["latest"] = (properties["date"] as? String) == latestOutside
                return MapData.feature(row["geometry"] ?? NSNull(), properties)
            }
        }
        return try MapData.collection(features)
    }

    /// The ledger's outside layer, when the store has one yet.
    static func outsideLayer(_ store: String) throws -> String? {
        if !SourceSpec(store).isPostgres && !FileManager.default.fileExists(atPath: store) { return nil }
        let source = "\(store)|layername=geocheck_outside"
        return (try? SourceLayer.open(SourceSpec(source))) == nil ? nil : source
    }

    /// The features of `source` whose id is `mine`, as GeoJSON features in longitude/latitude.
    /// For the ledger's outside layer the properties are the check's date, command and area.
    static func shapes(_ source: String, idField: String?, mine: String,
                       properties: ([String: Any]) -> [String: Any]) throws -> [[String: Any]] {
        let layer = try SourceLayer.open(SourceSpec(source))
        let fields = layer.layer.fields.map(\.name)
        let idName = try FeatureLoader.idField(requested: idField, fields: layer.layer.fields, label: layer.label)
        let idIndex = idName.flatMap { fields.firstIndex(of: $0) }
        let context = try GEOSContext()
        let transform = try CoordinateTransform(from: layer.crs, to: try SpatialReference(epsg: 4326))
        var features: [[String: Any]] = []
        try layer.layer.forEachFeature { record in
            let key = idIndex.map { record.values[$0].description } ?? String(record.fid)
            guard key == mine, let wkb = record.wkb, let geometry = try MapData.lonLat(try context.geometry(wkb: wkb), transform) else { return }
            func text(_ name: String) -> String? { fields.firstIndex(of: name).map { record.values[$0].description } }
            var values: [String: Any] = ["kind": "outside", "mine": mine]
            if let date = text("check_date") { values["date"] = date }
            if let command = text("command") { values["command"] = command }
            if let m2 = fields.firstIndex(of: "outside_m2").flatMap({ record.values[$0].doubleValue }) { values["area_mu"] = Area(m2: m2).mu }
            features.append(MapData.feature(geometry, properties(values)))
        }
        return features
    }
}
