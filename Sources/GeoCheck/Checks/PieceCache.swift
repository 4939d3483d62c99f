import Foundation

/// One worker's parsed constraint pieces (and whole features), least recently used dropped
/// first when the vertices held pass `vertexBudget`. Not thread-safe: one per worker.
final class PieceCache {
    private struct Key: Hashable {
        let layer: Int
        let index: Int
        let whole: Bool
    }

    /// Cache budget per worker, in vertices.
    static let vertexBudget = 2_000_000

    let context: GEOSContext
    let constraints: [ConstraintInput]
    private var cache: [Key: Geometry] = [:]
    /// Last use (a tick) of each cached geometry, and the vertices the cache holds.
    private var lastUse: [Key: Int] = [:]
    private var tick = 0
    private var vertices = 0

    init(context: GEOSContext, constraints: [ConstraintInput]) {
        self.context = context
        self.constraints = constraints
    }

    /// Piece `index` of `layer` (see `Subdivision`) in the layer's own CRS.
    func piece(layer: Int, index: Int) throws -> Geometry {
        let piece = constraints[layer].pieces[index]
        return try cached(Key(layer: layer, index: index, whole: false), feature: piece.feature) { context in
            if let wkb = piece.wkb { return try context.geometry(wkb: wkb) }
            return try constraints[layer].withWKB(of: piece.feature) { try context.geometry(wkb: $0) }
        }
    }

    /// Feature `index` of `layer` whole, in its own CRS.
    func whole(layer: Int, index: Int) throws -> Geometry {
        try cached(Key(layer: layer, index: index, whole: true), feature: index) { context in
            try constraints[layer].withWKB(of: index) { try context.geometry(wkb: $0) }
        }
    }

    /// The geometry at `key`, read by `read` when it is not cached.
    private func cached(_ key: Key, feature: Int, read: (GEOSContext) throws -> Geometry) throws -> Geometry {
        tick += 1
        if let done = cache[key] {
            lastUse[key] = tick
            return done
        }
        let geometry: Geometry
        do {
            geometry = try read(context)
        } catch {
            throw InputError("\(constraints[key.layer].label) feature \(constraints[key.layer].records[feature].id): unreadable geometry: \(error)")
        }
        vertices += geometry.coordinateCount
        if vertices > Self.vertexBudget { evict() }
        cache[key] = geometry
        lastUse[key] = tick
        return geometry
    }

    /// Drops the least recently used geometries until the cache is at half its budget.
    private func evict() {
        for (key, _) in lastUse.sorted(by: { $0.value < $1.value }) where vertices > Self.vertexBudget / 2 {
            if let gone = cache.removeValue(forKey: key) { vertices -= gone.coordinateCount }
            lastUse.removeValue(forKey: key)
        }
    }
}
