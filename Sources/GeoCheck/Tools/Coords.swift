import Foundation

/// `geocheck coords` results: one entry per block with its areas and elevation range.
public struct CoordsResult: Codable, Sendable {
    public var command = "coords"
    public var source: String
    public var form: String?
    public var encoding: String?
    public var datum: String
    public var crs: String
    public var zone: Int?
    public var zoneWidth: Int?
    /// The file's `转换参数` (dx,dy,dz,rx,ry,rz,ds), when it gives one.
    public var towgs84: [Double]?
    public var blocks: [CoordsBlock]
    public var repaired: [FeatureNote]
    /// One line each, naming the block (e.g. a stated area that matches no unit).
    public var warnings: [String] = []
    public var output: String?
    /// How the areas were computed (`--area-method`).
    public var areaMethod: AreaMethod = .geodesic
    /// The datum transformation of a polygon source into the corner file's zone (none for a
    /// corner file: its areas are on its own datum's ellipsoid).
    public var transformations: [TransformationInfo] = []

    enum CodingKeys: String, CodingKey {
        case command, source, form, encoding, datum, crs, zone, zoneWidth = "zone_width", towgs84, blocks, repaired, warnings, output
        case areaMethod = "area_method", transformations
    }

    /// Every key is written, absent values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        try c.encode(source, forKey: .source)
        try c.encode(form, forKey: .form)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(datum, forKey: .datum)
        try c.encode(crs, forKey: .crs)
        try c.encode(zone, forKey: .zone)
        try c.encode(zoneWidth, forKey: .zoneWidth)
        try c.encode(towgs84, forKey: .towgs84)
        try c.encode(blocks, forKey: .blocks)
        try c.encode(repaired, forKey: .repaired)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(output, forKey: .output)
        try c.encode(areaMethod, forKey: .areaMethod)
        try c.encode(transformations, forKey: .transformations)
    }
}

public struct CoordsBlock: Codable, Sendable {
    public var block: String
    public var name: String?
    public var points: Int
    public var rings: Int
    /// Ellipsoidal area (`--area-method`).
    public var area: Area
    /// Area in the Gauss-Krüger plane.
    public var planarArea: Area
    public var top: Double?
    public var bottom: Double?
    /// The block's stated area (地块面积, or the area field of a list form's block end), as written.
    public var statedArea: Double?
    /// The unit in which `statedArea` matches the planar or ellipsoidal area within its rounding.
    public var statedUnit: StatedAreaUnit?

    init(block: String, name: String?, points: Int, rings: Int, area: Area, planar: Area, top: Double?, bottom: Double?) {
        self.block = block
        self.name = name
        self.points = points
        self.rings = rings
        self.area = area
        planarArea = planar
        self.top = top
        self.bottom = bottom
    }

    // The areas as printed (rounded as in the JSON).
    public var areaM2: Double { area.roundedM2 }
    public var areaMu: Double { area.roundedMu }
    public var areaHa: Double { area.roundedHa }
    public var planarAreaM2: Double { planarArea.roundedM2 }
    public var planarAreaMu: Double { planarArea.roundedMu }
    public var planarAreaHa: Double { planarArea.roundedHa }

    /// Every contract key is written in every block; absent values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(block, "block")
        try c.put(name, "name")
        try c.put(points, "points")
        try c.put(rings, "rings")
        try c.encodeArea(area, "area")
        try c.encodeArea(planarArea, "planar_area")
        try c.put(top, "top")
        try c.put(bottom, "bottom")
        try c.put(statedArea, "stated_area")
        try c.put(statedUnit, "stated_unit")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        block = try c.get("block")
        name = try c.getIfPresent("name")
        points = try c.get("points")
        rings = try c.get("rings")
        area = try c.decodeArea("area")
        planarArea = try c.decodeArea("planar_area")
        top = try c.getIfPresent("top")
        bottom = try c.getIfPresent("bottom")
        statedArea = try c.getIfPresent("stated_area")
        statedUnit = try c.getIfPresent("stated_unit")
    }
}

