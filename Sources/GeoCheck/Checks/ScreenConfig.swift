import Foundation
import Yams

/// The rights to screen: a source, its id and name fields.
public struct RightsSpec: Sendable {
    public var source: String
    public var idField: String?
    public var nameField: String?
    public var assumeCRS: String?
    /// Bursa-Wolf parameters for this source (config `towgs84`, see `SpatialReference.withTOWGS84`).
    public var towgs84: [Double]?
    /// An OGR attribute filter (SQL WHERE clause): screen only the rights it selects.
    public var whereClause: String?
    /// The rights' own fields to carry into the results.
    public var keepFields: KeepFields?

    public init(source: String, idField: String? = nil, nameField: String? = nil, assumeCRS: String? = nil,
                whereClause: String? = nil, keepFields: KeepFields? = nil) {
        self.source = source
        self.idField = idField
        self.nameField = nameField
        self.assumeCRS = assumeCRS
        self.whereClause = whereClause
        self.keepFields = keepFields
    }
}

/// One constraint layer as configured (CONTRACT.md config `layers[]`).
public struct ConstraintSpec: Sendable {
    public var name: String
    public var source: String
    public var classField: String?
    public var nameField: String?
    public var idField: String?
    public var rules: [String: Severity]
    public var defaultSeverity: Severity
    public var bufferM: Double?
    /// Protection radius of a point or line layer (a relic as a point, a river as a line): each
    /// point/line feature buffered by it is the zone. Without it such a layer is an error.
    public var protectM: Double?
    public var assumeCRS: String?
    /// Bursa-Wolf parameters for this source (config `towgs84`, see `SpatialReference.withTOWGS84`).
    public var towgs84: [Double]?
    /// Without `id_field`: take ids from the first default id field present (id, ID, 编号, …,
    /// CONTRACT.md "Ids") instead of the FID.
    public var defaultIDFields = true
    /// Set for `--against` layers: the message for a point/line layer says how to give `protect_m`.
    public var fromCommandLine = false

    public init(name: String, source: String, classField: String? = nil, nameField: String? = nil, idField: String? = nil,
                rules: [String: Severity] = [:], defaultSeverity: Severity = .prohibited, bufferM: Double? = nil,
                assumeCRS: String? = nil, protectM: Double? = nil, defaultIDFields: Bool = true) {
        self.defaultIDFields = defaultIDFields
        self.protectM = protectM
        self.name = name
        self.source = source
        self.classField = classField
        self.nameField = nameField
        self.idField = idField
        self.rules = rules
        self.defaultSeverity = defaultSeverity
        self.bufferM = bufferM
        self.assumeCRS = assumeCRS
    }

    /// The severity of a feature of this layer with class value `value`.
    public func severity(forClass value: String?) -> Severity {
        guard let value, !rules.isEmpty else { return defaultSeverity }
        return rules[value] ?? rules[value.trimmingCharacters(in: .whitespaces)] ?? defaultSeverity
    }
}

/// A screening configuration read from YAML; relative sources resolve against the file's folder.
public struct ScreenConfig: Sendable {
    public var rights: RightsSpec
    public var layers: [ConstraintSpec]
    public var minAreaM2: Double?
    /// `area_method`: geodesic (default) or tdt1055.
    public var areaMethod: AreaMethod?

    public init(rights: RightsSpec, layers: [ConstraintSpec], minAreaM2: Double? = nil) {
        self.rights = rights
        self.layers = layers
        self.minAreaM2 = minAreaM2
    }

