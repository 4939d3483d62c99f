import ArgumentParser
import Foundation
import GeoCheck

enum UnmatchedFootprint: String, ExpressibleByArgument {
    case error, outside
}

struct BoundaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundary",
        abstract: "Overstep check (越界开采): mined footprint against the licensed boundary and elevation range.",
        discussion: """
        Per mine: licensed area, footprint area, the area outside the licence (m², 亩, ha), and patches mined \
        below the bottom or above the top of a licence block (fields elev_min/elev_max against top/bottom). \
        With --ledger STORE (a GeoPackage path, created when missing, or PG:…) every run is recorded and \
        new_outside is the part outside now that was not outside at the mine's previous recorded check; \
        running a date again replaces that date's records.
        Example:  geocheck boundary --licensed samples/boundary/licences.gpkg --footprint samples/boundary/footprint_2020-05.gpkg --id-field id --date 2020-05-31 --ledger ledger.gpkg
        """)

    @Option(name: .long, help: "Licensed boundaries (采矿许可证范围): a source or corner-coordinate file.")
    var licensed: String

    @Option(name: .long, help: "Mined footprint of this check (采场/扰动范围).")
    var footprint: String

    @Option(name: .customLong("id-field"), help: "Id field matching footprints to licences (default: id, 编号, 许可证号 …, else FID).")
    var idField: String?

    @Option(name: .customLong("name-field"), help: "Mine name field of the licences (default: name, 名称, 矿山名称).")
    var nameField: String?

    @Option(name: .customLong("patch-field"), help: "Patch (stope) name field of the footprint (default: 采场, patch, patch_no).")
    var patchField: String?

    @Option(name: .long, help: "Date of the check, YYYY-MM-DD (default: the footprint's date field when it has one value, else today).")
    var date: String?

    @Option(name: .long, help: "Record the run in this ledger: a GeoPackage path or a PG: connection string.")
    var ledger: String?

    @Option(name: .long, help: "A footprint id with no licence: error (default) or outside (count it wholly outside).")
    var unmatched: UnmatchedFootprint = .error

    @Flag(name: .long, help: "Exit 3 when any mine is outside its licence or elevation range.")
    var strict = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var crs: CRSOptions
    @OptionGroup var area: AreaOptions
    @OptionGroup var slivers: SliverOptions

    func validate() throws {
        _ = try parseDateOption(date, "--date")
    }

    func run() throws {
        var findings = false
        try reportingErrors {
            var request = BoundaryRequest(licensed: licensed, footprint: footprint)
            (request.idField, request.nameField, request.patchField) = (idField, nameField, patchField)
            (request.assumeCRS, request.towgs84) = (crs.assumeCRS, crs.towgs84Values)
            request.date = try parseDateOption(date, "--date")
            (request.minAreaM2, request.areaMethod) = (slivers.minAreaM2, area.areaMethod ?? .geodesic)
            request.unmatchedOutside = unmatched == .outside
            request.ledger = ledger
            request.output = output.run
            let result = try running { try Boundary.run(request, events: $0) } warn: { result in
                warnApproximate(result.transformations)
                warnAboutNotes(repaired: result.repaired, skipped: result.skipped)
            }.result
            try Console.output(output.json ? JSONOutput.string(result) : Self.render(result))
            findings = result.hasFindings
        }
        if strict && findings { throw ExitCode(3) }
    }

    static func render(_ result: BoundaryResult) -> String {
        var table = TextTable(headers: ["mine", "name", "licensed 亩", "footprint 亩", "outside 亩", "outside ha", "new 亩", "elevation (超层)"])
        for mine in result.mines {
            let elevation = mine.elevationOversteps.map {
                "\($0.patch) \($0.kind == .belowBottom ? "below bottom" : "above top") \(formatNumber($0.limit, 0)) m of block \($0.block) (\($0.kind == .belowBottom ? "elev_min" : "elev_max") \(formatNumber($0.elevation, 0)))"
            }.joined(separator: "; ")
            table.add([mine.id, mine.name ?? (mine.unmatched ? "(no licence)" : ""), formatNumber(mine.licensed.mu),
                       formatNumber(mine.footprint.mu), formatNumber(mine.outside.mu), formatNumber(mine.outside.ha, 4),
                       formatNumber(mine.newOutside.mu), elevation])
        }
        let s = result.summary
        var summary = "\(result.date): \(s.mines) mines, \(s.overstepping) outside the licence (\(formatNumber(s.outside.mu)) 亩 = \(formatNumber(s.outside.ha, 4)) ha, new \(formatNumber(s.newOutside.mu)) 亩), \(s.elevationOverstepping) outside the elevation range"
        if let ledger = result.ledger { summary += "; recorded in \(ledger)" }
        if !result.uncheckedLicences.isEmpty { summary += "; no footprint for \(result.uncheckedLicences.joined(separator: ", "))" }
        if s.slivers > 0 { summary += "; \(s.slivers) sliver(s) below \(result.minAreaM2) m²" }
        return table.render() + "\n" + summary
    }
}
