import Foundation

/// The forest-land report (林地占用/超占): summary cards; per site a map (occupied land, forest
/// land by class, valid permits, expired permits dashed, the over-occupied area hatched) with
/// its figures; sortable tables with the JSON's figures.
public enum ForestHTML {
    static let classColours = ["#2e7d32", "#9ccc65", "#00897b", "#c0ca33", "#6d4c41", "#26a69a"]

    public static func render(_ evaluation: ForestEvaluation, language: Language = .en, generated: Date = Date()) throws -> String {
        let result = evaluation.result
        let strings = Strings(language)
        let s = result.summary
        var page = ReportPage(title: "\(strings["forest_title"]) — \(result.date)", strings: strings,
                              subtitle: "\(strings["occupied"]): \(result.occupiedSource) · \(strings["forest_land"]): \(result.forestSource) · \(strings["permits"]): \(result.permitsSource)")
        let forest = MonitorHTML.json(s.occupiedForest), permitted = MonitorHTML.json(s.permitted), over = MonitorHTML.json(s.overOccupied)
        var cards = [Card(.figure(s.sites, json: "summary.sites"), strings["sites"])]
        cards.append(Card(.figure(forest.ha, json: "summary.occupied_forest_ha", unit: strings["ha"]), strings["occupied_forest"]))
        cards.append(Card(.figure(permitted.ha, json: "summary.permitted_ha", unit: strings["ha"]), strings["permitted"], css: "clear"))
        cards.append(Card(.figure(s.overOccupying, json: "summary.over_occupying"), strings["over_occupying"],
                          css: s.overOccupying > 0 ? "prohibited" : "clear"))
        cards.append(Card(.figure(over.mu, json: "summary.over_occupied_mu", unit: strings["mu"]), strings["over_occupied"],
                          css: s.overOccupying > 0 ? "prohibited" : ""))
        cards.append(Card(.figure(over.ha, json: "summary.over_occupied_ha", unit: strings["ha"]), strings["over_occupied"]))
        cards.append(Card(.figure(s.withExpiredPermits, json: "summary.with_expired_permits"), strings["with_expired"],
                          css: s.withExpiredPermits > 0 ? "restricted" : "clear"))
        var facts: [ReportLine] = [[.text("\(strings["check_date"]): \(result.date)")]]
        for (j, item) in s.byClass.enumerated() {
            facts.append([.text("\(item.forestClass.isEmpty ? strings["forest_land"] : item.forestClass): ")]
                         + MonitorHTML.area(item.occupiedForest, json: "summary.by_class.\(j).occupied_forest", strings: strings)
                         + [.text(" · \(strings["over_occupied"]) ")]
                         + MonitorHTML.area(item.overOccupied, json: "summary.by_class.\(j).over_occupied", strings: strings))
        }
        if !result.unmatchedPermits.isEmpty {
            facts.append([.text("\(strings["unmatched_permits"]): \(result.unmatchedPermits.joined(separator: ", "))")])
        }
        if s.slivers > 0 { facts.append([.text("\(strings["slivers"]): "), .figure(s.slivers, json: "summary.slivers")]) }
        page.section(strings["summary"], id: "summary", keepTogether: true, [.cards(cards), .facts(facts)])

        var classes: [String] = []
        for site in evaluation.shapes { for item in site.forestLand where !classes.contains(item.forestClass) { classes.append(item.forestClass) } }
        var blocks: [ReportElement] = []
        for index in result.sites.indices {
            blocks.append(.block(try siteBlock(index: index, evaluation: evaluation, classes: classes, strings: strings)))
        }
        if !blocks.isEmpty { page.section(strings["sites"], id: "sites-maps", blocks) }
        page.section(strings["tables"], id: "tables", tables(result, page: &page))
        return try page.render(generated: generated)
    }

