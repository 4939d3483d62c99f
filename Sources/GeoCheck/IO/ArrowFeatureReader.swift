import CGDAL

/// Reads a layer's features in record batches through GDAL's Arrow C stream
/// (`OGR_L_GetArrowStream`, GDAL ≥ 3.6: FID, the fields not ignored, the geometry as WKB), instead
/// of one OGR feature and one WKB export at a time. It gives the same features as the feature
/// reader, in the same order, their WKB borrowed from the batch, or stops: at the first feature
/// whose geometry OGR would change or must judge (`WKBSummary` is nil), on a stream error, or at
/// the start when the stream or a wanted field's column is not what it expects. The feature reader then goes on
/// from that feature, so ids, values and error messages are the feature reader's own.
enum ArrowFeatureReader {
    enum Outcome: Equatable {
        case finished
        /// Read up to (not including) this feature index; the rest is the feature reader's.
        case stopped(at: Int)
    }

    /// Features per batch. GDAL's default, 65,536, raised the peak RSS of the red-line benchmark
    /// (20,000 rights) from 191 to 218 MB; 16,384: 194 MB, the same read time.
    static let batchSize = 16_384

    /// Hands every feature of `layer` (filters applied, reading reset first) to `body` in layer
    /// order, with the fields `wanted[i]` set (others null), until the end or a stop.
    static func read(_ layer: VectorLayer, fields: [FieldDefinition], wanted: [Bool],
                     _ body: (FeatureView) throws -> Void) throws -> Outcome {
        guard let definition = OGR_L_GetLayerDefn(layer.handle), OGR_FD_GetGeomFieldCount(definition) == 1 else {
            return .stopped(at: 0)
        }
        OGR_L_ResetReading(layer.handle)
        var stream = ArrowArrayStream()
        // OGR_L_GetArrowStream: false (and nothing to release) when the layer cannot stream.
        let opened = GDAL.withStringList(["INCLUDE_FID=YES", "MAX_FEATURES_IN_BATCH=\(batchSize)"]) { OGR_L_GetArrowStream(layer.handle, &stream, $0) }
        guard opened, let getSchema = stream.get_schema, let getNext = stream.get_next else { return .stopped(at: 0) }
        defer {
            if let release = stream.release { release(&stream) }
            OGR_L_ResetReading(layer.handle)
        }
        var schema = ArrowSchema()
        // get_schema / get_next: 0 on success, an errno value on failure.
        guard getSchema(&stream, &schema) == 0 else { return .stopped(at: 0) }
        defer { if let release = schema.release { release(&schema) } }
        guard let plan = ArrowBatchPlan(schema: &schema, fields: fields, wanted: wanted) else { return .stopped(at: 0) }
        var delivered = 0
        // One buffer for every feature's values: unique again once `body` is done with a
        // feature (unless it kept them, when it is copied), so no array is made per feature.
        var values: [FieldValue] = []
        while true {
            let owner = BatchOwner(layer: layer)
            guard getNext(&stream, &owner.array) == 0 else { return .stopped(at: delivered) }
            guard owner.array.release != nil else { break }  // released-marked array: the end
            guard let batch = plan.batch(&owner.array) else { return .stopped(at: delivered) }
            for row in 0..<batch.length {
                guard let feature = batch.feature(row, values: &values, owner: owner) else { return .stopped(at: delivered) }
                try body(feature)
                delivered += 1
            }
        }
        // A read error ends the generic stream early, as it ends the feature loop.
        return CPLGetLastErrorType() == CE_Failure ? .stopped(at: delivered) : .finished
    }
}

/// One record batch of the stream, released (its buffers freed by GDAL) with the last reference:
/// at the end of its turn in the read, or later when a `WKBStore` kept its features' WKB in place.
/// It holds its layer (and so the dataset) open until then: GDAL's documentation lets a driver's
/// arrays depend on their layer (3.6's generic and GeoPackage arrays own their buffers).
final class BatchOwner {
    var array = ArrowArray()
    private let layer: VectorLayer

    init(layer: VectorLayer) { self.layer = layer }

    deinit {
        if let release = array.release { release(&array) }
    }
}

