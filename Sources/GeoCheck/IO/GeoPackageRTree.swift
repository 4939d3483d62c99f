import Foundation

/// The spatial index of a GeoPackage table written by `VectorWriter` (the `gpkg_rtree_index`
/// extension), packed once the features are in and written as SQLite's R-tree stores it.
///
/// GDAL 3.6 builds it at the end by inserting every feature's box into SQLite's R*-tree one by
/// one: 4.5 µs a feature, half of what a 20,000-right results GeoPackage costs (GDAL ≥ 3.7 packs
/// it the same way as here). The tree is sort-tile-recursive: boxes sorted into vertical slices
/// by their centres' x, each slice by y, cut into full nodes; the nodes' boxes likewise, up to one
/// root.
///
/// SQLite's `rtree` module keeps a tree in three tables:
/// - `<name>_node`: node number (1 is the root) and a blob of the node's fixed size: the tree's
///   depth (in the root only) and the cell count as big-endian 16-bit integers, then per cell a
///   big-endian 64-bit id (a feature's, or a child node's number) and minX, maxX, minY, maxY as
///   big-endian 32-bit floats;
/// - `<name>_rowid`: each feature's id and its leaf;
/// - `<name>_parent`: each node below the root and its parent.
///
/// Boxes are rounded outwards to floats as SQLite rounds a value inserted through SQL, so the
/// tables hold what GDAL's index would (a test compares them). The triggers that keep the index in
/// step with later edits and the extension's row are those GDAL 3.6 writes (GeoPackage 1.2).
struct GeoPackageRTree {
    struct Entry {
        var id: Int64
        var box: Box
    }

    private(set) var entries: [Entry] = []

    /// Adds a feature's box (an empty geometry has none and is not indexed, as in GDAL).
    mutating func add(id: Int64, _ box: Envelope) {
        entries.append(Entry(id: id, box: Box(minX: Self.down(box.minX), maxX: Self.up(box.maxX), minY: Self.down(box.minY), maxY: Self.up(box.maxY))))
    }

    /// SQLite's `rtreeValueDown`: the nearest float, moved towards −∞ by a relative 2⁻²³ when it
    /// is above the value. NaN is 0, as SQLite stores it (a NaN in a node's box would hide the
    /// node's features from every search).
    static func down(_ value: Double) -> Float {
        if value.isNaN { return 0 }
        let rounded = Float(value)
        return Double(rounded) > value ? Float(value * (value < 0 ? 1 + 1 / 8_388_608.0 : 1 - 1 / 8_388_608.0)) : rounded
    }

    /// SQLite's `rtreeValueUp`: the nearest float, moved towards +∞ when it is below the value;
    /// NaN is 0.
    static func up(_ value: Double) -> Float {
        if value.isNaN { return 0 }
        let rounded = Float(value)
        return Double(rounded) < value ? Float(value * (value < 0 ? 1 - 1 / 8_388_608.0 : 1 + 1 / 8_388_608.0)) : rounded
    }

    /// Creates the index of `column` of `table` (whose ids are in `fidColumn`) in `dataset`,
    /// inside the writer's transaction.
    func write(table: String, column: String, fidColumn: String, into dataset: VectorDataset) throws {
        let name = "rtree_\(table)_\(column)"
        let label = "\(dataset.source)|layername=\(table): spatial index"
        try dataset.execute("CREATE VIRTUAL TABLE \(SQLText.identifier(name)) USING rtree(id, minx, maxx, miny, maxy)", label: label)
        // The node size SQLite chose for the page size (its empty root is written on creation).
        guard let nodeSize = try dataset.rows("SELECT length(data) FROM \(SQLText.identifier(name + "_node")) WHERE nodeno = 1", label: label)
                .first?.first.flatMap({ Int($0) }), nodeSize >= 4 + 2 * Self.cellSize else {
            throw GDALError(source: label, function: "CREATE VIRTUAL TABLE … USING rtree", message: "SQLite made no R-tree root node")
        }
        if !entries.isEmpty {  // else the empty root is the index
            let tree = Tree(boxes: entries.map(\.box), capacity: min((nodeSize - 4) / Self.cellSize, 51))
            try writeNodes(tree, name: name, nodeSize: nodeSize, dataset: dataset, label: label)
        }
        try dataset.execute("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT NULL,"
                            + "definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))",
                            label: label)
        try dataset.execute("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES ("
                            + "\(SQLText.literal(table)), \(SQLText.literal(column)), 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', "
                            + "'write-only')", label: label)
        for trigger in Self.triggers(name: name, table: table, column: column, fid: fidColumn) {
            try dataset.execute(trigger, label: label)
        }
    }

    private static let cellSize = 8 + 4 * 4

