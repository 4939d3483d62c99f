import Foundation
import XCTest
@testable import GeoCheck

/// Boundary, forest and reclaim checks on hand-built rectangles in CGCS2000 GK zone 36
/// (EPSG:4524), centred on the central meridian (easting 36 500 000), where the Gauss-Krüger
/// scale factor is 1 to within 1e-8: a W × H m rectangle has an ellipsoidal area of W·H m²
/// to within 0.01 m². Expected values are those hand-computed products.
final class MonitorTests: XCTestCase {
    static let e0 = 36_500_000.0, n0 = 2_600_000.0
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "geocheck-monitor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    /// A rectangle x0…x1, y0…y1 in metres from (e0 − 500, n0).
    func rect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> String {
        let (a, b, c, d) = (Self.e0 - 500 + x0, Self.n0 + y0, Self.e0 - 500 + x1, Self.n0 + y1)
        return "POLYGON((\(a) \(b), \(c) \(b), \(c) \(d), \(a) \(d), \(a) \(b)))"
    }

    func write(_ name: String, fields: [FieldDefinition], rows: [(String, [FieldValue])]) throws -> String {
        let path = "\(directory)/\(name).gpkg"
        let context = try GEOSContext()
        let writer = try VectorWriter(path: path)
        let layer = try writer.createLayer(name: name, crs: try SpatialReference(epsg: 4524), geometryType: .polygon, fields: fields)
        for (wkt, values) in rows { try layer.add(geometry: try context.geometry(wkt: wkt), values: values) }
        try writer.commit()
        return path
    }

    func assertArea(_ area: Area, m2 expected: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(area.m2, expected, accuracy: 0.05, message, file: file, line: line)
    }

    // MARK: boundary

    func licences() throws -> String {
        // Two blocks of licence L (1000 × 1000 and 500 × 1000 east of it), elevation ranges differ.
        try write("licences", fields: [.init(name: "id", type: .string), .init(name: "top", type: .real), .init(name: "bottom", type: .real)],
                  rows: [(rect(0, 0, 1000, 1000), [.string("L"), .real(300), .real(100)]),
                         (rect(1000, 0, 1500, 1000), [.string("L"), .real(250), .real(150)])])
    }

    func testOutsideOfARectangleHalfOutside() throws {
        // Footprint 300 (E–W) × 200 (N–S) straddling the north edge by 100 m: 300 × 100 outside.
        let footprint = try write("footprint", fields: [.init(name: "id", type: .string), .init(name: "elev_min", type: .real),
                                                        .init(name: "elev_max", type: .real)],
                                  rows: [(rect(100, 900, 400, 1100), [.string("L"), .real(120), .real(280)])])
        let inputs = try BoundaryInputs.load(licensed: try licences(), footprint: footprint, idField: "id", context: try GEOSContext())
        let evaluation = try Boundary.evaluate(inputs, options: BoundaryOptions(date: "2024-01-31"))
        let mine = try XCTUnwrap(evaluation.result.mines.first)
        XCTAssertEqual(mine.blocks, 2)
        assertArea(mine.licensed, m2: 1_500_000)
        assertArea(mine.footprint, m2: 60_000)
        assertArea(mine.outside, m2: 30_000)
        XCTAssertEqual(mine.outside.mu, 45, accuracy: 0.0001)
        XCTAssertEqual(mine.outside.ha, 3, accuracy: 0.00001)
        assertArea(mine.newOutside, m2: 30_000, "without a ledger, new = all of outside")
        XCTAssertTrue(mine.elevationOversteps.isEmpty, "120–280 lies within block 1's 100–300")
        XCTAssertEqual(evaluation.result.summary.overstepping, 1)
    }

