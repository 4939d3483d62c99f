import Foundation

/// A forest-land permit (林地审核同意书) of a site, as judged on the check date.
public struct PermitCheck: Codable, Sendable {
    public var permitID: String
    public var site: String
    public var validUntil: String?
    /// `valid_until` before the check date: the permit authorises nothing.
    public var expired: Bool
    public var approvedHa: Double?
    public var area: Area

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(permitID, "permit_id")
        try c.put(site, "site")
        try c.put(validUntil, "valid_until")
        try c.put(expired, "expired")
        try c.put(approvedHa, "approved_ha")
        try c.encodeArea(area, "area")
    }
}

/// Occupied forest land of one forest-land class (地类) at a site.
public struct ForestClassArea: Codable, Sendable {
    public var forestClass: String
    public var occupiedForest: Area
    public var overOccupied: Area

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(forestClass, "class")
        try c.encodeArea(occupiedForest, "occupied_forest")
        try c.encodeArea(overOccupied, "over_occupied")
    }
}

public struct SiteCheck: Codable, Sendable {
    public var id: String
    public var name: String?
    public var occupied: Area
    /// occupied ∩ forest land.
    public var occupiedForest: Area
    public var occupiedNonForest: Area
    /// Union of the site's valid permits.
    public var permitted: Area
    /// occupied ∩ forest − valid permits.
    public var overOccupied: Area
    public var permits: [PermitCheck]
    public var byClass: [ForestClassArea]

    public var expiredPermits: [String] { permits.filter(\.expired).map(\.permitID) }
    public var validPermits: [String] { permits.filter { !$0.expired }.map(\.permitID) }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(id, "id")
        try c.put(name, "name")
        try c.encodeArea(occupied, "occupied")
        try c.encodeArea(occupiedForest, "occupied_forest")
        try c.encodeArea(occupiedNonForest, "occupied_non_forest")
        try c.encodeArea(permitted, "permitted")
        try c.encodeArea(overOccupied, "over_occupied")
        try c.put(overOccupied.m2 > 0, "over_occupying")
        try c.put(expiredPermits, "expired_permits")
        try c.put(validPermits, "valid_permits")
        try c.put(permits, "permits")
        try c.put(byClass, "by_class")
    }
}

public struct ForestSummary: Codable, Sendable {
    public var sites = 0
    public var overOccupying = 0
    public var withExpiredPermits = 0
    public var expiredPermits = 0
    public var occupiedForest = Area.zero
    public var permitted = Area.zero
    public var overOccupied = Area.zero
    public var byClass: [ForestClassArea] = []
    public var slivers = 0
    public var repaired = 0
    public var skipped = 0

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put(sites, "sites")
        try c.put(overOccupying, "over_occupying")
        try c.put(withExpiredPermits, "with_expired_permits")
        try c.put(expiredPermits, "expired_permits")
        try c.encodeArea(occupiedForest, "occupied_forest")
        try c.encodeArea(permitted, "permitted")
        try c.encodeArea(overOccupied, "over_occupied")
        try c.put(byClass, "by_class")
        try c.put(slivers, "slivers")
        try c.put(repaired, "repaired")
        try c.put(skipped, "skipped")
    }
}

/// Everything `geocheck forest --json` prints.
public struct ForestResult: Codable, Sendable {
    public var date: String
    public var occupiedSource: String
    public var forestSource: String
    public var permitsSource: String
    public var workingCRS: String
    /// How the areas were computed (`--area-method`).
    public var areaMethod: AreaMethod = .geodesic
    /// Per source, the datum transformation PROJ used into the working CRS.
    public var transformations: [TransformationInfo] = []
    public var classField: String?
    public var minAreaM2: Double
    public var sites: [SiteCheck]
    /// Permits whose site id matches no occupied site.
    public var unmatchedPermits: [String]
    public var summary: ForestSummary
    public var repaired: [FeatureNote]
    public var skipped: [FeatureNote]

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.put("forest", "command")
        try c.put(date, "date")
        try c.put(occupiedSource, "occupied_source")
        try c.put(forestSource, "forest_source")
        try c.put(permitsSource, "permits_source")
        try c.put(workingCRS, "working_crs")
        try c.put(areaMethod, "area_method")
        try c.put(transformations, "transformations")
        try c.put(classField, "class_field")
        try c.put(minAreaM2, "min_area_m2")
        try c.put(sites, "sites")
        try c.put(unmatchedPermits, "unmatched_permits")
        try c.put(summary, "summary")
        try c.put(repaired, "repaired")
        try c.put(skipped, "skipped")
    }

    /// `--strict`: over-occupation or an expired permit.
    public var hasFindings: Bool { summary.overOccupying + summary.withExpiredPermits > 0 }
}

