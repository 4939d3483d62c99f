import CGDAL
import Foundation
import Synchronization

public struct CRSError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

extension CRSError {
    /// `what` failed in `function`, with GDAL/PROJ's own message (`CPLGetLastErrorMsg`, then
    /// `CPLErrorReset`) when it gave one: "what: message", else "what (function failed)".
    static func gdal(_ function: String, _ what: String) -> CRSError {
        let detail = GDAL.error(function, source: "").message
        return CRSError(message: detail.isEmpty ? "\(what) (\(function) failed)" : "\(what): \(detail)")
    }
}

/// An OGR spatial reference (`OSRNewSpatialReference` / `OSRDestroySpatialReference`), always
/// in traditional GIS axis order (longitude/latitude, easting/northing).
///
/// `@unchecked Sendable`, because the C handle is a raw pointer the compiler cannot check. Why
/// sharing one across threads is safe:
/// - this object alone owns `handle`: it is created or cloned here and released in `deinit`;
///   it is `private`, so no other file can reach it; OGR calls that keep a reference to the
///   SRS they are given get a clone (`withClonedHandle`), and `OCTNewCoordinateTransformationEx`
///   clones both references itself;
/// - every OGR call on it is made inside `locked`, one thread at a time. That lock is needed:
///   OGRSpatialReference is not thread-safe even for reads in GDAL 3.6 (its const methods,
///   `GetName`, `IsGeographic`, `exportToWkt` …, build and cache PROJ objects inside the
///   instance; GDAL only added an opt-in thread-safe mode, with its own mutex, in 3.10).
public final class SpatialReference: @unchecked Sendable {
    private let handle: OGRSpatialReferenceH
    private let lock = Mutex(())

    private init(owning handle: OGRSpatialReferenceH) {
        self.handle = handle
        // Authority order for EPSG:4490 is lat/lon; geocheck always works in lon/lat.
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
    }

    // Reference-counted: OGR geometries and layers may hold a reference too (OSRRelease, not Destroy).
    deinit { OSRRelease(handle) }

    /// Runs `body` with the handle, holding the lock: every OGR call on `handle` goes through here.
    private func locked<R, Failure: Error>(_ body: (OGRSpatialReferenceH) throws(Failure) -> R) throws(Failure) -> R {
        try lock.withLock { (_) throws(Failure) -> R in try body(handle) }
    }

    /// Runs `body` with the handles of `self` and `other`, holding both locks, taken in a fixed
    /// order (by object address) so two threads comparing the same pair cannot deadlock.
    private func locked<R>(with other: SpatialReference, _ body: (OGRSpatialReferenceH, OGRSpatialReferenceH) -> R) -> R {
        if other === self { return locked { body($0, $0) } }
        let selfFirst = ObjectIdentifier(self) < ObjectIdentifier(other)
        let (first, second) = selfFirst ? (self, other) : (other, self)
        return first.locked { a in second.locked { b in selfFirst ? body(a, b) : body(b, a) } }
    }

    /// `EPSG:4490`, a WKT string, a PROJ string, … (`OSRSetFromUserInput`, OGRERR_NONE on success).
    public convenience init(_ definition: String) throws {
        GDAL.ensure()
        guard let handle = OSRNewSpatialReference(nil) else { throw CRSError(message: "cannot allocate a spatial reference") }
        guard OSRSetFromUserInput(handle, definition) == OGRERR_NONE else {
            OSRDestroySpatialReference(handle)
            throw CRSError.gdal("OSRSetFromUserInput", "unknown CRS '\(definition)'")
        }
        self.init(owning: handle)
    }

    public convenience init(epsg: Int) throws {
        try self.init("EPSG:\(epsg)")
    }

    /// Wraps a clone of a reference owned by someone else (a layer's SRS).
    convenience init?(cloning borrowed: OGRSpatialReferenceH?) {
        guard let borrowed, let clone = OSRClone(borrowed) else { return nil }
        self.init(owning: clone)
    }

    public var name: String {
        locked { OSRGetName($0).map { String(cString: $0) } } ?? "unnamed"
    }

    public var isGeographic: Bool { locked { OSRIsGeographic($0) != 0 } }
    public var isProjected: Bool { locked { OSRIsProjected($0) != 0 } }
    /// Metres per linear unit of a projected CRS (`OSRGetLinearUnits`; metres when unset).
    public var metresPerUnit: Double {
        var unitName: UnsafeMutablePointer<CChar>?
        let metres = locked { OSRGetLinearUnits($0, &unitName) }
        return metres > 0 ? metres : 1
    }
    /// Radians per angular unit of a geographic CRS (`OSRGetAngularUnits`; degrees when unset).
    public var radiansPerUnit: Double {
        var unitName: UnsafeMutablePointer<CChar>?
        let radians = locked { OSRGetAngularUnits($0, &unitName) }
        return radians > 0 ? radians : .pi / 180
    }

