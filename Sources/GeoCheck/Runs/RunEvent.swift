import Foundation

/// What a command's run (`Boundary.run`, `Forest.run`, `Reclaim.run`) tells its caller while it
/// runs: the evaluated result once (before any file is written, so warnings about it come first),
/// then the writers' progress.
public enum RunEvent<Result> {
    /// The check is evaluated (and recorded, when a ledger was given); `--out` is not written yet.
    case evaluated(Result)
    /// A writer's progress message: "writing 2 of 5 files (boundary.csv)".
    case progress(String)
}

/// Where a command's result files go.
public struct RunOutput: Sendable {
    /// `--out`: the directory of result files (nil: none written).
    public var directory: String?
    /// The language of report.html and the spreadsheet headers.
    public var language: Language

    public init(directory: String? = nil, language: Language = .zh) {
        self.directory = directory
        self.language = language
    }
}
