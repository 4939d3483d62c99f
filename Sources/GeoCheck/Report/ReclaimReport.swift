import Foundation

/// Tables and files of a reclamation check.
public enum ReclaimReport {
    /// One row per task (`reclaim.csv`).
    public static func tasksTable(_ result: ReclaimResult) -> Table {
        var table = Table(name: "tasks", columns: [
            .text("as_of"), .text("id"), .text("name"), .number("planned_mu"), .text("planned_from"),
            .number("done_m2"), .number("done_mu"), .number("done_ha"), .number("remaining_mu"), .number("share_done"),
            .text("deadline"), .text("status"),
        ])
        for task in result.tasks {
            table.rows.append([.string(result.asOf), .string(task.id), .text(task.name), .real(task.planned.roundedMu),
                               .string(task.plannedFrom)] + BoundaryReport.areaCells(task.done) + [
                .real(task.remaining.roundedMu), .real(rounded(task.shareDone)), .text(task.deadline), .string(task.status.rawValue),
            ])
        }
        return table
    }

    /// Done area by month per task and in total (for a progress chart).
    public static func monthsTable(_ result: ReclaimResult) -> Table {
        var table = Table(name: "by_month", columns: [
            .text("task"), .text("month"), .number("done_mu"), .number("cumulative_mu"), .number("cumulative_share"),
        ])
        for task in result.tasks {
            for month in task.byMonth {
                table.rows.append([.string(task.id), .string(month.month), .real(month.done.roundedMu),
                                   .real(month.cumulative.roundedMu),
                                   .real(task.planned.m2 > 0 ? rounded(min(1, month.cumulative.m2 / task.planned.m2)) : 0)])
            }
        }
        let planned = result.summary.planned
        for month in result.summary.byMonth {
            table.rows.append([.string("(total)"), .string(month.month), .real(month.done.roundedMu), .real(month.cumulative.roundedMu),
                               .real(planned.m2 > 0 ? rounded(min(1, month.cumulative.m2 / planned.m2)) : 0)])
        }
        return table
    }

    /// Layers `tasks` and `done` (the counted reclaimed area of each task).
    public static func writeGeoPackage(_ evaluation: ReclaimEvaluation, to path: String) throws {
        let writer = try VectorWriter(path: path)
        let tasks = tasksTable(evaluation.result)
        for (name, geometries) in [("tasks", \TaskShapes.task), ("done", \.done)] {
            let layer = try writer.createLayer(name: name, crs: evaluation.crs, geometryType: .multiPolygon, fields: tasks.columns)
            for (row, geometry) in zip(tasks.rows, evaluation.shapes.map { $0[keyPath: geometries] }) where !geometry.isEmpty {
                try layer.add(geometry: geometry, values: row)
            }
        }
        try writer.commit()
    }
}
