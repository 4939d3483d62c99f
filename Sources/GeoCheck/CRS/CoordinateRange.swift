/// Coordinates a CRS can hold: finite, and within −180…180 / −90…90 for longitude/latitude.
/// Non-finite or out-of-range coordinates (`1e20`, `Infinity`, `1e400`, NaN) are bad input: the
/// caller names the feature.
public enum CoordinateRange {
    /// An error describing what is wrong with `envelope` in a CRS that is `geographic` or not.
    public static func check(_ envelope: Envelope, geographic: Bool) throws {
        let values = [envelope.minX, envelope.minY, envelope.maxX, envelope.maxY]
        guard values.allSatisfy(\.isFinite) else {
            throw CRSError(message: "non-finite coordinates (extent \(describe(envelope)))")
        }
        guard geographic else { return }
        guard envelope.minX >= -180, envelope.maxX <= 180, envelope.minY >= -90, envelope.maxY <= 90 else {
            throw CRSError(message: "longitude/latitude out of range (extent \(describe(envelope)); longitude must be in −180…180, latitude in −90…90)")
        }
    }

    static func describe(_ e: Envelope) -> String { "\(e.minX), \(e.minY) – \(e.maxX), \(e.maxY)" }
}
