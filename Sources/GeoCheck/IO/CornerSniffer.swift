import Foundation

/// What the first kilobytes of a file say about it being a corner-coordinate file.
public enum CornerSniff: Sendable, Equatable {
    /// A corner-coordinate file: read it with the corner parser.
    case corner
    /// Text with corner-coordinate lines that does not read cleanly (a bad line, an encoding
    /// problem): if no GDAL driver opens it, the corner parser names the line at fault.
    case damagedCorner
    /// Anything else: leave it to GDAL.
    case other
}

/// Content sniffing on the head of a file only (`headSize` bytes), so that a large file that is
/// not a corner file is never read whole.
enum CornerSniffer {
    static let headSize = 64 * 1024
    /// Corner files are small; a larger file is refused rather than read into memory.
    static let maximumFileSize = 64 * 1024 * 1024

    /// Reads the head of a file and classifies it; `.other` when it cannot be read.
    static func sniff(path: String, pathExtension: String) -> CornerSniff {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .other }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: headSize) else { return .other }
        return classify(head: head, truncated: head.count == headSize, pathExtension: pathExtension)
    }

    static func classify(head: Data, truncated: Bool, pathExtension: String) -> CornerSniff {
        let lines = decodedLines(head, truncated: truncated)
        let content = lines.compactMap { $0 }.map { CornerGrammar.normalize($0).trimmingCharacters(in: .whitespaces) }
        for line in content {
            if line.contains("[属性描述]") || line.contains("[地块坐标]") || CornerGrammar.submissionKey(line) != nil {
                return .corner
            }
        }
        let ext = pathExtension.lowercased()
        if ["csv", "json", "geojson", "kml", "gml", "xml"].contains(ext) { return .other }
        let plain = plainListShape(lines.prefix(50))
        if plain.clean && plain.points >= 3 { return .corner }
        let pointLike = content.prefix(200).filter { isPointLike($0) }.count
        return pointLike >= 2 ? .damagedCorner : .other
    }

    /// The head's lines, each decoded as UTF-8 or GB18030 on its own (nil when neither);
    /// a line cut off by the end of the head is dropped.
    private static func decodedLines(_ head: Data, truncated: Bool) -> [String?] {
        var bytes = [UInt8](head)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            if bytes.count % 2 == 1 { bytes.removeLast() }
            let text = String(data: Data(bytes), encoding: .utf16) ?? ""
            bytes = Array(text.utf8)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines = TextEncoding.splitLines(bytes)
        if truncated, lines.count > 1 { lines.removeLast() }
        return lines.prefix(400).map { line in
            if line.contains(0) { return nil }
            if TextEncoding.isValidUTF8(line) { return String(decoding: line, as: UTF8.self) }
            return TextEncoding.decodeGB18030(line)
        }
    }

    /// Do these lines read as a plain list (points, block ends, header keys, headings before the
    /// first point, comments)? `clean` is false at the first line that does not.
    private static func plainListShape(_ lines: ArraySlice<String?>) -> (clean: Bool, points: Int) {
        var points = 0
        for raw in lines {
            guard let raw else { return (false, points) }
            let line = CornerGrammar.normalize(raw).trimmingCharacters(in: .whitespaces)
            if CornerGrammar.isIgnorable(line) || line.hasPrefix("*") { continue }
            if let (key, value) = CornerGrammar.keyValue(line) {
                if CornerGrammar.headerKeyProblem(key: key, value: value) != nil { return (false, points) }
                continue
            }
            let fields = CornerGrammar.splitFields(line)
            if points == 0 && CornerGrammar.isHeading(line, fields: fields) { continue }
            guard isPointLike(line) else { return (false, points) }
            points += 1
        }
        return (true, points)
    }

    /// `name sep number sep number`; the numbers may be angles (`113°21'30.760"`).
    private static func isPointLike(_ line: String) -> Bool {
        let fields = CornerGrammar.splitFields(line)
        func coordinate(_ text: String) -> Bool { CornerGrammar.number(text) != nil || Degrees.parse(text) != nil }
        return fields.count == 3 && !fields[0].isEmpty && coordinate(fields[1]) && coordinate(fields[2])
    }
}
