import Foundation

/// Settings of a boundary check.
public struct BoundaryOptions: Sendable {
    /// The date of the check (ISO).
    public var date: String
    /// Areas below this are numerical slivers.
    public var minAreaM2 = 0.01
    /// How ellipsoidal areas are computed (`--area-method`).
    public var areaMethod = AreaMethod.geodesic
    /// `--unmatched outside`: a footprint whose id matches no licence counts wholly outside
    /// (otherwise it is an error).
    public var unmatchedOutside = false

    public init(date: String) { self.date = date }
}

/// `geocheck boundary`: the mined footprint against the licensed boundary (越界开采) and the
/// licensed elevation range per block (超层).
///
/// Licence features and footprint features with one id are one mine (blocks, patches). For each
/// mine with a footprint: outside = ⋃footprint − ⋃licence; per patch and licence block that it
/// overlaps, `elev_min` below the block's bottom or `elev_max` above its top is an elevation
/// overstep. `applyPrevious` then gives `new_outside` from the previous recorded outside.
public enum Boundary {
    public static func evaluate(_ inputs: BoundaryInputs, options: BoundaryOptions) throws -> BoundaryEvaluation {
        let context = inputs.context
        let calculator = try AreaCalculator(crs: inputs.crs, method: options.areaMethod)
        let licences = try inputs.licences.merged(context: context)
        let byID = Dictionary(licences.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let footprints = try inputs.footprint.merged(context: context)
        var slivers = SliverFilter(minAreaM2: options.minAreaM2)
        var mines: [MineCheck] = []
        var shapes: [MineShapes] = []
        for footprint in footprints {
            let licence = byID[footprint.id]
            if licence == nil && !options.unmatchedOutside {
                let first = footprint.parts[0]
                throw InputError("\(inputs.footprint.describe(first)): id '\(footprint.id)' matches no licence in \(inputs.licences.label) (use --unmatched outside to count it wholly outside)")
            }
            let (mine, shape) = try check(footprint, licence, inputs: inputs, calculator: calculator, slivers: &slivers)
            mines.append(mine)
            shapes.append(shape)
        }
        let checked = Set(footprints.map(\.id))
        var summary = BoundarySummary()
        summary.slivers = slivers.slivers
        summary.repaired = inputs.licences.repaired.count + inputs.footprint.repaired.count
        summary.skipped = inputs.licences.skipped.count + inputs.footprint.skipped.count
        var result = BoundaryResult(
            date: options.date, licensedSource: inputs.licences.label, footprintSource: inputs.footprint.label,
            workingCRS: inputs.crs.label, minAreaM2: options.minAreaM2, mines: mines,
            uncheckedLicences: licences.map(\.id).filter { !checked.contains($0) }, summary: summary,
            ledger: nil, runID: nil, repaired: inputs.licences.repaired + inputs.footprint.repaired,
            skipped: inputs.licences.skipped + inputs.footprint.skipped)
        result.areaMethod = options.areaMethod
        result.transformations = inputs.transformations
        var evaluation = BoundaryEvaluation(result: result, crs: inputs.crs, context: context, shapes: shapes, calculator: calculator)
        try applyPrevious(&evaluation, previous: [:])
        return evaluation
    }

    /// One mine: its footprint against its licence (nil: counted wholly outside), with its shapes.
    static func check(_ footprint: MergedFeature, _ licence: MergedFeature?, inputs: BoundaryInputs, calculator: AreaCalculator,
                      slivers: inout SliverFilter) throws -> (MineCheck, MineShapes) {
        let context = inputs.context
        let outside = try licence.map { try footprint.geometry.difference($0.geometry).polygonalParts() } ?? footprint.geometry
        let outsideArea = slivers.finding(try calculator.ellipsoidalArea(outside))
        let licensedArea = try licence.map { try calculator.ellipsoidalArea($0.geometry) } ?? .zero
        var mine = MineCheck(
            id: footprint.id, name: licence.flatMap { l in inputs.licences.value(l.parts[0], inputs.nameField)?.description },
            blocks: licence?.parts.count ?? 0, patches: footprint.parts.count,
            licensed: licensedArea, footprint: try calculator.ellipsoidalArea(footprint.geometry),
            outside: outsideArea, newOutside: outsideArea, previousCheck: nil, elevationOversteps: [],
            unmatched: licence == nil)
        if let licence {
            let tops = licence.parts.compactMap { inputs.licences.value($0, inputs.topField)?.doubleValue }
            let bottoms = licence.parts.compactMap { inputs.licences.value($0, inputs.bottomField)?.doubleValue }
            mine.licensedTop = tops.max()
            mine.licensedBottom = bottoms.min()
            mine.elevationOversteps = try elevationOversteps(footprint, licence, inputs: inputs, calculator: calculator,
                                                             slivers: &slivers)
        }
        let mins = footprint.parts.compactMap { inputs.footprint.value($0, inputs.elevMinField)?.doubleValue }
        let maxs = footprint.parts.compactMap { inputs.footprint.value($0, inputs.elevMaxField)?.doubleValue }
        mine.footprintElevMin = mins.min()
        mine.footprintElevMax = maxs.max()
        let kept = outsideArea.m2 > 0 ? outside : try context.emptyPolygon()
        let shapes = MineShapes(
            licence: try licence?.geometry ?? context.emptyPolygon(), footprint: footprint.geometry, outside: kept, newOutside: kept,
            licenceBlocks: (licence?.parts ?? []).enumerated().map { index, block in
                (inputs.licences.value(block, inputs.blockField)?.description ?? String(index + 1), block.geometry)
            },
            footprintPatches: footprint.parts.enumerated().map { index, patch in
                (inputs.footprint.value(patch, inputs.patchField)?.description ?? String(index + 1), patch.geometry)
            })
        return (mine, shapes)
    }

    /// Patches mined outside the elevation range of a licence block they overlap.
    static func elevationOversteps(_ footprint: MergedFeature, _ licence: MergedFeature, inputs: BoundaryInputs,
                                   calculator: AreaCalculator, slivers: inout SliverFilter) throws -> [ElevationOverstep] {
        guard inputs.elevMinField != nil || inputs.elevMaxField != nil else { return [] }
        var found: [ElevationOverstep] = []
        for (blockIndex, block) in licence.parts.enumerated() {
            let top = inputs.licences.value(block, inputs.topField)?.doubleValue
            let bottom = inputs.licences.value(block, inputs.bottomField)?.doubleValue
            if top == nil && bottom == nil { continue }
            let blockName = inputs.licences.value(block, inputs.blockField)?.description ?? String(blockIndex + 1)
            for (patchIndex, patch) in footprint.parts.enumerated() {
                let low = inputs.footprint.value(patch, inputs.elevMinField)?.doubleValue
                let high = inputs.footprint.value(patch, inputs.elevMaxField)?.doubleValue
                let below = low.flatMap { low in bottom.map { low < $0 } } ?? false
                let above = high.flatMap { high in top.map { high > $0 } } ?? false
                guard below || above, try patch.geometry.intersects(block.geometry) else { continue }
                let area = slivers.finding(try calculator.ellipsoidalArea(try patch.geometry.intersection(block.geometry)))
                guard area.m2 > 0 else { continue }
                let patchName = inputs.footprint.value(patch, inputs.patchField)?.description ?? String(patchIndex + 1)
                if below, let low, let bottom {
                    found.append(ElevationOverstep(patch: patchName, block: blockName, kind: .belowBottom, elevation: low,
                                                   limit: bottom, area: area))
                }
                if above, let high, let top {
                    found.append(ElevationOverstep(patch: patchName, block: blockName, kind: .aboveTop, elevation: high,
                                                   limit: top, area: area))
                }
            }
        }
        return found
    }

    /// Sets `new_outside` of every mine: its outside minus `previous[mine]` (the outside of the
    /// mine's previous recorded check, in the same CRS); the whole outside when there is none.
    /// Also sets `previousCheck` from `previousDates` and recomputes the summary.
    public static func applyPrevious(_ evaluation: inout BoundaryEvaluation, previous: [String: Geometry],
                                     previousDates: [String: String] = [:]) throws {
        var slivers = SliverFilter(minAreaM2: evaluation.result.minAreaM2)
        var summary = evaluation.result.summary
        summary.mines = 0
        summary.overstepping = 0
        summary.elevationOverstepping = 0
        summary.outside = .zero
        summary.newOutside = .zero
        for index in evaluation.result.mines.indices {
            let id = evaluation.result.mines[index].id
            let outside = evaluation.shapes[index].outside
            var fresh = outside
            if let before = previous[id], !before.isEmpty, !outside.isEmpty {
                fresh = try outside.difference(try before.moved(to: evaluation.context)).polygonalParts()
            }
            let area = slivers.finding(try evaluation.calculator.ellipsoidalArea(fresh))
            evaluation.shapes[index].newOutside = area.m2 > 0 ? fresh : try evaluation.context.emptyPolygon()
            evaluation.result.mines[index].newOutside = area
            evaluation.result.mines[index].previousCheck = previousDates[id]
            let mine = evaluation.result.mines[index]
            summary.mines += 1
            if mine.oversteps { summary.overstepping += 1 }
            if mine.overstepsElevation { summary.elevationOverstepping += 1 }
            summary.outside = summary.outside + mine.outside
            summary.newOutside = summary.newOutside + area
        }
        // Slivers of the overlay itself were counted in evaluate; add those of the difference.
        summary.slivers = evaluation.result.summary.slivers - evaluation.lastNewOutsideSlivers + slivers.slivers
        evaluation.lastNewOutsideSlivers = slivers.slivers
        evaluation.result.summary = summary
    }
}
