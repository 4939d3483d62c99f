import Foundation

/// One series of a chart: a value (or none) per category of the x axis.
public struct ChartSeries: Sendable {
    public var name: String
    public var values: [Double?]
    /// A CSS colour.
    public var colour: String
    public var dashed: Bool

    public init(name: String, values: [Double?], colour: String, dashed: Bool = false) {
        self.name = name
        self.values = values
        self.colour = colour
        self.dashed = dashed
    }
}

/// Small inline-SVG charts for the reports: a line chart (reclamation done by month against the
/// plan), grouped bars (overstep history per check) and progress bars. Charts draw the values
/// they are given; they compute nothing from geometry.
public enum Charts {
    static let width = 720.0
    static let height = 300.0
    static let plot = (left: 64.0, right: 20.0, top: 30.0, bottom: 52.0)

    /// A line chart over categories (e.g. months "2020-03"), y from 0 to a round maximum;
    /// each point is a circle with a tooltip and `data-value`.
    /// `markers` draw a dashed vertical line with a label at a category (e.g. a deadline).
    public static func line(id: String, title: String, categories: [String], series: [ChartSeries], yLabel: String,
                            markers: [(index: Int, label: String)] = []) -> String {
        var svg = frame(id: id, title: title, categories: categories, series: series, yLabel: yLabel, kind: "line")
        let axis = yAxis(series)
        for marker in markers where categories.indices.contains(marker.index) {
            let x = position(marker.index, 0, count: categories.count, maximum: 1, bars: false).x
            svg += "<g class=\"marker\"><line x1=\"\(SVGMap.number(x))\" y1=\"\(plot.top - 8)\" x2=\"\(SVGMap.number(x))\" y2=\"\(height - plot.bottom)\" "
            svg += "stroke=\"#c62828\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
            let anchor = x > width - plot.right - 60 ? "end" : "middle"
            svg += "<text x=\"\(SVGMap.number(x))\" y=\"\(plot.top - 12)\" text-anchor=\"\(anchor)\" fill=\"#c62828\">\(HTML.escape(marker.label))</text></g>"
        }
        for item in series {
            var d = ""
            var points = ""
            for (index, value) in item.values.enumerated() {
                guard let value, index < categories.count else { continue }
                let p = position(index, value, count: categories.count, maximum: axis.maximum, bars: false)
                d += (d.isEmpty ? "M" : "L") + SVGMap.number(p.x) + " " + SVGMap.number(p.y)
                points += "<circle cx=\"\(SVGMap.number(p.x))\" cy=\"\(SVGMap.number(p.y))\" r=\"3.5\" fill=\"\(item.colour)\" data-value=\"\(value)\">"
                points += "<title>\(HTML.escape(item.name)) \(HTML.escape(categories[index])): \(HTML.number(value, 2))</title></circle>"
            }
            let dash = item.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<path class=\"series\" d=\"\(d)\" fill=\"none\" stroke=\"\(item.colour)\" stroke-width=\"2.5\"\(dash)/>" + points
        }
        return svg + "</svg>"
    }

    /// Grouped bars: one group per category, one bar per series.
    public static func bars(id: String, title: String, categories: [String], series: [ChartSeries], yLabel: String) -> String {
        var svg = frame(id: id, title: title, categories: categories, series: series, yLabel: yLabel, kind: "bars")
        let axis = yAxis(series)
        let slot = (width - plot.left - plot.right) / Double(max(1, categories.count))
        let barWidth = min(36, slot * 0.7 / Double(max(1, series.count)))
        for (seriesIndex, item) in series.enumerated() {
            for (index, value) in item.values.enumerated() {
                guard let value, index < categories.count else { continue }
                let p = position(index, value, count: categories.count, maximum: axis.maximum, bars: true)
                let x = p.x - barWidth * Double(series.count) / 2 + barWidth * Double(seriesIndex)
                let base = height - plot.bottom
                svg += "<rect class=\"bar\" x=\"\(SVGMap.number(x))\" y=\"\(SVGMap.number(p.y))\" width=\"\(SVGMap.number(barWidth - 2))\" "
                svg += "height=\"\(SVGMap.number(max(0, base - p.y)))\" fill=\"\(item.colour)\" data-value=\"\(value)\">"
                svg += "<title>\(HTML.escape(item.name)) \(HTML.escape(categories[index])): \(HTML.number(value, 2))</title></rect>"
                if value > 0 {
                    svg += "<text class=\"barvalue\" x=\"\(SVGMap.number(x + barWidth / 2 - 1))\" y=\"\(SVGMap.number(p.y - 3))\" text-anchor=\"middle\">\(HTML.number(value, 1))</text>"
                }
            }
        }
        return svg + "</svg>"
    }

