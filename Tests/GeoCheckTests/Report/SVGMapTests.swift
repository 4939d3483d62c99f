import Foundation
import XCTest
@testable import GeoCheck

final class SVGMapTests: XCTestCase {
    /// A 100 × 50 world in a 200 × 200 frame: scale 2 (limited by x), centred vertically,
    /// y flipped (north up).
    func testTransformFlipsYAndKeepsAspectRatio() {
        let t = MapTransform(world: Envelope(minX: 0, minY: 0, maxX: 100, maxY: 50), width: 200, height: 200)
        XCTAssertEqual(t.scale, 2)
        let southWest = t.apply(0, 0), northEast = t.apply(100, 50), centre = t.apply(50, 25)
        XCTAssertEqual(southWest.x, 0); XCTAssertEqual(southWest.y, 150)
        XCTAssertEqual(northEast.x, 200); XCTAssertEqual(northEast.y, 50)
        XCTAssertEqual(centre.x, 100); XCTAssertEqual(centre.y, 100)
        // One world unit is the same number of pixels in x and y.
        let east = t.apply(10, 10), north = t.apply(0, 20)
        XCTAssertEqual(east.x - t.apply(0, 10).x, t.apply(0, 10).y - north.y)
        let back = t.inverse(southWest.x, southWest.y)
        XCTAssertEqual(back.x, 0, accuracy: 1e-12); XCTAssertEqual(back.y, 0, accuracy: 1e-12)
    }

    /// Gauss-Krüger metres (zone-prefixed easting) with insets: the world is centred in the
    /// frame inside the insets, tall worlds limited by height.
    func testTransformWithInsetsAndTallWorld() {
        let world = Envelope(minX: 38_414_000, minY: 3_824_000, maxX: 38_415_000, maxY: 3_826_000)
        let insets = MapTransform.Insets(top: 10, right: 20, bottom: 30, left: 40)
        let t = MapTransform(world: world, width: 540, height: 440, insets: insets)
        // Inner frame 480 × 400; height limits: 400 px / 2000 m.
        XCTAssertEqual(t.scale, 0.2, accuracy: 1e-12)
        let nw = t.apply(world.minX, world.maxY), se = t.apply(world.maxX, world.minY)
        XCTAssertEqual(nw.y, 10, accuracy: 1e-9)
        XCTAssertEqual(se.y, 410, accuracy: 1e-9)
        XCTAssertEqual(nw.x, 40 + (480 - 200) / 2, accuracy: 1e-9)
        XCTAssertEqual(se.x - nw.x, 200, accuracy: 1e-9)
        let visible = t.visibleWorld
        XCTAssertEqual(visible.minY, world.minY, accuracy: 1e-6)
        XCTAssertEqual(visible.maxY, world.maxY, accuracy: 1e-6)
        XCTAssertEqual(visible.width, 480 / 0.2, accuracy: 1e-6)
    }

