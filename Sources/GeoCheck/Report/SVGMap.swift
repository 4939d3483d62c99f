import Foundation

/// World (map CRS) coordinates to SVG pixels: one scale for x and y (the aspect ratio is kept),
/// y flipped (north up), the world envelope centred in the frame inside `insets`.
///
///     let t = MapTransform(world: Envelope(minX: 0, minY: 0, maxX: 100, maxY: 50), width: 200, height: 200)
///     t.apply(0, 0)      // (0, 150): the south-west corner, bottom left
///     t.apply(100, 50)   // (200, 50)
public struct MapTransform: Sendable, Equatable {
    public struct Insets: Sendable, Equatable {
        public var top, right, bottom, left: Double
        public init(top: Double = 0, right: Double = 0, bottom: Double = 0, left: Double = 0) {
            self.top = top
            self.right = right
            self.bottom = bottom
            self.left = left
        }
    }

    /// The world envelope, grown to a non-zero size when a geometry is a point or a line.
    public let world: Envelope
    public let width: Double
    public let height: Double
    public let insets: Insets
    /// SVG pixels per world unit.
    public let scale: Double
    let originX: Double
    let originY: Double

    public init(world: Envelope, width: Double, height: Double, insets: Insets = Insets()) {
        var world = world
        if !(world.width > 0) { world = Envelope(minX: world.minX - 0.5, minY: world.minY, maxX: world.maxX + 0.5, maxY: world.maxY) }
        if !(world.height > 0) { world = Envelope(minX: world.minX, minY: world.minY - 0.5, maxX: world.maxX, maxY: world.maxY + 0.5) }
        self.world = world
        self.width = width
        self.height = height
        self.insets = insets
        let innerWidth = max(1, width - insets.left - insets.right)
        let innerHeight = max(1, height - insets.top - insets.bottom)
        scale = min(innerWidth / world.width, innerHeight / world.height)
        // Centre the world in the frame.
        originX = insets.left + (innerWidth - world.width * scale) / 2
        originY = insets.top + (innerHeight - world.height * scale) / 2
    }

    /// SVG position of world point (x, y).
    public func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (originX + (x - world.minX) * scale, originY + (world.maxY - y) * scale)
    }

    /// World position of SVG point (x, y).
    public func inverse(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (world.minX + (x - originX) / scale, world.maxY - (y - originY) / scale)
    }

    /// The world envelope visible inside the frame (insets excluded).
    public var visibleWorld: Envelope {
        let a = inverse(insets.left, height - insets.bottom)
        let b = inverse(width - insets.right, insets.top)
        return Envelope(minX: a.x, minY: a.y, maxX: b.x, maxY: b.y)
    }

    /// A height for a map `width` wide that fits `world` (plus insets), within `range`.
    public static func height(for world: Envelope, width: Double, insets: Insets, range: ClosedRange<Double>) -> Double {
        guard world.width > 0, world.height > 0 else { return range.lowerBound }
        let inner = (width - insets.left - insets.right) * world.height / world.width
        return min(range.upperBound, max(range.lowerBound, inner + insets.top + insets.bottom))
    }
}

/// Round numbers for scale bars and axes.
public enum NiceNumber {
    /// The largest 1, 2 or 5 × 10ⁿ not above `limit` (limit > 0).
    public static func floor(_ limit: Double) -> Double {
        guard limit > 0, limit.isFinite else { return 1 }
        let power = pow(10, Foundation.floor(log10(limit)))
        for step in [5.0, 2.0, 1.0] where step * power <= limit * (1 + 1e-9) { return step * power }
        return power
    }

    /// A 1/2/5 × 10ⁿ step giving about `count` intervals over `span`.
    public static func step(span: Double, count: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(1, count))
        let power = pow(10, Foundation.floor(log10(raw)))
        for step in [1.0, 2.0, 5.0, 10.0] where step * power >= raw * (1 - 1e-9) { return step * power }
        return 10 * power
    }

    /// A length in metres as text: "500 m", "2 km", "1.5 km".
    public static func metres(_ value: Double) -> String {
        if value >= 1000 {
            let km = value / 1000
            return km == km.rounded() ? "\(Int(km)) km" : String(format: "%g km", km)
        }
        return value == value.rounded() ? "\(Int(value)) m" : String(format: "%g m", value)
    }
}

