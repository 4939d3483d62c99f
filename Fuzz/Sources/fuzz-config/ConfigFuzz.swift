import Foundation
import GeoCheck

/// libFuzzer entry: any bytes as a `screen` YAML config. Loading must either succeed or throw;
/// it must not crash, hang or exhaust memory (deep nesting and aliases are bounded before parsing).
@_cdecl("LLVMFuzzerTestOneInput")
public func configFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    _ = try? ScreenConfig.parse(text, path: "fuzz.yaml", baseDirectory: "/nonexistent")
    return 0
}
