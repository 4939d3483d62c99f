import Foundation

/// The overstep report (越界开采): summary cards; for every mine outside its licence or its
/// elevation range a map in the working CRS (licence blocks, footprint, the outside area
/// hatched, the part new since the previous check outlined, labels with areas); with a ledger
/// the mine's overstep history per check date; sortable tables with the JSON's figures.
public enum BoundaryHTML {
    /// `history`: the ledger's records (all mines), empty without a ledger.
    public static func render(_ evaluation: BoundaryEvaluation, history: [LedgerEntry] = [], language: Language = .en,
                              generated: Date = Date()) throws -> String {
        let result = evaluation.result
        let strings = Strings(language)
        let s = result.summary
        var page = ReportPage(title: "\(strings["boundary_title"]) — \(result.date)", strings: strings,
                              subtitle: "\(strings["licensed"]): \(result.licensedSource) · \(strings["footprint"]): \(result.footprintSource)")
        let outside = MonitorHTML.json(s.outside), fresh = MonitorHTML.json(s.newOutside)
        var cards = [Card(.figure(s.mines, json: "summary.mines"), strings["mines"])]
        cards.append(Card(.figure(s.overstepping, json: "summary.overstepping"), strings["overstepping"],
                          css: s.overstepping > 0 ? "prohibited" : "clear"))
        cards.append(Card(.figure(outside.mu, json: "summary.outside_mu", unit: strings["mu"]), strings["outside"],
                          css: s.overstepping > 0 ? "prohibited" : ""))
        cards.append(Card(.figure(outside.ha, json: "summary.outside_ha", places: 4, unit: strings["ha"]), strings["outside"]))
        cards.append(Card(.figure(fresh.mu, json: "summary.new_outside_mu", unit: strings["mu"]), strings["new_outside"],
                          css: s.newOutside.m2 > 0 ? "restricted" : ""))
        cards.append(Card(.figure(s.elevationOverstepping, json: "summary.elevation_overstepping"), strings["elevation_cases"],
                          css: s.elevationOverstepping > 0 ? "restricted" : "clear"))
        var checked = "\(strings["check_date"]): \(result.date)"
        if let ledger = result.ledger { checked += " · \(strings["ledger"]): \(ledger)" }
        var facts: [ReportLine] = [[.text(checked)]]
        if !result.uncheckedLicences.isEmpty {
            facts.append([.text("\(strings["unchecked_licences"]): \(result.uncheckedLicences.joined(separator: ", "))")])
        }
        if s.slivers > 0 { facts.append([.text("\(strings["slivers"]): "), .figure(s.slivers, json: "summary.slivers")]) }
        var summary: [ReportElement] = [.cards(cards), .facts(facts)]
        let flagged = result.mines.indices.filter { result.mines[$0].oversteps || result.mines[$0].overstepsElevation }
        if flagged.isEmpty { summary.append(.paragraph([.text(strings["no_findings"])], css: "")) }
        page.section(strings["summary"], id: "summary", keepTogether: true, summary)

        if !flagged.isEmpty {
            var blocks: [ReportElement] = []
            for (number, index) in flagged.enumerated() {
                blocks.append(.block(try mineBlock(number: number + 1, index: index, evaluation: evaluation,
                                                   history: history.filter { $0.mine == result.mines[index].id }, strings: strings)))
            }
            page.section(strings["flagged_mines"], id: "mines-maps", blocks)
        }
        page.section(strings["tables"], id: "tables", tables(result, history: history, page: &page))
        return try page.render(generated: generated)
    }

    static func tables(_ result: BoundaryResult, history: [LedgerEntry], page: inout ReportPage) -> [ReportElement] {
        let strings = page.strings
        var content: [ReportElement] = [.paragraph([.text(strings["sort_hint"])], css: "note"), .heading(strings["mines"])]
        var keys: [String: String] = ["id": "id", "blocks": "blocks", "patches": "patches"]
        for prefix in ["licensed_area", "footprint_area", "outside", "new_outside"] {
            for unit in ["m2", "mu", "ha"] { keys["\(prefix)_\(unit)"] = "\(prefix)_\(unit)" }
        }
        content.append(page.table(BoundaryReport.minesTable(result), rowPath: { "mines.\($0)" }, jsonKeys: keys,
                                  places: ["licensed_area_ha": 4, "footprint_area_ha": 4, "outside_ha": 4, "new_outside_ha": 4]))
        var elevationPaths: [String] = []
        for (i, mine) in result.mines.enumerated() {
            for j in mine.elevationOversteps.indices { elevationPaths.append("mines.\(i).elevation_oversteps.\(j)") }
        }
        if !elevationPaths.isEmpty {
            content.append(.heading(strings["elevation_cases"]))
            content.append(page.table(BoundaryReport.elevationTable(result), rowPath: { elevationPaths[$0] },
                                      jsonKeys: ["patch": "patch", "block": "block", "kind": "kind", "elevation": "elevation",
                                                 "limit": "limit", "area_m2": "area_m2", "area_mu": "area_mu", "area_ha": "area_ha"],
                                      places: ["elevation": 1, "limit": 1, "area_ha": 4]))
        }
        if !history.isEmpty {
            content.append(.heading(strings["history"]))
            content.append(page.table(BoundaryReport.historyTable(history), places: ["outside_ha": 4, "new_outside_ha": 4]))
        }
        return content
    }

