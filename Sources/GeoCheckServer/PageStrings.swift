import Foundation
import GeoCheck
import Hummingbird

/// The pages' words in Chinese (default) and English. The language comes from `?lang=`,
/// else the browser's Accept-Language (English when it prefers `en`), else Chinese.
enum PageStrings {
    static func language(_ request: Request) -> Language {
        if let lang = request.uri.queryParameters["lang"] { return lang == "en" ? .en : .zh }
        let accept = (request.headers[.acceptLanguage] ?? "").lowercased()
        return accept.hasPrefix("en") ? .en : .zh
    }

    static func table(_ language: Language) -> [String: String] {
        let pairs: [(String, String, String)] = [
            ("title", "集团环境信息化管理平台", "Group environmental information platform"),
            ("login", "登录", "Log in"), ("logout", "退出", "Log out"), ("user", "用户名", "User"), ("password", "密码", "Password"),
            ("login_failed", "用户名或密码错误", "Wrong user or password"),
            ("dashboard", "总览", "Dashboard"), ("screen", "矿权审查", "Screening"), ("mines", "矿山", "Mines"),
            ("reclaim", "复垦", "Reclamation"), ("forest", "林地", "Forest land"),
            ("rights_screened", "已审查矿权（按结论）", "Rights screened (by verdict)"),
            ("mines_overstepping", "越界开采矿山", "Mines overstepping"), ("new_since_last", "较上次新增", "new since last check"),
            ("reclaim_progress", "复垦进度", "Reclamation"), ("done", "已完成", "done"), ("remaining", "剩余", "remaining"),
            ("overdue", "逾期", "overdue"), ("forest_over", "林地超占", "Forest over-occupation"), ("sites", "处", "sites"),
            ("upload", "上传文件（拐点坐标、压缩的Shapefile、GeoJSON、KML或GeoPackage）", "Upload a file (corner coordinates, zipped Shapefile, GeoJSON, KML or GeoPackage)"),
            ("paste", "或粘贴拐点坐标", "or paste corner coordinates"), ("buffer_m", "邻近距离（米，可选）", "Near distance (m, optional)"),
            ("run_screen", "审查", "Screen"), ("verdict", "结论", "Verdict"), ("right", "矿权", "Right"), ("name", "名称", "Name"),
            ("area_mu", "面积（亩）", "Area (mu)"), ("overlap_mu", "重叠（亩）", "Overlap (mu)"), ("retained_mu", "保留（亩）", "Retained (mu)"),
            ("layer", "图层", "Layer"), ("zone", "区域", "Zone"), ("class", "分区", "Class"), ("severity", "级别", "Severity"),
            ("share", "占比", "Share"), ("overlaps", "重叠明细", "Overlaps"), ("downloads", "下载", "Downloads"),
            ("retained_file", "保留范围拐点坐标", "Retained corner file"), ("xlsx", "Excel表格", "XLSX tables"), ("report", "报告", "report.html"),
            ("map", "地图", "Map"), ("licence", "许可证", "Licence"), ("unit", "单位", "Unit"), ("last_check", "最近检查", "Last check"),
            ("outside_mu", "越界（亩）", "Outside (mu)"), ("new_outside_mu", "新增越界（亩）", "New outside (mu)"),
            ("history", "检查记录", "History"), ("date", "日期", "Date"), ("record_check", "上传采场范围并记录检查", "Upload a footprint and record a check"),
            ("footprint", "采场范围文件", "Footprint file"), ("footprint_shape", "采场范围", "Footprint"),
            ("outside_part", "越界部分", "Outside the licence"), ("save", "记录", "Record"), ("task", "任务", "Task"),
            ("planned_mu", "计划（亩）", "Planned (mu)"), ("done_mu", "已完成（亩）", "Done (mu)"), ("remaining_mu", "剩余（亩）", "Remaining (mu)"),
            ("deadline", "期限", "Deadline"), ("status", "状态", "Status"), ("as_of", "截至", "As of"), ("show", "查看", "Show"),
            ("site", "项目", "Site"), ("occupied_forest_mu", "占用林地（亩）", "Occupied forest (mu)"),
            ("permitted_mu", "批准（亩）", "Permitted (mu)"), ("over_occupied_mu", "超占（亩）", "Over-occupied (mu)"),
            ("expired_permits", "过期审核同意书", "Expired permits"), ("no_rows", "无", "none"),
            ("clear", "无冲突", "clear"), ("near", "邻近", "near"), ("restricted", "限制", "restricted"), ("prohibited", "禁止", "prohibited"),
            ("on_track", "按期", "on track"), ("error", "错误", "Error"),
        ]
        return Dictionary(uniqueKeysWithValues: pairs.map { ($0.0, language == .zh ? $0.1 : $0.2) })
    }
}
