import Foundation

/// The screening report: summary, an overview map of all rights, a map per flagged right in
/// its metric working CRS (the right, the constraint zones by severity, hatched overlaps, the
/// retained boundary, labels with names and areas), the retained boundary's corner
/// coordinates, and sortable tables with the JSON's figures.
public enum ScreenHTML {
    public static func render(_ outcome: ScreenOutcome, language: Language = .en, generated: Date = Date()) throws -> String {
        let result = outcome.result
        let strings = Strings(language)
        let s = result.summary
        var page = ReportPage(title: strings["screen_title"], strings: strings,
                              subtitle: "\(strings["source"]): \(result.rightsSource)")

        // Summary
        var cards = HTML.card(HTML.figure(s.rights, json: "summary.rights"), strings["rights"])
        cards += HTML.card(HTML.figure(s.overlapping, json: "summary.overlapping"), strings["overlapping"])
        for verdict in Verdict.allCases.reversed() {
            let value: Int
            switch verdict {
            case .prohibited: value = s.prohibited
            case .restricted: value = s.restricted
            case .near: value = s.near
            case .clear: value = s.clear
            }
            cards += HTML.card(HTML.figure(value, json: "summary.\(verdict.rawValue)"), verdict.label(strings), cssClass: verdict.rawValue)
        }
        cards += HTML.card(HTML.figure(s.overlapAreaMu, json: "summary.overlap_area_mu", unit: strings["mu"]),
                           strings["overlap_area"])
        cards += HTML.card(HTML.figure(s.overlapAreaHa, json: "summary.overlap_area_ha", places: 2, unit: strings["ha"]),
                           strings["overlap_area"])
        var summary = "<div class=\"cards\">\(cards)</div>"
        if s.slivers > 0 { summary += "<p class=\"note\">\(HTML.escape(strings["slivers"])): \(HTML.figure(s.slivers, json: "summary.slivers"))</p>" }
        let flagged = flaggedOrder(result)
        if flagged.isEmpty { summary += "<p>\(HTML.escape(strings["no_findings"]))</p>" }
        page.section(strings["summary"], id: "summary", keepTogether: true, summary)

        let shapes = try MapShapes()
        if let geometries = outcome.geometries, !geometries.rights.isEmpty {
            page.section(strings["overview_map"], id: "overview", keepTogether: true,
                         "<figure>" + (try overview(result, geometries, flagged: flagged, shapes: shapes, strings: strings)) + "</figure>")
        }

        // One map per flagged right
        if !flagged.isEmpty {
            var blocks = ""
            for (number, index) in flagged.enumerated() {
                blocks += try rightBlock(number: number + 1, index: index, outcome: outcome, shapes: shapes, strings: strings)
            }
            page.section(strings["flagged_rights"], id: "rights-maps", blocks)
        }

        // Tables
        var tables = "<p class=\"note\">\(HTML.escape(strings["sort_hint"]))</p>"
        tables += "<h3>\(HTML.escape(strings["rights"]))</h3>"
        tables += HTML.sortableTable(ScreenReport.rightsTable(result), titles: strings.column, rowPath: { "rights.\($0)" },
                                     jsonKeys: ["id": "id", "area_m2": "area_m2", "area_mu": "area_mu", "area_ha": "area_ha",
                                                "retained_area_m2": "retained_area_m2", "retained_area_mu": "retained_area_mu",
                                                "retained_area_ha": "retained_area_ha"],
                                     places: ["area_ha": 4, "retained_area_ha": 4], badges: ["verdict"])
        var overlapPaths: [String] = []
        for (i, right) in result.rights.enumerated() {
            for j in right.overlaps.indices { overlapPaths.append("rights.\(i).overlaps.\(j)") }
        }
        tables += "<h3>\(HTML.escape(strings["overlaps"]))</h3>"
        tables += HTML.sortableTable(ScreenReport.overlapsTable(result), titles: strings.column, rowPath: { overlapPaths[$0] },
                                     jsonKeys: ["feature_id": "feature_id", "area_m2": "area_m2", "area_mu": "area_mu",
                                                "area_ha": "area_ha", "share": "share"],
                                     places: ["area_ha": 4, "share": 4], badges: ["verdict", "severity"])
        var nearPaths: [String] = []
        for (i, right) in result.rights.enumerated() {
            for j in right.near.indices { nearPaths.append("rights.\(i).near.\(j)") }
        }
        if !nearPaths.isEmpty {
            tables += "<h3>\(HTML.escape(strings["near"]))</h3>"
            tables += HTML.sortableTable(ScreenReport.nearTable(result), titles: strings.column, rowPath: { nearPaths[$0] },
                                         jsonKeys: ["distance_m": "distance_m"])
        }
        var layers = Table(name: "layers", columns: [.text("layer"), .text("source"), .text("crs"), .count("features")])
        for layer in result.layers {
            layers.rows.append([.string(layer.name), .string(layer.source), .string(layer.crs), .integer(Int64(layer.features))])
        }
        tables += "<h3>\(HTML.escape(strings["layer"]))</h3>" + HTML.sortableTable(layers, titles: strings.column)
        page.section(strings["tables"], id: "tables", tables)
        return page.render(generated: generated)
    }

