import Foundation

/// One (right, constraint feature) overlap of positive area.
public struct OverlapResult: Codable, Sendable {
    public var layer: String
    public var featureID: String
    public var featureName: String?
    public var `class`: String?
    public var severity: Severity
    public var areaM2: Double
    public var areaMu: Double
    public var areaHa: Double
    /// Overlap area / right area, 0–1.
    public var share: Double

    enum CodingKeys: String, CodingKey {
        case layer, featureID = "feature_id", featureName = "feature_name", `class` = "class", severity
        case areaM2 = "area_m2", areaMu = "area_mu", areaHa = "area_ha", share
    }

    public var area: Area { Area(m2: areaM2) }
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
    public var areaM2: Double
    public var areaMu: Double
    public var areaHa: Double
    public var verdict: Verdict
    public var overlaps: [OverlapResult]
    public var near: [NearResult]
    /// Area of the union of the right's overlaps: protected land inside the right, counted once
    /// where zones of several layers overlap (the per-overlap areas can add up to more).
    public var overlapAreaM2: Double
    public var overlapAreaMu: Double
    public var overlapAreaHa: Double
    /// Area of the right minus every prohibited overlap (缩减矿权面积).
    public var retainedAreaM2: Double
    public var retainedAreaMu: Double
    public var retainedAreaHa: Double
    /// The metric CRS the overlaps were computed in.
    public var workingCRS: String
    /// The right's own fields asked for with `--keep-fields` (nil: none asked), in order.
    public var fields: KeptFields? = nil

    enum CodingKeys: String, CodingKey {
        case id, name, fid, fields
        case areaM2 = "area_m2", areaMu = "area_mu", areaHa = "area_ha"
        case verdict, overlaps, near
        case overlapAreaM2 = "overlap_area_m2", overlapAreaMu = "overlap_area_mu", overlapAreaHa = "overlap_area_ha"
        case retainedAreaM2 = "retained_area_m2", retainedAreaMu = "retained_area_mu", retainedAreaHa = "retained_area_ha"
        case workingCRS = "working_crs"
    }

    public var area: Area { Area(m2: areaM2) }
    public var retainedArea: Area { Area(m2: retainedAreaM2) }
    /// True when shrinking the right out of prohibited zones changed it.
    public var isShrunk: Bool { overlaps.contains { $0.severity == .prohibited } }
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
    /// Protected land inside rights: the sum over rights of each right's `overlap_area`.
    public var overlapAreaM2 = 0.0
    public var overlapAreaMu = 0.0
    public var overlapAreaHa = 0.0
    public var duplicates = 0
    public var repaired = 0
    public var skipped = 0

    enum CodingKeys: String, CodingKey {
        case rights, overlapping, prohibited, restricted, near, clear, slivers, overlaps
        case overlapAreaM2 = "overlap_area_m2", overlapAreaMu = "overlap_area_mu", overlapAreaHa = "overlap_area_ha"
        case duplicates, repaired, skipped
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
}

/// Result geometries for writers, as 2D WKB in `crsWKT` (the rights' own CRS), one entry per
/// right in `ScreenResult.rights` order.
public struct ScreenGeometries: Sendable {
    public var crsWKT: String
    public var rights: [[UInt8]]
    /// One WKB per entry of that right's `overlaps`.
    public var overlaps: [[[UInt8]]]
    public var retained: [[UInt8]]
    /// The retained geometry in the right's Gauss-Krüger working zone (for corner files), with
    /// that zone's EPSG code; nil when the working CRS is not a Chinese Gauss-Krüger zone.
    public var retainedInZone: [(epsg: Int, wkb: [UInt8])?]
    /// What a map of each right shows, in the right's metric working CRS.
    public var maps: [RightMapShapes] = []
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
    public var retained: [UInt8]
    public var features: [Feature]
    /// The window the features are clipped to.
    public var window: Envelope
}

public struct ScreenOutcome: Sendable {
    public var result: ScreenResult
    public var geometries: ScreenGeometries?
}
