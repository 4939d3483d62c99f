import ArgumentParser
import Foundation
import GeoCheckServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The group's platform (集团环境信息化管理平台): web pages and a JSON API over the library.",
        discussion: "geocheck serve --config platform.yaml [--host 127.0.0.1] [--port 8080]")

    @Option(name: .long, help: "platform.yaml: store, constraint catalogue, monitoring layers.")
    var config: String

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port = 8080

    /// The root command is synchronous: the server runs in a task while this thread waits.
    func run() throws {
        let (config, host, port) = (config, host, port)
        do {
            try runBlocking {
                try await PlatformServer.run(configPath: config, host: host, port: port) { Console.error("geocheck: " + $0) }
            }
        } catch {
            Console.error("geocheck: error: \(String(describing: error).replacingOccurrences(of: "\n", with: " "))")
            throw ExitCode(1)
        }
    }
}
