import Foundation

/// Tables and files of a screening result.
public enum ScreenReport {
    public static func rightsTable(_ result: ScreenResult) -> Table {
        var table = Table(name: "rights", columns: [
            .text("id"), .text("name"), .text("verdict"), .number("area_m2"), .number("area_mu"), .number("area_ha"),
            .count("overlaps"), .number("overlap_mu"), .number("retained_area_m2"), .number("retained_area_mu"),
            .number("retained_area_ha"), .text("layers"), .text("near"),
        ] + keptColumns(result))
        let kept = keptNames(result)
        for right in result.rights {
            let layers = Array(Set(right.overlaps.map(\.layer))).sorted().joined(separator: "; ")
            let near = right.near.map { "\($0.layer) \($0.featureName ?? $0.featureID) \(String(format: "%.0f", $0.distanceM)) m" }
                .joined(separator: "; ")
            table.rows.append([
                .string(right.id), .text(right.name), .string(right.verdict.rawValue)]
                + BoundaryReport.areaCells(right.area) + [.integer(Int64(right.overlaps.count)), .real(right.overlapArea.roundedMu)]
                + BoundaryReport.areaCells(right.retainedArea) + [.string(layers), .string(near)] + keptValues(right, kept))
        }
        return table
    }

    /// One row per overlap (CONTRACT: `screen.csv`).
    public static func overlapsTable(_ result: ScreenResult) -> Table {
        var table = overlapsColumns(result)
        let kept = keptNames(result)
        for right in result.rights { table.rows += overlapRows(right, kept: kept) }
        return table
    }

    /// The overlap table's columns, without rows.
    static func overlapsColumns(_ result: ScreenResult) -> Table {
        Table(name: "overlaps", columns: [
            .text("right_id"), .text("right_name"), .text("verdict"), .text("layer"), .text("feature_id"), .text("feature_name"),
            .text("class"), .text("severity"), .number("area_m2"), .number("area_mu"), .number("area_ha"), .number("share"),
            .number("right_area_mu"), .number("retained_area_mu"),
        ] + keptColumns(result))
    }

    static func overlapRows(_ right: RightResult, kept: [String]) -> [[FieldValue]] {
        right.overlaps.map { overlap in
            [.string(right.id), .text(right.name), .string(right.verdict.rawValue), .string(overlap.layer),
             .string(overlap.featureID), .text(overlap.featureName), .text(overlap.class), .string(overlap.severity.rawValue),
            ] + BoundaryReport.areaCells(overlap.area) + [.real(overlap.share), .real(right.area.roundedMu),
                                                          .real(right.retainedArea.roundedMu)] + keptValues(right, kept)
        }
    }

    /// The rights' own fields kept with `--keep-fields` (the same names, in order, for every
    /// right), as the last columns of the rights and overlap tables (CSV, XLSX, GPKG).
    static func keptNames(_ result: ScreenResult) -> [String] {
        result.rights.first { $0.fields != nil }?.fields?.items.map(\.name) ?? []
    }

    static func keptColumns(_ result: ScreenResult) -> [FieldDefinition] {
        keptNames(result).map { .text($0) }
    }

    static func keptValues(_ right: RightResult, _ names: [String]) -> [FieldValue] {
        names.map { name in .text(right.fields?.items.first { $0.name == name }?.value) }
    }

    /// `screen.csv`: the overlaps table with one more row for every right without an overlap
    /// (clear and near ones: verdict and areas, empty overlap columns), so every right appears.
    public static func csvTable(_ result: ScreenResult) -> Table {
        var table = overlapsColumns(result)
        let kept = keptNames(result)
        for right in result.rights {
            let rows = overlapRows(right, kept: kept)
            if !rows.isEmpty {
                table.rows += rows
                continue
            }
            table.rows.append([.string(right.id), .text(right.name), .string(right.verdict.rawValue), .null, .null, .null,
                               .null, .null, .null, .null, .null, .null, .real(right.area.roundedMu), .real(right.retainedArea.roundedMu)]
                              + keptValues(right, kept))
        }
        return table
    }

