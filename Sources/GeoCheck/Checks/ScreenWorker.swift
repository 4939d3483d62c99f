import Foundation

/// What a worker found for one right. The outcomes of every right are held until they are
/// assembled (a million at national scale): what is rare (a repair, a skip) or kept only with
/// `--out` (shapes) is stored out of line, so that it costs a right nothing when absent.
struct RightOutcome {
    struct Notes {
        var repaired: FeatureNote?
        var skipped: FeatureNote?
        var constraintRepairs: [FeatureNote] = []
        var shapes: RightShapes?

        var isEmpty: Bool { repaired == nil && skipped == nil && constraintRepairs.isEmpty && shapes == nil }
    }

    var result: RightResult
    var slivers = 0
    private var boxed: OutOfLine<Notes>?

    init(result: RightResult) { self.result = result }

    private var notes: Notes {
        get { boxed?.value ?? Notes() }
        set { boxed = newValue.isEmpty ? nil : .value(newValue) }
    }

    var repaired: FeatureNote? {
        get { notes.repaired }
        set { notes.repaired = newValue }
    }
    var skipped: FeatureNote? {
        get { notes.skipped }
        set { notes.skipped = newValue }
    }
    var constraintRepairs: [FeatureNote] {
        get { notes.constraintRepairs }
        set { notes.constraintRepairs = newValue }
    }
    /// The right's geometries, with `keepGeometries`.
    var shapes: RightShapes? {
        get { notes.shapes }
        set { notes.shapes = newValue }
    }
}

/// A value stored out of line (an `indirect` case is boxed): a pointer's size where it is held.
enum OutOfLine<Value: Sendable>: Sendable {
    indirect case value(Value)

    var value: Value {
        switch self { case .value(let value): return value }
    }
}

/// What screening one right has found so far; shapes in the zone's overlay CRS.
struct RightScreening {
    struct Overlap {
        var shape: Geometry
        var area: Area
        var prohibited: Bool
        /// The right lies wholly inside the feature: `shape` is the right itself.
        var whole: Bool
    }

    /// The right in its own CRS, valid.
    let source: Geometry
    /// The right in the overlay CRS.
    let right: Geometry
    let area: Area
    var overlaps: [Overlap] = []
    var worst = Verdict.clear
    var mapFeatures: [(layer: Int, index: Int, near: Bool)] = []
    /// The right in the metric CRS, for distances: made once, when first needed.
    var metricRight: Geometry?
}

/// How a constraint feature meets the window around a right, in the feature's own CRS.
enum FeatureCut {
    /// Nothing of the feature in the window.
    case none
    /// The window lies wholly inside the feature: the overlap is the whole right.
    case window
    /// The part of the feature near the right.
    case shape(Geometry)
    /// A whole piece (index), stored in the overlay CRS.
    case piece(Geometry, Int)
}

/// One worker's state: its GEOS context, piece cache and
/// working zones. Everything here belongs to the worker's thread.
///
/// A right is screened in named steps: `validRight` (polygonal, repaired) → the right in the
/// zone's overlay CRS → per layer `candidates` (`PieceIndex` query on a window around
/// the right) → per feature `cut` (to the window, in the feature's CRS) → `overlay`
/// (transform, validate/repair, intersect, area) → `record` (overlap, or `near` distance) →
/// `settle` (protected and retained areas, then the kept geometries when asked for).
final class ScreenWorker {
    let context: GEOSContext
    let rights: RightsInput
    let constraints: [ConstraintInput]
    let plan: WorkPlan
    let options: ScreenOptions
    /// Builds each right's map shapes (`RightShapes.map`) with its kept geometries.
    let drawsMaps: Bool
    let rightsCRS: SpatialReference
    let layerCRSs: [SpatialReference]
    /// Rights CRS → layer CRS, for candidate queries (nil when the same CRS).
    let rightsToLayer: [CoordinateTransform?]
    /// Per layer, the index of its pieces (shared by the workers).
    let indexes: [PieceIndex]
    /// Areas of rights in their own CRS, with no round trip through the working CRS.
    let rightsAreas: AreaCalculator
    let pieces: PieceCache
    private var zones: [Int: ScreenZone] = [:]
    private var repairedConstraints: [FeatureNote] = []
    private var reported = Set<String>()
    private struct PieceKey: Hashable {
        let layer: Int
        let index: Int
    }
    /// Whole pieces in the overlay CRS found valid (see `validPiece`).
    private var validPieces = Set<PieceKey>()