    /// The EPSG code, when the CRS is or can be identified as an EPSG one.
    public var epsg: Int? { locked { Self.epsg(of: $0) } }

    private static func epsg(of handle: OGRSpatialReferenceH) -> Int? {
        if let authority = OSRGetAuthorityName(handle, nil), String(cString: authority) == "EPSG",
           let code = OSRGetAuthorityCode(handle, nil), let value = Int(String(cString: code)) {
            return value
        }
        // Not tagged (e.g. a .prj without authority): ask PROJ for a unique match.
        guard let clone = OSRClone(handle) else { return nil }
        defer { OSRDestroySpatialReference(clone) }
        if OSRAutoIdentifyEPSG(clone) == OGRERR_NONE,
           let code = OSRGetAuthorityCode(clone, nil), let value = Int(String(cString: code)) {
            return value
        }
        return nil
    }

    /// This CRS with a 7-parameter (Bursa-Wolf, position vector) or 3-parameter datum
    /// transformation to WGS 84 — dx, dy, dz in metres, rx, ry, rz in arc-seconds, ds in ppm —
    /// which PROJ then uses instead of a ballpark or registered transformation. Built as a PROJ
    /// string (`OSRExportToProj4` + `+towgs84=`): an EPSG-tagged CRS would let PROJ ignore the
    /// parameters in favour of the EPSG code.
    public func withTOWGS84(_ parameters: [Double]) throws -> SpatialReference {
        guard parameters.count == 7 || parameters.count == 3, parameters.allSatisfy(\.isFinite) else {
            throw CRSError(message: "TOWGS84 needs 3 or 7 finite parameters, not \(parameters)")
        }
        var text: UnsafeMutablePointer<CChar>?
        guard locked({ OSRExportToProj4($0, &text) }) == OGRERR_NONE, let text else {
            throw CRSError.gdal("OSRExportToProj4", "\(name) has no PROJ string to attach TOWGS84 to")
        }
        defer { VSIFree(text) }
        let parts = String(cString: text).split(separator: " ")
        let hasEllipsoid = parts.contains { $0.hasPrefix("+ellps=") || $0.hasPrefix("+a=") }
        let base = parts.filter { !$0.hasPrefix("+towgs84=") && !(hasEllipsoid && $0.hasPrefix("+datum=")) && $0 != "+no_defs" }
        let values = parameters.map { String($0) }.joined(separator: ",")
        return try SpatialReference(base.joined(separator: " ") + " +towgs84=\(values) +no_defs +type=crs")
    }

    /// A transverse Mercator CRS on this CRS's geographic datum (`OSRCopyGeogCSFrom`, `OSRSetTM`).
    public func transverseMercator(centralMeridian: Double, falseEasting: Double = 500_000) throws -> SpatialReference {
        guard let made = OSRNewSpatialReference(nil) else { throw CRSError(message: "cannot allocate a spatial reference") }
        let projected = SpatialReference(owning: made)
        // `made` is new and reachable from here only: no lock is needed on it.
        guard locked({ OSRCopyGeogCSFrom(made, $0) }) == OGRERR_NONE,
              OSRSetProjCS(made, "Transverse Mercator \(Int(centralMeridian))E on \(name)") == OGRERR_NONE,
              OSRSetTM(made, 0, centralMeridian, 1, falseEasting, 0) == OGRERR_NONE
        else { throw CRSError.gdal("OSRSetTM", "cannot build a transverse Mercator CRS on \(name)") }
        return projected
    }

    /// The TOWGS84 (Bursa-Wolf) parameters this CRS carries (`OSRGetTOWGS84`), or nil.
    public var towgs84: [Double]? {
        var values = [Double](repeating: 0, count: 7)
        guard locked({ OSRGetTOWGS84($0, &values, 7) }) == OGRERR_NONE else { return nil }
        return values
    }

    /// "EPSG:4526" or the CRS name.
    public var label: String { epsg.map { "EPSG:\($0)" } ?? name }

    /// The geographic CRS of this CRS's datum (`OSRCloneGeogCS`), lon/lat.
    public func geographic() throws -> SpatialReference {
        guard let clone = locked({ OSRCloneGeogCS($0) }) else { throw CRSError.gdal("OSRCloneGeogCS", "\(name) has no geographic CRS") }
        return SpatialReference(owning: clone)
    }

