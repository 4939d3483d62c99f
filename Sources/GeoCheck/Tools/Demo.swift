import Foundation

/// `geocheck demo`: every command on the bundled samples, each into its own folder with the same
/// writers as the commands' `--out`, an index page linking the reports, and a short summary.
public enum Demo {
    /// The summary lines and the reports written so far (name, path of report.html).
    struct Log {
        var lines: [String] = []
        var reports: [(name: String, path: String)] = []

        mutating func report(_ name: String, _ directory: String) {
            reports.append((name, "\(directory)/report.html"))
            lines.append(name.padding(toLength: 9, withPad: " ", startingAt: 0) + "\(directory)/report.html")
        }
    }

    /// The samples folder: `given`, else ./samples or the working directory, else the repository's
    /// samples/ beside the executable (`.build/<config>/geocheck`).
    public static func locateSamples(_ given: String?, executable: String) throws -> String {
        var candidates: [String] = []
        if let given { candidates.append(given) }
        let cwd = FileManager.default.currentDirectoryPath
        candidates += [cwd + "/samples", cwd]
        var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
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

    /// Runs the demo into `out` and returns the summary to print.
    public static func run(samples: String, out: String, language: Language) throws -> String {
        try createDirectory(out)
        var log = Log()
        try screen(samples: samples, out: out, language: language, log: &log)
        try coords(samples: samples, out: out, language: language, log: &log)
        try boundary(samples: samples, out: out, language: language, log: &log)
        try forest(samples: samples, out: out, language: language, log: &log)
        try reclaim(samples: samples, out: out, language: language, log: &log)
        try writeIndex(log.reports, to: "\(out)/index.html", language: language)
        return (["geocheck demo: reports in \(out)/ (open \(out)/index.html)"] + log.lines).joined(separator: "\n")
    }

    static func screen(samples: String, out: String, language: Language, log: inout Log) throws {
        let config = try ScreenConfig.load(path: "\(samples)/screen.yaml")
        var options = ScreenOptions()
        options.minAreaM2 = config.minAreaM2 ?? 0.01
        options.keepGeometries = true
        options.maps = ScreenHTML.defaultMaps
        let outcome = try Screen.run(rights: config.rights, layers: config.layers, options: options)
        let directory = "\(out)/screen"
        _ = try ResultFiles.write(outcome, to: directory, language: language)
        let s = outcome.result.summary
        log.report("screen", directory)
        log.lines.append("         \(s.rights) rights: \(s.overlapping) overlapping protected land (\(s.prohibited) prohibited, "
            + "\(s.restricted) restricted), \(s.near) near, \(s.clear) clear; overlap \(formatNumber(s.overlapArea.roundedMu)) 亩 = \(formatNumber(s.overlapArea.roundedHa)) ha")
    }

    static func coords(samples: String, out: String, language: Language, log: inout Log) throws {
        let licence = "\(samples)/boundary/licence_guangxi_no3.txt"
        let file = try CornerCoordinates.parse(contentsOf: licence)
        let coords = try Coords.fromCornerFile(file, source: licence, output: nil)
        let directory = "\(out)/coords"
        _ = try ResultFiles.write(coords, file: file, source: licence, to: directory, language: language)
        log.report("coords", directory)
        log.lines.append("         " + coords.blocks.map { "block \($0.block) \(formatNumber($0.areaMu)) 亩" }.joined(separator: ", ")
            + " (\(coords.crs), zone \(coords.zone.map(String.init) ?? "?"))")
    }

    /// Two monthly checks (April, May 2020) into one ledger, so each mine's history has two
    /// points; the report is May's, with the history; then the ledger as a table.
    static func boundary(samples: String, out: String, language: Language, log: inout Log) throws {
        let directory = "\(out)/boundary"
        try createDirectory(directory)
        let ledgerPath = "\(directory)/ledger.gpkg"
        try? FileManager.default.removeItem(atPath: ledgerPath)
        var months: [BoundaryEvaluation] = []
        for (month, date) in [("2020-04", "2020-04-30"), ("2020-05", "2020-05-31")] {
            let inputs = try BoundaryInputs.load(licensed: "\(samples)/boundary/licences.gpkg",
                                                 footprint: "\(samples)/boundary/footprint_\(month).gpkg", idField: "id",
                                                 context: try GEOSContext())
            var evaluation = try Boundary.evaluate(inputs, options: BoundaryOptions(date: date))
            try Ledger(store: ledgerPath).record(&evaluation)
            months.append(evaluation)
        }
        if let last = months.last, let first = months.first?.result {
            _ = try ResultFiles.write(last, to: directory, language: language)
            log.report("boundary", directory)
            let s = last.result.summary
            log.lines.append("         \(s.mines) mines, \(s.overstepping) outside the licence: \(formatNumber(s.outside.mu)) 亩 on \(last.result.date) "
                + "(new \(formatNumber(s.newOutside.mu)) 亩; \(formatNumber(first.summary.outside.mu)) 亩 on \(first.date)), "
                + "\(s.elevationOverstepping) outside the elevation range")
        }
        try history(ledgerPath, directory: directory, language: language, log: &log)
    }

    static func history(_ ledgerPath: String, directory: String, language: Language, log: inout Log) throws {
        let entries = try Ledger(store: ledgerPath).history()
        try ResultFiles.writeHistoryCSV(entries, to: "\(directory)/history.csv", language: language)
        try writeAtomically(try JSONOutput.encode(HistoryResult(ledger: ledgerPath, mine: nil, checks: entries)),
                            to: "\(directory)/history.json")
        let overstepping = Dictionary(grouping: entries.filter { $0.outside.m2 > 0 }, by: \.mine)
        log.lines.append("history  \(directory)/history.csv")
        log.lines.append("         \(entries.count) recorded checks; " + overstepping.keys.sorted().map { mine in
            "\(mine): " + (overstepping[mine] ?? []).map { "\($0.date) \(formatNumber($0.outside.mu)) 亩 (new \(formatNumber($0.newOutside.mu)))" }
                .joined(separator: ", ")
        }.joined(separator: "; "))
    }

    static func forest(samples: String, out: String, language: Language, log: inout Log) throws {
        let inputs = try ForestInputs.load(
            occupied: "\(samples)/forest/occupied.gpkg", forest: "\(samples)/forest/forest.gpkg", permits: "\(samples)/forest/permits.gpkg",
            idField: "id", permitIDField: "permit_id", classField: nil, context: try GEOSContext())
        let forest = try Forest.evaluate(inputs, options: ForestOptions(date: "2020-10-31"))
        let directory = "\(out)/forest"
        _ = try ResultFiles.write(forest, to: directory, language: language)
        log.report("forest", directory)
        for site in forest.result.sites {
            var line = "         \(site.id) \(site.name ?? ""): approved \(formatNumber(site.permitted.ha)) ha, occupies "
                + "\(formatNumber(site.occupiedForest.ha)) ha of forest land, \(formatNumber(site.overOccupied.mu)) 亩 over-occupied"
            if !site.expiredPermits.isEmpty { line += " (expired permit \(site.expiredPermits.joined(separator: ", ")))" }
            log.lines.append(line)
        }
    }

    static func reclaim(samples: String, out: String, language: Language, log: inout Log) throws {
        let inputs = try ReclaimInputs.load(plan: "\(samples)/reclaim/plan.gpkg", done: "\(samples)/reclaim/done.gpkg",
                                            idField: "id", context: try GEOSContext())
        let reclaim = try Reclaim.evaluate(inputs, options: ReclaimOptions(asOf: "2020-09-30"))
        let directory = "\(out)/reclaim"
        _ = try ResultFiles.write(reclaim, to: directory, language: language)
        log.report("reclaim", directory)
        for task in reclaim.result.tasks {
            log.lines.append("         \(task.id) \(task.name ?? ""): planned \(formatNumber(task.planned.mu)) / done \(formatNumber(task.done.mu)) / "
                + "remaining \(formatNumber(task.remaining.mu)) 亩, deadline \(task.deadline ?? "–"), \(task.status.rawValue)")
        }
        let r = reclaim.result.summary
        log.lines.append("         as of \(reclaim.result.asOf): \(r.tasks) tasks, planned \(formatNumber(r.planned.mu)) 亩, done \(formatNumber(r.doneArea.mu)) 亩, "
            + "remaining \(formatNumber(r.remaining.mu)) 亩; \(r.overdue) overdue")
    }

    /// A small page linking every report.
    static func writeIndex(_ reports: [(name: String, path: String)], to path: String, language: Language) throws {
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

    /// Creates a folder of the demo (its command folders are written all-or-nothing).
    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw InputError("\(path): cannot create output directory: \(error.localizedDescription)")
        }
    }
}
