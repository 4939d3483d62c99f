import Foundation

/// A self-contained report page: inline CSS (screen and A4 print), inline SVG, a small inline
/// script that sorts tables and checks that every map has content. No network, no external file.
///
/// Figures that come from the JSON carry `data-json="path.to.key"` (dot-separated, array
/// indices as numbers) and `data-value` (the JSON's number), so tests and users can check the
/// page against the JSON.
public struct ReportPage {
    public var title: String
    public var strings: Strings
    public var subtitle: String?
    public private(set) var sections: [String] = []

    public init(title: String, strings: Strings, subtitle: String? = nil) {
        self.title = title
        self.strings = strings
        self.subtitle = subtitle
    }

    /// Adds a section; `keepTogether` sections do not break across printed pages.
    public mutating func section(_ heading: String?, id: String? = nil, keepTogether: Bool = false, _ body: String) {
        var html = "<section" + (id.map { " id=\"\(HTML.escape($0))\"" } ?? "")
        html += keepTogether ? " class=\"keep\">" : ">"
        if let heading { html += "<h2>\(HTML.escape(heading))</h2>" }
        sections.append(html + body + "</section>")
    }

    public func render(generated: Date = Date()) -> String {
        let stamp = ISO8601DateFormatter.string(from: generated, timeZone: .current, formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime])
        var html = "<!DOCTYPE html>\n<html lang=\"\(strings.language.htmlCode)\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>\(HTML.escape(title))</title><style>\(Self.css)</style></head><body>"
        html += "<header><h1>\(HTML.escape(title))</h1>"
        if let subtitle { html += "<p class=\"subtitle\">\(HTML.escape(subtitle))</p>" }
        html += "<p class=\"meta\">geocheck · \(HTML.escape(strings["generated"])) \(HTML.escape(stamp))</p></header><main>"
        html += sections.joined(separator: "\n")
        html += "</main><script>\(Self.script)</script></body></html>\n"
        return html
    }

    static let css = """
    :root{--prohibited:#c62828;--restricted:#ef6c00;--near:#1565c0;--clear:#2e7d32;--ink:#1f2328;--muted:#5f6b76}
    *{box-sizing:border-box}
    body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",system-ui,sans-serif;
      margin:0 auto;max-width:1000px;padding:16px 24px;color:var(--ink);font-size:14px;line-height:1.45}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #ddd;padding-bottom:3px;margin:26px 0 10px}
    h3{font-size:15px;margin:18px 0 6px}.subtitle{margin:0;color:var(--muted)}.meta{color:var(--muted);font-size:12px;margin:2px 0 0}
    .cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
    .card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px;background:#fafafa}
    .card .n{font-size:24px;font-weight:700;display:block}.card .l{color:var(--muted);font-size:12px}
    .card.prohibited{border-color:var(--prohibited)}.card.prohibited .n{color:var(--prohibited)}
    .card.restricted{border-color:var(--restricted)}.card.restricted .n{color:var(--restricted)}
    .card.near .n{color:var(--near)}.card.clear .n{color:var(--clear)}
    .badge{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-size:12px;background:#777}
    .badge.prohibited,.badge.overdue{background:var(--prohibited)}.badge.restricted,.badge.on_track{background:var(--restricted)}
    .badge.near{background:var(--near)}.badge.clear,.badge.done{background:var(--clear)}
    table.data{border-collapse:collapse;margin:8px 0 14px;font-size:12.5px;width:100%}
    table.data th,table.data td{border:1px solid #d0d7de;padding:3px 6px;vertical-align:top}
    table.data th{background:#f3f4f6;text-align:left;white-space:nowrap}
    table.sortable th{cursor:pointer}table.sortable th::after{content:" \\2195";color:#aaa}
    table.sortable th.asc::after{content:" \\2191";color:#333}table.sortable th.desc::after{content:" \\2193";color:#333}
    td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    .prohibited{color:var(--prohibited)}.restricted{color:var(--restricted)}.near{color:var(--near)}.clear{color:var(--clear)}
    .badge.prohibited,.badge.restricted,.badge.near,.badge.clear{color:#fff}
    figure{margin:8px 0}figcaption{color:var(--muted);font-size:12px}
    svg{max-width:100%;height:auto;font-family:inherit}
    svg.map{border:1px solid #bbb;background:#fff}
    svg .mapbg{fill:#fbfaf6}svg .frame{fill:none;stroke:#333;stroke-width:1}
    svg .grid{stroke:#d8d8d8;stroke-width:.6}svg .ticks line{stroke:#555}svg text{font-size:11px;fill:#222}
    svg .tick{font-size:10px;fill:#444}svg .caption{font-size:10.5px;fill:#444}
    svg .halo{fill:#fff;fill-opacity:.85;stroke:#999;stroke-width:.5}
    svg .label{font-size:11.5px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
    svg .ptlabel{font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:2.5px}
    svg .pt{fill:#111}
    svg .zone-prohibited{fill:var(--prohibited);fill-opacity:.13;stroke:var(--prohibited);stroke-width:1.2}
    svg .zone-restricted{fill:var(--restricted);fill-opacity:.13;stroke:var(--restricted);stroke-width:1.2}
    svg .zone-near{fill:none;stroke:var(--near);stroke-width:1.2;stroke-dasharray:5 3}
    svg .overlap{stroke:#4a148c;stroke-width:1.2;fill-rule:evenodd}
    svg .right{fill:none;stroke:#111;stroke-width:2.2;fill-rule:evenodd}
    svg .right-other{fill:#90a4ae;fill-opacity:.25;stroke:#546e7a;stroke-width:1}
    svg .retained{fill:#2e7d32;fill-opacity:.16;stroke:#2e7d32;stroke-width:1.8;stroke-dasharray:7 3;fill-rule:evenodd}
    svg .retained-outline{fill:none;stroke:#1b5e20;stroke-width:2;stroke-dasharray:7 3}
    svg .block{fill:#1565c0;fill-opacity:.12;stroke:#0d47a1;stroke-width:2;fill-rule:evenodd}
    svg path{fill-rule:evenodd}
    svg .licence{fill:#1565c0;fill-opacity:.08;stroke:#0d47a1;stroke-width:2;fill-rule:evenodd}
    svg .footprint{fill:#8d6e63;fill-opacity:.35;stroke:#5d4037;stroke-width:1}
    svg .outside{stroke:#b71c1c;stroke-width:1.6;fill-rule:evenodd}
    svg .new-outside{fill:none;stroke:#ff6f00;stroke-width:2.6;stroke-dasharray:6 3}
    svg .outside-label{fill:#b71c1c}
    svg .forestland{fill-opacity:.35;stroke:#33691e;stroke-width:.6}
    svg .permit{fill:#1565c0;fill-opacity:.12;stroke:#1565c0;stroke-width:1.8}
    svg .permit-expired{fill:none;stroke:#6a1b9a;stroke-width:2;stroke-dasharray:7 4}
    svg .permit-label{fill:#0d47a1;font-size:10.5px}
    svg .occupied{fill:none;stroke:#111;stroke-width:2.2}
    svg .task-area{fill:#fff3e0;stroke:none}
    svg .task{fill:none;stroke:#e65100;stroke-width:2.2}
    svg .patch{fill:#2e7d32;fill-opacity:.55;stroke:#1b5e20;stroke-width:.8}
    svg .patch-later{fill:#a5d6a7;fill-opacity:.45;stroke:#66bb6a;stroke-width:.8;stroke-dasharray:4 3}
    svg .done-label{fill:#1b5e20}
    .pair{display:flex;flex-wrap:wrap;gap:8px}.pair figure{flex:1 1 460px;min-width:0}
    svg.progress{display:block;margin:4px 0}
    svg .elevation-patch{stroke:#e65100;stroke-width:1.6}svg .elevation-label{fill:#e65100}
    .tablewrap{overflow-x:auto;max-width:100%}
    svg .feature-prohibited{fill:var(--prohibited);stroke:#7f0000;stroke-width:1}
    svg .feature-restricted{fill:var(--restricted);stroke:#8d3f00;stroke-width:1}
    svg .feature-near{fill:var(--near);stroke:#0d3c75;stroke-width:1}
    svg .feature-clear{fill:var(--clear);stroke:#1b5e20;stroke-width:1}
    svg.progress .done{fill:var(--clear)}svg.progress.overdue .done{fill:var(--prohibited)}svg.progress.on_track .done{fill:var(--restricted)}
    svg.chart .axis{stroke:#333}svg.chart .grid{stroke:#e3e3e3}
    .mapblock{margin:14px 0 24px}.mapblock h3 .badge{margin-left:6px;vertical-align:middle}
    .facts{margin:4px 0 8px;padding-left:18px}.facts li{margin:1px 0}
    .note{color:var(--muted);font-size:12px}
    @page{size:A4;margin:12mm}
    @media print{
      body{max-width:none;padding:0;font-size:11px}
      .mapblock,.keep,figure,table.data tr{page-break-inside:avoid;break-inside:avoid}
      .mapblock{page-break-before:always;break-before:page}
      h2{page-break-after:avoid;break-after:avoid}
      table.sortable th::after{content:""}
      svg.map{width:100%;height:auto}
      *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    }
    """

    /// Sorts tables by a clicked header (numbers by `data-value`), and checks every map: a map
    /// whose feature group is empty is marked and reported on the console.
    static let script = """
    (function(){
      document.querySelectorAll('table.sortable').forEach(function(table){
        table.querySelectorAll('th').forEach(function(th,col){
          th.addEventListener('click',function(){
            var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
            var asc=!th.classList.contains('asc');
            table.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc');});
            th.classList.add(asc?'asc':'desc');
            function key(row){var c=row.cells[col];if(!c)return '';var v=c.getAttribute('data-value');
              if(v!==null&&v!==''&&!isNaN(Number(v)))return Number(v);return c.textContent.trim();}
            rows.sort(function(a,b){var x=key(a),y=key(b);
              var r=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'zh');
              return asc?r:-r;});
            rows.forEach(function(r){body.appendChild(r);});
          });
        });
      });
      var maps=document.querySelectorAll('svg.map');var empty=0;
      maps.forEach(function(svg){
        var g=svg.querySelector('g.features');var box=g&&g.getBBox?g.getBBox():null;
        if(!g||!g.childElementCount||!box||box.width<1||box.height<1){empty++;svg.setAttribute('data-empty','1');
          console.error('geocheck: empty map '+svg.id);}
      });
      document.body.setAttribute('data-maps',String(maps.length));
      document.body.setAttribute('data-empty-maps',String(empty));
      document.body.setAttribute('data-ready','1');
    })();
    """
}