    func testElevationOverstepPerBlock() throws {
        // One patch across both blocks: 120–280 m is inside block 1 (100–300) but below block 2's
        // bottom (150) and above its top (250).
        let footprint = try write("footprint", fields: [.init(name: "id", type: .string), .init(name: "采场", type: .string),
                                                        .init(name: "elev_min", type: .real), .init(name: "elev_max", type: .real)],
                                  rows: [(rect(900, 100, 1100, 300), [.string("L"), .string("S1"), .real(120), .real(280)])])
        let inputs = try BoundaryInputs.load(licensed: try licences(), footprint: footprint, idField: "id", context: try GEOSContext())
        let mine = try XCTUnwrap(try Boundary.evaluate(inputs, options: BoundaryOptions(date: "2024-01-31")).result.mines.first)
        assertArea(mine.outside, m2: 0)
        XCTAssertEqual(mine.elevationOversteps.map(\.kind), [.belowBottom, .aboveTop])
        XCTAssertEqual(mine.elevationOversteps.map(\.block), ["2", "2"])
        XCTAssertEqual(mine.elevationOversteps.first?.patch, "S1")
        assertArea(try XCTUnwrap(mine.elevationOversteps.first).area, m2: 100 * 200)
    }

    func testNewOutsideIsOutsideMinusPreviousOutside() throws {
        let footprint = try write("footprint", fields: [.init(name: "id", type: .string)],
                                  rows: [(rect(100, 900, 400, 1100), [.string("L")])])
        let context = try GEOSContext()
        let inputs = try BoundaryInputs.load(licensed: try licences(), footprint: footprint, idField: "id", context: context)
        var evaluation = try Boundary.evaluate(inputs, options: BoundaryOptions(date: "2024-02-29"))
        // Previously outside: the western 100 m of today's outside (100 × 100).
        let previous = try context.geometry(wkt: rect(100, 1000, 200, 1100))
        try Boundary.applyPrevious(&evaluation, previous: ["L": previous], previousDates: ["L": "2024-01-31"])
        let mine = try XCTUnwrap(evaluation.result.mines.first)
        assertArea(mine.outside, m2: 30_000)
        assertArea(mine.newOutside, m2: 20_000)
        XCTAssertEqual(mine.previousCheck, "2024-01-31")
    }

    func testFootprintWithoutLicenceIsAnErrorUnlessCountedOutside() throws {
        let footprint = try write("footprint", fields: [.init(name: "id", type: .string)],
                                  rows: [(rect(100, 100, 200, 200), [.string("L")]), (rect(5000, 0, 5100, 100), [.string("X9")])])
        let inputs = try BoundaryInputs.load(licensed: try licences(), footprint: footprint, idField: "id", context: try GEOSContext())
        XCTAssertThrowsError(try Boundary.evaluate(inputs, options: BoundaryOptions(date: "2024-01-31"))) { error in
            XCTAssertTrue("\(error)".contains("footprint.gpkg feature X9"), "\(error)")
            XCTAssertTrue("\(error)".contains("matches no licence"), "\(error)")
        }
        var options = BoundaryOptions(date: "2024-01-31")
        options.unmatchedOutside = true
        let result = try Boundary.evaluate(inputs, options: options).result
        let unmatched = try XCTUnwrap(result.mines.first { $0.id == "X9" })
        XCTAssertTrue(unmatched.unmatched)
        assertArea(unmatched.outside, m2: 10_000)
    }

    // MARK: forest

    func testExpiredPermitAuthorisesNothing() throws {
        let occupied = try write("occupied", fields: [.init(name: "id", type: .string)], rows: [(rect(0, 0, 1000, 500), [.string("S")])])
        // Forest covers the western 600 m: 600 × 500 of the site is forest land.
        let forest = try write("forest", fields: [.init(name: "地类", type: .string)],
                               rows: [(rect(0, 0, 300, 500), [.string("乔木林地")]), (rect(300, 0, 600, 500), [.string("灌木林地")])])
        let permits = try write("permits", fields: [.init(name: "permit_id", type: .string), .init(name: "id", type: .string),
                                                    .init(name: "valid_until", type: .date)],
                                rows: [(rect(0, 0, 100, 500), [.string("P-valid"), .string("S"), .date("2030-12-31")]),
                                       (rect(100, 0, 300, 500), [.string("P-old"), .string("S"), .date("2020-01-01")])])
        let inputs = try ForestInputs.load(occupied: occupied, forest: forest, permits: permits, idField: "id", permitIDField: nil,
                                           classField: nil, context: try GEOSContext())
        let site = try XCTUnwrap(try Forest.evaluate(inputs, options: ForestOptions(date: "2024-06-30")).result.sites.first)
        assertArea(site.occupied, m2: 500_000)
        assertArea(site.occupiedForest, m2: 300_000)
        assertArea(site.permitted, m2: 50_000)
        assertArea(site.overOccupied, m2: 250_000)
        XCTAssertEqual(site.expiredPermits, ["P-old"])
        XCTAssertEqual(site.byClass.map(\.forestClass), ["乔木林地", "灌木林地"])
        assertArea(site.byClass[0].overOccupied, m2: 100_000)
        // Before the expiry both permits count.
        let earlier = try XCTUnwrap(try Forest.evaluate(inputs, options: ForestOptions(date: "2019-06-30")).result.sites.first)
        assertArea(earlier.overOccupied, m2: 150_000)
        XCTAssertEqual(earlier.expiredPermits, [])
    }

