// swift-tools-version:6.0
// libFuzzer harnesses for geocheck, kept out of the main package so that `swift build` and
// `swift test` never see them. Built only by scripts/fuzz.sh, with
// `swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library`.
import PackageDescription

let package = Package(
    name: "geocheck-fuzz",
    dependencies: [.package(name: "geocheck", path: "..")],
    targets: [
        .executableTarget(name: "fuzz-corner", dependencies: [.product(name: "GeoCheck", package: "geocheck")]),
        .executableTarget(name: "fuzz-config", dependencies: [.product(name: "GeoCheck", package: "geocheck")]),
    ],
    swiftLanguageModes: [.v5]
)
