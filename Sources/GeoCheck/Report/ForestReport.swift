import Foundation

/// Tables and files of a forest check.
public enum ForestReport {
    /// One row per site (`forest.csv`).
    public static func sitesTable(_ result: ForestResult) -> Table {
        var table = Table(name: "sites", columns: [
            .text("date"), .text("id"), .text("name"), .number("occupied_m2"), .number("occupied_mu"), .number("occupied_ha"),
            .number("occupied_forest_m2"), .number("occupied_forest_mu"), .number("occupied_forest_ha"),
            .number("permitted_m2"), .number("permitted_mu"), .number("permitted_ha"),
            .number("over_occupied_m2"), .number("over_occupied_mu"), .number("over_occupied_ha"),
            .text("valid_permits"), .text("expired_permits"),
        ])
        for site in result.sites {
            table.rows.append([.string(result.date), .string(site.id), .text(site.name)] + BoundaryReport.areaCells(site.occupied)
                + BoundaryReport.areaCells(site.occupiedForest) + BoundaryReport.areaCells(site.permitted)
                + BoundaryReport.areaCells(site.overOccupied)
                + [.string(site.validPermits.joined(separator: "; ")), .string(site.expiredPermits.joined(separator: "; "))])
        }
        return table
    }

    public static func permitsTable(_ result: ForestResult) -> Table {
        var table = Table(name: "permits", columns: [
            .text("site"), .text("permit_id"), .text("valid_until"), .text("expired"), .number("approved_ha"),
            .number("area_m2"), .number("area_mu"), .number("area_ha"),
        ])
        for site in result.sites {
            for permit in site.permits {
                table.rows.append([.string(site.id), .string(permit.permitID), .text(permit.validUntil),
                                   .string(permit.expired ? "yes" : "no"), .number(permit.approvedHa)] + BoundaryReport.areaCells(permit.area))
            }
        }
        return table
    }

    /// Occupied forest land per site and forest-land class (地类).
    public static func classTable(_ result: ForestResult) -> Table {
        var table = Table(name: "by_class", columns: [
            .text("site"), .text("class"), .number("occupied_forest_m2"), .number("occupied_forest_mu"), .number("occupied_forest_ha"),
            .number("over_occupied_m2"), .number("over_occupied_mu"), .number("over_occupied_ha"),
        ])
        for site in result.sites {
            for item in site.byClass {
                table.rows.append([.string(site.id), .string(item.forestClass)] + BoundaryReport.areaCells(item.occupiedForest)
                    + BoundaryReport.areaCells(item.overOccupied))
            }
        }
        return table
    }

    /// Layers `occupied_forest`, `over_occupied`, `permitted` (one feature per site).
    public static func writeGeoPackage(_ evaluation: ForestEvaluation, to path: String) throws {
        let writer = try VectorWriter(path: path)
        let sites = sitesTable(evaluation.result)
        for (name, geometries) in [("occupied_forest", \SiteShapes.occupiedForest), ("over_occupied", \.overOccupied),
                                   ("permitted", \.permitted)] {
            let layer = try writer.createLayer(name: name, crs: evaluation.crs, geometryType: .multiPolygon, fields: sites.columns)
            for (row, geometry) in zip(sites.rows, evaluation.shapes.map { $0[keyPath: geometries] }) where !geometry.isEmpty {
                try layer.add(geometry: geometry, values: row)
            }
        }
        try writer.commit()
    }
}
