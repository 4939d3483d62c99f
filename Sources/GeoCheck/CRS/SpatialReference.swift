import CGDAL
import Foundation

public struct CRSError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// An OGR spatial reference (`OSRNewSpatialReference` / `OSRDestroySpatialReference`), always
/// in traditional GIS axis order (longitude/latitude, easting/northing).
public final class SpatialReference: @unchecked Sendable {
    let handle: OGRSpatialReferenceH

    private init(owning handle: OGRSpatialReferenceH) {
        self.handle = handle
        // Authority order for EPSG:4490 is lat/lon; geocheck always works in lon/lat.
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
    }

    // Reference-counted: OGR geometries and layers may hold a reference too (OSRRelease, not Destroy).
    deinit { OSRRelease(handle) }

    /// `EPSG:4490`, a WKT string, a PROJ string, … (`OSRSetFromUserInput`, OGRERR_NONE on success).
    public convenience init(_ definition: String) throws {
        GDAL.ensure()
        guard let handle = OSRNewSpatialReference(nil) else { throw CRSError(message: "cannot allocate a spatial reference") }
        guard OSRSetFromUserInput(handle, definition) == OGRERR_NONE else {
            OSRDestroySpatialReference(handle)
            let detail = GDAL.error("OSRSetFromUserInput", source: "").message
            throw CRSError(message: "unknown CRS '\(definition)'\(detail.isEmpty ? "" : ": \(detail)")")
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
        OSRGetName(handle).map { String(cString: $0) } ?? "unnamed"
    }

    public var isGeographic: Bool { OSRIsGeographic(handle) != 0 }
    public var isProjected: Bool { OSRIsProjected(handle) != 0 }

    /// The EPSG code, when the CRS is or can be identified as an EPSG one.
    public var epsg: Int? {
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

    /// A transverse Mercator CRS on this CRS's geographic datum (`OSRCopyGeogCSFrom`, `OSRSetTM`).
    public func transverseMercator(centralMeridian: Double, falseEasting: Double = 500_000) throws -> SpatialReference {
        guard let made = OSRNewSpatialReference(nil) else { throw CRSError(message: "cannot allocate a spatial reference") }
        let projected = SpatialReference(owning: made)
        guard OSRCopyGeogCSFrom(made, handle) == OGRERR_NONE,
              OSRSetProjCS(made, "Transverse Mercator \(Int(centralMeridian))E on \(name)") == OGRERR_NONE,
              OSRSetTM(made, 0, centralMeridian, 1, falseEasting, 0) == OGRERR_NONE
        else { throw CRSError(message: "cannot build a transverse Mercator CRS on \(name)") }
        return projected
    }

    /// A copy of this CRS carrying a Bursa-Wolf (Helmert) shift to WGS 84 (`OSRSetTOWGS84`),
    /// so that PROJ transforms it with these parameters instead of a ballpark offset.
    ///
    /// `params`: 3 (dx, dy, dz in metres) or 7 (dx, dy, dz in metres; rx, ry, rz in arc-seconds;
    /// ds in ppm), in the **Position Vector** convention of WKT1 `TOWGS84` and PROJ's `+towgs84`
    /// (EPSG method 9606). Parameters published in the Coordinate Frame convention (EPSG 9607)
    /// have the opposite rotation signs. Provincial parameters that go to CGCS2000 are given here
    /// as they are: CGCS2000 is taken to coincide with WGS 84 for that step (see
    /// `CoordinateTransform`), so the result is the Helmert result.
    public func withTOWGS84(_ params: [Double]) throws -> SpatialReference {
        guard params.count == 3 || params.count == 7, params.allSatisfy(\.isFinite) else {
            throw CRSError(message: "TOWGS84 needs 3 or 7 finite numbers (dx,dy,dz[,rx,ry,rz,ds]), got \(params.count)")
        }
        guard let clone = OSRClone(handle) else { throw CRSError(message: "cannot copy the spatial reference \(name)") }
        let copy = SpatialReference(owning: clone)
        let p = params.count == 7 ? params : params + [0, 0, 0, 0]
        guard OSRSetTOWGS84(clone, p[0], p[1], p[2], p[3], p[4], p[5], p[6]) == OGRERR_NONE else {
            let detail = GDAL.error("OSRSetTOWGS84", source: "").message
            throw CRSError(message: "cannot set TOWGS84 on \(name)\(detail.isEmpty ? "" : ": \(detail)")")
        }
        return copy
    }

    /// The TOWGS84 (Bursa-Wolf) parameters this CRS carries (`OSRGetTOWGS84`), or nil.
    public var towgs84: [Double]? {
        var values = [Double](repeating: 0, count: 7)
        guard OSRGetTOWGS84(handle, &values, 7) == OGRERR_NONE else { return nil }
        return values
    }

    /// "EPSG:4526" or the CRS name.
    public var label: String { epsg.map { "EPSG:\($0)" } ?? name }

    /// The geographic CRS of this CRS's datum (`OSRCloneGeogCS`), lon/lat.
    public func geographic() throws -> SpatialReference {
        guard let clone = OSRCloneGeogCS(handle) else { throw CRSError(message: "\(name) has no geographic CRS") }
        return SpatialReference(owning: clone)
    }

    /// The ellipsoid of the datum (`OSRGetSemiMajor`, `OSRGetInvFlattening`).
    public func ellipsoid() throws -> Ellipsoid {
        var error: OGRErr = OGRERR_NONE
        let a = OSRGetSemiMajor(handle, &error)
        guard error == OGRERR_NONE, a > 0 else { throw CRSError(message: "\(name) has no ellipsoid") }
        let inverseFlattening = OSRGetInvFlattening(handle, &error)
        guard error == OGRERR_NONE else { throw CRSError(message: "\(name) has no ellipsoid flattening") }
        return Ellipsoid(semiMajorAxis: a, inverseFlattening: inverseFlattening)
    }

    /// Central meridian of a transverse Mercator CRS.
    public var centralMeridian: Double? {
        guard isProjected else { return nil }
        var error: OGRErr = OGRERR_NONE
        let value = OSRGetProjParm(handle, "central_meridian", 0, &error)
        return error == OGRERR_NONE ? value : nil
    }

    public var falseEasting: Double {
        var error: OGRErr = OGRERR_NONE
        return OSRGetProjParm(handle, "false_easting", 0, &error)
    }

    /// WKT2 text (`OSRExportToWkt`; freed with `VSIFree`, since `CPLFree` is a macro).
    public var wkt: String {
        var text: UnsafeMutablePointer<CChar>?
        guard OSRExportToWkt(handle, &text) == OGRERR_NONE, let text else { return "" }
        defer { VSIFree(text) }
        return String(cString: text)
    }

    /// Same CRS (`OSRIsSame`), ignoring axis mapping.
    public func isSame(as other: SpatialReference) -> Bool {
        OSRIsSame(handle, other.handle) != 0
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
