import Foundation

/// Column headers and enumerated values of the result tables (CSV, XLSX) in the report
/// language. English keeps the column keys and values as they are (the stable contract);
/// Chinese translates both. One table for every command, so every format says the same.
public enum TableVocabulary {
    /// The header of column `key`.
    public static func header(_ key: String, _ language: Language) -> String {
        language == .zh ? headers[key] ?? key : key
    }

    /// A cell value of column `key` (verdicts, severities, statuses and the like).
    public static func value(_ text: String, column key: String, _ language: Language) -> String {
        guard language == .zh, valueColumns.contains(key) else { return text }
        return values[text] ?? text
    }

    /// Sheet names of the XLSX workbooks.
    static let sheets: [String: String] = [
        "rights": "矿权", "overlaps": "重叠", "near": "临近", "blocks": "地块", "points": "拐点",
        "mines": "矿山", "elevation": "越层", "history": "检查记录", "sites": "用地项目", "permits": "林地许可",
        "by_class": "按林地类别", "tasks": "复垦任务", "by_month": "逐月进度",
    ]

    static let valueColumns: Set<String> = ["verdict", "severity", "status", "kind", "expired"]

    static let values: [String: String] = [
        "prohibited": "禁止", "restricted": "限制", "near": "临近", "clear": "无冲突",
        "done": "已完成", "on_track": "按期推进", "overdue": "逾期",
        "below_bottom": "低于开采下限", "above_top": "高于开采上限",
        "yes": "是", "no": "否",
    ]

    static let headers: [String: String] = [
        "id": "编号", "name": "名称", "verdict": "结论", "severity": "管控级别", "status": "状态",
        "area_m2": "面积(平方米)", "area_mu": "面积(亩)", "area_ha": "面积(公顷)",
        "overlaps": "重叠数", "overlap_mu": "重叠面积(亩)", "layers": "涉及图层", "near": "临近要素",
        "retained_area_m2": "核减后面积(平方米)", "retained_area_mu": "核减后面积(亩)", "retained_area_ha": "核减后面积(公顷)",
        "right_id": "矿权编号", "right_name": "矿权名称", "right_area_mu": "矿权面积(亩)",
        "layer": "图层", "feature_id": "要素编号", "feature_name": "要素名称", "class": "分类",
        "share": "重叠比例", "distance_m": "距离(米)",
        "block": "地块编号", "blocks": "地块数", "points": "点数", "rings": "圈数", "ring": "圈号", "point": "点号",
        "x": "X", "y": "Y", "top": "开采上限(米)", "bottom": "开采下限(米)", "crs": "坐标系", "source": "数据源",
        "planar_area_m2": "平面面积(平方米)", "planar_area_mu": "平面面积(亩)",
        "mine": "矿山", "date": "检查日期", "licensed_area_m2": "许可面积(平方米)", "licensed_area_mu": "许可面积(亩)",
        "licensed_area_ha": "许可面积(公顷)", "footprint_area_m2": "开采范围面积(平方米)", "footprint_area_mu": "开采范围面积(亩)",
        "footprint_area_ha": "开采范围面积(公顷)", "outside_m2": "越界面积(平方米)", "outside_mu": "越界面积(亩)",
        "outside_ha": "越界面积(公顷)", "new_outside_m2": "新增越界(平方米)", "new_outside_mu": "新增越界(亩)",
        "new_outside_ha": "新增越界(公顷)", "elevation_oversteps": "越层图斑数", "above_top_patches": "高于上限图斑数",
        "below_bottom_patches": "低于下限图斑数", "unmatched": "未匹配", "previous_check": "上次检查",
        "recorded_at": "记录时间", "run_id": "运行编号", "patch": "图斑", "kind": "类型", "elevation": "高程(米)",
        "limit": "限值(米)", "site": "用地项目", "permit_id": "许可编号", "valid_until": "有效期至", "expired": "已过期",
        "approved_ha": "批准面积(公顷)", "valid_permits": "有效许可", "expired_permits": "过期许可",
        "occupied_m2": "占用面积(平方米)", "occupied_mu": "占用面积(亩)", "occupied_ha": "占用面积(公顷)",
        "occupied_forest_m2": "占用林地(平方米)", "occupied_forest_mu": "占用林地(亩)", "occupied_forest_ha": "占用林地(公顷)",
        "permitted_m2": "许可面积(平方米)", "permitted_mu": "许可面积(亩)", "permitted_ha": "许可面积(公顷)",
        "over_occupied_m2": "超占面积(平方米)", "over_occupied_mu": "超占面积(亩)", "over_occupied_ha": "超占面积(公顷)",
        "task": "复垦任务", "planned_mu": "计划面积(亩)", "done_m2": "已复垦(平方米)", "done_mu": "已复垦(亩)",
        "done_ha": "已复垦(公顷)", "remaining_mu": "剩余(亩)", "share_done": "完成比例", "deadline": "期限",
        "as_of": "截至日期", "month": "月份", "cumulative_mu": "累计(亩)", "cumulative_share": "累计比例",
        "patches": "图斑数", "features": "要素数", "planned_from": "计划来源",
    ]
}
