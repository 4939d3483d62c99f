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
/// STRtrees and cache of prepared constraint geometries. Rights are handed out in chunks in
/// spatial order, so a worker's cache holds the features of one area at a time.
enum ScreenWorkers {
    static let chunkSize = 64

    static func run(rights: RightsInput, constraints: [ConstraintInput], plan: WorkPlan,
                    options: ScreenOptions, progress: ((String) -> Void)?) throws -> [RightOutcome?] {
        var outcomes = [RightOutcome?](repeating: nil, count: rights.records.count)
        let chunks = stride(from: 0, to: plan.order.count, by: chunkSize).map {
            Array(plan.order[$0..<min($0 + chunkSize, plan.order.count)])
        }
        let lock = NSLock()
        var nextChunk = 0
        var firstError: Error?
        var done = 0
        let workerCount = max(1, min(options.workers, chunks.count))
        let reportEvery = max(1000, rights.records.count / 20)
        DispatchQueue.concurrentPerform(iterations: workerCount) { _ in
            do {
                let worker = try ScreenWorker(rights: rights, constraints: constraints, plan: plan, options: options)
                while true {
                    lock.lock()
                    let index = nextChunk
                    nextChunk += 1
                    let stop = firstError != nil
                    lock.unlock()
                    if stop || index >= chunks.count { break }
                    var local: [(Int, RightOutcome)] = []
                    for rightIndex in chunks[index] {
                        local.append((rightIndex, try worker.screen(rightIndex)))
                    }
                    lock.lock()
                    for (rightIndex, outcome) in local { outcomes[rightIndex] = outcome }
                    let before = done
                    done += local.count
                    if let progress, done / reportEvery != before / reportEvery {
                        progress("screened \(done) of \(rights.records.count) rights")
                    }
                    lock.unlock()
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
    /// A constraint feature ready for tests in one working CRS.
    struct Materialized {
        let geometry: Geometry
        let prepared: PreparedGeometry
    }

    /// Per working CRS: the CRS, transforms into it, and its area calculator.
    final class Zone {
        let crs: SpatialReference
        let fromRights: CoordinateTransform?
        let toRights: CoordinateTransform?
        let fromLayer: [CoordinateTransform?]
        let areas: AreaCalculator
        let label: String
        let gaussKruger: GaussKrugerZone?

        init(crs: SpatialReference, rightsCRS: SpatialReference, layerCRSs: [SpatialReference]) throws {
            self.crs = crs
            let same = crs.isSame(as: rightsCRS)
            fromRights = same ? nil : try CoordinateTransform(from: rightsCRS, to: crs)
            toRights = same ? nil : try CoordinateTransform(from: crs, to: rightsCRS)
            fromLayer = try layerCRSs.map { $0.isSame(as: crs) ? nil : try CoordinateTransform(from: $0, to: crs) }
            areas = try AreaCalculator(crs: crs)
            label = crs.label
            gaussKruger = crs.epsg.flatMap { GaussKrugerZone.from(epsg: $0) }
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
    private var currentZone: Int?
    private var cache: [[Int: Materialized]]
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
            for record in layer.records { tree.insert(try context.rectangle(record.envelope)) }
            return tree
        }
        cache = Array(repeating: [:], count: constraints.count)
    }

    private func zone(_ key: Int, near longitude: Double) throws -> Zone {
        if key != currentZone {
            // Moving to another working CRS: the cached geometries of the last one go.
            cache = Array(repeating: [:], count: constraints.count)
            currentZone = key
        }
        if let zone = zones[key] { return zone }
        let crs = plan.projected ? rightsCRS : try GaussKruger.workingCRS(for: rightsCRS, longitude: longitude)
        let zone = try Zone(crs: crs, rightsCRS: rightsCRS, layerCRSs: layerCRSs)
        zones[key] = zone
        return zone
    }

    /// Reads, validates (repairs), transforms and prepares constraint feature `index` of `layer`.
    private func materialize(layer: Int, index: Int, zone: Zone) throws -> Materialized {
        if let done = cache[layer][index] { return done }
        let input = constraints[layer]
        let record = input.records[index]
        var geometry = try context.geometry(wkb: record.wkb)
        if !(try geometry.type().isPolygonal) { geometry = try geometry.polygonalParts() }
        if let problem = try geometry.validityProblem() {
            geometry = try geometry.makeValid()
            let key = "\(layer)\u{1}\(index)"
            if reported.insert(key).inserted {
                repairedConstraints.append(FeatureNote(layer: input.spec.name, id: record.id, reason: problem.description))
            }
        }
        if let transform = zone.fromLayer[layer] {
            do {
                geometry = try transform.transform(geometry)
            } catch {
                throw InputError("\(input.label) feature \(record.id): \(error)")
            }
        }
        let made = Materialized(geometry: geometry, prepared: try PreparedGeometry(geometry))
        cache[layer][index] = made
        return made
    }

    /// The envelope to query layer `layer` with: the right's envelope in the layer's CRS,
    /// grown by the layer's buffer (and a margin for curved edges after transformation).
    private func queryEnvelope(right: Geometry, layer: Int) throws -> Envelope? {
        var source = right
        if let transform = rightsToLayer[layer] { source = try transform.transform(right) }
        guard let envelope = source.envelope() else { return nil }
        let metres = (constraints[layer].spec.bufferM ?? 0) + 1
        let pad = constraints[layer].isGeographic ? metres / 50_000 : metres
        return Envelope(minX: envelope.minX - pad, minY: envelope.minY - pad, maxX: envelope.maxX + pad, maxY: envelope.maxY + pad)
    }

    func screen(_ rightIndex: Int) throws -> RightOutcome {
        let record = rights.records[rightIndex]
        let zone = try zone(plan.zoneOfRight[rightIndex], near: record.envelope.center.x)
        var outcome = RightOutcome(result: RightResult(
            id: record.id, name: record.name, fid: record.fid, areaM2: 0, areaMu: 0, areaHa: 0, verdict: .clear,
            overlaps: [], near: [], retainedAreaM2: 0, retainedAreaMu: 0, retainedAreaHa: 0, workingCRS: zone.label))
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
        var overlapShapes: [Geometry] = []
        var prohibitedShapes: [Geometry] = []
        var worst = Verdict.clear
        var mapFeatures: [(layer: Int, index: Int, near: Bool)] = []
        for layer in constraints.indices {
            guard let query = try queryEnvelope(right: source, layer: layer) else { continue }
            let candidates = trees[layer].query(try context.rectangle(query))
            let input = constraints[layer]
            for index in candidates {
                let feature = try materialize(layer: layer, index: index, zone: zone)
                let featureRecord = input.records[index]
                var overlapArea = Area.zero
                var overlapShape: Geometry?
                if try feature.prepared.intersects(right) {
                    if try feature.prepared.containsProperly(right) {
                        overlapArea = rightArea
                        overlapShape = right
                    } else {
                        let shape = try intersection(right, feature.geometry).polygonalParts()
                        if !shape.isEmpty {
                            overlapArea = try zone.areas.ellipsoidalArea(shape)
                            overlapShape = shape
                        }
                    }
                }
                if let shape = overlapShape, overlapArea.m2 >= options.minAreaM2 {
                    outcome.result.overlaps.append(OverlapResult(
                        layer: input.spec.name, featureID: featureRecord.id, featureName: featureRecord.name,
                        class: featureRecord.classValue, severity: featureRecord.severity,
                        areaM2: rounded(overlapArea.m2), areaMu: rounded(overlapArea.mu), areaHa: rounded(overlapArea.ha, 6),
                        share: rightArea.m2 > 0 ? min(1, rounded(overlapArea.m2 / rightArea.m2, 6)) : 0))
                    worst = max(worst, Verdict(featureRecord.severity))
                    if options.keepGeometries {
                        overlapShapes.append(shape)
                        mapFeatures.append((layer, index, false))
                    }
                    if featureRecord.severity == .prohibited { prohibitedShapes.append(shape) }
                    continue
                }
                if overlapArea.m2 > 0 { outcome.slivers += 1 }
                if let buffer = input.spec.bufferM {
                    let distance = overlapShape != nil ? 0 : try feature.prepared.distance(to: right)
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
        var retained = right
        var retainedArea = rightArea
        if !prohibitedShapes.isEmpty {
            let forbidden = try context.unaryUnion(prohibitedShapes)
            retained = try difference(right, forbidden).polygonalParts()
            retainedArea = retained.isEmpty ? .zero : try zone.areas.ellipsoidalArea(retained)
        }
        outcome.result.retainedAreaM2 = rounded(retainedArea.m2)
        outcome.result.retainedAreaMu = rounded(retainedArea.mu)
        outcome.result.retainedAreaHa = rounded(retainedArea.ha, 6)
        outcome.constraintRepairs = repairedConstraints
        repairedConstraints.removeAll()
        if options.keepGeometries {
            func back(_ geometry: Geometry) throws -> [UInt8] {
                try (zone.toRights.map { try $0.transform(geometry) } ?? geometry).wkb()
            }
            outcome.geometries = RightOutcome.Shapes(
                right: try source.wkb(), overlaps: try overlapShapes.map(back), retained: try back(retained),
                retainedInZone: try zone.gaussKruger.map { ($0.epsg, try retained.wkb()) },
                map: try mapShapes(right: right, overlaps: overlapShapes, retained: retained, features: mapFeatures,
                                   near: outcome.result.near, zone: zone))
        }
        return outcome
    }

    /// The shapes of the right's map in the working CRS: constraint features clipped to a window
    /// around the right that also shows every near feature.
    private func mapShapes(right: Geometry, overlaps: [Geometry], retained: Geometry,
                           features: [(layer: Int, index: Int, near: Bool)], near: [NearResult], zone: Zone) throws -> RightMapShapes {
        let box = right.envelope() ?? Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
        let size = max(box.width, box.height, 100)
        let reach = max(size * 0.3, (near.map(\.distanceM).max() ?? 0) + size * 0.12)
        let window = Envelope(minX: box.minX - reach, minY: box.minY - reach, maxX: box.maxX + reach, maxY: box.maxY + reach)
        let clip = try context.rectangle(window)
        var shapes: [RightMapShapes.Feature] = []
        for item in features {
            let record = constraints[item.layer].records[item.index]
            let feature = try materialize(layer: item.layer, index: item.index, zone: zone)
            let clipped = try intersection(feature.geometry, clip).polygonalParts()
            if clipped.isEmpty { continue }
            shapes.append(RightMapShapes.Feature(
                layer: constraints[item.layer].spec.name, featureID: record.id, featureName: record.name, class: record.classValue,
                severity: record.severity, near: item.near, wkb: try clipped.wkb()))
        }
        return RightMapShapes(crsLabel: zone.label, crsName: zone.crs.name, right: try right.wkb(), overlaps: try overlaps.map { try $0.wkb() },
                              retained: try retained.wkb(), features: shapes, window: window)
    }

    /// Overlay with a fallback: near-coincident borders can make GEOS fail ("non-noded
    /// intersection"); then the overlay is redone snapped to a 1 mm grid (metric CRS).
    private func intersection(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        do { return try a.intersection(b) } catch { return try a.intersection(b, gridSize: 0.001) }
    }

    private func difference(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        do { return try a.difference(b) } catch { return try a.difference(b, gridSize: 0.001) }
    }

    private func setArea(_ result: inout RightResult, _ area: Area) {
        result.areaM2 = rounded(area.m2)
        result.areaMu = rounded(area.mu)
        result.areaHa = rounded(area.ha, 6)
    }
}
