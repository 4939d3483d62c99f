import ArgumentParser
import Foundation
import GeoCheck
import Synchronization

struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen rights against nature reserves, water-source zones, the red line and other constraint layers.",
        discussion: """
        Config form:  geocheck screen --config geocheck.yaml [--json] [--out DIR] [--strict]
        Quick form:   geocheck screen RIGHTS --against NAME=SOURCE [--against NAME=SOURCE …] [--id-field F] [--name-field F]
        Both forms:   [--where "SQL"] screens a subset of the rights; [--keep-fields all|F1,F2] carries their own fields along.
        In the quick form every layer is prohibited, with no rules; feature ids come from the layer's
        id field (id, ID, 编号, 许可证号, 矿权编号) when it has one, else the FID.
        Example:  geocheck screen samples/screen/rights.gpkg --against red_line=samples/screen/red_line.geojson --out results
        """)

    @Option(name: .long, help: "YAML config with rights and constraint layers.")
    var config: String?

    @Argument(help: "Rights source (quick form).")
    var rights: String?

    @Option(name: .long, help: "NAME=SOURCE constraint layer (quick form), repeatable.")
    var against: [String] = []

    @Option(name: .customLong("id-field"), help: "Id field of the rights (quick form).")
    var idField: String?

    @Option(name: .customLong("name-field"), help: "Name field of the rights (quick form).")
    var nameField: String?

    @Option(name: .customLong("where"), help: ArgumentHelp(
        "Screen only the rights this OGR SQL WHERE clause selects, e.g. \"矿种\" = '铝土矿' (field names in double quotes, text in single quotes; overrides the config's rights 'where').",
        valueName: "SQL"))
    var whereClause: String?

    @Option(name: .customLong("keep-fields"), help: ArgumentHelp(
        "Carry the rights' own fields into the results (JSON 'fields', CSV/XLSX/GPKG columns): all, or F1,F2.",
        valueName: "all|F1,F2"))
    var keepFields: String?

    @Option(name: .customLong("buffer-m"), help: "Report constraint features within this distance as near (quick form).")
    var bufferM: Double?

    @Option(name: .customLong("min-area-m2"), help: "Overlaps below this area are slivers (default 0.01).")
    var minAreaM2: Double?

    @Option(name: .long, help: "Worker threads (default: the number of cores).")
    var workers: Int?

    @Option(name: .customLong("overlay-crs"), help: ArgumentHelp(
        "Where overlays of geographic data run: 'zone' (the local Gauss-Krüger zone, default) or 'source' (the data's own longitude/latitude, as PostGIS does).",
        valueName: "zone|source"))
    var overlayCRS: OverlayCRS = .zone

    @Option(name: .customLong("report-maps"), help: ArgumentHelp(
        "Draw a map in report.html for at most N flagged rights, worst first; the rest are in its tables.",
        valueName: "N"))
    var reportMaps: Int = ScreenHTML.defaultMaps

    @Flag(name: .long, help: "Exit 3 when any right is prohibited or restricted.")
    var strict = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var crs: CRSOptions
    @OptionGroup var area: AreaOptions

    func validate() throws {
        if config == nil && rights == nil { throw ValidationError("give --config FILE or RIGHTS --against NAME=SOURCE") }
        if config != nil && (rights != nil || !against.isEmpty) {
            throw ValidationError("use either --config or the quick form (RIGHTS --against …), not both")
        }
        if rights != nil && against.isEmpty { throw ValidationError("the quick form needs at least one --against NAME=SOURCE") }
        if reportMaps < 0 { throw ValidationError("--report-maps must be 0 or more (got \(reportMaps))") }
        var names = Set<String>()
        for item in against {
            let name = try Self.layerArgument(item).name
            guard names.insert(name).inserted else { throw ValidationError("--against '\(item)': layer name '\(name)' given twice") }
        }
        if let keepFields, KeepFields(text: keepFields) == nil {
            throw ValidationError("--keep-fields '\(keepFields)': expected all or a comma-separated list of field names")
        }
        if let whereClause, whereClause.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--where needs an SQL condition") }
        try validateMetres(minAreaM2, "--min-area-m2")
        try validateMetres(bufferM, "--buffer-m")
        if let workers, workers < 1 { throw ValidationError("--workers must be ≥ 1") }
    }

    func run() throws {
        var findings = false
        try reportingErrors {
            let (rightsSpec, layers, config) = try specs()
            var options = ScreenOptions()
            options.minAreaM2 = minAreaM2 ?? config?.minAreaM2 ?? 0.01
            options.areaMethod = area.areaMethod ?? config?.areaMethod ?? .geodesic
            options.towgs84 = crs.towgs84Values
            options.keepGeometries = output.out != nil
            options.maps = reportMaps
            options.assumeCRS = crs.assumeCRS
            options.overlayInSourceCRS = overlayCRS == .source
            if let workers { options.workers = workers }
            let started = Date()
            let display = ProgressDisplay()
            // Sources read so far, of the rights and every layer: "read 3 of 12 sources — …".
            let sources = SourceCounter()
            let outcome = try Screen.run(rights: rightsSpec, layers: layers, options: options) { message in
                guard message.hasPrefix("read ") else { return display.report(message) }
                display.report("read \(sources.next()) of \(layers.count + 1) sources — \(message)")
            }
            let result = outcome.result
            display.report("results assembled")
            warnApproximate(result.transformations)
            for note in result.repaired {
                Console.error("geocheck: warning: repaired invalid geometry: \(note.layer) feature \(note.id): \(note.reason)")
            }
            for note in result.skipped {
                Console.error("geocheck: warning: skipped \(note.layer) feature \(note.id): \(note.reason)")
            }
            if !result.duplicates.isEmpty {
                Console.error("geocheck: warning: duplicate right ids: \(result.duplicates.joined(separator: ", "))")
            }
            if let out = output.out {
                let files = try ResultFiles.write(outcome, to: out, language: output.language, maps: reportMaps,
                                                  progress: display.report)
                display.finish()
                Console.error("geocheck: wrote \(files.joined(separator: ", "))")
            }
            if output.json {
                // In chunks of about 1 MiB: the whole document is never held in memory.
                try StreamingJSONEncoder().encode(result) { try StandardOutput.write($0) }
                display.report("JSON written")
            } else {
                try Console.output(ScreenText.render(result))
            }
            Console.error(String(format: "geocheck: screened %d rights in %.2f s", result.summary.rights, Date().timeIntervalSince(started)))
            findings = result.summary.prohibited + result.summary.restricted > 0
        }
        if strict && findings { throw ExitCode(3) }
    }

    /// `NAME=SOURCE` split at the first `=`; an empty or blank name or source is a usage error.
    static func layerArgument(_ item: String) throws -> (name: String, source: String) {
        let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty,
              !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--against '\(item)': expected NAME=SOURCE (a layer name and a source, neither empty)")
        }
        return (parts[0], parts[1])
    }

    private func specs() throws -> (RightsSpec, [ConstraintSpec], ScreenConfig?) {
        if let config {
            let parsed = try ScreenConfig.load(path: config)
            var rights = parsed.rights
            if let whereClause { rights.whereClause = whereClause }
            if let keepFields { rights.keepFields = KeepFields(text: keepFields) }
            return (rights, parsed.layers, parsed)
        }
        let layers = try against.map { item -> ConstraintSpec in
            let (name, source) = try Self.layerArgument(item)
            var spec = ConstraintSpec(name: name, source: source, bufferM: bufferM)
            spec.fromCommandLine = true
            return spec
        }
        return (RightsSpec(source: rights ?? "", idField: idField, nameField: nameField, whereClause: whereClause,
                           keepFields: keepFields.flatMap(KeepFields.init(text:))), layers, nil)
    }
}

