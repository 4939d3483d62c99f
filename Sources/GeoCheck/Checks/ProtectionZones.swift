import Foundation

/// The zones of a point or line constraint layer with `protect_m`: each feature buffered by the
/// protection radius in a metric CRS (the layer's own when projected, else the working
/// Gauss-Krüger zone of the feature), returned in the layer's CRS like every other feature.
final class ProtectionZones {
    let radius: Double
    let crs: SpatialReference
    let context: GEOSContext
    /// (to metric, back) per working CRS, keyed by its WKT.
    private var transforms: [String: (CoordinateTransform, CoordinateTransform)] = [:]

    init(radius: Double, crs: SpatialReference) throws {
        self.radius = radius
        self.crs = crs
        self.context = try GEOSContext()
    }

    /// The zone around a point/line feature given as WKB in the layer's CRS.
    func zone(wkb: UnsafeRawBufferPointer, envelope: Envelope) throws -> (wkb: [UInt8], envelope: Envelope)? {
        let geometry = try context.geometry(wkb: wkb)
        let zone: Geometry
        if let (toMetric, back) = try transformPair(longitude: envelope.center.x) {
            zone = try back.transform(try toMetric.transform(geometry).buffer(radius, quadrantSegments: 16))
        } else {
            zone = try geometry.buffer(radius, quadrantSegments: 16)
        }
        guard !zone.isEmpty, let box = zone.envelope() else { return nil }
        return (try zone.wkb(), box)
    }

    /// To the working CRS and back; nil when the layer's CRS is its own working CRS.
    private func transformPair(longitude: Double) throws -> (CoordinateTransform, CoordinateTransform)? {
        let metric = try WorkingCRS.crs(for: crs, longitude: longitude)
        if metric === crs { return nil }
        if let pair = transforms[metric.wkt] { return pair }
        let pair = (try CoordinateTransform(from: crs, to: metric), try CoordinateTransform(from: metric, to: crs))
        transforms[metric.wkt] = pair
        return pair
    }
}
