import Foundation

/// Recognises the Chinese Gauss-Krüger CRSs (CGCS2000, Xian 1980, Beijing 1954; 3° and 6°
/// zones, with or without the zone prefix in the easting) by their EPSG code.
public struct GaussKrugerZone: Equatable, Sendable, Codable {
    public var datum: Datum
    public var zoneWidth: Int
    public var zone: Int
    public var hasZonePrefix: Bool
    public var epsg: Int

    public var centralMeridian: Double { Double(zoneWidth == 3 ? zone * 3 : zone * 6 - 3) }

    /// The zone description of an EPSG code, or nil when it is not one of these CRSs.
    public static func from(epsg code: Int) -> GaussKrugerZone? {
        for datum in [Datum.cgcs2000, .xian1980, .beijing1954] {
            for width in [3, 6] {
                let zones = width == 3 ? Array(25...45) : Array(13...23)
                for prefix in [true, false] {
                    for zone in zones {
                        if let epsg = try? CornerCoordinates.epsg(datum: datum, zoneWidth: width, zone: zone, zonePrefix: prefix),
                           epsg == code {
                            return GaussKrugerZone(datum: datum, zoneWidth: width, zone: zone, hasZonePrefix: prefix, epsg: epsg)
                        }
                    }
                }
            }
        }
        return nil
    }

    /// The CGCS2000 3° zone with prefix covering `longitude`.
    public static func cgcs2000(longitude: Double) throws -> GaussKrugerZone {
        let zone = try GaussKruger.zone3(longitude: longitude)
        guard (25...45).contains(zone) else {
            throw CRSError(message: "longitude \(longitude) is outside China's Gauss-Krüger 3° zones 25–45")
        }
        let epsg = try CornerCoordinates.epsg(datum: .cgcs2000, zoneWidth: 3, zone: zone, zonePrefix: true)
        return GaussKrugerZone(datum: .cgcs2000, zoneWidth: 3, zone: zone, hasZonePrefix: true, epsg: epsg)
    }
}
