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
        var cards = [Card(.figure(result.blocks.count, json: "blocks.length"), strings["blocks"])]
        for (index, block) in result.blocks.enumerated() {
            cards.append(Card(.figure(block.areaMu, json: "blocks.\(index).area_mu", unit: strings["mu"]),
                              "\(strings["block"]) \(block.block) · " + String(format: "%.2f %@", block.areaHa, strings["ha"])))
        }
        var facts: [ReportLine] = [[.text("\(strings["crs"]): \(result.crs) · \(strings["datum"]) \(file.datum.chineseName) · \(strings["zone"]) \(file.zone) (\(file.zoneWidth)°)")]]
        for (index, block) in result.blocks.enumerated() {
            let path = "blocks.\(index)"
            var line: ReportLine = [.text("\(strings["block"]) \(block.block): \(strings["ellipsoidal_area"]) "),
                              .figure(block.areaM2, json: "\(path).area_m2", unit: "m²"), .text(" = "),
                              .figure(block.areaMu, json: "\(path).area_mu", unit: strings["mu"]), .text(" = "),
                              .figure(block.areaHa, json: "\(path).area_ha", places: 4, unit: strings["ha"]),
                              .text("; \(strings["planar_area"]) "), .figure(block.planarAreaM2, json: "\(path).planar_area_m2", unit: "m²")]
            if block.top != nil || block.bottom != nil {
                line.append(.text("; \(strings["elevation"]) \(block.top.map { HTML.number($0, 0) } ?? "?") – \(block.bottom.map { HTML.number($0, 0) } ?? "?")"))
            }
            facts.append(line)
        }
        page.section(strings["summary"], id: "summary", keepTogether: true, [.cards(cards), .facts(facts)])
        page.section(strings["maps"], id: "map", keepTogether: true,
                     [.figure(svg: try map(result, file: file, strings: strings), css: "mapblock first", caption: nil, attributes: [])])
        var tables: [ReportElement] = [.paragraph([.text(strings["sort_hint"])], css: "note")]
        tables.append(page.table(blocksTable(result), rowPath: { "blocks.\($0)" },
                                 jsonKeys: ["block": "block", "area_m2": "area_m2", "area_mu": "area_mu", "area_ha": "area_ha",
                                            "planar_area_m2": "planar_area_m2", "planar_area_mu": "planar_area_mu", "points": "points"],
                                 places: ["area_ha": 4, "top": 0, "bottom": 0]))
        tables.append(.heading(strings["coords_title"]))
        tables.append(page.table(pointsTable(file), places: ["x": 2, "y": 2], plain: ["x", "y"]))
        page.section(strings["tables"], id: "tables", tables)
        return try page.render(generated: generated)
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
