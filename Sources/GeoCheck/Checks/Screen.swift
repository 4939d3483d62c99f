import Foundation

/// Settings of a screening run.
public struct ScreenOptions: Sendable {
    /// Overlaps below this ellipsoidal area are numerical slivers (counted, not reported).
    public var minAreaM2: Double = 0.01
    /// Worker threads, each with its own GEOS context.
    public var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Keep result geometries for the writers (--out).
    public var keepGeometries = false
    /// With `keepGeometries`: build map shapes (`RightShapes.map`) for the worst this many
    /// flagged rights (`ScreenResult.flaggedOrder`, `--report-maps`); nil: for every right.
    public var maps: Int?
    /// `--assume-crs` for sources without one (a per-source `assume_crs` wins).
    public var assumeCRS: String?
    /// Overlay geographic rights in their own CRS (edges straight in longitude/latitude, as
    /// PostGIS, GeoPandas and DuckDB do) instead of the local Gauss-Krüger zone, also when some
    /// constraint layer is stored in another CRS (`--overlay-crs source`). When the rights and
    /// every layer share one geographic CRS, overlays run there anyway (`WorkPlan`). Areas stay
    /// the exact drawn-region areas either way; distances stay metric.
    public var overlayInSourceCRS = false
    /// How ellipsoidal areas are computed (`--area-method`, config `area_method`).
    public var areaMethod = AreaMethod.geodesic
    /// `--towgs84`: Bursa-Wolf parameters (Position Vector) for the sources in another datum
    /// than CGCS2000 / WGS 84 that have none of their own in the config.
    public var towgs84: [Double]?

    public init() {}
}

/// `geocheck screen`: every right against every constraint layer.
///
/// Data flow: `ScreenInputs` reads the rights and the constraint features near them once as WKB
/// and cuts big polygons into pieces of at most `Subdivision.maxVertices` vertices, indexed by
/// a `PieceIndex`; `evaluate` (no file opened) hands rights along a Hilbert curve to workers
/// (one GEOS context each, `ScreenWorker`), which overlay each right with the pieces near it in
/// the overlay CRS (`WorkPlan.overlayInRightsCRS`) and measure exact drawn-region areas; then
/// `assemble` makes the result value. A window wholly inside a feature settles the overlap (the
/// whole right) without any overlay.
public enum Screen {
    /// Reads the inputs, screens, and fails when no right could be screened.
    public static func run(rights spec: RightsSpec, layers specs: [ConstraintSpec], options: ScreenOptions = ScreenOptions(),
                           progress: (@Sendable (String) -> Void)? = nil) throws -> ScreenOutcome {
        var inputs = try ScreenInputs.read(rights: spec, layers: specs, options: options, progress: progress)
        let outcome = try evaluate(&inputs, options: options, progress: progress)
        try inputs.rights.requireScreened(outcome)
        // A fragmented layer's 160,000 records took ~15 ms to free, before the results could be
        // written: they are freed on another thread instead.
        releaseInBackground(inputs.takeConstraints())
        return outcome
    }

    /// Screens read rights against prepared constraint layers; opens no file. Without `--out`
    /// the rights' geometries are dropped once screened (`RightsInput.releaseGeometries`).
    static func evaluate(_ inputs: inout ScreenInputs, options: ScreenOptions, progress: (@Sendable (String) -> Void)?) throws -> ScreenOutcome {
        let (source, constraints) = (inputs.rights.source, inputs.constraints)
        // The layers' CRSs as read, not parsed again from their WKT (see `ScreenWorker.init`).
        let layerCRSs = constraints.map(\.crs)
        let plan = try WorkPlan(rights: inputs.rights.input, crs: source.crs, layerCRSs: layerCRSs,
                                overlayInSourceCRS: options.overlayInSourceCRS)
        let outcomes = try ScreenWorkers.run(rights: inputs.rights.input, constraints: constraints, plan: plan, options: options,
                                             progress: progress)
        progress?("screened \(inputs.rights.input.records.count) rights")
        // No map to draw: no step reads them again, and the rows are assembled beside them.
        if !options.keepGeometries { inputs.rights.input.releaseGeometries() }
        var (outcome, records) = assemble(rights: inputs.rights.input, constraints: constraints, outcomes: outcomes, options: options,
                                          crs: source.crs)
        try drawMaps(&outcome, records: records, rights: inputs.rights.input, constraints: constraints, plan: plan, options: options)
        let crss = [(source.crs, source.label)] + zip(layerCRSs, constraints.map(\.label)).map { ($0, $1) }
        outcome.result.transformations = try plan.workingCRSs(rightsCRS: source.crs)
            .flatMap { target in try crss.map { try CoordinateTransform.describe($0.0, to: target, source: $0.1) } }
            .reduce(into: [TransformationInfo]()) { if !$0.contains($1) { $0.append($1) } }
        return outcome
    }

