import CGDAL

/// Geodesic polygon area on an ellipsoid (PROJ's `geod_polygonarea`, Karney's algorithm).
public struct GeodesicArea {
    private var geodesic = geod_geodesic()
    public let ellipsoid: Ellipsoid

    public init(_ ellipsoid: Ellipsoid) {
        self.ellipsoid = ellipsoid
        geod_init(&geodesic, ellipsoid.semiMajorAxis, ellipsoid.flattening)
    }

    /// Area in m² of one ring of interleaved lon,lat degrees (closing point optional), unsigned.
    public func ringArea(_ lonLat: [Double]) -> Double {
        var count = lonLat.count / 2
        if count >= 2, lonLat[0] == lonLat[2 * count - 2], lonLat[1] == lonLat[2 * count - 1] { count -= 1 }
        guard count >= 3 else { return 0 }
        var lats = [Double](repeating: 0, count: count)
        var lons = [Double](repeating: 0, count: count)
        for index in 0..<count {
            lons[index] = lonLat[2 * index]
            lats[index] = lonLat[2 * index + 1]
        }
        var area = 0.0
        var geodesic = self.geodesic
        geod_polygonarea(&geodesic, &lats, &lons, Int32(count), &area, nil)
        return abs(area)
    }

}
