import Foundation

/// A self-contained report page rendered from the `page` template: the style sheet and script
/// (Resources/report) inlined, inline SVG, and the rows of every table as one JSON block that the
/// script shows in sortable pages of 100. No network, no external file.
///
/// Figures that come from the JSON carry `data-json="path.to.key"` (dot-separated, array
/// indices as numbers) and `data-value` (the JSON's number), so tests and users can check the
/// page against the JSON; table cells get them when the script draws them.
public struct ReportPage {
    struct Section {
        var heading: String?
        var id: String?
        var keep: Bool
        var content: [ReportElement]
    }

    public var title: String
    public var strings: Strings
    public var subtitle: String?
    var sections: [Section] = []
    var tables = ReportTables()

    public init(title: String, strings: Strings, subtitle: String? = nil) {
        self.title = title
        self.strings = strings
        self.subtitle = subtitle
    }

    /// Adds a section; `keepTogether` sections do not break across printed pages.
    public mutating func section(_ heading: String?, id: String? = nil, keepTogether: Bool = false, _ content: [ReportElement]) {
        sections.append(Section(heading: heading, id: id, keep: keepTogether, content: content))
    }

    /// A sortable, paged table of `table`'s rows. `rowPath(i)` gives the JSON object of row i
    /// (e.g. "rights.3"), and the columns in `jsonKeys` (column name → key in that object) carry
    /// `data-json`. Numbers keep their exact value in `data-value` and show `places` decimals
    /// (default 2; `plain` columns, such as coordinates, without thousands separators).
    public mutating func table(_ table: Table, rowPath: ((Int) -> String)? = nil, jsonKeys: [String: String] = [:],
                               places: [String: Int] = [:], badges: Set<String> = [], plain: Set<String> = []) -> ReportElement {
        let id = tables.add(table, rowPath: rowPath, jsonKeys: jsonKeys, places: places, badges: badges, plain: plain)
        return .table(id: id, name: table.name, columns: table.columns.map { ($0.name, strings.column($0.name)) })
    }

    public func render(generated: Date = Date()) throws -> String {
        let templates = try Templates.reports()
        let stamp = ISO8601DateFormatter.string(from: generated, timeZone: .current, formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime])
        let context: [String: Any] = [
            "lang": strings.language.htmlCode, "title": title, "hasSubtitle": subtitle != nil, "subtitle": subtitle ?? "",
            "generatedLabel": strings["generated"], "generated": stamp,
            "css": try templates.text("report.css"), "script": try templates.text("report.js"), "tables": tables.json(),
            "sections": sections.map { section -> [String: Any] in
                ["hasID": section.id != nil, "id": section.id ?? "", "keep": section.keep, "hasHeading": section.heading != nil,
                 "heading": section.heading ?? "", "items": section.content.map(\.context)]
            },
        ]
        return try templates.render("page", context) + "\n"
    }
}

extension HTML {
    /// A number with thousands separators and `places` decimals: 12,345.68.
    public static func number(_ value: Double, _ places: Int = 2) -> String {
        guard value.isFinite else { return "–" }
        let text = formatNumber(abs(value), places)
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = ""
        for (index, character) in parts[0].reversed().enumerated() {
            if index > 0 && index % 3 == 0 { whole.append(",") }
            whole.append(character)
        }
        var result = String(whole.reversed())
        if parts.count > 1 { result += "." + parts[1] }
        return (value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "") + result
    }
}

extension Strings {
    /// A table column's header in the report's language ("area_mu" → "面积（亩）").
    public func column(_ name: String) -> String {
        if let pair = Strings.columns[name] { return language == .zh ? pair.zh : pair.en }
        return name
    }

