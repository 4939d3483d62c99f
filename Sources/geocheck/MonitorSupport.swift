import ArgumentParser
import Foundation
import GeoCheck

/// A monitoring command's one library call, with the progress display: `warn` hears the result
/// when it is evaluated (before any file is written), the writers' progress goes to the display,
/// and the files written are named at the end.
func running<Run: WroteFiles, Result>(_ run: (@escaping (RunEvent<Result>) -> Void) throws -> Run,
                                     warn: @escaping (Result) -> Void) throws -> Run {
    let display = ProgressDisplay()
    let done: Run
    do {
        done = try run { event in
            switch event {
            case .evaluated(let result): warn(result)
            case .progress(let message): display.report(message)
            }
        }
        display.finish()
    } catch {
        display.finish()
        throw error
    }
    if !done.files.isEmpty { Console.error("geocheck: wrote \(done.files.joined(separator: ", "))") }
    return done
}

/// A run that names the files it wrote.
protocol WroteFiles {
    var files: [String] { get }
}

extension BoundaryRun: WroteFiles {}
extension ForestRun: WroteFiles {}
extension ReclaimRun: WroteFiles {}

/// `--date`/`--as-of` values: ISO dates, checked.
func parseDateOption(_ value: String?, _ name: String) throws -> String? {
    guard let value else { return nil }
    guard let date = ISODate.parse(value) else { throw ValidationError("\(name) '\(value)' is not a date (use YYYY-MM-DD)") }
    return date
}

func warnAboutNotes(repaired: [FeatureNote], skipped: [FeatureNote]) {
    for note in repaired {
        Console.error("geocheck: warning: repaired invalid geometry: \(note.layer) feature \(note.id): \(note.reason)")
    }
    for note in skipped {
        Console.error("geocheck: warning: skipped \(note.layer) feature \(note.id): \(note.reason)")
    }
}
