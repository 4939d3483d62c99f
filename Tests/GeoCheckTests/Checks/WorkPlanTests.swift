import XCTest
@testable import GeoCheck

/// `WorkPlan.hilbertIndex` against the Hilbert curve drawn by hand, and against the inverse
/// mapping (distance → cell, the d2xy of Hilbert's construction) written here independently.
final class WorkPlanTests: XCTestCase {
    func testOrderOneVisitsTheFourCellsAsAU() {
        // The first-order curve: (0,0) → (0,1) → (1,1) → (1,0).
        XCTAssertEqual(WorkPlan.hilbertIndex(x: 0, y: 0, order: 1), 0)
        XCTAssertEqual(WorkPlan.hilbertIndex(x: 0, y: 1, order: 1), 1)
        XCTAssertEqual(WorkPlan.hilbertIndex(x: 1, y: 1, order: 1), 2)
        XCTAssertEqual(WorkPlan.hilbertIndex(x: 1, y: 0, order: 1), 3)
    }

    func testOrderTwoByHand() {
        // The 4 × 4 curve, drawn: each quadrant is a U, the lower ones turned so the path joins.
        let path: [(UInt32, UInt32)] = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 2), (0, 3), (1, 3), (1, 2),
                                        (2, 2), (2, 3), (3, 3), (3, 2), (3, 1), (2, 1), (2, 0), (3, 0)]
        for (distance, cell) in path.enumerated() {
            XCTAssertEqual(WorkPlan.hilbertIndex(x: cell.0, y: cell.1, order: 2), UInt64(distance), "\(cell)")
        }
    }

    func testMatchesTheInverseMappingAndStepsToNeighbours() {
        let order = 4, side = UInt32(1) << order
        var previous: (UInt32, UInt32)?
        for distance in 0..<UInt64(side * side) {
            let cell = Self.cell(at: distance, side: side)
            XCTAssertEqual(WorkPlan.hilbertIndex(x: cell.0, y: cell.1, order: order), distance)
            if let previous {
                // Consecutive cells of a Hilbert curve are edge neighbours.
                let step = abs(Int(cell.0) - Int(previous.0)) + abs(Int(cell.1) - Int(previous.1))
                XCTAssertEqual(step, 1, "\(previous) → \(cell)")
            }
            previous = cell
        }
    }

    /// Orders up to 16 (the keys of rights and pieces): random distances back from their cells.
    func testLargeOrdersMatchTheInverseMapping() {
        var generator = SplitMix64(seed: 16)
        for order in [5, 9, 15, 16] {
            let side = UInt32(1) << order
            for _ in 0..<5_000 {
                let distance = UInt64.random(in: 0..<(UInt64(side) * UInt64(side)), using: &generator)
                let cell = Self.cell(at: distance, side: side)
                XCTAssertEqual(WorkPlan.hilbertIndex(x: cell.0, y: cell.1, order: order), distance, "order \(order), \(cell)")
            }
        }
    }

    /// Distance along the curve → cell (the classic d2xy loop, rotating as it goes up).
    static func cell(at distance: UInt64, side: UInt32) -> (UInt32, UInt32) {
        var x: UInt32 = 0, y: UInt32 = 0, t = distance
        var s: UInt32 = 1
        while s < side {
            let rx = UInt32(1 & (t / 2))
            let ry = UInt32(1 & (t ^ UInt64(rx)))
            if ry == 0 {
                if rx == 1 { x = s - 1 - x; y = s - 1 - y }
                swap(&x, &y)
            }
            x += s * rx
            y += s * ry
            t /= 4
            s *= 2
        }
        return (x, y)
    }
}
