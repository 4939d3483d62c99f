import Foundation
import GeoCheck
import HTTPTypes
import Hummingbird
import NIOCore

/// Turns any error of a handler into the contract's JSON error answer.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PlatformError {
            return Reply.error(error.status, error.message)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            return Reply.error(413, "upload larger than the configured limit")
        } catch let error as HTTPResponseError {
            return Reply.error(error.status.code, error.status.reasonPhrase)
        } catch {
            return Reply.error(400, String(describing: error).replacingOccurrences(of: "\n", with: " "))
        }
    }
}

/// Response builders.
enum Reply {
    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func json<T: Encodable>(_ value: T) throws -> Response { json(try JSONOutput.encode(value)) }

    static func error(_ status: Int, _ message: String) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": message], options: [.withoutEscapingSlashes])) ?? Data("{}".utf8)
        return json(body, status: HTTPResponse.Status(code: status))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                           .contentSecurityPolicy: "default-src 'self'; img-src 'self' data: *; style-src 'self' 'unsafe-inline'"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func file(_ data: Data, type: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// Replaces the server's temporary paths in an error message with the client's file name.
func clientMessage(_ error: Error, upload: UploadArea, name: String) -> String {
    var text = String(describing: error).replacingOccurrences(of: "\n", with: " ")
    text = text.replacingOccurrences(of: upload.directory.path + "/unzipped/", with: name + ":")
    text = text.replacingOccurrences(of: upload.directory.path + "/", with: "")
    for ext in UploadArea.vectorExtensions.union(["zip", "shp"]) {
        text = text.replacingOccurrences(of: "upload.\(ext)", with: name)
    }
    return text
}

/// Runs blocking library work (GEOS/GDAL) off the event loops.
func offloop<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try body() })
        }
    }
}
