import Foundation

/// A footprint patch mined below the bottom or above the top of a licence block's elevation
/// range (超层越界).
public struct ElevationOverstep: Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case belowBottom = "below_bottom", aboveTop = "above_top"
    }
    public var patch: String
    public var block: String
    public var kind: Kind
    /// The patch's `elev_min` (below) or `elev_max` (above), metres.
    public var elevation: Double
    /// The block's licensed bottom (below) or top (above), metres.
    public var limit: Double
    /// Area of the patch inside that block.
    public var area: Area

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(patch, "patch")
        try c.put(block, "block")
        try c.put(kind, "kind")
        try c.put(elevation, "elevation")
        try c.put(limit, "limit")
        try c.encodeArea(area, "area")
    }
}

/// One mine at one check.
public struct MineCheck: Codable, Sendable {
    public var id: String
    public var name: String?
    public var blocks: Int
    public var patches: Int
    public var licensed: Area
    public var footprint: Area
    /// footprint − licensed boundary.
    public var outside: Area
    /// The part of `outside` that was not outside at the previous recorded check.
    public var newOutside: Area
    /// Date of the previous recorded check of this mine (with --ledger), nil when none.
    public var previousCheck: String?
    public var elevationOversteps: [ElevationOverstep]
    /// The footprint id matches no licence (counted wholly outside with --unmatched outside).
    public var unmatched: Bool
    public var licensedTop: Double?
    public var licensedBottom: Double?
    public var footprintElevMin: Double?
    public var footprintElevMax: Double?

    public var oversteps: Bool { outside.m2 > 0 }
    public var overstepsElevation: Bool { !elevationOversteps.isEmpty }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(id, "id")
        try c.putIfPresent(name, "name")
        try c.put(blocks, "blocks")
        try c.put(patches, "patches")
        try c.encodeArea(licensed, "licensed_area")
        try c.encodeArea(footprint, "footprint_area")
        try c.encodeArea(outside, "outside")
        try c.encodeArea(newOutside, "new_outside")
        try c.put(previousCheck, "previous_check")
        try c.put(oversteps, "overstep")
        try c.put(overstepsElevation, "elevation_overstep")
        try c.put(elevationOversteps, "elevation_oversteps")
        try c.put(elevationOversteps.filter { $0.kind == .belowBottom }.map(\.patch), "below_bottom_patches")
        try c.put(elevationOversteps.filter { $0.kind == .aboveTop }.map(\.patch), "above_top_patches")
        try c.put(unmatched, "unmatched")
        try c.put(licensedTop, "licensed_top")
        try c.put(licensedBottom, "licensed_bottom")
        try c.put(footprintElevMin, "footprint_elev_min")
        try c.put(footprintElevMax, "footprint_elev_max")
    }
}

public struct BoundarySummary: Codable, Sendable {
    public var mines = 0
    /// Mines with footprint outside the licence.
    public var overstepping = 0
    /// Mines with a patch below/above the licensed elevation range.
    public var elevationOverstepping = 0
    public var outside = Area.zero
    public var newOutside = Area.zero
    public var slivers = 0
    public var repaired = 0
    public var skipped = 0

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(mines, "mines")
        try c.put(overstepping, "overstepping")
        try c.put(elevationOverstepping, "elevation_overstepping")
        try c.encodeArea(outside, "outside")
        try c.encodeArea(newOutside, "new_outside")
        try c.put(slivers, "slivers")
        try c.put(repaired, "repaired")
        try c.put(skipped, "skipped")
    }
}

