import Foundation

/// Opens a source and loads it into `target` (nil: the source's working CRS), for the
/// monitoring commands, with `datum`'s parameters applied (`--towgs84`). Returns the layer, the
/// CRS it is in, and the datum transformation it went through.
func loadMonitorLayer(_ source: String, context: GEOSContext, target: SpatialReference?, idField: String?,
                      assumeCRS: String?, datum: inout DatumShifts) throws -> (LoadedLayer, SpatialReference, TransformationInfo) {
    let opened = try datum.apply(nil, to: try SourceLayer.open(SourceSpec(source), assumeCRS: assumeCRS))
    let crs = try target ?? WorkingCRS.of(opened)
    let info = try CoordinateTransform.describe(opened.crs, to: crs, source: opened.label)
    return (try FeatureLoader.load(opened, context: context, target: crs, idField: idField), crs, info)
}

/// A date field's values, checked: the field must exist, and every value must be a date.
func dateField(_ layer: LoadedLayer, _ name: String, what: String) throws -> Int {
    guard let index = layer.optionalFieldIndex(name) else {
        throw InputError("\(layer.label): no date field '\(name)' for \(what) (fields: \(layer.fields.map(\.name).joined(separator: ", ")))")
    }
    return index
}

/// The inputs of `geocheck boundary`, read and transformed into the licences' working CRS.
public struct BoundaryInputs {
    public let context: GEOSContext
    public let crs: SpatialReference
    public let licences: LoadedLayer
    public let footprint: LoadedLayer
    public var nameField: String?
    public var blockField: String?
    public var topField: String?
    public var bottomField: String?
    public var patchField: String?
    public var elevMinField: String?
    public var elevMaxField: String?
    /// Footprint `date` values (ISO), when the layer has a date field.
    public var footprintDates: Set<String>
    /// Per source, the datum transformation into the working CRS.
    public var transformations: [TransformationInfo] = []

    public static func load(licensed: String, footprint: String, idField: String?, nameField: String? = nil,
                            patchField: String? = nil, assumeCRS: String? = nil, towgs84: [Double]? = nil,
                            context: GEOSContext) throws -> BoundaryInputs {
        var datum = DatumShifts(common: towgs84)
        let (licences, crs, licenceInfo) = try loadMonitorLayer(licensed, context: context, target: nil, idField: idField, assumeCRS: assumeCRS, datum: &datum)
        let (footprintLayer, _, footprintInfo) = try loadMonitorLayer(footprint, context: context, target: crs, idField: idField, assumeCRS: assumeCRS, datum: &datum)
        try datum.checkUsed()
        if let nameField { _ = try licences.fieldIndex(nameField) }
        if let patchField { _ = try footprintLayer.fieldIndex(patchField) }
        var dates = Set<String>()
        if let dateName = footprintLayer.firstField(["date", "日期", "check_date"]), let index = footprintLayer.optionalFieldIndex(dateName) {
            for feature in footprintLayer.features {
                if let date = try ISODate.parse(feature.values[index], what: "\(footprintLayer.describe(feature)) field '\(dateName)'") {
                    dates.insert(date)
                }
            }
        }
        return BoundaryInputs(
            context: context, crs: crs, licences: licences, footprint: footprintLayer,
            nameField: nameField ?? licences.firstField(["name", "名称", "矿山名称", "矿权名称"]),
            blockField: licences.firstField(["block", "地块编号", "块段", "block_no"]),
            topField: licences.firstField(["top", "标高上限", "开采上限"]),
            bottomField: licences.firstField(["bottom", "标高下限", "开采下限"]),
            patchField: patchField ?? footprintLayer.firstField(["采场", "patch", "patch_no", "name", "名称"]),
            elevMinField: footprintLayer.firstField(["elev_min", "最低标高"]),
            elevMaxField: footprintLayer.firstField(["elev_max", "最高标高"]),
            footprintDates: dates, transformations: [licenceInfo, footprintInfo])
    }
}

/// The inputs of `geocheck forest`, in the occupied sites' working CRS.
public struct ForestInputs {
    public let context: GEOSContext
    public let crs: SpatialReference
    public let occupied: LoadedLayer
    public let forest: LoadedLayer
    public let permits: LoadedLayer
    public var nameField: String?
    public var classField: String?
    public var permitIDField: String?
    public var validUntilField: String
    /// Per source, the datum transformation into the working CRS.
    public var transformations: [TransformationInfo] = []

