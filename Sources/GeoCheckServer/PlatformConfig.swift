import Foundation
import GeoCheck
import Yams

/// `platform.yaml`: the store, the constraint catalogue (`layers:`, the keys of `screen`'s
/// config) and the monitoring layers. Relative paths are relative to the file's folder.
///
///     store: platform.gpkg            # GeoPackage (created when missing), or PG:dbname=… (PostgreSQL)
///     max_upload_mb: 50
///     tile_url: https://…/{z}/{x}/{y}.png   # optional background tiles for the maps
///     layers: [ … as in screen.yaml … ]
///     licences: {source: …, id_field: id, name_field: 矿山名称, unit_field: unit}
///     reclaim: {plan: …, done: …, id_field: id, unit_field: unit}
///     forest: {occupied: …, forest: …, permits: …, id_field: id, unit_field: unit}
public struct PlatformConfig: Sendable {
    public struct Licences: Sendable {
        public var source: String
        public var idField: String?
        public var nameField: String?
        public var unitField: String
    }

    public struct ReclaimLayers: Sendable {
        public var plan: String
        public var done: String
        public var idField: String?
        public var unitField: String
    }

    public struct ForestLayers: Sendable {
        public var occupied: String
        public var forest: String
        public var permits: String
        public var idField: String?
        public var unitField: String
    }

    public var path: String
    public var store: String
    public var maxUploadBytes: Int
    public var tileURL: String?
    public var layers: [ConstraintSpec]
    public var minAreaM2: Double?
    public var licences: Licences?
    public var reclaim: ReclaimLayers?
    public var forest: ForestLayers?

    static let topKeys: Set<String> = ["store", "max_upload_mb", "tile_url", "layers", "min_area_m2", "licences", "reclaim", "forest"]

    public static func load(path: String) throws -> PlatformConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError("\(path): no such config file, not readable or not UTF-8")
        }
        let base = (path as NSString).deletingLastPathComponent
        let top: Node.Mapping
        do {
            guard let mapping = try Yams.compose(yaml: text)?.mapping else { throw InputError("\(path): the config must be a mapping") }
            top = mapping
        } catch let error as YamlError {
            throw InputError("\(path): YAML error: \(error)")
        }
        let reader = Reader(path: path, base: base)
        for (key, node) in top where !topKeys.contains(key.string ?? "") {
            throw reader.error(node, "unknown key '\(key.string ?? "")' (allowed: \(topKeys.sorted().joined(separator: ", ")))")
        }
        let screen = try ScreenConfig.parse(layersOnly(text), path: path, baseDirectory: base)
        guard let storeNode = top["store"], let store = storeNode.string, !store.isEmpty else {
            throw InputError("\(path): missing key 'store' (a GeoPackage path or a PG: connection string)")
        }
        var config = PlatformConfig(
            path: path, store: reader.resolve(store), maxUploadBytes: 50 << 20, tileURL: top["tile_url"]?.string,
            layers: screen.layers, minAreaM2: screen.minAreaM2)
        if let node = top["max_upload_mb"] {
            guard let mb = node.string.flatMap(Double.init), mb > 0 else { throw reader.error(node, "'max_upload_mb' must be a number > 0") }
            config.maxUploadBytes = Int(mb * 1_048_576)
        }
        if let node = top["licences"] {
            let m = try reader.mapping(node, "licences", keys: ["source", "id_field", "name_field", "unit_field"])
            config.licences = Licences(source: try reader.path(m, "source", node), idField: m["id_field"]?.string,
                                       nameField: m["name_field"]?.string, unitField: m["unit_field"]?.string ?? "unit")
        }
        if let node = top["reclaim"] {
            let m = try reader.mapping(node, "reclaim", keys: ["plan", "done", "id_field", "unit_field"])
            config.reclaim = ReclaimLayers(plan: try reader.path(m, "plan", node), done: try reader.path(m, "done", node),
                                           idField: m["id_field"]?.string, unitField: m["unit_field"]?.string ?? "unit")
        }
        if let node = top["forest"] {
            let m = try reader.mapping(node, "forest", keys: ["occupied", "forest", "permits", "id_field", "unit_field"])
            config.forest = ForestLayers(occupied: try reader.path(m, "occupied", node), forest: try reader.path(m, "forest", node),
                                         permits: try reader.path(m, "permits", node), idField: m["id_field"]?.string,
                                         unitField: m["unit_field"]?.string ?? "unit")
        }
        return config
    }

    /// The text with every top-level block but `layers:` and `min_area_m2:` blanked out (lines
    /// kept, so `ScreenConfig.parse` errors give the right line numbers), and a placeholder
    /// `rights:` that the catalogue never reads.
    static func layersOnly(_ text: String) -> String {
        var keep = true
        var lines: [String] = []
        for line in text.components(separatedBy: "\n") {
            if let first = line.first, first != " ", first != "\t", first != "#", first != "-" {
                keep = line.hasPrefix("layers:") || line.hasPrefix("min_area_m2:")
            }
            lines.append(keep ? line : "")
        }
        return lines.joined(separator: "\n") + "\nrights: {source: catalogue}\n"
    }

    struct Reader {
        let path: String
        let base: String

        func error(_ node: Node, _ message: String) -> InputError {
            InputError("\(path)\(node.mark.map { ":\($0.line)" } ?? ""): \(message)")
        }

        func mapping(_ node: Node, _ name: String, keys: Set<String>) throws -> Node.Mapping {
            guard let mapping = node.mapping else { throw error(node, "'\(name)' must be a mapping") }
            for (key, value) in mapping where !keys.contains(key.string ?? "") {
                throw error(value, "unknown key '\(key.string ?? "")' in \(name) (allowed: \(keys.sorted().joined(separator: ", ")))")
            }
            return mapping
        }

        func path(_ mapping: Node.Mapping, _ key: String, _ parent: Node) throws -> String {
            guard let value = mapping[key]?.string, !value.isEmpty else { throw error(parent, "missing key '\(key)'") }
            return resolve(value)
        }

        func resolve(_ source: String) -> String {
            if source.hasPrefix("PG:") || source.hasPrefix("/") || base.isEmpty { return source }
            return "\(base)/\(source)"
        }
    }
}