/// Everything `geocheck boundary --json` prints.
public struct BoundaryResult: Codable, Sendable {
    public var date: String
    public var licensedSource: String
    public var footprintSource: String
    public var workingCRS: String
    /// How the areas were computed (`--area-method`).
    public var areaMethod: AreaMethod = .geodesic
    /// Per source, the datum transformation PROJ used into the working CRS.
    public var transformations: [TransformationInfo] = []
    public var minAreaM2: Double
    public var mines: [MineCheck]
    /// Licence ids with no footprint in this check (not checked, not recorded).
    public var uncheckedLicences: [String]
    public var summary: BoundarySummary
    public var ledger: String?
    public var runID: String?
    public var repaired: [FeatureNote]
    public var skipped: [FeatureNote]

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put("boundary", "command")
        try c.put(date, "date")
        try c.put(licensedSource, "licensed_source")
        try c.put(footprintSource, "footprint_source")
        try c.put(workingCRS, "working_crs")
        try c.put(areaMethod, "area_method")
        try c.put(transformations, "transformations")
        try c.put(minAreaM2, "min_area_m2")
        try c.put(mines, "mines")
        try c.put(uncheckedLicences, "unchecked_licences")
        try c.put(summary, "summary")
        try c.put(ledger, "ledger")
        try c.put(runID, "run_id")
        try c.put(repaired, "repaired")
        try c.put(skipped, "skipped")
    }

    /// True when `--strict` should exit 3: a mine outside its licence or elevation range.
    public var hasFindings: Bool { summary.overstepping + summary.elevationOverstepping > 0 }
}

/// One mine's shapes in the working CRS, for the ledger and the writers.
public struct MineShapes {
    public var licence: Geometry
    public var footprint: Geometry
    /// footprint − licence (empty when a sliver).
    public var outside: Geometry
    /// The part of `outside` not outside at the previous recorded check.
    public var newOutside: Geometry
    /// The licence blocks (name, polygon) as loaded, for drawing each block's outline.
    public var licenceBlocks: [(name: String, geometry: Geometry)]
    /// The footprint patches (name, polygon), for drawing the ones mined outside the elevation range.
    public var footprintPatches: [(name: String, geometry: Geometry)]
}

/// A boundary check with its geometries (working CRS), for the ledger and the writers.
public struct BoundaryEvaluation {
    public var result: BoundaryResult
    public let crs: SpatialReference
    public let context: GEOSContext
    /// Per mine, in `result.mines` order.
    public var shapes: [MineShapes]
    let calculator: AreaCalculator
    var lastNewOutsideSlivers = 0
}

// MARK: - Decoding (the keys `encode(to:)` writes; derived keys are not read)

extension ElevationOverstep {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        patch = try c.get("patch")
        block = try c.get("block")
        kind = try c.get("kind")
        elevation = try c.get("elevation")
        limit = try c.get("limit")
        area = try c.decodeArea("area")
    }
}

extension MineCheck {
    /// Reads what `encode(to:)` writes; the derived keys (`overstep`, `*_patches` …) are not read.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        id = try c.get("id")
        name = try c.getIfPresent("name")
        blocks = try c.get("blocks")
        patches = try c.get("patches")
        licensed = try c.decodeArea("licensed_area")
        footprint = try c.decodeArea("footprint_area")
        outside = try c.decodeArea("outside")
        newOutside = try c.decodeArea("new_outside")
        previousCheck = try c.getIfPresent("previous_check")
        elevationOversteps = try c.get("elevation_oversteps")
        unmatched = try c.get("unmatched")
        licensedTop = try c.getIfPresent("licensed_top")
        licensedBottom = try c.getIfPresent("licensed_bottom")
        footprintElevMin = try c.getIfPresent("footprint_elev_min")
        footprintElevMax = try c.getIfPresent("footprint_elev_max")
    }
}

extension BoundarySummary {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        mines = try c.get("mines")
        overstepping = try c.get("overstepping")
        elevationOverstepping = try c.get("elevation_overstepping")
        outside = try c.decodeArea("outside")
        newOutside = try c.decodeArea("new_outside")
        slivers = try c.get("slivers")
        repaired = try c.get("repaired")
        skipped = try c.get("skipped")
    }
}

extension BoundaryResult {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        try c.expect("boundary", "command")
        date = try c.get("date")
        licensedSource = try c.get("licensed_source")
        footprintSource = try c.get("footprint_source")
        workingCRS = try c.get("working_crs")
        areaMethod = try c.get("area_method")
        transformations = try c.get("transformations")
        minAreaM2 = try c.get("min_area_m2")
        mines = try c.get("mines")
        uncheckedLicences = try c.get("unchecked_licences")
        summary = try c.get("summary")
        ledger = try c.getIfPresent("ledger")
        runID = try c.getIfPresent("run_id")
        repaired = try c.get("repaired")
        skipped = try c.get("skipped")
    }
}
