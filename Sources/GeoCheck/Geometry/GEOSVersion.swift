import CGEOS

/// The GEOS library in use (`GEOSversion`, a static string, e.g. "3.11.1-CAPI-1.17.1").
public enum GEOSVersion {
    public static var string: String { String(cString: GEOSversion()) }
}
