import Foundation

/// The exchange format (坐标交换格式):
///
///     [属性描述]
///     KEY=value                      (the header keys, CornerGrammar.exchangeKeys)
///     [地块坐标]
///     界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@    (block header: 8 fields,
///                                    or 10 with geocheck's 开采标高 extension top,bottom)
///     point,ring,X,Y                 (point lines)
///
/// Anything else (text before the first section, an unknown section, a line in [属性描述] that is
/// not KEY=value, a block header of another shape) is an error naming the line.
extension CornerParser {
    private enum Section { case none, attributes, coordinates }

    struct ExchangeBlock {
        var id: String
        var line: Int
        var attributes: [String: String]
        var top: Double?
        var bottom: Double?
        var points: [(ring: Int, point: CornerPoint)] = []
        var ringOrder: [Int] = []
    }

    static let exchangeFields = ["界址点数", "地块面积", "地块编号", "地块名称", "图形属性", "图幅号", "地块用途", "地类编码"]

    mutating func parseExchange() throws -> [CornerBlock] {
        var section = Section.none
        var blocks: [CornerBlock] = []
        var current: ExchangeBlock?
        for (index, raw) in lines.enumerated() {
            let lineNo = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if CornerGrammar.isIgnorable(line) { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                switch line {
                case "[属性描述]": section = .attributes
                case "[地块坐标]": section = .coordinates
                default: throw error(lineNo, "unknown section \"\(CornerGrammar.excerpt(line))\" (expected [属性描述] or [地块坐标])")
                }
                continue
            }
            switch section {
            case .none:
                throw error(lineNo, "\"\(CornerGrammar.excerpt(line))\" before the first section ([属性描述] or [地块坐标])")
            case .attributes:
                guard let (key, value) = CornerGrammar.keyValue(line) else {
                    throw error(lineNo, "expected KEY=value in [属性描述], found \"\(CornerGrammar.excerpt(line))\"")
                }
                try setHeader(key, value, lineNo)
            case .coordinates:
                if line.hasSuffix("@") {
                    let next = try exchangeBlockHeader(line, lineNo: lineNo, number: blocks.count + (current == nil ? 1 : 2))
                    if let block = current { blocks.append(try finishExchangeBlock(block)) }
                    current = next
                } else if let (key, value) = CornerGrammar.keyValue(line), CornerGrammar.knownKeys.contains(key) {
                    try setHeader(key, value, lineNo)
                } else {
                    try exchangePoint(line, lineNo: lineNo, into: &current)
                }
            }
        }
        if let block = current { blocks.append(try finishExchangeBlock(block)) }
        return blocks
    }

    private mutating func exchangePoint(_ line: String, lineNo: Int, into current: inout ExchangeBlock?) throws {
        let fields = CornerGrammar.splitFields(line)
        guard fields.count == 4 else {
            throw error(lineNo, "expected 'point,ring,X,Y' or a block header ending in '@', found \"\(CornerGrammar.excerpt(line))\"")
        }
        guard current != nil else {
            throw error(lineNo, "coordinate line before the first block header (a line ending in '@')")
        }
        guard let ring = CornerGrammar.wholeNumber(fields[1]) else {
            throw error(lineNo, "ring number \"\(CornerGrammar.excerpt(fields[1]))\" is not a whole number")
        }
        let point = try makePoint(name: fields[0], x: fields[2], y: fields[3], lineNo: lineNo)
        current?.points.append((ring, point))
        if current?.ringOrder.contains(ring) == false { current?.ringOrder.append(ring) }
    }

    /// Rings in ring-number order; which ring is a hole, an island or a part is decided by
    /// nesting when the polygon is built (`CornerLayer.polygon`).
    private func finishExchangeBlock(_ block: ExchangeBlock) throws -> CornerBlock {
        if block.points.isEmpty {
            throw error(block.line, "block \(block.id) has no points")
        }
        if let split = CornerGrammar.splitRing(block.points.map { ($0.ring, $0.point.line) }) {
            throw error(split.line, split.message)
        }
        var rings: [[CornerPoint]] = []
        var failures: [(points: Int, error: Error)] = []
        for ringNumber in block.ringOrder.sorted() {
            let ring = block.points.filter { $0.ring == ringNumber }.map(\.point)
            do {
                rings.append(try closeRing(ring, blockLine: block.line))
            } catch {
                failures.append((ring.count, error))
            }
        }
        // A mistyped ring number makes a ring of one point and leaves its own ring short: name
        // the smaller ring, which holds the mistyped line.
        if let worst = failures.min(by: { $0.points < $1.points }) { throw worst.error }
        return CornerBlock(id: block.id, rings: rings, top: block.top, bottom: block.bottom,
                           attributes: block.attributes, line: block.line)
    }

    private func exchangeBlockHeader(_ line: String, lineNo: Int, number: Int) throws -> ExchangeBlock {
        var body = line
        body.removeLast()  // the '@'
        var fields = body.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if fields.last == "" { fields.removeLast() }  // the comma before '@'
        guard fields.count == 8 || fields.count == 10 else {
            throw error(lineNo, "a block header has 8 fields before '@' (界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码), or 10 with top,bottom; found \(fields.count) in \"\(CornerGrammar.excerpt(line))\"")
        }
        guard fields[0].isEmpty || CornerGrammar.wholeNumber(fields[0]) != nil else {
            throw error(lineNo, "界址点数 \"\(CornerGrammar.excerpt(fields[0]))\" is not a whole number (is this a point line ending in '@'?)")
        }
        guard ["", "面", "线", "点"].contains(fields[4]) else {
            throw error(lineNo, "图形属性 \"\(CornerGrammar.excerpt(fields[4]))\" is not 面, 线 or 点 (a field missing or extra?)")
        }
        var attributes: [String: String] = [:]
        for (i, name) in Self.exchangeFields.enumerated() where !fields[i].isEmpty {
            attributes[name] = fields[i]
        }
        let range = fields.count == 10 ? try elevationRange(top: fields[8], bottom: fields[9], lineNo: lineNo) : (top: nil, bottom: nil)
        let id = attributes["地块编号"] ?? String(number)
        return ExchangeBlock(id: id, line: lineNo, attributes: attributes, top: range.top, bottom: range.bottom)
    }
}
