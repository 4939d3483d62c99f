import ArgumentParser
import Foundation
import GeoCheck

/// Runs one library writer of `--out` files with the progress display, then names the files.
func writingFiles(_ write: (@escaping (String) -> Void) throws -> [String]) throws {
    let display = ProgressDisplay()
    let files: [String]
    do {
        files = try write(display.report)
        display.finish()
    } catch {
        display.finish()
        throw error
    }
    Console.error("geocheck: wrote \(files.joined(separator: ", "))")
}

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