    static func tables(_ result: ForestResult, page: inout ReportPage) -> [ReportElement] {
        let strings = page.strings
        var content: [ReportElement] = [.paragraph([.text(strings["sort_hint"])], css: "note"), .heading(strings["sites"])]
        var keys: [String: String] = ["id": "id"]
        for prefix in ["occupied", "occupied_forest", "permitted", "over_occupied"] {
            for unit in ["m2", "mu", "ha"] { keys["\(prefix)_\(unit)"] = "\(prefix)_\(unit)" }
        }
        let haPlaces = ["occupied_ha": 4, "occupied_forest_ha": 4, "permitted_ha": 4, "over_occupied_ha": 4, "area_ha": 4]
        content.append(page.table(ForestReport.sitesTable(result), rowPath: { "sites.\($0)" }, jsonKeys: keys, places: haPlaces))
        var permitPaths: [String] = [], classPaths: [String] = []
        for (i, site) in result.sites.enumerated() {
            for j in site.permits.indices { permitPaths.append("sites.\(i).permits.\(j)") }
            for j in site.byClass.indices { classPaths.append("sites.\(i).by_class.\(j)") }
        }
        content.append(.heading(strings["permits"]))
        content.append(page.table(ForestReport.permitsTable(result), rowPath: { permitPaths[$0] },
                                  jsonKeys: ["permit_id": "permit_id", "approved_ha": "approved_ha", "area_m2": "area_m2",
                                             "area_mu": "area_mu", "area_ha": "area_ha"], places: haPlaces))
        if !classPaths.isEmpty {
            content.append(.heading(strings["by_class"]))
            var classKeys: [String: String] = ["class": "class"]
            for prefix in ["occupied_forest", "over_occupied"] { for unit in ["m2", "mu", "ha"] { classKeys["\(prefix)_\(unit)"] = "\(prefix)_\(unit)" } }
            content.append(page.table(ForestReport.classTable(result), rowPath: { classPaths[$0] }, jsonKeys: classKeys, places: haPlaces))
        }
        return content
    }

    static func siteBlock(index: Int, evaluation: ForestEvaluation, classes: [String], strings: Strings) throws -> ReportBlock {
        let site = evaluation.result.sites[index]
        let path = "sites.\(index)"
        var heading: ReportLine = [.text("\(index + 1). \(site.name ?? site.id) "), .small(site.id)]
        if site.overOccupied.m2 > 0 { heading.append(.badge(strings["over_occupying"], css: "prohibited")) }
        if !site.expiredPermits.isEmpty { heading.append(.badge(strings["expired_permit"], css: "restricted")) }
        if site.overOccupied.m2 <= 0 && site.expiredPermits.isEmpty { heading.append(.badge(strings["clear"], css: "clear")) }
        var facts: [ReportLine] = [
            [.text("\(strings["occupied"]): ")] + MonitorHTML.area(site.occupied, json: "\(path).occupied", strings: strings),
            [.text("\(strings["occupied_forest"]): ")] + MonitorHTML.area(site.occupiedForest, json: "\(path).occupied_forest", strings: strings),
            [.text("\(strings["permitted"]): ")] + MonitorHTML.area(site.permitted, json: "\(path).permitted", strings: strings),
            [.strong(strings["over_occupied"], css: site.overOccupied.m2 > 0 ? "prohibited" : "clear"), .text(": ")]
                + MonitorHTML.area(site.overOccupied, json: "\(path).over_occupied", strings: strings),
        ]
        for (j, permit) in site.permits.enumerated() {
            let pp = "\(path).permits.\(j)"
            var line: ReportLine = [.badge(strings[permit.expired ? "expired" : "valid"], css: permit.expired ? "prohibited" : "clear"), .text(" "),
                              .jsonText(path: "\(pp).permit_id", text: permit.permitID)]
            if let until = permit.validUntil { line.append(.text(" · \(strings["valid_until"]) \(until)")) }
            if let approved = permit.approvedHa {
                line += [.text(" · \(strings["approved"]) "), .figure(approved, json: "\(pp).approved_ha", unit: strings["ha"])]
            }
            facts.append(line + [.text(" · \(strings["permit_area"]) ")] + MonitorHTML.area(permit.area, json: "\(pp).area", strings: strings))
        }
        if !site.expiredPermits.isEmpty { facts.append([.text(strings["remedy_expired"])]) }
        if site.overOccupied.m2 > 0 { facts.append([.text(strings["remedy_over"])]) }
        let svg = try map(index: index, evaluation: evaluation, classes: classes, strings: strings)
        return ReportBlock(id: "site-\(index)", kind: "site", key: site.id, heading: heading,
                     content: [.facts(facts), .figure(svg: svg, css: "", caption: nil, attributes: [])])
    }

