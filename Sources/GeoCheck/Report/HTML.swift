import Foundation

/// Small helpers for the self-contained HTML reports.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A table of `table`'s rows, numbers right-aligned.
    public static func table(_ table: Table) -> String {
        var html = "<table class=\"data\"><thead><tr>"
        html += table.columns.map { "<th>\(escape($0.name))</th>" }.joined()
        html += "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>" + row.map { value -> String in
                switch value {
                case .real(let number): return "<td class=\"num\">\(String(format: "%.2f", number))</td>"
                case .integer(let number): return "<td class=\"num\">\(number)</td>"
                default: return "<td>\(escape(value.description))</td>"
                }
            }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    public static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:2em;color:#222}
        table.data{border-collapse:collapse;margin:1em 0;font-size:13px}
        table.data th,table.data td{border:1px solid #ccc;padding:3px 6px}
        table.data th{background:#f0f0f0}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .prohibited{color:#b00020;font-weight:bold}.restricted{color:#c77700}.near{color:#1565c0}.clear{color:#2e7d32}
        </style></head><body>
        \(body)
        </body></html>
        """
    }
}
