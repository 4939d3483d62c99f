import Foundation
import GeoCheck
import Hummingbird

/// The pages' contents: each builds the template values from the library's results.
struct ScreenPages: Sendable {
    let routes: PageRoutes
    var platform: Platform { routes.platform }

    static func mu(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "" }

    func dashboard(_ user: Principal, _ lang: Language) async throws -> Response {
        let t = PageStrings.table(lang)
        let counts = try await platform.store.auditCounts(action: "screen")
        let verdicts = ["prohibited", "restricted", "near", "clear"].map { ["key": $0, "label": t[$0] ?? $0, "count": counts[$0] ?? 0] }
        let mines = try platform.visibleMines(user)
        var values: [String: Any] = [
            "verdicts": verdicts,
            "overstepping": mines.filter { ($0.outsideMu ?? 0) > 0 }.count,
            "outsideMu": Self.mu(mines.reduce(0) { $0 + ($1.outsideMu ?? 0) }),
            "newOutside": mines.filter { ($0.newOutsideMu ?? 0) > 0 }.count,
        ]
        if platform.config.reclaim != nil, let reclaim = try? await offloop({ try platform.reclaim(asOf: nil, user: user) }) {
            values["reclaim"] = ["doneMu": Self.mu(reclaim.summary.doneArea.mu), "remainingMu": Self.mu(reclaim.summary.remaining.mu),
                                 "overdue": reclaim.summary.overdue]
        }
        if platform.config.forest != nil, let forest = try? await offloop({ try platform.forest(date: nil, user: user) }) {
            values["forest"] = ["overSites": forest.summary.overOccupying, "overMu": Self.mu(forest.summary.overOccupied.mu)]
        }
        return routes.render("dashboard", routes.base(user, lang, values))
    }

    func screenForm(_ user: Principal, _ lang: Language) -> Response {
        routes.render("screen", routes.base(user, lang))
    }

    func screen(_ request: Request, _ user: Principal, _ lang: Language) async throws -> Response {
        let form = try await FormUpload.read(request, limit: platform.config.maxUploadBytes)
        _ = try await routes.auth.require(request, csrfField: form.parts.text("csrf"))
        let upload = try ScreenUpload.from(form.parts)
        let outcome: ScreenOutcome
        do { outcome = try await upload.screen(platform, keepGeometries: true) } catch let error as PlatformError {
            return routes.render("screen", routes.base(user, lang, ["error": error.message]), status: .badRequest)
        }
        try await APIRoutes.audit(platform, user, outcome.result, upload.name)
        let id = routes.results.put(outcome, owner: user.name)
        let t = PageStrings.table(lang)
        let rights = outcome.result.rights.map { right -> [String: Any] in
            ["id": right.id, "name": right.name ?? "", "verdict": right.verdict.rawValue, "verdictLabel": t[right.verdict.rawValue] ?? "",
             "areaMu": Self.mu(right.area.roundedMu), "overlapMu": Self.mu(right.overlapArea.roundedMu),
             "retainedMu": right.isShrunk ? Self.mu(right.retainedArea.roundedMu) : ""]
        }
        let overlaps = outcome.result.rights.flatMap { right in
            right.overlaps.map { o -> [String: Any] in
                ["right": right.id, "layer": o.layer, "zone": o.featureName ?? o.featureID, "class": o.class ?? "",
                 "severity": o.severity.rawValue, "severityLabel": t[o.severity.rawValue] ?? "", "areaMu": Self.mu(o.area.roundedMu),
                 "share": String(format: "%.1f%%", o.share * 100)]
            }
        }
        let result: [String: Any] = ["id": id, "rights": rights, "overlaps": overlaps,
                                     "hasRetained": outcome.result.rights.contains { $0.isShrunk }]
        return routes.render("screen", routes.base(user, lang, ["result": result, "map": true]))
    }

