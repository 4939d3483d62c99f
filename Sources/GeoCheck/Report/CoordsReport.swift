import Foundation

/// Tables and the HTML report of `geocheck coords`: a map of the blocks with their numbered
/// corner points in the file's Gauss-Krüger zone, and the blocks' areas and corner lists.
public enum CoordsReport {
    public static func blocksTable(_ result: CoordsResult) -> Table {
        var table = Table(name: "blocks", columns: [
            .text("block"), .text("name"), .count("points"), .count("rings"), .number("area_m2"), .number("area_mu"),
            .number("area_ha"), .number("planar_area_m2"), .number("planar_area_mu"), .number("top"), .number("bottom"),
        ])
        for block in result.blocks {
            table.rows.append([
                .string(block.block), .text(block.name), .integer(Int64(block.points)), .integer(Int64(block.rings)),
                .real(block.areaM2), .real(block.areaMu), .real(block.areaHa), .real(block.planarAreaM2), .real(block.planarAreaMu),
                .number(block.top), .number(block.bottom),
            ])
        }
        return table
    }

    /// Every corner point: block, ring, point name, X (northing), Y (easting) as written.
    public static func pointsTable(_ file: CornerFile) -> Table {
        var table = Table(name: "points", columns: [.text("block"), .count("ring"), .text("point"), .number("x"), .number("y")])
        for block in file.blocks {
            for (ringIndex, ring) in block.rings.enumerated() {
                for point in ring {
                    table.rows.append([.string(block.id), .integer(Int64(ringIndex + 1)), .string(point.name),
                                       .real(point.northing), .real(point.easting)])
                }
            }
        }
        return table
    }

    public static func html(_ result: CoordsResult, file: CornerFile, language: Language = .en, generated: Date = Date()) throws -> String {
        let strings = Strings(language)
        var page = ReportPage(title: "\(strings["coords_title"]) — \((result.source as NSString).lastPathComponent)", strings: strings,
                              subtitle: "\(strings["source"]): \(result.source)")
        var cards = HTML.card(HTML.figure(result.blocks.count, json: "blocks.length"), strings["blocks"])
        for (index, block) in result.blocks.enumerated() {
            cards += HTML.card(HTML.figure(block.areaMu, json: "blocks.\(index).area_mu", unit: strings["mu"]),
                               "\(strings["block"]) \(block.block) · " + String(format: "%.2f %@", block.areaHa, strings["ha"]))
        }
        var summary = "<div class=\"cards\">\(cards)</div><ul class=\"facts\">"
        summary += "<li>\(HTML.escape(strings["crs"])): \(HTML.escape(result.crs)) · \(HTML.escape(strings["datum"])) \(HTML.escape(file.datum.chineseName))"
        summary += " · \(HTML.escape(strings["zone"])) \(file.zone) (\(file.zoneWidth)°)</li>"
        for (index, block) in result.blocks.enumerated() {
            summary += "<li>\(HTML.escape(strings["block"])) \(HTML.escape(block.block)): \(HTML.escape(strings["ellipsoidal_area"])) "
            summary += HTML.figure(block.areaM2, json: "blocks.\(index).area_m2", unit: "m²") + " = "
            summary += HTML.figure(block.areaMu, json: "blocks.\(index).area_mu", unit: strings["mu"]) + " = "
            summary += HTML.figure(block.areaHa, json: "blocks.\(index).area_ha", places: 4, unit: strings["ha"])
            summary += "; \(HTML.escape(strings["planar_area"])) " + HTML.figure(block.planarAreaM2, json: "blocks.\(index).planar_area_m2", unit: "m²")
            if block.top != nil || block.bottom != nil {
                summary += "; \(HTML.escape(strings["elevation"])) \(block.top.map { HTML.number($0, 0) } ?? "?") – \(block.bottom.map { HTML.number($0, 0) } ?? "?")"
            }
            summary += "</li>"
        }
        page.section(strings["summary"], id: "summary", keepTogether: true, summary + "</ul>")
        page.section(strings["maps"], id: "map", keepTogether: true, "<div class=\"mapblock first\">" + (try map(result, file: file, strings: strings)) + "</div>")
        var tables = "<p class=\"note\">\(HTML.escape(strings["sort_hint"]))</p>"
        tables += HTML.sortableTable(blocksTable(result), titles: strings.column, rowPath: { "blocks.\($0)" },
                                     jsonKeys: ["block": "block", "area_m2": "area_m2", "area_mu": "area_mu", "area_ha": "area_ha",
                                                "planar_area_m2": "planar_area_m2", "planar_area_mu": "planar_area_mu", "points": "points"],
                                     places: ["area_ha": 4, "top": 0, "bottom": 0])
        tables += "<h3>\(HTML.escape(strings["coords_title"]))</h3>"
        tables += HTML.sortableTable(pointsTable(file), titles: strings.column, places: ["x": 2, "y": 2], plain: ["x", "y"])
        page.section(strings["tables"], id: "tables", tables)
        return page.render(generated: generated)
    }