    /// The result value from the workers' outcomes (in rights order), and for each result row
    /// the index of its right in `rights.records`.
    static func assemble(rights: RightsInput, constraints: [ConstraintInput], outcomes: [RightOutcome?],
                         options: ScreenOptions, crs: SpatialReference) -> (outcome: ScreenOutcome, records: [Int]) {
        var summary = ScreenSummary()
        var results: [RightResult] = []
        var records: [Int] = []
        var repaired = rights.repaired
        var skipped = rights.skipped
        var geometries = ScreenGeometries(crs: crs)
        var constraintRepairs: [String: FeatureNote] = [:]
        // Sized once: a million rights' rows would otherwise be copied as the arrays grow.
        results.reserveCapacity(outcomes.count)
        records.reserveCapacity(outcomes.count)
        if options.keepGeometries { geometries.rights.reserveCapacity(outcomes.count) }
        for (index, outcome) in outcomes.enumerated() {
            guard let outcome else { continue }
            if let note = outcome.skipped {
                skipped.append(note)
                continue
            }
            if let note = outcome.repaired { repaired.append(note) }
            for note in outcome.constraintRepairs { constraintRepairs["\(note.layer)\u{1}\(note.id)"] = note }
            summary.slivers += outcome.slivers
            var result = outcome.result
            result.fields = rights.records[index].fields
            summary.add(result)
            results.append(result)
            records.append(index)
            if let shapes = outcome.shapes { geometries.rights.append(shapes) }
        }
        repaired += constraintRepairs.values.sorted { ($0.layer, $0.id) < ($1.layer, $1.id) }
        summary.duplicates = rights.duplicates.count
        summary.repaired = repaired.count
        summary.skipped = skipped.count
        let result = ScreenResult(
            rightsSource: rights.label, minAreaM2: options.minAreaM2,
            layers: constraints.map { ScreenLayerInfo(name: $0.spec.name, source: $0.label, crs: $0.crsLabel, features: $0.records.count) },
            rights: results, summary: summary, duplicates: rights.duplicates, repaired: repaired, skipped: skipped,
            areaMethod: options.areaMethod)
        return (ScreenOutcome(result: result, geometries: options.keepGeometries ? geometries : nil), records)
    }

    /// The map shapes of the worst `options.maps` flagged rights, once they are ranked: those
    /// rights screened again (the same steps, so the same numbers and shapes) by a worker that
    /// draws maps, their shapes replaced by the fuller ones; on every worker (a map cuts whole
    /// features, dearer than the screening). Without a limit the workers drew every right's map
    /// in the first pass.
    static func drawMaps(_ outcome: inout ScreenOutcome, records: [Int], rights: RightsInput, constraints: [ConstraintInput],
                         plan: WorkPlan, options: ScreenOptions) throws {
        guard let limit = options.maps, outcome.geometries != nil else { return }
        let chosen = Array(outcome.result.flaggedOrder().prefix(limit))
        if chosen.isEmpty { return }
        let drawn = try ParallelMap.map(count: chosen.count, workers: options.workers, local: {
            try ScreenWorker(rights: rights, constraints: constraints, plan: plan, options: options, drawsMaps: true)
        }) { worker, index in try worker.screen(records[chosen[index]]).shapes }
        for (index, row) in chosen.enumerated() {
            if let shapes = drawn[index] { outcome.geometries?.rights[row] = shapes }
        }
    }
}

/// The rights as read: WKB in the source CRS, ids, names.
struct RightsInput {
    struct Record {
        var fid: Int64
        var id: String
        var name: String?
        /// Where the right's WKB is in `geometries`.
        fileprivate var wkb: WKBStore.Slot
        var envelope: Envelope
        /// The fields asked for with `--keep-fields`.
        var fields: KeptFields?
    }

    let label: String
    /// The rights' CRS as read (its datum parameters applied).
    let crs: SpatialReference
    private(set) var records: [Record] = []
    /// Every right's WKB, not an array per right (a million rights' arrays cost ~50 MB of
    /// headers and allocator slack).
    private var geometries = WKBStore()
    private var geometriesReleased = false
    var extent: Envelope?
    var duplicates: [String] = []
    var repaired: [FeatureNote] = []
    var skipped: [FeatureNote] = []

