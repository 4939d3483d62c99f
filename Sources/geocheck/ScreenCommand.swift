import ArgumentParser
import Foundation
import GeoCheck

struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen rights against nature reserves, water-source zones, the red line and other constraint layers.",
        discussion: """
        Config form:  geocheck screen --config geocheck.yaml [--json] [--out DIR] [--strict]
        Quick form:   geocheck screen RIGHTS --against NAME=SOURCE [--against NAME=SOURCE …] [--id-field F] [--name-field F]
        In the quick form every layer is prohibited, with no rules; feature ids come from the layer's
        id field (id, ID, 编号, 许可证号, 矿权编号) when it has one, else the FID.
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

    @Flag(name: .long, help: "Exit 3 when any right is prohibited or restricted.")
    var strict = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var crs: CRSOptions

    func validate() throws {
        if config == nil && rights == nil { throw ValidationError("give --config FILE or RIGHTS --against NAME=SOURCE") }
        if config != nil && (rights != nil || !against.isEmpty) {
            throw ValidationError("use either --config or the quick form (RIGHTS --against …), not both")
        }
        if rights != nil && against.isEmpty { throw ValidationError("the quick form needs at least one --against NAME=SOURCE") }
        for item in against where !item.contains("=") || item.hasPrefix("=") {
            throw ValidationError("--against '\(item)': expected NAME=SOURCE")
        }
        if let minAreaM2, minAreaM2 < 0 { throw ValidationError("--min-area-m2 must be ≥ 0") }
        if let workers, workers < 1 { throw ValidationError("--workers must be ≥ 1") }
    }

    func run() throws {
        var findings = false
        try reportingErrors {
            let (rightsSpec, layers, configMinArea) = try specs()
            var options = ScreenOptions()
            options.minAreaM2 = minAreaM2 ?? configMinArea ?? 0.01
            options.keepGeometries = output.out != nil
            options.assumeCRS = crs.assumeCRS
            options.overlayInSourceCRS = overlayCRS == .source
            if let workers { options.workers = workers }
            let started = Date()
            let outcome = try Screen.run(rights: rightsSpec, layers: layers, options: options) { message in
                Console.error(String(format: "geocheck: [%.2f s] ", Date().timeIntervalSince(started)) + message)
            }
            let result = outcome.result
            Console.error(String(format: "geocheck: [%.2f s] results assembled", Date().timeIntervalSince(started)))
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
                try prepareOutputDirectory(out)
                let files = try ScreenFiles.write(outcome, to: out, language: output.language)
                Console.error("geocheck: wrote \(files.joined(separator: ", "))")
            }
            if output.json {
                try StreamingJSONEncoder().encode(result, to: .standardOutput)  // in 1 MiB chunks
                Console.error(String(format: "geocheck: [%.2f s] JSON written", Date().timeIntervalSince(started)))
            } else {
                Console.output(ScreenText.render(result))
            }
            Console.error(String(format: "geocheck: screened %d rights in %.2f s", result.summary.rights, Date().timeIntervalSince(started)))
            findings = result.summary.prohibited + result.summary.restricted > 0
        }
        if strict && findings { throw ExitCode(3) }
    }

    private func specs() throws -> (RightsSpec, [ConstraintSpec], Double?) {
        if let config {
            let parsed = try ScreenConfig.load(path: config)
            return (parsed.rights, parsed.layers, parsed.minAreaM2)
        }
        let layers = against.map { item -> ConstraintSpec in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            return ConstraintSpec(name: parts[0], source: parts[1], bufferM: bufferM, defaultIDFields: true)
        }
        return (RightsSpec(source: rights ?? "", idField: idField, nameField: nameField), layers, nil)
    }
}

enum OverlayCRS: String, ExpressibleByArgument {
    case zone, source
}

/// All files of `screen --out`.
enum ScreenFiles {
    static func write(_ outcome: ScreenOutcome, to directory: String, language: Language) throws -> [String] {
        let result = outcome.result
        var files: [String] = []
        func path(_ name: String) -> String {
            files.append(name)
            return "\(directory)/\(name)"
        }
        try writeAtomically(try JSONOutput.encode(result), to: path("screen.json"))
        try TableWriter.writeCSV(ScreenReport.overlapsTable(result), to: path("screen.csv"))
        try TableWriter.writeXLSX([ScreenReport.rightsTable(result), ScreenReport.overlapsTable(result),
                                   ScreenReport.nearTable(result)], to: path("screen.xlsx"))
        try ScreenReport.writeGeoPackage(outcome, to: path("screen.gpkg"))
        let corner = try ScreenReport.writeRetainedCornerFiles(outcome, directory: directory)
        if !corner.isEmpty { files.append("retained/ (\(corner.count) corner-coordinate files)") }
        try writeAtomically(Data(try ScreenHTML.render(outcome, language: language).utf8), to: path("report.html"))
        return files.map { "\(directory)/\($0)" }
    }
}

/// The human table: worst first, areas in 亩 with 2 decimals, then the summary line.
enum ScreenText {
    static func render(_ result: ScreenResult) -> String {
        let rows = result.rights.sorted {
            ($0.verdict, $0.overlapAreaM2) > ($1.verdict, $1.overlapAreaM2)
        }
        var table = TextTable(headers: ["verdict", "right", "name", "area 亩", "overlap 亩", "retained 亩", "zones / near"])
        for right in rows {
            var zones = right.overlaps.map { "\($0.layer):\($0.featureName ?? $0.featureID)\($0.class.map { "/\($0)" } ?? "") \(formatNumber($0.areaMu))" }
            zones += right.near.map { "near \($0.layer):\($0.featureName ?? $0.featureID) \(formatNumber($0.distanceM, 0)) m" }
            table.add([right.verdict.rawValue, right.id, right.name ?? "", formatNumber(right.areaMu),
                       right.overlaps.isEmpty ? "" : formatNumber(right.overlapAreaMu),
                       right.isShrunk ? formatNumber(right.retainedAreaMu) : "", zones.joined(separator: "; ")])
        }
        let s = result.summary
        var summary = "\(s.rights) rights: \(s.overlapping) overlapping (\(s.prohibited) prohibited, \(s.restricted) restricted), \(s.near) near, \(s.clear) clear"
        summary += "; overlap \(formatNumber(s.overlapAreaMu)) 亩 = \(formatNumber(s.overlapAreaHa, 4)) ha"
        if s.slivers > 0 { summary += "; \(s.slivers) sliver(s) below \(result.minAreaM2) m²" }
        if s.duplicates > 0 { summary += "; duplicate ids: \(result.duplicates.joined(separator: ", "))" }
        if s.repaired > 0 { summary += "; \(s.repaired) repaired" }
        if s.skipped > 0 { summary += "; \(s.skipped) skipped" }
        return table.render() + "\n" + summary
    }
}
