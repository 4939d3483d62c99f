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
            let folder = try Demo.locateSamples(samples, executable: CommandLine.arguments[0])
            let summary = try Demo.run(samples: folder, out: out, language: Language.resolve(lang))
            try Console.output(summary)
        }
    }
}
