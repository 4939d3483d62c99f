import Foundation

/// The two list forms:
///
/// - submission: `XYnnn=point,X,Y` points, `XYnnn=标高,top,bottom[,area_or_name[,block_no]]` (or
///   `XYnnn=*,…`) block ends, header `KEY=value` lines, `[section]` lines;
/// - plain list: `point, X, Y` (comma, tab or spaces), `*[,top,bottom[,area_or_name[,block_no]]]`
///   block ends, header `KEY=value` lines, heading lines without numbers before the first point.
///
/// Comments (`#`, `//`) and blank lines are ignored; any other line is an error naming it.
extension CornerParser {

    mutating func parseSubmission() throws -> [CornerBlock] {
        var builder = ListBlockBuilder()
        var blocks: [CornerBlock] = []
        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if CornerGrammar.isIgnorable(line) || (line.hasPrefix("[") && line.hasSuffix("]")) { continue }
            if let value = CornerGrammar.submissionKey(line) {
                let fields = CornerGrammar.splitFields(value)
                let first = fields.first ?? ""
                if first == "标高" || first == "*" {
                    try endBlock(&builder, fields: Array(fields.dropFirst()), lineNo: lineNo, into: &blocks)
                    continue
                }
                guard fields.count == 3 else {
                    throw error(lineNo, "expected 'XYnnn=point,X,Y' or 'XYnnn=标高,top,bottom,,block', found \"\(CornerGrammar.excerpt(line))\"")
                }
                var name = fields[0]
                if name.isEmpty { name = String(line.prefix { $0 != "=" }).trimmingCharacters(in: .whitespaces) }
                try builder.add(try makePoint(name: name, x: fields[1], y: fields[2], lineNo: lineNo), parser: self)
            } else if let (key, value) = CornerGrammar.keyValue(line) {
                try setHeader(key, value, lineNo)
            } else {
                throw error(lineNo, "expected a 'KEY=value' line, found \"\(CornerGrammar.excerpt(line))\"")
            }
        }
        try endBlock(&builder, fields: [], lineNo: nil, into: &blocks)
        return blocks
    }

    mutating func parsePlainList() throws -> [CornerBlock] {
        var builder = ListBlockBuilder()
        var blocks: [CornerBlock] = []
        var sawPoint = false
        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if CornerGrammar.isIgnorable(line) { continue }
            if line.hasPrefix("*") {
                var rest = line
                rest.removeFirst()
                var fields = CornerGrammar.splitFields(rest)
                if fields.first == "" { fields.removeFirst() }  // "*,top,…": the field after '*'
                try endBlock(&builder, fields: fields, lineNo: lineNo, into: &blocks)
                continue
            }
            if let (key, value) = CornerGrammar.keyValue(line) {
                try setHeader(key, value, lineNo)
                continue
            }
            let fields = CornerGrammar.splitFields(line)
            if !sawPoint && CornerGrammar.isHeading(line, fields: fields) { continue }
            guard fields.count == 3 else {
                throw error(lineNo, "expected 'point, X, Y', found \"\(CornerGrammar.excerpt(line))\"")
            }
            try builder.add(try makePoint(name: fields[0], x: fields[1], y: fields[2], lineNo: lineNo), parser: self)
            sawPoint = true
        }
        try endBlock(&builder, fields: [], lineNo: nil, into: &blocks)
        return blocks
    }

    /// Points of one block of a list form; a repeat of the current ring's first point closes
    /// the ring, and further points of the block start another ring.
    struct ListBlockBuilder {
        var rings: [[CornerPoint]] = []
        var open: [CornerPoint] = []
        var firstLine: Int?

        var isEmpty: Bool { rings.isEmpty && open.isEmpty }

        mutating func add(_ point: CornerPoint, parser: CornerParser) throws {
            if firstLine == nil { firstLine = point.line }
            if let first = open.first, first.northing == point.northing, first.easting == point.easting {
                // A repeat of the first point closes the ring (a doubled first point is dropped).
                if open.count > 1 {
                    rings.append(try parser.closeRing(open, blockLine: open[0].line))
                    open = []
                }
            } else {
                open.append(point)
            }
        }

        mutating func finish(parser: CornerParser) throws -> [[CornerPoint]] {
            if !open.isEmpty { rings.append(try parser.closeRing(open, blockLine: open[0].line)) }
            defer { self = ListBlockBuilder() }
            return rings
        }
    }

    /// Ends a block of a list form; `fields` are those after `*` / `标高`: top, bottom, area or
    /// block name, block number — at most four, the range both or neither.
    private func endBlock(
        _ builder: inout ListBlockBuilder, fields: [String], lineNo: Int?, into blocks: inout [CornerBlock]
    ) throws {
        if let lineNo {
            guard fields.count <= 4 else {
                throw error(lineNo, "a block end has at most 4 fields (top,bottom,area or name,block number), found \(fields.count): \"\(CornerGrammar.excerpt(lines[lineNo - 1]))\"")
            }
            if fields.count > 3, !fields[3].isEmpty, CornerGrammar.wholeNumber(fields[3]) == nil {
                throw error(lineNo, "block number \"\(CornerGrammar.excerpt(fields[3]))\" is not a whole number")
            }
        }
        guard !builder.isEmpty else { return }  // a trailing or doubled '*' makes no empty block
        let line = builder.firstLine ?? lineNo ?? 1
        let range = try elevationRange(top: fields.first, bottom: fields.count > 1 ? fields[1] : nil, lineNo: lineNo ?? line)
        let rings = try builder.finish(parser: self)
        var attributes: [String: String] = [:]
        // The third field is an area in some files and a block name (e.g. 金藏采区) in others.
        if fields.count > 2, !fields[2].isEmpty {
            attributes[CornerGrammar.number(fields[2]) != nil ? "面积" : "区块名称"] = fields[2]
        }
        if fields.count > 3, !fields[3].isEmpty { attributes["区块号"] = fields[3] }
        blocks.append(CornerBlock(id: String(blocks.count + 1), rings: rings, top: range.top, bottom: range.bottom,
                                  attributes: attributes, line: line))
    }
}
