import Foundation

/// Reclamation progress of one month: done that month and done up to its end.
public struct MonthProgress: Codable, Sendable {
    public var month: String
    public var done: Area
    public var cumulative: Area

    public init(month: String, done: Area, cumulative: Area) {
        self.month = month
        self.done = done
        self.cumulative = cumulative
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(month, "month")
        try c.encodeArea(done, "done")
        try c.encodeArea(cumulative, "cumulative")
    }
}

public enum TaskStatus: String, Codable, Sendable {
    case done, onTrack = "on_track", overdue
}

public struct TaskCheck: Codable, Sendable {
    public var id: String
    public var name: String?
    /// The `planned_mu` field, else the task polygon's area.
    public var planned: Area
    /// "field" or "polygon".
    public var plannedFrom: String
    public var taskArea: Area
    /// Union of the patches dated on or before --as-of, clipped to the task.
    public var done: Area
    public var remaining: Area
    public var shareDone: Double
    public var deadline: String?
    public var status: TaskStatus
    /// Patches counted (dated on or before --as-of) and left out (later).
    public var patches: Int
    public var laterPatches: Int
    public var byMonth: [MonthProgress]

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(id, "id")
        try c.put(name, "name")
        try c.encodeArea(planned, "planned")
        try c.put(plannedFrom, "planned_from")
        try c.encodeArea(taskArea, "task_area")
        try c.encodeArea(done, "done")
        try c.encodeArea(remaining, "remaining")
        try c.put(rounded(shareDone), "share_done")
        try c.put(deadline, "deadline")
        try c.put(status, "status")
        try c.put(patches, "patches")
        try c.put(laterPatches, "later_patches")
        try c.put(byMonth, "by_month")
    }
}

public struct ReclaimSummary: Codable, Sendable {
    public var tasks = 0
    public var done = 0
    public var onTrack = 0
    public var overdue = 0
    public var planned = Area.zero
    public var doneArea = Area.zero
    public var remaining = Area.zero
    public var byMonth: [MonthProgress] = []
    public var slivers = 0
    public var repaired = 0
    public var skipped = 0

    public var shareDone: Double { planned.m2 > 0 ? min(1, doneArea.m2 / planned.m2) : 0 }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(tasks, "tasks")
        try c.put(done, "done")
        try c.put(onTrack, "on_track")
        try c.put(overdue, "overdue")
        try c.encodeArea(planned, "planned")
        try c.encodeArea(doneArea, "done")
        try c.encodeArea(remaining, "remaining")
        try c.put(rounded(shareDone), "share_done")
        try c.put(byMonth, "by_month")
        try c.put(slivers, "slivers")
        try c.put(repaired, "repaired")
        try c.put(skipped, "skipped")
    }
}

/// Everything `geocheck reclaim --json` prints.
public struct ReclaimResult: Codable, Sendable {
    public var asOf: String
    public var planSource: String
    public var doneSource: String
    public var workingCRS: String
    /// How the areas were computed (`--area-method`).
    public var areaMethod: AreaMethod = .geodesic
    /// Per source, the datum transformation PROJ used into the working CRS.
    public var transformations: [TransformationInfo] = []
    public var minAreaM2: Double
    public var tasks: [TaskCheck]
    /// Patch ids that match no task.
    public var unmatchedPatches: [String]
    public var summary: ReclaimSummary
    public var repaired: [FeatureNote]
    public var skipped: [FeatureNote]

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put("reclaim", "command")
        try c.put(asOf, "as_of")
        try c.put(planSource, "plan_source")
        try c.put(doneSource, "done_source")
        try c.put(workingCRS, "working_crs")
        try c.put(areaMethod, "area_method")
        try c.put(transformations, "transformations")
        try c.put(minAreaM2, "min_area_m2")
        try c.put(tasks, "tasks")
        try c.put(unmatchedPatches, "unmatched_patches")
        try c.put(summary, "summary")
        try c.put(repaired, "repaired")
        try c.put(skipped, "skipped")
    }

    /// `--strict`: an overdue task.
    public var hasFindings: Bool { summary.overdue > 0 }
}

/// One task's shapes in the working CRS, for the writers.
public struct TaskShapes {
    public var task: Geometry
    /// The counted reclaimed area (union of the patches up to as-of, clipped to the task).
    public var done: Geometry
    /// For drawing: the patches dated on or before as-of, and those after it.
    public var countedPatches: [Geometry]
    public var laterPatches: [Geometry]
}

/// A reclamation check with its geometries (working CRS).
public struct ReclaimEvaluation {
    public var result: ReclaimResult
    public let crs: SpatialReference
    /// Per task, in `result.tasks` order.
    public var shapes: [TaskShapes]}

// MARK: - Decoding (the keys `encode(to:)` writes; derived keys are not read)

extension MonthProgress {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        month = try c.get("month")
        done = try c.decodeArea("done")
        cumulative = try c.decodeArea("cumulative")
    }
}

extension TaskCheck {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        id = try c.get("id")
        name = try c.getIfPresent("name")
        planned = try c.decodeArea("planned")
        plannedFrom = try c.get("planned_from")
        taskArea = try c.decodeArea("task_area")
        done = try c.decodeArea("done")
        remaining = try c.decodeArea("remaining")
        shareDone = try c.get("share_done")
        deadline = try c.getIfPresent("deadline")
        status = try c.get("status")
        patches = try c.get("patches")
        laterPatches = try c.get("later_patches")
        byMonth = try c.get("by_month")
    }
}

extension ReclaimSummary {
    /// Reads what `encode(to:)` writes; `share_done` is derived and not read.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        tasks = try c.get("tasks")
        done = try c.get("done")
        onTrack = try c.get("on_track")
        overdue = try c.get("overdue")
        planned = try c.decodeArea("planned")
        doneArea = try c.decodeArea("done")
        remaining = try c.decodeArea("remaining")
        byMonth = try c.get("by_month")
        slivers = try c.get("slivers")
        repaired = try c.get("repaired")
        skipped = try c.get("skipped")
    }
}

extension ReclaimResult {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        try c.expect("reclaim", "command")
        asOf = try c.get("as_of")
        planSource = try c.get("plan_source")
        doneSource = try c.get("done_source")
        workingCRS = try c.get("working_crs")
        areaMethod = try c.get("area_method")
        transformations = try c.get("transformations")
        minAreaM2 = try c.get("min_area_m2")
        tasks = try c.get("tasks")
        unmatchedPatches = try c.get("unmatched_patches")
        summary = try c.get("summary")
        repaired = try c.get("repaired")
        skipped = try c.get("skipped")
    }
}
