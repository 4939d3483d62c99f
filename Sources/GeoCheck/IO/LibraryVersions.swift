import CGDAL

/// The GDAL and PROJ libraries in use (`GDALVersionInfo("RELEASE_NAME")`, `proj_info()`).
public enum LibraryVersions {
    public static var gdal: String { String(cString: GDALVersionInfo("RELEASE_NAME")) }
    public static var proj: String { proj_info().version.map { String(cString: $0) } ?? "?" }

    /// `geocheck X.Y.Z (GEOS …, GDAL …, PROJ …)`.
    public static var summary: String {
        let geos = GEOSVersion.string.split(separator: "-").first.map(String.init) ?? GEOSVersion.string
        return "geocheck \(GeoCheckInfo.version) (GEOS \(geos), GDAL \(gdal), PROJ \(proj))"
    }
}

/// The version of geocheck itself.
public enum GeoCheckInfo {
    public static let version = "0.9.0"
}
