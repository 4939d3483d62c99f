import Foundation
import XCTest
@testable import GeoCheck

/// Bursa-Wolf (7-parameter Helmert) datum shifts from Xian 1980 to CGCS2000 (issue 9 "CRS and
/// datum"), against PROJ's `cs2cs` run with the same `+towgs84` and against the formula written
/// out here on geocentric coordinates.
final class HelmertTests: XCTestCase {
    /// A provincial-style parameter set: dx, dy, dz (m), rx, ry, rz (″), ds (ppm), Position Vector.
    static let params = [24.0, -123.0, -94.0, 0.02, -0.25, -0.13, 1.1]
    static let points = [(114.5, 30.5), (117.2, 36.1), (105.3, 25.4), (88.0, 43.8)]

    /// The 7-parameter formula by hand: geodetic → geocentric on Krassovsky-like IAG 1975
    /// (a = 6378140, 1/f = 298.257), X' = T + (1 + ds)·R·X with the Position Vector rotation
    /// matrix R = [[1, −rz, ry], [rz, 1, −rx], [−ry, rx, 1]], geocentric → geodetic on CGCS2000.
    static func handHelmert(lon: Double, lat: Double) -> (Double, Double) {
        let radians = Double.pi / 180, second = radians / 3600
        let (a1, f1) = (6_378_140.0, 1 / 298.257)
        let e1 = f1 * (2 - f1)
        let (phi, lambda) = (lat * radians, lon * radians)
        let n1 = a1 / (1 - e1 * sin(phi) * sin(phi)).squareRoot()
        let x = n1 * cos(phi) * cos(lambda), y = n1 * cos(phi) * sin(lambda), z = n1 * (1 - e1) * sin(phi)
        let p = params
        let (rx, ry, rz, scale) = (p[3] * second, p[4] * second, p[5] * second, 1 + p[6] * 1e-6)
        let x2 = p[0] + scale * (x - rz * y + ry * z)
        let y2 = p[1] + scale * (rz * x + y - rx * z)
        let z2 = p[2] + scale * (-ry * x + rx * y + z)
        let (a2, f2) = (6_378_137.0, 1 / 298.257222101)
        let e2 = f2 * (2 - f2)
        let horizontal = hypot(x2, y2)
        var latitude = atan2(z2, horizontal * (1 - e2))
        for _ in 0..<10 {
            let n2 = a2 / (1 - e2 * sin(latitude) * sin(latitude)).squareRoot()
            let height = horizontal / cos(latitude) - n2
            latitude = atan2(z2, horizontal * (1 - e2 * n2 / (n2 + height)))
        }
        return (atan2(y2, x2) / radians, latitude / radians)
    }