    static func mineBlock(number: Int, index: Int, evaluation: BoundaryEvaluation, history: [LedgerEntry],
                          strings: Strings) throws -> ReportBlock {
        let mine = evaluation.result.mines[index]
        let path = "mines.\(index)"
        var heading: ReportLine = [.text("\(number). \(mine.name ?? mine.id) "), .small(mine.id)]
        if mine.oversteps { heading.append(.badge(strings["overstepping"], css: "prohibited")) }
        if mine.overstepsElevation { heading.append(.badge(strings["elevation_cases"], css: "restricted")) }
        var facts: [ReportLine] = [
            [.text("\(strings["licensed_area"]): ")] + MonitorHTML.area(mine.licensed, json: "\(path).licensed_area", strings: strings)
                + [.text(" · \(strings["blocks"]) "), .figure(mine.blocks, json: "\(path).blocks")],
            [.text("\(strings["footprint_area"]): ")] + MonitorHTML.area(mine.footprint, json: "\(path).footprint_area", strings: strings)
                + [.text(" · \(strings["patches"]) "), .figure(mine.patches, json: "\(path).patches")],
        ]
        if mine.oversteps {
            facts.append([.strong(strings["outside"], css: "prohibited"), .text(": ")]
                         + MonitorHTML.area(mine.outside, json: "\(path).outside", strings: strings, m2: true))
            let since = mine.previousCheck.map { " (\(strings["since"]) \($0))" } ?? ""
            facts.append([.text("\(strings["new_outside"])\(since): ")] + MonitorHTML.area(mine.newOutside, json: "\(path).new_outside", strings: strings))
        }
        for (j, item) in mine.elevationOversteps.enumerated() {
            let op = "\(path).elevation_oversteps.\(j)"
            let below = item.kind == .belowBottom
            facts.append([.badge(strings[below ? "below_bottom" : "above_top"], css: "restricted"),
                          .text(" \(strings.format("elevation_fact", item.patch, item.block)): \(strings[below ? "elev_min" : "elev_max"]) "),
                          .figure(item.elevation, json: "\(op).elevation", places: 1, unit: "m"),
                          .text(" / \(strings[below ? "licensed_bottom" : "licensed_top"]) "),
                          .figure(item.limit, json: "\(op).limit", places: 1, unit: "m"), .text(", ")]
                         + MonitorHTML.area(item.area, json: "\(op).area", strings: strings))
        }
        if mine.oversteps { facts.append([.text(strings["remedy_overstep"])]) }
        var content: [ReportElement] = [.facts(facts), .figure(svg: try map(index: index, evaluation: evaluation, strings: strings), css: "",
                                                          caption: nil, attributes: [])]
        if history.contains(where: { $0.outside.m2 > 0 }) {
            let series = [
                ChartSeries(name: "\(strings["outside"]) (\(strings["mu"]))", values: history.map { rounded($0.outside.mu) }, colour: "#c62828"),
                ChartSeries(name: "\(strings["new_outside"]) (\(strings["mu"]))", values: history.map { rounded($0.newOutside.mu) }, colour: "#ef6c00"),
            ]
            let chart = Charts.bars(id: "history-\(index)", title: "\(strings["history"]) — \(mine.name ?? mine.id)",
                                    categories: history.map(\.date), series: series, yLabel: strings["mu"])
            content.append(.figure(svg: chart, css: "history", caption: strings["history_caption"], attributes: [("data-mine", mine.id)]))
        }
        return ReportBlock(id: "mine-\(index)", kind: "mine", key: mine.id, heading: heading, content: content)
    }

