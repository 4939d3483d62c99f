import ArgumentParser
import GeoCheck

@main
struct GeoCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geocheck",
        abstract: "Check mining and exploration rights against protected land (GEOS, GDAL, PROJ).",
        subcommands: [ScreenCommand.self, BoundaryCommand.self, ForestCommand.self, ReclaimCommand.self, HistoryCommand.self,
                      CoordsCommand.self, InfoCommand.self, DemoCommand.self, ServeCommand.self, UserCommand.self])
}
