import Foundation

/// The screening report: summary, an overview map of all rights, a map for each of the worst
/// flagged rights in its metric working CRS (the right, the constraint zones by severity,
/// hatched overlaps, the retained boundary, labels with names and areas), the retained
/// boundary's corner coordinates, and paged, sortable tables with the JSON's figures.
/// At any number of rights the page stays small: `maps` caps the per-right maps (worst first),
/// and above `detailedOverviewLimit` rights the overview draws one path per verdict.
public enum ScreenHTML {
    /// Maps drawn by default: the worst 50 flagged rights.
    public static let defaultMaps = 50
    /// Above this many rights the overview is aggregated by verdict.
    static let detailedOverviewLimit = 500

    public static func render(_ outcome: ScreenOutcome, language: Language = .en, maps: Int = defaultMaps,
                              generated: Date = Date()) throws -> String {
        let result = outcome.result
        let strings = Strings(language)
        var page = ReportPage(title: strings["screen_title"], strings: strings,
                              subtitle: "\(strings["source"]): \(result.rightsSource)")
        let flagged = result.flaggedOrder()
        let mapped = Array(flagged.prefix(max(0, maps)))
        page.section(strings["summary"], id: "summary", keepTogether: true, summary(result, flagged: flagged, strings: strings))
        let shapes = try MapShapes()
        if let geometries = outcome.geometries, !geometries.rights.isEmpty {
            let svg = try overview(result, geometries, flagged: mapped, shapes: shapes, strings: strings)
            var content: [ReportElement] = [.figure(svg: svg, css: "", caption: nil, attributes: [])]
            if result.rights.count > detailedOverviewLimit { content.append(.paragraph([.text(strings["overview_aggregated"])], css: "note")) }
            page.section(strings["overview_map"], id: "overview", keepTogether: true, content)
        }
        if !flagged.isEmpty {
            var blocks: [ReportElement] = []
            for (number, index) in mapped.enumerated() {
                blocks.append(.block(try rightBlock(number: number + 1, index: index, outcome: outcome, shapes: shapes, page: &page)))
            }
            if flagged.count > mapped.count {
                blocks.append(.paragraph([.text(strings.format("more_flagged", flagged.count - mapped.count))], css: "note"))
            }
            page.section(strings["flagged_rights"], id: "rights-maps", blocks)
        }
        page.section(strings["tables"], id: "tables", tables(result, page: &page))
        return try page.render(generated: generated)
    }

    static func summary(_ result: ScreenResult, flagged: [Int], strings: Strings) -> [ReportElement] {
        let s = result.summary
        var cards = [Card(.figure(s.rights, json: "summary.rights"), strings["rights"]),
                     Card(.figure(s.overlapping, json: "summary.overlapping"), strings["overlapping"])]
        for verdict in Verdict.allCases.reversed() {
            let value: Int
            switch verdict {
            case .prohibited: value = s.prohibited
            case .restricted: value = s.restricted
            case .near: value = s.near
            case .clear: value = s.clear
            }
            cards.append(Card(.figure(value, json: "summary.\(verdict.rawValue)"), verdict.label(strings), css: verdict.rawValue))
        }
        cards.append(Card(.figure(s.overlapArea.roundedMu, json: "summary.overlap_area_mu", unit: strings["mu"]), strings["overlap_area"]))
        cards.append(Card(.figure(s.overlapArea.roundedHa, json: "summary.overlap_area_ha", places: 2, unit: strings["ha"]), strings["overlap_area"]))
        var content: [ReportElement] = [.cards(cards)]
        if s.slivers > 0 { content.append(.paragraph([.text("\(strings["slivers"]): "), .figure(s.slivers, json: "summary.slivers")], css: "note")) }
        if flagged.isEmpty { content.append(.paragraph([.text(strings["no_findings"])], css: "")) }
        return content
    }