    /// Reads and checks a config file. Errors name the file and the line.
    public static func load(path: String) throws -> ScreenConfig {
        try RegularFile.require(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): no such config file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError("\(path): not UTF-8 text")
        }
        let base = (path as NSString).deletingLastPathComponent
        return try parse(text, path: path, baseDirectory: base)
    }

    public static func parse(_ text: String, path: String, baseDirectory: String) throws -> ScreenConfig {
        try ConfigLimits.check(text, path: path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw InputError("\(path): empty config") }
            root = node
        } catch let error as YamlError {
            throw InputError("\(path): \(ConfigReader.describe(error))")
        }
        let reader = ConfigReader(path: path, base: baseDirectory)
        guard let top = root.mapping else { throw reader.error(root, "the config must be a mapping with 'rights' and 'layers'") }
        let rights = try reader.rights(try reader.required(top, "rights", in: root))
        let layers = try reader.layers(try reader.required(top, "layers", in: root))
        var minArea: Double?
        if let node = top["min_area_m2"] {
            guard let value = Double(try reader.string(node)), value.isFinite, value >= 0 else {
                throw reader.error(node, "'min_area_m2' must be a number ≥ 0")
            }
            minArea = value
        }
        var areaMethod: AreaMethod?
        if let node = top["area_method"] {
            let text = try reader.string(node)
            guard let method = AreaMethod(rawValue: text) else {
                throw reader.error(node, "'area_method' must be one of \(AreaMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            areaMethod = method
        }
        try reader.allowOnly(top, ["rights", "layers", "min_area_m2", "area_method"], in: "config")
        var config = ScreenConfig(rights: rights, layers: layers, minAreaM2: minArea)
        config.areaMethod = areaMethod
        return config
    }
}

extension ConfigReader {
    /// `rights:` — the rights source and how to read it.
    func rights(_ rightsNode: Node) throws -> RightsSpec {
        guard let rights = rightsNode.mapping else { throw error(rightsNode, "'rights' must be a mapping with 'source'") }
        try allowOnly(rights, ["source", "id_field", "name_field", "assume_crs", "towgs84", "where", "keep_fields"], in: "rights")
        var spec = RightsSpec(
            source: resolve(try string(try required(rights, "source", in: rightsNode))),
            idField: try optionalString(rights, "id_field"),
            nameField: try optionalString(rights, "name_field"),
            assumeCRS: try optionalString(rights, "assume_crs"),
            whereClause: try optionalString(rights, "where"),
            keepFields: try rights["keep_fields"].map { try keepFields($0) })
        spec.towgs84 = try towgs84(rights)
        return spec
    }

    /// `layers:` — a non-empty list of constraint layers with distinct names.
    func layers(_ layersNode: Node) throws -> [ConstraintSpec] {
        guard let layerList = layersNode.sequence, !layerList.isEmpty else {
            throw error(layersNode, "'layers' must be a non-empty list")
        }
        var names = Set<String>()
        return try layerList.map { try layer($0, names: &names) }
    }

    /// One constraint layer: its name (not among `names`), source, class rules, buffer and
    /// protection distance.
    func layer(_ node: Node, names: inout Set<String>) throws -> ConstraintSpec {
        guard let layer = node.mapping else { throw error(node, "each layer must be a mapping with 'name' and 'source'") }
        try allowOnly(layer, ["name", "source", "class_field", "name_field", "id_field", "rules", "default",
                              "buffer_m", "protect_m", "assume_crs", "towgs84"], in: "layer")
        let name = try string(try required(layer, "name", in: node))
        guard names.insert(name).inserted else { throw error(node, "duplicate layer name '\(name)'") }
        var rules: [String: Severity] = [:]
        if let rulesNode = layer["rules"] {
            guard let mapping = rulesNode.mapping else { throw error(rulesNode, "'rules' must map class values to prohibited or restricted") }
            for (key, value) in mapping {
                rules[try string(key)] = try severity(value)
            }
        }
        let buffer = try layer["buffer_m"].map { try metres($0, "buffer_m", positive: false) }
        let protect = try layer["protect_m"].map { try metres($0, "protect_m", positive: true) }
        var spec = ConstraintSpec(
            name: name, source: resolve(try string(try required(layer, "source", in: node))),
            classField: try optionalString(layer, "class_field"), nameField: try optionalString(layer, "name_field"),
            idField: try optionalString(layer, "id_field"), rules: rules,
            defaultSeverity: try layer["default"].map { try severity($0) } ?? .prohibited,
            bufferM: buffer, assumeCRS: try optionalString(layer, "assume_crs"), protectM: protect)
        spec.towgs84 = try towgs84(layer)
        return spec
    }
}

