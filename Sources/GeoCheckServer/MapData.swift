import Foundation
import GeoCheck
import Synchronization

/// The shapes of a screening (`RightMapShapes`, in each right's metric working CRS) as GeoJSON
/// in longitude/latitude for the browser map. Reads and reprojects through the library
/// (`CoordinateTransform`, `Geometry.polygonRings`); computes nothing.
enum MapData {
    static func geoJSON(_ outcome: ScreenOutcome) throws -> Data {
        let maps = outcome.rows.compactMap { row in row.shapes.map.map { (row.right, $0) } }
        let context = try GEOSContext()
        let wgs84 = try SpatialReference(epsg: 4326)
        var features: [[String: Any]] = []
        for (right, shapes) in maps {
            let transform = try CoordinateTransform(from: try SpatialReference(shapes.crsLabel), to: wgs84)
            func add(_ wkb: [UInt8], _ properties: [String: Any]) throws {
                guard !wkb.isEmpty, let geometry = try Self.lonLat(try context.geometry(wkb: wkb), transform) else { return }
                features.append(feature(geometry, properties))
            }
            for zone in shapes.features {
                let overlap = right.overlaps.first { $0.layer == zone.layer && $0.featureID == zone.featureID }
                try add(zone.wkb, ["kind": "zone", "layer": zone.layer, "id": zone.featureID, "name": zone.featureName ?? "",
                                   "class": zone.class ?? "", "severity": zone.near ? "near" : zone.severity.rawValue,
                                   "near": zone.near, "area_mu": overlap.map { $0.area.roundedMu } ?? NSNull()])
            }
            try add(shapes.right, ["kind": "right", "right": right.id])
            for (overlap, wkb) in zip(right.overlaps, shapes.overlaps) {
                try add(wkb, ["kind": "overlap", "right": right.id, "layer": overlap.layer, "id": overlap.featureID,
                              "name": overlap.featureName ?? "", "severity": overlap.severity.rawValue, "area_mu": overlap.area.roundedMu])
            }
            if right.isShrunk { try add(shapes.retained, ["kind": "retained", "right": right.id, "area_mu": right.retainedArea.roundedMu]) }
        }
        return try collection(features)
    }

    /// A polygonal geometry as a GeoJSON MultiPolygon in longitude/latitude (nil when empty).
    static func lonLat(_ geometry: Geometry, _ transform: CoordinateTransform) throws -> [String: Any]? {
        let polygons = try transform.transform(geometry).polygonRings().map { rings in
            rings.map { ring in stride(from: 0, to: ring.count - 1, by: 2).map { [ring[$0], ring[$0 + 1]] } }
        }
        return polygons.isEmpty ? nil : ["type": "MultiPolygon", "coordinates": polygons]
    }

    static func feature(_ geometry: Any, _ properties: [String: Any]) -> [String: Any] {
        ["type": "Feature", "properties": properties, "geometry": geometry]
    }

    static func collection(_ features: [[String: Any]]) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features])
    }
}

/// Screening results kept for their downloads: the last results per user, for an hour.
final class ResultCache: Sendable {
    struct Entry {
        var owner: String
        var created: Date
        var outcome: ScreenOutcome
    }

    private let entries = Mutex<[String: Entry]>([:])
    let capacity = 64

    func put(_ outcome: ScreenOutcome, owner: String) -> String {
        let id = randomToken()
        entries.withLock { entries in
            entries = entries.filter { Date().timeIntervalSince($0.value.created) < 3600 }
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.created < $1.value.created }) {
                entries[oldest.key] = nil
            }
            entries[id] = Entry(owner: owner, created: Date(), outcome: outcome)
        }
        return id
    }

    /// The result of `id` if it belongs to `owner` (else nil: 404).
    func get(_ id: String, owner: String) -> ScreenOutcome? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.owner == owner else { return nil }
            return entry.outcome
        }
    }
}