    /// Margin (in metres) around a right's window: straight edges in a feature's own CRS and in
    /// the working CRS may disagree about where the right is — the two images of an edge of
    /// length L differ by about L²·tanφ/(8R), under 3 m for the 10 km edges of a 20 km² right —
    /// so a feature is cut with room to spare before it is transformed.
    static let marginM = 50.0
    /// A piece of at most this many vertices stored in the overlay CRS is overlaid whole: cutting
    /// it to the window costs more than it saves.
    static let uncutVertices = 64

    init(rights: RightsInput, constraints: [ConstraintInput], plan: WorkPlan, options: ScreenOptions, drawsMaps: Bool) throws {
        let context = try GEOSContext()
        self.context = context
        self.rights = rights
        self.constraints = constraints
        self.plan = plan
        self.options = options
        self.drawsMaps = options.keepGeometries && drawsMaps
        // The CRSs as read, shared (`SpatialReference` locks its handle), not parsed again from
        // their WKT: the first parse of the red line's CRS on a thread took 55 M instructions in
        // PROJ's WKT parser (12 ms), on the way of the first right.
        let rightsCRS = rights.crs
        let layerCRSs = constraints.map(\.crs)
        self.rightsCRS = rightsCRS
        self.layerCRSs = layerCRSs
        rightsToLayer = try layerCRSs.map { $0.isSame(as: rightsCRS) ? nil : try CoordinateTransform(from: rightsCRS, to: $0) }
        rightsAreas = try AreaCalculator(crs: rightsCRS, method: options.areaMethod)
        pieces = PieceCache(context: context, constraints: constraints)
        indexes = constraints.map(\.index)
    }

    private func zone(_ key: Int, near longitude: Double) throws -> ScreenZone {
        if let zone = zones[key] { return zone }
        let metric = plan.projected ? rightsCRS : try WorkingCRS.crs(for: rightsCRS, longitude: longitude)
        let overlay = plan.overlayInRightsCRS ? rightsCRS : metric
        let zone = try ScreenZone(crs: overlay, metric: metric, rightsCRS: rightsCRS, layerCRSs: layerCRSs, areaMethod: options.areaMethod)
        zones[key] = zone
        return zone
    }

    func screen(_ rightIndex: Int) throws -> RightOutcome {
        let record = rights.records[rightIndex]
        let zone = try zone(plan.zoneOfRight[rightIndex], near: record.envelope.center.x)
        var outcome = RightOutcome(result: RightResult(
            id: record.id, name: record.name, fid: record.fid, area: .zero, verdict: .clear, overlaps: [], near: [],
            overlapArea: .zero, retainedArea: .zero, workingCRS: zone.label))
        guard let source = try validRight(rightIndex, outcome: &outcome) else { return outcome }
        var screening: RightScreening
        do {
            screening = RightScreening(source: source, right: try zone.fromRights().map { try $0.transform(source) } ?? source,
                                       area: try rightsAreas.ellipsoidalArea(source))
        } catch {
            throw InputError("\(rights.label) feature \(record.id): \(error)")
        }
        outcome.result.area = screening.area
        for layer in constraints.indices {
            let buffer = constraints[layer].spec.bufferM ?? 0
            // The window around the right (grown by the margin and the layer's buffer, in the
            // layer's CRS) is both the index query and the cut.
            guard let window = try window(source, layer: layer, metres: Self.marginM + buffer) else { continue }
            for (feature, candidates) in try candidates(layer: layer, window: window) {
                let cut = try cut(layer: layer, feature: feature, pieces: candidates, window: window, zone: zone)
                try meet(cut, layer: layer, feature: feature, zone: zone, screening: &screening, outcome: &outcome)
            }
        }
        outcome.result.verdict = screening.worst
        outcome.result.near.sort { $0.distanceM < $1.distanceM }
        try settle(screening, zone: zone, outcome: &outcome)
        outcome.constraintRepairs = repairedConstraints
        repairedConstraints.removeAll()
        return outcome
    }

