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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS", pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(
            name: "CGDAL", pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev", "libproj-dev"])]),
        .systemLibrary(
            name: "CDeflate", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "GeoCheck",
            dependencies: ["CGEOS", "CGDAL", "CDeflate", .product(name: "Yams", package: "Yams"),
                           .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Resources")]),
        .target(
            name: "GeoCheckServer",
            dependencies: [
                "GeoCheck",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")]),
        .executableTarget(
            name: "geocheck",
            dependencies: ["GeoCheck", "GeoCheckServer",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "GeoCheckTests", dependencies: ["GeoCheck"], exclude: ["Fixtures"]),
        .testTarget(name: "geocheckTests", dependencies: ["GeoCheck"]),
        .testTarget(name: "GeoCheckServerTests", dependencies: ["GeoCheck"]),
    ],
    swiftLanguageModes: [.v6]
)
