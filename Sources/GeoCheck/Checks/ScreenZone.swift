import Foundation

/// One working CRS of a worker: where overlays run (`crs`), the metric CRS for distances and
/// corner files (`metric`, the same unless overlays run in geographic coordinates), transforms
/// into them, and the area calculator. Not thread-safe (transforms): one per worker.
final class ScreenZone {
    let crs: SpatialReference
    let metric: SpatialReference
    let fromRights: CoordinateTransform?
    let toRights: CoordinateTransform?
    /// Layer CRS → overlay CRS (nil: the layer is stored in the overlay CRS).
    let fromLayer: [CoordinateTransform?]
    /// Overlay CRS → metric CRS, when they differ.
    let toMetric: CoordinateTransform?
    let areas: AreaCalculator
    let label: String
    let gaussKruger: GaussKrugerZone?
    /// The precision grid of the overlay fallback, in overlay CRS units: 1 mm on the ground.
    let gridSize: Double

    /// 1 mm, the grid the overlay fallback snaps to (`gridSize`).
    static let gridM = 0.001

    init(crs: SpatialReference, metric: SpatialReference, rightsCRS: SpatialReference, layerCRSs: [SpatialReference],
         areaMethod: AreaMethod) throws {
        self.crs = crs
        self.metric = metric
        let same = crs.isSame(as: rightsCRS)
        fromRights = same ? nil : try CoordinateTransform(from: rightsCRS, to: crs)
        toRights = same ? nil : try CoordinateTransform(from: crs, to: rightsCRS)
        fromLayer = try layerCRSs.map { $0.isSame(as: crs) ? nil : try CoordinateTransform(from: $0, to: crs) }
        toMetric = metric.isSame(as: crs) ? nil : try CoordinateTransform(from: crs, to: metric)
        areas = try AreaCalculator(crs: crs, method: areaMethod)
        label = crs.label
        gaussKruger = metric.epsg.flatMap { GaussKrugerZone.from(epsg: $0) }
        gridSize = Self.gridSize(of: crs)
    }

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
        try toMetric.map { try $0.transform(geometry) } ?? geometry
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