    /// `cs2cs` with the same parameters (CGCS2000 given a zero shift: the bureau's parameters go
    /// to CGCS2000 directly). Returns one (x, y) per input line.
    static func cs2cs(_ from: String, _ to: String, _ input: [(Double, Double)]) throws -> [(Double, Double)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/cs2cs")
        process.arguments = ["-f", "%.10f"] + from.split(separator: " ").map(String.init) + ["+to"] + to.split(separator: " ").map(String.init)
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.map { "\($0.0) \($0.1)\n" }.joined().utf8))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output.split(separator: "\n").map { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) }
            return (fields[0], fields[1])
        }
    }

    static var towgs84: String { params.map { String($0) }.joined(separator: ",") }

    /// Metres between two lon/lat points (local flat approximation, ample at millimetres).
    func metres(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let radians = Double.pi / 180
        return hypot((a.0 - b.0) * 111_320 * cos(a.1 * radians), (a.1 - b.1) * 110_574)
    }

    func testXian80LonLatWithParametersMatchesCs2csAndHandComputation() throws {
        let source = try SpatialReference(epsg: 4610).withTOWGS84(Self.params)
        let transform = try CoordinateTransform(from: source, to: try SpatialReference(epsg: 4490))
        var xy = Self.points.flatMap { [$0.0, $0.1] }
        try transform.transform(&xy)
        let reference = try Self.cs2cs("+proj=longlat +a=6378140 +rf=298.257 +towgs84=\(Self.towgs84) +no_defs",
                                       "+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs", Self.points)
        var worst = (cs2cs: 0.0, hand: 0.0)
        for (index, point) in Self.points.enumerated() {
            let got = (xy[2 * index], xy[2 * index + 1])
            let hand = Self.handHelmert(lon: point.0, lat: point.1)
            XCTAssertLessThan(metres(got, reference[index]), 0.001, "vs cs2cs at \(point)")
            XCTAssertLessThan(metres(got, hand), 0.001, "vs the hand Helmert at \(point)")
            XCTAssertGreaterThan(metres(got, point), 10, "the shift is applied")
            worst = (max(worst.cs2cs, metres(got, reference[index])), max(worst.hand, metres(got, hand)))
        }
        print(String(format: "Helmert: max deviation vs cs2cs %.2e m, vs hand computation %.2e m", worst.cs2cs, worst.hand))
        XCTAssertFalse(transform.operation.ballpark, transform.operation.name)
    }

    /// Xian 1980 GK (CM 114°E, EPSG:2383) with parameters into CGCS2000 GK zone 38 (EPSG:4526).
    func testXian80GaussKrugerWithParametersMatchesCs2cs() throws {
        let source = try SpatialReference(epsg: 2383).withTOWGS84(Self.params)
        let transform = try CoordinateTransform(from: source, to: try SpatialReference(epsg: 4526))
        let input = [(512_345.67, 3_301_996.14), (430_000.0, 4_000_000.0), (580_000.0, 2_500_000.0)]
        var xy = input.flatMap { [$0.0, $0.1] }
        try transform.transform(&xy)
        let reference = try Self.cs2cs("+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +a=6378140 +rf=298.257 +towgs84=\(Self.towgs84) +units=m +no_defs",
                                       "+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0 +units=m +no_defs", input)
        for index in input.indices {
            XCTAssertEqual(xy[2 * index], reference[index].0, accuracy: 0.001)
            XCTAssertEqual(xy[2 * index + 1], reference[index].1, accuracy: 0.001)
        }
    }

    /// Without parameters PROJ only has a ballpark, and says so; a TOWGS84 clause in a .prj-style
    /// WKT is read by GDAL and gives the Helmert result, reported as not a ballpark.
    func testBallparkIsReportedAndPrjTOWGS84IsUsed() throws {
        let cgcs2000 = try SpatialReference(epsg: 4490)
        let plain = try CoordinateTransform.describe(try SpatialReference(epsg: 2383), to: try SpatialReference(epsg: 4526), source: "old.shp")
        XCTAssertTrue(plain.ballpark)
        XCTAssertTrue(plain.isApproximate)
        XCTAssertNil(plain.accuracyM)
        let wkt = """
        GEOGCS["Xian 1980",DATUM["Xian_1980",SPHEROID["IAG 1975",6378140,298.257],TOWGS84[\(Self.towgs84)]],\
        PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]
        """
        let prj = try SpatialReference(wkt)
        XCTAssertEqual(prj.towgs84 ?? [], Self.params)
        let info = try CoordinateTransform.describe(prj, to: cgcs2000, source: "old.shp")
        XCTAssertFalse(info.ballpark, info.name)
        XCTAssertTrue(info.name.contains("Bursa-Wolf"), info.name)
        var xy = [114.5, 30.5]
        try CoordinateTransform(from: prj, to: cgcs2000).transform(&xy)
        let hand = Self.handHelmert(lon: 114.5, lat: 30.5)
        XCTAssertLessThan(metres((xy[0], xy[1]), hand), 0.001)
    }

    func testTOWGS84NeedsThreeOrSevenFiniteNumbers() throws {
        XCTAssertThrowsError(try SpatialReference(epsg: 4610).withTOWGS84([1, 2]))
        XCTAssertThrowsError(try SpatialReference(epsg: 4610).withTOWGS84([1, 2, .nan]))
        XCTAssertThrowsError(try DatumShifts.parse("1,2,3,4"))
        XCTAssertEqual(try DatumShifts.parse("24, -123, -94, 0.02, -0.25, -0.13, 1.1"), Self.params)
    }
}
