import Foundation
import Synchronization
import XCTest
@testable import GeoCheck

/// `SpatialReference` is shared across threads (screen workers, the platform): its reads are
/// serialised under its lock, so many threads reading one instance at once see what one thread sees.
final class SpatialReferenceTests: XCTestCase {
    func testOneInstanceReadFromManyThreadsAtOnce() throws {
        // EPSG:4526: CGCS2000 / 3-degree Gauss-Kruger zone 38 (central meridian 114°E, false
        // easting 38 500 000 m, CGCS2000 ellipsoid a = 6 378 137 m) — values from the EPSG registry.
        let shared = try SpatialReference(epsg: 4526)
        let other = try SpatialReference(epsg: 4490)
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let ok = shared.epsg == 4526 && shared.isProjected && !shared.isGeographic
                && shared.centralMeridian == 114 && shared.falseEasting == 38_500_000
                && (try? shared.ellipsoid().semiMajorAxis) == 6_378_137
                && (try? shared.geographic().epsg) == 4490
                && !shared.isSame(as: other) && !other.isSame(as: shared) && shared.isSame(as: shared)
                && shared.wkt2.contains("Gauss-Kruger zone 38") && shared.isCGCS2000Datum
            if !ok { failures.withLock { $0 += 1 } }
        }
        XCTAssertEqual(failures.withLock { $0 }, 0)
    }

    func testTransformationsBuiltConcurrentlyFromSharedReferences() throws {
        // The transformation clones both references; building many at once from the same two
        // instances must give the same point: 114°E on the central meridian → easting 38 500 000.
        let (lonLat, zone) = (try SpatialReference(epsg: 4490), try SpatialReference(epsg: 4526))
        let eastings = Mutex<[Double]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            var xy = [114.0, 30.0]
            guard (try? CoordinateTransform(from: lonLat, to: zone).transform(&xy)) != nil else { return }
            eastings.withLock { $0.append(xy[0]) }
        }
        let values = eastings.withLock { $0 }
        XCTAssertEqual(values.count, 16)
        for easting in values { XCTAssertEqual(easting, 38_500_000, accuracy: 1e-6) }
    }
}
