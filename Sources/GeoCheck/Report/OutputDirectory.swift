import Foundation

/// The `--out DIR` of a command, written all-or-nothing: every file goes into a hidden staging
/// directory beside `DIR` (`.DIR.geocheck-tmp-PID-N`), and `commit()` moves the set into place.
/// An object dropped without `commit()` (an error, a failed writer) removes the staging
/// directory, so a failure after outputs began leaves nothing behind; a run killed with
/// `kill -9` leaves a staging directory that the next run beside the same target removes.
///
/// An existing `DIR` that holds only what an earlier run wrote (its `.geocheck-out` marker lists
/// those entries) is replaced as a whole (old renamed away, new renamed in, old deleted); an
/// empty one, or one with other files (the user's, which are kept), gets each new entry renamed
/// into it.
///
///     let out = try OutputDirectory("results")
///     try writeAtomically(json, to: try out.path("screen.json"))
///     let written = try out.commit()   // ["results/screen.json"]
public final class OutputDirectory {
    public let target: String
    public let staging: String
    public private(set) var names: [String] = []
    private var committed = false
    /// Called with each top-level file name as writing it begins (progress display).
    public var onFile: ((String) -> Void)?
    private var announced: Set<String> = []
    /// Subfolders of the staging directory made so far.
    private var folders: Set<String> = []
    static let marker = ".geocheck-out"

    public init(_ target: String) throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: target, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError("\(target): --out must be a directory, not a file")
        }
        let standardized = (target as NSString).standardizingPath
        let parent = (standardized as NSString).deletingLastPathComponent
        let parentDirectory = parent.isEmpty ? "." : parent
        do {
            try fileManager.createDirectory(atPath: parentDirectory, withIntermediateDirectories: true)
        } catch {
            throw InputError("\(target): cannot create output directory: \(error.localizedDescription)")
        }
        let base = (standardized as NSString).lastPathComponent
        let prefix = ".\(base == "." || base == "/" ? "out" : base).geocheck-tmp-"
        Self.removeStale(prefix: prefix, in: parentDirectory)
        let staging = "\(parentDirectory)/\(prefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw InputError("\(target): cannot write in \(parentDirectory): \(error.localizedDescription)")
        }
        self.target = target
        self.staging = staging
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// Tells `onFile` that the subfolder `folder` is being written, before its first file is
    /// ready (its files can take long to make).
    public func announce(folder: String) {
        if announced.insert(folder).inserted { onFile?(folder + "/") }
    }

    /// The staging path of `name` (may contain `/` for a subfolder, created here), remembered
    /// for the list of written files. `GEOCHECK_TEST_FAIL_OUTPUT=name` makes this throw (a
    /// late failure for tests).
    public func path(_ name: String) throws -> String {
        // getenv, not `ProcessInfo.environment`: that builds the whole environment as a dictionary,
        // once per file (7,458 retained files: 0.1 s of CPU).
        if let failing = getenv("GEOCHECK_TEST_FAIL_OUTPUT").map({ String(cString: $0) }), failing == name {
            throw InputError("\(target)/\(name): cannot write: injected failure (GEOCHECK_TEST_FAIL_OUTPUT)")
        }
        let path = "\(staging)/\(name)"
        // Searched as bytes: a "/" followed by a combining mark is one Character to Swift (and
        // `SafeFileName` keeps such marks), so a Character search would not find it.
        let slash = UInt8(ascii: "/")
        if let last = name.utf8.lastIndex(of: slash) {
            let folder = "\(staging)/\(name[..<last])"
            if !folders.contains(folder) {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                folders.insert(folder)
            }
        }
        names.append(name)
        let top = name.utf8.firstIndex(of: slash).map { String(name[..<$0]) } ?? name
        if !announced.contains(top) {
            announced.insert(top)
            onFile?(top == name ? name : top + "/")
        }
        return path
    }

    /// Writes `data` as `name` (as `path(_:)` names it) straight into the staging directory:
    /// the set is moved into place whole by `commit`, so a file in it needs no temporary and
    /// rename of its own (`writeAtomically`), which thousands of retained corner files paid.
    public func write(_ data: Data, as name: String) throws {
        let path = try path(name)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        let code = errno
        guard descriptor >= 0 else { throw FileOutput.error("\(target)/\(name)", code) }
        try FileOutput.write(data, to: descriptor, name: "\(target)/\(name)", closing: true)
    }

    /// Moves the set into place and returns the final paths of the files given by `path(_:)`.
    @discardableResult
    public func commit() throws -> [String] {
        let fileManager = FileManager.default
        committed = true
        defer { try? fileManager.removeItem(atPath: staging) }
        let existing = try? fileManager.contentsOfDirectory(atPath: target)
        if existing == nil || Self.isOurs(target) {
            try Self.writeMarker(in: staging)
        }
        if existing == nil {
            try Self.move(staging, to: target)
        } else if existing?.isEmpty == false && Self.isOurs(target) {
            try Self.replace(target, with: staging)
        } else {
            // An empty directory (perhaps the shell's current one) gets the entries moved in; a
            // directory with other files is never marked as ours (a later run would replace it).
            let keepMarker = existing?.isEmpty == true
            for entry in try fileManager.contentsOfDirectory(atPath: staging) where keepMarker || entry != Self.marker {
                try Self.replace("\(target)/\(entry)", with: "\(staging)/\(entry)")
            }
        }
        return names.map { "\(target)/\($0)" }
    }

    /// Empty, or nothing in it but the entries its marker lists.
    static func isOurs(_ directory: String) -> Bool {
        guard let contents = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        if contents.isEmpty { return true }
        guard let listed = try? String(contentsOfFile: "\(directory)/\(marker)", encoding: .utf8) else { return false }
        let known = Set(listed.split(separator: "\n").map(String.init) + [marker])
        return contents.allSatisfy(known.contains)
    }

    /// The marker: the top-level entries of this set, one per line.
    static func writeMarker(in directory: String) throws {
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != marker }.sorted()
        try writeAtomically(Data((entries.joined(separator: "\n") + "\n").utf8), to: "\(directory)/\(marker)")
    }

    /// Renames `new` onto `old`: a file atomically; a directory by renaming the old one away
    /// first (and back if the second rename fails), then deleting it.
    static func replace(_ old: String, with new: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: old, isDirectory: &isDirectory), isDirectory.boolValue else {
            return try move(new, to: old)
        }
        let parent = (old as NSString).deletingLastPathComponent
        let aside = "\(parent)/.\((old as NSString).lastPathComponent).geocheck-old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try move(old, to: aside)
        do {
            try move(new, to: old)
        } catch {
            _ = rename(aside, old)
            throw error
        }
        try? FileManager.default.removeItem(atPath: aside)
    }

    static func move(_ from: String, to: String) throws {
        guard rename(from, to) == 0 else {
            throw InputError("\(to): cannot move the result files into place: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes staging directories of earlier runs of `prefix` whose process is gone.
    static func removeStale(prefix: String, in directory: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let pid = entry.dropFirst(prefix.count).split(separator: "-").first.flatMap { Int32($0) }
            if let pid, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: "\(directory)/\(entry)")
            }
        }
    }
}
