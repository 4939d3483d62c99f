import Foundation
import XCTest

@testable import GeoCheck

/// Differential one-line corruption of every valid corner file we have (the fixtures, the
/// sample licence, and each of them rewritten in the three forms): corrupt one line at a time in
/// several ways and parse. The result must be the same file, or an error naming exactly that
/// line — never a different answer. A corruption inside a number that leaves another valid
/// number (a decimal digit deleted) can only change that line's own value: allowed, as long as
/// nothing else changes (no point dropped or added, no block split or merged, no elevation
/// appearing, vanishing or moving to another field).
final class CornerGrammarDifferentialTests: XCTestCase {

    struct Corpus {
        var name: String
        var lines: [String]
        var gbk: Bool
    }

    static func corpus() throws -> [Corpus] {
        var files: [Corpus] = []
        let directory = CornerCoordinateTests.fixtureDirectory
        var paths = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map { directory.appendingPathComponent($0).path }
        paths.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../samples/boundary/licence_guangxi_no3.txt").standardized.path)
        for path in paths {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let parsed = try CornerCoordinates.parse(data, path: path)
            let name = (path as NSString).lastPathComponent
            let (lines, _) = try TextEncoding.decodeLines(data, path: path)
            files.append(Corpus(name: name, lines: lines, gbk: parsed.encoding == "GB18030"))
            // The GBK fixtures rewrite to the same text as their UTF-8 twins.
            for form in CornerFileForm.allCases where !name.contains("_gbk") {
                let text = CornerCoordinates.write(parsed, form: form)
                files.append(Corpus(name: "\(name)→\(form)", lines: text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init), gbk: false))
            }
        }
        return files
    }

    // MARK: - Mutations of one line

    static let junk = ["x", ",", ",0", "@", " 1", "=1", ";", "\t9", "*", ",,"]
    static let separatorReplacements: [Character: [String]] = [
        ",": [";", " ", "\t", "=", "@", "，", ",,", "*", ""],
        "=": [",", ":", " ", "==", ""],
        "\t": [",", " ", ""],
        " ": [",", "\t", ""],
    ]

    static func mutations(of line: String) -> [String] {
        let chars = Array(line)
        var out: Set<String> = []
        for i in chars.indices {
            var deleted = chars
            deleted.remove(at: i)
            out.insert(String(deleted))
            var doubled = chars
            doubled.insert(chars[i], at: i)
            out.insert(String(doubled))
            if chars[i].isASCII && chars[i].isNumber {
                for letter in ["O", "l", "x"] {
                    var swapped = chars
                    swapped[i] = Character(letter)
                    out.insert(String(swapped))
                }
            }
            for replacement in separatorReplacements[chars[i]] ?? [] {
                out.insert(String(chars[..<i]) + replacement + String(chars[(i + 1)...]))
            }
        }
        for j in junk { out.insert(line + j) }
        out.formUnion(misspeltKeys(line))
        out.remove(line)
        return out.sorted()
    }

    /// The key before '=' misspelt: XY→XZ / J / foo, one character replaced, the first dropped.
    static func misspeltKeys(_ line: String) -> [String] {
        guard let eq = line.firstIndex(of: "=") else { return [] }
        let key = String(line[..<eq]), rest = String(line[eq...])
        var keys: [String] = []
        if key.uppercased().hasPrefix("XY") {
            let digits = String(key.dropFirst(2))
            keys += ["XZ" + digits, "YX" + digits, "J" + digits, "foo", "X" + digits]
        }
        if !key.isEmpty {
            keys.append(String(key.dropFirst()))
            var chars = Array(key)
            chars[chars.count - 1] = chars[chars.count - 1].isASCII ? "Q" : "某"
            keys.append(String(chars))
        }
        return keys.map { $0 + rest }
    }

    // MARK: - The oracle

    enum Outcome: CustomStringConvertible {
        case same, namedLine, localChange
        case wrong(String)
        var description: String {
            switch self {
            case .same: return "same"
            case .namedLine: return "error naming the line"
            case .localChange: return "own value changed"
            case .wrong(let why): return "WRONG: \(why)"
            }
        }
    }

    static func judge(_ original: CornerFile, mutant data: Data, line: Int, path: String) -> Outcome {
        let mutant: CornerFile
        do {
            mutant = try CornerCoordinates.parse(data, path: path)
        } catch let error as CornerFileError {
            if error.line == line { return .namedLine }
            let text = error.message
            if text.range(of: "line \(line)(?![0-9])", options: .regularExpression) != nil { return .namedLine }
            return .wrong("error names line \(error.line.map(String.init) ?? "none"): \(error)")
        } catch {
            return .wrong("unexpected error \(error)")
        }
        return compare(original, mutant, line: line)
    }

    static func compare(_ a: CornerFile, _ b: CornerFile, line: Int) -> Outcome {
        guard a.form == b.form, a.datum == b.datum, a.epsg == b.epsg, a.towgs84 == b.towgs84 else {
            return .wrong("file-level change: \(a.form)/\(a.epsg)/\(String(describing: a.towgs84)) → \(b.form)/\(b.epsg)/\(String(describing: b.towgs84))")
        }
        guard a.blocks.count == b.blocks.count else { return .wrong("\(a.blocks.count) blocks → \(b.blocks.count)") }
        var local = false
        let pointLines = Set(a.blocks.flatMap { $0.rings.flatMap { $0.map(\.line) } })
        for (x, y) in zip(a.blocks, b.blocks) {
            guard x.id == y.id || !pointLines.contains(line) && x.attributes["地块编号"] != nil else {
                return .wrong("block id \(x.id) → \(y.id)")
            }
            guard (x.top == nil) == (y.top == nil), (x.bottom == nil) == (y.bottom == nil) else {
                return .wrong("block \(x.id) elevation \(String(describing: x.top))/\(String(describing: x.bottom)) → \(String(describing: y.top))/\(String(describing: y.bottom))")
            }
            if x.top != y.top || x.bottom != y.bottom || x.attributes != y.attributes || x.id != y.id {
                if pointLines.contains(line) { return .wrong("block \(x.id) header changed by a point line") }
                local = true
            }
            guard x.rings.map(\.count) == y.rings.map(\.count), x.rings.map({ $0.map(\.line) }) == y.rings.map({ $0.map(\.line) }) else {
                return .wrong("block \(x.id) rings \(x.rings.map { $0.map(\.line) }) → \(y.rings.map { $0.map(\.line) })")
            }
            for (p, q) in zip(x.rings.joined(), y.rings.joined()) where p != q {
                guard p.line == line else { return .wrong("point on line \(p.line) changed: \(p) → \(q)") }
                local = true
            }
        }
        return local ? .localChange : .same
    }

    // MARK: - The test

    func testOneLineCorruptionIsSameOrNamesTheLine() throws {
        var counts: [String: Int] = [:]
        var failures: [String] = []
        for file in try Self.corpus() {
            let encode: (String) -> Data = { text in
                file.gbk ? (TextEncoding.encodeGB18030(text) ?? Data(text.utf8)) : Data(text.utf8)
            }
            let original = try CornerCoordinates.parse(encode(file.lines.joined(separator: "\n") + "\n"), path: file.name)
            for (index, line) in file.lines.enumerated() {
                for mutated in Self.mutations(of: line) {
                    var lines = file.lines
                    lines[index] = mutated
                    let outcome = Self.judge(original, mutant: encode(lines.joined(separator: "\n") + "\n"), line: index + 1, path: file.name)
                    counts[outcome.description, default: 0] += 1
                    if case .wrong(let why) = outcome, failures.count < 40 {
                        failures.append("\(file.name):\(index + 1): \"\(line)\" → \"\(mutated)\": \(why)")
                    }
                }
            }
        }
        print("one-line corruption outcomes: \(counts.sorted { $0.key < $1.key })")
        XCTAssertTrue(failures.isEmpty, failures.joined(separator: "\n"))
        XCTAssertGreaterThan(counts["error naming the line", default: 0], 1000)
    }

    /// Byte-level corruption of the GBK fixtures: a byte deleted or replaced by one that is
    /// invalid in GBK, per line. The file must read the same or fail naming that line.
    func testByteCorruptionOfGBKNamesTheLine() throws {
        var failures: [String] = []
        var named = 0
        let directory = CornerCoordinateTests.fixtureDirectory
        for name in ["exchange_gbk.txt", "plain_gbk.txt", "submission_gbk.txt"] {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let original = try CornerCoordinates.parse(data, path: name)
            let bytes = [UInt8](data)
            var lineOf: [Int] = []
            var line = 1
            for b in bytes {
                lineOf.append(line)
                if b == 0x0A { line += 1 }
            }
            for i in bytes.indices where bytes[i] != 0x0A && bytes[i] != 0x0D {
                for replacement in [nil, 0xFF, 0x80, 0xC3] as [UInt8?] {
                    var mutated = bytes
                    if let replacement { mutated[i] = replacement } else { mutated.remove(at: i) }
                    let outcome = Self.judge(original, mutant: Data(mutated), line: lineOf[i], path: name)
                    if case .namedLine = outcome { named += 1 }
                    if case .wrong(let why) = outcome, failures.count < 20 {
                        failures.append("\(name): byte \(i) (line \(lineOf[i])) → \(String(describing: replacement)): \(why)")
                    }
                }
            }
        }
        XCTAssertTrue(failures.isEmpty, failures.joined(separator: "\n"))
        XCTAssertGreaterThan(named, 100)
    }
}