    static func tables(_ result: ScreenResult, page: inout ReportPage) -> [ReportElement] {
        let strings = page.strings
        var content: [ReportElement] = [.paragraph([.text(strings["sort_hint"])], css: "note"), .heading(strings["rights"])]
        content.append(page.table(ScreenReport.rightsTable(result), rowPath: { "rights.\($0)" },
                                  jsonKeys: ["id": "id", "area_m2": "area_m2", "area_mu": "area_mu", "area_ha": "area_ha",
                                             "retained_area_m2": "retained_area_m2", "retained_area_mu": "retained_area_mu",
                                             "retained_area_ha": "retained_area_ha"],
                                  places: ["area_ha": 4, "retained_area_ha": 4], badges: ["verdict"]))
        var overlapPaths: [String] = []
        for (i, right) in result.rights.enumerated() {
            for j in right.overlaps.indices { overlapPaths.append("rights.\(i).overlaps.\(j)") }
        }
        content.append(.heading(strings["overlaps"]))
        content.append(page.table(ScreenReport.overlapsTable(result), rowPath: { overlapPaths[$0] },
                                  jsonKeys: ["feature_id": "feature_id", "area_m2": "area_m2", "area_mu": "area_mu",
                                             "area_ha": "area_ha", "share": "share"],
                                  places: ["area_ha": 4, "share": 4], badges: ["verdict", "severity"]))
        var nearPaths: [String] = []
        for (i, right) in result.rights.enumerated() {
            for j in right.near.indices { nearPaths.append("rights.\(i).near.\(j)") }
        }
        if !nearPaths.isEmpty {
            content.append(.heading(strings["near"]))
            content.append(page.table(ScreenReport.nearTable(result), rowPath: { nearPaths[$0] }, jsonKeys: ["distance_m": "distance_m"]))
        }
        var layers = Table(name: "layers", columns: [.text("layer"), .text("source"), .text("crs"), .count("features")])
        for layer in result.layers {
            layers.rows.append([.string(layer.name), .string(layer.source), .string(layer.crs), .integer(Int64(layer.features))])
        }
        content.append(.heading(strings["layer"]))
        content.append(page.table(layers))
        return content
    }

    // MARK: - Overview

    /// All rights on one map, coloured by verdict, flagged ones with a map numbered as in their
    /// sections. Geographic rights are drawn in an Albers equal-area projection centred on them.
    static func overview(_ result: ScreenResult, _ geometries: ScreenGeometries, flagged: [Int], shapes: MapShapes,
                         strings: Strings) throws -> String {
        let crs = geometries.crs
        let aggregated = result.rights.count > detailedOverviewLimit
        // Many rights: their boxes read off the WKB, outlines made only where they show (20,000
        // rights' geometries made and freed were a third of the overview's time).
        var drawn = aggregated ? [] : try geometries.rights.map { try shapes.geometry($0.right) }
        var boxes = aggregated ? try geometries.rights.map { try shapes.envelope($0.right) } : drawn.map { $0.envelope() }
        let albers = crs.isGeographic ? try albersProjection(boxes, from: crs) : nil
        if let transform = albers?.transform {
            if aggregated {
                boxes = try transformCorners(boxes, transform)
            } else {
                drawn = try drawn.map { try transform.transform($0) }
                boxes = drawn.map { $0.envelope() }
            }
        }
        /// The right's outline as drawn, in the rights' CRS when aggregated.
        func outline(_ index: Int) throws -> Geometry { aggregated ? try shapes.geometry(geometries.rights[index].right) : drawn[index] }
        guard let world = boxes.compactMap({ $0 }).reduce(nil, { (world: Envelope?, box) in world?.union(box) ?? box }) else { return "" }
        let caption = albers.map { "\(strings["crs"]): \($0.caption) — \(result.rightsSource)" }
            ?? "\(strings["crs"]): \(crs.name)\(crs.epsg.map { " (EPSG:\($0))" } ?? "")"
        var map = SVGMap(id: "overview-map", world: world.padded(0.06, minimum: 5000), height: 520, crsCaption: caption,
                         title: strings["overview_map"])
        if albers != nil { map.tickFormat = { String(format: "%.0f", $0 / 1000) } }
        let numbers = Dictionary(uniqueKeysWithValues: flagged.enumerated().map { ($1, $0 + 1) })
        if aggregated {
            try drawByVerdict(result, outline: outline, boxes: boxes, transform: albers?.transform, on: &map)
        } else {
            try drawEach(result, drawn, numbers: numbers, on: &map, strings: strings)
        }
        // Flagged rights with a map of their own: numbered as their sections (and marked, when aggregated).
        for index in flagged {
            let shape = try outline(index)
            guard !shape.isEmpty, let number = numbers[index] else { continue }
            var p = try shape.pointOnSurface()
            if aggregated, let transform = albers?.transform {
                var xy = [p.x, p.y]
                try transform.transform(&xy)
                p = (xy[0], xy[1])
            }
            let right = result.rights[index]
            if aggregated {
                map.addPoint(x: p.x, y: p.y, label: nil, cssClass: "feature-\(right.verdict.rawValue)", radius: 4,
                             tooltip: "\(number). \(right.id) \(right.name ?? "") — \(right.verdict.label(strings))")
            }
            let offset = 9 / map.transform.scale
            map.addLabel(x: p.x + offset * 1.6, y: p.y + offset, lines: ["\(number)"])
        }
        let legend = Verdict.allCases.reversed().map { verdict in
            (swatch: "class=\"feature-\(verdict.rawValue)\"", label: verdict.label(strings))
        }
        return map.render(legend: legend)
    }

