import ArgumentParser
import Foundation
import GeoCheck

@main
struct GeoCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geocheck",
        abstract: "Check mining and exploration rights against protected land (GEOS, GDAL, PROJ).",
        discussion: "Example:  geocheck screen samples/screen/rights.gpkg --against red_line=samples/screen/red_line.geojson --out results",
        version: LibraryVersions.summary,
        subcommands: [ScreenCommand.self, BoundaryCommand.self, ForestCommand.self, ReclaimCommand.self, HistoryCommand.self,
                      CoordsCommand.self, InfoCommand.self, DemoCommand.self, ServeCommand.self, UserCommand.self])

    /// Guards the standard descriptors, suggests a command for a mistyped one, then runs.
    static func main() {
        StandardOutput.guardDescriptors()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first != ServeCommand._commandName { AllocatorPolicy.keepFreedMemory() }
        if let message = CommandSuggestion.message(arguments, commands: configuration.subcommands.map { $0._commandName }) {
            Console.error(message)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(arguments)
    }
}

/// "did you mean screen?" for an unknown first word (exit 64 like every usage error).
enum CommandSuggestion {
    static func message(_ arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help", !commands.contains(first) else { return nil }
        let ranked = commands.map { ($0, distance(first.lowercased(), $0)) }.sorted { $0.1 < $1.1 }
        var message = "geocheck: error: unknown command '\(first)'."
        if let best = ranked.first, best.1 <= max(2, first.count / 3) || best.0.hasPrefix(first.lowercased()) {
            message += " Did you mean '\(best.0)'?"
        }
        return message + " Commands: \(commands.joined(separator: ", ")). See 'geocheck --help'."
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
