import Foundation

// Corner-coordinate files (拐点坐标): the value types and the public entry points (the
// Gauss-Krüger zone → EPSG table is `GaussKruger`, CRS/GaussKruger.swift). Parsing lives in CornerCoordinateParser.swift, writing in
// CornerCoordinateWriter.swift, text decoding in TextEncoding.swift (`TextEncoding.decodeLines`).
//
// Pure Swift (Foundation + iconv): no GEOS/GDAL/PROJ here. Areas are computed elsewhere.

/// The three textual forms of a corner-coordinate file.
public enum CornerFileForm: String, Sendable, CaseIterable {
    /// 坐标交换格式: `[属性描述]` header, `[地块坐标]` blocks (`…,@` header line, `point,ring,X,Y` lines).
    case exchange
    /// Mining-registration submission form: `XY001=1,2588801.00,39438457.00`, block end `XY005=标高,top,bottom,,1`.
    case submission
    /// Plain list: `J1, 3301996.14, 41405667.12`; a `*` line (`*,top,bottom,,block_no`) ends a block.
    case plainList
}

/// One corner point. X is northing, Y is easting (Chinese surveying axis order).
public struct CornerPoint: Equatable, Sendable {
    public var name: String
    /// X, northing in metres.
    public var northing: Double
    /// Y, easting in metres exactly as written, including the zone prefix when the file has one.
    public var easting: Double
    /// 1-based line of the file the point was read from (0 for points not read from a file).
    public var line: Int

    public init(name: String, northing: Double, easting: Double, line: Int = 0) {
        self.name = name
        self.northing = northing
        self.easting = easting
        self.line = line
    }
}

/// One block (地块 / 区块): one polygon, i.e. one feature.
public struct CornerBlock: Sendable {
    /// 地块编号 in the exchange format, else the 1-based block number as a string.
    public var id: String
    /// The rings in ring-number (exchange) or list order. Rings are open: the closing repeat of
    /// the first point is removed. Which ring is an outer ring, a hole or an island in a hole is
    /// decided by nesting when the polygon is built (`CornerLayer.polygon`), not by the order.
    public var rings: [[CornerPoint]]
    /// 开采标高 range (metres), when the file gives it.
    public var top: Double?
    public var bottom: Double?
    /// Exchange-format block header fields (界址点数, 地块面积, 地块编号, 地块名称, 图形属性, 图幅号,
    /// 地块用途, 地类编码) that are not empty; `区块号` for the block number written on a
    /// plain-list / submission block end line.
    public var attributes: [String: String]
    /// First line of the block.
    public var line: Int

    public init(
        id: String, rings: [[CornerPoint]], top: Double? = nil, bottom: Double? = nil,
        attributes: [String: String] = [:], line: Int = 0
    ) {
        self.id = id
        self.rings = rings
        self.top = top
        self.bottom = bottom
        self.attributes = attributes
        self.line = line
    }

    /// All points of all rings.
    public var pointCount: Int { rings.reduce(0) { $0 + $1.count } }
}

extension CornerBlock {
    /// The block of one polygon given as closed rings of x, y (easting, northing) pairs, as
    /// `Geometry.polygonRings()` returns them: each ring's closing point is dropped and the
    /// points are named J1, J2, … on through the holes. The one polygon → block conversion
    /// (`geocheck coords --to corner`, retained-area files).
    public init(id: String, polygonRings: [[Double]], top: Double? = nil, bottom: Double? = nil,
                attributes: [String: String] = [:]) {
        var number = 0
        let rings = polygonRings.map { ring in
            (0..<max(0, ring.count / 2 - 1)).map { index -> CornerPoint in
                number += 1
                return CornerPoint(name: "J\(number)", northing: ring[2 * index + 1], easting: ring[2 * index], line: 0)
            }
        }
        self.init(id: id, rings: rings, top: top, bottom: bottom, attributes: attributes)
    }
}

/// A parsed corner-coordinate file.
public struct CornerFile: Sendable {
    public var path: String
    public var form: CornerFileForm
    /// "UTF-8" or "GB18030".
    public var encoding: String
    public var datum: Datum
    /// 3 or 6.
    public var zoneWidth: Int
    /// Gauss-Krüger zone number (25–45 for 3° zones, 13–23 for 6° zones).
    public var zone: Int
    /// Eastings carry the zone prefix (e.g. `39438457.00`).
    public var hasZonePrefix: Bool
    /// EPSG code of the projected CRS matching datum / zoneWidth / zone / prefix.
    public var epsg: Int
    /// `[属性描述]` key=value pairs (and other `KEY=value` lines of the submission / plain forms).
    public var header: [String: String]
    public var blocks: [CornerBlock]
    /// The datum transformation to WGS 84 the file states (`转换参数=dx,dy,dz,rx,ry,rz,ds`:
    /// metres, arc-seconds, ppm; or 3 shifts), nil when it gives none.
    public var towgs84: [Double]?
    /// "csv" or "xlsx" when the corners were read from a table (`CornerTable`).
    public var table: String?

    public init(
        path: String = "", form: CornerFileForm = .plainList, encoding: String = "UTF-8",
        datum: Datum, zoneWidth: Int, zone: Int, hasZonePrefix: Bool, epsg: Int,
        header: [String: String] = [:], blocks: [CornerBlock]
    ) {
        self.path = path
        self.form = form
        self.encoding = encoding
        self.datum = datum
        self.zoneWidth = zoneWidth
        self.zone = zone
        self.hasZonePrefix = hasZonePrefix
        self.epsg = epsg
        self.header = header
        self.blocks = blocks
    }

