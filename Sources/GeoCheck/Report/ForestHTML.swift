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
        var cards = HTML.card(HTML.figure(s.sites, json: "summary.sites"), strings["sites"])
        cards += HTML.card(HTML.figure(forest.ha, json: "summary.occupied_forest_ha", unit: strings["ha"]), strings["occupied_forest"])
        cards += HTML.card(HTML.figure(permitted.ha, json: "summary.permitted_ha", unit: strings["ha"]), strings["permitted"], cssClass: "clear")
        cards += HTML.card(HTML.figure(s.overOccupying, json: "summary.over_occupying"), strings["over_occupying"],
                           cssClass: s.overOccupying > 0 ? "prohibited" : "clear")
        cards += HTML.card(HTML.figure(over.mu, json: "summary.over_occupied_mu", unit: strings["mu"]), strings["over_occupied"],
                           cssClass: s.overOccupying > 0 ? "prohibited" : "")
        cards += HTML.card(HTML.figure(over.ha, json: "summary.over_occupied_ha", unit: strings["ha"]), strings["over_occupied"])
        cards += HTML.card(HTML.figure(s.withExpiredPermits, json: "summary.with_expired_permits"), strings["with_expired"],
                           cssClass: s.withExpiredPermits > 0 ? "restricted" : "clear")
        var summary = "<div class=\"cards\">\(cards)</div><ul class=\"facts\">"
        summary += "<li>\(HTML.escape(strings["check_date"])): \(HTML.escape(result.date))</li>"
        for (j, item) in s.byClass.enumerated() {
            summary += "<li>\(HTML.escape(item.forestClass.isEmpty ? strings["forest_land"] : item.forestClass)): "
            summary += MonitorHTML.area(item.occupiedForest, json: "summary.by_class.\(j).occupied_forest", strings: strings)
            summary += " · \(HTML.escape(strings["over_occupied"])) "
            summary += MonitorHTML.area(item.overOccupied, json: "summary.by_class.\(j).over_occupied", strings: strings) + "</li>"
        }
        if !result.unmatchedPermits.isEmpty {
            summary += "<li>\(HTML.escape(strings["unmatched_permits"])): \(HTML.escape(result.unmatchedPermits.joined(separator: ", ")))</li>"
        }
        if s.slivers > 0 { summary += "<li class=\"note\">\(HTML.escape(strings["slivers"])): \(HTML.figure(s.slivers, json: "summary.slivers"))</li>" }
        page.section(strings["summary"], id: "summary", keepTogether: true, summary + "</ul>")

        var classes: [String] = []
        for site in evaluation.forestLand { for item in site where !classes.contains(item.forestClass) { classes.append(item.forestClass) } }
        var blocks = ""
        for index in result.sites.indices {
            blocks += try siteBlock(index: index, evaluation: evaluation, classes: classes, strings: strings)
        }
        if !blocks.isEmpty { page.section(strings["sites"], id: "sites-maps", blocks) }

        var tables = "<p class=\"note\">\(HTML.escape(strings["sort_hint"]))</p><h3>\(HTML.escape(strings["sites"]))</h3>"
        var keys: [String: String] = ["id": "id"]
        for prefix in ["occupied", "occupied_forest", "permitted", "over_occupied"] {
            for unit in ["m2", "mu", "ha"] { keys["\(prefix)_\(unit)"] = "\(prefix)_\(unit)" }
        }
        let haPlaces = ["occupied_ha": 4, "occupied_forest_ha": 4, "permitted_ha": 4, "over_occupied_ha": 4, "area_ha": 4]
        tables += HTML.sortableTable(ForestReport.sitesTable(result), titles: strings.column, rowPath: { "sites.\($0)" },
                                     jsonKeys: keys, places: haPlaces)
        var permitPaths: [String] = [], classPaths: [String] = []
        for (i, site) in result.sites.enumerated() {
            for j in site.permits.indices { permitPaths.append("sites.\(i).permits.\(j)") }
            for j in site.byClass.indices { classPaths.append("sites.\(i).by_class.\(j)") }
        }
        tables += "<h3>\(HTML.escape(strings["permits"]))</h3>"
        tables += HTML.sortableTable(ForestReport.permitsTable(result), titles: strings.column, rowPath: { permitPaths[$0] },
                                     jsonKeys: ["permit_id": "permit_id", "approved_ha": "approved_ha", "area_m2": "area_m2",
                                                "area_mu": "area_mu", "area_ha": "area_ha"], places: haPlaces)
        if !classPaths.isEmpty {
            tables += "<h3>\(HTML.escape(strings["by_class"]))</h3>"
            var classKeys: [String: String] = ["class": "class"]
            for prefix in ["occupied_forest", "over_occupied"] { for unit in ["m2", "mu", "ha"] { classKeys["\(prefix)_\(unit)"] = "\(prefix)_\(unit)" } }
            tables += HTML.sortableTable(ForestReport.classTable(result), titles: strings.column, rowPath: { classPaths[$0] },
                                         jsonKeys: classKeys, places: haPlaces)
        }
        page.section(strings["tables"], id: "tables", tables)
        return page.render(generated: generated)
    }

    static func siteBlock(index: Int, evaluation: ForestEvaluation, classes: [String], strings: Strings) throws -> String {
        let site = evaluation.result.sites[index]
        let path = "sites.\(index)"
        var html = "<div class=\"mapblock\" id=\"site-\(index)\" data-site=\"\(HTML.escape(site.id))\">"
        html += "<h3>\(index + 1). \(HTML.escape(site.name ?? site.id)) <small>\(HTML.escape(site.id))</small>"
        if site.overOccupied.m2 > 0 { html += HTML.badge(strings["over_occupying"], cssClass: "prohibited") }
        if !site.expiredPermits.isEmpty { html += HTML.badge(strings["expired_permit"], cssClass: "restricted") }
        if site.overOccupied.m2 <= 0 && site.expiredPermits.isEmpty { html += HTML.badge(strings["clear"], cssClass: "clear") }
        html += "</h3><ul class=\"facts\">"
        html += "<li>\(HTML.escape(strings["occupied"])): \(MonitorHTML.area(site.occupied, json: "\(path).occupied", strings: strings))</li>"
        html += "<li>\(HTML.escape(strings["occupied_forest"])): \(MonitorHTML.area(site.occupiedForest, json: "\(path).occupied_forest", strings: strings))</li>"
        html += "<li>\(HTML.escape(strings["permitted"])): \(MonitorHTML.area(site.permitted, json: "\(path).permitted", strings: strings))</li>"
        html += "<li><b class=\"\(site.overOccupied.m2 > 0 ? "prohibited" : "clear")\">\(HTML.escape(strings["over_occupied"]))</b>: "
        html += MonitorHTML.area(site.overOccupied, json: "\(path).over_occupied", strings: strings) + "</li>"
        for (j, permit) in site.permits.enumerated() {
            let pp = "\(path).permits.\(j)"
            html += "<li>" + HTML.badge(strings[permit.expired ? "expired" : "valid"], cssClass: permit.expired ? "prohibited" : "clear") + " "
            html += "<span data-json=\"\(pp).permit_id\">\(HTML.escape(permit.permitID))</span>"
            if let until = permit.validUntil { html += " · \(HTML.escape(strings["valid_until"])) \(HTML.escape(until))" }
            if let approved = permit.approvedHa {
                html += " · \(HTML.escape(strings["approved"])) \(HTML.figure(approved, json: "\(pp).approved_ha", unit: strings["ha"]))"
            }
            html += " · \(HTML.escape(strings["permit_area"])) \(MonitorHTML.area(permit.area, json: "\(pp).area", strings: strings))</li>"
        }
        if !site.expiredPermits.isEmpty { html += "<li>\(HTML.escape(strings["remedy_expired"]))</li>" }
        if site.overOccupied.m2 > 0 { html += "<li>\(HTML.escape(strings["remedy_over"]))</li>" }
        html += "</ul><figure>" + (try map(index: index, evaluation: evaluation, classes: classes, strings: strings)) + "</figure>"
        return html + "</div>"
    }

    static func map(index: Int, evaluation: ForestEvaluation, classes: [String], strings: Strings) throws -> String {
        let site = evaluation.result.sites[index]
        guard index < evaluation.occupied.count else { return "" }
        let occupied = evaluation.occupied[index]
        let permits = index < evaluation.permitShapes.count ? evaluation.permitShapes[index] : []
        guard var svg = MonitorHTML.map(id: "map-\(index)", crs: evaluation.crs, title: "\(site.id) \(site.name ?? "")",
                                        extent: [occupied] + permits, strings: strings) else { return "" }
        let forestLand = index < evaluation.forestLand.count ? evaluation.forestLand[index] : []
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
        if site.overOccupied.m2 > 0, index < evaluation.overOccupied.count {
            svg.addPolygons(try MonitorHTML.rings(evaluation.overOccupied[index]), cssClass: "outside", fill: svg.hatch("outside"),
                            tooltip: "\(strings["over_occupied"]): \(HTML.number(site.overOccupied.mu)) \(strings["mu"])",
                            attributes: [("data-over", site.id)])
        }
        for (j, permit) in site.permits.enumerated() where j < permits.count && permit.expired {
            svg.addPolygons(try MonitorHTML.rings(permits[j]), cssClass: "permit-expired",
                            tooltip: "\(permit.permitID) (\(strings["expired"]) \(permit.validUntil ?? ""))", attributes: [("data-permit", permit.permitID)])
        }
        svg.addPolygons(try MonitorHTML.rings(occupied), cssClass: "occupied", tooltip: "\(strings["occupied"]) \(site.id)")
        // Labels: the over-occupied area, permits, the site.
        if site.overOccupied.m2 > 0, index < evaluation.overOccupied.count, let p = try MonitorHTML.labelPoint(evaluation.overOccupied[index]) {
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