    public static func nearTable(_ result: ScreenResult) -> Table {
        var table = Table(name: "near", columns: [
            .text("right_id"), .text("right_name"), .text("layer"), .text("feature_id"), .text("feature_name"), .text("class"),
            .number("distance_m"),
        ])
        for right in result.rights {
            for near in right.near {
                table.rows.append([.string(right.id), .text(right.name), .string(near.layer), .string(near.featureID),
                                   .text(near.featureName), .text(near.class), .real(near.distanceM)])
            }
        }
        return table
    }

    /// Rights with verdicts, overlaps and retained (shrunk) rights as GeoPackage layers, each
    /// geometry written from its WKB as it is (GEOS-made, 2D).
    public static func writeGeoPackage(_ outcome: ScreenOutcome, to path: String) throws {
        guard let geometries = outcome.geometries else { return }
        let crs = geometries.crs
        let context = try GEOSContext()
        let writer = try VectorWriter(path: path)
        let rights = rightsTable(outcome.result)
        let rightsLayer = try writer.createLayer(name: "rights", crs: crs, geometryType: .multiPolygon, fields: rights.columns)
        for (row, shapes) in zip(rights.rows, geometries.rights) {
            try rightsLayer.add(wkb: shapes.right, values: row)
        }
        let overlaps = overlapsTable(outcome.result)
        let overlapLayer = try writer.createLayer(name: "overlaps", crs: crs, geometryType: .multiPolygon, fields: overlaps.columns)
        let overlapWKBs = geometries.rights.flatMap(\.overlaps)
        for (row, wkb) in zip(overlaps.rows, overlapWKBs) {
            try overlapLayer.add(wkb: wkb, values: row)
        }
        let retainedLayer = try writer.createLayer(name: "retained", crs: crs, geometryType: .multiPolygon, fields: [
            .text("id"), .text("name"), .number("area_mu"), .number("retained_area_m2"), .number("retained_area_mu"),
            .number("retained_area_ha"),
        ])
        for (right, shapes) in outcome.rows where right.isShrunk {
            // A right wholly inside prohibited zones retains nothing: no feature, not an empty one,
            // nor the slivers the overlay leaves along the zones' borders (0 m² as printed; the
            // corner files skip them alike).
            guard right.retainsLand else { continue }
            if try context.geometry(wkb: shapes.retained).isEmpty { continue }  // valid: made so where it was computed
            try retainedLayer.add(wkb: shapes.retained, values: [.string(right.id), .text(right.name), .real(right.area.roundedMu)]
                                  + BoundaryReport.areaCells(right.retainedArea))
        }
        try writer.commit()
    }