    static func map(_ result: CoordsResult, file: CornerFile, strings: Strings) throws -> String {
        var world: Envelope?
        for block in file.blocks {
            for ring in block.rings {
                for point in ring {
                    let e = Envelope(minX: point.easting, minY: point.northing, maxX: point.easting, maxY: point.northing)
                    world = world.map { $0.union(e) } ?? e
                }
            }
        }
        guard let world else { return "" }
        let crs = try SpatialReference(epsg: file.epsg)
        var svg = SVGMap(id: "map-blocks", world: world.padded(0.12, minimum: 100),
                         crsCaption: "\(strings["crs"]): \(crs.name) (EPSG:\(file.epsg)) — \(strings["x_northing"]), \(strings["y_easting"])",
                         title: result.source)
        let shapes = try MapShapes()
        for (index, block) in file.blocks.enumerated() {
            let rings = block.rings.map { ring -> [Double] in
                var xy = ring.flatMap { [$0.easting, $0.northing] }
                if let first = ring.first { xy += [first.easting, first.northing] }
                return xy
            }
            svg.addPolygons([rings], cssClass: "block", tooltip: "\(strings["block"]) \(block.id)", attributes: [("data-block", block.id)])
            let polygon = try shapes.context.polygon(rings: rings)
            if !polygon.isEmpty, index < result.blocks.count {
                let p = try polygon.pointOnSurface()
                let area = result.blocks[index]
                svg.addLabel(x: p.x, y: p.y, lines: ["\(strings["block"]) \(block.id)", "\(HTML.number(area.areaMu)) \(strings["mu"])",
                                                     "\(HTML.number(area.areaHa, 2)) \(strings["ha"])"])
            }
        }
        let total = file.blocks.reduce(0) { $0 + $1.pointCount }
        for block in file.blocks {
            for ring in block.rings {
                for (index, point) in ring.enumerated() {
                    let label = total <= 80 || index % max(1, total / 60) == 0 ? point.name : nil
                    svg.addPoint(x: point.easting, y: point.northing, label: label)
                }
            }
        }
        return svg.render(legend: [("class=\"block\"", strings["blocks"])])
    }

    /// `coords --out`: coords.json, coords.csv (blocks), coords.xlsx (blocks, points),
    /// report.html. Returns the paths written (the GeoPackage is written by `Coords`).
    public static func write(_ result: CoordsResult, file: CornerFile, to out: OutputDirectory, language: Language) throws {
        try writeAtomically(try JSONOutput.encode(result), to: try out.path("coords.json"))
        try TableWriter.writeCSV(blocksTable(result), to: try out.path("coords.csv"), language: language)
        try TableWriter.writeXLSX([blocksTable(result), pointsTable(file)], to: try out.path("coords.xlsx"), language: language)
        try writeAtomically(Data(try html(result, file: file, language: language).utf8), to: try out.path("report.html"))
    }
}
