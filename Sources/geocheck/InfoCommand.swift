import ArgumentParser
import Foundation
import GeoCheck

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a source: layers, driver, CRS, feature count, extent, fields, invalid geometries.",
        discussion: """
        Example:  geocheck info samples/screen/rights.gpkg
        """)

    @Argument(help: "A source: file, file|layername=NAME, PG:… or a corner-coordinate file.")
    var source: String

    @Flag(name: .long, help: "Write JSON to stdout.")
    var json = false

    func run() throws {
        try reportingErrors {
            let info = try Inspect.dataset(SourceSpec(source))
            if json {
                try Console.output(try JSONOutput.string(info))
                return
            }
            var lines = ["\(info.source): driver \(info.driver), \(info.layers.count) layer(s)"]
            for layer in info.layers {
                lines.append("layer \(layer.name): \(layer.geometryType), \(layer.featureCount) features")
                lines.append("  CRS: \(layer.crs ?? "none")\(layer.epsg.map { " (EPSG:\($0))" } ?? "")")
                if let e = layer.extent {
                    lines.append("  extent: \(e.minX), \(e.minY) – \(e.maxX), \(e.maxY)")
                }
                lines.append("  fields: " + layer.fields.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", "))
                if !layer.empty.isEmpty { lines.append("  empty geometries: \(layer.empty.joined(separator: ", "))") }
                if layer.invalid.isEmpty {
                    lines.append("  geometries: all valid")
                } else {
                    lines.append("  invalid geometries: \(layer.invalid.count)")
                    for item in layer.invalid {
                        let location = item.x.map { x in " at (\(x), \(item.y ?? 0))" } ?? ""
                        lines.append("    feature \(item.id) (FID \(item.fid)): \(item.reason)\(location)")
                    }
                }
            }
            try Console.output(lines.joined(separator: "\n"))
        }
    }
}