/// Reads YAML nodes with errors that carry the file and line (`Node.mark`).
struct ConfigReader {
    let path: String
    let base: String

    func error(_ node: Node, _ message: String) -> InputError {
        let line = node.mark.map { ":\($0.line)" } ?? ""
        return InputError("\(path)\(line): \(message)")
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            return "line \(mark.line): YAML error: \(problem)\(context.map { " \($0.text)" } ?? "")"
        default:
            return "YAML error: \(error)"
        }
    }

    func required(_ mapping: Node.Mapping, _ key: String, in parent: Node) throws -> Node {
        guard let node = mapping[key] else { throw error(parent, "missing key '\(key)'") }
        return node
    }

    func string(_ node: Node) throws -> String {
        guard let scalar = node.scalar else { throw error(node, "expected a single value") }
        return scalar.string
    }

    func optionalString(_ mapping: Node.Mapping, _ key: String) throws -> String? {
        try mapping[key].map { try string($0) }
    }

    /// `towgs84: [dx, dy, dz, rx, ry, rz, ds]` (metres, arc-seconds, ppm; Position Vector), or nil.
    func towgs84(_ mapping: Node.Mapping) throws -> [Double]? {
        guard let node = mapping["towgs84"] else { return nil }
        let message = "'towgs84' must be a list of 3 or 7 numbers [dx, dy, dz, rx, ry, rz, ds] (metres, arc-seconds, ppm; Position Vector convention)"
        guard let items = node.sequence, items.count == 3 || items.count == 7 else { throw error(node, message) }
        return try items.map { item in
            guard let value = Double(try string(item)), value.isFinite else { throw error(item, message) }
            return value
        }
    }

    /// A finite distance in metres, ≥ 0 (> 0 when `positive`).
    func metres(_ node: Node, _ key: String, positive: Bool) throws -> Double {
        guard let value = Double(try string(node)), value.isFinite, positive ? value > 0 : value >= 0 else {
            throw error(node, "'\(key)' must be a number of metres \(positive ? "> 0" : "≥ 0")")
        }
        return value
    }

    /// `keep_fields: all`, `keep_fields: 矿种, 单位` or a list of field names.
    func keepFields(_ node: Node) throws -> KeepFields {
        if let list = node.sequence {
            let names = try list.map { try string($0) }
            if !names.isEmpty, let keep = KeepFields(text: names.joined(separator: ",")) { return keep }
        } else if let keep = KeepFields(text: try string(node)) {
            return keep
        }
        throw error(node, "'keep_fields' must be 'all' or a list of field names")
    }

    func severity(_ node: Node) throws -> Severity {
        let text = try string(node)
        guard let severity = Severity(text: text) else {
            throw error(node, "unknown severity '\(text)' (use prohibited or restricted)")
        }
        return severity
    }

    func allowOnly(_ mapping: Node.Mapping, _ keys: Set<String>, in what: String) throws {
        for (key, _) in mapping {
            let name = try string(key)
            if !keys.contains(name) {
                throw error(key, "unknown key '\(name)' in \(what) (allowed: \(keys.sorted().joined(separator: ", ")))")
            }
        }
    }

    /// A relative file path in a config is relative to the config's folder; `PG:` and
    /// absolute paths are kept.
    func resolve(_ source: String) -> String {
        if source.hasPrefix("PG:") || source.hasPrefix("/") || base.isEmpty || base == "." { return source }
        return "\(base)/\(source)"
    }
}
