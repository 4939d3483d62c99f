import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Inputs must be regular files or directories: reading a FIFO or a device blocks forever or
/// never ends.
enum RegularFile {
    /// Throws a one-line error naming `path` when it exists and is neither a regular file nor a
    /// directory (`stat(2)`, following symbolic links). A missing path is left to the caller.
    static func require(_ path: String, source: String? = nil) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let type = info.st_mode & S_IFMT
        if type == S_IFREG || type == S_IFDIR { return }
        let kind: String
        switch type {
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        throw InputError("\(source ?? path): is \(kind), not a file geocheck can read")
    }
}
