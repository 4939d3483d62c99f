import Foundation

/// WKB result geometries as what a map draws: polygon rings and a label point. Reads geometry,
/// never measures it (areas come from the results).
struct MapShapes {
    let context: GEOSContext

    init() throws { context = try GEOSContext() }

    func geometry(_ wkb: [UInt8]) throws -> Geometry { try context.geometry(wkb: wkb) }

    /// [polygon][ring][x, y, …] of a WKB geometry (non-polygonal parts are left out).
    func rings(_ wkb: [UInt8]) throws -> [[[Double]]] {
        guard !wkb.isEmpty else { return [] }
        return try geometry(wkb).polygonRings()
    }

    /// A point inside the geometry (`GEOSPointOnSurface_r`), nil for an empty one.
    func labelPoint(_ wkb: [UInt8]) throws -> (x: Double, y: Double)? {
        guard !wkb.isEmpty else { return nil }
        let shape = try geometry(wkb)
        if shape.isEmpty { return nil }
        return try shape.pointOnSurface()
    }

    /// The bounding box, read off the WKB where it is plain (`WKBSummary`), else from GEOS.
    func envelope(_ wkb: [UInt8]) throws -> Envelope? {
        guard !wkb.isEmpty else { return nil }
        if let summary = wkb.withUnsafeBytes({ WKBSummary($0) }) { return summary.envelope }
        return try geometry(wkb).envelope()
    }
}

extension Envelope {
    /// This envelope grown by `fraction` of its larger side on every side, and to at least
    /// `minimum` wide and high.
    func padded(_ fraction: Double, minimum: Double = 0) -> Envelope {
        let pad = max(width, height) * fraction
        var grown = Envelope(minX: minX - pad, minY: minY - pad, maxX: maxX + pad, maxY: maxY + pad)
        if grown.width < minimum {
            let extra = (minimum - grown.width) / 2
            grown = Envelope(minX: grown.minX - extra, minY: grown.minY, maxX: grown.maxX + extra, maxY: grown.maxY)
        }
        if grown.height < minimum {
            let extra = (minimum - grown.height) / 2
            grown = Envelope(minX: grown.minX, minY: grown.minY - extra, maxX: grown.maxX, maxY: grown.maxY + extra)
        }
        return grown
    }
}