/// Corner-coordinate files to polygons and back.
public enum Coords {
    /// Reads a corner-coordinate file: areas of each block (ellipsoidal and planar), its rings
    /// assembled by nesting, invalid rings repaired (listed in `repaired`), the stated area's unit
    /// found (a mismatch is a warning); with `output`, writes the blocks as a vector file.
    public static func fromCornerFile(_ file: CornerFile, source: String, output: String?,
                                      method: AreaMethod = .geodesic) throws -> CoordsResult {
        let context = try GEOSContext()
        let crs = try CornerLayer.spatialReference(of: file)
        let areas = try AreaCalculator(crs: crs, method: method)
        var blocks: [CoordsBlock] = []
        var repaired: [FeatureNote] = []
        var warnings: [String] = []
        var geometries: [Geometry] = []
        for block in file.blocks {
            var polygon = try CornerLayer.polygon(block, context: context)
            if let problem = try polygon.validityProblem() {
                polygon = try polygon.makeValid()
                repaired.append(FeatureNote(layer: source, id: block.id,
                                            reason: "line \(block.line): \(problem.description)"))
            }
            geometries.append(polygon)
            var row = CoordsBlock(
                block: block.id, name: block.attributes["地块名称"], points: block.rings.reduce(0) { $0 + $1.count },
                rings: block.rings.count, area: try areas.ellipsoidalArea(polygon), planar: try areas.planarArea(polygon),
                top: block.top, bottom: block.bottom)
            if let stated = StatedArea(block: block) {
                row.statedArea = stated.value
                row.statedUnit = stated.unit(planarM2: row.planarAreaM2, ellipsoidalM2: row.areaM2)
                if let warning = stated.warning(block: block, source: source, unit: row.statedUnit, planarM2: row.planarAreaM2, ellipsoidalM2: row.areaM2) {
                    warnings.append(warning)
                }
            }
            blocks.append(row)
        }
        if let output {
            try writeBlocks(blocks, geometries: geometries, crs: crs, to: output)
        }
        return CoordsResult(source: source, form: file.table == nil ? file.form.rawValue : "table", encoding: file.encoding, datum: file.datum.rawValue,
                            crs: "EPSG:\(file.epsg)", zone: file.zone, zoneWidth: file.zoneWidth, towgs84: file.towgs84,
                            blocks: blocks, repaired: repaired, warnings: warnings, output: output, areaMethod: method)
    }

    static func writeBlocks(_ blocks: [CoordsBlock], geometries: [Geometry], crs: SpatialReference, to path: String) throws {
        let writer = try VectorWriter(path: path)
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let multipart = try geometries.contains { try $0.type() == .multiPolygon }
        let layer = try writer.createLayer(name: name, crs: crs, geometryType: multipart ? .multiPolygon : .polygon, fields: [
            FieldDefinition(name: "id", type: .string), FieldDefinition(name: "name", type: .string),
            FieldDefinition(name: "points", type: .integer),
            FieldDefinition(name: "area_m2", type: .real), FieldDefinition(name: "area_mu", type: .real),
            FieldDefinition(name: "area_ha", type: .real),
            FieldDefinition(name: "top", type: .real), FieldDefinition(name: "bottom", type: .real),
        ], options: boundsOption(geometries))
        for (block, geometry) in zip(blocks, geometries) {
            try layer.add(geometry: geometry, values: [
                .string(block.block), block.name.map { .string($0) } ?? .null, .integer(Int64(block.points)),
                .real(block.areaM2), .real(block.areaMu), .real(block.areaHa),
                block.top.map { .real($0) } ?? .null, block.bottom.map { .real($0) } ?? .null,
            ])
        }
        try writer.commit()
    }

