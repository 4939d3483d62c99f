import Foundation
import XCTest

/// --version, --help examples that really run, and a suggestion for a mistyped command.
final class UsabilityCLITests: XCTestCase {
    func testVersionNamesTheLibraries() throws {
        let run = try CLI.run(["--version"])
        XCTAssertEqual(run.status, 0)
        let line = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotNil(line.range(of: #"^geocheck \d+\.\d+\.\d+ \(GEOS \d+\.\d+\.\d+, GDAL \d+\.\d+\.\d+, PROJ \d+\.\d+\.\d+\)$"#,
                                   options: .regularExpression), line)
        let gdal = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/gdalinfo"), ["--version"])
        let release = gdal.stdout.split(separator: " ").dropFirst().first.map { $0.trimmingCharacters(in: .punctuationCharacters) } ?? "?"
        XCTAssertTrue(line.contains("GDAL \(release)"), "\(line) vs \(gdal.stdout)")
    }

    func testMistypedCommandSuggestsTheRightOne() throws {
        for (typed, meant) in [("scren", "screen"), ("coord", "coords"), ("bondary", "boundary"), ("histroy", "history")] {
            let run = try CLI.run([typed, "x"])
            XCTAssertEqual(run.status, 64, typed)
            XCTAssertTrue(run.stderr.contains("unknown command '\(typed)'. Did you mean '\(meant)'?"), run.stderr)
            XCTAssertEqual(run.stdout, "")
        }
        let unrelated = try CLI.run(["xyzzy"])
        XCTAssertEqual(unrelated.status, 64)
        XCTAssertFalse(unrelated.stderr.contains("Did you mean"))
        XCTAssertTrue(unrelated.stderr.contains("Commands: screen, boundary"), unrelated.stderr)
    }

    /// Each command's --help shows one example; run from a directory holding `samples/`, every
    /// example succeeds (boundary first: history reads its ledger).
    func testEveryHelpExampleRuns() throws {
        let directory = try CLI.temporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: "\(directory)/samples", withDestinationPath: CLI.samples)
        for command in ["boundary", "history", "screen", "coords", "forest", "reclaim", "info", "demo"] {
            let help = try CLI.run([command, "--help"])
            XCTAssertEqual(help.status, 0)
            let lines = help.stdout.components(separatedBy: "\n")
            let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Example:") }, "\(command) --help has an example")
            let example = lines[start...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                .joined(separator: " ").dropFirst("Example:".count)
            let words = example.split(separator: " ").map(String.init)
            XCTAssertEqual(words.first, "geocheck")
            XCTAssertEqual(words.dropFirst().first, command)
            let run = try CLI.run(Array(words.dropFirst()), in: directory)
            XCTAssertEqual(run.status, 0, "\(words.joined(separator: " ")): \(run.stderr)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory)/licence.dxf"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory)/results/screen.json"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory)/history.csv"))
    }
}