/// A map as inline SVG: polygons (holes by `fill-rule: evenodd`), hatch patterns, labels, a scale
/// bar in metres, a north arrow, coordinate ticks and the CRS named in a caption. Everything
/// is drawn in SVG pixel coordinates computed by `transform` (no SVG transforms, so the output
/// can be checked and prints the same everywhere).
public struct SVGMap {
    /// Unique prefix of this map's element ids (patterns, clip path) within the page.
    public let id: String
    public let transform: MapTransform
    /// Metres per world unit in x (1 for projected CRSs), for the scale bar.
    public var metresPerUnit: Double = 1
    /// How tick values are written (default: whole metres).
    public var tickFormat: (Double) -> String = { String(format: "%.0f", $0) }
    /// The CRS as shown in the caption, e.g. "CGCS2000 / 3-degree Gauss-Kruger zone 35 (EPSG:4523)".
    public var crsCaption: String
    /// Accessible title of the whole map.
    public var title: String
    private var features: [String] = []
    private var labels: [String] = []
    private var placedLabels: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []

    public static let defaultInsets = MapTransform.Insets(top: 14, right: 14, bottom: 46, left: 58)

    public init(id: String, world: Envelope, width: Double = 760, height: Double? = nil, crsCaption: String, title: String,
                insets: MapTransform.Insets = SVGMap.defaultInsets) {
        self.id = id
        let h = height ?? MapTransform.height(for: world, width: width, insets: insets, range: 320...640)
        transform = MapTransform(world: world, width: width, height: h, insets: insets)
        self.crsCaption = crsCaption
        self.title = title
    }

    /// The hatch pattern fill reference for `kind` ("prohibited", "restricted", "overlap", "outside").
    public func hatch(_ kind: String) -> String { "url(#\(id)-hatch-\(kind))" }

    /// SVG path data of polygons given as [polygon][ring][x0, y0, x1, y1, …] world coordinates.
    public func pathData(_ polygons: [[[Double]]]) -> String {
        var d = ""
        for rings in polygons {
            for ring in rings where ring.count >= 6 {
                var index = 0
                while index + 1 < ring.count {
                    let p = transform.apply(ring[index], ring[index + 1])
                    d += (index == 0 ? "M" : "L") + Self.number(p.x) + " " + Self.number(p.y)
                    index += 2
                }
                d += "Z"
            }
        }
        return d
    }

    /// Path data simplified to `tolerance` pixels: vertices closer than that to the last one kept
    /// are dropped, then Douglas–Peucker keeps the outline within `tolerance` of the original
    /// (densified straight edges become one segment); a ring that would shrink below three
    /// vertices becomes a dot of that size.
    public func simplifiedPathData(_ polygons: [[[Double]]], tolerance: Double) -> String {
        var d = ""
        for rings in polygons {
            for ring in rings where ring.count >= 6 {
                var kept: [(x: Double, y: Double)] = []
                var index = 0
                while index + 1 < ring.count {
                    let p = transform.apply(ring[index], ring[index + 1])
                    if let last = kept.last, abs(p.x - last.x) < tolerance, abs(p.y - last.y) < tolerance {
                        index += 2
                        continue
                    }
                    kept.append(p)
                    index += 2
                }
                kept = Self.douglasPeucker(kept, tolerance: tolerance)
                if kept.count < 4 {
                    guard let p = kept.first else { continue }
                    let size = Self.number(max(tolerance, 1))
                    d += "M" + Self.number(p.x) + " " + Self.number(p.y) + "h" + size + "v" + size + "h-" + size + "Z"
                    continue
                }
                for (number, p) in kept.enumerated() { d += (number == 0 ? "M" : "L") + Self.number(p.x) + " " + Self.number(p.y) }
                d += "Z"
            }
        }
        return d
    }

