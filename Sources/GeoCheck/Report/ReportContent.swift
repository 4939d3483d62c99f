import Foundation

/// A piece of a line of report text. Figures that come from the JSON carry their JSON path and
/// exact value (`data-json`, `data-value`) so tests and users can check the page against it.
public enum Inline {
    case text(String)
    /// A figure: JSON path, exact value, the value as shown, an optional unit after it.
    case figure(path: String, value: String, shown: String, unit: String?)
    case badge(String, css: String)
    case strong(String, css: String)
    case small(String)
    /// A link to another file of the output (relative `href`).
    case link(String, href: String)
    /// Text from the JSON at `path` (an id), checked as text.
    case jsonText(path: String, text: String)

    /// A number from the JSON at `path`, shown with `places` decimals and thousands separators.
    public static func figure(_ value: Double, json path: String, places: Int = 2, unit: String? = nil) -> Inline {
        .figure(path: path, value: "\(value)", shown: HTML.number(value, places), unit: unit)
    }

    public static func figure(_ value: Int, json path: String, unit: String? = nil) -> Inline {
        .figure(path: path, value: "\(value)", shown: "\(value)", unit: unit)
    }

    /// The template context: every kind flag set, so that nested sections never see a parent's.
    var context: [String: Any] {
        var context: [String: Any] = ["isText": false, "isFigure": false, "isBadge": false, "isStrong": false, "isSmall": false,
                                       "isJSONText": false, "isLink": false]
        switch self {
        case .text(let text): context["isText"] = true; context["text"] = text
        case .figure(let path, let value, let shown, let unit):
            context["isFigure"] = true
            context["path"] = path; context["value"] = value; context["shown"] = shown
            context["hasUnit"] = unit != nil; context["unit"] = unit ?? ""
        case .badge(let text, let css): context["isBadge"] = true; context["text"] = text; context["css"] = css
        case .strong(let text, let css): context["isStrong"] = true; context["text"] = text; context["css"] = css
        case .small(let text): context["isSmall"] = true; context["text"] = text
        case .jsonText(let path, let text): context["isJSONText"] = true; context["path"] = path; context["text"] = text
        case .link(let text, let href): context["isLink"] = true; context["text"] = text; context["href"] = href
        }
        return context
    }
}

/// A line of inline pieces.
public typealias ReportLine = [Inline]

/// A summary card: a big figure and its label.
public struct Card {
    public var figure: ReportLine
    public var label: String
    public var css: String

    public init(_ figure: Inline, _ label: String, css: String = "") {
        self.figure = [figure]
        self.label = label
        self.css = css
    }
}

/// A titled block of a report about one right, mine, site or task: heading, facts, maps.
/// `kind` names its data attribute (`data-right="<key>"`).
public struct ReportBlock {
    public var id: String
    public var kind: String
    public var key: String
    public var heading: ReportLine
    public var content: [ReportElement]

    public init(id: String, kind: String, key: String, heading: ReportLine, content: [ReportElement] = []) {
        self.id = id
        self.kind = kind
        self.key = key
        self.heading = heading
        self.content = content
    }
}

/// What a report section holds, each rendered by the `content` template.
public indirect enum ReportElement {
    case cards([Card])
    /// A bulleted list of facts.
    case facts([ReportLine])
    case paragraph(ReportLine, css: String)
    case heading(String)
    /// A table registered with `ReportPage.table`: its header; rows come from the page's data.
    case table(id: String, name: String, columns: [(name: String, title: String)])
    /// Inline SVG made by `SVGMap` or `Charts` (escaped there), in a `<figure>`.
    case figure(svg: String, css: String, caption: String?, attributes: [(String, String)])
    /// Inline SVG without a figure (a progress bar).
    case svg(String)
    case block(ReportBlock)
    case details(summary: String, open: Bool, content: [ReportElement])

    static let kinds = ["isCards", "isFacts", "isParagraph", "isHeading", "isTable", "isFigure", "isSVG", "isBlock", "isDetails"]

    var context: [String: Any] {
        var context: [String: Any] = Dictionary(uniqueKeysWithValues: Self.kinds.map { ($0, false) })
        switch self {
        case .cards(let cards):
            context["isCards"] = true
            context["cards"] = cards.map { ["parts": $0.figure.map(\.context), "label": $0.label, "css": $0.css] }
        case .facts(let lines):
            context["isFacts"] = true
            context["lines"] = lines.map { ["parts": $0.map(\.context)] }
        case .paragraph(let line, let css):
            context["isParagraph"] = true
            context["parts"] = line.map(\.context); context["css"] = css
        case .heading(let text): context["isHeading"] = true; context["text"] = text
        case .table(let id, let name, let columns):
            context["isTable"] = true
            context["tableID"] = id; context["name"] = name
            context["columns"] = columns.map { ["column": $0.name, "title": $0.title] }
        case .figure(let svg, let css, let caption, let attributes):
            context["isFigure"] = true
            context["svg"] = svg; context["css"] = css
            context["hasCaption"] = caption != nil; context["caption"] = caption ?? ""
            context["attributes"] = attributes.map { ["name": $0.0, "value": $0.1] }
        case .svg(let svg): context["isSVG"] = true; context["svg"] = svg
        case .block(let block):
            context["isBlock"] = true
            context["block"] = ["id": block.id, "kind": block.kind, "key": block.key, "parts": block.heading.map(\.context),
                                "items": block.content.map(\.context)]
        case .details(let summary, let open, let content):
            context["isDetails"] = true
            context["details"] = ["summary": summary, "open": open, "items": content.map(\.context)]
        }
        return context
    }
}
