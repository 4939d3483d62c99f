import Foundation

/// The working-CRS policy, written once: the metric CRS in which geocheck overlays and measures
/// data of a given CRS near a given longitude.
public enum WorkingCRS {
    /// The working CRS of data in `crs` near `longitude` (degrees east):
    /// - a projected CRS is its own working CRS (`crs` itself is returned);
    /// - geographic CGCS2000/WGS 84 data in China — and data of another datum that carries
    ///   Bursa-Wolf parameters (they take it to CGCS2000) — go to the CGCS2000 3° Gauss-Krüger
    ///   zone with prefix whose central meridian is nearest (`GaussKruger.zone3`);
    /// - other geographic data (or data outside zones 25–45) to a local transverse Mercator with
    ///   that central meridian on the data's own datum (CGCS2000 for data with parameters).
    public static func crs(for crs: SpatialReference, longitude: Double) throws -> SpatialReference {
        if crs.isProjected { return crs }
        let zone = try GaussKruger.zone3(longitude: longitude)
        let shifted = crs.towgs84 != nil
        if let code = GaussKruger.epsg(datum: .cgcs2000, zoneWidth: 3, zone: zone, zonePrefix: true),
           crs.epsg == 4490 || crs.epsg == 4326 || shifted {
            return try SpatialReference(epsg: code)
        }
        // A BoundCRS's geographic CRS would be its WGS 84 hub: use CGCS2000 itself instead.
        let base = shifted ? try SpatialReference(epsg: 4490) : try crs.geographic()
        return try base.transverseMercator(centralMeridian: Double(GaussKruger.centralMeridian(zoneWidth: 3, zone: zone)))
    }
}