    /// The downloads of a kept result, written by the library's writers into a private
    /// temporary directory and read back.
    func download(_ user: Principal, id: String, file: String, lang: Language) async throws -> Response {
        guard let outcome = routes.results.get(id, owner: user.name) else { return Reply.error(404, "not found") }
        switch file {
        case "map.geojson":
            return Reply.json(try await offloop { try MapData.geoJSON(outcome) })
        case "report.html":
            return Reply.file(Data(try await offloop { try ScreenHTML.render(outcome, language: lang) }.utf8),
                              type: "text/html; charset=utf-8", name: "report.html")
        case "screen.xlsx", "retained.txt":
            let area = try UploadArea()
            defer { area.close() }
            let data: Data? = try await offloop {
                if file == "screen.xlsx" {
                    let path = area.directory.appendingPathComponent("screen.xlsx").path
                    let result = outcome.result
                    try TableWriter.writeXLSX([ScreenReport.rightsTable(result), ScreenReport.overlapsTable(result),
                                               ScreenReport.nearTable(result)], to: path)
                    return FileManager.default.contents(atPath: path)
                }
                let target = area.directory.appendingPathComponent("out").path
                let output = try OutputDirectory(target)
                let written = try ScreenReport.writeRetainedCornerFiles(outcome, output: output)
                _ = try output.commit()
                return written.first.flatMap { FileManager.default.contents(atPath: "\(target)/retained/\($0)") }
            }
            guard let data else { return Reply.error(404, "no retained part (no prohibited overlap)") }
            return Reply.file(data, type: file.hasSuffix("xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                                                  : "text/plain; charset=utf-8", name: file)
        default:
            return Reply.error(404, "not found")
        }
    }

    func mines(_ user: Principal, _ lang: Language) throws -> Response {
        let rows = try platform.visibleMines(user).map { m -> [String: Any] in
            ["id": m.id, "name": m.name ?? "", "unit": m.unit ?? "", "lastCheck": m.lastCheck ?? "",
             "outsideMu": Self.mu(m.outsideMu), "newOutsideMu": Self.mu(m.newOutsideMu)]
        }
        return routes.render("mines", routes.base(user, lang, ["mines": rows]))
    }

    func mine(_ id: String, _ user: Principal, _ lang: Language, error: String? = nil) throws -> Response {
        let checks = try platform.history(mine: id, user: user)
        let info = platform.mines[id]
        let chart = Charts.line(id: "history-chart", title: PageStrings.table(lang)["history"] ?? "", categories: checks.map(\.date),
                                series: [ChartSeries(name: PageStrings.table(lang)["outside_mu"] ?? "", values: checks.map { $0.outside.mu }, colour: "#b00020"),
                                         ChartSeries(name: PageStrings.table(lang)["new_outside_mu"] ?? "", values: checks.map { $0.newOutside.mu }, colour: "#e08a00", dashed: true)],
                                yLabel: "亩")
        var values: [String: Any] = [
            "mine": ["id": id, "name": info?.name ?? id, "unit": info?.unit ?? ""], "chart": chart, "hasChecks": !checks.isEmpty, "mayWrite": user.mayWrite,
            "map": true,
            "checks": checks.map { ["date": $0.date, "outsideMu": Self.mu($0.outside.mu), "newOutsideMu": Self.mu($0.newOutside.mu)] },
        ]
        if let error { values["error"] = error }
        return routes.render("mine", routes.base(user, lang, values), status: error == nil ? .ok : .badRequest)
    }

    /// The shapes of a mine's map (MineMap); 404 for a mine the user may not see.
    func mineMap(_ id: String, _ user: Principal) async throws -> Response {
        guard let info = platform.mines[id], user.maySee(unit: info.unit) else { throw PlatformError.notFound }
        let footprints = try await platform.store.footprints(mine: id)
        return Reply.json(try await offloop { try MineMap.geoJSON(mine: id, platform: platform, footprints: footprints) })
    }

    func recordCheck(_ request: Request, _ id: String, _ user: Principal, _ lang: Language) async throws -> Response {
        let form = try await FormUpload.read(request, limit: platform.config.maxUploadBytes)
        _ = try await routes.auth.require(request, csrfField: form.parts.text("csrf"))
        guard let info = platform.mines[id], user.maySee(unit: info.unit) else { throw PlatformError.notFound }
        guard user.mayWrite else { throw PlatformError.forbidden }
        guard let part = form.parts.parts["footprint"], !part.data.isEmpty else { return try mine(id, user, lang, error: "no footprint file") }
        let date = form.parts.text("date").flatMap { $0.isEmpty ? nil : $0 }
        if let date, ISODate.parse(date) == nil { return try mine(id, user, lang, error: "date '\(date)' is not a date (use YYYY-MM-DD)") }
        let area = try UploadArea()
        defer { area.close() }
        do {
            let result = try await platform.recordCheck(footprint: try area.save(part.data, clientName: part.filename),
                                                        clientName: part.filename ?? "footprint", date: date.flatMap(ISODate.parse), user: user)
            try await platform.store.audit(user: user.name, action: "boundary", target: result.mines.map(\.id).joined(separator: ","),
                                     result: String(format: "outside_mu=%.2f", result.summary.outside.mu))
        } catch let error as PlatformError {
            throw error
        } catch {
            return try mine(id, user, lang, error: clientMessage(error, upload: area, name: part.filename ?? "footprint"))
        }
        return Reply.redirect("/mines/\(id)?lang=\(lang.rawValue)")
    }

    func reclaim(_ request: Request, _ user: Principal, _ lang: Language) async throws -> Response {
        let asOf = request.uri.queryParameters["as_of"].map(String.init).flatMap(ISODate.parse) ?? ISODate.today()
        let result = try await offloop { try platform.reclaim(asOf: asOf, user: user) }
        let t = PageStrings.table(lang)
        let tasks = result.tasks.map { task -> [String: Any] in
            ["id": task.id, "name": task.name ?? "", "planned": Self.mu(task.planned.mu), "done": Self.mu(task.done.mu),
             "remaining": Self.mu(task.remaining.mu), "deadline": task.deadline ?? "", "status": task.status.rawValue,
             "statusLabel": t[task.status.rawValue] ?? task.status.rawValue]
        }
        return routes.render("reclaim", routes.base(user, lang, ["tasks": tasks, "asOf": asOf]))
    }

    func forest(_ request: Request, _ user: Principal, _ lang: Language) async throws -> Response {
        let date = request.uri.queryParameters["date"].map(String.init).flatMap(ISODate.parse) ?? ISODate.today()
        let result = try await offloop { try platform.forest(date: date, user: user) }
        let sites = result.sites.map { site -> [String: Any] in
            ["id": site.id, "name": site.name ?? "", "occupied": Self.mu(site.occupiedForest.mu), "permitted": Self.mu(site.permitted.mu),
             "over": Self.mu(site.overOccupied.mu), "expired": site.expiredPermits.joined(separator: ", ")]
        }
        return routes.render("forest", routes.base(user, lang, ["sites": sites, "date": date]))
    }
}