    static func read(_ source: SourceLayer, spec: RightsSpec) throws -> RightsInput {
        let fields = source.layer.fields
        let idName = try FeatureLoader.idField(requested: spec.idField, fields: fields, label: source.label)
        let idIndex = idName.flatMap { LoadedLayer.index(of: $0, in: fields) }
        var nameIndex: Int?
        if let nameField = spec.nameField {
            guard let index = LoadedLayer.index(of: nameField, in: fields) else {
                throw InputError("\(source.label): name field '\(nameField)' not found (fields: \(fields.map(\.name).joined(separator: ", ")))")
            }
            nameIndex = index
        }
        let kept = try spec.keepFields?.indices(in: fields, label: source.label)
        if let clause = spec.whereClause { try source.layer.setAttributeFilter(clause) }
        var input = RightsInput(label: source.label, crs: source.crs)
        var seen: [String: Int] = [:]
        try source.layer.forEachFeatureView(fields: [idIndex, nameIndex].compactMap { $0 } + (kept ?? [])) { record in
            let id = idIndex.map { record.values[$0].description } ?? String(record.fid)
            guard let wkb = record.wkb, let envelope = record.envelope else {
                input.skipped.append(FeatureNote(layer: source.label, id: id, reason: record.wkb == nil ? "no geometry" : "empty geometry"))
                return
            }
            do {
                try CoordinateRange.check(envelope, geographic: source.crs.isGeographic)
            } catch {
                throw InputError("\(source.label) feature \(id): \(error)")
            }
            seen[id, default: 0] += 1
            for repair in record.repairs { input.repaired.append(FeatureNote(layer: source.label, id: id, reason: repair)) }
            let name = nameIndex.map { record.values[$0].description }
            let keptFields = kept.map { KeptFields($0.map { KeptField(name: fields[$0].name, value: record.values[$0].description) }) }
            // Copied, not kept in the reader's batches: kept, a million rights' batches raised the
            // peak of 1,000,000 rights × counties from 842 to 990 MB (their other columns, and
            // the buffers GDAL grows them in).
            let slot = input.geometries.append(wkb)
            input.records.append(Record(fid: record.fid, id: id, name: name, wkb: slot, envelope: envelope, fields: keptFields))
            input.extent = input.extent.map { $0.union(envelope) } ?? envelope
        }
        input.duplicates = seen.filter { $0.value > 1 }.keys.sorted()
        return input
    }

    /// Drops every right's WKB once no step reads them (~150 MB at a million rights).
    mutating func releaseGeometries() {
        geometries = WKBStore()
        geometriesReleased = true
    }

    /// The WKB of right `index`, for the duration of `body`.
    func withWKB<T>(of index: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        guard !geometriesReleased else { throw InputError("internal error: \(label): the rights' geometries were released") }
        return try geometries.withBytes(records[index].wkb, body)
    }
}

/// A constraint layer as read: WKB in its own CRS, with id, name, class and severity per feature.
struct ConstraintInput {
    struct Record {
        var id: String
        var name: String?
        var classValue: String?
        var severity: Severity
        /// Where the feature's WKB is in `geometries`.
        var wkb: WKBStore.Slot
        var envelope: Envelope
    }

    var spec: ConstraintSpec
    let label: String
    /// The layer's CRS as read (its datum parameters applied), its label ("EPSG:4490": asked of
    /// PROJ once) and whether it is geographic (tested for every feature read).
    let crs: SpatialReference
    let crsLabel: String
    let isGeographic: Bool
    var records: [Record] = []
    /// Every feature's WKB (the features' own, or their protection zones'), read by `withWKB`.
    var geometries = WKBStore()
    /// The features cut into pieces of bounded size (`Subdivision`), and their index.
    var pieces: [ConstraintPiece] = [] {
        didSet { index = PieceIndex(pieces.map(\.envelope)) }
    }
    private(set) var index = PieceIndex([])

    init(spec: ConstraintSpec, label: String, crs: SpatialReference) {
        self.spec = spec
        self.label = label
        self.crs = crs
        crsLabel = crs.label
        isGeographic = crs.isGeographic
    }

    /// The WKB of feature `index`, for the duration of `body`.
    func withWKB<T>(of index: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try geometries.withBytes(records[index].wkb, body)
    }

