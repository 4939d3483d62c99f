import ArgumentParser
import Foundation
import GeoCheck

struct ReclaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclaim",
        abstract: "Reclamation progress (复垦): done, remaining, share and status per task, and by month.",
        discussion: """
        Example:  geocheck reclaim --plan samples/reclaim/plan.gpkg --done samples/reclaim/done.gpkg --id-field id --as-of 2020-09-30
        """)

    @Option(name: .long, help: "Reclamation tasks (fields planned_mu, deadline optional).")
    var plan: String

    @Option(name: .long, help: "Reclaimed patches (field date; the task id in --id-field).")
    var done: String

    @Option(name: .customLong("id-field"), help: "Task id field of tasks and patches (default: id, 编号 …, else FID).")
    var idField: String?

    @Option(name: .customLong("date-field"), help: "Date field of the patches (default date).")
    var dateField = "date"

    @Option(name: .customLong("as-of"), help: "Count patches dated on or before this date, YYYY-MM-DD (default today).")
    var asOf: String?

    @Flag(name: .long, help: "Exit 3 when a task is overdue.")
    var strict = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var crs: CRSOptions
    @OptionGroup var area: AreaOptions
    @OptionGroup var slivers: SliverOptions

    func validate() throws {
        _ = try parseDateOption(asOf, "--as-of")
    }

    func run() throws {
        var findings = false
        try reportingErrors {
            var request = ReclaimRequest(plan: plan, done: done)
            (request.idField, request.dateField) = (idField, dateField)
            (request.assumeCRS, request.towgs84) = (crs.assumeCRS, crs.towgs84Values)
            request.asOf = try parseDateOption(asOf, "--as-of")
            (request.minAreaM2, request.areaMethod) = (slivers.minAreaM2, area.areaMethod ?? .geodesic)
            request.output = output.run
            let result = try running { try Reclaim.run(request, events: $0) } warn: { result in
                warnApproximate(result.transformations)
                warnAboutNotes(repaired: result.repaired, skipped: result.skipped)
                for id in result.unmatchedPatches { Console.error("geocheck: warning: patches with task id \(id) match no task") }
            }.result
            try Console.output(output.json ? JSONOutput.string(result) : Self.render(result))
            findings = result.hasFindings
        }
        if strict && findings { throw ExitCode(3) }
    }

    static func render(_ result: ReclaimResult) -> String {
        var table = TextTable(headers: ["task", "name", "planned 亩", "done 亩", "remaining 亩", "share", "deadline", "status"])
        for task in result.tasks {
            table.add([task.id, task.name ?? "", formatNumber(task.planned.mu) + (task.plannedFrom == "polygon" ? " (polygon)" : ""),
                       formatNumber(task.done.mu), formatNumber(task.remaining.mu), String(format: "%.1f %%", task.shareDone * 100),
                       task.deadline ?? "", task.status.rawValue])
        }
        let s = result.summary
        let months = s.byMonth.map { "\($0.month) +\(formatNumber($0.done.mu))" }.joined(separator: ", ")
        return table.render() + "\nas of \(result.asOf): \(s.tasks) tasks, planned \(formatNumber(s.planned.mu)) 亩, done \(formatNumber(s.doneArea.mu)) 亩 (\(String(format: "%.1f", s.shareDone * 100)) %), remaining \(formatNumber(s.remaining.mu)) 亩; \(s.done) done, \(s.onTrack) on track, \(s.overdue) overdue\nby month (亩): \(months)"
    }
}