    /// The right's polygonal parts, repaired when invalid; nil (and `skipped`) when nothing is left.
    private func validRight(_ index: Int, outcome: inout RightOutcome) throws -> Geometry? {
        let record = rights.records[index]
        var source = try rights.withWKB(of: index) { try context.geometry(wkb: $0) }
        if !(try source.type().isPolygonal) {
            source = try source.polygonalParts()
            if source.isEmpty {
                outcome.skipped = FeatureNote(layer: rights.label, id: record.id, reason: "not a polygon")
                return nil
            }
        }
        guard let problem = try source.validityProblem() else { return source }
        source = try source.makeValid()
        if source.isEmpty {
            outcome.skipped = FeatureNote(layer: rights.label, id: record.id, reason: "invalid and empty after repair: \(problem.description)")
            return nil
        }
        outcome.repaired = FeatureNote(layer: rights.label, id: record.id, reason: problem.description)
        return source
    }

    /// The right's bounding box grown by `metres`, in the feature layer's CRS.
    private func window(_ source: Geometry, layer: Int, metres: Double) throws -> Envelope? {
        var shape = source
        if let transform = rightsToLayer[layer] { shape = try transform.transform(source) }
        guard let envelope = shape.envelope() else { return nil }
        if !constraints[layer].isGeographic { return envelope.expanded(dx: metres, dy: metres) }
        let latitude = min(89, max(abs(envelope.minY), abs(envelope.maxY))) * .pi / 180
        let dy = metres / 110_000
        return envelope.expanded(dx: dy / cos(latitude), dy: dy)
    }

    /// The pieces of `layer` whose boxes meet `window`, grouped by feature (in feature order):
    /// the pieces are in feature order (`Subdivision.pieces`) and the query ascending, so one
    /// feature's pieces come in one run.
    private func candidates(layer: Int, window: Envelope) throws -> [(feature: Int, pieces: [Int])] {
        let found = indexes[layer].query(window)
        let pieces = constraints[layer].pieces
        var groups: [(feature: Int, pieces: [Int])] = []
        for candidate in found {
            let feature = pieces[candidate].feature
            if let last = groups.indices.last, groups[last].feature == feature {
                groups[last].pieces.append(candidate)
            } else {
                groups.append((feature, [candidate]))
            }
        }
        return groups
    }

    /// The feature cut to the window. A small piece stored in the overlay CRS is taken whole
    /// (no transform follows, and its overlay is cheap). Where the window spans several pieces
    /// the whole feature is cut instead, so that the cut is one shape.
    private func cut(layer: Int, feature: Int, pieces candidates: [Int], window: Envelope, zone: ScreenZone) throws -> FeatureCut {
        if candidates.count == 1, zone.layerInOverlayCRS[layer] {
            let piece = try pieces.piece(layer: layer, index: candidates[0])
            if piece.coordinateCount <= Self.uncutVertices { return .piece(piece, candidates[0]) }
        }
        var cuts: [Geometry] = []
        for index in candidates {
            let cut = try pieces.piece(layer: layer, index: index).clipped(to: window)
            if cut.isEmpty { continue }
            if try isWindow(cut, window) { return .window }
            cuts.append(cut)
        }
        guard let first = cuts.first else { return .none }
        if cuts.count == 1 { return .shape(first) }
        let whole = try pieces.whole(layer: layer, index: feature).clipped(to: window)
        return try isWindow(whole, window) ? .window : .shape(whole)
    }

    /// True when a clipped feature is the whole window: the window lies inside the feature.
    private func isWindow(_ cut: Geometry, _ window: Envelope) throws -> Bool {
        guard cut.coordinateCount == 5, try cut.type() == .polygon, let envelope = cut.envelope() else { return false }
        return envelope == window
    }

