import Foundation

public struct ForestOptions: Sendable {
    /// Permits with `valid_until` before this date (ISO) are expired.
    public var date: String
    public var minAreaM2 = 0.01
    /// How ellipsoidal areas are computed (`--area-method`).
    public var areaMethod = AreaMethod.geodesic
    public init(date: String) { self.date = date }
}

/// `geocheck forest`: forest land occupied by each site against its valid permits (林地占用/超占).
///
/// Per site (features with one id merged): occupied forest = occupied ∩ ⋃forest (per 地类 too),
/// permitted = ⋃ valid permits, over-occupied = occupied forest − permitted. A permit whose
/// `valid_until` is before the date is expired and authorises nothing.
public enum Forest {
    public static func evaluate(_ inputs: ForestInputs, options: ForestOptions) throws -> ForestEvaluation {
        let context = inputs.context
        let calculator = try AreaCalculator(crs: inputs.crs, method: options.areaMethod)
        var slivers = SliverFilter(minAreaM2: options.minAreaM2)
        let tree = try STRtree(context: context)
        for feature in inputs.forest.features { tree.insert(feature.geometry) }
        let permitsBySite = try permits(inputs, options: options, calculator: calculator)
        let sites = try inputs.occupied.merged(context: context)
        var results: [SiteCheck] = []
        var shapes: [SiteShapes] = []
        for site in sites {
            let (check, shape) = try self.check(site, permits: permitsBySite[site.id] ?? [], forest: tree, inputs: inputs,
                                                calculator: calculator, slivers: &slivers)
            results.append(check)
            shapes.append(shape)
        }
        var summary = summarise(results)
        summary.slivers = slivers.slivers
        let repaired = inputs.occupied.repaired + inputs.forest.repaired + inputs.permits.repaired
        let skipped = inputs.occupied.skipped + inputs.forest.skipped + inputs.permits.skipped
        summary.repaired = repaired.count
        summary.skipped = skipped.count
        let siteIDs = Set(sites.map(\.id))
        let unmatched = permitsBySite.keys.filter { !siteIDs.contains($0) }.sorted().flatMap { id in
            (permitsBySite[id] ?? []).map { "\($0.0.permitID) (site \(id))" }
        }
        var result = ForestResult(
            date: options.date, occupiedSource: inputs.occupied.label, forestSource: inputs.forest.label,
            permitsSource: inputs.permits.label, workingCRS: inputs.crs.label, classField: inputs.classField,
            minAreaM2: options.minAreaM2, sites: results, unmatchedPermits: unmatched, summary: summary,
            repaired: repaired, skipped: skipped)
        result.areaMethod = options.areaMethod
        result.transformations = inputs.transformations
        return ForestEvaluation(result: result, crs: inputs.crs, shapes: shapes)
    }

    /// Each permit with its polygon, by the site id it carries; expired when `valid_until` is
    /// before the date of the check.
    static func permits(_ inputs: ForestInputs, options: ForestOptions,
                        calculator: AreaCalculator) throws -> [String: [(PermitCheck, Geometry)]] {
        let validIndex = try inputs.permits.fieldIndex(inputs.validUntilField)
        let approvedField = inputs.permits.firstField(["approved_ha", "批准面积", "审核面积"])
        var permitsBySite: [String: [(PermitCheck, Geometry)]] = [:]
        for permit in inputs.permits.features {
            let validUntil = try ISODate.parse(permit.values[validIndex],
                                               what: "\(inputs.permits.describe(permit)) field '\(inputs.validUntilField)'")
            let check = PermitCheck(
                permitID: inputs.permits.value(permit, inputs.permitIDField)?.description ?? String(permit.fid),
                site: permit.id, validUntil: validUntil, expired: validUntil.map { $0 < options.date } ?? false,
                approvedHa: inputs.permits.value(permit, approvedField)?.doubleValue,
                area: try calculator.ellipsoidalArea(permit.geometry))
            permitsBySite[permit.id, default: []].append((check, permit.geometry))
        }
        return permitsBySite
    }