    /// Indices of rights that need a map (not clear), worst first, then by overlap share.
    static func flaggedOrder(_ result: ScreenResult) -> [Int] {
        result.rights.indices.filter { result.rights[$0].verdict != .clear }.sorted { a, b in
            let ra = result.rights[a], rb = result.rights[b]
            if ra.verdict != rb.verdict { return ra.verdict > rb.verdict }
            return a < b
        }
    }

    // MARK: - Overview

    /// All rights on one map, coloured by verdict, flagged ones numbered as in their sections.
    /// Geographic rights are drawn in an Albers equal-area projection centred on them.
    static func overview(_ result: ScreenResult, _ geometries: ScreenGeometries, flagged: [Int], shapes: MapShapes,
                         strings: Strings) throws -> String {
        let crs = try SpatialReference(geometries.crsWKT)
        var transform: CoordinateTransform?
        var caption = "\(strings["crs"]): \(crs.name)\(crs.epsg.map { " (EPSG:\($0))" } ?? "")"
        var drawn: [Geometry] = []
        for wkb in geometries.rights { drawn.append(try shapes.geometry(wkb)) }
        if crs.isGeographic {
            var extent: Envelope?
            for geometry in drawn { if let e = geometry.envelope() { extent = extent.map { $0.union(e) } ?? e } }
            let lon0 = ((extent?.center.x ?? 105) * 10).rounded() / 10
            let lat0 = ((extent?.center.y ?? 30) * 10).rounded() / 10
            let albers = try SpatialReference(
                "+proj=aea +lat_1=\(lat0 - 5) +lat_2=\(lat0 + 5) +lat_0=\(lat0) +lon_0=\(lon0) +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs")
            transform = try CoordinateTransform(from: crs, to: albers)
            caption = "\(strings["crs"]): Albers equal-area, CGCS2000/GRS80, lon₀ \(lon0)°, lat₀ \(lat0)° (km) — \(result.rightsSource)"
        }
        if let transform { drawn = try drawn.map { try transform.transform($0) } }
        var world: Envelope?
        for geometry in drawn { if let e = geometry.envelope() { world = world.map { $0.union(e) } ?? e } }
        guard let world else { return "" }
        var map = SVGMap(id: "overview-map", world: world.padded(0.06, minimum: 5000), height: 520, crsCaption: caption,
                         title: strings["overview_map"])
        if transform != nil { map.tickFormat = { String(format: "%.0f", $0 / 1000) } }
        let numbers = Dictionary(uniqueKeysWithValues: flagged.enumerated().map { ($1, $0 + 1) })
        for (index, geometry) in drawn.enumerated() {
            let right = result.rights[index]
            map.addPolygons(try geometry.polygonRings(), cssClass: "feature-\(right.verdict.rawValue)",
                            tooltip: "\(right.id) \(right.name ?? "")", attributes: [("data-right", right.id)])
        }
        // Markers so that small rights stay visible at this scale; clear ones first, flagged on top.
        let order = drawn.indices.sorted { result.rights[$0].verdict < result.rights[$1].verdict }
        for index in order {
            let right = result.rights[index]
            guard !drawn[index].isEmpty else { continue }
            let p = try drawn[index].pointOnSurface()
            map.addPoint(x: p.x, y: p.y, label: nil, cssClass: "feature-\(right.verdict.rawValue)", radius: 5,
                         tooltip: "\(numbers[index].map { "\($0). " } ?? "")\(right.id) \(right.name ?? "") — \(right.verdict.label(strings))")
        }
        for index in flagged {
            guard let number = numbers[index], !drawn[index].isEmpty else { continue }
            let p = try drawn[index].pointOnSurface()
            let offset = 9 / map.transform.scale
            map.addLabel(x: p.x + offset * 1.6, y: p.y + offset, lines: ["\(number)"])
        }
        let legend = Verdict.allCases.reversed().map { verdict in
            (swatch: "class=\"feature-\(verdict.rawValue)\"", label: verdict.label(strings))
        }
        return map.render(legend: legend)
    }

