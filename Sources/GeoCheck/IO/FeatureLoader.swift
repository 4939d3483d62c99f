import Foundation

/// A note about one input feature that the output must list: repaired or skipped, and why.
public struct FeatureNote: Codable, Sendable, Equatable {
    public var layer: String
    public var id: String
    public var reason: String
    public init(layer: String, id: String, reason: String) {
        self.layer = layer
        self.id = id
        self.reason = reason
    }
}

/// One feature ready for a check: its id, its (valid) geometry in the working CRS, its values.
public struct LoadedFeature {
    public let fid: Int64
    public let id: String
    public let geometry: Geometry
    public let values: [FieldValue]
}

/// Errors about the contents of a layer, naming the layer and the feature or field.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A layer read into memory for a check.
public struct LoadedLayer {
    public let label: String
    public let fields: [FieldDefinition]
    /// The id field's name, or nil when ids are FIDs.
    public let idField: String?
    public var features: [LoadedFeature]
    public var repaired: [FeatureNote]
    public var skipped: [FeatureNote]

    /// Index of a field by name (exact, then case-insensitive), or an error naming the layer.
    public func fieldIndex(_ name: String) throws -> Int {
        if let index = LoadedLayer.index(of: name, in: fields) { return index }
        throw InputError("\(label): no field '\(name)' (fields: \(fields.map(\.name).joined(separator: ", ")))")
    }

    public func optionalFieldIndex(_ name: String?) -> Int? {
        name.flatMap { LoadedLayer.index(of: $0, in: fields) }
    }

    static func index(of name: String, in fields: [FieldDefinition]) -> Int? {
        fields.firstIndex { $0.name == name } ?? fields.firstIndex { $0.name.lowercased() == name.lowercased() }
    }
}

/// Reads features from a source layer into a working CRS, repairing invalid geometries and
/// skipping empty ones (both listed), with ids from the id field.
public enum FeatureLoader {
    /// The default id fields, in order of preference (CONTRACT.md "Ids").
    public static let defaultIDFields = ["id", "ID", "编号", "许可证号", "矿权编号"]
    /// A permit's own id: these first, then the default id fields.
    public static let permitIDFields = ["permit_id", "许可证号", "审核同意书编号", "文号"] + defaultIDFields

    /// The id field to use: the requested one (an error if missing), else the first default
    /// present, else nil (FID).
    public static func idField(requested: String?, fields: [FieldDefinition], label: String) throws -> String? {
        if let requested {
            if requested.uppercased() == "FID" && LoadedLayer.index(of: requested, in: fields) == nil { return nil }
            guard let index = LoadedLayer.index(of: requested, in: fields) else {
                throw InputError("\(label): id field '\(requested)' not found (fields: \(fields.map(\.name).joined(separator: ", ")))")
            }
            return fields[index].name
        }
        for candidate in defaultIDFields {
            if let field = fields.first(where: { $0.name == candidate }) { return field.name }
        }
        return nil
    }

    /// Loads every feature of `source`, transformed into `target` (nil: keep the source CRS).
    /// Only polygonal geometries are accepted when `polygons` is set (others are skipped).
    public static func load(_ source: SourceLayer, context: GEOSContext, target: SpatialReference?,
                            idField requested: String?, polygons: Bool = true,
                            progress: ((Int) -> Void)? = nil) throws -> LoadedLayer {
        let fields = source.layer.fields
        let label = source.label
        let idName = try idField(requested: requested, fields: fields, label: label)
        let idIndex = idName.flatMap { LoadedLayer.index(of: $0, in: fields) }
        let transform = try target.flatMap { target in
            target.isSame(as: source.crs) ? nil : try CoordinateTransform(from: source.crs, to: target)
        }
        var features: [LoadedFeature] = []
        var repaired: [FeatureNote] = []
        var skipped: [FeatureNote] = []
        try source.layer.forEachFeature { record in
            let id = idIndex.map { record.values[$0].description } ?? String(record.fid)
            let featureLabel = "\(label) feature \(id)"
            guard let wkb = record.wkb else {
                skipped.append(FeatureNote(layer: label, id: id, reason: "no geometry"))
                return
            }
            if let envelope = record.envelope {
                do {
                    try CoordinateRange.check(envelope, geographic: source.crs.isGeographic)
                } catch {
                    throw InputError("\(featureLabel): \(error)")
                }
            }
            for repair in record.repairs { repaired.append(FeatureNote(layer: label, id: id, reason: repair)) }
            var geometry: Geometry
            do {
                geometry = try context.geometry(wkb: wkb)
            } catch {
                throw InputError("\(featureLabel): unreadable geometry: \(error)")
            }
            if geometry.isEmpty {
                skipped.append(FeatureNote(layer: label, id: id, reason: "empty geometry"))
                return
            }
            if polygons, !(try geometry.type().isPolygonal) {
                let polygonal = try geometry.polygonalParts()
                if polygonal.isEmpty {
                    skipped.append(FeatureNote(layer: label, id: id, reason: "not a polygon (\(try geometry.type()))"))
                    return
                }
                geometry = polygonal
            }
            if let problem = try geometry.validityProblem() {
                let fixed = try geometry.makeValid()
                if fixed.isEmpty {
                    skipped.append(FeatureNote(layer: label, id: id, reason: "invalid and empty after repair: \(problem.description)"))
                    return
                }
                repaired.append(FeatureNote(layer: label, id: id, reason: problem.description))
                geometry = fixed
            }
            if let transform {
                do {
                    geometry = try transform.transform(geometry)
                } catch {
                    throw InputError("\(featureLabel): \(error)")
                }
            }
            features.append(LoadedFeature(fid: record.fid, id: id, geometry: geometry, values: record.values))
            if let progress, features.count % 10_000 == 0 { progress(features.count) }
        }
        if polygons, features.isEmpty, !skipped.isEmpty {
            // Every feature skipped: no answer to give, and not a silent "nothing found".
            throw InputError("\(label): no polygon to check (\(try source.layer.geometryCensus())); e.g. feature \(skipped[0].id): \(skipped[0].reason)")
        }
        return LoadedLayer(label: label, fields: fields, idField: idName, features: features,
                           repaired: repaired, skipped: skipped)
    }
}