    /// The totals over the sites, and per forest-land class (sorted by class).
    static func summarise(_ sites: [SiteCheck]) -> ForestSummary {
        var summary = ForestSummary()
        var classTotals: [String: (Area, Area)] = [:]
        for check in sites {
            for item in check.byClass {
                let total = classTotals[item.forestClass] ?? (.zero, .zero)
                classTotals[item.forestClass] = (total.0 + item.occupiedForest, total.1 + item.overOccupied)
            }
            summary.sites += 1
            if check.overOccupied.m2 > 0 { summary.overOccupying += 1 }
            if !check.expiredPermits.isEmpty { summary.withExpiredPermits += 1 }
            summary.expiredPermits += check.expiredPermits.count
            summary.occupiedForest = summary.occupiedForest + check.occupiedForest
            summary.permitted = summary.permitted + check.permitted
            summary.overOccupied = summary.overOccupied + check.overOccupied
        }
        summary.byClass = classTotals.keys.sorted().map {
            ForestClassArea(forestClass: $0, occupiedForest: classTotals[$0]?.0 ?? .zero, overOccupied: classTotals[$0]?.1 ?? .zero)
        }
        return summary
    }

    /// One site: its occupied land against the forest land (by class) and its valid permits.
    static func check(_ site: MergedFeature, permits: [(PermitCheck, Geometry)], forest tree: STRtree, inputs: ForestInputs,
                      calculator: AreaCalculator, slivers: inout SliverFilter) throws -> (SiteCheck, SiteShapes) {
        let context = inputs.context
        var pieces: [(String, Geometry)] = []
        var touched: [(forestClass: String, geometry: Geometry)] = []
        for index in tree.query(site.geometry) {
            let forest = inputs.forest.features[index]
            guard try site.geometry.intersects(forest.geometry) else { continue }
            let piece = try site.geometry.intersection(forest.geometry).polygonalParts()
            if piece.isEmpty { continue }
            pieces.append((inputs.forest.value(forest, inputs.classField)?.description ?? "", piece))
            touched.append((pieces[pieces.count - 1].0, forest.geometry))
        }
        let occupiedForest = try context.unaryUnion(pieces.map(\.1)).polygonalParts()
        let valid = permits.filter { !$0.0.expired }.map(\.1)
        let permitted = try context.unaryUnion(valid).polygonalParts()
        let over = valid.isEmpty ? occupiedForest : try occupiedForest.difference(permitted).polygonalParts()
        var byClass: [ForestClassArea] = []
        if inputs.classField != nil {
            for name in Array(Set(pieces.map(\.0))).sorted() {
                let union = try context.unaryUnion(pieces.filter { $0.0 == name }.map(\.1)).polygonalParts()
                let classOver = valid.isEmpty ? union : try union.difference(permitted).polygonalParts()
                byClass.append(ForestClassArea(forestClass: name, occupiedForest: slivers.finding(try calculator.ellipsoidalArea(union)),
                                               overOccupied: slivers.finding(try calculator.ellipsoidalArea(classOver))))
            }
        }
        let occupied = try calculator.ellipsoidalArea(site.geometry)
        let forestArea = slivers.finding(try calculator.ellipsoidalArea(occupiedForest))
        let check = SiteCheck(
            id: site.id, name: inputs.occupied.value(site.parts[0], inputs.nameField)?.description,
            occupied: occupied, occupiedForest: forestArea, occupiedNonForest: Area(m2: max(0, occupied.m2 - forestArea.m2)),
            permitted: try calculator.ellipsoidalArea(permitted),
            overOccupied: slivers.finding(try calculator.ellipsoidalArea(over)),
            permits: permits.map(\.0), byClass: byClass)
        let shapes = SiteShapes(occupied: site.geometry, occupiedForest: occupiedForest,
                                overOccupied: check.overOccupied.m2 > 0 ? over : try context.emptyPolygon(), permitted: permitted,
                                forestLand: touched, permits: permits.map(\.1))
        return (check, shapes)
    }

}
