import Foundation

/// Writes `data` to `path` atomically: a temporary file in the same directory, every write and
/// the close checked, then `rename`. A target that exists and is not a regular file (a device
/// such as `/dev/stdout` or `/dev/full`, a FIFO) is written directly, every write checked.
public func writeAtomically(_ data: Data, to path: String) throws {
    var status = stat()
    if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
        let descriptor = open(path, O_WRONLY)
        guard descriptor >= 0 else { throw FileOutput.error(path) }
        try FileOutput.write(data, to: descriptor, name: path, closing: true)
        return
    }
    let directory = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    let temporary = "\(directory.isEmpty ? "." : directory)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw FileOutput.error(path) }
    do {
        try FileOutput.write(data, to: descriptor, name: path, closing: true)
        guard rename(temporary, path) == 0 else { throw FileOutput.error(path) }
    } catch {
        unlink(temporary)
        throw error
    }
}

/// Checked writes to file descriptors: a short write, `ENOSPC`, `EBADF` or `EPIPE` is an error
/// naming the target, never a silent loss.
public enum FileOutput {
    public static func write(_ data: Data, to descriptor: Int32, name: String, closing: Bool = false) throws {
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if closing, close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw error(name, failure) }
    }

    static func error(_ name: String, _ code: Int32 = errno) -> InputError {
        InputError("\(name): cannot write: \(String(cString: strerror(code)))")
    }
}

/// The process's standard output, written with checks (`--json` documents, tables, corner
/// lists): a full disk, a closed descriptor or a closed pipe is an error, not a crash or a
/// silent exit 0.
public enum StandardOutput {
    public static func write(_ data: Data) throws {
        try FileOutput.write(data, to: STDOUT_FILENO, name: "stdout")
    }

    public static func write(_ text: String) throws {
        try write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Makes closed standard descriptors harmless before anything is opened: a closed stdout
    /// becomes a read-only `/dev/null` (so writes fail with EBADF instead of landing in the
    /// next file opened as descriptor 1), a closed stderr a writable one; a closed pipe gives
    /// EPIPE instead of killing the process.
    public static func guardDescriptors() {
        signal(SIGPIPE, SIG_IGN)
        if fcntl(STDIN_FILENO, F_GETFD) < 0 { _ = open("/dev/null", O_RDONLY) }
        if fcntl(STDOUT_FILENO, F_GETFD) < 0 { reopen(STDOUT_FILENO, O_RDONLY) }
        if fcntl(STDERR_FILENO, F_GETFD) < 0 { reopen(STDERR_FILENO, O_WRONLY) }
    }

    private static func reopen(_ target: Int32, _ flags: Int32) {
        let descriptor = open("/dev/null", flags)
        if descriptor >= 0, descriptor != target {
            dup2(descriptor, target)
            close(descriptor)
        }
    }
}

/// Refuses an output that is the input itself (same device and inode: also through another
/// spelling of the path, a symbolic link or a hard link), e.g. `coords in.gpkg --to in.gpkg`.
public func refuseOverwritingInput(_ input: String, output: String) throws {
    let inputPath = String(input.split(separator: "|", maxSplits: 1).first ?? "")
    var a = stat(), b = stat()
    guard stat(inputPath, &a) == 0, stat(output, &b) == 0 else { return }
    if a.st_dev == b.st_dev && a.st_ino == b.st_ino {
        throw InputError("\(output): is the input \(input); refusing to overwrite it (choose another --to)")
    }
}
