import Foundation

/// The ellipsoidal area of TD/T 1055-2019 Appendix D (图斑椭球面积, the 2008 二调 formula), which
/// the Ministry of Natural Resources prescribes for mining-right areas since 2022-08.
///
/// Per edge i→i+1 (B latitude, L longitude from Greenwich, radians):
///
///     S_i = 2b²·Lm·[A sin(ΔB/2)cos Bm − B sin(3ΔB/2)cos 3Bm + C sin(5ΔB/2)cos 5Bm
///                   − D sin(7ΔB/2)cos 7Bm + E sin(9ΔB/2)cos 9Bm]
///
/// with ΔB = B_{i+1} − B_i, Bm and Lm the edge's mean latitude and longitude, and A…E the
/// series in the first eccentricity e² (not e′²). The ring's area is |Σ S_i|. Each edge counts
/// as straight in the Lambert cylindrical equal-area projection, which is why the method's
/// evaluation rule densifies Gauss-Krüger edges longer than 70 m first (`EdgeDensification`).
public struct TDT1055Area: Sendable {
    public let ellipsoid: Ellipsoid
    let b2: Double
    let coefficients: (a: Double, b: Double, c: Double, d: Double, e: Double)

    public init(_ ellipsoid: Ellipsoid) {
        self.ellipsoid = ellipsoid
        let a = ellipsoid.semiMajorAxis
        let b = a * (1 - ellipsoid.flattening)
        b2 = b * b
        let e2 = (a * a - b * b) / (a * a)
        let e4 = e2 * e2, e6 = e4 * e2, e8 = e6 * e2
        coefficients = (
            a: 1 + 3.0 / 6 * e2 + 30.0 / 80 * e4 + 35.0 / 112 * e6 + 630.0 / 2304 * e8,
            b: 1.0 / 6 * e2 + 15.0 / 80 * e4 + 21.0 / 112 * e6 + 420.0 / 2304 * e8,
            c: 3.0 / 80 * e4 + 7.0 / 112 * e6 + 180.0 / 2304 * e8,
            d: 1.0 / 112 * e6 + 45.0 / 2304 * e8,
            e: 5.0 / 2304 * e8)
    }

    /// S_i of one edge, latitudes and longitudes in radians.
    func edge(_ b1: Double, _ l1: Double, _ b2Lat: Double, _ l2: Double) -> Double {
        let dB = b2Lat - b1, bm = (b1 + b2Lat) / 2, lm = (l1 + l2) / 2
        let k = coefficients
        let series = k.a * sin(dB / 2) * cos(bm) - k.b * sin(3 * dB / 2) * cos(3 * bm)
            + k.c * sin(5 * dB / 2) * cos(5 * bm) - k.d * sin(7 * dB / 2) * cos(7 * bm)
            + k.e * sin(9 * dB / 2) * cos(9 * bm)
        return 2 * b2 * lm * series
    }

    /// Area in m² of one ring of interleaved lon,lat degrees (closing point optional), unsigned.
    public func ringArea(_ lonLat: [Double]) -> Double {
        let count = lonLat.count / 2
        guard count >= 3 else { return 0 }
        let radians = Double.pi / 180
        var sum = 0.0
        for index in 0..<count {
            let next = (index + 1) % count
            sum += edge(lonLat[2 * index + 1] * radians, lonLat[2 * index] * radians,
                        lonLat[2 * next + 1] * radians, lonLat[2 * next] * radians)
        }
        return abs(sum)
    }
}
