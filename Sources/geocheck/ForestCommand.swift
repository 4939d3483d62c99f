import ArgumentParser
import Foundation
import GeoCheck

struct ForestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forest",
        abstract: "Forest land occupied (林地占用) against valid permits (林地审核同意书): over-occupation and expiry.",
        discussion: """
        Example:  geocheck forest --occupied samples/forest/occupied.gpkg --forest samples/forest/forest.gpkg --permits samples/forest/permits.gpkg --id-field id --permit-id-field permit_id --date 2020-10-31
        """)

    @Option(name: .long, help: "Occupied land of each site.")
    var occupied: String

    @Option(name: .long, help: "Forest land (林地一张图).")
    var forest: String

    @Option(name: .long, help: "Forest-land permits, with the site id and valid_until.")
    var permits: String

    @Option(name: .customLong("id-field"), help: "Site id field of the occupied land and the permits (default: id, 编号 …, else FID).")
    var idField: String?

    @Option(name: .customLong("permit-id-field"), help: "Permit id field (default: permit_id, 许可证号, …, else FID).")
    var permitIDField: String?

    @Option(name: .customLong("class-field"), help: "Forest-land class field of the forest layer (default: 地类 when present).")
    var classField: String?

    @Option(name: .customLong("valid-until-field"), help: "Permit expiry date field (default valid_until).")
    var validUntilField = "valid_until"

    @Option(name: .long, help: "Date of the check, YYYY-MM-DD (default today): permits valid until before it are expired.")
    var date: String?

    @Flag(name: .long, help: "Exit 3 when a site over-occupies forest land or has an expired permit.")
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
            var request = ForestRequest(occupied: occupied, forest: forest, permits: permits)
            (request.idField, request.permitIDField, request.classField) = (idField, permitIDField, classField)
            request.validUntilField = validUntilField
            (request.assumeCRS, request.towgs84) = (crs.assumeCRS, crs.towgs84Values)
            request.date = try parseDateOption(date, "--date")
            (request.minAreaM2, request.areaMethod) = (slivers.minAreaM2, area.areaMethod ?? .geodesic)
            request.output = output.run
            let result = try running { try Forest.run(request, events: $0) } warn: { result in
                warnApproximate(result.transformations)
                warnAboutNotes(repaired: result.repaired, skipped: result.skipped)
                for permit in result.unmatchedPermits { Console.error("geocheck: warning: permit \(permit) matches no occupied site") }
            }.result
            try Console.output(output.json ? JSONOutput.string(result) : Self.render(result))
            findings = result.hasFindings
        }
        if strict && findings { throw ExitCode(3) }
    }

    static func render(_ result: ForestResult) -> String {
        var table = TextTable(headers: ["site", "name", "occupied ha", "forest ha", "permitted ha", "over-occupied 亩", "over ha", "expired permits"])
        for site in result.sites {
            table.add([site.id, site.name ?? "", formatNumber(site.occupied.ha), formatNumber(site.occupiedForest.ha),
                       formatNumber(site.permitted.ha), formatNumber(site.overOccupied.mu), formatNumber(site.overOccupied.ha),
                       site.expiredPermits.joined(separator: ", ")])
        }
        var lines = [table.render()]
        for site in result.sites where !site.byClass.isEmpty {
            lines.append("\(site.id) forest land by \(result.classField ?? "class"): " + site.byClass.map {
                "\($0.forestClass) \(formatNumber($0.occupiedForest.mu)) 亩 (over \(formatNumber($0.overOccupied.mu)))"
            }.joined(separator: "; "))
        }
        let s = result.summary
        lines.append("\(result.date): \(s.sites) sites, \(s.overOccupying) over-occupying \(formatNumber(s.overOccupied.mu)) 亩 = \(formatNumber(s.overOccupied.ha, 4)) ha of forest land, \(s.withExpiredPermits) with expired permits")
        return lines.joined(separator: "\n")
    }
}