    /// A horizontal progress bar for a share 0–1 (clamped), with a caption.
    public static func progress(share: Double, caption: String, cssClass: String = "", jsonPath: String? = nil) -> String {
        let clamped = min(1, max(0, share.isFinite ? share : 0))
        let barWidth = 420.0
        var svg = "<svg class=\"progress \(cssClass)\" viewBox=\"0 0 \(Int(barWidth) + 140) 26\" width=\"\(Int(barWidth) + 140)\" height=\"26\" role=\"img\""
        if let jsonPath { svg += " data-json=\"\(HTML.escape(jsonPath))\"" }
        svg += " data-value=\"\(share)\"><title>\(HTML.escape(caption))</title>"
        svg += "<rect x=\"0\" y=\"4\" width=\"\(Int(barWidth))\" height=\"18\" rx=\"3\" fill=\"#e6e6e6\"/>"
        svg += "<rect class=\"done\" x=\"0\" y=\"4\" width=\"\(SVGMap.number(barWidth * clamped))\" height=\"18\" rx=\"3\"/>"
        svg += "<text x=\"\(Int(barWidth) + 8)\" y=\"18\">\(HTML.escape(String(format: "%.1f %%", clamped * 100)))</text></svg>"
        return svg
    }

    // MARK: - Axes

    static func yAxis(_ series: [ChartSeries]) -> (maximum: Double, step: Double) {
        let top = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let step = NiceNumber.step(span: max(top, 1e-9), count: 5)
        return (max(step, (top / step).rounded(.up) * step), step)
    }

    static func position(_ index: Int, _ value: Double, count: Int, maximum: Double, bars: Bool) -> (x: Double, y: Double) {
        let plotWidth = width - plot.left - plot.right
        let plotHeight = height - plot.top - plot.bottom
        let x: Double
        if bars || count <= 1 {
            x = plot.left + plotWidth * (Double(index) + 0.5) / Double(max(1, count))
        } else {
            x = plot.left + plotWidth * Double(index) / Double(count - 1)
        }
        return (x, height - plot.bottom - plotHeight * value / max(maximum, 1e-12))
    }

    /// The chart's `<svg>` opening, axes, grid, category labels and legend.
    static func frame(id: String, title: String, categories: [String], series: [ChartSeries], yLabel: String, kind: String) -> String {
        let axis = yAxis(series)
        var svg = "<svg class=\"chart \(kind)\" id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
        svg += "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\"><title>\(HTML.escape(title))</title>"
        let base = height - plot.bottom
        var value = 0.0
        while value <= axis.maximum + axis.step * 1e-6 {
            let y = position(0, value, count: 1, maximum: axis.maximum, bars: true).y
            svg += "<line class=\"grid\" x1=\"\(plot.left)\" y1=\"\(SVGMap.number(y))\" x2=\"\(width - plot.right)\" y2=\"\(SVGMap.number(y))\"/>"
            svg += "<text class=\"tick\" x=\"\(plot.left - 6)\" y=\"\(SVGMap.number(y + 4))\" text-anchor=\"end\">\(HTML.number(value, value < 10 && axis.step < 1 ? 1 : 0))</text>"
            value += axis.step
        }
        svg += "<line class=\"axis\" x1=\"\(plot.left)\" y1=\"\(base)\" x2=\"\(width - plot.right)\" y2=\"\(base)\"/>"
        svg += "<line class=\"axis\" x1=\"\(plot.left)\" y1=\"\(plot.top)\" x2=\"\(plot.left)\" y2=\"\(base)\"/>"
        let every = max(1, categories.count / 12)
        for (index, category) in categories.enumerated() where index % every == 0 || index == categories.count - 1 {
            let x = position(index, 0, count: categories.count, maximum: 1, bars: kind == "bars").x
            svg += "<line class=\"axis\" x1=\"\(SVGMap.number(x))\" y1=\"\(base)\" x2=\"\(SVGMap.number(x))\" y2=\"\(base + 4)\"/>"
            svg += "<text class=\"tick\" x=\"\(SVGMap.number(x))\" y=\"\(base + 17)\" text-anchor=\"middle\">\(HTML.escape(category))</text>"
        }
        svg += "<text class=\"axislabel\" x=\"14\" y=\"\(SVGMap.number((plot.top + base) / 2))\" text-anchor=\"middle\" "
        svg += "transform=\"rotate(-90 14 \(SVGMap.number((plot.top + base) / 2)))\">\(HTML.escape(yLabel))</text>"
        var x = plot.left
        for item in series {
            let dash = item.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<line x1=\"\(SVGMap.number(x))\" y1=\"\(height - 14)\" x2=\"\(SVGMap.number(x + 22))\" y2=\"\(height - 14)\" stroke=\"\(item.colour)\" stroke-width=\"5\"\(dash)/>"
            svg += "<text x=\"\(SVGMap.number(x + 28))\" y=\"\(height - 10)\">\(HTML.escape(item.name))</text>"
            x += 40 + SVGMap.textWidth(item.name)
        }
        return svg
    }
}