    /// An Albers equal-area projection centred on geographic rights (CGCS2000/GRS80), in metres.
    static func albersProjection(_ boxes: [Envelope?], from crs: SpatialReference) throws -> (transform: CoordinateTransform, caption: String) {
        let extent = boxes.compactMap { $0 }.reduce(nil) { (extent: Envelope?, box) in extent?.union(box) ?? box }
        let lon0 = ((extent?.center.x ?? 105) * 10).rounded() / 10
        let lat0 = ((extent?.center.y ?? 30) * 10).rounded() / 10
        let albers = try SpatialReference(
            "+proj=aea +lat_1=\(lat0 - 5) +lat_2=\(lat0 + 5) +lat_0=\(lat0) +lon_0=\(lon0) +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs")
        let caption = "Albers equal-area, CGCS2000/GRS80, lon₀ \(lon0)°, lat₀ \(lat0)° (km)"
        return (try CoordinateTransform(from: crs, to: albers), caption)
    }

    /// Boxes through `transform` by their corners, in one batch (a box spans a few pixels at
    /// most where it is used, so its edges' curvature does not matter).
    static func transformCorners(_ boxes: [Envelope?], _ transform: CoordinateTransform) throws -> [Envelope?] {
        var xy: [Double] = []
        xy.reserveCapacity(boxes.count * 8)
        for case let box? in boxes { xy += [box.minX, box.minY, box.maxX, box.minY, box.maxX, box.maxY, box.minX, box.maxY] }
        try transform.transform(&xy)
        var start = 0
        return boxes.map { box in
            guard box != nil else { return nil }
            let xs = stride(from: start, to: start + 8, by: 2).map { xy[$0] }, ys = stride(from: start + 1, to: start + 8, by: 2).map { xy[$0] }
            start += 8
            return Envelope(minX: xs.min() ?? 0, minY: ys.min() ?? 0, maxX: xs.max() ?? 0, maxY: ys.max() ?? 0)
        }
    }

