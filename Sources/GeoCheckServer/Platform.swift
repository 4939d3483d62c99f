import Foundation
import GeoCheck

/// An error a client caused or may not do, with its HTTP status and one-line message.
public struct PlatformError: Error, CustomStringConvertible, Sendable {
    public let status: Int
    public let message: String
    public var description: String { message }

    static func badRequest(_ message: String) -> PlatformError { PlatformError(status: 400, message: message) }
    static let unauthorized = PlatformError(status: 401, message: "authentication required")
    static let forbidden = PlatformError(status: 403, message: "your role may not do this")
    static let notFound = PlatformError(status: 404, message: "not found")
}

/// The platform's state: config, store, the catalogue loaded once, the licences' units.
/// Every check goes through the library (`ScreenCatalogue`, `Boundary` + `Ledger`,
/// `Reclaim`, `Forest`); this type only chooses inputs and filters by unit.
public final class Platform: Sendable {
    public let config: PlatformConfig
    public let store: any PlatformStore
    public let catalogue: ScreenCatalogue
    /// Mine id → (name, unit) from the licences layer.
    public let mines: [String: (name: String?, unit: String?)]

    public init(config: PlatformConfig, progress: (@Sendable (String) -> Void)? = nil) async throws {
        self.config = config
        store = try await openPlatformStore(config.store)
        var options = ScreenOptions()
        if let min = config.minAreaM2 { options.minAreaM2 = min }
        catalogue = try ScreenCatalogue(layers: config.layers, options: options, progress: progress)
        if let licences = config.licences {
            mines = try Self.attributes(licences.source, id: licences.idField, name: licences.nameField, unit: licences.unitField)
        } else {
            mines = [:]
        }
    }

    /// id → (name, unit) of a monitoring layer, read through the library's source layer.
    static func attributes(_ source: String, id: String?, name: String?, unit: String) throws -> [String: (name: String?, unit: String?)] {
        let layer = try SourceLayer.open(SourceSpec(source))
        let fields = layer.layer.fields.map(\.name)
        let idName = try FeatureLoader.idField(requested: id, fields: layer.layer.fields, label: layer.label)
        let idIndex = idName.flatMap { fields.firstIndex(of: $0) }
        let nameIndex = (name.map { [$0] } ?? ["name", "名称", "矿山名称"]).lazy.compactMap { fields.firstIndex(of: $0) }.first
        let unitIndex = fields.firstIndex(of: unit)
        var result: [String: (name: String?, unit: String?)] = [:]
        try layer.layer.forEachFeature { record in
            let key = idIndex.map { record.values[$0].description } ?? String(record.fid)
            result[key] = (nameIndex.map { record.values[$0].description }, unitIndex.map { record.values[$0].description })
        }
        return result
    }

    // MARK: Screening

    /// Screens the rights of an uploaded dataset (already saved under a server-chosen path).
    /// The result names the upload by the client's file name, never the server's path.
    public func screen(path: String, clientName: String, bufferM: Double?, keepGeometries: Bool) throws -> ScreenOutcome {
        var options = catalogue.options
        options.workers = 1
        options.keepGeometries = keepGeometries
        let against = bufferM.map { catalogue.withBuffer($0) } ?? catalogue
        var outcome = try against.screen(RightsSpec(source: path), options: options)
        let rename = { (note: FeatureNote) -> FeatureNote in
            var renamed = note
            if note.layer == path { renamed.layer = clientName }
            return renamed
        }
        outcome.result.rightsSource = clientName
        outcome.result.repaired = outcome.result.repaired.map(rename)
        outcome.result.skipped = outcome.result.skipped.map(rename)
        return outcome
    }

    // MARK: Monitoring

    public struct MineRow: Encodable, Sendable {
        public var id: String
        public var name: String?
        public var unit: String?
        public var lastCheck: String?
        public var outsideMu: Double?
        public var newOutsideMu: Double?

        enum CodingKeys: String, CodingKey {
            case id, name, unit
            case lastCheck = "last_check"
            case outsideMu = "outside_mu"
            case newOutsideMu = "new_outside_mu"
        }
    }

    public func visibleMines(_ user: Principal) throws -> [MineRow] {
        let history = try ledgerHistory(mine: nil)
        var latest: [String: LedgerEntry] = [:]
        for entry in history where entry.command == "boundary" {
            if let known = latest[entry.mine], known.date >= entry.date { continue }
            latest[entry.mine] = entry
        }
        return mines.filter { user.maySee(unit: $0.value.unit) }.keys.sorted().map { id in
            let last = latest[id]
            return MineRow(id: id, name: mines[id]?.name, unit: mines[id]?.unit, lastCheck: last?.date,
                           outsideMu: last?.outside.mu, newOutsideMu: last?.newOutside.mu)
        }
    }

    /// A mine's recorded checks; 404 for a mine the user may not see.
    public func history(mine: String, user: Principal) throws -> [LedgerEntry] {
        guard let info = mines[mine], user.maySee(unit: info.unit) else { throw PlatformError.notFound }
        return try ledgerHistory(mine: mine)
    }

