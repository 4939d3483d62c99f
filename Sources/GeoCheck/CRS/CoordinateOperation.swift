import CGDAL
import Foundation
import Synchronization

/// What a transformation from one source's CRS into a working CRS does, as PROJ states it
/// (JSON `transformations[]`).
public struct TransformationInfo: Codable, Sendable, Equatable, Hashable {
    /// The source (file, layer) whose geometry goes through it; empty when not tied to one.
    public var source: String
    public var from: String
    public var to: String
    /// PROJ's name of the operation ("Inverse of … + Transformation from … to WGS84 + …").
    public var name: String
    /// PROJ's stated accuracy in metres; nil when PROJ does not know it.
    public var accuracyM: Double?
    /// A ballpark transformation: PROJ knew no real one and only swapped the ellipsoid (Xian
    /// 1980 or Beijing 1954 to CGCS2000 without parameters: metres to ~100 m off).
    public var ballpark: Bool

    enum CodingKeys: String, CodingKey {
        case source, from, to, name, accuracyM = "accuracy_m", ballpark
    }

    /// `accuracy_m` is written as null when unknown (never left out).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(name, forKey: .name)
        try container.encode(accuracyM, forKey: .accuracyM)
        try container.encode(ballpark, forKey: .ballpark)
    }

    /// Worth a warning: a ballpark, or a stated accuracy worse than 1 m.
    public var isApproximate: Bool { ballpark || (accuracyM ?? 0) > 1 }

    /// "rights.shp: Xian 1980 / 3-degree Gauss-Kruger zone 38 → EPSG:4526 by a ballpark transformation (…)"
    public var warning: String {
        let wgs84 = [from, to].contains("EPSG:4326") && [from, to].contains { $0 == "EPSG:4490" || $0.hasPrefix("EPSG:45") || $0.hasPrefix("EPSG:449") }
        let how = wgs84 ? "a ballpark transformation: WGS 84 taken as CGCS2000 with no shift (they agree to about 1 m; data from a web map in GCJ-02 would be hundreds of metres off)"
            : ballpark ? "a ballpark transformation (no datum parameters: metres to ~100 m off; give the surveying bureau's 7 parameters for the Xian 1980 / Beijing 1954 source with --towgs84 or towgs84 in the config)"
            : "'\(name)' with a stated accuracy of \(accuracyM.map { String(format: "%g", $0) } ?? "?") m"
        return "\(source): \(from) → \(to) goes through \(how)"
    }
}

/// The coordinate operation PROJ chooses between two CRSs (`proj_create_operations`), its name,
/// stated accuracy and whether it is a ballpark — so that what is reported is what is used:
/// when PROJ has a single candidate, `CoordinateTransform` is built on exactly that operation
/// (`OCTCoordinateTransformationOptionsSetOperation`). Results are cached per CRS pair.
enum CoordinateOperation {
    struct Choice: Sendable {
        var name: String
        var accuracyM: Double?
        var ballpark: Bool
        /// The operation as a PROJ pipeline, when there was one candidate.
        var pipeline: String?
    }

    /// Choices by source and target WKT2. Held while PROJ is asked, so a pair is queried once.
    private static let cache = Mutex<[String: Choice]>([:])

    static func choose(from source: SpatialReference, to target: SpatialReference) -> Choice {
        let (sourceWKT, targetWKT) = (source.wkt2, target.wkt2)
        let key = sourceWKT + "\u{1}" + targetWKT
        return cache.withLock { cache in
            if let known = cache[key] { return known }
            let choice = query(sourceWKT, targetWKT)
            cache[key] = choice
            return choice
        }
    }

    /// Asks PROJ (its own context; C handles freed here) for the candidate operations.
    private static func query(_ sourceWKT: String, _ targetWKT: String) -> Choice {
        let unknown = Choice(name: "unknown (PROJ could not list the operations)", accuracyM: nil, ballpark: false, pipeline: nil)
        guard let context = proj_context_create() else { return unknown }
        defer { proj_context_destroy(context) }
        // proj_create returns NULL for a definition PROJ cannot read.
        guard let source = proj_create(context, sourceWKT) else { return unknown }
        defer { proj_destroy(source) }
        guard let target = proj_create(context, targetWKT) else { return unknown }
        defer { proj_destroy(target) }
        guard let factory = proj_create_operation_factory_context(context, nil) else { return unknown }
        defer { proj_operation_factory_context_destroy(factory) }
        proj_operation_factory_context_set_spatial_criterion(context, factory, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION)
        proj_operation_factory_context_set_grid_availability_use(context, factory, PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID)
        guard let list = proj_create_operations(context, source, target, factory) else { return unknown }
        defer { proj_list_destroy(list) }
        let count = proj_list_get_count(list)
        var candidates: [Choice] = []
        for index in 0..<count {
            guard let operation = proj_list_get(context, list, index) else { continue }
            defer { proj_destroy(operation) }
            let accuracy = proj_coordoperation_get_accuracy(context, operation)
            let pipeline = proj_as_proj_string(context, operation, PJ_PROJ_5, nil).map { String(cString: $0) }
            candidates.append(Choice(
                name: proj_get_name(operation).map { String(cString: $0) } ?? "unnamed",
                accuracyM: accuracy >= 0 ? accuracy : nil,
                ballpark: proj_coordoperation_has_ballpark_transformation(context, operation) != 0,
                pipeline: pipeline))
        }
        guard var first = candidates.first else { return unknown }
        if candidates.count > 1 {
            // PROJ picks among these per point by area of use: report the worst of them.
            let accuracies = candidates.map(\.accuracyM)
            first = Choice(name: "one of \(candidates.count) operations chosen per point by area (first: \(first.name))",
                           accuracyM: accuracies.contains { $0 == nil } ? nil : accuracies.compactMap { $0 }.max(),
                           ballpark: candidates.contains { $0.ballpark }, pipeline: nil)
        }
        return first
    }
}