    /// Every right as its own outline with a tooltip, and a marker so that small ones stay visible.
    static func drawEach(_ result: ScreenResult, _ drawn: [Geometry], numbers: [Int: Int], on map: inout SVGMap, strings: Strings) throws {
        for (index, geometry) in drawn.enumerated() {
            let right = result.rights[index]
            map.addPolygons(try geometry.polygonRings(), cssClass: "feature-\(right.verdict.rawValue)",
                            tooltip: "\(right.id) \(right.name ?? "")", attributes: [("data-right", right.id)])
        }
        // Clear ones first, flagged on top.
        let order = drawn.indices.sorted { result.rights[$0].verdict < result.rights[$1].verdict }
        for index in order where !drawn[index].isEmpty {
            let right = result.rights[index]
            let p = try drawn[index].pointOnSurface()
            map.addPoint(x: p.x, y: p.y, label: nil, cssClass: "feature-\(right.verdict.rawValue)", radius: 5,
                         tooltip: "\(numbers[index].map { "\($0). " } ?? "")\(right.id) \(right.name ?? "") — \(right.verdict.label(strings))")
        }
    }

    /// Many rights: one path per verdict (clear under flagged). A right whose box (`boxes`, map
    /// CRS) spans under two pixels is a dot at its centre; a larger one its outline, transformed
    /// and simplified to the pixel.
    static func drawByVerdict(_ result: ScreenResult, outline: (Int) throws -> Geometry, boxes: [Envelope?], transform: CoordinateTransform?,
                              on map: inout SVGMap) throws {
        let scale = map.transform.scale
        for verdict in Verdict.allCases {
            var d = ""
            for index in result.rights.indices where result.rights[index].verdict == verdict {
                guard let box = boxes[index] else { continue }
                if max(box.width, box.height) * scale < 2 {
                    let c = box.center
                    d += map.simplifiedPathData([[[c.x, c.y, c.x, c.y, c.x, c.y, c.x, c.y]]], tolerance: 1)
                    continue
                }
                let shape = try outline(index)
                d += map.simplifiedPathData(try (transform?.transform(shape) ?? shape).polygonRings(), tolerance: 1)
            }
            map.addPath(d, cssClass: "feature-\(verdict.rawValue)", attributes: [("data-verdict", verdict.rawValue)])
        }
    }

    // MARK: - One right

    static func rightBlock(number: Int, index: Int, outcome: ScreenOutcome, shapes: MapShapes, page: inout ReportPage) throws -> ReportBlock {
        let strings = page.strings
        let right = outcome.result.rights[index]
        var block = ReportBlock(id: "right-\(index)", kind: "right", key: right.id,
                          heading: [.text("\(number). \(right.name ?? right.id) "), .small(right.id), .badge(right.verdict.label(strings), css: right.verdict.rawValue)])
        block.content.append(.facts(facts(right, path: "rights.\(index)", strings: strings)))
        if let kept = outcome.geometries?.rights[index], let map = kept.map {
            let svg = try rightMap(right: right, shapes: map, reader: shapes, strings: strings, id: "map-\(index)")
            block.content.append(.figure(svg: svg, css: "", caption: nil, attributes: []))
            if right.isShrunk, let zoned = kept.retainedInZone,
               let corners = try cornerTable(zoned.wkb, epsg: zoned.epsg, minAreaM2: outcome.result.minAreaM2, shapes: shapes, page: &page) {
                block.content.append(corners)
            }
        }
        return block
    }

    static func facts(_ right: RightResult, path: String, strings: Strings) -> [ReportLine] {
        var lines: [ReportLine] = [[.text("\(strings["right_area"]): "), .figure(right.area.roundedMu, json: "\(path).area_mu", unit: strings["mu"]),
                                    .text(" = "), .figure(right.area.roundedHa, json: "\(path).area_ha", places: 2, unit: strings["ha"]),
                                    .text(" = "), .figure(right.area.roundedM2, json: "\(path).area_m2", places: 0, unit: "m²")]]
        for (j, overlap) in right.overlaps.enumerated() {
            let op = "\(path).overlaps.\(j)"
            lines.append([.badge(overlap.severity.label(strings), css: overlap.severity.rawValue),
                          .text(" \(overlap.layer) / \(overlap.featureName ?? overlap.featureID)\(overlap.class.map { "（\($0)）" } ?? ""): "),
                          .figure(overlap.area.roundedMu, json: "\(op).area_mu", unit: strings["mu"]), .text(" = "),
                          .figure(overlap.area.roundedHa, json: "\(op).area_ha", places: 2, unit: strings["ha"]),
                          .text(", \(strings["share"]) \(HTML.number(overlap.share * 100, 1)) %")])
        }
        for (j, near) in right.near.enumerated() {
            lines.append([.badge(strings["near"], css: "near"),
                          .text(" \(near.layer) / \(near.featureName ?? near.featureID)\(near.class.map { "（\($0)）" } ?? ""): "),
                          .figure(near.distanceM, json: "\(path).near.\(j).distance_m", places: 0, unit: "m")])
        }
        if right.isShrunk {
            lines.append([.strong(strings["retained_area"], css: ""), .text(": "),
                          .figure(right.retainedArea.roundedMu, json: "\(path).retained_area_mu", unit: strings["mu"]), .text(" = "),
                          .figure(right.retainedArea.roundedHa, json: "\(path).retained_area_ha", places: 2, unit: strings["ha"])])
        }
        lines.append([.text(remedy(right, strings))])
        return lines
    }

