import Foundation
import XCTest
@testable import GeoCheck

/// The one-call runs of the monitoring commands on samples/, against samples/answer_key.json
/// (figures computed independently by samples/make_samples.py from the drawn coordinates).
final class RunsTests: XCTestCase {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples").path
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "geocheck-runs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    func answerKey(_ command: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(Self.samples)/answer_key.json"))
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?[command] as? [String: Any])
    }

    /// Events heard by a run, in order: "evaluated" or the progress message.
    final class Heard<Result> {
        var events: [String] = []
        func hear(_ event: RunEvent<Result>) {
            switch event {
            case .evaluated: events.append("evaluated")
            case .progress(let message): events.append(message)
            }
        }
    }

    func testBoundaryRunRecordsTwoMonthsAndWritesTheSet() throws {
        let ledger = "\(directory)/ledger.gpkg"
        var request = BoundaryRequest(licensed: "\(Self.samples)/boundary/licences.gpkg",
                                      footprint: "\(Self.samples)/boundary/footprint_2020-04.gpkg")
        request.idField = "id"
        request.ledger = ledger
        _ = try Boundary.run(request)  // the date comes from the footprint's date field
        request.footprint = "\(Self.samples)/boundary/footprint_2020-05.gpkg"
        request.output = RunOutput(directory: "\(directory)/out", language: .en)
        let heard = Heard<BoundaryResult>()
        let run = try Boundary.run(request, events: heard.hear)

        // The result is heard once, before the first file is written; then one message per file.
        XCTAssertEqual(heard.events.first, "evaluated")
        XCTAssertEqual(heard.events.filter { $0 == "evaluated" }.count, 1)
        XCTAssertEqual(heard.events.dropFirst().first, "writing 1 of 5 files (boundary.json)")
        XCTAssertEqual(run.files.count, 5)
        for file in run.files { XCTAssertTrue(FileManager.default.fileExists(atPath: file), file) }

        let key = try XCTUnwrap((try answerKey("boundary")["check_2020_05"] as? [[String: Any]])?.first)
        let mine = try XCTUnwrap(run.result.mines.first { $0.id == key["id"] as? String })
        XCTAssertEqual(run.result.date, "2020-05-31")
        XCTAssertEqual(run.result.ledger, ledger)
        XCTAssertEqual(mine.outside.m2, try XCTUnwrap(key["outside_m2"] as? Double), accuracy: 0.05)
        XCTAssertEqual(mine.newOutside.m2, try XCTUnwrap(key["new_outside_m2"] as? Double), accuracy: 0.05)
        XCTAssertEqual(mine.previousCheck, "2020-04-30")

        // History reads both months back.
        var history = HistoryRequest(ledger: ledger)
        history.mine = mine.id
        history.csv = "\(directory)/history.csv"
        let checks = try History.run(history).checks
        XCTAssertEqual(checks.map(\.date), ["2020-04-30", "2020-05-31"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(directory)/history.csv"))
    }

    func testForestRunWithoutOutWritesNothing() throws {
        var request = ForestRequest(occupied: "\(Self.samples)/forest/occupied.gpkg", forest: "\(Self.samples)/forest/forest.gpkg",
                                    permits: "\(Self.samples)/forest/permits.gpkg")
        (request.idField, request.permitIDField, request.date) = ("id", "permit_id", "2020-10-31")
        let heard = Heard<ForestResult>()
        let run = try Forest.run(request, events: heard.hear)
        XCTAssertEqual(heard.events, ["evaluated"])
        XCTAssertEqual(run.files, [])
        let key = try XCTUnwrap((try answerKey("forest")["sites"] as? [[String: Any]])?.first)
        let site = try XCTUnwrap(run.result.sites.first { $0.id == key["id"] as? String })
        XCTAssertEqual(site.occupiedForest.m2, try XCTUnwrap(key["occupied_forest_m2"] as? Double), accuracy: 0.05)
        XCTAssertEqual(site.overOccupied.m2, try XCTUnwrap(key["over_occupied_m2"] as? Double), accuracy: 0.05)
    }

    func testReclaimRun() throws {
        var request = ReclaimRequest(plan: "\(Self.samples)/reclaim/plan.gpkg", done: "\(Self.samples)/reclaim/done.gpkg")
        (request.idField, request.asOf) = ("id", "2020-09-30")
        let run = try Reclaim.run(request)
        for key in try XCTUnwrap(try answerKey("reclaim")["tasks"] as? [[String: Any]]) {
            let task = try XCTUnwrap(run.result.tasks.first { $0.id == key["id"] as? String })
            XCTAssertEqual(task.done.m2, try XCTUnwrap(key["done_m2"] as? Double), accuracy: 0.05, task.id)
            XCTAssertEqual(task.status.rawValue, key["status"] as? String, task.id)
        }
    }
}