    /// The nodes, the leaves' rows and the parents, in statements of at most ~1 MB.
    private func writeNodes(_ tree: Tree, name: String, nodeSize: Int, dataset: VectorDataset, label: String) throws {
        var blob = [UInt8](repeating: 0, count: nodeSize)
        func encode(_ cells: [(id: Int64, box: Box)], depth: Int) {
            for index in blob.indices { blob[index] = 0 }
            putBigEndian(UInt16(depth), at: 0)
            putBigEndian(UInt16(cells.count), at: 2)
            for (position, cell) in cells.enumerated() {
                let at = 4 + position * Self.cellSize
                putBigEndian(UInt64(bitPattern: cell.id), at: at)
                putBigEndian(cell.box.minX.bitPattern, at: at + 8)
                putBigEndian(cell.box.maxX.bitPattern, at: at + 12)
                putBigEndian(cell.box.minY.bitPattern, at: at + 16)
                putBigEndian(cell.box.maxY.bitPattern, at: at + 20)
            }
        }
        func putBigEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.bigEndian) { bytes in for (index, byte) in bytes.enumerated() { blob[offset + index] = byte } }
        }
        let node = SQLText.identifier(name + "_node")
        var statement = SQLRows(prefix: "INSERT INTO \(node) (nodeno, data) VALUES ")
        for level in stride(from: tree.levels.count - 1, through: 0, by: -1) {
            for (group, members) in tree.levels[level].enumerated() {
                let cells = members.map { member -> (id: Int64, box: Box) in
                    (level == 0 ? entries[member].id : Int64(tree.number(level - 1, member)), tree.boxes[level][member])
                }
                encode(cells, depth: level == tree.levels.count - 1 ? level : 0)
                let number = tree.number(level, group)
                if number == 1 {
                    try dataset.execute("UPDATE \(node) SET data = X'\(hex(blob))' WHERE nodeno = 1", label: label)
                } else {
                    try statement.add("(\(number), X'\(hex(blob))')", dataset: dataset, label: label)
                }
            }
        }
        try statement.flush(dataset: dataset, label: label)
        var rowids = SQLRows.pairs(into: SQLText.identifier(name + "_rowid"), columns: ("rowid", "nodeno"))
        for (group, members) in tree.levels[0].enumerated() {
            let number = tree.number(0, group)
            for member in members { try rowids.add("[\(entries[member].id),\(number)]", dataset: dataset, label: label) }
        }
        try rowids.flush(dataset: dataset, label: label)
        var parents = SQLRows.pairs(into: SQLText.identifier(name + "_parent"), columns: ("nodeno", "parentnode"))
        for level in 1..<tree.levels.count {
            for (group, members) in tree.levels[level].enumerated() {
                for member in members { try parents.add("[\(tree.number(level - 1, member)),\(tree.number(level, group))]", dataset: dataset, label: label) }
            }
        }
        try parents.flush(dataset: dataset, label: label)
    }

    /// The six triggers GDAL 3.6 writes with an index (GeoPackage 1.2, `rtree_<t>_<c>_insert` …).
    static func triggers(name: String, table: String, column: String, fid: String) -> [String] {
        let (r, t, c, f) = (SQLText.identifier(name), SQLText.identifier(table), SQLText.identifier(column), SQLText.identifier(fid))
        let values = "VALUES (NEW.\(f),ST_MinX(NEW.\(c)), ST_MaxX(NEW.\(c)),ST_MinY(NEW.\(c)), ST_MaxY(NEW.\(c)))"
        func trigger(_ suffix: String) -> String { "CREATE TRIGGER \(SQLText.identifier(name + "_" + suffix))" }
        return [
            "\(trigger("insert")) AFTER INSERT ON \(t) WHEN (new.\(c) NOT NULL AND NOT ST_IsEmpty(NEW.\(c))) BEGIN INSERT OR REPLACE INTO \(r) \(values); END",
            "\(trigger("update1")) AFTER UPDATE OF \(c) ON \(t) WHEN OLD.\(f) = NEW.\(f) AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c))) "
                + "BEGIN INSERT OR REPLACE INTO \(r) \(values); END",
            "\(trigger("update2")) AFTER UPDATE OF \(c) ON \(t) WHEN OLD.\(f) = NEW.\(f) AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c))) "
                + "BEGIN DELETE FROM \(r) WHERE id = OLD.\(f); END",
            "\(trigger("update3")) AFTER UPDATE ON \(t) WHEN OLD.\(f) != NEW.\(f) AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c))) "
                + "BEGIN DELETE FROM \(r) WHERE id = OLD.\(f); INSERT OR REPLACE INTO \(r) \(values); END",
            "\(trigger("update4")) AFTER UPDATE ON \(t) WHEN OLD.\(f) != NEW.\(f) AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c))) "
                + "BEGIN DELETE FROM \(r) WHERE id IN (OLD.\(f), NEW.\(f)); END",
            "\(trigger("delete")) AFTER DELETE ON \(t) WHEN old.\(c) NOT NULL BEGIN DELETE FROM \(r) WHERE id = OLD.\(f); END",
        ]
    }

    /// A box of the tree (floats, as stored).
    struct Box {
        var minX, maxX, minY, maxY: Float

        init(minX: Float, maxX: Float, minY: Float, maxY: Float) {
            (self.minX, self.maxX, self.minY, self.maxY) = (minX, maxX, minY, maxY)
        }

        func union(_ other: Box) -> Box {
            Box(minX: min(minX, other.minX), maxX: max(maxX, other.maxX), minY: min(minY, other.minY), maxY: max(maxY, other.maxY))
        }

        var centerX: Double { (Double(minX) + Double(maxX)) / 2 }
        var centerY: Double { (Double(minY) + Double(maxY)) / 2 }
    }

    /// A sort-tile-recursive tree: `levels[0]` the leaves (groups of entry indices), each level above
    /// groups of the nodes below, the last level one root. `boxes[l]` are the boxes of level l's
    /// members (the entries' for l = 0, the nodes of level l − 1 above).
    struct Tree {
        private(set) var levels: [[[Int]]] = []
        private(set) var boxes: [[Box]] = []
        /// Node numbers: the root 1, then level by level downwards.
        private var firstNumber: [Int] = []

        init(boxes entries: [Box], capacity: Int) {
            var members = entries
            repeat {
                let groups = Self.pack(members, capacity: capacity)
                boxes.append(members)
                levels.append(groups)
                members = groups.map { group in group.dropFirst().reduce(members[group[0]]) { $0.union(members[$1]) } }
            } while levels.last?.count ?? 0 > 1
            var next = 1
            firstNumber = Array(repeating: 0, count: levels.count)
            for level in stride(from: levels.count - 1, through: 0, by: -1) {
                firstNumber[level] = next
                next += levels[level].count
            }
        }

        /// The node number of group `group` of `level`.
        func number(_ level: Int, _ group: Int) -> Int { firstNumber[level] + group }

        /// `boxes` in groups of at most `capacity` (by index): sorted by centre x into ⌈√(leaves)⌉
        /// slices, each slice by centre y and cut into full groups. Nothing: one empty group.
        static func pack(_ boxes: [Box], capacity: Int) -> [[Int]] {
            guard boxes.count > capacity else { return [Array(boxes.indices)] }
            let leaves = (boxes.count + capacity - 1) / capacity
            let slice = Int(Double(leaves).squareRoot().rounded(.up)) * capacity
            let byX = boxes.indices.sorted { (boxes[$0].centerX, $0) < (boxes[$1].centerX, $1) }
            var groups: [[Int]] = []
            groups.reserveCapacity(leaves)
            for start in stride(from: 0, to: byX.count, by: slice) {
                let byY = byX[start..<min(start + slice, byX.count)].sorted { (boxes[$0].centerY, $0) < (boxes[$1].centerY, $1) }
                for first in stride(from: 0, to: byY.count, by: capacity) { groups.append(Array(byY[first..<min(first + capacity, byY.count)])) }
            }
            return groups
        }
    }
}

