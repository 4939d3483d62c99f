import Foundation

/// One (right, constraint feature) overlap of positive area.
public struct OverlapResult: Codable, Sendable {
    public var layer: String
    public var featureID: String
    public var featureName: String?
    public var `class`: String?
    public var severity: Severity
    public var area: Area
    /// Overlap area / right area, 0–1.
    public var share: Double

    public init(layer: String, featureID: String, featureName: String?, class: String?, severity: Severity, area: Area, share: Double) {
        self.layer = layer
        self.featureID = featureID
        self.featureName = featureName
        self.class = `class`
        self.severity = severity
        self.area = area
        self.share = share
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(layer, "layer")
        try c.put(featureID, "feature_id")
        try c.putIfPresent(featureName, "feature_name")
        try c.putIfPresent(`class`, "class")
        try c.put(severity, "severity")
        try c.encodeArea(area, .area)
        try c.put(share, "share")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        layer = try c.get("layer")
        featureID = try c.get("feature_id")
        featureName = try c.getIfPresent("feature_name")
        `class` = try c.getIfPresent("class")
        severity = try c.get("severity")
        area = try c.decodeArea("area")
        share = try c.get("share")
    }
}

/// A constraint feature within a layer's `buffer_m` of a right that does not overlap it.
public struct NearResult: Codable, Sendable {
    public var layer: String
    public var featureID: String
    public var featureName: String?
    public var `class`: String?
    public var distanceM: Double

    enum CodingKeys: String, CodingKey {
        case layer, featureID = "feature_id", featureName = "feature_name", `class` = "class", distanceM = "distance_m"
    }
}

/// The screening of one right.
public struct RightResult: Codable, Sendable {
    public var id: String
    public var name: String?
    public var fid: Int64
    public var area: Area
    public var verdict: Verdict
    public var overlaps: [OverlapResult]
    public var near: [NearResult]
    /// Area of the union of the right's overlaps: protected land inside the right, counted once
    /// where zones of several layers overlap (the per-overlap areas can add up to more).
    public var overlapArea: Area
    /// Area of the right minus every prohibited overlap (缩减矿权面积).
    public var retainedArea: Area
    /// The metric CRS the overlaps were computed in.
    public var workingCRS: String
    /// The right's own fields asked for with `--keep-fields` (nil: none asked), in order.
    public var fields: KeptFields? = nil

    public init(id: String, name: String?, fid: Int64, area: Area, verdict: Verdict, overlaps: [OverlapResult], near: [NearResult],
                overlapArea: Area, retainedArea: Area, workingCRS: String, fields: KeptFields? = nil) {
        self.id = id
        self.name = name
        self.fid = fid
        self.area = area
        self.verdict = verdict
        self.overlaps = overlaps
        self.near = near
        self.overlapArea = overlapArea
        self.retainedArea = retainedArea
        self.workingCRS = workingCRS
        self.fields = fields
    }

    /// True when shrinking the right out of prohibited zones changed it.
    public var isShrunk: Bool { overlaps.contains { $0.severity == .prohibited } }
    /// True when something of the right is left as printed (a shrunk right may keep nothing).
    public var retainsLand: Bool { retainedArea.roundedM2 > 0 }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(id, "id")
        try c.putIfPresent(name, "name")
        try c.put(fid, "fid")
        try c.putIfPresent(fields, "fields")
        try c.encodeArea(area, .area)
        try c.put(verdict, "verdict")
        try c.put(overlaps, "overlaps")
        try c.put(near, "near")
        try c.encodeArea(overlapArea, .overlapArea)
        try c.encodeArea(retainedArea, .retainedArea)
        try c.put(workingCRS, "working_crs")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        id = try c.get("id")
        name = try c.getIfPresent("name")
        fid = try c.get("fid")
        area = try c.decodeArea("area")
        verdict = try c.get("verdict")
        overlaps = try c.get("overlaps")
        near = try c.get("near")
        overlapArea = try c.decodeArea("overlap_area")
        retainedArea = try c.decodeArea("retained_area")
        workingCRS = try c.get("working_crs")
        fields = try c.getIfPresent("fields")
    }
}

