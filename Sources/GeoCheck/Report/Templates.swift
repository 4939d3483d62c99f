import Foundation
import Mustache

/// The one way geocheck renders HTML: mustache templates (swift-mustache) loaded from a folder
/// of `.mustache` files, each registered under its path without the extension ("page",
/// "content"), so templates include each other as partials (`{{> content}}`). `{{value}}` is
/// HTML-escaped; `{{{value}}}` is for markup that code made safe itself (inline SVG, CSS, JSON).
///
///     let templates = try Templates.reports()
///     let html = try templates.render("page", ["title": "<script>"])   // "&lt;script&gt;"
public struct Templates: Sendable {
    public let directory: URL
    let library: MustacheLibrary

    /// Every `.mustache` file under `directory` (sub-folders as "folder/name").
    public init(directory: URL) throws {
        self.directory = directory
        var library = MustacheLibrary()
        let base = directory.standardizedFileURL.path
        guard let files = FileManager.default.enumerator(atPath: base) else {
            throw TemplateError("\(base): templates folder not found")
        }
        for case let file as String in files where file.hasSuffix(".mustache") {
            let path = base + "/" + file
            do {
                var text = try String(contentsOfFile: path, encoding: .utf8)
                if text.hasSuffix("\n") { text.removeLast() }
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                throw TemplateError("\(path): \(error)")
            }
        }
        self.library = library
    }

    /// `name` rendered with `context` (dictionaries, arrays, strings, numbers, Bools).
    public func render(_ name: String, _ context: Any) throws -> String {
        guard let template = library.getTemplate(named: name) else {
            throw TemplateError("\(directory.path): no template '\(name)'")
        }
        return template.render(context, library: library)
    }

    /// A text file beside the templates (a style sheet or a script inlined into a page).
    public func text(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch { throw TemplateError("\(path): \(error.localizedDescription)") }
    }

    /// The templates, style sheet and script of the HTML reports (Resources/report), loaded once.
    public static func reports() throws -> Templates { try reportTemplates.get() }

    private static let reportTemplates = Result { try Templates(directory: try resourceFolder("report")) }

    /// A folder of this library's resources bundle.
    static func resourceFolder(_ name: String) throws -> URL {
        guard let bundle = Bundle.module.resourceURL else { throw TemplateError("the GeoCheck resources bundle is missing") }
        let nested = bundle.appendingPathComponent("Resources")
        let root = FileManager.default.fileExists(atPath: nested.appendingPathComponent(name).path) ? nested : bundle
        return root.appendingPathComponent(name)
    }
}

public struct TemplateError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
