import Foundation

/// The reclamation report (复垦): totals, then per task a progress bar (done / planned), a map
/// (the task polygon, patches up to the as-of date, later patches lighter) and the cumulative
/// done area by month against the plan (planned total as a horizontal line, the deadline
/// marked); sortable tables with the JSON's figures.
public enum ReclaimHTML {
    public static func render(_ evaluation: ReclaimEvaluation, language: Language = .en, generated: Date = Date()) throws -> String {
        let result = evaluation.result
        let strings = Strings(language)
        let s = result.summary
        var page = ReportPage(title: "\(strings["reclaim_title"]) — \(strings["as_of"]) \(result.asOf)", strings: strings,
                              subtitle: "\(strings["plan"]): \(result.planSource) · \(strings["done"]): \(result.doneSource)")
        let planned = MonitorHTML.json(s.planned), done = MonitorHTML.json(s.doneArea), remaining = MonitorHTML.json(s.remaining)
        var cards = [Card(.figure(s.tasks, json: "summary.tasks"), strings["tasks"])]
        cards.append(Card(.figure(planned.mu, json: "summary.planned_mu", unit: strings["mu"]), strings["planned"]))
        cards.append(Card(.figure(done.mu, json: "summary.done_mu", unit: strings["mu"]), strings["done"], css: "clear"))
        cards.append(Card(.figure(remaining.mu, json: "summary.remaining_mu", unit: strings["mu"]), strings["remaining"],
                          css: s.remaining.m2 > 0 ? "restricted" : "clear"))
        cards.append(Card(.figure(s.done, json: "summary.done"), strings["status_done"], css: "clear"))
        cards.append(Card(.figure(s.onTrack, json: "summary.on_track"), strings["status_on_track"]))
        cards.append(Card(.figure(s.overdue, json: "summary.overdue"), strings["status_overdue"], css: s.overdue > 0 ? "prohibited" : "clear"))
        var summary: [ReportElement] = [.cards(cards), .svg(Charts.progress(share: rounded(s.shareDone), caption: "\(strings["done"]) / \(strings["planned"])",
                                                                     cssClass: s.shareDone >= 1 ? "done" : "", jsonPath: "summary.share_done"))]
        if s.slivers > 0 { summary.append(.paragraph([.text("\(strings["slivers"]): "), .figure(s.slivers, json: "summary.slivers")], css: "note")) }
        if !s.byMonth.isEmpty {
            let chart = Charts.bars(id: "months-total", title: strings["done_by_month"], categories: s.byMonth.map(\.month),
                                    series: [ChartSeries(name: "\(strings["done"]) (\(strings["mu"]))",
                                                         values: s.byMonth.map { rounded($0.done.mu) }, colour: "#2e7d32")],
                                    yLabel: strings["mu"])
            summary.append(.figure(svg: chart, css: "", caption: nil, attributes: []))
        }
        page.section(strings["summary"], id: "summary", keepTogether: true, summary)

        var blocks: [ReportElement] = []
        for index in result.tasks.indices { blocks.append(.block(try taskBlock(index: index, evaluation: evaluation, strings: strings))) }
        if !blocks.isEmpty { page.section(strings["tasks"], id: "tasks-maps", blocks) }
        page.section(strings["tables"], id: "tables", tables(result, page: &page))
        return try page.render(generated: generated)
    }

    static func tables(_ result: ReclaimResult, page: inout ReportPage) -> [ReportElement] {
        let strings = page.strings
        var content: [ReportElement] = [.paragraph([.text(strings["sort_hint"])], css: "note"), .heading(strings["tasks"])]
        content.append(page.table(ReclaimReport.tasksTable(result), rowPath: { "tasks.\($0)" },
                                  jsonKeys: ["id": "id", "planned_mu": "planned_mu", "done_m2": "done_m2", "done_mu": "done_mu",
                                             "done_ha": "done_ha", "remaining_mu": "remaining_mu", "share_done": "share_done"],
                                  places: ["done_ha": 4, "share_done": 4], badges: ["status"]))
        var monthPaths: [String] = []
        for (i, task) in result.tasks.enumerated() { for j in task.byMonth.indices { monthPaths.append("tasks.\(i).by_month.\(j)") } }
        for j in result.summary.byMonth.indices { monthPaths.append("summary.by_month.\(j)") }
        content.append(.heading(strings["done_by_month"]))
        content.append(page.table(ReclaimReport.monthsTable(result), rowPath: { monthPaths[$0] },
                                  jsonKeys: ["month": "month", "done_mu": "done_mu", "cumulative_mu": "cumulative_mu"],
                                  places: ["cumulative_share": 4]))
        return content
    }