    func ledgerHistory(mine: String?) throws -> [LedgerEntry] {
        try Ledger(store: config.store).history(mine: mine)
    }

    /// Records a boundary check of an uploaded footprint against the configured licences in the
    /// ledger, and keeps the footprints for the mines' maps.
    public func recordCheck(footprint path: String, clientName: String, date: String?, user: Principal) async throws -> BoundaryResult {
        let (result, footprints) = try await offloop { try self.boundary(footprint: path, clientName: clientName, date: date, user: user) }
        try await store.saveFootprints(footprints)
        return result
    }

    func boundary(footprint path: String, clientName: String, date: String?, user: Principal) throws -> (BoundaryResult, [StoredFootprint]) {
        guard user.mayWrite else { throw PlatformError.forbidden }
        guard let licences = config.licences else { throw PlatformError.badRequest("the platform has no licences layer configured") }
        let context = try GEOSContext()
        let inputs = try BoundaryInputs.load(licensed: licences.source, footprint: path, idField: licences.idField,
                                             nameField: licences.nameField, context: context)
        for feature in inputs.footprint.features {
            guard let info = mines[feature.id] else { continue }
            if !user.maySee(unit: info.unit) { throw PlatformError.notFound }
        }
        let day = date ?? (inputs.footprintDates.count == 1 ? inputs.footprintDates.first : nil) ?? ISODate.today()
        var options = BoundaryOptions(date: day)
        if let min = config.minAreaM2 { options.minAreaM2 = min }
        var evaluation = try Boundary.evaluate(inputs, options: options)
        evaluation.result.footprintSource = clientName
        try Ledger(store: config.store).record(&evaluation)
        return (evaluation.result, try MineMap.footprints(inputs, date: day))
    }

    public func reclaim(asOf: String?, user: Principal) throws -> ReclaimResult {
        guard let layers = config.reclaim else { throw PlatformError.badRequest("the platform has no reclaim layers configured") }
        let units = try Self.attributes(layers.plan, id: layers.idField, name: nil, unit: layers.unitField)
        let inputs = try ReclaimInputs.load(plan: layers.plan, done: layers.done, idField: layers.idField, context: try GEOSContext())
        var result = try Reclaim.evaluate(inputs, options: ReclaimOptions(asOf: asOf ?? ISODate.today())).result
        if user.role != .hq {
            result.tasks = result.tasks.filter { user.maySee(unit: units[$0.id]?.unit) }
            result.summary = Self.summary(result.tasks, all: result.summary)
        }
        return result
    }

    /// The summary of a unit's tasks (counts and sums of the rows the library computed).
    static func summary(_ tasks: [TaskCheck], all: ReclaimSummary) -> ReclaimSummary {
        var summary = all
        summary.byMonth = []
        summary.tasks = tasks.count
        summary.done = tasks.filter { $0.status == .done }.count
        summary.onTrack = tasks.filter { $0.status == .onTrack }.count
        summary.overdue = tasks.filter { $0.status == .overdue }.count
        summary.planned = Area(m2: tasks.reduce(0) { $0 + $1.planned.m2 })
        summary.doneArea = Area(m2: tasks.reduce(0) { $0 + $1.done.m2 })
        summary.remaining = Area(m2: tasks.reduce(0) { $0 + $1.remaining.m2 })
        return summary
    }

    public func forest(date: String?, user: Principal) throws -> ForestResult {
        guard let layers = config.forest else { throw PlatformError.badRequest("the platform has no forest layers configured") }
        let units = try Self.attributes(layers.occupied, id: layers.idField, name: nil, unit: layers.unitField)
        let inputs = try ForestInputs.load(occupied: layers.occupied, forest: layers.forest, permits: layers.permits,
                                           idField: layers.idField, permitIDField: nil, classField: nil, context: try GEOSContext())
        var result = try Forest.evaluate(inputs, options: ForestOptions(date: date ?? ISODate.today())).result
        if user.role != .hq {
            result.sites = result.sites.filter { user.maySee(unit: units[$0.id]?.unit) }
            var summary = result.summary
            summary.byClass = []
            summary.sites = result.sites.count
            summary.overOccupying = result.sites.filter { $0.overOccupied.m2 > 0 }.count
            summary.withExpiredPermits = result.sites.filter { !$0.expiredPermits.isEmpty }.count
            summary.expiredPermits = result.sites.reduce(0) { $0 + $1.expiredPermits.count }
            summary.occupiedForest = Area(m2: result.sites.reduce(0) { $0 + $1.occupiedForest.m2 })
            summary.permitted = Area(m2: result.sites.reduce(0) { $0 + $1.permitted.m2 })
            summary.overOccupied = Area(m2: result.sites.reduce(0) { $0 + $1.overOccupied.m2 })
            result.summary = summary
        }
        return result
    }
}
