import Foundation

/// What a worker found for one right.
struct RightOutcome {
    struct Shapes {
        var right: [UInt8]
        var overlaps: [[UInt8]]
        var retained: [UInt8]
        var retainedInZone: (epsg: Int, wkb: [UInt8])?
        var map: RightMapShapes?
    }

    var result: RightResult
    var repaired: FeatureNote?
    var skipped: FeatureNote?
    var constraintRepairs: [FeatureNote] = []
    var slivers = 0
    var geometries: Shapes?
}

/// Runs the screening over worker threads, each with its own GEOS context, transforms,
/// STRtrees over the constraint pieces and cache of parsed pieces. Rights are handed out in
/// chunks along a Hilbert curve, so a worker's cache holds the pieces of one area at a time.
enum ScreenWorkers {
    static let chunkSize = 64

    static func run(rights: RightsInput, constraints: [ConstraintInput], plan: WorkPlan,
                    options: ScreenOptions, progress: ((String) -> Void)?) throws -> [RightOutcome?] {
        var outcomes = [RightOutcome?](repeating: nil, count: rights.records.count)
        let chunks = stride(from: 0, to: plan.order.count, by: chunkSize).map {
            Array(plan.order[$0..<min($0 + chunkSize, plan.order.count)])
        }
        let lock = NSLock()
        var claimed = [Bool](repeating: false, count: chunks.count)
        var firstError: Error?
        var done = 0
        let workerCount = max(1, min(options.workers, chunks.count))
        let reportEvery = max(chunkSize, rights.records.count / 100)  // about every 1 %
        // Each worker starts at its own part of the Hilbert curve and walks along it, taking the
        // next chunk nobody has claimed: neighbouring rights stay on one worker and its cache.
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            do {
                let screener = try ScreenWorker(rights: rights, constraints: constraints, plan: plan, options: options)
                var cursor = worker * chunks.count / workerCount
                while true {
                    lock.lock()
                    var index: Int?
                    if firstError == nil {
                        for step in 0..<chunks.count {
                            let candidate = (cursor + step) % chunks.count
                            if !claimed[candidate] {
                                index = candidate
                                claimed[candidate] = true
                                break
                            }
                        }
                    }
                    lock.unlock()
                    guard let index else { break }
                    cursor = index + 1
                    var local: [(Int, RightOutcome)] = []
                    for rightIndex in chunks[index] {
                        local.append((rightIndex, try screener.screen(rightIndex)))
                    }
                    lock.lock()
                    for (rightIndex, outcome) in local { outcomes[rightIndex] = outcome }
                    let before = done
                    done += local.count
                    let report = done / reportEvery != before / reportEvery ? done : nil
                    lock.unlock()
                    // Outside the lock: a slow progress display never holds up the other workers.
                    if let progress, let report { progress("screened \(report) of \(rights.records.count) rights") }
                }
            } catch {
                lock.lock()
                if firstError == nil { firstError = error }
                lock.unlock()
            }
        }
        if let firstError { throw firstError }
        return outcomes
    }
}

/// One worker's state. Everything here belongs to the worker's thread.
final class ScreenWorker {
    /// Per working CRS: where overlays run (`crs`), the metric CRS for distances and corner
    /// files (`metric`, the same unless overlays run in geographic source coordinates),
    /// transforms into them, and the area calculator.
    final class Zone {
        let crs: SpatialReference
        let metric: SpatialReference
        let fromRights: CoordinateTransform?
        let toRights: CoordinateTransform?
        let fromLayer: [CoordinateTransform?]
        /// Overlay CRS → metric CRS, when they differ.
        let toMetric: CoordinateTransform?
        let areas: AreaCalculator
        let label: String
        let gaussKruger: GaussKrugerZone?

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
        }