    /// The points of `points` that keep the line within `tolerance` (Douglas–Peucker, with a
    /// stack instead of recursion); a closed ring splits first at its point farthest from the start.
    static func douglasPeucker(_ points: [(x: Double, y: Double)], tolerance: Double) -> [(x: Double, y: Double)] {
        guard points.count > 3, tolerance > 0 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            let a = points[first], b = points[last]
            let dx = b.x - a.x, dy = b.y - a.y
            let length = (dx * dx + dy * dy).squareRoot()
            var worst = -1.0, index = first
            for i in (first + 1)..<last {
                let p = points[i]
                let distance = length > 0 ? abs(dy * (p.x - a.x) - dx * (p.y - a.y)) / length
                    : ((p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)).squareRoot()
                if distance > worst { worst = distance; index = i }
            }
            if worst > tolerance {
                keep[index] = true
                stack.append((first, index))
                stack.append((index, last))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    /// Adds ready path data (from `pathData` or `simplifiedPathData`) as one element.
    public mutating func addPath(_ d: String, cssClass: String, attributes: [(String, String)] = []) {
        if d.isEmpty { return }
        var element = "<path class=\"\(cssClass)\" d=\"\(d)\""
        for (key, value) in attributes { element += " \(key)=\"\(HTML.escape(value))\"" }
        features.append(element + "/>")
    }

    /// Adds polygons with a CSS class and optional fill (e.g. `hatch("prohibited")`), a tooltip
    /// and data attributes. Vertices closer than half a pixel to the previous one are left out
    /// (the drawing does not change; dense constraint outlines shrink several times).
    public mutating func addPolygons(_ polygons: [[[Double]]], cssClass: String, fill: String? = nil, tooltip: String? = nil,
                                     attributes: [(String, String)] = []) {
        let d = simplifiedPathData(polygons, tolerance: 0.5)
        if d.isEmpty { return }
        var element = "<path class=\"\(cssClass)\" d=\"\(d)\""
        if let fill { element += " fill=\"\(fill)\"" }
        for (key, value) in attributes { element += " \(key)=\"\(HTML.escape(value))\"" }
        element += tooltip.map { "><title>\(HTML.escape($0))</title></path>" } ?? "/>"
        features.append(element)
    }

    /// Adds a point marker with an optional label to its upper right.
    public mutating func addPoint(x: Double, y: Double, label: String?, cssClass: String = "pt", radius: Double = 2.5,
                                  tooltip: String? = nil) {
        let p = transform.apply(x, y)
        var element = "<circle class=\"\(cssClass)\" cx=\"\(Self.number(p.x))\" cy=\"\(Self.number(p.y))\" r=\"\(Self.number(radius))\""
        element += tooltip.map { "><title>\(HTML.escape($0))</title></circle>" } ?? "/>"
        features.append(element)
        if let label {
            labels.append("<text class=\"ptlabel\" x=\"\(Self.number(p.x + 4))\" y=\"\(Self.number(p.y - 4))\">\(HTML.escape(label))</text>")
        }
    }

    /// Adds a label of one or more lines centred at world point (x, y); moved down (then up) a
    /// little when it would cover a label already placed. Returns false when it could not be placed.
    @discardableResult
    public mutating func addLabel(x: Double, y: Double, lines: [String], cssClass: String = "label") -> Bool {
        let lines = lines.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return false }
        let p = transform.apply(x, y)
        let lineHeight = 13.0
        let width = lines.map(Self.textWidth).max() ?? 0
        let height = lineHeight * Double(lines.count)
        let frame = (x0: transform.insets.left, y0: transform.insets.top,
                     x1: transform.width - transform.insets.right, y1: transform.height - transform.insets.bottom)
        for shift in [0.0, 1, -1, 2, -2, 3, -3] {
            var cx = p.x
            var top = p.y - height / 2 + shift * (height + 2)
            cx = min(max(cx, frame.x0 + width / 2 + 2), frame.x1 - width / 2 - 2)
            top = min(max(top, frame.y0 + 2), frame.y1 - height - 2)
            let box = (x0: cx - width / 2, y0: top, x1: cx + width / 2, y1: top + height)
            if placedLabels.contains(where: { box.x0 < $0.x1 && $0.x0 < box.x1 && box.y0 < $0.y1 && $0.y0 < box.y1 }) { continue }
            placedLabels.append(box)
            var text = "<text class=\"\(cssClass)\" x=\"\(Self.number(cx))\" y=\"\(Self.number(top + lineHeight - 3))\" text-anchor=\"middle\">"
            for (index, line) in lines.enumerated() {
                text += index == 0 ? HTML.escape(line)
                    : "<tspan x=\"\(Self.number(cx))\" dy=\"\(Self.number(lineHeight))\">\(HTML.escape(line))</tspan>"
            }
            labels.append(text + "</text>")
            return true
        }
        return false
    }

    /// Rough width of a label in pixels at the label font size (CJK characters are square).
    static func textWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? 11.5 : 6.6) }
    }

    /// The finished `<svg>`: frame, clipped features, ticks, scale bar, north arrow, caption.
    public func render(legend: [(swatch: String, label: String)] = []) -> String {
        let t = transform
        let w = t.width, h = t.height, inset = t.insets
        let frameWidth = w - inset.left - inset.right, frameHeight = h - inset.top - inset.bottom
        var svg = "<svg class=\"map\" id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.number(w)) \(Self.number(h))\""
        svg += " width=\"\(Self.number(w))\" height=\"\(Self.number(h))\" role=\"img\" data-scale=\"\(t.scale)\">"
        svg += "<title>\(HTML.escape(title))</title><defs>"
        for (kind, colour, angle) in [("prohibited", "#c62828", 45), ("restricted", "#ef6c00", 45), ("overlap", "#4a148c", -45),
                                      ("outside", "#b71c1c", -45)] {
            svg += "<pattern id=\"\(id)-hatch-\(kind)\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\" patternTransform=\"rotate(\(angle))\">"
            svg += "<rect width=\"7\" height=\"7\" fill=\"\(colour)\" fill-opacity=\"0.22\"/>"
            svg += "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" stroke=\"\(colour)\" stroke-width=\"2.2\"/></pattern>"
        }
        svg += "<clipPath id=\"\(id)-clip\"><rect x=\"\(Self.number(inset.left))\" y=\"\(Self.number(inset.top))\" "
        svg += "width=\"\(Self.number(frameWidth))\" height=\"\(Self.number(frameHeight))\"/></clipPath></defs>"
        svg += "<rect class=\"mapbg\" x=\"\(Self.number(inset.left))\" y=\"\(Self.number(inset.top))\" width=\"\(Self.number(frameWidth))\" height=\"\(Self.number(frameHeight))\"/>"
        svg += ticks()
        svg += "<g class=\"features\" clip-path=\"url(#\(id)-clip)\">" + features.joined() + "</g>"
        svg += "<g class=\"labels\">" + labels.joined() + "</g>"
        svg += "<rect class=\"frame\" x=\"\(Self.number(inset.left))\" y=\"\(Self.number(inset.top))\" width=\"\(Self.number(frameWidth))\" height=\"\(Self.number(frameHeight))\"/>"
        svg += northArrow()
        svg += scaleBar()
        svg += "<text class=\"caption\" x=\"\(Self.number(inset.left))\" y=\"\(Self.number(h - 6))\">\(HTML.escape(crsCaption))</text>"
        svg += legendBox(legend)
        return svg + "</svg>"
    }

    /// Grid ticks with coordinate values: x (easting) below the frame, y (northing) left of it.
    func ticks() -> String {
        let t = transform
        let tickFormat: (Double) -> String = { value in
            let text = self.tickFormat(value)
            return text == "-0" ? "0" : text
        }
        let visible = t.visibleWorld
        let step = NiceNumber.step(span: max(visible.width, visible.height), count: 5)
        var svg = "<g class=\"ticks\">"
        let top = t.insets.top, bottom = t.height - t.insets.bottom, left = t.insets.left, right = t.width - t.insets.right
        var x = (visible.minX / step).rounded(.up) * step
        while x <= visible.maxX {
            let px = t.apply(x, 0).x
            svg += "<line class=\"grid\" x1=\"\(Self.number(px))\" y1=\"\(Self.number(top))\" x2=\"\(Self.number(px))\" y2=\"\(Self.number(bottom))\"/>"
            svg += "<line x1=\"\(Self.number(px))\" y1=\"\(Self.number(bottom))\" x2=\"\(Self.number(px))\" y2=\"\(Self.number(bottom + 5))\"/>"
            svg += "<text class=\"tick\" x=\"\(Self.number(px))\" y=\"\(Self.number(bottom + 15))\" text-anchor=\"middle\">\(HTML.escape(tickFormat(x)))</text>"
            x += step
        }
        var y = (visible.minY / step).rounded(.up) * step
        while y <= visible.maxY {
            let py = t.apply(0, y).y
            svg += "<line class=\"grid\" x1=\"\(Self.number(left))\" y1=\"\(Self.number(py))\" x2=\"\(Self.number(right))\" y2=\"\(Self.number(py))\"/>"
            svg += "<line x1=\"\(Self.number(left - 5))\" y1=\"\(Self.number(py))\" x2=\"\(Self.number(left))\" y2=\"\(Self.number(py))\"/>"
            svg += "<text class=\"tick\" x=\"\(Self.number(left - 7))\" y=\"\(Self.number(py))\" text-anchor=\"middle\" "
            svg += "transform=\"rotate(-90 \(Self.number(left - 7)) \(Self.number(py)))\">\(HTML.escape(tickFormat(y)))</text>"
            y += step
        }
        return svg + "</g>"
    }

    /// A scale bar of a round length (1, 2 or 5 × 10ⁿ m) of at most a quarter of the frame width.
    func scaleBar() -> String {
        let t = transform
        let metresPerPixel = metresPerUnit / t.scale
        let frameWidth = t.width - t.insets.left - t.insets.right
        let metres = NiceNumber.floor(frameWidth / 4 * metresPerPixel)
        let length = metres / metresPerPixel
        let x0 = t.width - t.insets.right - 12 - length
        let y0 = t.height - t.insets.bottom - 14
        var svg = "<g class=\"scalebar\" data-metres=\"\(metres)\" data-length-px=\"\(Self.number(length))\">"
        svg += "<rect x=\"\(Self.number(x0 - 6))\" y=\"\(Self.number(y0 - 16))\" width=\"\(Self.number(length + 12))\" height=\"26\" class=\"halo\"/>"
        svg += "<rect x=\"\(Self.number(x0))\" y=\"\(Self.number(y0))\" width=\"\(Self.number(length / 2))\" height=\"5\" fill=\"#222\"/>"
        svg += "<rect x=\"\(Self.number(x0 + length / 2))\" y=\"\(Self.number(y0))\" width=\"\(Self.number(length / 2))\" height=\"5\" fill=\"#fff\" stroke=\"#222\"/>"
        svg += "<text x=\"\(Self.number(x0))\" y=\"\(Self.number(y0 - 4))\" text-anchor=\"middle\">0</text>"
        svg += "<text x=\"\(Self.number(x0 + length))\" y=\"\(Self.number(y0 - 4))\" text-anchor=\"middle\">\(NiceNumber.metres(metres))</text>"
        return svg + "</g>"
    }

    func northArrow() -> String {
        let x = transform.width - transform.insets.right - 24
        let y = transform.insets.top + 12
        var svg = "<g class=\"north\"><circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y + 16))\" r=\"17\" class=\"halo\"/>"
        svg += "<path d=\"M\(Self.number(x)) \(Self.number(y + 2))L\(Self.number(x + 8)) \(Self.number(y + 28))L\(Self.number(x)) \(Self.number(y + 22))Z\" fill=\"#222\"/>"
        svg += "<path d=\"M\(Self.number(x)) \(Self.number(y + 2))L\(Self.number(x - 8)) \(Self.number(y + 28))L\(Self.number(x)) \(Self.number(y + 22))Z\" fill=\"#fff\" stroke=\"#222\"/>"
        svg += "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y + 40))\" text-anchor=\"middle\" font-weight=\"bold\">N</text></g>"
        return svg
    }

    func legendBox(_ items: [(swatch: String, label: String)]) -> String {
        guard !items.isEmpty else { return "" }
        let x = transform.insets.left + 8
        var y = transform.insets.top + 8
        let width = (items.map { Self.textWidth($0.label) }.max() ?? 0) + 36
        var svg = "<g class=\"legend\"><rect class=\"halo\" x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(items.count * 18 + 8)\"/>"
        y += 6
        for item in items {
            svg += "<rect x=\"\(Self.number(x + 6))\" y=\"\(Self.number(y))\" width=\"18\" height=\"12\" \(item.swatch)/>"
            svg += "<text x=\"\(Self.number(x + 30))\" y=\"\(Self.number(y + 10))\">\(HTML.escape(item.label))</text>"
            y += 18
        }
        return svg + "</g>"
    }

    /// A coordinate in SVG output: two decimals, no trailing zeros.
    /// Written from the value in hundredths (rounded half away from zero), without `String(format:)`:
    /// maps of many rights write millions of these.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = (value * 100).rounded()
        guard abs(hundredths) < 1e15 else { return String(format: "%.0f", value) }
        let magnitude = Int64(hundredths).magnitude
        if magnitude == 0 { return "0" }
        var text = (hundredths < 0 ? "-" : "") + String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 { text += fraction % 10 == 0 ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)") }
        return text
    }
}