    static func taskBlock(index: Int, evaluation: ReclaimEvaluation, strings: Strings) throws -> ReportBlock {
        let result = evaluation.result
        let task = result.tasks[index]
        let path = "tasks.\(index)"
        let heading: ReportLine = [.text("\(index + 1). \(task.name ?? task.id) "), .small(task.id),
                             .badge(strings["status_\(task.status.rawValue)"], css: task.status.rawValue)]
        let planned = MonitorHTML.json(task.planned), done = MonitorHTML.json(task.done), remaining = MonitorHTML.json(task.remaining)
        let progress = Charts.progress(share: rounded(task.shareDone), caption: "\(HTML.number(done.mu)) / \(HTML.number(planned.mu)) \(strings["mu"])",
                                       cssClass: task.status.rawValue, jsonPath: "\(path).share_done")
        var first: ReportLine = [.text("\(strings["planned"]): "), .figure(planned.mu, json: "\(path).planned_mu", unit: strings["mu"])]
        if task.plannedFrom == "polygon" { first.append(.text(" (\(strings["planned_from_polygon"]))")) }
        first += [.text(" · \(strings["done"]): "), .figure(done.mu, json: "\(path).done_mu", unit: strings["mu"]),
                  .text(" · \(strings["remaining"]): "), .figure(remaining.mu, json: "\(path).remaining_mu", unit: strings["mu"]),
                  .text(" · \(HTML.number(task.shareDone * 100, 1)) %")]
        let second: ReportLine = [.text("\(strings["deadline"]): \(task.deadline ?? "–") · \(strings["patches"]): "),
                            .figure(task.patches, json: "\(path).patches"), .text(" (+"),
                            .figure(task.laterPatches, json: "\(path).later_patches"), .text(" \(strings["after_as_of"]))")]
        return ReportBlock(id: "task-\(index)", kind: "task", key: task.id, heading: heading, content: [
            .svg(progress), .facts([first, second]),
            .figure(svg: try map(index: index, evaluation: evaluation, strings: strings), css: "", caption: nil, attributes: []),
            .figure(svg: chart(index: index, result: result, strings: strings), css: "chart", caption: nil, attributes: []),
        ])
    }

    /// Cumulative done area by month up to as-of, the plan as a horizontal line, the deadline marked.
    static func chart(index: Int, result: ReclaimResult, strings: Strings) -> String {
        let task = result.tasks[index]
        let asOfMonth = String(result.asOf.prefix(7))
        let first = task.byMonth.first?.month ?? asOfMonth
        let deadlineMonth = task.deadline.map { String($0.prefix(7)) }
        let last = max(asOfMonth, deadlineMonth ?? asOfMonth)
        let months = MonitorHTML.months(from: min(first, deadlineMonth ?? first), to: last)
        var values: [Double?] = []
        var carried = 0.0
        for month in months {
            if let entry = task.byMonth.first(where: { $0.month == month }) { carried = rounded(entry.cumulative.mu) }
            values.append(month <= asOfMonth ? carried : nil)
        }
        let plannedMu = rounded(task.planned.mu)
        var markers: [(index: Int, label: String)] = []
        if let deadlineMonth, let at = months.firstIndex(of: deadlineMonth) {
            markers.append((at, "\(strings["deadline"]) \(task.deadline ?? "")"))
        }
        if let at = months.firstIndex(of: asOfMonth), markers.first?.index != at {
            markers.append((at, "\(strings["as_of"]) \(result.asOf)"))
        }
        return Charts.line(id: "chart-\(index)", title: "\(strings["cumulative_done"]) — \(task.name ?? task.id)", categories: months,
                           series: [ChartSeries(name: "\(strings["cumulative_done"]) (\(strings["mu"]))", values: values, colour: "#2e7d32"),
                                    ChartSeries(name: "\(strings["planned"]) \(HTML.number(plannedMu)) \(strings["mu"])",
                                                values: months.map { _ in plannedMu }, colour: "#546e7a", dashed: true)],
                           yLabel: strings["mu"], markers: markers)
    }

    /// The task polygon, the patches counted (dated ≤ as-of) and later ones lighter.
    static func map(index: Int, evaluation: ReclaimEvaluation, strings: Strings) throws -> String {
        let task = evaluation.result.tasks[index]
        let shapes = evaluation.shapes[index]
        let (polygon, counted, later) = (shapes.task, shapes.countedPatches, shapes.laterPatches)
        guard var svg = MonitorHTML.map(id: "map-\(index)", crs: evaluation.crs, title: "\(task.id) \(task.name ?? "")",
                                        extent: [polygon] + counted + later, strings: strings) else { return "" }
        svg.addPolygons(try MonitorHTML.rings(polygon), cssClass: "task-area", tooltip: task.name ?? task.id)
        for patch in later {
            svg.addPolygons(try MonitorHTML.rings(patch), cssClass: "patch-later", tooltip: strings["after_as_of"])
        }
        for patch in counted {
            svg.addPolygons(try MonitorHTML.rings(patch), cssClass: "patch", tooltip: strings["done"])
        }
        svg.addPolygons(try MonitorHTML.rings(polygon), cssClass: "task", tooltip: task.id, attributes: [("data-task", task.id)])
        if let done = try MonitorHTML.labelPoint(shapes.done) {
            svg.addLabel(x: done.x, y: done.y, lines: ["\(strings["done"]) \(HTML.number(task.done.mu)) \(strings["mu"])"],
                         cssClass: "label done-label")
        }
        if let p = try MonitorHTML.labelPoint(polygon) {
            svg.addLabel(x: p.x, y: p.y, lines: [task.id, "\(strings["planned"]) \(HTML.number(task.planned.mu)) \(strings["mu"])"],
                         cssClass: "label zone-label")
        }
        var legend: [(swatch: String, label: String)] = [("class=\"task\"", strings["task_area"])]
        if !counted.isEmpty { legend.append(("class=\"patch\"", "\(strings["done"]) ≤ \(evaluation.result.asOf)")) }
        if !later.isEmpty { legend.append(("class=\"patch-later\"", strings["after_as_of"])) }
        return svg.render(legend: legend)
    }
}
