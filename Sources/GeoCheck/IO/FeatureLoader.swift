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
        var loaded = LoadedLayer(label: label, fields: fields, idField: idName, features: [], repaired: [], skipped: [])
        try source.layer.forEachFeature { record in
            let id = idIndex.map { record.values[$0].description } ?? String(record.fid)
            let note = { (reason: String) in FeatureNote(layer: label, id: id, reason: reason) }
            guard let wkb = record.wkb else {
                loaded.skipped.append(note("no geometry"))
                return
            }
            if let envelope = record.envelope {
                do {
                    try CoordinateRange.check(envelope, geographic: source.crs.isGeographic)
                } catch {
                    throw InputError("\(label) feature \(id): \(error)")
                }
            }
            loaded.repaired += record.repairs.map(note)
            switch try geometry(wkb: wkb, context: context, polygons: polygons, transform: transform, feature: "\(label) feature \(id)") {
            case .skipped(let reason):
                loaded.skipped.append(note(reason))
            case .loaded(let geometry, let repair):
                if let repair { loaded.repaired.append(note(repair)) }
                loaded.features.append(LoadedFeature(fid: record.fid, id: id, geometry: geometry, values: record.values))
                if let progress, loaded.features.count % 10_000 == 0 { progress(loaded.features.count) }
            }
        }
        if polygons, loaded.features.isEmpty, let first = loaded.skipped.first {
            // Every feature skipped: no answer to give, and not a silent "nothing found".
            throw InputError("\(label): no polygon to check (\(try source.layer.geometryCensus())); e.g. feature \(first.id): \(first.reason)")
        }
        return loaded
    }

    enum Loaded {
        /// The geometry to check, and the validity problem repaired in it, if any.
        case loaded(Geometry, repaired: String?)
        case skipped(String)
    }

    /// One feature's geometry from its WKB: read, polygonal parts kept (when `polygons`), made
    /// valid, transformed; or why it is skipped. Errors name `feature`.
    static func geometry(wkb: [UInt8], context: GEOSContext, polygons: Bool, transform: CoordinateTransform?,
                         feature: String) throws -> Loaded {
        var geometry: Geometry
        do {
            geometry = try context.geometry(wkb: wkb)
        } catch {
            throw InputError("\(feature): unreadable geometry: \(error)")
        }
        if geometry.isEmpty { return .skipped("empty geometry") }
        if polygons, !(try geometry.type().isPolygonal) {
            let polygonal = try geometry.polygonalParts()
            if polygonal.isEmpty { return .skipped("not a polygon (\(try geometry.type()))") }
            geometry = polygonal
        }
        var repaired: String?
        if let problem = try geometry.validityProblem() {
            let fixed = try geometry.makeValid()
            if fixed.isEmpty { return .skipped("invalid and empty after repair: \(problem.description)") }
            repaired = problem.description
            geometry = fixed
        }
        if let transform {
            do {
                geometry = try transform.transform(geometry)
            } catch {
                throw InputError("\(feature): \(error)")
            }
        }
        return .loaded(geometry, repaired: repaired)
    }
}
