import Foundation

public struct ReclaimOptions: Sendable {
    /// Patches dated on or after this date (ISO) do not count; deadlines before it are overdue.
    public var asOf: String
    public var minAreaM2 = 0.01
    /// How ellipsoidal areas are computed (`--area-method`).
    public var areaMethod = AreaMethod.geodesic
    public init(asOf: String) { self.asOf = asOf }
}

/// `geocheck reclaim`: reclamation progress per task (复垦).
///
/// done = area of (⋃ patches dated ≤ as-of) ∩ task polygon, so overlapping patches count once
/// and parts outside the task not at all; remaining = max(0, planned − done); status `done`
/// when nothing remains, else `overdue` when the deadline is before as-of, else `on_track`.
public enum Reclaim {
    public static func evaluate(_ inputs: ReclaimInputs, options: ReclaimOptions) throws -> ReclaimEvaluation {
        let context = inputs.context
        let calculator = try AreaCalculator(crs: inputs.crs, method: options.areaMethod)
        var slivers = SliverFilter(minAreaM2: options.minAreaM2)
        let dateIndex = try inputs.patches.fieldIndex(inputs.dateField)
        var patchesByTask: [String: [(date: String, geometry: Geometry)]] = [:]
        for patch in inputs.patches.features {
            guard let date = try ISODate.parse(patch.values[dateIndex], what: "\(inputs.patches.describe(patch)) field '\(inputs.dateField)'") else {
                throw InputError("\(inputs.patches.describe(patch)): field '\(inputs.dateField)' is empty (every reclaimed patch needs a date)")
            }
            patchesByTask[patch.id, default: []].append((date, patch.geometry))
        }
        let tasks = try inputs.tasks.merged(context: context)
        var results: [TaskCheck] = []
        var shapes: [TaskShapes] = []
        var summary = ReclaimSummary()
        var cumulativeByTask: [[String: Area]] = []
        for task in tasks {
            let (check, shape, cumulative) = try self.check(task, patches: patchesByTask[task.id] ?? [], inputs: inputs,
                                                            options: options, calculator: calculator, slivers: &slivers)
            results.append(check)
            shapes.append(shape)
            cumulativeByTask.append(cumulative)
            let (status, planned, done, remaining) = (check.status, check.planned, check.done, check.remaining)
            summary.tasks += 1
            switch status {
            case .done: summary.done += 1
            case .onTrack: summary.onTrack += 1
            case .overdue: summary.overdue += 1
            }
            summary.planned = summary.planned + planned
            summary.doneArea = summary.doneArea + done
            summary.remaining = summary.remaining + remaining
        }
        // Totals by month: each task's cumulative figure carried forward, summed.
        var carried = [Area](repeating: .zero, count: cumulativeByTask.count)
        var previousTotal = Area.zero
        for month in Set(cumulativeByTask.flatMap(\.keys)).sorted() {
            for index in carried.indices { if let value = cumulativeByTask[index][month] { carried[index] = value } }
            let total = carried.reduce(Area.zero, +)
            summary.byMonth.append(MonthProgress(month: month, done: total - previousTotal, cumulative: total))
            previousTotal = total
        }
        summary.slivers = slivers.slivers
        summary.repaired = inputs.tasks.repaired.count + inputs.patches.repaired.count
        summary.skipped = inputs.tasks.skipped.count + inputs.patches.skipped.count
        let taskIDs = Set(tasks.map(\.id))
        var result = ReclaimResult(
            asOf: options.asOf, planSource: inputs.tasks.label, doneSource: inputs.patches.label, workingCRS: inputs.crs.label,
            minAreaM2: options.minAreaM2, tasks: results,
            unmatchedPatches: patchesByTask.keys.filter { !taskIDs.contains($0) }.sorted(), summary: summary,
            repaired: inputs.tasks.repaired + inputs.patches.repaired, skipped: inputs.tasks.skipped + inputs.patches.skipped)
        result.areaMethod = options.areaMethod
        result.transformations = inputs.transformations
        return ReclaimEvaluation(result: result, crs: inputs.crs, shapes: shapes)
    }

    /// One task: the union of its patches dated up to each month's end, clipped to the task;
    /// also returns the cumulative area at each month's end.
    static func check(_ task: MergedFeature, patches: [(date: String, geometry: Geometry)], inputs: ReclaimInputs,
                      options: ReclaimOptions, calculator: AreaCalculator,
                      slivers: inout SliverFilter) throws -> (TaskCheck, TaskShapes, [String: Area]) {
        let context = inputs.context
        let first = task.parts[0]
        let taskArea = try calculator.ellipsoidalArea(task.geometry)
        var planned = taskArea
        var plannedFrom = "polygon"
        if let value = inputs.tasks.value(first, inputs.plannedField) {
            guard let mu = value.doubleValue, mu >= 0 else {
                throw InputError("\(inputs.tasks.describe(first)): field '\(inputs.plannedField ?? "")' value '\(value)' is not a number of 亩")
            }
            planned = Area(mu: mu)
            plannedFrom = "field"
        }
        let deadline = try inputs.deadlineField.flatMap { field in
            try ISODate.parse(first.values[try inputs.tasks.fieldIndex(field)], what: "\(inputs.tasks.describe(first)) field '\(field)'")
        }
        let counted = patches.filter { $0.date <= options.asOf }
        let months = Array(Set(counted.map { String($0.date.prefix(7)) })).sorted()
        var byMonth: [MonthProgress] = []
        var cumulative: [String: Area] = [:]
        var previous = Area.zero
        var doneGeometry = try context.emptyPolygon()
        for month in months {
            let upTo = counted.filter { String($0.date.prefix(7)) <= month }.map(\.geometry)
            doneGeometry = try context.unaryUnion(upTo).intersection(task.geometry).polygonalParts()
            let area = try calculator.ellipsoidalArea(doneGeometry)
            byMonth.append(MonthProgress(month: month, done: Area(m2: max(0, area.m2 - previous.m2)), cumulative: area))
            cumulative[month] = area
            previous = area
        }
        let done = slivers.finding(previous)
        let remaining = Area(m2: max(0, planned.m2 - done.m2))
        let status: TaskStatus = remaining.m2 <= 0 ? .done : (deadline.map { $0 < options.asOf } ?? false) ? .overdue : .onTrack
        let check = TaskCheck(
            id: task.id, name: inputs.tasks.value(first, inputs.nameField)?.description, planned: planned,
            plannedFrom: plannedFrom, taskArea: taskArea, done: done, remaining: remaining,
            shareDone: planned.m2 > 0 ? min(1, done.m2 / planned.m2) : (done.m2 > 0 ? 1 : 0), deadline: deadline,
            status: status, patches: counted.count, laterPatches: patches.count - counted.count, byMonth: byMonth)
        let shapes = TaskShapes(task: task.geometry, done: doneGeometry, countedPatches: counted.map(\.geometry),
                                laterPatches: patches.filter { $0.date > options.asOf }.map(\.geometry))
        return (check, shapes, cumulative)
    }
}
