import ArgumentParser
import Foundation
import GeoCheck

/// `geocheck demo`: every command on the bundled samples, each into its own folder with a
/// report.html, then the path of each report and a short summary.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run every command on samples/ and write the reports (report.html, .xlsx, .json, .gpkg) to ./geocheck-demo/.",
        discussion: """
        Example:  geocheck demo --lang zh
        """)

    @Option(name: .long, help: "Output directory (default: ./geocheck-demo).")
    var out = "geocheck-demo"

    @Option(name: .long, help: "The samples directory (default: ./samples, else the one beside the geocheck build).")
    var samples: String?

    @Option(name: .long, help: "Language of the reports: zh or en (default: from LANG).")
    var lang: Language?

    func run() throws {
        try reportingErrors {
            let folder = try DemoRun.locateSamples(samples)
            let summary = try DemoRun.run(samples: folder, out: out, language: Language.resolve(lang))
            try Console.output(summary)
        }
    }
}

/// The demo's steps, each a library call and the same writers as the commands' `--out`.
enum DemoRun {
    static func locateSamples(_ given: String?) throws -> String {
        var candidates: [String] = []
        if let given { candidates.append(given) }
        let cwd = FileManager.default.currentDirectoryPath
        candidates += [cwd + "/samples", cwd]
        // .build/<config>/geocheck → the repository's samples/.
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("samples").path)
            directory = directory.deletingLastPathComponent()
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/screen.yaml") {
            return candidate
        }
        if let given { throw InputError("\(given): not a samples directory (no screen.yaml)") }
        throw InputError("samples/ not found (looked in \(cwd) and beside the geocheck executable); give --samples DIR")
    }

    static func run(samples: String, out: String, language: Language) throws -> String {
        try createDirectory(out)
        var lines: [String] = []
        var reports: [(String, String)] = []

        // screen
        let config = try ScreenConfig.load(path: "\(samples)/screen.yaml")
        var options = ScreenOptions()
        options.minAreaM2 = config.minAreaM2 ?? 0.01
        options.keepGeometries = true
        let outcome = try Screen.run(rights: config.rights, layers: config.layers, options: options)
        let screenDirectory = "\(out)/screen"
        _ = try ScreenFiles.write(outcome, to: screenDirectory, language: language)
        let s = outcome.result.summary
        reports.append(("screen", "\(screenDirectory)/report.html"))
        lines.append("screen   \(screenDirectory)/report.html")
        lines.append("         \(s.rights) rights: \(s.overlapping) overlapping protected land (\(s.prohibited) prohibited, "
            + "\(s.restricted) restricted), \(s.near) near, \(s.clear) clear; overlap \(formatNumber(s.overlapAreaMu)) 亩 = \(formatNumber(s.overlapAreaHa)) ha")

        // coords
        let licence = "\(samples)/boundary/licence_guangxi_no3.txt"
        let file = try CornerCoordinates.parse(contentsOf: licence)
        let coords = try Coords.fromCornerFile(file, source: licence, output: nil)
        let coordsDirectory = "\(out)/coords"
        try CoordsFiles.write(coords, file: file, source: licence, to: coordsDirectory, language: language)
        reports.append(("coords", "\(coordsDirectory)/report.html"))
        lines.append("coords   \(coordsDirectory)/report.html")
        lines.append("         " + coords.blocks.map { "block \($0.block) \(formatNumber($0.areaMu)) 亩" }.joined(separator: ", ")
            + " (\(coords.crs), zone \(coords.zone.map(String.init) ?? "?"))")

        try runMonitoring(samples: samples, out: out, language: language, reports: &reports, lines: &lines)

        try writeIndex(reports, to: "\(out)/index.html", language: language)
        lines.insert("geocheck demo: reports in \(out)/ (open \(out)/index.html)", at: 0)
        return lines.joined(separator: "\n")
    }

    /// boundary (two monthly checks into one ledger, so each mine's history has two points),
    /// history, forest and reclaim, on the samples the source document's figures come from.
    static func runMonitoring(samples: String, out: String, language: Language, reports: inout [(String, String)],
                              lines: inout [String]) throws {
        // boundary: April then May 2020 into one ledger; the report is May's, with the history.
        let boundaryDirectory = "\(out)/boundary"
        try createDirectory(boundaryDirectory)
        let ledgerPath = "\(boundaryDirectory)/ledger.gpkg"
        try? FileManager.default.removeItem(atPath: ledgerPath)
        var months: [BoundaryResult] = []
        var last: BoundaryEvaluation?
        for (month, date) in [("2020-04", "2020-04-30"), ("2020-05", "2020-05-31")] {
            let context = try GEOSContext()
            let inputs = try BoundaryInputs.load(licensed: "\(samples)/boundary/licences.gpkg",
                                                 footprint: "\(samples)/boundary/footprint_\(month).gpkg", idField: "id", context: context)
            var evaluation = try Boundary.evaluate(inputs, options: BoundaryOptions(date: date))
            try Ledger(store: ledgerPath).record(&evaluation)
            months.append(evaluation.result)
            last = evaluation
        }
        if let last {
            _ = try BoundaryFiles.write(last, to: boundaryDirectory, language: language)
            reports.append(("boundary", "\(boundaryDirectory)/report.html"))
            let s = last.result.summary
            let first = months.first?.summary
            lines.append("boundary \(boundaryDirectory)/report.html")
            lines.append("         \(s.mines) mines, \(s.overstepping) outside the licence: \(formatNumber(s.outside.mu)) 亩 on \(last.result.date) "
                + "(new \(formatNumber(s.newOutside.mu)) 亩; \(formatNumber(first?.outside.mu ?? 0)) 亩 on \(months.first?.date ?? "")), "
                + "\(s.elevationOverstepping) outside the elevation range")
        }

        // history: the ledger as a table per mine and date.
        let entries = try Ledger(store: ledgerPath).history()
        try TableWriter.writeCSV(BoundaryReport.historyTable(entries), to: "\(boundaryDirectory)/history.csv", language: language)
        try writeAtomically(try JSONOutput.encode(HistoryResult(ledger: ledgerPath, mine: nil, checks: entries)),
                            to: "\(boundaryDirectory)/history.json")
        let overstepping = Dictionary(grouping: entries.filter { $0.outside.m2 > 0 }, by: \.mine)
        lines.append("history  \(boundaryDirectory)/history.csv")
        lines.append("         \(entries.count) recorded checks; " + overstepping.keys.sorted().map { mine in
            "\(mine): " + (overstepping[mine] ?? []).map { "\($0.date) \(formatNumber($0.outside.mu)) 亩 (new \(formatNumber($0.newOutside.mu)))" }
                .joined(separator: ", ")
        }.joined(separator: "; "))

        // forest
        let forestInputs = try ForestInputs.load(
            occupied: "\(samples)/forest/occupied.gpkg", forest: "\(samples)/forest/forest.gpkg", permits: "\(samples)/forest/permits.gpkg",
            idField: "id", permitIDField: "permit_id", classField: nil, context: try GEOSContext())
        let forest = try Forest.evaluate(forestInputs, options: ForestOptions(date: "2020-10-31"))
        let forestDirectory = "\(out)/forest"
        _ = try ForestFiles.write(forest, to: forestDirectory, language: language)
        reports.append(("forest", "\(forestDirectory)/report.html"))
        lines.append("forest   \(forestDirectory)/report.html")
        for site in forest.result.sites {
            var line = "         \(site.id) \(site.name ?? ""): approved \(formatNumber(site.permitted.ha)) ha, occupies "
                + "\(formatNumber(site.occupiedForest.ha)) ha of forest land, \(formatNumber(site.overOccupied.mu)) 亩 over-occupied"
            if !site.expiredPermits.isEmpty { line += " (expired permit \(site.expiredPermits.joined(separator: ", ")))" }
            lines.append(line)
        }

        // reclaim
        let reclaimInputs = try ReclaimInputs.load(plan: "\(samples)/reclaim/plan.gpkg", done: "\(samples)/reclaim/done.gpkg",
                                                   idField: "id", context: try GEOSContext())
        let reclaim = try Reclaim.evaluate(reclaimInputs, options: ReclaimOptions(asOf: "2020-09-30"))
        let reclaimDirectory = "\(out)/reclaim"
        _ = try ReclaimFiles.write(reclaim, to: reclaimDirectory, language: language)
        reports.append(("reclaim", "\(reclaimDirectory)/report.html"))
        let r = reclaim.result.summary
        lines.append("reclaim  \(reclaimDirectory)/report.html")
        for task in reclaim.result.tasks {
            lines.append("         \(task.id) \(task.name ?? ""): planned \(formatNumber(task.planned.mu)) / done \(formatNumber(task.done.mu)) / "
                + "remaining \(formatNumber(task.remaining.mu)) 亩, deadline \(task.deadline ?? "–"), \(task.status.rawValue)")
        }
        lines.append("         as of \(reclaim.result.asOf): \(r.tasks) tasks, planned \(formatNumber(r.planned.mu)) 亩, done \(formatNumber(r.doneArea.mu)) 亩, "
            + "remaining \(formatNumber(r.remaining.mu)) 亩; \(r.overdue) overdue")
    }

    /// A small page linking every report.
    static func writeIndex(_ reports: [(String, String)], to path: String, language: Language) throws {
        let strings = Strings(language)
        var page = ReportPage(title: "geocheck demo", strings: strings)
        let base = (path as NSString).deletingLastPathComponent
        let links = reports.map { name, report -> ReportLine in
            let relative = report.hasPrefix(base + "/") ? String(report.dropFirst(base.count + 1)) : report
            return [.link(name, href: relative), .text(" — \(relative)")]
        }
        page.section(strings["reports"], [.facts(links)])
        try writeAtomically(Data(try page.render().utf8), to: path)
    }
}

/// Creates a folder of the demo (its command folders are written all-or-nothing).
private func createDirectory(_ path: String) throws {
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw InputError("\(path): cannot create output directory: \(error.localizedDescription)")
    }
}
