import Foundation

/// Geodetic datum of a Chinese Gauss-Krüger grid.
public enum Datum: String, Sendable, Codable, CaseIterable {
    case cgcs2000, xian1980, beijing1954

    /// The name written to `坐标系=` in the exchange format.
    public var chineseName: String {
        switch self {
        case .cgcs2000: return "2000国家大地坐标系"
        case .xian1980: return "1980西安坐标系"
        case .beijing1954: return "1954北京坐标系"
        }
    }

    /// EPSG code of the geographic CRS of the datum.
    public var geographicEPSG: Int {
        switch self {
        case .cgcs2000: return 4490
        case .xian1980: return 4610
        case .beijing1954: return 4214
        }
    }
}

/// One Chinese Gauss-Krüger grid (datum, 3° or 6° zone, with or without the zone prefix in the
/// easting) and its EPSG code; the table is `GaussKruger`.
public struct GaussKrugerZone: Equatable, Sendable, Codable {
    public var datum: Datum
    public var zoneWidth: Int
    public var zone: Int
    public var hasZonePrefix: Bool
    public var epsg: Int

    public var centralMeridian: Double { Double(GaussKruger.centralMeridian(zoneWidth: zoneWidth, zone: zone)) }

    /// The zone description of an EPSG code, or nil when it is not one of these CRSs.
    public static func from(epsg code: Int) -> GaussKrugerZone? {
        GaussKruger.zone(epsg: code)
    }

    /// The CGCS2000 3° zone with prefix covering `longitude`.
    public static func cgcs2000(longitude: Double) throws -> GaussKrugerZone {
        let zone = try GaussKruger.zone3(longitude: longitude)
        guard let epsg = GaussKruger.epsg(datum: .cgcs2000, zoneWidth: 3, zone: zone, zonePrefix: true) else {
            throw CRSError(message: "longitude \(longitude) is outside China's Gauss-Krüger 3° zones 25–45")
        }
        return GaussKrugerZone(datum: .cgcs2000, zoneWidth: 3, zone: zone, hasZonePrefix: true, epsg: epsg)
    }
}
