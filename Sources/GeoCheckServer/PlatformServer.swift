import Foundation
import GeoCheck
import Hummingbird

/// `geocheck serve`: loads the platform and answers HTTP until stopped.
public enum PlatformServer {
    public static func run(configPath: String, host: String, port: Int, log: @escaping @Sendable (String) -> Void) async throws {
        let config = try PlatformConfig.load(path: configPath)
        UploadArea.removeStale()
        let started = Date()
        let platform = try await Platform(config: config, progress: log)
        log(String(format: "catalogue: %d layers loaded and indexed in %.2f s", platform.catalogue.layers.count, Date().timeIntervalSince(started)))
        let router = Router(context: BasicRequestContext.self)
        let auth = Authenticator(store: platform.store)
        APIRoutes(platform: platform, auth: auth).register(on: router)
        try await PageRoutes.load(platform: platform, auth: auth).register(on: router)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "geocheck"),
            onServerRunning: { _ in log("listening on http://\(host):\(port)") })
        do {
            try await app.runService()
        } catch {
            await platform.store.close()
            throw error
        }
        await platform.store.close()
    }
}