enum OverlayCRS: String, ExpressibleByArgument {
    case zone, source
}

/// The human table: worst first, areas in 亩 with 2 decimals, then the summary line.
enum ScreenText {
    static func render(_ result: ScreenResult) -> String {
        // The keys once per right, the rows by index (a stable sort, as of the rights themselves).
        let keys = result.rights.map { ($0.verdict, $0.overlapArea.roundedM2) }
        let order = result.rights.indices.sorted { keys[$0] > keys[$1] }
        var table = TextTable(headers: ["verdict", "right", "name", "area 亩", "overlap 亩", "retained 亩", "zones / near"])
        for right in order.lazy.map({ result.rights[$0] }) {
            var zones = right.overlaps.map { "\($0.layer):\($0.featureName ?? $0.featureID)\($0.class.map { "/\($0)" } ?? "") \(formatNumber($0.area.roundedMu))" }
            zones += right.near.map { "near \($0.layer):\($0.featureName ?? $0.featureID) \(formatNumber($0.distanceM, 0)) m" }
            table.add([right.verdict.rawValue, right.id, right.name ?? "", formatNumber(right.area.roundedMu),
                       right.overlaps.isEmpty ? "" : formatNumber(right.overlapArea.roundedMu),
                       right.isShrunk ? formatNumber(right.retainedArea.roundedMu) : "", zones.joined(separator: "; ")])
        }
        let s = result.summary
        var summary = "\(s.rights) rights: \(s.overlapping) overlapping (\(s.prohibited) prohibited, \(s.restricted) restricted), \(s.near) near, \(s.clear) clear"
        summary += "; overlap \(formatNumber(s.overlapArea.roundedMu)) 亩 = \(formatNumber(s.overlapArea.roundedHa, 4)) ha"
        if s.slivers > 0 { summary += "; \(s.slivers) sliver(s) below \(result.minAreaM2) m²" }
        if s.duplicates > 0 { summary += "; duplicate ids: \(result.duplicates.joined(separator: ", "))" }
        if s.repaired > 0 { summary += "; \(s.repaired) repaired" }
        if s.skipped > 0 { summary += "; \(s.skipped) skipped" }
        return table.render() + "\n" + summary
    }
}

/// Counts the sources read, for the progress messages (the library reports from any thread).
private final class SourceCounter: Sendable {
    private let count = Mutex(0)

    /// The count including this source.
    func next() -> Int {
        count.withLock { count in
            count += 1
            return count
        }
    }
}
