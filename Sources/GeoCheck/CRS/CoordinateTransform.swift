import CGDAL

/// An OGR coordinate transformation between two CRSs (`OCTNewCoordinateTransformationEx` /
/// `OCTDestroyCoordinateTransformation`), built on the operation `CoordinateOperation`
/// reports. Geometry leaving its CRS through here has its edges densified there first
/// (`EdgeDensification`). Not thread-safe: one per worker.
public final class CoordinateTransform {
    public let source: SpatialReference
    public let target: SpatialReference
    /// What PROJ does between the two CRSs (the `source` key is empty: fill it with `info(for:)`).
    public let operation: TransformationInfo
    private let handle: OGRCoordinateTransformationH
    private let edges: EdgeDensification
    private var xs: [Double] = []
    private var ys: [Double] = []
    private var ok: [Int32] = []

    public init(from source: SpatialReference, to target: SpatialReference) throws {
        let (from, to) = try DatumPolicy.pair(source, target)
        let choice = CoordinateOperation.choose(from: from, to: to)
        guard let options = OCTNewCoordinateTransformationOptions() else {
            throw CRSError(message: "cannot allocate coordinate transformation options")
        }
        defer { OCTDestroyCoordinateTransformationOptions(options) }
        if let pipeline = choice.pipeline {
            _ = OCTCoordinateTransformationOptionsSetOperation(options, pipeline, 0)
        }
        // NULL when GDAL/PROJ cannot build the transformation; the reason is in CPLGetLastErrorMsg.
        guard let handle = from.newTransformation(to: to, options: options) else {
            throw CRSError.gdal("OCTNewCoordinateTransformationEx", "no transformation from \(source.label) to \(target.label)")
        }
        self.source = source
        self.target = target
        self.handle = handle
        edges = try EdgeDensification(source, target: target)
        operation = TransformationInfo(source: "", from: source.label, to: target.label, name: choice.name,
                                       accuracyM: choice.accuracyM, ballpark: choice.ballpark)
    }

    deinit { OCTDestroyCoordinateTransformation(handle) }

    /// The operation, reported for the source named `label`.
    public func info(for label: String) -> TransformationInfo {
        var info = operation
        info.source = label
        return info
    }

    /// The bounding box of `envelope` in the target CRS (`OCTTransformBounds`, edges densified
    /// with 21 points so curved images of straight edges are covered).
    public func transformBounds(_ envelope: Envelope) throws -> Envelope {
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        guard OCTTransformBounds(handle, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY,
                                 &minX, &minY, &maxX, &maxY, 21) != 0 else {
            throw CRSError.gdal("OCTTransformBounds", "cannot transform extent from \(source.label) to \(target.label)")
        }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// Transforms interleaved x,y coordinates in place (`OCTTransformEx`, per-point success
    /// flags). Non-finite coordinates are an error.
    public func transform(_ xy: inout [Double]) throws {
        let count = xy.count / 2
        if count == 0 { return }
        if let bad = xy.firstIndex(where: { !$0.isFinite }) {
            throw CRSError(message: "non-finite coordinate (\(xy[bad & ~1]), \(xy[bad | 1])) in \(source.label)")
        }
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
            throw CRSError.gdal("OCTTransformEx", "cannot transform (\(xy[2 * bad]), \(xy[2 * bad + 1])) from \(source.label) to \(target.label)")
        }
        for index in 0..<count {
            xy[2 * index] = xs[index]
            xy[2 * index + 1] = ys[index]
        }
    }

    /// A copy of `geometry` in the target CRS, its edges densified in the source CRS first
    /// (CONTRACT.md "Areas/Edges"), so that they follow the lines drawn there.
    public func transform(_ geometry: Geometry) throws -> Geometry {
        try geometry.mapCoordinates { xy in
            xy = edges.densify(xy)
            try transform(&xy)
        }
    }
}

/// Datum parameters across CRSs. A CRS carrying TOWGS84 parameters (from the user, a `.prj`, or
/// a corner file's `转换参数=`) is a PROJ BoundCRS whose hub is WGS 84; PROJ then transforms it
/// into WGS 84 with them, but into CGCS2000 only by a ballpark. The provincial parameters go to
/// CGCS2000 directly, so CGCS2000 is taken to coincide with WGS 84 for that step (a zero shift
/// on the CGCS2000 side): the result is the Helmert result.
enum DatumPolicy {
    static func pair(_ source: SpatialReference, _ target: SpatialReference) throws -> (SpatialReference, SpatialReference) {
        let sourceHas = source.towgs84 != nil, targetHas = target.towgs84 != nil
        if sourceHas, !targetHas, target.isCGCS2000Datum { return (source, try target.withTOWGS84([0, 0, 0])) }
        if targetHas, !sourceHas, source.isCGCS2000Datum { return (try source.withTOWGS84([0, 0, 0]), target) }
        return (source, target)
    }
}

extension SpatialReference {
    /// The datum is CGCS2000 (China 2000), geographic or projected.
    var isCGCS2000Datum: Bool {
        let normalised = datumName.lowercased().replacingOccurrences(of: "_", with: " ")
        return normalised.contains("china 2000") || normalised.contains("cgcs2000") || (try? geographic().epsg) == 4490
    }
}

extension CoordinateTransform {
    /// The datum part of the operation from `crs` into `target` for the source named `label`:
    /// the operation between their geographic CRSs, as `init(from:to:)` would build it (map
    /// projections are exact and not reported). `to` is the target's geographic CRS.
    public static func describe(_ crs: SpatialReference, to target: SpatialReference, source label: String) throws -> TransformationInfo {
        let (fromGeographic, toGeographic) = (try crs.geographic(), try target.geographic())
        if fromGeographic.isSame(as: toGeographic) {
            return TransformationInfo(source: label, from: crs.label, to: toGeographic.label,
                                      name: "none (same datum: map projection only)", accuracyM: 0, ballpark: false)
        }
        let (from, to) = try DatumPolicy.pair(fromGeographic, toGeographic)
        let choice = CoordinateOperation.choose(from: from, to: to)
        var info = TransformationInfo(source: label, from: crs.label, to: toGeographic.label, name: choice.name,
                                      accuracyM: choice.accuracyM, ballpark: choice.ballpark)
        if crs.towgs84 != nil { info.name += " (Bursa-Wolf parameters \(crs.towgs84?.map { String(format: "%g", $0) }.joined(separator: ",") ?? ""), Position Vector)" }
        return info
    }
}

extension SpatialReference {
    /// The datum is WGS 84.
    var isWGS84Datum: Bool {
        let normalised = datumName.lowercased().replacingOccurrences(of: "_", with: " ")
        return normalised.contains("wgs 1984") || normalised.contains("world geodetic system 1984") || (try? geographic().epsg) == 4326
    }
}
