import Foundation
import XCTest
@testable import GeoCheck

/// File names for ids, CSV formula neutralising, all-or-nothing output directories.
final class OutputSafetyTests: XCTestCase {
    func testRetainedNamesAreUniqueReversibleAndBounded() {
        let ids = ["a/b", "a|b", "a_b", "a%2Fb", "a b", ".hidden", "C5400002010081120064483", "采矿权/甲", ""]
        let names = ids.map { SafeFileName.encode($0, suffix: ".txt") }
        XCTAssertEqual(Set(names).count, ids.count, "\(names)")
        XCTAssertEqual(names[0], "a%2Fb.txt")
        XCTAssertEqual(names[1], "a%7Cb.txt")
        XCTAssertEqual(names[2], "a_b.txt")
        XCTAssertEqual(names[6], "C5400002010081120064483.txt")
        for (id, name) in zip(ids, names) {
            XCTAssertFalse(name.contains("/"))
            XCTAssertFalse(name.hasPrefix("."))
            XCTAssertEqual(SafeFileName.decode(String(name.dropLast(4))), id)
        }
        // Long ids: bounded (a file system's 255 bytes), and two ids sharing a long prefix stay apart.
        let long1 = String(repeating: "矿", count: 300) + "1"
        let long2 = String(repeating: "矿", count: 300) + "2"
        let n1 = SafeFileName.encode(long1, suffix: ".txt"), n2 = SafeFileName.encode(long2, suffix: ".txt")
        XCTAssertLessThanOrEqual(n1.utf8.count, SafeFileName.maxBytes)
        XCTAssertNotEqual(n1, n2)
        XCTAssertNil(SafeFileName.decode(n1))
        XCTAssertTrue(n1.hasPrefix("矿矿"), "cut on a character boundary")
        let slashes = SafeFileName.encode(String(repeating: "/", count: 400), suffix: ".txt")
        XCTAssertLessThanOrEqual(slashes.utf8.count, SafeFileName.maxBytes)
        XCTAssertFalse(slashes.contains("/"))
    }

    func testCSVNeutralisesFormulasButKeepsNumbers() {
        var table = Table(name: "t", columns: [.text("id"), .number("area_mu")])
        for text in ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx", "-12.5", "normal", "a=b"] {
            table.rows.append([.string(text), .real(-3.25)])
        }
        let lines = String(decoding: table.csvData(), as: UTF8.self).dropFirst().components(separatedBy: "\r\n")
        let cells = lines.dropFirst().filter { !$0.isEmpty }
        XCTAssertEqual(cells[0], "'=HYPERLINK(\"\"http://x\"\")\",-3.2500".replacingOccurrences(of: "'=", with: "\"'="))
        XCTAssertEqual(cells[1], "'+1+2,-3.2500")
        XCTAssertEqual(cells[2], "'-2+3,-3.2500")
        XCTAssertEqual(cells[3], "'@SUM(A1),-3.2500")
        XCTAssertEqual(cells[4], "'\tx,-3.2500")
        XCTAssertTrue(cells[5].hasPrefix("\"'\rx\""))
        XCTAssertEqual(cells[6], "-12.5,-3.2500", "a number stays a number")
        XCTAssertEqual(cells[7], "normal,-3.2500")
        XCTAssertEqual(cells[8], "a=b,-3.2500")
    }

    /// A CR LF inside a text is quoted like a lone CR or LF (it is one Character, which equals
    /// neither: compared by Character the field was left bare and split the row in two).
    func testCSVQuotesEveryLineBreak() {
        var table = Table(name: "t", columns: [.text("name"), .text("note")])
        table.rows = [[.string("第一行\r\n第二行"), .string("a\nb")], [.string("plain"), .string("x,y")]]
        let text = String(decoding: table.csvData(), as: UTF8.self)
        XCTAssertEqual(text, "\u{FEFF}name,note\r\n\"第一行\r\n第二行\",\"a\nb\"\r\nplain,\"x,y\"\r\n")
    }

    func testOutputDirectoryIsAllOrNothing() throws {
        let root = NSTemporaryDirectory() + "geocheck-out-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let target = "\(root)/results"
        // A failure before commit: nothing at the target, no staging left.
        do {
            let out = try OutputDirectory(target)
            try writeAtomically(Data("1".utf8), to: try out.path("a.json"))
            try writeAtomically(Data("2".utf8), to: try out.path("retained/x.txt"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), [])
        // Committed, then replaced as a whole by the next set.
        let first = try OutputDirectory(target)
        try writeAtomically(Data("1".utf8), to: try first.path("a.json"))
        try writeAtomically(Data("old".utf8), to: try first.path("retained/old.txt"))
        XCTAssertEqual(try first.commit(), ["\(target)/a.json", "\(target)/retained/old.txt"])
        let second = try OutputDirectory(target)
        try writeAtomically(Data("2".utf8), to: try second.path("a.json"))
        try second.commit()
        XCTAssertEqual(try String(contentsOfFile: "\(target)/a.json", encoding: .utf8), "2")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(target)/retained/old.txt"), "the old set is gone")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), ["results"])
        // A directory with the user's own files keeps them.
        let mine = "\(root)/mine"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: "\(mine)/notes.txt"))
        let third = try OutputDirectory(mine)
        try writeAtomically(Data("3".utf8), to: try third.path("a.json"))
        try third.commit()
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: mine)), ["notes.txt", "a.json"])
        // A file the user adds to an earlier set later is kept too (the set is no longer replaced whole).
        try Data("mine".utf8).write(to: URL(fileURLWithPath: "\(target)/notes.txt"))
        let fourth = try OutputDirectory(target)
        try writeAtomically(Data("4".utf8), to: try fourth.path("b.json"))
        try fourth.commit()
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: target)), [".geocheck-out", "a.json", "b.json", "notes.txt"])
        XCTAssertEqual(try String(contentsOfFile: "\(target)/notes.txt", encoding: .utf8), "mine")
    }

    /// A run killed with kill -9 while writing leaves its staging directory; the next run beside
    /// the same target removes it (a live process's is kept).
    func testStagingOfAKilledRunIsRemoved() throws {
        let root = NSTemporaryDirectory() + "geocheck-out-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let stale = "\(root)/.results.geocheck-tmp-\(gone.processIdentifier)-42"
        let live = "\(root)/.results.geocheck-tmp-1-42"
        for folder in [stale, live] { try FileManager.default.createDirectory(atPath: "\(folder)/retained", withIntermediateDirectories: true) }
        let out = try OutputDirectory("\(root)/results")
        try writeAtomically(Data("1".utf8), to: try out.path("a.json"))
        try out.commit()
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: root)), ["results", ".results.geocheck-tmp-1-42"])
    }
}