        /// A geometry of the overlay CRS in the metric CRS.
        func metricGeometry(_ geometry: Geometry) throws -> Geometry {
            try toMetric.map { try $0.transform(geometry) } ?? geometry
        }
    }

    let context: GEOSContext
    let rights: RightsInput
    let constraints: [ConstraintInput]
    let plan: WorkPlan
    let options: ScreenOptions
    let rightsCRS: SpatialReference
    let layerCRSs: [SpatialReference]
    /// Rights CRS → layer CRS, for candidate queries (nil when the same CRS).
    let rightsToLayer: [CoordinateTransform?]
    let trees: [STRtree]
    private var zones: [Int: Zone] = [:]
    /// Parsed pieces (and whole features, see `whole`), least recently used dropped first.
    private struct CacheKey: Hashable {
        let layer: Int
        let index: Int
        let whole: Bool
    }
    private var cache: [CacheKey: Geometry] = [:]
    /// Last use (a tick) of each cached geometry, and the vertices the cache holds.
    private var lastUse: [CacheKey: Int] = [:]
    private var tick = 0
    private var cachedVertices = 0
    /// Cache budget per worker, in vertices.
    static let cacheVertexBudget = 2_000_000
    private var repairedConstraints: [FeatureNote] = []
    private var reported = Set<String>()

    init(rights: RightsInput, constraints: [ConstraintInput], plan: WorkPlan, options: ScreenOptions) throws {
        let context = try GEOSContext()
        self.context = context
        self.rights = rights
        self.constraints = constraints
        self.plan = plan
        self.options = options
        let rightsCRS = try SpatialReference(rights.crsWKT)
        let layerCRSs = try constraints.map { try SpatialReference($0.crsWKT) }
        self.rightsCRS = rightsCRS
        self.layerCRSs = layerCRSs
        rightsToLayer = try layerCRSs.map { $0.isSame(as: rightsCRS) ? nil : try CoordinateTransform(from: rightsCRS, to: $0) }
        trees = try constraints.map { layer in
            let tree = try STRtree(context: context)
            for piece in layer.pieces { tree.insert(try context.rectangle(piece.envelope)) }
            return tree
        }
    }

    private func zone(_ key: Int, near longitude: Double) throws -> Zone {
        if let zone = zones[key] { return zone }
        let metric = plan.projected ? rightsCRS : try GaussKruger.workingCRS(for: rightsCRS, longitude: longitude)
        let overlay = options.overlayInSourceCRS ? rightsCRS : metric
        let zone = try Zone(crs: overlay, metric: metric, rightsCRS: rightsCRS, layerCRSs: layerCRSs, areaMethod: options.areaMethod)
        zones[key] = zone
        return zone
    }

    /// Piece `index` of `layer` (see `Subdivision`) in the layer's own CRS; cached for this worker.
    private func piece(layer: Int, index: Int) throws -> Geometry {
        try cached(CacheKey(layer: layer, index: index, whole: false), wkb: constraints[layer].pieces[index].wkb,
                   feature: constraints[layer].pieces[index].feature)
    }

    /// Feature `index` of `layer` whole, in its own CRS; cached for this worker.
    private func whole(layer: Int, index: Int) throws -> Geometry {
        try cached(CacheKey(layer: layer, index: index, whole: true), wkb: constraints[layer].records[index].wkb, feature: index)
    }

    private func cached(_ key: CacheKey, wkb: [UInt8], feature: Int) throws -> Geometry {
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
        cachedVertices += geometry.coordinateCount
        if cachedVertices > Self.cacheVertexBudget { evict() }
        cache[key] = geometry
        lastUse[key] = tick
        return geometry
    }

    /// Drops the least recently used geometries until the cache is at half its budget.
    private func evict() {
        for (key, _) in lastUse.sorted(by: { $0.value < $1.value }) where cachedVertices > Self.cacheVertexBudget / 2 {
            if let gone = cache.removeValue(forKey: key) { cachedVertices -= gone.coordinateCount }
            lastUse.removeValue(forKey: key)
        }
    }

    /// A cut of a constraint feature (its own CRS) in the working CRS, valid: repaired, and
    /// noted once per feature, when the feature is invalid there.
    private func local(_ cut: Geometry, layer: Int, feature: Int, zone: Zone) throws -> Geometry {
        var piece = try cut.polygonalParts()
        if piece.isEmpty { return piece }
        let record = constraints[layer].records[feature]
        if let transform = zone.fromLayer[layer] {
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


    /// Margin (in metres) around a right's window: straight edges in a feature's own CRS and in
    /// the working CRS may disagree about where the right is — the two images of an edge of
    /// length L differ by about L²·tanφ/(8R), under 3 m for the 10 km edges of a 20 km² right —
    /// so a feature is cut with room to spare before it is transformed.
    static let marginM = 50.0

    /// The right's working-CRS bounding box grown by `metres`, in the feature layer's CRS.
    private func window(_ source: Geometry, layer: Int, metres: Double) throws -> Envelope? {
        var shape = source
        if let transform = rightsToLayer[layer] { shape = try transform.transform(source) }
        guard let envelope = shape.envelope() else { return nil }
        if !constraints[layer].isGeographic { return envelope.expanded(dx: metres, dy: metres) }
        let latitude = min(89, max(abs(envelope.minY), abs(envelope.maxY))) * .pi / 180
        let dy = metres / 110_000
        return envelope.expanded(dx: dy / cos(latitude), dy: dy)
    }

    func screen(_ rightIndex: Int) throws -> RightOutcome {
        let record = rights.records[rightIndex]
        let zone = try zone(plan.zoneOfRight[rightIndex], near: record.envelope.center.x)
        var outcome = RightOutcome(result: RightResult(
            id: record.id, name: record.name, fid: record.fid, areaM2: 0, areaMu: 0, areaHa: 0, verdict: .clear,
            overlaps: [], near: [], overlapAreaM2: 0, overlapAreaMu: 0, overlapAreaHa: 0,
            retainedAreaM2: 0, retainedAreaMu: 0, retainedAreaHa: 0, workingCRS: zone.label))
        var source = try context.geometry(wkb: record.wkb)
        if !(try source.type().isPolygonal) {
            source = try source.polygonalParts()
            if source.isEmpty {
                outcome.skipped = FeatureNote(layer: rights.label, id: record.id, reason: "not a polygon")
                return outcome
            }
        }
        if let problem = try source.validityProblem() {
            source = try source.makeValid()
            if source.isEmpty {
                outcome.skipped = FeatureNote(layer: rights.label, id: record.id, reason: "invalid and empty after repair: \(problem.description)")
                return outcome
            }
            outcome.repaired = FeatureNote(layer: rights.label, id: record.id, reason: problem.description)
        }
        let right: Geometry
        do {
            right = try zone.fromRights.map { try $0.transform(source) } ?? source
        } catch {
            throw InputError("\(rights.label) feature \(record.id): \(error)")
        }
        let rightArea = try zone.areas.ellipsoidalArea(right)
        setArea(&outcome.result, rightArea)
        // The right in the metric CRS, for distances: made once, when first needed.
        var metricRightCache: Geometry?
        func metricRight() throws -> Geometry {
            if let made = metricRightCache { return made }
            let made = try zone.metricGeometry(right)
            metricRightCache = made
            return made
        }
        var overlapShapes: [Geometry] = []
        var prohibitedShapes: [Geometry] = []
        var worst = Verdict.clear
        var mapFeatures: [(layer: Int, index: Int, near: Bool)] = []
        for layer in constraints.indices {
            let input = constraints[layer]
            let buffer = input.spec.bufferM ?? 0
            // The window around the right (grown by the margin and the layer's buffer, in the
            // layer's CRS) is both the index query and the cut.
            guard let window = try window(source, layer: layer, metres: Self.marginM + buffer) else { continue }
            let candidates = trees[layer].query(try context.rectangle(window))
            // Candidate pieces, grouped by feature (in feature order).
            var piecesOf: [Int: [Int]] = [:]
            for candidate in candidates { piecesOf[input.pieces[candidate].feature, default: []].append(candidate) }
            for index in piecesOf.keys.sorted() {
                let featureRecord = input.records[index]
                // Cut each piece down to the window around the right: a window wholly inside a
                // piece means the right is inside the feature; otherwise the cut, transformed
                // into the working CRS, is intersected with the right there.
                var overlapArea = Area.zero
                var overlapShape: Geometry?
                var shapes: [Geometry] = []
                var locals: [Geometry] = []
                var inside = false
                var cuts: [Geometry] = []
                for pieceIndex in piecesOf[index] ?? [] {
                    let cut = try piece(layer: layer, index: pieceIndex).clipped(to: window)
                    if cut.isEmpty { continue }
                    if try isWindow(cut, window) {
                        inside = true
                        break
                    }
                    cuts.append(cut)
                }
                // Where the window spans several pieces, the whole feature is cut instead: the
                // pieces' cut lines would add vertices on its edges, and an extra vertex on a long
                // edge moves a geodesic (or transformed) area.
                if !inside, !cuts.isEmpty {
                    let cut = cuts.count == 1 ? cuts[0] : try whole(layer: layer, index: index).clipped(to: window)
                    if try isWindow(cut, window) {
                        inside = true
                    } else {
                        let local = try self.local(cut, layer: layer, feature: index, zone: zone)
                        if !local.isEmpty {
                            locals.append(local)
                            if try local.intersects(right) {
                                let shape = try intersection(right, local).polygonalParts()
                                if !shape.isEmpty {
                                    overlapArea = try zone.areas.ellipsoidalArea(shape)
                                    shapes.append(shape)
                                }
                            }
                        }
                    }
                }
                if inside {
                    overlapArea = rightArea
                    overlapShape = right
                } else if let shape = shapes.first {
                    overlapShape = shape
                } else if locals.isEmpty {
                    continue
                }
                if let shape = overlapShape, overlapArea.m2 >= options.minAreaM2 {
                    outcome.result.overlaps.append(OverlapResult(
                        layer: input.spec.name, featureID: featureRecord.id, featureName: featureRecord.name,
                        class: featureRecord.classValue, severity: featureRecord.severity,
                        areaM2: rounded(overlapArea.m2), areaMu: rounded(overlapArea.mu), areaHa: rounded(overlapArea.ha, 8),
                        share: rightArea.m2 > 0 ? min(1, rounded(overlapArea.m2 / rightArea.m2, 6)) : 0))
                    worst = max(worst, Verdict(featureRecord.severity))
                    overlapShapes.append(shape)
                    if options.keepGeometries { mapFeatures.append((layer, index, false)) }
                    if featureRecord.severity == .prohibited { prohibitedShapes.append(shape) }
                    continue
                }
                if overlapArea.m2 > 0 { outcome.slivers += 1 }
                if input.spec.bufferM != nil {
                    let distance = overlapShape != nil ? 0
                        : try locals.map { try zone.metricGeometry($0).distance(to: try metricRight()) }.min() ?? 0
                    if distance <= buffer {
                        outcome.result.near.append(NearResult(layer: input.spec.name, featureID: featureRecord.id,
                                                              featureName: featureRecord.name, class: featureRecord.classValue,
                                                              distanceM: rounded(distance, 2)))
                        worst = max(worst, .near)
                        if options.keepGeometries { mapFeatures.append((layer, index, true)) }
                    }
                }
            }
        }
        outcome.result.verdict = worst
        outcome.result.near.sort { $0.distanceM < $1.distanceM }
        // Retained = the right minus its prohibited overlaps; protected = the union of all its
        // overlaps. The common cases need no overlay: a right wholly inside a zone, or one zone.
        var retained = right
        var retainedArea = rightArea
        if prohibitedShapes.contains(where: { $0 === right }) {
            retained = try context.emptyPolygon()
            retainedArea = .zero
        } else if prohibitedShapes.count == 1, !options.keepGeometries,
                  let only = outcome.result.overlaps.first(where: { $0.severity == .prohibited }) {
            retainedArea = Area(m2: max(0, rightArea.m2 - only.areaM2))
        } else if !prohibitedShapes.isEmpty {
            let forbidden = try context.unaryUnion(prohibitedShapes)
            retained = try difference(right, forbidden).polygonalParts()
            retainedArea = retained.isEmpty ? .zero : try zone.areas.ellipsoidalArea(retained)
        }
        // Protected land in the right, counted once where zones of several layers overlap.
        var protectedArea = Area.zero
        if overlapShapes.contains(where: { $0 === right }) {
            protectedArea = rightArea
        } else if overlapShapes.count == 1 {
            protectedArea = Area(m2: outcome.result.overlaps[0].areaM2)
        } else if overlapShapes.count == prohibitedShapes.count, overlapShapes.count > 1 {
            protectedArea = Area(m2: max(0, rightArea.m2 - retainedArea.m2))
        } else if overlapShapes.count > 1 {
            protectedArea = min(rightArea, try zone.areas.ellipsoidalArea(try context.unaryUnion(overlapShapes)))
        }
        outcome.result.overlapAreaM2 = rounded(protectedArea.m2)
        outcome.result.overlapAreaMu = rounded(protectedArea.mu)
        outcome.result.overlapAreaHa = rounded(protectedArea.ha, 8)
        outcome.result.retainedAreaM2 = rounded(retainedArea.m2)
        outcome.result.retainedAreaMu = rounded(retainedArea.mu)
        outcome.result.retainedAreaHa = rounded(retainedArea.ha, 8)
        outcome.constraintRepairs = repairedConstraints
        repairedConstraints.removeAll()
        if options.keepGeometries {
            func back(_ geometry: Geometry) throws -> [UInt8] {
                try (zone.toRights.map { try $0.transform(geometry) } ?? geometry).wkb()
            }
            outcome.geometries = RightOutcome.Shapes(
                right: try source.wkb(), overlaps: try overlapShapes.map(back), retained: try back(retained),
                retainedInZone: try zone.gaussKruger.map { ($0.epsg, try zone.metricGeometry(retained).wkb()) },
                map: try mapShapes(right: right, overlaps: overlapShapes, retained: retained, features: mapFeatures,
                                   near: outcome.result.near, zone: zone))
        }
        return outcome
    }

    /// The shapes of the right's map in the working CRS: constraint features clipped to a window
    /// around the right that also shows every near feature.
    private func mapShapes(right overlayRight: Geometry, overlaps: [Geometry], retained: Geometry,
                           features: [(layer: Int, index: Int, near: Bool)], near: [NearResult], zone: Zone) throws -> RightMapShapes {
        let right = try zone.metricGeometry(overlayRight)
        let box = right.envelope() ?? Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
        let size = max(box.width, box.height, 100)
        let reach = max(size * 0.3, (near.map(\.distanceM).max() ?? 0) + size * 0.12)
        let window = Envelope(minX: box.minX - reach, minY: box.minY - reach, maxX: box.maxX + reach, maxY: box.maxY + reach)
        let clip = try context.rectangle(window)
        var shapes: [RightMapShapes.Feature] = []
        for item in features {
            let record = constraints[item.layer].records[item.index]
            // The window in the feature's own CRS, cut there, then brought into the metric CRS.
            let nativeWindow = try CoordinateTransform(from: zone.metric, to: layerCRSs[item.layer]).transformBounds(window)
            var cut = try whole(layer: item.layer, index: item.index).clipped(to: nativeWindow).polygonalParts()
            if let transform = zone.fromLayer[item.layer] { cut = try transform.transform(cut) }
            let clipped = try intersection(try zone.metricGeometry(cut), clip).polygonalParts()
            if clipped.isEmpty { continue }
            shapes.append(RightMapShapes.Feature(
                layer: constraints[item.layer].spec.name, featureID: record.id, featureName: record.name, class: record.classValue,
                severity: record.severity, near: item.near, wkb: try clipped.wkb()))
        }
        return RightMapShapes(crsLabel: zone.metric.label, crsName: zone.metric.name, right: try right.wkb(),
                              overlaps: try overlaps.map { try zone.metricGeometry($0).wkb() },
                              retained: try zone.metricGeometry(retained).wkb(), features: shapes, window: window)
    }

    /// Overlay with a fallback: near-coincident borders can make GEOS fail ("non-noded
    /// intersection"); then the overlay is redone snapped to a 1 mm grid (metric CRS).
    /// True when a clipped feature is the whole window: the window lies inside the feature.
    private func isWindow(_ cut: Geometry, _ window: Envelope) throws -> Bool {
        guard cut.coordinateCount == 5, try cut.type() == .polygon, let envelope = cut.envelope() else { return false }
        return envelope == window
    }

    private func intersection(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        do { return try a.intersection(b) } catch { return try a.intersection(b, gridSize: 0.001) }
    }

    private func difference(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        do { return try a.difference(b) } catch { return try a.difference(b, gridSize: 0.001) }
    }

    private func setArea(_ result: inout RightResult, _ area: Area) {
        result.areaM2 = rounded(area.m2)
        result.areaMu = rounded(area.mu)
        result.areaHa = rounded(area.ha, 8)
    }
}
