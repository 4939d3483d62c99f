import Foundation

/// The Chinese Gauss-Krüger grids (CGCS2000, Xian 1980, Beijing 1954; 3° and 6° zones, with or
/// without the zone prefix in the easting) and their EPSG codes: the one table geocheck has.
///
/// Checked against `projinfo EPSG:n` (PROJ 9): CGCS2000 3° 4513–4533 (prefix) / 4534–4554,
/// 6° 4491–4501 / 4502–4512; Xian 1980 3° 2349–2369 / 2370–2390, 6° 2327–2337 / 2338–2348;
/// Beijing 1954 3° 2401–2421 / 2422–2442, 6° 21413–21423 / 21453–21463. EPSG:21473–21483
/// (Beijing 1954 6° CM 75E…135E) are deprecated duplicates of 21453–21463, still found in old
/// data: recognised as aliases, never produced.
public enum GaussKruger {
    /// Zone numbers with EPSG codes: 25–45 (3°, CM 75°–135°), 13–23 (6°, CM 75°–135°).
    public static func zoneRange(zoneWidth: Int) -> ClosedRange<Int> {
        zoneWidth == 6 ? 13...23 : 25...45
    }

    /// Central meridian (degrees east): 3 × zone for 3° zones, 6 × zone − 3 for 6° zones.
    public static func centralMeridian(zoneWidth: Int, zone: Int) -> Int {
        zoneWidth == 6 ? 6 * zone - 3 : 3 * zone
    }

    /// The 3° zone whose central meridian (3 × zone) is nearest to `longitude`; an error for a
    /// longitude that is not a number in −180…180.
    public static func zone3(longitude: Double) throws -> Int {
        guard longitude >= -180, longitude <= 180 else {
            throw CRSError(message: "longitude \(longitude) is not in −180…180")
        }
        return Int((longitude / 3).rounded())
    }

    /// EPSG code of a grid; nil for a zone width other than 3/6 or a zone outside China's.
    public static func epsg(datum: Datum, zoneWidth: Int, zone: Int, zonePrefix: Bool) -> Int? {
        guard let first = firstEPSG[Key(datum: datum, width: zoneWidth, prefix: zonePrefix)] else { return nil }
        let range = zoneRange(zoneWidth: zoneWidth)
        return range.contains(zone) ? first + zone - range.lowerBound : nil
    }

    /// The grid of an EPSG code (the deprecated Beijing 1954 aliases included), or nil when
    /// the code is not a Chinese Gauss-Krüger grid.
    public static func zone(epsg code: Int) -> GaussKrugerZone? {
        if deprecatedBeijing6.contains(code) {
            return GaussKrugerZone(datum: .beijing1954, zoneWidth: 6, zone: 13 + code - deprecatedBeijing6.lowerBound,
                                   hasZonePrefix: false, epsg: code)
        }
        for (key, first) in firstEPSG {
            let range = zoneRange(zoneWidth: key.width)
            let zone = range.lowerBound + code - first
            if range.contains(zone) {
                return GaussKrugerZone(datum: key.datum, zoneWidth: key.width, zone: zone, hasZonePrefix: key.prefix, epsg: code)
            }
        }
        return nil
    }

    private struct Key: Hashable {
        let datum: Datum
        let width: Int
        let prefix: Bool
    }

    /// The code of the lowest zone of each grid family; the zones follow one by one.
    private static let firstEPSG: [Key: Int] = [
        Key(datum: .cgcs2000, width: 3, prefix: true): 4513, Key(datum: .cgcs2000, width: 3, prefix: false): 4534,
        Key(datum: .cgcs2000, width: 6, prefix: true): 4491, Key(datum: .cgcs2000, width: 6, prefix: false): 4502,
        Key(datum: .xian1980, width: 3, prefix: true): 2349, Key(datum: .xian1980, width: 3, prefix: false): 2370,
        Key(datum: .xian1980, width: 6, prefix: true): 2327, Key(datum: .xian1980, width: 6, prefix: false): 2338,
        Key(datum: .beijing1954, width: 3, prefix: true): 2401, Key(datum: .beijing1954, width: 3, prefix: false): 2422,
        Key(datum: .beijing1954, width: 6, prefix: true): 21413, Key(datum: .beijing1954, width: 6, prefix: false): 21453,
    ]

    /// Deprecated Beijing 1954 6° codes without prefix (zones 13–23), aliases of 21453–21463.
    private static let deprecatedBeijing6 = 21473...21483
}
