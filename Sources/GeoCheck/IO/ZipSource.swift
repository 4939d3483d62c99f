import Foundation

/// Zipped data as users mail it (`rights.zip`, `rights.shp.zip`, GDAL's `/vsizip/…` paths):
/// a zip holding one dataset is opened directly; a zip of several Shapefiles in one folder
/// is that folder (choose a layer with `|layername=`); anything else asks for one.
enum ZipSource {
    /// Vector files GDAL opens, by extension (FileGDB: a `.gdb` folder).
    static let datasetExtensions: Set<String> = ["shp", "gpkg", "geojson", "json", "kml", "kmz", "dxf", "tab", "mif",
                                                  "gml", "csv", "sqlite", "fgb", "gdb"]

    /// True for a path GDAL must reach through `/vsizip/`.
    static func isZip(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasPrefix("/vsizip/") || lower.hasSuffix(".zip")
    }

    /// The real file of a zip path (`/vsizip/a/b.zip/x.shp` → `a/b.zip`), for existence checks.
    static func archive(of path: String) -> String {
        var rest = path
        if rest.lowercased().hasPrefix("/vsizip/") { rest = String(rest.dropFirst("/vsizip/".count)) }
        if rest.hasPrefix("{"), let close = rest.firstIndex(of: "}") { return String(rest[rest.index(after: rest.startIndex)..<close]) }
        if let range = rest.range(of: ".zip", options: [.caseInsensitive]) { return String(rest[..<range.upperBound]) }
        return rest
    }

    /// The GDAL path to open for a zip source (`layerName` picks one of several Shapefiles).
    static func gdalPath(_ path: String, layerName: String?, source: String) throws -> String {
        let archive = archive(of: path)
        let absolute = archive.hasPrefix("/") ? archive : FileManager.default.currentDirectoryPath + "/" + archive
        // The braced form keeps the archive's own path intact (no "//" for path functions to fold).
        let root = "/vsizip/{\(absolute)}"
        var inner = ""
        if path.lowercased().hasPrefix("/vsizip/"), let range = path.range(of: archive) {
            inner = String(path[range.upperBound...])
            if inner.hasPrefix("}") { inner.removeFirst() }
        }
        if !inner.isEmpty, inner != "/" { return root + (inner.hasPrefix("/") ? inner : "/" + inner) }
        let entries = VirtualFiles.listRecursive(root).filter { !$0.hasPrefix("__MACOSX") && !($0 as NSString).lastPathComponent.hasPrefix("._") }
        let datasets = candidates(entries)
        if datasets.count == 1, let only = datasets.first { return root + "/" + only }
        let folders = Set(datasets.map { ($0 as NSString).deletingLastPathComponent })
        if datasets.count > 1, datasets.allSatisfy({ $0.lowercased().hasSuffix(".shp") }), folders.count == 1 {
            // Each Shapefile is a layer: open the chosen one's .shp (GDAL 3.6 cannot open a
            // folder of Shapefiles inside a zip reliably: it tries to rewrite their .shx).
            let names = datasets.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
            if let layerName, let index = names.firstIndex(of: layerName) { return root + "/" + datasets[index] }
            throw InputError(layerName.map { "\(source): no layer named '\($0)' (layers: \(names.joined(separator: ", ")))" }
                ?? "\(source): has \(names.count) layers (\(names.joined(separator: ", "))); choose one with \(source)|layername=NAME")
        }
        if datasets.isEmpty {
            throw InputError("\(source): the zip holds no vector dataset GDAL reads (files: \(entries.prefix(10).joined(separator: ", ")))")
        }
        throw InputError("\(source): the zip holds \(datasets.count) datasets (\(datasets.joined(separator: ", "))); choose one with /vsizip/\(archive)/\(datasets[0])")
    }

    /// Dataset files among zip entries (a `.gdb` folder counts once).
    static func candidates(_ entries: [String]) -> [String] {
        var found: [String] = []
        for entry in entries {
            let trimmed = entry.hasSuffix("/") ? String(entry.dropLast()) : entry
            if let range = trimmed.range(of: ".gdb", options: [.caseInsensitive, .backwards]),
               range.upperBound == trimmed.endIndex || trimmed[range.upperBound] == "/" {
                let folder = String(trimmed[..<range.upperBound])
                if !found.contains(folder) { found.append(folder) }
                continue
            }
            if entry.hasSuffix("/") { continue }
            let ext = (trimmed as NSString).pathExtension.lowercased()
            if datasetExtensions.contains(ext), ext != "gdb" { found.append(trimmed) }
        }
        // A .json next to a .shp etc. is usually metadata; keep it only when alone.
        let withoutJSON = found.filter { ($0 as NSString).pathExtension.lowercased() != "json" }
        return withoutJSON.isEmpty ? found : withoutJSON
    }
}
