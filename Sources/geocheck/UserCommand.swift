import ArgumentParser
import Foundation
import GeoCheck
import GeoCheckServer

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the platform's users.", subcommands: [UserAddCommand.self])
}

extension Role: ExpressibleByArgument {}

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add (or replace) a user; the password is read from stdin and stored as a bcrypt hash.",
        discussion: "echo PASSWORD | geocheck user add NAME --role hq|unit|viewer [--unit UNIT] --config platform.yaml")

    @Argument(help: "User name.")
    var name: String

    @Option(name: .long, help: "hq, unit or viewer.")
    var role: Role

    @Option(name: .long, help: "The unit (as in the licences' unit field); required for role unit.")
    var unit: String?

    @Option(name: .long, help: "platform.yaml naming the store.")
    var config: String

    func validate() throws {
        if role == .unit && unit == nil { throw ValidationError("--role unit needs --unit UNIT") }
        if name.isEmpty || name.count > 64 { throw ValidationError("the user name must have 1 to 64 characters") }
    }

    func run() throws {
        try reportingErrors {
            let password = (readLine(strippingNewline: true) ?? "")
            guard password.count >= 8 else { throw InputError("stdin: the password must have at least 8 characters") }
            let settings = try PlatformConfig.load(path: config)
            let (name, role, unit) = (name, role, unit)
            let location = try runBlocking {
                let store = try await openPlatformStore(settings.store)
                do { try await store.addUser(name: name, password: password, role: role, unit: unit) } catch {
                    await store.close()
                    throw error
                }
                await store.close()
                return store.location
            }
            Console.error("geocheck: user \(name) (\(role.rawValue)\(unit.map { ", unit \($0)" } ?? "")) saved in \(location)")
        }
    }
}
