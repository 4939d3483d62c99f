import CGDAL
import Foundation

/// An error from GDAL/OGR/OSR, naming the source and the C function. A message GDAL gave
/// (`GDAL.error`) is shown after the function ("source: function: message"); geocheck's own
/// explanation of a failed call reads "source: message"; no message, "source: function failed".
public struct GDALError: Error, CustomStringConvertible, Sendable {
    public let source: String
    public let function: String
    public let message: String
    /// True when `message` is GDAL's own (`CPLGetLastErrorMsg`).
    public let fromGDAL: Bool

    public init(source: String, function: String, message: String, fromGDAL: Bool = false) {
        self.source = source
        self.function = function
        self.message = message
        self.fromGDAL = fromGDAL
    }

    public var description: String {
        let detail = message.isEmpty ? "\(function) failed" : fromGDAL ? "\(function): \(message)" : message
        return source.isEmpty ? detail : "\(source): \(detail)"
    }
}

/// Process-wide GDAL set-up: drivers registered once, GDAL's own printing to stderr replaced
/// by a quiet handler (messages are read with `CPLGetLastErrorMsg` where calls fail).
enum GDAL {
    static let registered: Bool = {
        GDALAllRegister()
        CPLSetErrorHandler(CPLQuietErrorHandler)
        // Shapefiles with a missing .shx are common in hand-copied deliveries.
        CPLSetConfigOption("SHAPE_RESTORE_SHX", "YES")
        return true
    }()

    static func ensure() { _ = registered }

    /// GDAL's last error message (and reset), for a call that just failed.
    static func error(_ function: String, source: String) -> GDALError {
        let message = CPLGetLastErrorMsg().map { String(cString: $0) } ?? ""
        CPLErrorReset()
        return GDALError(source: source, function: function, message: message, fromGDAL: true)
    }

    /// A NULL-terminated C string list for GDAL options (`CSLSetNameValue` style `KEY=VALUE`).
    static func withStringList<T>(_ items: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T) rethrows -> T {
        var pointers: [UnsafeMutablePointer<CChar>?] = items.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return try pointers.withUnsafeMutableBufferPointer { try body(items.isEmpty ? nil : $0.baseAddress) }
    }

    /// The same list as GDAL's `const char *const *` parameters want it.
    static func constList(_ list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> UnsafePointer<UnsafePointer<CChar>?>? {
        list.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
    }
}