    func testPolygonWithHolePathUsesTwoSubpathsAndEvenOdd() throws {
        let map = SVGMap(id: "t", world: Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10), width: 100, height: 100, crsCaption: "EPSG:4523",
                         title: "t", insets: MapTransform.Insets())
        let shell: [Double] = [0, 0, 10, 0, 10, 10, 0, 10, 0, 0]
        let hole: [Double] = [4, 4, 6, 4, 6, 6, 4, 6, 4, 4]
        let d = map.pathData([[shell, hole]])
        XCTAssertEqual(d.filter { $0 == "M" }.count, 2)
        XCTAssertTrue(d.hasPrefix("M0 100L100 100L100 0L0 0L0 100Z"), d)
        XCTAssertTrue(d.contains("M40 60L60 60L60 40L40 40L40 60Z"), d)
        XCTAssertTrue(try Templates.reports().text("report.css").contains("fill-rule:evenodd"))
    }

    /// 1 world unit = 1 pixel here: a ring with points 0.1 px apart along a straight edge keeps
    /// only its corners; a bend of 2 px stays, one of 0.4 px goes; a ring smaller than the
    /// tolerance becomes a dot of that size at its first vertex.
    func testSimplifiedPathDataDropsSubPixelVerticesAndDrawsTinyRingsAsDots() {
        let map = SVGMap(id: "t", world: Envelope(minX: 0, minY: 0, maxX: 100, maxY: 100), width: 100, height: 100, crsCaption: "",
                         title: "t", insets: MapTransform.Insets())
        var dense: [Double] = []
        for step in 0..<100 { dense += [Double(step) * 0.1, 0] }           // 0 … 9.9 along the bottom, 0.1 px apart
        dense += [10, 0, 10, 10, 0, 10, 0, 0]
        let d = map.simplifiedPathData([[dense]], tolerance: 1)
        XCTAssertEqual(d, "M0 100L10 100L10 90L0 90L0 100Z")
        let bent: [Double] = [0, 0, 5, 2, 10, 0, 15, 0.4, 20, 0, 20, 10, 0, 10, 0, 0]
        XCTAssertEqual(map.simplifiedPathData([[bent]], tolerance: 1), "M0 100L5 98L10 100L20 100L20 90L0 90L0 100Z")  // (10, 0) is 1.3 px off the line (5, 2)–(20, 0)
        let tiny: [Double] = [50, 50, 50.2, 50, 50.2, 50.2, 50, 50]
        XCTAssertEqual(map.simplifiedPathData([[tiny]], tolerance: 1), "M50 50h1v1h-1Z")
        // Without a tolerance nothing is dropped: the same path as pathData.
        XCTAssertEqual(map.simplifiedPathData([[dense]], tolerance: 0), map.pathData([[dense]]))
    }

    func testSVGNumbersHaveAtMostTwoDecimalsAndNoTrailingZeros() {
        let cases: [(Double, String)] = [(0, "0"), (-0.001, "0"), (12, "12"), (12.5, "12.5"), (12.05, "12.05"), (-3.14159, "-3.14"),
                                         (0.999, "1"), (-0.07, "-0.07"), (1234567.891, "1234567.89"), (.nan, "0")]
        for (value, text) in cases { XCTAssertEqual(SVGMap.number(value), text, "\(value)") }
    }

    func testScaleBarIsARoundLengthOfAtMostAQuarterOfTheFrame() {
        XCTAssertEqual(NiceNumber.floor(730), 500)
        XCTAssertEqual(NiceNumber.floor(2400), 2000)
        XCTAssertEqual(NiceNumber.floor(1000), 1000)
        XCTAssertEqual(NiceNumber.floor(0.31), 0.2, accuracy: 1e-12)
        XCTAssertEqual(NiceNumber.step(span: 2000, count: 5), 500)
        XCTAssertEqual(NiceNumber.metres(2000), "2 km")
        XCTAssertEqual(NiceNumber.metres(500), "500 m")
        // 1000 m world across a 400 px frame: 2.5 m/px, a quarter is 250 m → a 200 m bar of 80 px.
        var map = SVGMap(id: "s", world: Envelope(minX: 0, minY: 0, maxX: 1000, maxY: 1000), width: 400, height: 400,
                         crsCaption: "EPSG:4523", title: "s", insets: MapTransform.Insets())
        map.addPolygons([[[0, 0, 1000, 0, 1000, 1000, 0, 0]]], cssClass: "right")
        let svg = map.render()
        XCTAssertTrue(svg.contains("data-metres=\"200.0\" data-length-px=\"80\""), svg)
        XCTAssertTrue(svg.contains(">200 m<"))
        XCTAssertTrue(svg.contains("EPSG:4523"))
        XCTAssertTrue(svg.contains("class=\"north\""))
        XCTAssertTrue(svg.contains("class=\"tick\""))
    }

    func testLabelsDoNotOverlap() {
        var map = SVGMap(id: "l", world: Envelope(minX: 0, minY: 0, maxX: 100, maxY: 100), width: 400, height: 400,
                         crsCaption: "", title: "", insets: MapTransform.Insets())
        XCTAssertTrue(map.addLabel(x: 50, y: 50, lines: ["嵩山风景名胜区"]))
        XCTAssertTrue(map.addLabel(x: 50, y: 50, lines: ["1,972.69 亩"]))  // moved, not on top
        let svg = map.render()
        let ys = svg.components(separatedBy: "class=\"label\" x=\"").dropFirst().compactMap { part -> Double? in
            guard let range = part.range(of: "y=\"") else { return nil }
            return Double(part[range.upperBound...].prefix { $0 != "\"" })
        }
        XCTAssertEqual(ys.count, 2)
        XCTAssertGreaterThanOrEqual(abs(ys[0] - ys[1]), 13)
    }

    func testLanguageFromArgumentOrLANG() {
        XCTAssertEqual(Language.resolve(nil, environment: ["LANG": "zh_CN.UTF-8"]), .zh)
        XCTAssertEqual(Language.resolve(nil, environment: ["LANG": "en_US.UTF-8"]), .en)
        XCTAssertEqual(Language.resolve(nil, environment: [:]), .en)
        XCTAssertEqual(Language.resolve(.en, environment: ["LANG": "zh_CN.UTF-8"]), .en)
        XCTAssertEqual(Strings(.zh)["prohibited"], "禁止")
        XCTAssertEqual(Strings(.en)["mu"], "mu")
    }

    func testChartsDrawTheGivenValues() {
        let svg = Charts.line(id: "c", title: "done", categories: ["2020-01", "2020-02", "2020-03"],
                              series: [ChartSeries(name: "done", values: [0, 100, 638.5], colour: "#2e7d32"),
                                       ChartSeries(name: "plan", values: [0, 910, 1820], colour: "#999", dashed: true)],
                              yLabel: "亩")
        XCTAssertTrue(svg.contains("data-value=\"638.5\""))
        XCTAssertTrue(svg.contains("stroke-dasharray"))
        let bar = Charts.progress(share: 0.3508, caption: "ZZ-2020-01")
        XCTAssertTrue(bar.contains("width=\"147.34\""), bar)  // 420 px × 0.3508
        XCTAssertTrue(bar.contains("35.1 %"))
        XCTAssertEqual(HTML.number(1234567.891), "1,234,567.89")
        XCTAssertEqual(HTML.number(-0.001), "0.00")
    }
}