    /// Records what a feature's cut means for the right: an overlap (at least `min_area_m2`), a
    /// sliver, or a near feature within the layer's `buffer_m`.
    private func meet(_ cut: FeatureCut, layer: Int, feature: Int, zone: ScreenZone,
                      screening: inout RightScreening, outcome: inout RightOutcome) throws {
        let local: Geometry?
        var overlap: RightScreening.Overlap?
        let severity = constraints[layer].records[feature].severity
        switch cut {
        case .none:
            return
        case .window:
            local = nil
            overlap = .init(shape: screening.right, area: screening.area, prohibited: severity == .prohibited, whole: true)
        case .shape, .piece:
            let (placed, overlaid) = try overlay(cut, layer: layer, feature: feature, zone: zone, right: screening.right)
            guard let placed else { return }
            local = placed
            overlap = overlaid.map { .init(shape: $0.shape, area: $0.area, prohibited: severity == .prohibited, whole: false) }
        }
        if let overlap, overlap.area.m2 >= options.minAreaM2 {
            record(overlap, layer: layer, feature: feature, screening: &screening, outcome: &outcome)
            return
        }
        if let overlap, overlap.area.m2 > 0 { outcome.slivers += 1 }
        guard let buffer = constraints[layer].spec.bufferM else { return }
        let distance = try overlap != nil ? 0 : local.map { try self.distance($0, zone: zone, screening: &screening) } ?? 0
        if distance <= buffer { near(distance, layer: layer, feature: feature, screening: &screening, outcome: &outcome) }
    }

    /// The cut in the overlay CRS (transformed, valid) and its overlap with the right, if any.
    private func overlay(_ cut: FeatureCut, layer: Int, feature: Int, zone: ScreenZone,
                         right: Geometry) throws -> (local: Geometry?, overlap: (shape: Geometry, area: Area)?) {
        let local: Geometry
        switch cut {
        case .none, .window: return (nil, nil)
        case .shape(let shape): local = try self.local(shape, layer: layer, feature: feature, zone: zone)
        case .piece(let piece, let index): local = try validPiece(piece, index: index, layer: layer, feature: feature, zone: zone)
        }
        if local.isEmpty { return (nil, nil) }
        // No `intersects` test first: most candidates do meet the right, and the overlay of
        // disjoint shapes is empty anyway (a full relate cost about half an overlay).
        let shape = try zone.intersection(right, local).polygonalParts()
        if shape.isEmpty { return (local, nil) }
        return (local, (shape, try zone.areas.ellipsoidalArea(shape)))
    }

    /// A whole piece in the overlay CRS, valid: checked once per worker (it is the same geometry
    /// for every right near it).
    private func validPiece(_ piece: Geometry, index: Int, layer: Int, feature: Int, zone: ScreenZone) throws -> Geometry {
        if validPieces.contains(PieceKey(layer: layer, index: index)) { return piece }
        let local = try self.local(piece, layer: layer, feature: feature, zone: zone)
        if local === piece { validPieces.insert(PieceKey(layer: layer, index: index)) }
        return local
    }

    /// A cut of a constraint feature (its own CRS) in the overlay CRS, valid: repaired, and
    /// noted once per feature, when the feature is invalid there.
    private func local(_ cut: Geometry, layer: Int, feature: Int, zone: ScreenZone) throws -> Geometry {
        var piece = try cut.polygonalParts()
        if piece.isEmpty { return piece }
        let record = constraints[layer].records[feature]
        if let transform = try zone.fromLayer(layer) {
            do {
                piece = try transform.transform(piece)
            } catch {
                throw InputError("\(constraints[layer].label) feature \(record.id): \(error)")
            }
        }
        if let problem = try piece.validityProblem() {
            piece = try piece.makeValid()
            if reported.insert("\(layer)\u{1}\(feature)").inserted {
                repairedConstraints.append(FeatureNote(layer: constraints[layer].spec.name, id: record.id, reason: problem.description))
            }
        }
        return piece
    }

    private func record(_ overlap: RightScreening.Overlap, layer: Int, feature: Int,
                        screening: inout RightScreening, outcome: inout RightOutcome) {
        let record = constraints[layer].records[feature]
        outcome.result.overlaps.append(OverlapResult(
            layer: constraints[layer].spec.name, featureID: record.id, featureName: record.name,
            class: record.classValue, severity: record.severity, area: overlap.area,
            share: screening.area.m2 > 0 ? min(1, rounded(overlap.area.m2 / screening.area.m2, 6)) : 0))
        screening.worst = max(screening.worst, Verdict(record.severity))
        screening.overlaps.append(overlap)
        if drawsMaps { screening.mapFeatures.append((layer, feature, false)) }
    }

