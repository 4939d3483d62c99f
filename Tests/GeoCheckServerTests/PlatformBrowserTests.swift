import Foundation
import XCTest

/// The platform's pages in headless Chromium, driven by Selenium (browser_platform.py): log in,
/// screen a sample corner file, see the verdict and the map with the overlaps, download the
/// retained corner file and re-read it with `geocheck coords`; a unit user cannot open another
/// unit's mine. With GEOCHECK_SCREENSHOTS=DIR the pages' screenshots are written there.
final class PlatformBrowserTests: XCTestCase {
    func testPagesInHeadlessChromium() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
              (try CLIProcess.run("/usr/bin/env", ["python3", "-c", "import selenium"])).status == 0 else {
            throw XCTSkip("chromium-driver or selenium missing (.ci/run installs them)")
        }
        let server = try PlatformHarness()
        try server.start()
        let downloads = server.directory.appendingPathComponent("downloads")
        try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("browser_platform.py").path
        var arguments = ["python3", script, server.base, PlatformHarness.executable.path, PlatformAPITests.rightFile, downloads.path]
        if let shots = ProcessInfo.processInfo.environment["GEOCHECK_SCREENSHOTS"] { arguments.append(shots) }
        let run = try CLIProcess.run("/usr/bin/env", arguments)
        print(run.stdout)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("browser: all steps passed"))
        // The downloaded retained part against the API's retained area (the corner file has
        // coordinates rounded to centimetres: a few m² on a 400,000 m² polygon).
        let token = try server.login("admin")
        let reply = try server.upload("/api/screen", token: token, files: ["file": ("r.txt", try Data(contentsOf: URL(fileURLWithPath: PlatformAPITests.rightFile)))])
        let retained = try XCTUnwrap(((reply.json["rights"] as? [[String: Any]])?.first?["retained_area_m2"]) as? Double)
        let line = try XCTUnwrap(run.stdout.components(separatedBy: "\n").first { $0.hasPrefix("retained_area_m2=") })
        let downloaded = try XCTUnwrap(Double(line.dropFirst("retained_area_m2=".count)))
        XCTAssertEqual(downloaded, retained, accuracy: retained * 1e-4)
    }
}