    /// MapInfo stores integer coordinates within the layer's bounds: bounds around the data
    /// (1 km margin) keep the corner coordinates to far below a millimetre.
    static func boundsOption(_ geometries: [Geometry]) -> [String] {
        let envelopes = geometries.compactMap { $0.envelope() }
        guard let first = envelopes.first else { return [] }
        let minX = envelopes.map(\.minX).min() ?? first.minX, minY = envelopes.map(\.minY).min() ?? first.minY
        let maxX = envelopes.map(\.maxX).max() ?? first.maxX, maxY = envelopes.map(\.maxY).max() ?? first.maxY
        return [String(format: "BOUNDS=%.3f,%.3f,%.3f,%.3f", minX - 1000, minY - 1000, maxX + 1000, maxY + 1000)]
    }

    /// The inverse: polygons of a vector source as a corner-coordinate file in a Gauss-Krüger
    /// zone (the source's own when it is one, else the CGCS2000 3° zone of the data's centre).
    /// Each polygon part becomes a block; `top`/`bottom` fields give its elevation range.
    public static func toCornerFile(_ source: SourceLayer, idField: String?, form: CornerFileForm,
                                    method: AreaMethod = .geodesic) throws -> (file: CornerFile, result: CoordsResult) {
        let context = try GEOSContext()
        let zone = try targetZone(for: source)
        let crs = try SpatialReference(epsg: zone.epsg)
        let layer = try FeatureLoader.load(source, context: context, target: crs, idField: idField)
        guard !layer.features.isEmpty else { throw InputError("\(source.label): no polygon features to write") }
        let topIndex = layer.optionalFieldIndex("top")
        let bottomIndex = layer.optionalFieldIndex("bottom")
        let areas = try AreaCalculator(crs: crs, method: method)
        var blocks: [CornerBlock] = []
        var results: [CoordsBlock] = []
        for feature in layer.features {
            let polygons = try feature.geometry.polygonRings()
            for (partIndex, rings) in polygons.enumerated() {
                let id = polygons.count == 1 ? feature.id : "\(feature.id)-\(partIndex + 1)"
                let top = topIndex.flatMap { feature.values[$0].doubleValue }
                let bottom = bottomIndex.flatMap { feature.values[$0].doubleValue }
                let block = CornerBlock(id: id, polygonRings: rings, top: top, bottom: bottom)
                blocks.append(block)
                let part = try context.polygon(rings: rings)
                results.append(CoordsBlock(block: id, name: nil, points: block.pointCount, rings: rings.count,
                                           area: try areas.ellipsoidalArea(part), planar: try areas.planarArea(part),
                                           top: top, bottom: bottom))
            }
        }
        let file = CornerFile(path: source.spec.raw, form: form, encoding: "UTF-8", datum: zone.datum,
                              zoneWidth: zone.zoneWidth, zone: zone.zone, hasZonePrefix: zone.hasZonePrefix,
                              epsg: zone.epsg, header: [:], blocks: blocks)
        let result = CoordsResult(source: source.spec.raw, form: form.rawValue, encoding: "UTF-8", datum: zone.datum.rawValue,
                                  crs: "EPSG:\(zone.epsg)", zone: zone.zone, zoneWidth: zone.zoneWidth, towgs84: nil, blocks: results,
                                  repaired: layer.repaired, output: nil, areaMethod: method,
                                  transformations: [try CoordinateTransform.describe(source.crs, to: crs, source: source.label)])
        return (file, result)
    }

    static func targetZone(for source: SourceLayer) throws -> GaussKrugerZone {
        if let epsg = source.crs.epsg, let zone = GaussKrugerZone.from(epsg: epsg) { return zone }
        guard let extent = source.layer.extent else { throw InputError("\(source.label): empty layer (no polygon features)") }
        do {
            try CoordinateRange.check(extent, geographic: source.crs.isGeographic)
            var center = [extent.center.x, extent.center.y]
            if !source.crs.isGeographic {
                try CoordinateTransform(from: source.crs, to: try source.crs.geographic()).transform(&center)
            }
            return try GaussKrugerZone.cgcs2000(longitude: center[0])
        } catch {
            try WorkingCRS.checkCoordinates(source)
            throw InputError("\(source.label): \(error)")
        }
    }
}