    /// The ellipsoid of the datum (`OSRGetSemiMajor`, `OSRGetInvFlattening`).
    public func ellipsoid() throws -> Ellipsoid {
        var error: OGRErr = OGRERR_NONE
        let a = locked { OSRGetSemiMajor($0, &error) }
        guard error == OGRERR_NONE, a > 0 else { throw CRSError.gdal("OSRGetSemiMajor", "\(name) has no ellipsoid") }
        let inverseFlattening = locked { OSRGetInvFlattening($0, &error) }
        guard error == OGRERR_NONE else { throw CRSError.gdal("OSRGetInvFlattening", "\(name) has no ellipsoid flattening") }
        return Ellipsoid(semiMajorAxis: a, inverseFlattening: inverseFlattening)
    }

    /// Central meridian of a transverse Mercator CRS.
    public var centralMeridian: Double? {
        guard isProjected else { return nil }
        var error: OGRErr = OGRERR_NONE
        let value = locked { OSRGetProjParm($0, "central_meridian", 0, &error) }
        return error == OGRERR_NONE ? value : nil
    }

    public var falseEasting: Double {
        var error: OGRErr = OGRERR_NONE
        return locked { OSRGetProjParm($0, "false_easting", 0, &error) }
    }

    /// WKT2 text (`OSRExportToWkt`; freed with `VSIFree`, since `CPLFree` is a macro).
    public var wkt: String {
        var text: UnsafeMutablePointer<CChar>?
        guard locked({ OSRExportToWkt($0, &text) }) == OGRERR_NONE, let text else { return "" }
        defer { VSIFree(text) }
        return String(cString: text)
    }

    /// Same CRS (`OSRIsSame`), ignoring axis mapping.
    public func isSame(as other: SpatialReference) -> Bool {
        locked(with: other) { OSRIsSame($0, $1) != 0 }
    }

    /// WKT2:2019 text (`OSRExportToWktEx` FORMAT=WKT2_2019): what PROJ is given.
    var wkt2: String {
        var text: UnsafeMutablePointer<CChar>?
        let done = GDAL.withStringList(["FORMAT=WKT2_2019"]) { options in
            options.map { list in
                list.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: 2) { rebound in
                    locked { OSRExportToWktEx($0, &text, rebound) }
                }
            } ?? OGRERR_FAILURE
        }
        guard done == OGRERR_NONE, let text else { return wkt }
        defer { VSIFree(text) }
        return String(cString: text)
    }

    /// The `DATUM` node's name (`OSRGetAttrValue`), "" when there is none.
    var datumName: String {
        locked { OSRGetAttrValue($0, "DATUM", 0).map { String(cString: $0) } } ?? ""
    }

    // MARK: Narrow accessors for the other CRS/IO wrapper files

    /// A coordinate transformation from this CRS to `target` with `options`
    /// (`OCTNewCoordinateTransformationEx`, which clones both references; NULL when GDAL/PROJ
    /// cannot build it, the reason in `CPLGetLastErrorMsg`). Owned by the caller.
    func newTransformation(to target: SpatialReference,
                           options: OGRCoordinateTransformationOptionsH) -> OGRCoordinateTransformationH? {
        // Built on clones, no lock held: the screening's workers share the rights' and layers'
        // CRSs and build their transformations at the same time.
        withClonedHandle { source in
            target.withClonedHandle { clone in
                guard let source, let clone else { return nil }
                return OCTNewCoordinateTransformationEx(source, clone, options)
            }
        }
    }

    /// Runs `body` with a clone of the handle (`OSRClone`; released afterwards, so what `body`
    /// handed it to keeps its own reference): for OGR calls that keep the SRS they are given,
    /// such as `GDALDatasetCreateLayer`. nil when the clone fails.
    func withClonedHandle<R>(_ body: (OGRSpatialReferenceH?) throws -> R) rethrows -> R {
        let clone = locked { OSRClone($0) }
        defer { if let clone { OSRRelease(clone) } }
        return try body(clone)
    }
}

/// An ellipsoid by semi-major axis and inverse flattening.
public struct Ellipsoid: Equatable, Sendable {
    public var semiMajorAxis: Double
    public var inverseFlattening: Double

    public var flattening: Double { inverseFlattening == 0 ? 0 : 1 / inverseFlattening }

    /// CGCS2000 (EPSG:1024): a = 6378137, 1/f = 298.257222101.
    public static let cgcs2000 = Ellipsoid(semiMajorAxis: 6_378_137, inverseFlattening: 298.257222101)
    public static let wgs84 = Ellipsoid(semiMajorAxis: 6_378_137, inverseFlattening: 298.257223563)
}
