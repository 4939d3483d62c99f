import Foundation

/// Constraint features cut into pieces of bounded vertex count (as PostGIS's `ST_Subdivide`):
/// a national layer's big polygons (a county of 50 000 vertices) become pieces that are cheap
/// to index, clip and transform, so the work for a right depends on what is near it, not on the
/// size of the polygons it falls in. Pieces of one feature tile it exactly (they share their cut
/// lines), so overlaps summed over pieces are the overlap with the feature.
struct ConstraintPiece: Sendable {
    /// Index of the feature in its layer's `records`.
    var feature: Int
    /// The piece's WKB; nil for a feature kept whole (its record's WKB, not copied or retained
    /// once per piece).
    var wkb: [UInt8]?
    var envelope: Envelope
}

enum Subdivision {
    /// Largest piece, in vertices.
    static let maxVertices = 1024

    /// The pieces of every feature of `layer`, in feature order; the big features are cut on
    /// `workers` threads (one GEOS context each). Features small enough are kept whole without
    /// being parsed.
    static func pieces(of layer: ConstraintInput, workers: Int) throws -> [ConstraintPiece] {
        let records = layer.records
        // WKB holds 16 bytes per 2D vertex: a small record needs no parsing to know it is small.
        let small = maxVertices * 16 + 64
        let big = records.indices.filter { records[$0].wkb.count > small }
        let cuts = try cut(big, layer: layer, workers: workers)
        var pieces: [ConstraintPiece] = []
        pieces.reserveCapacity(records.count - big.count + cuts.reduce(0) { $0 + $1.count })
        var nextBig = 0
        for index in records.indices {
            if nextBig < big.count, big[nextBig] == index {
                pieces += cuts[nextBig]
                nextBig += 1
            } else {
                pieces.append(ConstraintPiece(feature: index, wkb: nil, envelope: records[index].envelope))
            }
        }
        return pieces
    }

    /// The pieces of the records at `big` (ascending), in that order.
    private static func cut(_ big: [Int], layer: ConstraintInput, workers: Int) throws -> [[ConstraintPiece]] {
        guard !big.isEmpty else { return [] }
        return try ParallelMap.map(count: big.count, workers: workers, local: { try GEOSContext() }) { context, position in
            try cut(big[position], layer: layer, context: context)
        }
    }

    /// The pieces of the big record `index`.
    private static func cut(_ index: Int, layer: ConstraintInput, context: GEOSContext) throws -> [ConstraintPiece] {
        let geometry: Geometry
        do {
            geometry = try layer.withWKB(of: index) { try context.geometry(wkb: $0) }
        } catch {
            throw InputError("\(layer.label) feature \(layer.records[index].id): unreadable geometry: \(error)")
        }
        var parts: [Geometry] = []
        try split(geometry, into: &parts, depth: 0)
        return try parts.compactMap { part -> ConstraintPiece? in
            guard let envelope = part.envelope() else { return nil }
            return ConstraintPiece(feature: index, wkb: try part.wkb(), envelope: envelope)
        }
    }

    /// Halves `geometry` across the longer side of its envelope until each part is small.
    private static func split(_ geometry: Geometry, into parts: inout [Geometry], depth: Int) throws {
        guard geometry.coordinateCount > maxVertices, depth < 24, let box = geometry.envelope(),
              box.width > 0 || box.height > 0 else {
            parts.append(geometry)
            return
        }
        let halves: [Envelope]
        if box.width >= box.height {
            let middle = (box.minX + box.maxX) / 2
            halves = [Envelope(minX: box.minX, minY: box.minY, maxX: middle, maxY: box.maxY),
                      Envelope(minX: middle, minY: box.minY, maxX: box.maxX, maxY: box.maxY)]
        } else {
            let middle = (box.minY + box.maxY) / 2
            halves = [Envelope(minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: middle),
                      Envelope(minX: box.minX, minY: middle, maxX: box.maxX, maxY: box.maxY)]
        }
        for half in halves {
            let part = try geometry.clipped(to: half).polygonalParts()
            if !part.isEmpty { try split(part, into: &parts, depth: depth + 1) }
        }
    }
}