    static func remedy(_ right: RightResult, _ strings: Strings) -> String {
        switch right.verdict {
        case .prohibited: return !right.retainsLand ? strings["remedy_exit"] : strings["remedy_shrink"]
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
        if right.isShrunk, right.retainsLand {
            svg.addPolygons(try reader.rings(map.retained), cssClass: "retained", tooltip: strings["retained"])
        }
        for (j, overlap) in right.overlaps.enumerated() where j < map.overlaps.count {
            svg.addPolygons(try reader.rings(map.overlaps[j]), cssClass: "overlap", fill: svg.hatch(overlap.severity.rawValue),
                            tooltip: "\(overlap.featureName ?? overlap.featureID): \(HTML.number(overlap.area.roundedMu)) \(strings["mu"])",
                            attributes: [("data-overlap", "\(j)")])
        }
        if right.isShrunk, right.retainsLand {
            svg.addPolygons(try reader.rings(map.retained), cssClass: "retained-outline")
        }
        svg.addPolygons(try reader.rings(map.right), cssClass: "right", tooltip: right.id, attributes: [("data-right", right.id)])
        // Labels: overlaps with their areas first (most important), then the right, then zones.
        for (j, overlap) in right.overlaps.enumerated() where j < map.overlaps.count {
            guard let p = try reader.labelPoint(map.overlaps[j]) else { continue }
            svg.addLabel(x: p.x, y: p.y, lines: ["\(HTML.number(overlap.area.roundedMu)) \(strings["mu"])",
                                                 "\(HTML.number(overlap.area.roundedHa)) \(strings["ha"]) · \(HTML.number(overlap.share * 100, 1))%"])
        }
        if let p = try reader.labelPoint(map.right) {
            svg.addLabel(x: p.x, y: p.y, lines: [right.name ?? right.id, "\(HTML.number(right.area.roundedMu)) \(strings["mu"])"])
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
        if right.isShrunk, right.retainsLand { legend.append(("class=\"retained\"", strings["retained"])) }
        return svg.render(legend: legend)
    }

    /// The retained boundary's corner points (J1…, X northing, Y easting) in its Gauss-Krüger
    /// zone, on the 0.01 m grid: the points of the right's retained corner file
    /// (`RetainedCornerFile.gridShape`).
    static func cornerTable(_ wkb: [UInt8], epsg: Int, minAreaM2: Double, shapes: MapShapes, page: inout ReportPage) throws -> ReportElement? {
        guard !wkb.isEmpty, let shape = try RetainedCornerFile.gridShape(try shapes.geometry(wkb), minAreaM2: minAreaM2) else { return nil }
        let polygons = try shape.polygonRings()
        guard !polygons.isEmpty else { return nil }
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
        let strings = page.strings
        let summary = "\(strings["retained_corners"]) (EPSG:\(epsg), \(table.rows.count) \(strings["points"]))"
        return .details(summary: summary, open: table.rows.count <= 40,
                        content: [page.table(table, places: ["x": 2, "y": 2], plain: ["x", "y"])])
    }
}
