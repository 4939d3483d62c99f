import ArgumentParser
import Foundation
import GeoCheck

/// Options every command shares.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Write one JSON document to stdout (messages go to stderr).")
    var json = false

    @Option(name: .long, help: "Directory for the result files.")
    var out: String?

    @Option(name: .long, help: "Language of report.html: zh or en (default: from LANG, zh when it starts with zh).")
    var lang: Language?

    /// The report language: --lang, else the environment's LANG.
    var language: Language { Language.resolve(lang) }

    /// `--out` and the language, for a library run.
    var run: RunOutput { RunOutput(directory: out, language: language) }
}

extension Language: ExpressibleByArgument {}

/// `--min-area-m2` of the monitoring commands (screen's may also come from its config).
struct SliverOptions: ParsableArguments {
    @Option(name: .customLong("min-area-m2"), help: "Areas below this are numerical slivers, counted but not findings (default 0.01).")
    var minAreaM2: Double = 0.01

    func validate() throws {
        try validateMetres(minAreaM2, "--min-area-m2")
    }
}

/// A distance or area option must be a finite number ≥ 0 (nan would turn every overlap into a
/// sliver, inf every right into a near one), as the config requires.
func validateMetres(_ value: Double?, _ option: String) throws {
    guard let value else { return }
    if !value.isFinite || value < 0 { throw ValidationError("\(option) must be a finite number ≥ 0 (got \(value))") }
}

struct CRSOptions: ParsableArguments {
    @Option(name: .customLong("assume-crs"), help: "CRS for sources that have none, e.g. EPSG:4490.")
    var assumeCRS: String?

    @Option(name: .customLong("towgs84"), help: ArgumentHelp(
        "7 (or 3) Bursa-Wolf parameters from the surveying bureau for the source in Xian 1980 / Beijing 1954: dx,dy,dz in metres, rx,ry,rz in arc-seconds, ds in ppm, Position Vector convention (PROJ +towgs84). Parameters to CGCS2000 are used as given (CGCS2000 taken as WGS 84 for that step).",
        valueName: "dx,dy,dz,rx,ry,rz,ds"))
    var towgs84: String?

    func validate() throws {
        if let towgs84 {
            do { _ = try DatumShifts.parse(towgs84) } catch { throw ValidationError(String(describing: error)) }
        }
    }

    /// The parsed `--towgs84`, or nil.
    var towgs84Values: [Double]? { towgs84.flatMap { try? DatumShifts.parse($0) } }
}

/// `--area-method` of every command that prints areas.
struct AreaOptions: ParsableArguments {
    @Option(name: .customLong("area-method"), help: ArgumentHelp(
        "geodesic (default: PROJ's geodesic area of the densified polygon) or tdt1055 (TD/T 1055-2019 Appendix D, the ministry's method for mining-right areas).",
        valueName: "geodesic|tdt1055"))
    var areaMethod: AreaMethod?
}

extension AreaMethod: ExpressibleByArgument {}

/// One warning line per transformation that is a ballpark or worse than 1 m.
func warnApproximate(_ transformations: [TransformationInfo]) {
    for info in transformations where info.isApproximate {
        Console.error("geocheck: warning: \(info.warning)")
    }
}

/// Standard error, for messages and progress (stdout stays clean for --json).
enum Console {
    /// A message on stderr; a failing stderr is ignored (there is nowhere left to say so). On a
    /// terminal the line starts by clearing a progress bar that may be showing.
    static func error(_ message: String) {
        let clear = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
        try? FileOutput.write(Data((clear + message + "\n").utf8), to: STDERR_FILENO, name: "stderr")
    }

    /// Results on stdout, every write checked (a full disk or closed stdout is exit 1).
    static func output(_ text: String) throws {
        try StandardOutput.write(text)
    }
}

/// Runs a command body: errors become one line on stderr and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let message = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        Console.error("geocheck: error: \(message)")
        throw ExitCode(1)
    }
}
