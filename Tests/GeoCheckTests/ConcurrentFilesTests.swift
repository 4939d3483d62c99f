import Foundation
import Synchronization
import XCTest
@testable import GeoCheck

/// `ConcurrentFiles`: every writer runs once, and the error is the first failing file's in file
/// order, whichever thread fails first.
final class ConcurrentFilesTests: XCTestCase {
    func testFirstErrorInFileOrderWhateverFinishesFirst() throws {
        let directory = try temporaryDirectory()
        let writers: [ConcurrentFiles.Writer] = (0..<5).map { file -> ConcurrentFiles.Writer in
            {
                if file == 1 { usleep(200_000); throw InputError("file 1 failed") }  // slow, early in file order
                if file == 3 { throw InputError("file 3 failed") }  // fast, later
                try writeAtomically(Data("\(file)".utf8), to: "\(directory)/\(file)")
            }
        }
        for order in [nil, [4, 3, 2, 1, 0]] {
            XCTAssertThrowsError(try ConcurrentFiles.write(writers, order: order, workers: 2)) { error in
                XCTAssertEqual(String(describing: error), "file 1 failed")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["0", "2", "4"])
    }

    func testEveryWriterRunsOnce() throws {
        let directory = try temporaryDirectory()
        let writers: [ConcurrentFiles.Writer] = (0..<7).map { file -> ConcurrentFiles.Writer in
            { try writeAtomically(Data("\(file)".utf8), to: "\(directory)/\(file)") }
        }
        try ConcurrentFiles.write(writers, order: [6, 5, 4, 3, 2, 1, 0], workers: 2)
        for file in 0..<7 {
            XCTAssertEqual(try String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8), "\(file)")
        }
    }

    /// `thenMap`: the items come after the writers on the same workers, every value in item
    /// order; a writer's error lets every item be made and is thrown after (the first failing
    /// file in file order); an item's error is thrown.
    func testItemsOnTheWritersWorkers() throws {
        let directory = try temporaryDirectory()
        let writers: [ConcurrentFiles.Writer] = (0..<3).map { file -> ConcurrentFiles.Writer in
            { try writeAtomically(Data("\(file)".utf8), to: "\(directory)/\(file)") }
        }
        let values = try ConcurrentFiles.write(writers, order: [2, 1, 0], workers: 2, thenMap: 100, local: {}) { _, item in item * item }
        XCTAssertEqual(values, (0..<100).map { $0 * $0 })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["0", "1", "2"])

        let made = Mutex(0)
        let failing: [ConcurrentFiles.Writer] = [
            { usleep(100_000); throw InputError("file 0 failed") },  // first in file order, fails last
            { throw InputError("file 1 failed") },
        ]
        XCTAssertThrowsError(try ConcurrentFiles.write(failing, order: [1, 0], workers: 2, thenMap: 50, local: {}) { _, item in
            made.withLock { $0 += 1 }
            return item
        }) { error in
            XCTAssertEqual(String(describing: error), "file 0 failed")
        }
        XCTAssertEqual(made.withLock { $0 }, 50)

        // A writer and an item fail: every writer still runs (claimed first), the item's error wins.
        let wrote = Mutex(0)
        let oneFails: [ConcurrentFiles.Writer] = [{ wrote.withLock { $0 += 1 } }, { throw InputError("file 1 failed") },
                                                  { wrote.withLock { $0 += 1 } }]
        XCTAssertThrowsError(try ConcurrentFiles.write(oneFails, workers: 2, thenMap: 10, local: {}) { _, item -> Int in
            if item == 5 { throw InputError("item 5 failed") }
            return item
        }) { error in
            XCTAssertEqual(String(describing: error), "item 5 failed")
        }
        XCTAssertEqual(wrote.withLock { $0 }, 2)

        XCTAssertThrowsError(try ConcurrentFiles.write(writers, workers: 2, thenMap: 10, local: {}) { _, item -> Int in
            if item == 3 { throw InputError("item 3 failed") }
            return item
        }) { error in
            XCTAssertEqual(String(describing: error), "item 3 failed")
        }
    }

    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "geocheck-concurrent-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
