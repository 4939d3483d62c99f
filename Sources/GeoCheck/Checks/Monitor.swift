import Foundation

/// Pieces shared by the monitoring checks (boundary, forest, reclaim): the metric working CRS of
/// a source (the policy is `WorkingCRS.crs(for:longitude:)`), merging features that share an id,
/// and area output in the three units.
extension WorkingCRS {
    /// The CRS areas and overlays are computed in for `source`: `crs(for:longitude:)` at the
    /// centre of its extent.
    public static func of(_ source: SourceLayer) throws -> SpatialReference {
        if source.crs.isProjected { return source.crs }
        guard let extent = source.layer.extent else {
            throw InputError("\(source.label): has no features (cannot choose a working CRS)")
        }
        do {
            try CoordinateRange.check(extent, geographic: true)
            return try crs(for: source.crs, longitude: extent.center.x)
        } catch {
            try checkCoordinates(source)
            throw InputError("\(source.label): \(error)")
        }
    }

    /// An error naming the first feature of `source` whose coordinates are not finite (or not
    /// longitude/latitude in a geographic CRS).
    public static func checkCoordinates(_ source: SourceLayer) throws {
        try source.layer.forEachFeature { record in
            guard let envelope = record.envelope else { return }
            do {
                try CoordinateRange.check(envelope, geographic: source.crs.isGeographic)
            } catch {
                throw InputError("\(source.label) feature \(record.fid) (FID): \(error)")
            }
        }
    }
}

/// Features of one id merged into one geometry (blocks of a licence, patches of a footprint).
public struct MergedFeature {
    public let id: String
    public let geometry: Geometry
    /// The features in layer order.
    public let parts: [LoadedFeature]
}

extension LoadedLayer {
    /// Features grouped by id (first-seen order), each group unioned (`GEOSUnaryUnion_r`).
    public func merged(context: GEOSContext) throws -> [MergedFeature] {
        var order: [String] = []
        var groups: [String: [LoadedFeature]] = [:]
        for feature in features {
            if groups[feature.id] == nil { order.append(feature.id) }
            groups[feature.id, default: []].append(feature)
        }
        return try order.map { id in
            let parts = groups[id] ?? []
            let geometry = try context.unaryUnion(parts.map(\.geometry)).polygonalParts()
            return MergedFeature(id: id, geometry: geometry, parts: parts)
        }
    }

    /// The value of `field` for `feature` (nil when the layer has no such field or it is NULL).
    public func value(_ feature: LoadedFeature, _ field: String?) -> FieldValue? {
        guard let index = optionalFieldIndex(field), index < feature.values.count else { return nil }
        let value = feature.values[index]
        return value.isNull ? nil : value
    }

    /// The first field among `candidates` that the layer has.
    public func firstField(_ candidates: [String]) -> String? {
        candidates.first { LoadedLayer.index(of: $0, in: fields) != nil }.flatMap { name in
            LoadedLayer.index(of: name, in: fields).map { fields[$0].name }
        }
    }

    /// "file.gpkg feature ID" for messages.
    public func describe(_ feature: LoadedFeature) -> String {
        idField == nil ? "\(label) feature \(feature.id)" : "\(label) feature \(feature.id) (FID \(feature.fid))"
    }
}

/// An area below `minAreaM2` is a numerical sliver: reported as 0 and counted.
struct SliverFilter {
    let minAreaM2: Double
    var slivers = 0

    mutating func finding(_ area: Area) -> Area {
        if area.m2 > 0 && area.m2 < minAreaM2 {
            slivers += 1
            return .zero
        }
        return area
    }
}