    /// Builds a file for writing, computing the EPSG code (throws for a zone with no EPSG code).
    public init(
        datum: Datum, zoneWidth: Int, zone: Int, hasZonePrefix: Bool,
        blocks: [CornerBlock], header: [String: String] = [:]
    ) throws {
        let code = try CornerCoordinates.epsg(
            datum: datum, zoneWidth: zoneWidth, zone: zone, zonePrefix: hasZonePrefix)
        self.init(
            datum: datum, zoneWidth: zoneWidth, zone: zone, hasZonePrefix: hasZonePrefix,
            epsg: code, header: header, blocks: blocks)
    }

    /// Central meridian of the zone in degrees east.
    public var centralMeridian: Int {
        GaussKruger.centralMeridian(zoneWidth: zoneWidth, zone: zone)
    }
}

/// An error reading a corner-coordinate file; one line of text naming the file and line.
public struct CornerFileError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let line: Int?
    public let message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message` (or `path: message` without a line).
    public var description: String {
        var text = path.isEmpty ? "corner-coordinate file" : path
        if let line { text += ":\(line)" }
        text += ": " + message
        // Keep it one line whatever the input contained.
        return text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}

extension CornerFileError: LocalizedError {
    public var errorDescription: String? { description }
}

/// Entry points for corner-coordinate files.
public enum CornerCoordinates {

    /// Content sniffing on the first kilobytes: does this look like a corner-coordinate file?
    ///
    /// True when the text has `[属性描述]` or `[地块坐标]`, or `XY<digits>=` lines, or — for
    /// extensions other than csv/json/geojson/kml/gml/xml — every non-ignored line among the
    /// first 50 looks like `name sep number sep number`, a `*` block end, a header `KEY=value`
    /// or (before the first point) a heading, with at least three point lines.
    public static func looksLikeCornerFile(_ data: Data, pathExtension: String) -> Bool {
        let head = data.prefix(CornerSniffer.headSize)
        return CornerSniffer.classify(head: head, truncated: head.count < data.count, pathExtension: pathExtension) == .corner
    }

    /// Sniffs a file by its head only (never reads a large file whole); see `CornerSniff`.
    public static func sniff(path: String) -> CornerSniff {
        CornerSniffer.sniff(path: path, pathExtension: (path as NSString).pathExtension)
    }

    /// Parses a corner-coordinate file held in memory; `path` is used in error messages.
    public static func parse(_ data: Data, path: String, options: CornerReadOptions = CornerReadOptions()) throws -> CornerFile {
        let (lines, encoding) = try TextEncoding.decodeLines(data, path: path)
        if var geographic = try CornerTable.geographicList(lines, path: path, options: options) {
            geographic.encoding = encoding
            return geographic
        }
        var parser = CornerParser(lines: lines, path: path, options: options)
        var file = try parser.parse()
        file.encoding = encoding
        return file
    }

    /// Reads and parses a file; a missing, unreadable or oversized file is a `CornerFileError`
    /// naming it (`label`, default the path).
    public static func parse(contentsOf path: String, label: String? = nil, options: CornerReadOptions = CornerReadOptions()) throws -> CornerFile {
        let name = label ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CornerFileError(path: name, line: nil, message: "no such file")
        }
        if isDirectory.boolValue {
            throw CornerFileError(path: name, line: nil, message: "is a directory, not a corner-coordinate file")
        }
        if CornerTable.extensions.contains((path as NSString).pathExtension.lowercased()),
           let table = try CornerTable.file(path: path, label: name, options: options) {
            return table
        }
        return try parse(try contents(of: path, label: name), path: name, options: options)
    }

    /// The bytes of a corner file; an oversized or unreadable file is an error naming it.
    static func contents(of path: String, label: String) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= CornerSniffer.maximumFileSize else {
            throw CornerFileError(path: label, line: nil, message: "\(size >> 20) MB is too large for a corner-coordinate file (at most \(CornerSniffer.maximumFileSize >> 20) MB)")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CornerFileError(path: label, line: nil, message: "cannot read file (\(error.localizedDescription))")
        }
    }

    /// Writes `file` as text in the given form; `parse(write(x))` gives back the same blocks,
    /// rings, points, elevation ranges, zone and datum.
    public static func write(_ file: CornerFile, form: CornerFileForm) -> String {
        CornerWriter(file: file).write(form: form)
    }

    /// EPSG code of the Gauss-Krüger CRS for a datum, zone width (3 or 6), zone number
    /// (25–45 for 3°, 13–23 for 6°) and whether eastings carry the zone prefix (the table is
    /// `GaussKruger.epsg`); a `CornerFileError` for a width or zone with no code.
    public static func epsg(datum: Datum, zoneWidth: Int, zone: Int, zonePrefix: Bool) throws -> Int {
        guard zoneWidth == 3 || zoneWidth == 6 else {
            throw CornerFileError(path: "", line: nil, message: "zone width must be 3 or 6 degrees, not \(zoneWidth)")
        }
        guard let code = GaussKruger.epsg(datum: datum, zoneWidth: zoneWidth, zone: zone, zonePrefix: zonePrefix) else {
            let range = GaussKruger.zoneRange(zoneWidth: zoneWidth)
            throw CornerFileError(
                path: "", line: nil,
                message: "no EPSG code for \(zoneWidth)° Gauss-Krüger zone \(zone) (zones \(range.lowerBound)–\(range.upperBound))")
        }
        return code
    }
}
