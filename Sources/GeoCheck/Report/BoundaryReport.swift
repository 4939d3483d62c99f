import Foundation

/// Tables and files of a boundary check and of the ledger history.
public enum BoundaryReport {
    /// One row per mine (`boundary.csv`).
    public static func minesTable(_ result: BoundaryResult) -> Table {
        var table = Table(name: "mines", columns: [
            .text("date"), .text("id"), .text("name"), .count("blocks"), .count("patches"),
            .number("licensed_area_m2"), .number("licensed_area_mu"), .number("licensed_area_ha"),
            .number("footprint_area_m2"), .number("footprint_area_mu"), .number("footprint_area_ha"),
            .number("outside_m2"), .number("outside_mu"), .number("outside_ha"),
            .number("new_outside_m2"), .number("new_outside_mu"), .number("new_outside_ha"), .text("previous_check"),
            .text("below_bottom_patches"), .text("above_top_patches"), .text("unmatched"),
        ])
        for mine in result.mines {
            table.rows.append([
                .string(result.date), .string(mine.id), .text(mine.name), .integer(Int64(mine.blocks)), .integer(Int64(mine.patches)),
            ] + areaCells(mine.licensed) + areaCells(mine.footprint) + areaCells(mine.outside) + areaCells(mine.newOutside) + [
                .text(mine.previousCheck),
                .string(mine.elevationOversteps.filter { $0.kind == .belowBottom }.map(\.patch).joined(separator: "; ")),
                .string(mine.elevationOversteps.filter { $0.kind == .aboveTop }.map(\.patch).joined(separator: "; ")),
                .string(mine.unmatched ? "yes" : ""),
            ])
        }
        return table
    }

    /// One row per patch and block mined outside the licensed elevation range (超层).
    public static func elevationTable(_ result: BoundaryResult) -> Table {
        var table = Table(name: "elevation", columns: [
            .text("id"), .text("name"), .text("patch"), .text("block"), .text("kind"), .number("elevation"), .number("limit"),
            .number("area_m2"), .number("area_mu"), .number("area_ha"),
        ])
        for mine in result.mines {
            for item in mine.elevationOversteps {
                table.rows.append([.string(mine.id), .text(mine.name), .string(item.patch), .string(item.block),
                                   .string(item.kind.rawValue), .real(item.elevation), .real(item.limit)] + areaCells(item.area))
            }
        }
        return table
    }

    /// One row per recorded check (`geocheck history --out`, CSV).
    public static func historyTable(_ entries: [LedgerEntry]) -> Table {
        var table = Table(name: "history", columns: [
            .text("mine"), .text("name"), .text("date"), .number("licensed_area_m2"), .number("footprint_area_m2"),
            .number("outside_m2"), .number("outside_mu"), .number("outside_ha"),
            .number("new_outside_m2"), .number("new_outside_mu"), .number("new_outside_ha"),
            .count("elevation_oversteps"), .text("run_id"), .text("recorded_at"), .text("source"),
        ])
        for entry in entries {
            table.rows.append([.string(entry.mine), .text(entry.name), .string(entry.date), .real(entry.licensed.roundedM2),
                               .real(entry.footprint.roundedM2)] + areaCells(entry.outside) + areaCells(entry.newOutside) + [
                .integer(Int64(entry.elevationOversteps)), .string(entry.runID), .string(entry.recordedAt), .string(entry.source),
            ])
        }
        return table
    }

    static func areaCells(_ area: Area) -> [FieldValue] {
        [.real(area.roundedM2), .real(area.roundedMu), .real(area.roundedHa)]
    }

    /// Layers `outside`, `new_outside`, `footprint`, `licensed` (one feature per mine).
    public static func writeGeoPackage(_ evaluation: BoundaryEvaluation, to path: String) throws {
        let writer = try VectorWriter(path: path)
        let mines = minesTable(evaluation.result)
        for (name, geometries) in [("outside", \MineShapes.outside), ("new_outside", \.newOutside),
                                   ("footprint", \.footprint), ("licensed", \.licence)] {
            let layer = try writer.createLayer(name: name, crs: evaluation.crs, geometryType: .multiPolygon, fields: mines.columns)
            for (row, geometry) in zip(mines.rows, evaluation.shapes.map { $0[keyPath: geometries] }) where !geometry.isEmpty {
                try layer.add(geometry: geometry, values: row)
            }
        }
        try writer.commit()
    }
}
