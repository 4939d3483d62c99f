import Foundation
import XCTest

/// Output faults end to end: late failures, full disks, closed stdout, writing over the input.
final class OutputFaultCLITests: XCTestCase {
    /// Runs `geocheck` through the shell so stdout can be redirected (`> /dev/full`, `>&-`).
    func shell(_ command: String, in directory: String = CLI.samples) throws -> CLIRun {
        try CLI.runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "exec '\(CLI.executable.path)' \(command)"], in: directory)
    }

    func testLateFailureLeavesNoPartialFiles() throws {
        let root = try CLI.temporaryDirectory()
        for late in ["report.html", "screen.gpkg", "retained/index.csv"] {
            let out = "\(root)/new"
            let run = try CLI.run(["screen", "--config", "screen.yaml", "--out", out], in: CLI.samples,
                                  environment: ["GEOCHECK_TEST_FAIL_OUTPUT": late])
            XCTAssertEqual(run.status, 1, late)
            XCTAssertTrue(run.stderr.contains("injected failure"), run.stderr)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), [], "nothing left after a failure at \(late)")
        }
        // A failure over an earlier complete set leaves that set as it was.
        let out = "\(root)/kept"
        XCTAssertEqual(try CLI.run(["screen", "--config", "screen.yaml", "--out", out], in: CLI.samples).status, 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: "\(out)/screen.json"))
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        let failed = try CLI.run(["screen", "--config", "screen.yaml", "--out", out, "--min-area-m2", "5"], in: CLI.samples,
                                 environment: ["GEOCHECK_TEST_FAIL_OUTPUT": "report.html"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(out)/screen.json")), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), names)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), ["kept"])
        // The monitoring commands share the mechanism.
        let boundary = try CLI.run(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_2020-05.gpkg",
                                    "--id-field", "id", "--out", "\(root)/b"], in: CLI.samples,
                                   environment: ["GEOCHECK_TEST_FAIL_OUTPUT": "report.html"])
        XCTAssertEqual(boundary.status, 1, boundary.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(root)/b"))
    }

    /// A real full disk (a 400 kB tmpfs; needs root, else skipped): exit 1 naming the file as
    /// the user knows it, nothing left behind.
    func testFullDiskDuringOutLeavesNothing() throws {
        let mountPoint = try CLI.temporaryDirectory()
        let mount = try CLI.runProcess(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=400k", "tmpfs", mountPoint])
        guard mount.status == 0 else { throw XCTSkip("cannot mount a small tmpfs here: \(mount.stderr)") }
        defer { _ = try? CLI.runProcess(URL(fileURLWithPath: "/bin/umount"), [mountPoint]) }
        let run = try CLI.run(["screen", "--config", "screen.yaml", "--out", "\(mountPoint)/out"], in: CLI.samples)
        XCTAssertEqual(run.status, 1, run.stderr)
        let last = run.stderr.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(last.hasPrefix("geocheck: error: \(mountPoint)/out/"), last)
        // Which file fills the disk depends on the outputs' sizes: the OS or SQLite says so.
        XCTAssertTrue(last.contains("No space left on device") || last.contains("disk is full"), last)
        XCTAssertFalse(last.contains("geocheck-tmp"), last)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mountPoint), [])
    }

    func testRetainedFilesHaveAnIndexOfIds() throws {
        let out = try CLI.temporaryDirectory()
        XCTAssertEqual(try CLI.run(["screen", "--config", "screen.yaml", "--out", out], in: CLI.samples).status, 0)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/screen.json"))) as? [String: Any])
        let rights = try XCTUnwrap(json["rights"] as? [[String: Any]])
        // A right is shrunk when it has a prohibited overlap; it gets a retained corner file
        // when something of it remains.
        let shrunk = Set(rights.filter { (($0["overlaps"] as? [[String: Any]]) ?? []).contains { $0["severity"] as? String == "prohibited" } }
            .filter { ($0["retained_area_m2"] as? Double ?? 0) > 1 }
            .compactMap { $0["id"] as? String })
        let index = try String(contentsOfFile: "\(out)/retained/index.csv", encoding: .utf8)
        let rows = index.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        XCTAssertEqual(Set(rows.map { $0[1] }), shrunk)
        for row in rows { XCTAssertTrue(FileManager.default.fileExists(atPath: "\(out)/retained/\(row[0])"), row[0]) }
    }

    /// Ids that a naive file name would merge (`a/b`, `a|b`, `a_b`), a formula-like id, an id
    /// longer than a file name and a duplicate id: one retained file each, all found from the
    /// index.
    func testRetainedNamesOfAwkwardIds() throws {
        let directory = try CLI.temporaryDirectory()
        let long = String(repeating: "采", count: 120)
        let ids = ["a/b", "a|b", "a_b", "=1+2", long, "a/b"]
        let select = ids.map { "SELECT geom, '\($0)' AS id FROM rights WHERE 许可证号 = 'C5400002010081120064483'" }
            .joined(separator: " UNION ALL ")
        let make = try CLI.runProcess(URL(fileURLWithPath: "/usr/bin/ogr2ogr"),
                                      ["-f", "GPKG", "\(directory)/awkward.gpkg", "\(CLI.samples)/screen/rights.gpkg", "-dialect", "SQLite",
                                       "-sql", select, "-nln", "rights"])
        XCTAssertEqual(make.status, 0, make.stderr)
        let out = "\(directory)/out"
        let run = try CLI.run(["screen", "\(directory)/awkward.gpkg", "--against", "red_line=screen/red_line.geojson", "--id-field", "id",
                               "--out", out], in: CLI.samples)
        XCTAssertEqual(run.status, 0, run.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(out)/retained").filter { $0 != "index.csv" }
        XCTAssertEqual(files.count, ids.count, "\(files)")
        XCTAssertTrue(files.allSatisfy { $0.utf8.count <= 255 })
        XCTAssertEqual(Set(files.filter { $0.hasPrefix("a%2Fb") }), ["a%2Fb.txt", "a%2Fb~2.txt"])
        let index = try String(contentsOfFile: "\(out)/retained/index.csv", encoding: .utf8)
        for id in ids where id != "=1+2" { XCTAssertTrue(index.contains(id), id) }
        XCTAssertTrue(index.contains("'=1+2"), "formula-like ids are neutralised in the CSV index")
        // Each file reads back as the same retained area.
        let areas = try files.map { file -> Double in
            let coords = try CLI.run(["coords", "\(out)/retained/\(file)", "--json"])
            XCTAssertEqual(coords.status, 0, coords.stderr)
            return ((try CLI.json(coords)["blocks"] as? [[String: Any]]) ?? []).reduce(0) { $0 + ($1["area_m2"] as? Double ?? 0) }
        }
        XCTAssertLessThan((areas.max() ?? 0) - (areas.min() ?? 1), 1e-6)
    }

    func testFullDiskAndClosedStdoutExitOne() throws {
        for (command, culprit) in [("screen --config screen.yaml --json > /dev/full", "stdout"),
                                   ("screen --config screen.yaml > /dev/full", "stdout"),
                                   ("screen --config screen.yaml --json >&-", "stdout"),
                                   ("coords boundary/licence_guangxi_no3.txt --json >&-", "stdout"),
                                   ("coords boundary/licences.gpkg --id-field id --to /dev/full", "/dev/full"),
                                   ("coords boundary/licences.gpkg --id-field id > /dev/full", "stdout"),
                                   ("info screen/rights.gpkg > /dev/full", "stdout")] {
            let run = try shell(command)
            XCTAssertEqual(run.status, 1, "\(command): \(run.stderr)")
            let last = run.stderr.split(separator: "\n").last.map(String.init) ?? ""
            XCTAssertTrue(last.hasPrefix("geocheck: error: \(culprit): cannot write"), "\(command): \(last)")
        }
        let ledger = try CLI.temporaryDirectory() + "/ledger.gpkg"
        XCTAssertEqual(try CLI.run(["boundary", "--licensed", "boundary/licences.gpkg", "--footprint", "boundary/footprint_2020-05.gpkg",
                                    "--id-field", "id", "--date", "2020-05-31", "--ledger", ledger], in: CLI.samples).status, 0)
        for command in ["history --ledger '\(ledger)' --csv /dev/full", "history --ledger '\(ledger)' --json > /dev/full"] {
            let run = try shell(command)
            XCTAssertEqual(run.status, 1, "\(command): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("No space left on device"), run.stderr)
        }
        var status = stat()
        XCTAssertEqual(stat("/dev/full", &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFCHR, "/dev/full is still the device")
    }

    func testCoordsRefusesToOverwriteItsInput() throws {
        let directory = try CLI.temporaryDirectory()
        let input = "\(directory)/in.gpkg"
        try FileManager.default.copyItem(atPath: "\(CLI.samples)/boundary/licences.gpkg", toPath: input)
        try FileManager.default.copyItem(atPath: "\(CLI.samples)/boundary/licence_guangxi_no3.txt", toPath: "\(directory)/c.txt")
        try FileManager.default.createSymbolicLink(atPath: "\(directory)/link.gpkg", withDestinationPath: input)
        try FileManager.default.createDirectory(atPath: "\(directory)/sub", withIntermediateDirectories: true)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        for (file, target) in [("in.gpkg", "in.gpkg"), ("in.gpkg", "./sub/../in.gpkg"), ("in.gpkg", "link.gpkg"),
                               ("link.gpkg", "\(directory)/in.gpkg"), ("in.gpkg|layername=licences", "in.gpkg"),
                               ("c.txt", "c.txt")] {
            let run = try CLI.run(["coords", file, "--id-field", "id", "--to", target], in: directory)
            XCTAssertEqual(run.status, 1, "\(file) → \(target): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("refusing to overwrite"), run.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: input)), before)
    }
}