    /// Distance in metres (metric CRS) from the right to a feature's cut in the overlay CRS.
    private func distance(_ local: Geometry, zone: ScreenZone, screening: inout RightScreening) throws -> Double {
        let right = try screening.metricRight ?? zone.metricGeometry(screening.right)
        screening.metricRight = right
        return try zone.metricGeometry(local).distance(to: right)
    }

    private func near(_ distance: Double, layer: Int, feature: Int, screening: inout RightScreening, outcome: inout RightOutcome) {
        let record = constraints[layer].records[feature]
        outcome.result.near.append(NearResult(layer: constraints[layer].spec.name, featureID: record.id,
                                              featureName: record.name, class: record.classValue, distanceM: rounded(distance, 2)))
        screening.worst = max(screening.worst, .near)
        if drawsMaps { screening.mapFeatures.append((layer, feature, true)) }
    }

    /// Protected land in the right (the union of its overlaps, counted once where zones of
    /// several layers overlap) and the retained area (the right minus its prohibited overlaps),
    /// computed one way whether or not geometries are kept; then the kept geometries.
    private func settle(_ screening: RightScreening, zone: ScreenZone, outcome: inout RightOutcome) throws {
        let prohibited = screening.overlaps.filter(\.prohibited)
        let forbidden = try covered(by: prohibited, screening: screening, zone: zone, shape: options.keepGeometries)
        // What is left of a right after its prohibited overlaps is nothing when below the sliver size.
        var retainedArea = Area(m2: max(0, screening.area.m2 - forbidden.area.m2))
        if retainedArea.m2 < options.minAreaM2 { retainedArea = .zero }
        let protectedArea = prohibited.count == screening.overlaps.count
            ? forbidden.area : try covered(by: screening.overlaps, screening: screening, zone: zone, shape: false).area
        outcome.result.overlapArea = protectedArea
        outcome.result.retainedArea = retainedArea
        guard options.keepGeometries else { return }
        var retained = screening.right
        if let shape = forbidden.shape {
            retained = shape === screening.right ? try context.emptyPolygon() : try zone.difference(screening.right, shape).polygonalParts()
        }
        outcome.shapes = try keptShapes(screening, retained: retained, zone: zone, result: outcome.result)
    }

    /// The union of `overlaps` (made only when `shape` is asked for, or needed for the area)
    /// and its area (at most the right's): none, the whole right, one overlap as it is, overlaps
    /// whose boxes do not overlap (they share no area: their areas add up), or the union of
    /// several. The area is found the same way whether or not the shape is asked for.
    private func covered(by overlaps: [RightScreening.Overlap], screening: RightScreening, zone: ScreenZone,
                         shape: Bool) throws -> (shape: Geometry?, area: Area) {
        if overlaps.isEmpty { return (nil, .zero) }
        if overlaps.contains(where: \.whole) { return (screening.right, screening.area) }
        if overlaps.count == 1 { return (overlaps[0].shape, min(screening.area, overlaps[0].area)) }
        let boxes = overlaps.compactMap { $0.shape.envelope() }
        let apart = boxes.count == overlaps.count && boxes.indices.allSatisfy { first in
            boxes[(first + 1)...].allSatisfy { !$0.overlapsInterior(of: boxes[first]) }
        }
        if apart {
            let sum = overlaps.reduce(Area.zero) { $0 + $1.area }
            return (shape ? try context.unaryUnion(overlaps.map(\.shape)) : nil, min(screening.area, sum))
        }
        let union = try context.unaryUnion(overlaps.map(\.shape))
        return (union, min(screening.area, try zone.areas.ellipsoidalArea(union)))
    }

