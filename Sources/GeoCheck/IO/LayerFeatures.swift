import CGDAL

extension VectorLayer {
    /// Streams every feature in layer order, filters applied. `fields`: the indices of the fields
    /// to read (nil: all); the others are ignored by the driver (`OGR_L_SetIgnoredFields`, unless
    /// an attribute filter may need them) and null in the records. Curved geometries are
    /// linearised and Z/M dropped before export as WKB.
    ///
    /// Read in batches through the Arrow stream (`ArrowFeatureReader`) as far as it goes, then
    /// feature by feature from where it stopped: one sequence of records either way.
    public func forEachFeature(fields wanted: [Int]? = nil, _ body: (FeatureRecord) throws -> Void) throws {
        try forEachFeatureView(fields: wanted) { try body($0.record) }
    }

    /// `forEachFeature` with each feature's WKB borrowed from the reader (`FeatureView`), for
    /// readers that copy the geometries into storage of their own.
    func forEachFeatureView(fields wanted: [Int]? = nil, _ body: (FeatureView) throws -> Void) throws {
        let definitions = fields
        let wantedFlags = definitions.indices.map { index in wanted.map { $0.contains(index) } ?? true }
        let ignored = attributeFilter == nil ? definitions.indices.filter { !wantedFlags[$0] }.map { definitions[$0].name } : []
        setIgnoredFields(ignored)
        defer { setIgnoredFields([]) }
        CPLErrorReset()
        var start = 0
        if readsInBatches {
            switch try ArrowFeatureReader.read(self, fields: definitions, wanted: wantedFlags, body) {
            case .finished: return
            case .stopped(let index): start = index
            }
        }
        CPLErrorReset()
        try forEachOGRFeature(from: start, fieldTypes: definitions.map(\.type), wanted: wantedFlags, body)
    }

    /// Fields the driver need not read (`OGR_L_SetIgnoredFields`, with OGR_STYLE; empty: none).
    private func setIgnoredFields(_ names: [String]) {
        // OGRERR_NONE, or an error for a name the layer does not have (they all come from it).
        guard !names.isEmpty else {
            _ = OGR_L_SetIgnoredFields(handle, nil)
            return
        }
        let list = names + ["OGR_STYLE"]
        GDAL.withStringList(list) { strings in
            strings?.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: list.count + 1) {
                _ = OGR_L_SetIgnoredFields(handle, $0)
            }
        }
    }

    /// The feature reader (`OGR_L_ResetReading` / `OGR_L_GetNextFeature`), from feature `start`.
    private func forEachOGRFeature(from start: Int, fieldTypes: [FieldType], wanted: [Bool],
                                   _ body: (FeatureView) throws -> Void) throws {
        OGR_L_ResetReading(handle)
        var index = 0
        while let feature = OGRFeature.next(of: handle) {
            defer { index += 1 }
            guard index >= start else { continue }
            try record(feature.handle, fieldTypes: fieldTypes, wanted: wanted).withView(body)
        }
        // A truncated file shows up as a read error after the last good feature.
        if CPLGetLastErrorType() == CE_Failure {
            throw GDAL.error("OGR_L_GetNextFeature", source: label)
        }
    }

    private func record(_ feature: OGRFeatureH, fieldTypes: [FieldType], wanted: [Bool]) throws -> FeatureRecord {
        let fid = OGR_F_GetFID(feature)
        var wkb: [UInt8]?
        var envelope: Envelope?
        var repairs: [String] = []
        var kind = GeometryKind.none
        if var geometry = OGR_F_GetGeometryRef(feature) {
            // A closed polyline is a parcel drawn as a line: read it as the polygon it is.
            if let polygon = ClosedLines.polygon(from: geometry) {
                OGR_F_SetGeometryDirectly(feature, polygon)
                geometry = polygon
            }
            kind = GeometryKind.of(geometry)
            if Self.hasUnclosedRing(geometry) {
                OGR_G_CloseRings(geometry)
                repairs.append("ring not closed: closed it")
            }
            wkb = try Self.exportWKB(geometry, label: "\(label) feature \(fid)")
            envelope = Self.envelope(of: geometry)
        }
        var values: [FieldValue] = []
        values.reserveCapacity(fieldTypes.count)
        for (index, type) in fieldTypes.enumerated() {
            let i = Int32(index)
            guard wanted[index], OGR_F_IsFieldSetAndNotNull(feature, i) != 0 else {
                values.append(.null)
                continue
            }
            switch type {
            case .integer: values.append(.integer(OGR_F_GetFieldAsInteger64(feature, i)))
            case .real: values.append(.real(OGR_F_GetFieldAsDouble(feature, i)))
            case .date:
                var year: Int32 = 0, month: Int32 = 0, day: Int32 = 0, hour: Int32 = 0, minute: Int32 = 0, tz: Int32 = 0
                var second: Float = 0
                if OGR_F_GetFieldAsDateTimeEx(feature, i, &year, &month, &day, &hour, &minute, &second, &tz) != 0 {
                    values.append(.date(String(format: "%04d-%02d-%02d", year, month, day)))
                } else {
                    values.append(.null)
                }
            default:
                values.append(.string(OGR_F_GetFieldAsString(feature, i).map { String(cString: $0) } ?? ""))
            }
        }
        return FeatureRecord(fid: fid, wkb: wkb, envelope: envelope, values: values, repairs: repairs, kind: kind)
    }

    /// True when a polygon ring's last point differs from its first (GEOS rejects such rings).
    static func hasUnclosedRing(_ geometry: OGRGeometryH) -> Bool {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        if type == wkbPolygon {
            for index in 0..<OGR_G_GetGeometryCount(geometry) {
                guard let ring = OGR_G_GetGeometryRef(geometry, index) else { continue }
                let count = OGR_G_GetPointCount(ring)
                guard count > 0 else { continue }
                var x0 = 0.0, y0 = 0.0, z0 = 0.0, x1 = 0.0, y1 = 0.0, z1 = 0.0
                OGR_G_GetPoint(ring, 0, &x0, &y0, &z0)
                OGR_G_GetPoint(ring, count - 1, &x1, &y1, &z1)
                if x0 != x1 || y0 != y1 { return true }
            }
            return false
        }
        if type == wkbMultiPolygon || type == wkbGeometryCollection {
            return (0..<OGR_G_GetGeometryCount(geometry)).contains { index in
                OGR_G_GetGeometryRef(geometry, index).map(hasUnclosedRing) ?? false
            }
        }
        return false
    }

    /// 2D ISO WKB of an OGR geometry; curves are linearised first.
    static func exportWKB(_ geometry: OGRGeometryH, label: String) throws -> [UInt8] {
        var exported: OGRGeometryH = geometry
        var linear: OGRGeometryH?
        if OGR_G_HasCurveGeometry(geometry, 0) != 0 || OGR_G_Is3D(geometry) != 0 || OGR_G_IsMeasured(geometry) != 0 {
            linear = OGR_G_GetLinearGeometry(geometry, 0, nil)
            if let linear {
                OGR_G_FlattenTo2D(linear)
                exported = linear
            }
        }
        defer { if let linear { OGR_G_DestroyGeometry(linear) } }
        let size = Int(OGR_G_WkbSize(exported))
        var bytes = [UInt8](repeating: 0, count: size)
        guard OGR_G_ExportToIsoWkb(exported, wkbNDR, &bytes) == OGRERR_NONE else {
            throw GDAL.error("OGR_G_ExportToIsoWkb", source: label)
        }
        return bytes
    }
}
