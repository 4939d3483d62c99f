import Foundation

/// One working CRS of a worker: where overlays run (`crs`), the metric CRS for distances and
/// corner files (`metric`, the same unless overlays run in geographic coordinates), transforms
/// into them, and the area calculator. Not thread-safe (transforms): one per worker.
final class ScreenZone {
    let crs: SpatialReference
    let metric: SpatialReference
    let rightsCRS: SpatialReference
    let layerCRSs: [SpatialReference]
    /// Per layer: stored in the overlay CRS (no transform).
    let layerInOverlayCRS: [Bool]
    let areas: AreaCalculator
    let label: String
    let gaussKruger: GaussKrugerZone?
    /// The precision grid of the overlay fallback, in overlay CRS units: 1 mm on the ground.
    let gridSize: Double
    /// Transforms, built when first needed: setting one up asks PROJ for its operations, which
    /// costs more than screening hundreds of rights.
    private var transforms: [Route: CoordinateTransform?] = [:]
    private enum Route: Hashable {
        case fromRights, toRights, toMetric, fromLayer(Int), metricToLayer(Int)
    }

    /// 1 mm, the grid the overlay fallback snaps to (`gridSize`).
    static let gridM = 0.001

    init(crs: SpatialReference, metric: SpatialReference, rightsCRS: SpatialReference, layerCRSs: [SpatialReference],
         areaMethod: AreaMethod) throws {
        self.crs = crs
        self.metric = metric
        self.rightsCRS = rightsCRS
        self.layerCRSs = layerCRSs
        layerInOverlayCRS = layerCRSs.map { $0.isSame(as: crs) }
        areas = try AreaCalculator(crs: crs, method: areaMethod)
        label = crs.label
        gaussKruger = metric.epsg.flatMap { GaussKrugerZone.from(epsg: $0) }
        gridSize = Self.gridSize(of: crs)
    }

    private func transform(_ route: Route, from source: SpatialReference, to target: SpatialReference) throws -> CoordinateTransform? {
        if let made = transforms[route] { return made }
        let made = source.isSame(as: target) ? nil : try CoordinateTransform(from: source, to: target)
        transforms[route] = .some(made)
        return made
    }

    /// Rights CRS → overlay CRS (nil: the same).
    func fromRights() throws -> CoordinateTransform? { try transform(.fromRights, from: rightsCRS, to: crs) }
    /// Overlay CRS → rights CRS (nil: the same).
    func toRights() throws -> CoordinateTransform? { try transform(.toRights, from: crs, to: rightsCRS) }
    /// Layer CRS → overlay CRS (nil: the layer is stored in the overlay CRS).
    func fromLayer(_ layer: Int) throws -> CoordinateTransform? {
        layerInOverlayCRS[layer] ? nil : try transform(.fromLayer(layer), from: layerCRSs[layer], to: crs)
    }
    /// Metric CRS → layer CRS (map windows).
    func metricToLayer(_ layer: Int) throws -> CoordinateTransform? {
        try transform(.metricToLayer(layer), from: metric, to: layerCRSs[layer])
    }
    /// Overlay CRS → metric CRS, when they differ.
    func toMetric() throws -> CoordinateTransform? { try transform(.toMetric, from: crs, to: metric) }

    /// `gridM` in the units of `crs`: metres over the linear unit, or the angle of 1 mm along a
    /// meridian (~9e-9°) in a geographic CRS.
    static func gridSize(of crs: SpatialReference) -> Double {
        if crs.isGeographic {
            let metresPerRadian = (try? crs.ellipsoid().semiMajorAxis) ?? 6_378_137
            return gridM / metresPerRadian / crs.radiansPerUnit
        }
        return gridM / crs.metresPerUnit
    }

    /// A geometry of the overlay CRS in the metric CRS.
    func metricGeometry(_ geometry: Geometry) throws -> Geometry {
        try toMetric().map { try $0.transform(geometry) } ?? geometry
    }

    /// Overlay with a fallback: near-coincident borders can make GEOS fail ("non-noded
    /// intersection"); then the overlay is redone snapped to the 1 mm grid (`gridSize`).
    func intersection(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        do { return try a.intersection(b) } catch { return try a.intersection(b, gridSize: gridSize) }
    }

    func difference(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        do { return try a.difference(b) } catch { return try a.difference(b, gridSize: gridSize) }
    }
}
