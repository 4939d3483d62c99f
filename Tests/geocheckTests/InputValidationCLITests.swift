import Foundation
import XCTest

/// Hostile inputs (issue 14): each class is refused with one line naming the culprit, never a
/// crash or a hang.
final class InputValidationCLITests: XCTestCase {
    let rights = CLI.samples + "/screen/rights.gpkg"
    let redLine = CLI.samples + "/screen/red_line.geojson"

    func testMalformedAgainstIsAUsageError() throws {
        for item in ["z=", "=x", "z", " =x", "z= ", "="] {
            let run = try CLI.run(["screen", rights, "--against", item])
            XCTAssertEqual(run.status, 64, "\(item): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("expected NAME=SOURCE"), run.stderr)
        }
        let twice = try CLI.run(["screen", rights, "--against", "a=\(redLine)", "--against", "a=\(redLine)"])
        XCTAssertEqual(twice.status, 64, twice.stderr)
    }

    func testNonFiniteOrNegativeNumbersAreUsageErrors() throws {
        let cases = [["--min-area-m2", "nan"], ["--min-area-m2", "inf"], ["--min-area-m2=-1"],
                     ["--buffer-m", "nan"], ["--buffer-m", "inf"], ["--buffer-m=-1"]]
        for option in cases {
            let run = try CLI.run(["screen", rights, "--against", "r=\(redLine)"] + option)
            XCTAssertEqual(run.status, 64, "\(option): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("must be a finite number ≥ 0"), run.stderr)
        }
        let boundary = try CLI.run(["boundary", "--licensed", rights, "--footprint", rights, "--min-area-m2", "nan"])
        XCTAssertEqual(boundary.status, 64, boundary.stderr)
    }

    /// A FIFO would block forever, a device never end: refused at once, as source and as config.
    func testNonRegularFilesAreRefused() throws {
        let directory = try CLI.temporaryDirectory()
        let fifo = directory + "/rights.gpkg"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let started = Date()
        for arguments in [["screen", fifo, "--against", "r=\(redLine)"], ["screen", rights, "--against", "r=\(fifo)"],
                          ["screen", "--config", fifo], ["coords", fifo], ["screen", "/dev/zero", "--against", "r=\(redLine)"]] {
            let run = try CLI.run(arguments)
            XCTAssertEqual(run.status, 1, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("is a FIFO (named pipe)") || run.stderr.contains("/dev/zero: is a character device"), run.stderr)
            XCTAssertEqual(run.stderr.split(separator: "\n").filter { $0.contains("error") }.count, 1, run.stderr)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
    }

    /// YAML nested thousands of levels deep overflowed the parser's stack (exit 139); too many
    /// aliases is refused likewise. Both: exit 1 naming the file and line.
    func testDeepOrAliasHeavyConfigsAreRefused() throws {
        let directory = try CLI.temporaryDirectory()
        var block = ""
        for level in 0..<10_000 { block += String(repeating: " ", count: level) + "a:\n" }
        let configs: [(String, String, String)] = [
            ("flow.yaml", "rights: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n",
             "flow.yaml:1: nested deeper than 64 levels"),
            ("block.yaml", block, "block.yaml:65: nested deeper than 64 levels"),
            ("alias.yaml", "x: &a [1]\nrights:\n" + String(repeating: "  - *a\n", count: 200), "alias.yaml:103: more than 100 YAML aliases"),
            // Found by the fuzzer: a quote the scanner took for the start of a string hid the
            // brackets after it, which the YAML parser then nested.
            ("quoted.yaml", "#\n e{{{{{{{'" + String(repeating: "{", count: 5_000) + ",rule: x\n", "quoted.yaml:2: nested deeper than 64 levels"),
        ]
        for (name, text, message) in configs {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
            let run = try CLI.run(["screen", "--config", directory + "/" + name])
            XCTAssertEqual(run.status, 1, "\(name): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(message), run.stderr)
        }
        // The sample config (nesting 4, no aliases) still reads.
        let samples = try CLI.run(["screen", "--config", "screen.yaml", "--json"], in: CLI.samples)
        XCTAssertEqual(samples.status, 0, samples.stderr)
    }
}