    static func read(_ source: SourceLayer, spec: ConstraintSpec, rightsExtent: Envelope?, rightsCRS: SpatialReference) throws -> ConstraintInput {
        let fields = source.layer.fields
        func index(_ field: String?, _ what: String) throws -> Int? {
            guard let field else { return nil }
            guard let index = LoadedLayer.index(of: field, in: fields) else {
                throw InputError("\(source.label) (layer '\(spec.name)'): \(what) '\(field)' not found (fields: \(fields.map(\.name).joined(separator: ", ")))")
            }
            return index
        }
        var idIndex: Int? = try spec.idField.map { try index($0, "id_field") } ?? nil
        if spec.idField == nil, spec.defaultIDFields,
           let name = try FeatureLoader.idField(requested: nil, fields: fields, label: source.label) {
            idIndex = LoadedLayer.index(of: name, in: fields)
        }
        let nameIndex = try index(spec.nameField, "name_field")
        let classIndex = try index(spec.classField, "class_field")
        var input = ConstraintInput(spec: spec, label: source.label, crs: source.crs)
        // Keep only what can matter: features that meet the rights' box grown by a margin
        // (`near`). The driver's spatial index reads only those when the box leaves most of the
        // layer out; for rights spread over the layer its lookups cost more than the features
        // they skip (the red-line benchmark: 0.15 s through the index, which left out 22 of
        // 160,045 features, 0.10 s reading all). Either way each feature is tested here, by one
        // rule (drivers' filters test boxes or shapes): its box meets the window, and where the
        // box straddles the window's edge, its shape does.
        var near: ReadWindow?
        var indexed = false
        if let rightsExtent {
            let transform = try CoordinateTransform(from: rightsCRS, to: source.crs)
            var filter = try transform.transformBounds(rightsExtent)
            let margin = (spec.bufferM ?? 0) + (spec.protectM ?? 0) + 1000
            let pad = input.isGeographic ? margin / 50_000 : margin  // ≥ metres in degrees anywhere in China
            filter = Envelope(minX: filter.minX - pad, minY: filter.minY - pad, maxX: filter.maxX + pad, maxY: filter.maxY + pad)
            near = ReadWindow(box: filter)
            indexed = !Self.coversMostOf(source.layer.knownExtent, filter)
            if indexed { source.layer.setSpatialFilter(filter) }
        }
        defer { source.layer.setSpatialFilter(nil) }
        // Room for every feature at once when the whole layer is read: the array grown by
        // doubling faulted in ~20 MB more for the red line's 160,000 features.
        if !indexed { input.records.reserveCapacity(source.layer.knownFeatureCount ?? 0) }
        // The index hands features over in its own order: put back in layer (FID) order, so that a
        // right's overlaps come in the same order however the layer was read.
        var fids: [Int64] = []
        var arriving = Arriving()
        let zones = try spec.protectM.map { try ProtectionZones(radius: $0, crs: source.crs) }
        var areas = 0
        try source.layer.forEachFeatureView(fields: [idIndex, nameIndex, classIndex].compactMap { $0 }) { record in
            guard let wkb = record.wkb, var envelope = record.envelope else { return }
            let id = idIndex.map { record.values[$0].description } ?? String(record.fid)
            if record.owner !== arriving.owner {
                input.settle(arriving)
                arriving = Arriving(owner: record.owner, first: input.records.count)
            }
            arriving.delivered += wkb.count
            do {
                if let near, try !near.admits(wkb, envelope) { return }
            } catch {
                throw InputError("\(source.label) (layer '\(spec.name)') feature \(id): unreadable geometry: \(error)")
            }
            do {
                try CoordinateRange.check(envelope, geographic: input.isGeographic)
            } catch {
                throw InputError("\(source.label) (layer '\(spec.name)') feature \(id): \(error)")
            }
            let slot: WKBStore.Slot
            if let zones, record.kind.isBufferable {
                guard let zone = try zones.zone(wkb: wkb, envelope: envelope) else { return }
                slot = input.geometries.append(zone.wkb)
                envelope = zone.envelope
            } else {
                // Kept in the reader's batch (33 MB less written for the red line), unless less
                // than half of the batch is kept (`settle`).
                slot = input.geometries.append(wkb, owner: record.owner)
                arriving.kept += wkb.count
            }
            if record.kind == .polygon || (zones != nil && record.kind.isBufferable) { areas += 1 }
            let classValue = classIndex.map { record.values[$0].description }
            input.records.append(Record(id: id, name: nameIndex.map { record.values[$0].description },
                                        classValue: classValue, severity: spec.severity(forClass: classValue),
                                        wkb: slot, envelope: envelope))
            if indexed { fids.append(record.fid) }
        }
        input.settle(arriving)
        if indexed, zip(fids, fids.dropFirst()).contains(where: { $0 > $1 }) {
            input.records = fids.indices.sorted { fids[$0] < fids[$1] }.map { input.records[$0] }
        }
        if areas == 0 { try requireAreas(source, spec: spec) }
        return input
    }