    public static func load(occupied: String, forest: String, permits: String, idField: String?, permitIDField: String?,
                            classField: String?, validUntilField: String = "valid_until", forestIDField: String? = nil,
                            assumeCRS: String? = nil, towgs84: [Double]? = nil, context: GEOSContext) throws -> ForestInputs {
        var datum = DatumShifts(common: towgs84)
        let (sites, crs, siteInfo) = try loadMonitorLayer(occupied, context: context, target: nil, idField: idField, assumeCRS: assumeCRS, datum: &datum)
        let (forestLayer, _, forestInfo) = try loadMonitorLayer(forest, context: context, target: crs, idField: forestIDField, assumeCRS: assumeCRS, datum: &datum)
        // Permits carry the site id in --id-field; their own id is --permit-id-field.
        let (permitLayer, _, permitInfo) = try loadMonitorLayer(permits, context: context, target: crs, idField: idField, assumeCRS: assumeCRS, datum: &datum)
        try datum.checkUsed()
        if let permitIDField { _ = try permitLayer.fieldIndex(permitIDField) }
        if let classField { _ = try forestLayer.fieldIndex(classField) }
        _ = try dateField(permitLayer, validUntilField, what: "permit expiry (--valid-until-field)")
        for permit in permitLayer.features {
            _ = try ISODate.parse(permit.values[try permitLayer.fieldIndex(validUntilField)],
                                  what: "\(permitLayer.describe(permit)) field '\(validUntilField)'")
        }
        return ForestInputs(
            context: context, crs: crs, occupied: sites, forest: forestLayer, permits: permitLayer,
            nameField: sites.firstField(["name", "名称", "项目名称"]),
            classField: classField ?? forestLayer.firstField(["地类"]),
            permitIDField: permitIDField ?? permitLayer.firstField(FeatureLoader.permitIDFields),
            validUntilField: validUntilField, transformations: [siteInfo, forestInfo, permitInfo])
    }
}

/// The inputs of `geocheck reclaim`, in the tasks' working CRS.
public struct ReclaimInputs {
    public let context: GEOSContext
    public let crs: SpatialReference
    public let tasks: LoadedLayer
    public let patches: LoadedLayer
    public var nameField: String?
    public var plannedField: String?
    public var deadlineField: String?
    public var dateField: String
    public var patchField: String?
    /// Per source, the datum transformation into the working CRS.
    public var transformations: [TransformationInfo] = []

    public static func load(plan: String, done: String, idField: String?, dateField: String = "date",
                            assumeCRS: String? = nil, towgs84: [Double]? = nil, context: GEOSContext) throws -> ReclaimInputs {
        var datum = DatumShifts(common: towgs84)
        let (tasks, crs, taskInfo) = try loadMonitorLayer(plan, context: context, target: nil, idField: idField, assumeCRS: assumeCRS, datum: &datum)
        let (patches, _, patchInfo) = try loadMonitorLayer(done, context: context, target: crs, idField: idField, assumeCRS: assumeCRS, datum: &datum)
        try datum.checkUsed()
        let dateIndex = try GeoCheck.dateField(patches, dateField, what: "the date each patch was reclaimed (--date-field)")
        for patch in patches.features {
            guard try ISODate.parse(patch.values[dateIndex], what: "\(patches.describe(patch)) field '\(dateField)'") != nil else {
                throw InputError("\(patches.describe(patch)): field '\(dateField)' is empty (every reclaimed patch needs a date)")
            }
        }
        let deadlineField = tasks.firstField(["deadline", "完成期限", "期限"])
        if let deadlineField {
            for task in tasks.features {
                _ = try ISODate.parse(task.values[try tasks.fieldIndex(deadlineField)], what: "\(tasks.describe(task)) field '\(deadlineField)'")
            }
        }
        return ReclaimInputs(
            context: context, crs: crs, tasks: tasks, patches: patches,
            nameField: tasks.firstField(["name", "名称", "任务名称"]),
            plannedField: tasks.firstField(["planned_mu", "计划亩数"]),
            deadlineField: deadlineField, dateField: dateField,
            patchField: patches.firstField(["patch_no", "patch", "图斑编号"]), transformations: [taskInfo, patchInfo])
    }
}
