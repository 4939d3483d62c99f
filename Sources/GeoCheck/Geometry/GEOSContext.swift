import CGEOS

/// An error raised by a GEOS call: the C function that failed and GEOS's own message.
public struct GEOSError: Error, CustomStringConvertible, Sendable {
    public let function: String
    public let message: String
    public var description: String { "GEOS \(function) failed: \(message.isEmpty ? "no message" : message)" }
}

/// Owns one GEOS context handle (`GEOS_init_r` / `GEOS_finish_r`) and collects the messages
/// GEOS reports through its error handler, so every failing call can throw them.
///
/// A context is not thread-safe: create one per thread or task, and use a geometry only with
/// the context that made it (move geometries between contexts as WKB).
public final class GEOSContext {
    let handle: GEOSContextHandle_t
    private var lastError = ""
    private var wkbReader: OpaquePointer?
    private var wkbWriter: OpaquePointer?

    public init() throws {
        // GEOS_init_r returns NULL only when it cannot allocate.
        guard let handle = GEOS_init_r() else {
            throw GEOSError(function: "GEOS_init_r", message: "cannot create a GEOS context")
        }
        self.handle = handle
        let me = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
            guard let userData, let message else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userData).takeUnretainedValue()
            context.lastError = String(cString: message)
        }, me)
        // Notices (e.g. "Self-intersection at …" from isValid) are informative only.
        GEOSContext_setNoticeMessageHandler_r(handle, { _, _ in }, nil)
    }

    deinit {
        if let wkbReader { GEOSWKBReader_destroy_r(handle, wkbReader) }
        if let wkbWriter { GEOSWKBWriter_destroy_r(handle, wkbWriter) }
        GEOS_finish_r(handle)
    }

    /// The error for a call that just failed, carrying GEOS's last message; clears it.
    func error(_ function: String) -> GEOSError {
        defer { lastError = "" }
        return GEOSError(function: function, message: lastError)
    }

    /// Wraps a returned geometry pointer: NULL means GEOS failed (message in the handler).
    func own(_ pointer: OpaquePointer?, _ function: String) throws -> Geometry {
        guard let pointer else { throw error(function) }
        return Geometry(owning: pointer, context: self)
    }

    /// GEOS predicates return 1 (true), 0 (false) or 2 (exception).
    func predicate(_ result: CChar, _ function: String) throws -> Bool {
        switch result {
        case 1: return true
        case 0: return false
        default: throw error(function)
        }
    }

    func reader() throws -> OpaquePointer {
        if let wkbReader { return wkbReader }
        guard let created = GEOSWKBReader_create_r(handle) else { throw error("GEOSWKBReader_create_r") }
        wkbReader = created
        return created
    }

    func writer() throws -> OpaquePointer {
        if let wkbWriter { return wkbWriter }
        guard let created = GEOSWKBWriter_create_r(handle) else { throw error("GEOSWKBWriter_create_r") }
        GEOSWKBWriter_setOutputDimension_r(handle, created, 2)
        wkbWriter = created
        return created
    }
}
