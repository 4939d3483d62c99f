import Foundation
import GeoCheck

/// libFuzzer entry: any bytes as a corner-coordinate file. Parsing must either succeed or throw
/// a `CornerFileError` whose message is one line naming the file; a file that parses must write
/// back and re-parse to the same blocks (the writer's round trip), and sniffing must not crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func cornerFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    _ = CornerCoordinates.looksLikeCornerFile(data, pathExtension: "txt")
    do {
        let file = try CornerCoordinates.parse(data, path: "fuzz.txt")
        for form in CornerFileForm.allCases {
            let text = CornerCoordinates.write(file, form: form)
            let again = try CornerCoordinates.parse(Data(text.utf8), path: "rewritten.txt")
            guard again.blocks.count == file.blocks.count, again.epsg == file.epsg,
                  zip(again.blocks, file.blocks).allSatisfy({ $0.rings.map(\.count) == $1.rings.map(\.count) && $0.top == $1.top && $0.bottom == $1.bottom })
            else { fatalError("round trip through \(form) changed the file:\n\(text)") }
        }
    } catch let error as CornerFileError {
        let text = error.description
        if text.contains("\n") || !text.hasPrefix("fuzz.txt") { fatalError("bad message: \(text)") }
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
