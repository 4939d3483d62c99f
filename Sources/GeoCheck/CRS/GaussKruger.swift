import Foundation

/// CGCS2000 Gauss-Krüger zones and their EPSG codes.
public enum GaussKruger {
    /// The 3° zone whose central meridian (3 × zone) is nearest to `longitude`; an error for a
    /// longitude that is not a number in −180…180.
    public static func zone3(longitude: Double) throws -> Int {
        guard longitude >= -180, longitude <= 180 else {
            throw CRSError(message: "longitude \(longitude) is not in −180…180")
        }
        return Int((longitude / 3).rounded())
    }

    /// EPSG code of the CGCS2000 3° Gauss-Krüger CRS of `zone`, with the zone prefix in the
    /// easting (EPSG:4513–4533 for zones 25–45); nil outside China's zones.
    public static func cgcs2000Zone3EPSG(_ zone: Int) -> Int? {
        (25...45).contains(zone) ? 4513 + zone - 25 : nil
    }

    /// The metric working CRS for data in `geographic` centred at `longitude`: the CGCS2000 3°
    /// Gauss-Krüger zone for CGCS2000/WGS 84 data in China, else a local transverse Mercator on
    /// the data's own datum with the same central meridian.
    public static func workingCRS(for geographic: SpatialReference, longitude: Double) throws -> SpatialReference {
        let zone = try zone3(longitude: longitude)
        let epsg = geographic.epsg
        if let code = cgcs2000Zone3EPSG(zone), epsg == 4490 || epsg == 4326 {
            return try SpatialReference(epsg: code)
        }
        return try geographic.geographic().transverseMercator(centralMeridian: Double(zone * 3))
    }
}