/// Rows of one `INSERT` statement, run when it reaches ~1 MB: `prefix`, the rows joined by
/// commas, `suffix`.
private struct SQLRows {
    let prefix: String
    let suffix: String
    private var text = ""
    private var rows = 0

    init(prefix: String, suffix: String = "") {
        self.prefix = prefix
        self.suffix = suffix
    }

    /// Pairs of integers as a JSON array read by `json_each` (a multi-row `VALUES` costs SQLite
    /// a parsed select per row: 1 µs a feature).
    static func pairs(into table: String, columns: (String, String)) -> SQLRows {
        SQLRows(prefix: "INSERT INTO \(table) (\(columns.0), \(columns.1)) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') "
                + "FROM json_each('[", suffix: "]')")
    }

    mutating func add(_ row: String, dataset: VectorDataset, label: String) throws {
        text += rows == 0 ? prefix + row : "," + row
        rows += 1
        if text.utf8.count >= 1 << 20 { try flush(dataset: dataset, label: label) }
    }

    mutating func flush(dataset: VectorDataset, label: String) throws {
        guard rows > 0 else { return }
        try dataset.execute(text + suffix, label: label)
        (text, rows) = ("", 0)
    }
}

/// The bytes in upper-case hexadecimal.
private func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out = [UInt8](repeating: 0, count: bytes.count * 2)
    for (index, byte) in bytes.enumerated() {
        out[2 * index] = digits[Int(byte >> 4)]
        out[2 * index + 1] = digits[Int(byte & 0x0F)]
    }
    return String(decoding: out, as: UTF8.self)
}