    // MARK: reclaim

    func reclaimTasks() throws -> String {
        try write("tasks", fields: [.init(name: "id", type: .string), .init(name: "planned_mu", type: .real),
                                    .init(name: "deadline", type: .date)],
                  rows: [(rect(0, 0, 1000, 1000), [.string("T1"), .real(900), .date("2024-12-31")]),   // on track
                         (rect(2000, 0, 2100, 100), [.string("T2"), .null, .date("2024-03-31")]),        // done
                         (rect(3000, 0, 3100, 100), [.string("T3"), .real(20), .date("2024-03-31")])])   // overdue
    }

    func testOverlappingPatchesCountOnceAndStatusRules() throws {
        let patches = try write("patches", fields: [.init(name: "id", type: .string), .init(name: "date", type: .date)], rows: [
            (rect(0, 0, 400, 500), [.string("T1"), .date("2024-01-15")]),
            (rect(200, 0, 600, 500), [.string("T1"), .date("2024-02-10")]),     // overlaps the first by 200 × 500
            (rect(900, 900, 1100, 1100), [.string("T1"), .date("2024-02-20")]), // 3/4 outside the task
            (rect(600, 0, 800, 500), [.string("T1"), .date("2024-07-01")]),     // after --as-of
            (rect(2000, 0, 2100, 100), [.string("T2"), .date("2024-03-01")]),
            (rect(3000, 0, 3050, 100), [.string("T3"), .date("2024-03-01")]),
        ])
        let inputs = try ReclaimInputs.load(plan: try reclaimTasks(), done: patches, idField: "id", context: try GEOSContext())
        let result = try Reclaim.evaluate(inputs, options: ReclaimOptions(asOf: "2024-06-30")).result
        let t1 = result.tasks[0], t2 = result.tasks[1], t3 = result.tasks[2]
        // T1: union 600 × 500 + the 100 × 100 corner inside = 310 000 m² = 465 亩 (sum would be 540 亩).
        assertArea(t1.done, m2: 310_000)
        XCTAssertEqual(t1.done.mu, 465, accuracy: 0.0001)
        XCTAssertEqual(t1.planned.mu, 900, accuracy: 1e-9)
        XCTAssertEqual(t1.remaining.mu, 435, accuracy: 0.0001)
        XCTAssertEqual(t1.status, .onTrack)
        XCTAssertEqual(t1.patches, 3)
        XCTAssertEqual(t1.laterPatches, 1)
        XCTAssertEqual(t1.byMonth.map(\.month), ["2024-01", "2024-02"])
        assertArea(t1.byMonth[0].done, m2: 200_000)
        assertArea(t1.byMonth[1].done, m2: 110_000)
        assertArea(t1.byMonth[1].cumulative, m2: 310_000)
        // T2: NULL planned_mu → polygon area; fully covered → done even though the deadline passed.
        XCTAssertEqual(t2.plannedFrom, "polygon")
        assertArea(t2.planned, m2: 10_000)
        XCTAssertEqual(t2.status, .done)
        XCTAssertEqual(t2.shareDone, 1, accuracy: 1e-6)
        // T3: half done, deadline before --as-of → overdue.
        assertArea(t3.done, m2: 5_000)
        XCTAssertEqual(t3.status, .overdue)
        XCTAssertEqual(result.summary.done, 1)
        XCTAssertEqual(result.summary.onTrack, 1)
        XCTAssertEqual(result.summary.overdue, 1)
        XCTAssertEqual(result.summary.byMonth.last?.cumulative.m2 ?? 0, 325_000, accuracy: 0.1)
    }
}
