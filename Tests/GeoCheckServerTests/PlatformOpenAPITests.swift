import Foundation
import XCTest

/// docs/openapi.yaml against the real answers: schemathesis (PyPI) generates requests from the
/// description and checks every answer's status code, content type and JSON schema, and that
/// none is a server error. Bounded: 10 examples per operation, 20 s per request.
final class PlatformOpenAPITests: XCTestCase {
    func testOpenAPIDescriptionMatchesTheAnswers() throws {
        guard (try CLIProcess.run("/usr/bin/env", ["schemathesis", "--version"])).status == 0 else {
            throw XCTSkip("schemathesis missing (.ci/run installs it)")
        }
        let server = try PlatformHarness()
        try server.start()
        let token = try server.login("admin")
        let spec = PlatformHarness.root.appendingPathComponent("docs/openapi.yaml").path
        let run = try CLIProcess.run("/usr/bin/env", [
            "schemathesis", "run", spec, "-u", server.base, "-H", "Authorization: Bearer \(token)", "-n", "10",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--request-timeout", "20", "--seed", "1",
        ], environment: ["NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""])
        print(run.stdout.components(separatedBy: "\n").suffix(12).joined(separator: "\n"))
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(try server.request("GET", "/healthz").status, 200, "the server survived the generated requests")
    }
}