    /// The reader's batch whose features are arriving: where its records start, and the WKB
    /// bytes it delivered and the layer kept in place.
    private struct Arriving {
        var owner: AnyObject?
        var first = 0
        var delivered = 0
        var kept = 0
    }

    /// Copies out the records kept in place in `batch` and lets the batch go when they are less
    /// than half of its WKB (a window that leaves most of a batch out): the layer then holds
    /// little more than what it keeps.
    private mutating func settle(_ batch: Arriving) {
        guard let owner = batch.owner, batch.kept > 0, 2 * batch.kept < batch.delivered else { return }
        for index in batch.first..<records.count { records[index].wkb = geometries.copy(records[index].wkb) }
        geometries.letGo(owner)
    }

    /// The rights' box grown by the margin, in a layer's CRS: a feature is read when its box
    /// meets it and, where the box straddles its edge, its shape does (a prepared rectangle,
    /// made at the first such feature).
    final class ReadWindow {
        let box: Envelope
        private var shape: PreparedGeometry?

        init(box: Envelope) { self.box = box }

        func admits(_ wkb: UnsafeRawBufferPointer, _ envelope: Envelope) throws -> Bool {
            guard envelope.intersects(box) else { return false }
            if box.contains(envelope) { return true }
            let rectangle = try shape ?? PreparedGeometry(try GEOSContext().rectangle(box))
            shape = rectangle
            return try rectangle.intersects(try rectangle.geometry.context.geometry(wkb: wkb))
        }
    }

    /// True when `window` covers at least half of the layer's `extent` (known without reading
    /// the features); false when the extent is unknown or empty.
    static func coversMostOf(_ extent: Envelope?, _ window: Envelope) -> Bool {
        guard let extent, extent.width > 0, extent.height > 0 else { return false }
        let width = min(extent.maxX, window.maxX) - max(extent.minX, window.minX)
        let height = min(extent.maxY, window.maxY) - max(extent.minY, window.minY)
        return width > 0 && height > 0 && width * height >= 0.5 * extent.width * extent.height
    }

    /// A layer that yields no area to screen against would leave every right silently clear:
    /// an error naming the layer and what it holds (counted over the whole layer, so a layer
    /// whose areas all lie away from the rights passes).
    static func requireAreas(_ source: SourceLayer, spec: ConstraintSpec) throws {
        if source.layer.declaresPolygons { return }
        let census = try source.layer.geometryCensus()
        let bufferable = census[.point] + census[.openLine]
        if census[.polygon] > 0 || (spec.protectM != nil && bufferable > 0) { return }
        var message = "layer \(spec.name) (\(source.label)): \(census): nothing to screen against"
        if bufferable > 0 {
            message += spec.fromCommandLine
                ? "; points and lines need a protection radius, which --against cannot give: use --config with 'protect_m: N' for this layer"
                : "; give this layer 'protect_m: N' (protection radius in metres) in the config to screen against its points and lines"
        } else if census[.none] > 0 {
            message += "; its geometry was not read (CSV: a WKT column named WKT or geometry; XLSX holds no geometry — convert to GeoPackage)"
        }
        throw InputError(message)
    }
}

/// How rights are grouped into working CRSs: the rights' own CRS when projected; else the
/// CGCS2000 3° Gauss-Krüger zone (or a local transverse Mercator) of each right's centre.
/// Rights are processed along a Hilbert curve through their centres, so that consecutive
/// rights share their constraint features (and workers' caches stay small).
struct WorkPlan {
    /// Working CRS key per right (a zone number, or 0 for the rights' projected CRS).
    let zoneOfRight: [Int]
    /// Rights indices in processing order.
    let order: [Int]
    let projected: Bool
    /// Overlays run in the rights' own CRS: when it is projected, when asked for
    /// (`--overlay-crs source`), and when the rights and every constraint layer are stored in the
    /// same geographic CRS — their edges are straight there, so no edge needs densifying and
    /// areas are exact (`LonLatArea`). Otherwise in the Gauss-Krüger zone of each right.
    let overlayInRightsCRS: Bool