public struct ScreenSummary: Codable, Sendable {
    public var rights = 0
    public var overlapping = 0
    public var prohibited = 0
    public var restricted = 0
    public var near = 0
    public var clear = 0
    /// Overlaps below `min_area_m2`: numerical slivers, not findings.
    public var slivers = 0
    public var overlaps = 0
    /// Protected land inside rights: the sum over rights of each right's `overlap_area` as
    /// printed (so that the figures of a read-back result add up the same).
    public var overlapArea = Area.zero
    public var duplicates = 0
    public var repaired = 0
    public var skipped = 0

    public init() {}

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(rights, "rights")
        try c.put(overlapping, "overlapping")
        try c.put(prohibited, "prohibited")
        try c.put(restricted, "restricted")
        try c.put(near, "near")
        try c.put(clear, "clear")
        try c.put(slivers, "slivers")
        try c.put(overlaps, "overlaps")
        try c.encodeArea(overlapArea, .overlapArea)
        try c.put(duplicates, "duplicates")
        try c.put(repaired, "repaired")
        try c.put(skipped, "skipped")
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        rights = try c.get("rights")
        overlapping = try c.get("overlapping")
        prohibited = try c.get("prohibited")
        restricted = try c.get("restricted")
        near = try c.get("near")
        clear = try c.get("clear")
        slivers = try c.get("slivers")
        overlaps = try c.get("overlaps")
        overlapArea = try c.decodeArea("overlap_area")
        duplicates = try c.get("duplicates")
        repaired = try c.get("repaired")
        skipped = try c.get("skipped")
    }

    /// Counts a screened right.
    mutating func add(_ right: RightResult) {
        rights += 1
        if !right.overlaps.isEmpty { overlapping += 1 }
        overlaps += right.overlaps.count
        overlapArea = overlapArea + Area(m2: right.overlapArea.roundedM2)
        switch right.verdict {
        case .prohibited: prohibited += 1
        case .restricted: restricted += 1
        case .near: near += 1
        case .clear: clear += 1
        }
    }
}

/// A constraint layer as it was read.
public struct ScreenLayerInfo: Codable, Sendable {
    public var name: String
    public var source: String
    public var crs: String
    public var features: Int

    enum CodingKeys: String, CodingKey { case name, source, crs, features }
}

/// Everything `geocheck screen --json` prints.
public struct ScreenResult: Codable, Sendable {
    public var command = "screen"
    public var rightsSource: String
    public var minAreaM2: Double
    public var layers: [ScreenLayerInfo]
    public var rights: [RightResult]
    public var summary: ScreenSummary
    /// Right ids that occur more than once (each feature is still screened).
    public var duplicates: [String]
    public var repaired: [FeatureNote]
    public var skipped: [FeatureNote]
    /// How the areas were computed (`--area-method`).
    public var areaMethod: AreaMethod = .geodesic
    /// Per source, the transformation PROJ used into each working CRS, with its accuracy.
    public var transformations: [TransformationInfo] = []

    enum CodingKeys: String, CodingKey {
        case command, rightsSource = "rights_source", minAreaM2 = "min_area_m2", layers
        case rights, summary, duplicates, repaired, skipped, areaMethod = "area_method", transformations
    }

    /// As synthesized, with the rights encoded on several threads (`ParallelJSONArray`).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        try c.encode(rightsSource, forKey: .rightsSource)
        try c.encode(minAreaM2, forKey: .minAreaM2)
        try c.encode(layers, forKey: .layers)
        try c.encode(ParallelJSONArray(rights), forKey: .rights)
        try c.encode(summary, forKey: .summary)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(repaired, forKey: .repaired)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(areaMethod, forKey: .areaMethod)
        try c.encode(transformations, forKey: .transformations)
    }
}