    /// The right's geometries for the writers (`--out`): in the rights' CRS, in the Gauss-Krüger
    /// zone for retained corner files, and the map shapes when this worker draws maps.
    private func keptShapes(_ screening: RightScreening, retained: Geometry, zone: ScreenZone,
                            result: RightResult) throws -> RightShapes {
        func inRights(_ geometry: Geometry) throws -> Geometry {
            try zone.toRights().map { try $0.transform(geometry) } ?? geometry
        }
        let overlaps = screening.overlaps.map(\.shape)
        // The retained shape in the metric CRS, for the corner files of shrunk rights that keep
        // land (not every clear right: that cost the red line's `--out` a second) and for maps.
        // Where the overlay left a hair-thin wedge, the transform (edges densified) can make it
        // cross itself by a fraction of a millimetre: three in four of the red line's retained
        // shapes. Neither use needs it repaired: a corner file's gridding to 0.01 m removes the
        // crossing (`RetainedCornerFile.gridded`), a map only draws it. Repairing (GEOS's
        // GeometryFixer, ~0.5 ms a shape, 2 ms on a county map) was most of what `--out` added
        // to a red-line run, and half of the maps' cost on counties.
        let metricRetained = result.isShrunk && result.retainsLand || drawsMaps ? try zone.metricGeometry(retained) : nil
        let right = try screening.source.wkb()
        // In the rights' CRS only where it is more than the right or nothing (repairing the
        // slivers of a right wholly inside prohibited zones was most of the `--out` overhead).
        let retainedWKB = !result.isShrunk ? right
            : result.retainsLand ? try inRights(retained).validPolygonal().wkb() : try context.emptyPolygon().wkb()
        return RightShapes(
            right: right, overlaps: try overlaps.map { try inRights($0).wkb() },
            retained: retainedWKB,
            retainedInZone: try metricRetained.flatMap { shape in try zone.gaussKruger.map { ($0.epsg, try shape.wkb()) } },
            map: try metricRetained.flatMap { shape in
                drawsMaps ? try mapShapes(right: screening.right, overlaps: overlaps, metricRetained: shape,
                                          features: screening.mapFeatures, near: result.near, zone: zone) : nil
            })
    }

    /// The shapes of the right's map in the metric CRS: constraint features clipped to a window
    /// around the right that also shows every near feature.
    private func mapShapes(right overlayRight: Geometry, overlaps: [Geometry], metricRetained: Geometry,
                           features: [(layer: Int, index: Int, near: Bool)], near: [NearResult], zone: ScreenZone) throws -> RightMapShapes {
        let right = try zone.metricGeometry(overlayRight)
        let box = right.envelope() ?? Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
        let size = max(box.width, box.height, 100)
        let reach = max(size * 0.3, (near.map(\.distanceM).max() ?? 0) + size * 0.12)
        let window = Envelope(minX: box.minX - reach, minY: box.minY - reach, maxX: box.maxX + reach, maxY: box.maxY + reach)
        // The window in each layer's own CRS, once per layer and map (transforming bounds samples
        // their edges: 40 % of the features' cost when made for each).
        var nativeWindows: [Int: Envelope] = [:]
        let shapes = try features.compactMap { item -> RightMapShapes.Feature? in
            let nativeWindow = try nativeWindows[item.layer] ?? zone.metricToLayer(item.layer)?.transformBounds(window) ?? window
            nativeWindows[item.layer] = nativeWindow
            return try mapFeature(item, window: window, nativeWindow: nativeWindow, zone: zone)
        }
        return RightMapShapes(crsLabel: zone.metric.label, crsName: zone.metric.name, right: try right.wkb(),
                              overlaps: try overlaps.map { try zone.metricGeometry($0).wkb() },
                              retained: try metricRetained.wkb(), features: shapes, window: window)
    }

    /// One feature of a map: cut to the window (`nativeWindow` in its own CRS), then brought
    /// into the metric CRS.
    private func mapFeature(_ item: (layer: Int, index: Int, near: Bool), window: Envelope, nativeWindow: Envelope,
                            zone: ScreenZone) throws -> RightMapShapes.Feature? {
        let record = constraints[item.layer].records[item.index]
        var cut = try pieces.whole(layer: item.layer, index: item.index).clipped(to: nativeWindow).polygonalParts()
        if let transform = try zone.fromLayer(item.layer) { cut = try transform.transform(cut) }
        let clipped = try zone.metricGeometry(cut).clipped(to: window).polygonalParts()
        if clipped.isEmpty { return nil }
        return RightMapShapes.Feature(
            layer: constraints[item.layer].spec.name, featureID: record.id, featureName: record.name, class: record.classValue,
            severity: record.severity, near: item.near, wkb: try clipped.wkb())
    }
}