extension HTML {
    /// A number with thousands separators and `places` decimals: 12,345.68.
    public static func number(_ value: Double, _ places: Int = 2) -> String {
        guard value.isFinite else { return "–" }
        let text = String(format: "%.\(places)f", abs(value))
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

    /// A figure from the JSON: its text formatted, its exact value and JSON path as attributes.
    public static func figure(_ value: Double, json path: String, places: Int = 2, unit: String? = nil) -> String {
        var html = "<span class=\"fig\" data-json=\"\(escape(path))\" data-value=\"\(value)\">\(number(value, places))</span>"
        if let unit { html += " " + escape(unit) }
        return html
    }

    public static func figure(_ value: Int, json path: String) -> String {
        "<span class=\"fig\" data-json=\"\(escape(path))\" data-value=\"\(value)\">\(value)</span>"
    }

    /// A summary card: a big number and its label.
    public static func card(_ number: String, _ label: String, cssClass: String = "") -> String {
        "<div class=\"card \(cssClass)\"><span class=\"n\">\(number)</span><span class=\"l\">\(escape(label))</span></div>"
    }

    public static func badge(_ text: String, cssClass: String) -> String {
        "<span class=\"badge \(escape(cssClass))\">\(escape(text))</span>"
    }

    /// A sortable table of `table`. `titles` maps column names to shown headers; `rowPath(i)`
    /// gives the JSON object of row i (e.g. "rights.3"), and the columns in `jsonKeys` (column
    /// name → key in that object) carry `data-json`. Numbers keep their exact value in
    /// `data-value` (for sorting and checking) and show `places` decimals (`plain` columns, such
    /// as coordinates, without thousands separators).
    public static func sortableTable(_ table: Table, titles: (String) -> String = { $0 }, rowPath: ((Int) -> String?)? = nil,
                                     jsonKeys: [String: String] = [:], places: [String: Int] = [:], badges: Set<String> = [], plain: Set<String> = []) -> String {
        var html = "<div class=\"tablewrap\"><table class=\"data sortable\" data-table=\"\(escape(table.name))\"><thead><tr>"
        html += table.columns.map { "<th data-column=\"\(escape($0.name))\">\(escape(titles($0.name)))</th>" }.joined()
        html += "</tr></thead><tbody>"
        for (rowIndex, row) in table.rows.enumerated() {
            let path = rowPath?(rowIndex)
            html += "<tr>"
            for (column, value) in zip(table.columns, row) {
                var attributes = ""
                if let path, let key = jsonKeys[column.name] { attributes += " data-json=\"\(escape(path)).\(escape(key))\"" }
                switch value {
                case .real(let number):
                    let digits = places[column.name] ?? 2
                    let text = plain.contains(column.name) ? String(format: "%.\(digits)f", number) : self.number(number, digits)
                    html += "<td class=\"num\"\(attributes) data-value=\"\(number)\">\(text)</td>"
                case .integer(let number):
                    html += "<td class=\"num\"\(attributes) data-value=\"\(number)\">\(number)</td>"
                default:
                    let text = value.description
                    if badges.contains(column.name), !text.isEmpty {
                        html += "<td\(attributes) data-value=\"\(escape(text))\">\(badge(text, cssClass: text))</td>"
                    } else {
                        html += "<td\(attributes)>\(escape(text))</td>"
                    }
                }
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
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
