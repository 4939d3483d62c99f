import Foundation

/// The language of reports: `--lang zh|en`, else from the environment's `LANG`
/// (Chinese when it starts with `zh`, else English).
public enum Language: String, Sendable, CaseIterable, Codable {
    case zh, en

    /// `explicit` (from `--lang`) wins; otherwise `LANG` (then `LC_ALL`, `LC_MESSAGES`) decides.
    public static func resolve(_ explicit: Language?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        if let explicit { return explicit }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .zh : .en
            }
        }
        return .en
    }

    /// The `lang` attribute of the HTML page.
    public var htmlCode: String { self == .zh ? "zh-CN" : "en" }
}

/// Report strings in Chinese and English. Keys are the English text's identifiers; a key with
/// no entry is shown as itself (so a missing translation is visible, never a crash).
public struct Strings: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    public subscript(_ key: String) -> String {
        guard let pair = Strings.table[key] else { return key }
        return language == .zh ? pair.zh : pair.en
    }

    /// `self["key"]` with `{0}`, `{1}`… replaced by `arguments`.
    public func format(_ key: String, _ arguments: CustomStringConvertible...) -> String {
        var text = self[key]
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument.description)
        }
        return text
    }

    static let table: [String: (zh: String, en: String)] = [
        // Page and common
        "generated": ("生成于", "Generated"),
        "reports": ("报告", "Reports"),
        "summary": ("概要", "Summary"),
        "overview_map": ("总览图", "Overview map"),
        "maps": ("图件", "Maps"),
        "tables": ("数据表", "Tables"),
        "legend": ("图例", "Legend"),
        "crs": ("坐标系", "CRS"),
        "north": ("北", "N"),
        "total": ("合计", "Total"),
        "area": ("面积", "Area"),
        "mu": ("亩", "mu"),
        "ha": ("公顷", "ha"),
        "m2": ("平方米", "m²"),
        "id": ("编号", "ID"),
        "name": ("名称", "Name"),
        "status": ("状态", "Status"),
        "sort_hint": ("点击表头排序；每页 100 行", "Click a column header to sort; 100 rows a page"),
        "more_flagged": ("另有 {0} 个需处理的矿权未单独制图，见下表。", "{0} more rights to act on have no map of their own; see the tables below."),
        "overview_aggregated": ("矿权较多：总览图按结论分类绘制，小于两个像素的矿权画为点。", "Many rights: the overview draws them by verdict, those under two pixels across as dots."),
        "no_findings": ("无需处理的问题。", "Nothing to act on."),
        "source": ("数据源", "Source"),
        "count": ("数量", "Count"),
        "distance_m": ("距离（米）", "Distance (m)"),
        "print_note": ("每幅图单独成页打印（A4）。", "Prints one map per A4 section."),
        // Screen
        "screen_title": ("矿权与禁止/限制区重叠审查", "Screening of mining rights against protected land"),
        "rights": ("矿权", "Rights"),
        "overlapping": ("涉及重叠", "Overlapping"),
        "prohibited": ("禁止", "Prohibited"),
        "restricted": ("限制", "Restricted"),
        "near": ("邻近", "Near"),
        "clear": ("无冲突", "Clear"),
        "verdict": ("结论", "Verdict"),
        "overlaps": ("重叠", "Overlaps"),
        "overlap_area": ("重叠面积", "Overlap area"),
        "right_area": ("矿权面积", "Right area"),
        "retained_area": ("缩减后保留面积", "Retained area"),
        "retained": ("缩减后保留范围", "Retained boundary"),
        "retained_corners": ("缩减后保留范围拐点坐标", "Corner coordinates of the retained boundary"),
        "layer": ("图层", "Layer"),
        "feature": ("要素", "Feature"),
        "class": ("功能区/级别", "Class"),
        "severity": ("严重程度", "Severity"),
        "share": ("占比", "Share"),
        "right_outline": ("矿权范围", "Right outline"),
        "overlap_fill": ("重叠区", "Overlap"),
        "zone_prohibited": ("禁止区", "Prohibited zone"),
        "zone_restricted": ("限制区", "Restricted zone"),
        "slivers": ("碎片（低于阈值）", "Slivers (below threshold)"),
        "flagged_rights": ("需处理的矿权", "Rights to act on"),
        "near_features": ("邻近要素", "Features nearby"),
        "point": ("点号", "Point"),
        "block": ("地块", "Block"),
        "ring": ("环", "Ring"),
        "x_northing": ("X（北坐标）", "X (northing)"),
        "y_easting": ("Y（东坐标）", "Y (easting)"),
        "remedy_shrink": ("建议：缩减矿权范围，退出禁止区", "Remedy: shrink the right out of the prohibited zone"),
        "remedy_exit": ("建议：整体位于禁止区，避让退出或注销", "Remedy: wholly inside a prohibited zone — exit or cancel"),
        "remedy_restricted": ("限制区：按管控要求办理", "Restricted zone: act under the zone's conditions"),
        "remedy_near": ("邻近保护区，注意边界", "Close to a protected zone: mind the boundary"),
        // Coords
        "coords_title": ("拐点坐标", "Corner coordinates"),
        "blocks": ("地块", "Blocks"),
        "points": ("点数", "Points"),
        "planar_area": ("平面面积", "Planar area"),
        "ellipsoidal_area": ("椭球面积", "Ellipsoidal area"),
        "elevation": ("开采标高（米）", "Elevation range (m)"),
        "zone": ("带号", "Zone"),
        "datum": ("坐标系统", "Datum"),
        // Boundary
        "boundary_title": ("越界开采核查", "Overstep check (mining outside the licence)"),
        "licensed": ("采矿许可证范围", "Licensed boundary"),
        "footprint": ("开采范围", "Mined footprint"),
        "mines": ("矿山", "Mines"),
        "overstepping": ("越界开采", "Outside the licence"),
        "elevation_cases": ("超层越界", "Outside the elevation range"),
        "flagged_mines": ("越界矿山", "Mines outside their licence"),
        "check_date": ("核查日期", "Check date"),
        "ledger": ("台账", "Ledger"),
        "unchecked_licences": ("本次无开采范围的矿权", "Licences with no footprint in this check"),
        "licensed_area": ("许可面积", "Licensed area"),
        "footprint_area": ("开采范围面积", "Footprint area"),
        "patches": ("图斑", "Patches"),
        "patch": ("采场", "Patch"),
        "since": ("自", "since"),
        "below_bottom": ("低于开采标高下限", "Below the licensed bottom"),
        "above_top": ("高于开采标高上限", "Above the licensed top"),
        "elevation_fact": ("采场 {0}（地块 {1}）", "Patch {0} (block {1})"),
        "elev_min": ("最低标高", "lowest"),
        "elev_max": ("最高标高", "highest"),
        "licensed_bottom": ("许可下限", "licensed bottom"),
        "licensed_top": ("许可上限", "licensed top"),
        "remedy_overstep": ("整改：越界区域立即停止开采，并复绿", "Remedy: stop mining the area outside the licence and re-vegetate it"),
        "history": ("越界历史", "Overstep history"),
        "history_caption": ("各次核查的越界面积与新增越界面积（亩），来自台账", "Outside and new outside area (mu) per recorded check, from the ledger"),
        // Forest
        "forest_title": ("林地占用核查", "Forest-land occupation check"),
        "sites": ("项目", "Sites"),
        "occupied": ("占用范围", "Occupied land"),
        "forest_land": ("林地", "Forest land"),
        "permits": ("使用林地审核同意书", "Forest-land permits"),
        "occupied_forest": ("占用林地", "Forest land occupied"),
        "permitted": ("有效批准面积", "Approved (valid permits)"),
        "over_occupying": ("超占林地", "Over-occupying"),
        "over_occupied": ("超占林地面积", "Over-occupied"),
        "with_expired": ("批文过期", "With an expired permit"),
        "expired_permit": ("批文已过期", "Expired permit"),
        "valid_permit": ("有效批文范围", "Valid permit"),
        "expired": ("已过期", "expired"),
        "valid": ("有效", "valid"),
        "valid_until": ("有效期至", "valid until"),
        "approved": ("批准", "approved"),
        "permit_area": ("批文范围面积", "permit polygon"),
        "by_class": ("按地类", "By forest-land class"),
        "unmatched_permits": ("未匹配项目的批文", "Permits matching no site"),
        "remedy_expired": ("整改：办理批文延续；过期批文不计入批准面积", "Remedy: renew the permit — an expired permit authorises nothing"),
        "remedy_over": ("整改：超占部分补办用地手续或退还复绿", "Remedy: obtain approval for the over-occupied land or return and re-vegetate it"),
        // Reclaim
        "reclaim_title": ("矿山复垦进度", "Reclamation progress"),
        "as_of": ("截至", "as of"),
        "plan": ("复垦任务", "Plan"),
        "tasks": ("复垦任务", "Tasks"),
        "task_area": ("任务范围", "Task area"),
        "status_done": ("已完成", "Done"),
        "status_on_track": ("进行中", "On track"),
        "status_overdue": ("已逾期", "Overdue"),
        "done_by_month": ("逐月复垦面积", "Reclaimed by month"),
        "cumulative_done": ("累计复垦", "Reclaimed to date"),
        "deadline": ("期限", "Deadline"),
        "after_as_of": ("截止日之后", "after the as-of date"),
        "planned_from_polygon": ("按任务图斑面积", "from the task polygon"),
        // Charts
        "done": ("已完成", "Done"),
        "planned": ("计划", "Planned"),
        "remaining": ("剩余", "Remaining"),
        "month": ("月份", "Month"),
        "date": ("日期", "Date"),
        "outside": ("越界面积", "Outside"),
        "new_outside": ("新增越界", "New outside"),
    ]
}

extension Verdict {
    /// The verdict in the report's language.
    public func label(_ strings: Strings) -> String { strings[rawValue] }
}

extension Severity {
    public func label(_ strings: Strings) -> String { strings[rawValue] }
}