    // MARK: - One right

    static func rightBlock(number: Int, index: Int, outcome: ScreenOutcome, shapes: MapShapes, strings: Strings) throws -> String {
        let result = outcome.result
        let right = result.rights[index]
        let path = "rights.\(index)"
        var html = "<div class=\"mapblock\" id=\"right-\(index)\" data-right=\"\(HTML.escape(right.id))\">"
        html += "<h3>\(number). \(HTML.escape(right.name ?? right.id)) <small>\(HTML.escape(right.id))</small>"
        html += HTML.badge(right.verdict.label(strings), cssClass: right.verdict.rawValue) + "</h3>"
        html += "<ul class=\"facts\">"
        html += "<li>\(HTML.escape(strings["right_area"])): \(HTML.figure(right.areaMu, json: "\(path).area_mu", unit: strings["mu"])) = "
        html += "\(HTML.figure(right.areaHa, json: "\(path).area_ha", places: 2, unit: strings["ha"])) = "
        html += "\(HTML.figure(right.areaM2, json: "\(path).area_m2", places: 0, unit: "m²"))</li>"
        for (j, overlap) in right.overlaps.enumerated() {
            let op = "\(path).overlaps.\(j)"
            html += "<li>" + HTML.badge(overlap.severity.label(strings), cssClass: overlap.severity.rawValue) + " "
            html += HTML.escape("\(overlap.layer) / \(overlap.featureName ?? overlap.featureID)\(overlap.class.map { "（\($0)）" } ?? "")")
            html += ": \(HTML.figure(overlap.areaMu, json: "\(op).area_mu", unit: strings["mu"])) = "
            html += "\(HTML.figure(overlap.areaHa, json: "\(op).area_ha", places: 2, unit: strings["ha"])), "
            html += "\(HTML.escape(strings["share"])) \(HTML.number(overlap.share * 100, 1)) %</li>"
        }
        for (j, near) in right.near.enumerated() {
            html += "<li>" + HTML.badge(strings["near"], cssClass: "near") + " "
            html += HTML.escape("\(near.layer) / \(near.featureName ?? near.featureID)\(near.class.map { "（\($0)）" } ?? "")")
            html += ": \(HTML.figure(near.distanceM, json: "\(path).near.\(j).distance_m", places: 0, unit: "m"))</li>"
        }
        if right.isShrunk {
            html += "<li><b>\(HTML.escape(strings["retained_area"]))</b>: "
            html += "\(HTML.figure(right.retainedAreaMu, json: "\(path).retained_area_mu", unit: strings["mu"])) = "
            html += "\(HTML.figure(right.retainedAreaHa, json: "\(path).retained_area_ha", places: 2, unit: strings["ha"]))</li>"
        }
        html += "<li>\(HTML.escape(remedy(right, strings)))</li></ul>"
        if let geometries = outcome.geometries, index < geometries.maps.count {
            html += "<figure>" + (try rightMap(right: right, shapes: geometries.maps[index], reader: shapes, strings: strings, id: "map-\(index)"))
            html += "</figure>"
            if right.isShrunk, index < geometries.retainedInZone.count, let zoned = geometries.retainedInZone[index] {
                html += try cornerTable(zoned.wkb, epsg: zoned.epsg, shapes: shapes, strings: strings)
            }
        }
        return html + "</div>"
    }

    static func remedy(_ right: RightResult, _ strings: Strings) -> String {
        switch right.verdict {
        case .prohibited: return right.retainedAreaM2 <= 0 ? strings["remedy_exit"] : strings["remedy_shrink"]
        case .restricted: return strings["remedy_restricted"]
        case .near: return strings["remedy_near"]
        case .clear: return ""
        }
    }