    /// Licence blocks (outlined, named), the footprint, the outside area hatched with its area,
    /// the part new since the previous check outlined.
    static func map(index: Int, evaluation: BoundaryEvaluation, strings: Strings) throws -> String {
        let mine = evaluation.result.mines[index]
        let shapes = evaluation.shapes[index]
        let (licence, footprint, outside, fresh) = (shapes.licence, shapes.footprint, shapes.outside, shapes.newOutside)
        guard var svg = MonitorHTML.map(id: "map-\(index)", crs: evaluation.crs, title: "\(mine.id) \(mine.name ?? "")",
                                        extent: [licence, footprint], strings: strings) else { return "" }
        let blocks = shapes.licenceBlocks
        if blocks.isEmpty {
            svg.addPolygons(try MonitorHTML.rings(licence), cssClass: "licence", tooltip: strings["licensed"])
        }
        for block in blocks {
            svg.addPolygons(try MonitorHTML.rings(block.geometry), cssClass: "licence", tooltip: "\(strings["block"]) \(block.name)",
                            attributes: [("data-block", block.name)])
        }
        svg.addPolygons(try MonitorHTML.rings(footprint), cssClass: "footprint", tooltip: strings["footprint"])
        if mine.oversteps {
            svg.addPolygons(try MonitorHTML.rings(outside), cssClass: "outside", fill: svg.hatch("outside"),
                            tooltip: "\(strings["outside"]): \(HTML.number(mine.outside.mu)) \(strings["mu"])", attributes: [("data-outside", mine.id)])
        }
        // Patches mined outside the elevation range of a block, hatched orange.
        let patches = shapes.footprintPatches
        let deep = Set(mine.elevationOversteps.map(\.patch))
        for patch in patches where deep.contains(patch.name) {
            svg.addPolygons(try MonitorHTML.rings(patch.geometry), cssClass: "elevation-patch", fill: svg.hatch("restricted"),
                            tooltip: "\(strings["patch"]) \(patch.name)", attributes: [("data-patch", patch.name)])
        }
        if mine.newOutside.m2 > 0, mine.newOutside.m2 < mine.outside.m2 {
            svg.addPolygons(try MonitorHTML.rings(fresh), cssClass: "new-outside",
                            tooltip: "\(strings["new_outside"]): \(HTML.number(mine.newOutside.mu)) \(strings["mu"])")
        }
        // Labels: the outside area first, then the new part, the blocks, the footprint.
        if mine.oversteps, let p = try MonitorHTML.labelPoint(outside) {
            svg.addLabel(x: p.x, y: p.y, lines: ["\(strings["outside"]) \(HTML.number(mine.outside.mu)) \(strings["mu"])",
                                                 "\(HTML.number(mine.outside.ha, 2)) \(strings["ha"])"], cssClass: "label outside-label")
        }
        if mine.newOutside.m2 > 0, mine.newOutside.m2 < mine.outside.m2, let p = try MonitorHTML.labelPoint(fresh) {
            svg.addLabel(x: p.x, y: p.y, lines: ["\(strings["new_outside"]) \(HTML.number(mine.newOutside.mu)) \(strings["mu"])"])
        }
        for patch in patches where deep.contains(patch.name) {
            guard let p = try MonitorHTML.labelPoint(patch.geometry) else { continue }
            let item = mine.elevationOversteps.first { $0.patch == patch.name }
            svg.addLabel(x: p.x, y: p.y, lines: ["\(strings["patch"]) \(patch.name)",
                                                 item.map { "\(strings[$0.kind == .belowBottom ? "below_bottom" : "above_top"]) \(HTML.number($0.limit, 0)) m" } ?? ""],
                         cssClass: "label elevation-label")
        }
        for block in blocks {
            guard let p = try MonitorHTML.labelPoint(block.geometry) else { continue }
            svg.addLabel(x: p.x, y: p.y, lines: ["\(strings["block"]) \(block.name)"], cssClass: "label zone-label")
        }
        if let p = try MonitorHTML.labelPoint(footprint) {
            svg.addLabel(x: p.x, y: p.y, lines: ["\(strings["footprint"]) \(HTML.number(mine.footprint.mu)) \(strings["mu"])"],
                         cssClass: "label zone-label")
        }
        var legend: [(swatch: String, label: String)] = [("class=\"licence\"", strings["licensed"]), ("class=\"footprint\"", strings["footprint"])]
        if mine.oversteps { legend.append(("fill=\"\(svg.hatch("outside"))\" stroke=\"#b71c1c\"", strings["outside"])) }
        if !deep.isEmpty { legend.append(("fill=\"\(svg.hatch("restricted"))\" stroke=\"#e65100\"", strings["elevation_cases"])) }
        if mine.newOutside.m2 > 0, mine.newOutside.m2 < mine.outside.m2 { legend.append(("class=\"new-outside\"", strings["new_outside"])) }
        return svg.render(legend: legend)
    }
}