/// Which column of the stream's batches holds what: the FID first, then the fields not ignored in
/// layer order, the WKB geometry last (how GDAL lays a layer out with `INCLUDE_FID=YES`).
struct ArrowBatchPlan {
    /// Column per layer field, for the wanted fields.
    let fieldColumns: [Int?]
    let fieldTypes: [FieldType]
    let columnCount: Int
    let formats: [String]

    /// Nil when the schema is not laid out so, or a wanted field has no column that converts
    /// exactly (`ArrowFieldColumn.converts`).
    init?(schema: inout ArrowSchema, fields: [FieldDefinition], wanted: [Bool]) {
        guard String(cString: schema.format) == "+s", schema.n_children >= 2, let children = schema.children else { return nil }
        var names: [String] = []
        var formats: [String] = []
        for index in 0..<Int(schema.n_children) {
            guard let child = children[index], child.pointee.dictionary == nil else { return nil }
            names.append(child.pointee.name.map { String(cString: $0) } ?? "")
            formats.append(String(cString: child.pointee.format))
        }
        guard formats.first == "l", let geometry = formats.last, ArrowColumn.Layout(format: geometry).map({ $0 == .bytes32 || $0 == .bytes64 }) == true else { return nil }
        var columns = [Int?](repeating: nil, count: fields.count)
        var next = 0
        for column in 1..<(names.count - 1) {
            guard let field = fields[next...].firstIndex(where: { $0.name == names[column] }) else { return nil }
            columns[field] = column
            next = field + 1
        }
        for (field, definition) in fields.enumerated() where wanted[field] {
            guard let column = columns[field], let layout = ArrowColumn.Layout(format: formats[column]),
                  ArrowFieldColumn.converts(definition.type, layout) else { return nil }
        }
        fieldColumns = columns.enumerated().map { wanted[$0.offset] ? $0.element : nil }
        fieldTypes = fields.map(\.type)
        columnCount = names.count
        self.formats = formats
    }

    /// The columns of one batch (a struct array of this schema), or nil when it is not one.
    func batch(_ array: UnsafeMutablePointer<ArrowArray>) -> ArrowBatch? {
        let batch = array.pointee
        guard batch.n_children == columnCount, let children = batch.children else { return nil }
        func column(_ index: Int) -> ArrowColumn? {
            children[index].flatMap { ArrowColumn($0, format: formats[index], parentOffset: Int(batch.offset)) }
        }
        guard let fid = column(0), let geometry = column(columnCount - 1) else { return nil }
        var fields: [ArrowFieldColumn?] = []
        for (field, index) in fieldColumns.enumerated() {
            guard let index else { fields.append(nil); continue }
            guard let values = column(index) else { return nil }
            fields.append(ArrowFieldColumn(column: values, type: fieldTypes[field]))
        }
        let length = Int(batch.length)
        guard ([fid, geometry] + fields.compactMap { $0?.column }).allSatisfy({ $0.length >= length }) else { return nil }
        return ArrowBatch(length: length, fid: fid, geometry: geometry, fields: fields)
    }
}

/// One record batch's columns, read row by row into features.
struct ArrowBatch {
    let length: Int
    let fid: ArrowColumn
    let geometry: ArrowColumn
    let fields: [ArrowFieldColumn?]

    /// The feature at `row` (its WKB in the batch, which `owner` keeps), its field values written
    /// into `values` (emptied first), or nil when the feature reader must read it.
    func feature(_ row: Int, values: inout [FieldValue], owner: BatchOwner) -> FeatureView? {
        guard !fid.isNull(row) else { return nil }
        var wkb: UnsafeRawBufferPointer?
        var summary: WKBSummary?
        if !geometry.isNull(row) {
            let bytes = geometry.bytes(row)
            summary = WKBSummary(bytes)
            guard summary != nil else { return nil }
            wkb = bytes
        }
        values.removeAll(keepingCapacity: true)
        for field in fields {
            guard let field else {
                values.append(.null)
                continue
            }
            guard let value = field.value(row) else { return nil }
            values.append(value)
        }
        return FeatureView(fid: fid.integer(row), wkb: wkb, owner: owner, envelope: summary?.envelope, values: values,
                           kind: summary?.kind ?? .none)
    }
}
