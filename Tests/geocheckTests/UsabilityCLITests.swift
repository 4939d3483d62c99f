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

/// Progress: a bar with percentage and ETA on a terminal, short plain lines elsewhere.
final class ProgressCLITests: XCTestCase {
    /// 300 rights (the samples' 30, ten times with new ids), so screening reports counted steps.
    func manyRights(_ directory: String) throws -> String {
        let path = "\(directory)/many.gpkg"
        let select = (0..<10).map { "SELECT geom, 许可证号 || '-\($0)' AS id FROM rights" }.joined(separator: " UNION ALL ")
        let make = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/ogr2ogr"),
                                      ["-f", "GPKG", path, "\(CLI.samples)/screen/rights.gpkg", "-dialect", "SQLite", "-sql", select, "-nln", "rights"])
        XCTAssertEqual(make.status, 0, make.stderr)
        return path
    }

    func testPlainLinesWhenStderrIsNotATerminal() throws {
        let directory = try CLI.temporaryDirectory()
        let run = try CLI.run(["screen", try manyRights(directory), "--against", "red_line=screen/red_line.geojson", "--id-field", "id",
                               "--out", "\(directory)/out", "--workers", "1"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stderr.contains("\u{1B}["), "no terminal codes in a log")
        let screened = run.stderr.split(separator: "\n").filter { $0.contains("] screened ") && $0.contains(" of 300 rights") }
        XCTAssertGreaterThanOrEqual(screened.count, 2)
        XCTAssertLessThanOrEqual(screened.count, 11, "at most every 10 %")
        XCTAssertTrue(run.stderr.contains("] read 1 of 2 sources — read 300 rights"), run.stderr)
        XCTAssertTrue(run.stderr.contains("] read 2 of 2 sources — read 3 features of red_line"), run.stderr)
        for file in ["screen.json", "screen.csv", "screen.xlsx", "screen.gpkg", "retained/", "report.html"] {
            XCTAssertTrue(run.stderr.contains("of 6 files (\(file))"), file)
        }
    }

    func testBarOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("needs script(1) for a terminal") }
        let directory = try CLI.temporaryDirectory()
        let rights = try manyRights(directory)
        let command = "'\(CLI.executable.path)' screen '\(rights)' --against red_line=screen/red_line.geojson --id-field id --out '\(directory)/out' --workers 1 > /dev/null"
        let run = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stdout)
        XCTAssertTrue(run.stdout.contains("\r\u{1B}[K"), "redrawn in place")
        XCTAssertNotNil(run.stdout.range(of: #"\d+% screened \d+ of 300 rights, ETA \d+ s"#, options: .regularExpression), run.stdout)
        XCTAssertTrue(run.stdout.contains("100% read 2 of 2 sources"), run.stdout)
        XCTAssertNotNil(run.stdout.range(of: #"100% writing 6 of 6 files \(report\.html\)"#, options: .regularExpression), run.stdout)
        XCTAssertTrue(run.stdout.contains("geocheck: wrote "))
    }
}
