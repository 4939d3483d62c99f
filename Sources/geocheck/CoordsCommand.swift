import ArgumentParser
import Foundation
import GeoCheck

extension CornerFileForm: ExpressibleByArgument {}

struct CoordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coords",
        abstract: "Corner coordinates (拐点坐标): areas of each block, to any vector format, or back from polygons.",
        discussion: """
        Given a corner-coordinate file, prints each block's point count, CRS and zone, ellipsoidal and \
        planar area (m², 亩, ha) and elevation range; --to writes the blocks as any GDAL vector format. \
        Given a polygon source, writes its corner-coordinate list to --to (or stdout).
        Example:  geocheck coords samples/boundary/licence_guangxi_no3.txt --to licence.dxf
        """)

    @Argument(help: "A corner-coordinate file, or a polygon source for the inverse.")
    var file: String

    @Option(name: .long, help: "Output: a vector file (.gpkg, .shp, .geojson, .dxf, .tab, .mif, .kml, .kmz, …), an .xlsx corner table (地块编号, 圈号, 点号, X, Y), or, for the inverse, a text file.")
    var to: String?

    @Option(name: .long, help: "Form of the written corner file: exchange, submission or plainList.")
    var form: CornerFileForm = .exchange

    @Option(name: .customLong("id-field"), help: "Id field of a polygon source (block ids).")
    var idField: String?

    @Flag(name: .long, help: "Write JSON to stdout.")
    var json = false

    @Option(name: .long, help: "Directory for the result files (coords.json, .csv, .xlsx, .gpkg, report.html).")
    var out: String?

    @Option(name: .long, help: "Language of report.html: zh or en (default: from LANG).")
    var lang: Language?

    @Option(name: .long, help: "Gauss-Krüger zone of a corner file whose eastings have no zone prefix and that gives no 带号.")
    var zone: Int?

    @Option(name: .customLong("zone-width"), help: "Width of --zone: 3 or 6 degrees (default: 6 for zones 13–23, else 3).")
    var zoneWidth: Int?

    @OptionGroup var crs: CRSOptions
    @OptionGroup var area: AreaOptions

    func validate() throws {
        if let zoneWidth, zoneWidth != 3, zoneWidth != 6 { throw ValidationError("--zone-width must be 3 or 6") }
        if zoneWidth != nil, zone == nil { throw ValidationError("--zone-width needs --zone") }
    }

    func run() throws {
        try reportingErrors {
            var request = CoordsRequest(file: file)
            request.to = to
            request.out = out
            request.language = Language.resolve(lang)
            request.form = form
            request.idField = idField
            request.assumeCRS = crs.assumeCRS
            request.zone = zone
            request.zoneWidth = zoneWidth
            request.towgs84 = crs.towgs84Values
            request.method = area.areaMethod ?? .geodesic
            let display = ProgressDisplay()
            let outcome = try Coords.run(request, progress: display.report)
            display.finish()
            if !outcome.files.isEmpty { Console.error("geocheck: wrote \(outcome.files.joined(separator: ", "))") }
            if let text = outcome.cornerText, !json { try Console.output(text) }
            let result = outcome.result
            for warning in result.warnings { Console.error("geocheck: warning: \(warning)") }
            warnApproximate(result.transformations)
            for note in result.repaired {
                Console.error("geocheck: warning: \(note.layer) block \(note.id): repaired invalid geometry: \(note.reason)")
            }
            if json {
                try Console.output(try JSONOutput.string(result))
            } else if outcome.readCornerFile || to != nil {
                try Console.output(Self.describe(result))
            }
        }
    }

    static func describe(_ result: CoordsResult) -> String {
        var lines: [String] = []
        let zone = result.zone.map { "zone \($0) (\(result.zoneWidth ?? 3)°)" } ?? ""
        let method = result.areaMethod == .tdt1055 ? ", areas by TD/T 1055-2019 Appendix D" : ""
        lines.append("\(result.source): \(result.form ?? "") \(result.encoding ?? ""), datum \(result.datum), \(result.crs) \(zone), \(result.blocks.count) block(s)\(method)")
        for block in result.blocks {
            var line = "block \(block.block): \(block.points) points"
            if block.rings > 1 { line += " in \(block.rings) rings" }
            line += ", area \(formatNumber(block.areaM2)) m² = \(formatNumber(block.areaMu)) 亩 = \(formatNumber(block.areaHa, 4)) ha"
            line += " (planar \(formatNumber(block.planarAreaM2)) m² = \(formatNumber(block.planarAreaMu)) 亩)"
            if let stated = block.statedArea {
                line += ", stated \(formatNumber(stated, 4)) \(block.statedUnit?.rawValue ?? "(no unit matches)")"
            }
            if block.top != nil || block.bottom != nil {
                line += ", elevation \(block.top.map { formatNumber($0, 1) } ?? "?") to \(block.bottom.map { formatNumber($0, 1) } ?? "?") m"
            }
            lines.append(line)
        }
        if let output = result.output { lines.append("written: \(output)") }
        return lines.joined(separator: "\n")
    }
}
