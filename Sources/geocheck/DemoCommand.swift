import ArgumentParser
import Foundation
import GeoCheck

/// `geocheck demo`: every command on the bundled samples, each into its own folder with a
/// report.html, then the path of each report and a short summary.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run every command on samples/ and write the reports (report.html, .xlsx, .json, .gpkg) to ./geocheck-demo/.")

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
            Console.output(summary)
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
        try prepareOutputDirectory(out)
        var lines: [String] = []
        var reports: [(String, String)] = []

        // screen
        let config = try ScreenConfig.load(path: "\(samples)/screen.yaml")
        var options = ScreenOptions()
        options.minAreaM2 = config.minAreaM2 ?? 0.01
        options.keepGeometries = true
        let outcome = try Screen.run(rights: config.rights, layers: config.layers, options: options)
        let screenDirectory = "\(out)/screen"
        try prepareOutputDirectory(screenDirectory)
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

        try writeIndex(reports, to: "\(out)/index.html", language: language)
        lines.insert("geocheck demo: reports in \(out)/ (open \(out)/index.html)", at: 0)
        return lines.joined(separator: "\n")
    }

    /// A small page linking every report.
    static func writeIndex(_ reports: [(String, String)], to path: String, language: Language) throws {
        let strings = Strings(language)
        var page = ReportPage(title: "geocheck demo", strings: strings)
        let base = (path as NSString).deletingLastPathComponent
        var list = "<ul class=\"facts\">"
        for (name, report) in reports {
            let relative = report.hasPrefix(base + "/") ? String(report.dropFirst(base.count + 1)) : report
            list += "<li><a href=\"\(HTML.escape(relative))\">\(HTML.escape(name))</a> — \(HTML.escape(relative))</li>"
        }
        page.section(strings["reports"], list + "</ul>")
        try writeAtomically(Data(page.render().utf8), to: path)
    }
}