/// One site's shapes in the working CRS, for the writers.
public struct SiteShapes {
    public var occupied: Geometry
    /// occupied ∩ forest land.
    public var occupiedForest: Geometry
    /// occupied ∩ forest − valid permits (empty when a sliver).
    public var overOccupied: Geometry
    /// Union of the valid permits.
    public var permitted: Geometry
    /// For drawing: the forest-land features the site touches (class, polygon).
    public var forestLand: [(forestClass: String, geometry: Geometry)]
    /// For drawing: each permit's polygon, in `SiteCheck.permits` order.
    public var permits: [Geometry]
}

/// A forest check with its geometries (working CRS).
public struct ForestEvaluation {
    public var result: ForestResult
    public let crs: SpatialReference
    /// Per site, in `result.sites` order.
    public var shapes: [SiteShapes]}

// MARK: - Decoding (the keys `encode(to:)` writes; derived keys are not read)

extension PermitCheck {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        permitID = try c.get("permit_id")
        site = try c.get("site")
        validUntil = try c.getIfPresent("valid_until")
        expired = try c.get("expired")
        approvedHa = try c.getIfPresent("approved_ha")
        area = try c.decodeArea("area")
    }
}

extension ForestClassArea {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        forestClass = try c.get("class")
        occupiedForest = try c.decodeArea("occupied_forest")
        overOccupied = try c.decodeArea("over_occupied")
    }
}

extension SiteCheck {
    /// Reads what `encode(to:)` writes; the derived keys (`over_occupying`, `*_permits` lists)
    /// are not read.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        id = try c.get("id")
        name = try c.getIfPresent("name")
        occupied = try c.decodeArea("occupied")
        occupiedForest = try c.decodeArea("occupied_forest")
        occupiedNonForest = try c.decodeArea("occupied_non_forest")
        permitted = try c.decodeArea("permitted")
        overOccupied = try c.decodeArea("over_occupied")
        permits = try c.get("permits")
        byClass = try c.get("by_class")
    }
}

extension ForestSummary {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        sites = try c.get("sites")
        overOccupying = try c.get("over_occupying")
        withExpiredPermits = try c.get("with_expired_permits")
        expiredPermits = try c.get("expired_permits")
        occupiedForest = try c.decodeArea("occupied_forest")
        permitted = try c.decodeArea("permitted")
        overOccupied = try c.decodeArea("over_occupied")
        byClass = try c.get("by_class")
        slivers = try c.get("slivers")
        repaired = try c.get("repaired")
        skipped = try c.get("skipped")
    }
}

extension ForestResult {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicKey.self)
        try c.expect("forest", "command")
        date = try c.get("date")
        occupiedSource = try c.get("occupied_source")
        forestSource = try c.get("forest_source")
        permitsSource = try c.get("permits_source")
        workingCRS = try c.get("working_crs")
        areaMethod = try c.get("area_method")
        transformations = try c.get("transformations")
        classField = try c.getIfPresent("class_field")
        minAreaM2 = try c.get("min_area_m2")
        sites = try c.get("sites")
        unmatchedPermits = try c.get("unmatched_permits")
        summary = try c.get("summary")
        repaired = try c.get("repaired")
        skipped = try c.get("skipped")
    }
}