    static let columns: [String: (zh: String, en: String)] = [
        "id": ("编号", "ID"), "name": ("名称", "Name"), "verdict": ("结论", "Verdict"),
        "area_m2": ("面积（m²）", "Area (m²)"), "area_mu": ("面积（亩）", "Area (mu)"), "area_ha": ("面积（公顷）", "Area (ha)"),
        "overlaps": ("重叠数", "Overlaps"), "overlap_mu": ("重叠（亩）", "Overlap (mu)"),
        "retained_area_m2": ("保留（m²）", "Retained (m²)"), "retained_area_mu": ("保留（亩）", "Retained (mu)"),
        "retained_area_ha": ("保留（公顷）", "Retained (ha)"), "layers": ("涉及图层", "Layers"), "near": ("邻近", "Near"),
        "right_id": ("矿权编号", "Right ID"), "right_name": ("矿权名称", "Right name"), "layer": ("图层", "Layer"),
        "feature_id": ("要素编号", "Feature ID"), "feature_name": ("要素名称", "Feature name"), "class": ("功能区/级别", "Class"),
        "severity": ("严重程度", "Severity"), "share": ("占比", "Share"), "right_area_mu": ("矿权面积（亩）", "Right (mu)"),
        "distance_m": ("距离（米）", "Distance (m)"), "block": ("地块", "Block"), "points": ("点数", "Points"),
        "rings": ("环数", "Rings"), "planar_area_m2": ("平面面积（m²）", "Planar (m²)"), "planar_area_mu": ("平面面积（亩）", "Planar (mu)"),
        "planar_area_ha": ("平面面积（公顷）", "Planar (ha)"), "top": ("标高上限（米）", "Top (m)"), "bottom": ("标高下限（米）", "Bottom (m)"),
        "date": ("日期", "Date"), "blocks": ("地块数", "Blocks"), "patches": ("图斑数", "Patches"),
        "licensed_area_m2": ("许可面积（m²）", "Licensed (m²)"), "licensed_area_mu": ("许可面积（亩）", "Licensed (mu)"),
        "licensed_area_ha": ("许可面积（公顷）", "Licensed (ha)"), "footprint_area_m2": ("开采范围（m²）", "Footprint (m²)"),
        "footprint_area_mu": ("开采范围（亩）", "Footprint (mu)"), "footprint_area_ha": ("开采范围（公顷）", "Footprint (ha)"),
        "outside_m2": ("越界（m²）", "Outside (m²)"), "outside_mu": ("越界（亩）", "Outside (mu)"), "outside_ha": ("越界（公顷）", "Outside (ha)"),
        "new_outside_m2": ("新增越界（m²）", "New outside (m²)"), "new_outside_mu": ("新增越界（亩）", "New outside (mu)"),
        "new_outside_ha": ("新增越界（公顷）", "New outside (ha)"), "previous_check": ("上次核查", "Previous check"),
        "below_bottom_patches": ("低于下限采场", "Below bottom"), "above_top_patches": ("高于上限采场", "Above top"),
        "unmatched": ("无许可证", "No licence"), "patch": ("采场", "Patch"), "kind": ("类型", "Kind"),
        "elevation": ("标高（米）", "Elevation (m)"), "limit": ("许可标高（米）", "Limit (m)"), "mine": ("矿山编号", "Mine"),
        "elevation_oversteps": ("超层数", "Elevation cases"), "run_id": ("运行编号", "Run"), "recorded_at": ("记录时间", "Recorded"),
        "site": ("项目", "Site"), "occupied_m2": ("占用（m²）", "Occupied (m²)"), "occupied_mu": ("占用（亩）", "Occupied (mu)"),
        "occupied_ha": ("占用（公顷）", "Occupied (ha)"), "occupied_forest_m2": ("占用林地（m²）", "Forest occupied (m²)"),
        "occupied_forest_mu": ("占用林地（亩）", "Forest occupied (mu)"), "occupied_forest_ha": ("占用林地（公顷）", "Forest occupied (ha)"),
        "permitted_m2": ("批准（m²）", "Approved (m²)"), "permitted_mu": ("批准（亩）", "Approved (mu)"), "permitted_ha": ("批准（公顷）", "Approved (ha)"),
        "over_occupied_m2": ("超占（m²）", "Over-occupied (m²)"), "over_occupied_mu": ("超占（亩）", "Over-occupied (mu)"),
        "over_occupied_ha": ("超占（公顷）", "Over-occupied (ha)"), "valid_permits": ("有效批文", "Valid permits"),
        "expired_permits": ("过期批文", "Expired permits"), "permit_id": ("批文编号", "Permit"), "valid_until": ("有效期至", "Valid until"),
        "expired": ("已过期", "Expired"), "approved_ha": ("批准面积（公顷）", "Approved (ha)"),
        "as_of": ("截至", "As of"), "planned_mu": ("计划（亩）", "Planned (mu)"), "planned_from": ("计划来源", "Planned from"),
        "done_m2": ("已完成（m²）", "Done (m²)"), "done_mu": ("已完成（亩）", "Done (mu)"), "done_ha": ("已完成（公顷）", "Done (ha)"),
        "remaining_mu": ("剩余（亩）", "Remaining (mu)"), "share_done": ("完成比例", "Share done"), "deadline": ("期限", "Deadline"),
        "status": ("状态", "Status"), "task": ("任务", "Task"), "month": ("月份", "Month"), "cumulative_mu": ("累计（亩）", "Cumulative (mu)"),
        "cumulative_share": ("累计比例", "Cumulative share"),
        "point": ("点号", "Point"), "ring": ("环", "Ring"), "x": ("X（北坐标）", "X (northing)"), "y": ("Y（东坐标）", "Y (easting)"),
    ]
}
