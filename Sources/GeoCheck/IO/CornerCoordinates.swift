// TEMPORARY interface placeholder: replaced by the real parser/writer (helper delivery).
import Foundation
public enum Datum: String, Sendable, Codable { case cgcs2000, xian1980, beijing1954 }
public enum CornerFileForm: String, Sendable { case exchange, submission, plainList }
public struct CornerPoint: Equatable, Sendable { public var name: String; public var northing: Double; public var easting: Double; public var line: Int
  public init(name: String, northing: Double, easting: Double, line: Int) { self.name = name; self.northing = northing; self.easting = easting; self.line = line } }
public struct CornerBlock: Sendable { public var id: String; public var rings: [[CornerPoint]]; public var top: Double?; public var bottom: Double?; public var attributes: [String: String]; public var line: Int
  public init(id: String, rings: [[CornerPoint]], top: Double?, bottom: Double?, attributes: [String: String], line: Int) { self.id = id; self.rings = rings; self.top = top; self.bottom = bottom; self.attributes = attributes; self.line = line } }
public struct CornerFile: Sendable { public var path: String; public var form: CornerFileForm; public var encoding: String; public var datum: Datum; public var zoneWidth: Int; public var zone: Int; public var hasZonePrefix: Bool; public var epsg: Int; public var header: [String: String]; public var blocks: [CornerBlock]
  public init(path: String, form: CornerFileForm, encoding: String, datum: Datum, zoneWidth: Int, zone: Int, hasZonePrefix: Bool, epsg: Int, header: [String: String], blocks: [CornerBlock]) { self.path = path; self.form = form; self.encoding = encoding; self.datum = datum; self.zoneWidth = zoneWidth; self.zone = zone; self.hasZonePrefix = hasZonePrefix; self.epsg = epsg; self.header = header; self.blocks = blocks } }
public struct CornerFileError: Error, CustomStringConvertible { public let path: String; public let line: Int?; public let message: String; public var description: String { "\(path):\(line.map(String.init) ?? ""): \(message)" } }
public enum CornerCoordinates {
  public static func looksLikeCornerFile(_ data: Data, pathExtension: String) -> Bool { false }
  public static func parse(_ data: Data, path: String) throws -> CornerFile { throw CornerFileError(path: path, line: nil, message: "todo") }
  public static func write(_ file: CornerFile, form: CornerFileForm) -> String { "" }
  public static func epsg(datum: Datum, zoneWidth: Int, zone: Int, zonePrefix: Bool) throws -> Int { 0 }
}