extension ScreenResult {
    /// Indices of the rights that need a map (not clear): worst verdict first, then the largest
    /// overlap area as printed, then input order.
    public func flaggedOrder() -> [Int] {
        // The keys first: comparing the rights themselves copied two results per comparison
        // (30 ms of the 20,000-right `--out`).
        let keys = rights.indices.compactMap { index in
            rights[index].verdict == .clear ? nil : (verdict: rights[index].verdict, area: rights[index].overlapArea.roundedM2, index: index)
        }
        return keys.sorted { a, b in
            if a.verdict != b.verdict { return a.verdict > b.verdict }
            if a.area != b.area { return a.area > b.area }
            return a.index < b.index
        }.map(\.index)
    }
}

/// One right's result geometries for the writers, as 2D WKB.
public struct RightShapes: Sendable {
    /// The right (valid), in the rights' own CRS.
    public var right: [UInt8]
    /// One WKB per entry of the right's `overlaps`, in the rights' CRS.
    public var overlaps: [[UInt8]]
    /// The right minus its prohibited overlaps, in the rights' CRS: the right itself when it
    /// has no prohibited overlap, an empty polygon when it keeps no land as printed
    /// (`retainsLand`: what is left are slivers below `min_area_m2`).
    public var retained: [UInt8]
    /// The retained geometry in the right's Gauss-Krüger working zone (for corner files), with
    /// that zone's EPSG code; nil when the working CRS is not a Chinese Gauss-Krüger zone, and
    /// for a right without a corner file (not shrunk, or keeping no land: `retainsLand`) that
    /// gets no map. As transformed: it may cross itself by a fraction of a millimetre, which
    /// gridding it to 0.01 m removes (`RetainedCornerFile.gridded`).
    public var retainedInZone: (epsg: Int, wkb: [UInt8])?
    /// What the right's map shows, in its metric working CRS: only for the rights that get a
    /// map (`ScreenOptions.maps`).
    public var map: RightMapShapes?
}

/// Result geometries for the writers: the shapes of each right in `ScreenResult.rights` order,
/// and the CRS of the rights as read (shared, not parsed again from WKT by each writer: a first
/// parse on a thread cost 55 M instructions in PROJ's WKT parser).
public struct ScreenGeometries: Sendable {
    public var crs: SpatialReference
    public var rights: [RightShapes] = []
}

/// The shapes of one right's map, as 2D WKB in its metric working CRS (`crsLabel`): the right,
/// its overlaps (one per `overlaps` entry), the retained geometry, and every overlapped or near
/// constraint feature clipped to a window around the right.
public struct RightMapShapes: Sendable {
    public struct Feature: Sendable {
        public var layer: String
        public var featureID: String
        public var featureName: String?
        public var `class`: String?
        public var severity: Severity
        /// True when the feature is only near the right (no overlap).
        public var near: Bool
        public var wkb: [UInt8]
    }

    public var crsLabel: String
    public var crsName: String
    public var right: [UInt8]
    public var overlaps: [[UInt8]]
    /// As transformed: drawn only, so a sub-millimetre crossing the transform can leave is not
    /// repaired (`RightShapes.retainedInZone`).
    public var retained: [UInt8]
    public var features: [Feature]
    /// The window the features are clipped to.
    public var window: Envelope
}

public struct ScreenOutcome: Sendable {
    public var result: ScreenResult
    public var geometries: ScreenGeometries?

    /// Each right's result row with its shapes (empty without `--out`), paired as they are read
    /// (an array of the pairs copied 20,000 rows to write 85 retained shapes).
    public var rows: LazyMapCollection<Range<Int>, (right: RightResult, shapes: RightShapes)> {
        let (rights, shapes) = (result.rights, geometries?.rights ?? [])
        return (0..<min(rights.count, shapes.count)).lazy.map { (right: rights[$0], shapes: shapes[$0]) }
    }
}