    /// The right in its working CRS: zones by severity, hatched overlaps, the retained boundary.
    static func rightMap(right: RightResult, shapes map: RightMapShapes, reader: MapShapes, strings: Strings, id: String) throws -> String {
        var world = map.window
        if let e = try reader.envelope(map.right) { world = world.union(e) }
        var svg = SVGMap(id: id, world: world, crsCaption: "\(strings["crs"]): \(map.crsName) (\(map.crsLabel))",
                         title: "\(right.id) \(right.name ?? "")")
        // Zones: restricted under prohibited; near ones too.
        let features = map.features.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }
        for (_, feature) in features {
            svg.addPolygons(try reader.rings(feature.wkb), cssClass: "zone-\(feature.severity.rawValue)",
                            tooltip: "\(feature.layer) \(feature.featureName ?? feature.featureID) \(feature.class ?? "")",
                            attributes: [("data-layer", feature.layer), ("data-feature", feature.featureID)])
        }
        if right.isShrunk, right.retainedAreaM2 > 0 {
            svg.addPolygons(try reader.rings(map.retained), cssClass: "retained", tooltip: strings["retained"])
        }
        for (j, overlap) in right.overlaps.enumerated() where j < map.overlaps.count {
            svg.addPolygons(try reader.rings(map.overlaps[j]), cssClass: "overlap", fill: svg.hatch(overlap.severity.rawValue),
                            tooltip: "\(overlap.featureName ?? overlap.featureID): \(HTML.number(overlap.areaMu)) \(strings["mu"])",
                            attributes: [("data-overlap", "\(j)")])
        }
        if right.isShrunk, right.retainedAreaM2 > 0 {
            svg.addPolygons(try reader.rings(map.retained), cssClass: "retained-outline")
        }
        svg.addPolygons(try reader.rings(map.right), cssClass: "right", tooltip: right.id, attributes: [("data-right", right.id)])
        // Labels: overlaps with their areas first (most important), then the right, then zones.
        for (j, overlap) in right.overlaps.enumerated() where j < map.overlaps.count {
            guard let p = try reader.labelPoint(map.overlaps[j]) else { continue }
            svg.addLabel(x: p.x, y: p.y, lines: ["\(HTML.number(overlap.areaMu)) \(strings["mu"])",
                                                 "\(HTML.number(overlap.areaHa)) \(strings["ha"]) · \(HTML.number(overlap.share * 100, 1))%"])
        }
        if let p = try reader.labelPoint(map.right) {
            svg.addLabel(x: p.x, y: p.y, lines: [right.name ?? right.id, "\(HTML.number(right.areaMu)) \(strings["mu"])"])
        }
        var labelled = Set<String>()
        for feature in map.features where labelled.insert("\(feature.layer)\u{1}\(feature.featureID)").inserted {
            guard let p = try reader.labelPoint(feature.wkb) else { continue }
            svg.addLabel(x: p.x, y: p.y, lines: [feature.featureName ?? feature.featureID, feature.class ?? ""],
                         cssClass: "label zone-label")
        }
        var legend: [(swatch: String, label: String)] = [("fill=\"none\" stroke=\"#111\" stroke-width=\"2\"", strings["right_outline"])]
        let severities = Set(map.features.map(\.severity))
        if severities.contains(.prohibited) { legend.append(("class=\"zone-prohibited\"", strings["zone_prohibited"])) }
        if severities.contains(.restricted) { legend.append(("class=\"zone-restricted\"", strings["zone_restricted"])) }
        if !right.overlaps.isEmpty {
            let kind = right.overlaps.contains { $0.severity == .prohibited } ? "prohibited" : "restricted"
            legend.append(("fill=\"\(svg.hatch(kind))\" stroke=\"#4a148c\"", strings["overlap_fill"]))
        }
        if right.isShrunk, right.retainedAreaM2 > 0 { legend.append(("class=\"retained\"", strings["retained"])) }
        return svg.render(legend: legend)
    }

    /// The retained boundary's corner points (J1…, X northing, Y easting) in its Gauss-Krüger zone.
    static func cornerTable(_ wkb: [UInt8], epsg: Int, shapes: MapShapes, strings: Strings) throws -> String {
        let polygons = try shapes.rings(wkb)
        guard !polygons.isEmpty else { return "" }
        var table = Table(name: "corners", columns: [.text("block"), .count("ring"), .text("point"), .number("x"), .number("y")])
        for (partIndex, rings) in polygons.enumerated() {
            var number = 0
            for (ringIndex, ring) in rings.enumerated() {
                for point in 0..<max(0, ring.count / 2 - 1) {
                    number += 1
                    table.rows.append([.string("\(partIndex + 1)"), .integer(Int64(ringIndex + 1)), .string("J\(number)"),
                                       .real(ring[2 * point + 1]), .real(ring[2 * point])])
                }
            }
        }
        var html = "<details class=\"corners\"\(table.rows.count <= 40 ? " open" : "")><summary>\(HTML.escape(strings["retained_corners"])) "
        html += "(EPSG:\(epsg), \(table.rows.count) \(HTML.escape(strings["points"])))</summary>"
        html += HTML.sortableTable(table, titles: strings.column, places: ["x": 2, "y": 2], plain: ["x", "y"]) + "</details>"
        return html
    }
}
