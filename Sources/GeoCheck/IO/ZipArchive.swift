import CGDAL
import Foundation

/// Writes a zip archive (deflated entries) with GDAL's `CPLCreateZip` family; every call
/// returns CE_None on success (the handle NULL on failure). The archive is written to `path`
/// directly: callers write into a staging file and rename (`writeAtomically` semantics are the
/// caller's). Used for XLSX workbooks.
///
///     let zip = try ZipArchive(path: "book.xlsx")
///     try zip.add("[Content_Types].xml", Data(xml.utf8))
///     try zip.close()
public final class ZipArchive {
    public let path: String
    private var handle: UnsafeMutableRawPointer?

    public init(path: String) throws {
        GDAL.ensure()
        CPLErrorReset()
        guard let handle = CPLCreateZip(path, nil) else { throw GDAL.error("CPLCreateZip", source: path) }
        self.path = path
        self.handle = handle
    }

    deinit {
        if let handle { CPLCloseZip(handle) }
    }

    /// Adds one entry (`CPLCreateFileInZip`, `CPLWriteFileInZip`, `CPLCloseFileInZip`).
    public func add(_ name: String, _ data: Data) throws {
        guard let handle else { throw GDALError(source: path, function: "CPLCreateFileInZip", message: "archive already closed") }
        guard CPLCreateFileInZip(handle, name, nil) == CE_None else { throw GDAL.error("CPLCreateFileInZip", source: "\(path): \(name)") }
        let status = data.withUnsafeBytes { buffer in
            CPLWriteFileInZip(handle, buffer.baseAddress, Int32(buffer.count))
        }
        guard status == CE_None else { throw GDAL.error("CPLWriteFileInZip", source: "\(path): \(name)") }
        guard CPLCloseFileInZip(handle) == CE_None else { throw GDAL.error("CPLCloseFileInZip", source: "\(path): \(name)") }
    }

    /// Writes the central directory and closes the file (`CPLCloseZip`).
    public func close() throws {
        guard let handle else { return }
        self.handle = nil
        guard CPLCloseZip(handle) == CE_None else { throw GDAL.error("CPLCloseZip", source: path) }
    }
}
