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
        return try cached(Key(layer: layer, index: index, whole: false), wkb: piece.wkb ?? constraints[layer].records[piece.feature].wkb,
                          feature: piece.feature)
    }

    /// Feature `index` of `layer` whole, in its own CRS.
    func whole(layer: Int, index: Int) throws -> Geometry {
        try cached(Key(layer: layer, index: index, whole: true), wkb: constraints[layer].records[index].wkb, feature: index)
    }

    private func cached(_ key: Key, wkb: [UInt8], feature: Int) throws -> Geometry {
        tick += 1
        if let done = cache[key] {
            lastUse[key] = tick
            return done
        }
        let geometry: Geometry
        do {
            geometry = try context.geometry(wkb: wkb)
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