    init(rights: RightsInput, crs: SpatialReference, layerCRSs: [SpatialReference], overlayInSourceCRS: Bool) throws {
        projected = crs.isProjected
        overlayInRightsCRS = projected || overlayInSourceCRS
            || (crs.isGeographic && layerCRSs.allSatisfy { $0.isSame(as: crs) })
        if projected {
            zoneOfRight = Array(repeating: 0, count: rights.records.count)
        } else {
            zoneOfRight = try rights.records.map { record in
                do {
                    return try GaussKruger.zone3(longitude: record.envelope.center.x)
                } catch {
                    throw InputError("\(rights.label) feature \(record.id): \(error)")
                }
            }
        }
        guard let extent = rights.extent else {
            order = []
            return
        }
        let keys = rights.records.map { record -> UInt64 in
            let (x, y) = record.envelope.center
            let scale = 65_535.0
            let gx = extent.width > 0 ? UInt32(((x - extent.minX) / extent.width * scale).rounded()) : 0
            let gy = extent.height > 0 ? UInt32(((y - extent.minY) / extent.height * scale).rounded()) : 0
            return WorkPlan.hilbertIndex(x: gx, y: gy, order: 16)
        }
        order = rights.records.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
    }

    /// The CRSs rights and constraint features are transformed into: the rights' own CRS where
    /// overlays run there (`overlayInRightsCRS`), and the Gauss-Krüger zones of the rights
    /// (distances, corner files) when it is geographic.
    func workingCRSs(rightsCRS: SpatialReference) throws -> [SpatialReference] {
        var crss: [SpatialReference] = []
        if projected { return [rightsCRS] }
        if overlayInRightsCRS { crss.append(rightsCRS) }
        for zone in Set(zoneOfRight).sorted() {
            crss.append(try WorkingCRS.crs(for: rightsCRS, longitude: Double(zone * 3)))
        }
        return crss
    }

    /// Position of cell (x, y) along the Hilbert curve filling a 2^order grid, order 1…16
    /// (coordinates below 2^order): without a loop over the levels or a branch, by the prefix
    /// scan of the curve's rotations over the bits (the "fast Hilbert curve" construction of
    /// rawrunprotected.org, public domain), ~60 operations instead of ~500 — 160,000 pieces'
    /// keys are computed for each index.
    static func hilbertIndex(x: UInt32, y: UInt32, order: Int) -> UInt64 {
        let x = (x << (16 - order)) & 0xFFFF, y = (y << (16 - order)) & 0xFFFF
        // The state of each bit position after the levels above it, as four masks…
        var (a, b, c, d) = (x ^ y, 0xFFFF ^ (x ^ y), 0xFFFF ^ (x | y), x & (y ^ 0xFFFF))
        var (pa, pb, pc, pd) = (a | (b >> 1), (a >> 1) ^ a, ((c >> 1) ^ (b & (d >> 1))) ^ c, ((a & (c >> 1)) ^ (d >> 1)) ^ d)
        // …combined over 2, 4 and 8 levels at once.
        for shift: UInt32 in [2, 4] {
            (a, b, c, d) = (pa, pb, pc, pd)
            pa = (a & (a >> shift)) ^ (b & (b >> shift))
            pb = (a & (b >> shift)) ^ (b & ((a ^ b) >> shift))
            pc ^= (a & (c >> shift)) ^ (b & (d >> shift))
            pd ^= (b & (c >> shift)) ^ ((a ^ b) & (d >> shift))
        }
        (a, b, c, d) = (pa, pb, pc, pd)
        pc ^= (a & (c >> 8)) ^ (b & (d >> 8))
        pd ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8))
        let low = x ^ y
        let high = (pd ^ (pd >> 1)) | (0xFFFF ^ (low | (pc ^ (pc >> 1))))
        return UInt64((interleaved(high) << 1 | interleaved(low)) >> (32 - 2 * UInt32(order)))
    }

    /// The 16 low bits of `bits` spread to the even bit positions.
    private static func interleaved(_ bits: UInt32) -> UInt32 {
        var bits = bits
        bits = (bits | (bits << 8)) & 0x00FF_00FF
        bits = (bits | (bits << 4)) & 0x0F0F_0F0F
        bits = (bits | (bits << 2)) & 0x3333_3333
        bits = (bits | (bits << 1)) & 0x5555_5555
        return bits
    }
}
