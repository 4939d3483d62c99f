import Foundation

/// Bounds on a YAML config checked on its text before any YAML parser sees it: a document
/// nested thousands of levels deep overflows the parser's stack (a crash, not an error), and
/// thousands of aliases make it expand without end. No real config comes near the limits.
public enum ConfigLimits {
    public static let maxDepth = 64
    public static let maxAliases = 100

    /// Throws an error naming the file and line when `text` nests deeper than `maxDepth`
    /// (block indentation and flow brackets together) or has more than `maxAliases` aliases or
    /// anchors.
    public static func check(_ text: String, path: String) throws {
        var scanner = Scanner()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try scanner.scan(Substring(line), lineNumber: number + 1, path: path)
        }
    }

    private struct Scanner {
        var indents: [Int] = []
        var flowDepth = 0
        /// Brackets counted inside quotes and comments too: a bound where the quote tracking
        /// and YAML disagree (the fuzzer found `e{{{{'{{{{…`, one "quote" hiding thousands of
        /// levels that the parser then nested).
        var rawFlowDepth = 0
        var aliases = 0
        var anchors = 0
        var quote: Character?

        mutating func scan(_ line: Substring, lineNumber: Int, path: String) throws {
            let body = line.drop { $0 == " " }
            if flowDepth == 0, quote == nil, !body.isEmpty, !body.hasPrefix("#") {
                blockLevel(indent: line.count - body.count, body: body)
            }
            var previous: Character = " "
            for character in line {
                if character == "[" || character == "{" {
                    rawFlowDepth += 1
                } else if character == "]" || character == "}" {
                    rawFlowDepth = max(0, rawFlowDepth - 1)
                }
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "#" && (previous == " " || previous == "\t") {
                    break
                } else if character == "\"" || character == "'", " [{,:-".contains(previous) {
                    quote = character
                } else if character == "[" || character == "{" {
                    flowDepth += 1
                } else if character == "]" || character == "}" {
                    flowDepth = max(0, flowDepth - 1)
                } else if character == "*" || character == "&", " [{,".contains(previous) {
                    if character == "*" { aliases += 1 } else { anchors += 1 }
                }
                if indents.count + max(flowDepth, rawFlowDepth) > ConfigLimits.maxDepth {
                    throw InputError("\(path):\(lineNumber): nested deeper than \(ConfigLimits.maxDepth) levels: not a geocheck config")
                }
                previous = character
            }
            if quote == "'" || quote == "\"" { quote = nil }  // quoted scalars spanning lines are not nesting
            if max(aliases, anchors) > ConfigLimits.maxAliases {
                throw InputError("\(path):\(lineNumber): more than \(ConfigLimits.maxAliases) YAML aliases or anchors: not a geocheck config")
            }
        }

        /// Block nesting: one level per deeper indentation, one per leading "- " item marker.
        mutating func blockLevel(indent: Int, body: Substring) {
            while let last = indents.last, last >= indent { indents.removeLast() }
            indents.append(indent)
            var rest = body
            var column = indent
            while rest.hasPrefix("- ") || rest == "-" {
                column += 2
                indents.append(column)
                rest = rest.dropFirst(2).drop { $0 == " " }
            }
        }
    }
}