    static func map(index: Int, evaluation: ForestEvaluation, classes: [String], strings: Strings) throws -> String {
        let site = evaluation.result.sites[index]
        let shapes = evaluation.shapes[index]
        let (occupied, permits) = (shapes.occupied, shapes.permits)
        guard var svg = MonitorHTML.map(id: "map-\(index)", crs: evaluation.crs, title: "\(site.id) \(site.name ?? "")",
                                        extent: [occupied] + permits, strings: strings) else { return "" }
        let forestLand = shapes.forestLand
        var shownClasses: [String] = []
        for item in forestLand {
            let number = classes.firstIndex(of: item.forestClass) ?? 0
            svg.addPolygons(try MonitorHTML.rings(item.geometry), cssClass: "forestland", fill: classColours[number % classColours.count],
                            tooltip: item.forestClass.isEmpty ? strings["forest_land"] : item.forestClass)
            if !shownClasses.contains(item.forestClass) { shownClasses.append(item.forestClass) }
        }
        for (j, permit) in site.permits.enumerated() where j < permits.count && !permit.expired {
            svg.addPolygons(try MonitorHTML.rings(permits[j]), cssClass: "permit", tooltip: "\(permit.permitID) (\(strings["valid"]))",
                            attributes: [("data-permit", permit.permitID)])
        }
        if site.overOccupied.m2 > 0 {
            svg.addPolygons(try MonitorHTML.rings(shapes.overOccupied), cssClass: "outside", fill: svg.hatch("outside"),
                            tooltip: "\(strings["over_occupied"]): \(HTML.number(site.overOccupied.mu)) \(strings["mu"])",
                            attributes: [("data-over", site.id)])
        }
        for (j, permit) in site.permits.enumerated() where j < permits.count && permit.expired {
            svg.addPolygons(try MonitorHTML.rings(permits[j]), cssClass: "permit-expired",
                            tooltip: "\(permit.permitID) (\(strings["expired"]) \(permit.validUntil ?? ""))", attributes: [("data-permit", permit.permitID)])
        }
        svg.addPolygons(try MonitorHTML.rings(occupied), cssClass: "occupied", tooltip: "\(strings["occupied"]) \(site.id)")
        // Labels: the over-occupied area, permits, the site.
        if site.overOccupied.m2 > 0, let p = try MonitorHTML.labelPoint(shapes.overOccupied) {
            svg.addLabel(x: p.x, y: p.y, lines: ["\(strings["over_occupied"]) \(HTML.number(site.overOccupied.mu)) \(strings["mu"])",
                                                 "\(HTML.number(site.overOccupied.ha)) \(strings["ha"])"], cssClass: "label outside-label")
        }
        for (j, permit) in site.permits.enumerated() where j < permits.count {
            guard let p = try MonitorHTML.labelPoint(permits[j]) else { continue }
            svg.addLabel(x: p.x, y: p.y, lines: [permit.permitID, "\(HTML.number(permit.area.ha)) \(strings["ha"])\(permit.expired ? " · \(strings["expired"])" : "")"],
                         cssClass: "label permit-label")
        }
        if let p = try MonitorHTML.labelPoint(occupied) {
            svg.addLabel(x: p.x, y: p.y, lines: ["\(strings["occupied"]) \(HTML.number(site.occupied.ha)) \(strings["ha"])"], cssClass: "label zone-label")
        }
        var legend: [(swatch: String, label: String)] = [("class=\"occupied\"", strings["occupied"])]
        for name in shownClasses {
            let number = classes.firstIndex(of: name) ?? 0
            legend.append(("class=\"forestland\" fill=\"\(classColours[number % classColours.count])\"", name.isEmpty ? strings["forest_land"] : name))
        }
        if site.permits.contains(where: { !$0.expired }) { legend.append(("class=\"permit\"", strings["valid_permit"])) }
        if site.permits.contains(where: \.expired) { legend.append(("class=\"permit-expired\"", strings["expired_permit"])) }
        if site.overOccupied.m2 > 0 { legend.append(("fill=\"\(svg.hatch("outside"))\" stroke=\"#b71c1c\"", strings["over_occupied"])) }
        return svg.render(legend: legend)
    }
}
