import Foundation
import GeoCheck
import Synchronization

/// Progress on stderr. On a terminal (`isatty(2)`): one line redrawn in place, a bar with
/// percentage and ETA for counted steps ("screened 9000 of 20000 rights", "writing 3 of 6
/// files"); other messages scroll above it. Elsewhere (a log file, a pipe): plain timestamped
/// lines, counted steps of more than 20 at most every 10 % so logs stay short. Thread-safe; callers need not
/// (and must not) hold their own locks while reporting.
final class ProgressDisplay: Sendable {
    /// What is on the screen. Reports draw while holding it, so lines never interleave.
    private struct Shown {
        var barShown = false
        var phaseStart: (phase: String, time: Date)?
        var lastPlainPercent = -1
    }

    private let started = Date()
    private let terminal: Bool
    private let shown = Mutex(Shown())

    init(terminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.terminal = terminal
    }

    /// A library progress message.
    func report(_ message: String) {
        shown.withLock { shown in
            if let (phase, done, total) = Self.counted(message) {
                counted(phase: phase, done: done, total: total, message: message, shown: &shown)
            } else {
                line(message, shown: &shown)
            }
        }
    }

    /// Clears the bar (before the results are printed).
    func finish() {
        shown.withLock { clearBar(&$0) }
    }

    private func counted(phase: String, done: Int, total: Int, message: String, shown: inout Shown) {
        if shown.phaseStart?.phase != phase { shown.phaseStart = (phase, Date()) }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        if terminal {
            let elapsed = Date().timeIntervalSince(shown.phaseStart?.time ?? Date())
            let eta = fraction > 0.01 && fraction < 1 ? String(format: ", ETA %.0f s", elapsed / fraction - elapsed) : ""
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            write(String(format: "\r\u{1B}[K%@ %3.0f%% %@%@", bar, fraction * 100, message, eta))
            shown.barShown = true
            return
        }
        let percent = Int(fraction * 10) * 10
        if total <= 20 || percent != shown.lastPlainPercent || done == total {
            shown.lastPlainPercent = percent
            write(stamp(message) + "\n")
        }
    }

    private func line(_ message: String, shown: inout Shown) {
        clearBar(&shown)
        shown.lastPlainPercent = -1
        write(stamp(message) + "\n")
    }

    private func clearBar(_ shown: inout Shown) {
        if shown.barShown { write("\r\u{1B}[K") }
        shown.barShown = false
    }

    private func stamp(_ message: String) -> String {
        String(format: "geocheck: [%.2f s] ", Date().timeIntervalSince(started)) + message
    }

    private func write(_ text: String) {
        try? FileOutput.write(Data(text.utf8), to: STDERR_FILENO, name: "stderr")
    }

    /// "<verb> N of M <things>" → (verb, N, M).
    static func counted(_ message: String) -> (String, Int, Int)? {
        let words = message.split(separator: " ")
        guard words.count >= 4, words[2] == "of", let done = Int(words[1]), let total = Int(words[3]) else { return nil }
        return (String(words[0]), done, total)
    }
}
