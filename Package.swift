// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "geocheck",
    products: [
        .executable(name: "geocheck", targets: ["geocheck"]),
        .library(name: "GeoCheck", targets: ["GeoCheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(
            name: "CGDAL", pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev", "libproj-dev"])]),
        .target(
            name: "GeoCheck",
            dependencies: ["CGEOS", "CGDAL", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "geocheck",
            dependencies: ["GeoCheck", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "GeoCheckTests", dependencies: ["GeoCheck"], exclude: ["Fixtures"]),
        .testTarget(name: "geocheckTests", dependencies: ["GeoCheck"]),
    ],
    swiftLanguageModes: [.v5]
)