    /// The retained boundary of every shrunk right that keeps land as a corner-coordinate file
    /// (exchange format) in the right's own Gauss-Krüger zone: `retained/<id>.txt`
    /// (`SafeFileName`), and `retained/index.csv` mapping each file to its right's id. GBK unless
    /// `encoding` says otherwise; valid after rounding to 0.01 m (`RetainedCornerFile`). A right
    /// whose retained area is 0 (nothing left, or only slivers below `min_area_m2`) gets no file.
    public static func writeRetainedCornerFiles(_ outcome: ScreenOutcome, output: OutputDirectory, encoding: CornerTextEncoding = .gbk,
                                                workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [String] {
        let rows = retainedRows(outcome)
        if !rows.isEmpty { output.announce(folder: "retained") }
        return try writeRetainedCornerFiles(rows, minAreaM2: outcome.result.minAreaM2, output: output, encoding: encoding,
                                            workers: workers, alongside: [])
    }

    /// The corner files of `rows` (`retainedRows`; the caller has announced "retained/"), and
    /// `alongside` them the set's other files (`ConcurrentFiles`, in file order, claimed in
    /// `order`) on the same `workers`, first: a report or a GeoPackage takes a worker while the
    /// others make corner files, instead of every worker waiting for the slowest file at the end.
    static func writeRetainedCornerFiles(_ rows: [(right: RightResult, shapes: RightShapes)], minAreaM2: Double,
                                         output: OutputDirectory, encoding: CornerTextEncoding = .gbk,
                                         workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                         alongside: [ConcurrentFiles.Writer], order: [Int]? = nil) throws -> [String] {
        let files = try cornerFiles(rows, minAreaM2: minAreaM2, encoding: encoding, workers: workers, alongside: alongside, order: order)
        var written: [String] = []
        var index = Table(name: "retained", columns: [.text("file"), .text("id"), .text("name")])
        var seen: [String: Int] = [:]
        for (row, data) in zip(rows, files) {
            guard let data else { continue }
            // A duplicate id (a warning, both rights screened) gets a file of its own, `~2`,
            // `~3`, … after the first: found from the index, as a shortened name is.
            let occurrence = seen[row.right.id, default: 0] + 1
            seen[row.right.id] = occurrence
            let name = SafeFileName.encode(row.right.id, suffix: occurrence == 1 ? ".txt" : "~\(occurrence).txt")
            try output.write(data, as: "retained/\(name)")
            index.rows.append([.string(name), .string(row.right.id), .text(row.right.name)])
            written.append(name)
        }
        if !written.isEmpty { try TableWriter.writeCSV(index, to: try output.path("retained/index.csv")) }
        return written
    }

    /// The rights that get a retained corner file (if land of at least `min_area_m2` is left
    /// once it is on the grid).
    static func retainedRows(_ outcome: ScreenOutcome) -> [(right: RightResult, shapes: RightShapes)] {
        outcome.rows.filter { $0.right.isShrunk && $0.right.retainsLand && $0.shapes.retainedInZone != nil }
    }

    /// The corner files' bytes of `rows` (nil: nothing of at least `minAreaM2` left), in order,
    /// made on `workers` threads (snapping to the 0.01 m grid costs GEOS far more than the file),
    /// after the `alongside` files (`ConcurrentFiles`, claimed in `order`).
    static func cornerFiles(_ rows: [(right: RightResult, shapes: RightShapes)], minAreaM2: Double, encoding: CornerTextEncoding,
                            workers: Int, alongside: [ConcurrentFiles.Writer] = [], order: [Int]? = nil) throws -> [Data?] {
        // Each worker: a GEOS context, and an area calculator per zone (setting one up asks PROJ
        // for its operations).
        try ConcurrentFiles.write(alongside, order: order, workers: workers, thenMap: rows.count,
                                  local: { (context: try GEOSContext(), areas: [Int: AreaCalculator]()) }) { local, index -> Data? in
            let (right, shapes) = rows[index]
            guard let zoned = shapes.retainedInZone else { return nil }
            if local.areas[zoned.epsg] == nil { local.areas[zoned.epsg] = try AreaCalculator(crs: try SpatialReference(epsg: zoned.epsg)) }
            let file = try retainedCornerFile(right, zoned: zoned, minAreaM2: minAreaM2, context: local.context, areas: local.areas[zoned.epsg])
            return try file.map { try RetainedCornerFile.data($0, encoding: encoding) }
        }
    }

    /// One right's retained geometry as a corner file (`RetainedCornerFile`): a block per polygon,
    /// points J1, J2, …; nil when nothing of at least `minAreaM2` is left.
    ///
    /// The file must hold the land the result printed: snapping to 0.01 m and dropping parts
    /// below `minAreaM2` take off little, so a file short by more than 1 % (and ten minimum
    /// areas) means the shape was lost on its way into the zone — an error naming the right,
    /// never a missing or shrunken file handed on as the retained licence area.
    static func retainedCornerFile(_ right: RightResult, zoned: (epsg: Int, wkb: [UInt8]), minAreaM2: Double, context: GEOSContext,
                                   areas: AreaCalculator? = nil) throws -> CornerFile? {
        let file = try RetainedCornerFile.file(geometry: try context.geometry(wkb: zoned.wkb), epsg: zoned.epsg,
                                               name: right.name ?? right.id, minAreaM2: minAreaM2, areas: areas)
        let written = (file?.blocks ?? []).reduce(0.0) { $0 + (Double($1.attributes["地块面积"] ?? "") ?? 0) * 10_000 }
        let printed = right.retainedArea.m2
        guard written >= printed * 0.99 - 10 * max(minAreaM2, 1) else {
            throw InputError("right \(right.id): its retained corner file would hold \(String(format: "%.2f", written)) m² of the "
                             + "\(String(format: "%.2f", printed)) m² retained (EPSG:\(zoned.epsg)); not written — please report this right")
        }
        return file
    }
}
