import CGDAL

/// An OGR coordinate transformation between two CRSs (`OCTNewCoordinateTransformation` /
/// `OCTDestroyCoordinateTransformation`). Not thread-safe: one per worker.
public final class CoordinateTransform {
    public let source: SpatialReference
    public let target: SpatialReference
    let handle: OGRCoordinateTransformationH
    private var xs: [Double] = []
    private var ys: [Double] = []
    private var ok: [Int32] = []

    public init(from source: SpatialReference, to target: SpatialReference) throws {
        guard let handle = OCTNewCoordinateTransformation(source.handle, target.handle) else {
            let detail = GDAL.error("OCTNewCoordinateTransformation", source: "").message
            throw CRSError(message: "no transformation from \(source.label) to \(target.label)\(detail.isEmpty ? "" : ": \(detail)")")
        }
        self.source = source
        self.target = target
        self.handle = handle
    }

    deinit { OCTDestroyCoordinateTransformation(handle) }

    /// Transforms interleaved x,y coordinates in place (`OCTTransformEx`, per-point success flags).
    public func transform(_ xy: inout [Double]) throws {
        let count = xy.count / 2
        if count == 0 { return }
        xs.removeAll(keepingCapacity: true)
        ys.removeAll(keepingCapacity: true)
        for index in 0..<count {
            xs.append(xy[2 * index])
            ys.append(xy[2 * index + 1])
        }
        ok = [Int32](repeating: 0, count: count)
        let allOK = OCTTransformEx(handle, Int32(count), &xs, &ys, nil, &ok)
        guard allOK != 0 else {
            let bad = ok.firstIndex(of: 0) ?? 0
            throw CRSError(message: "cannot transform (\(xy[2 * bad]), \(xy[2 * bad + 1])) from \(source.label) to \(target.label)")
        }
        for index in 0..<count {
            xy[2 * index] = xs[index]
            xy[2 * index + 1] = ys[index]
        }
    }

    /// A copy of `geometry` in the target CRS.
    public func transform(_ geometry: Geometry) throws -> Geometry {
        try geometry.mapCoordinates { try transform(&$0) }
    }
}
