import Foundation

/// What `geocheck coords` is asked to do.
public struct CoordsRequest: Sendable {
    /// A corner-coordinate file, or a polygon source for the inverse.
    public var file: String
    /// `--to`: a vector file, an `.xlsx` corner table, or (inverse) a corner text file.
    public var to: String?
    /// `--out`: the report directory.
    public var out: String?
    public var language: Language = .zh
    /// Form of a written corner file (inverse).
    public var form: CornerFileForm = .exchange
    public var idField: String?
    public var assumeCRS: String?
    public var zone: Int?
    public var zoneWidth: Int?
    public var towgs84: [Double]?
    public var method: AreaMethod = .geodesic

    public init(file: String) { self.file = file }
}

/// What `geocheck coords` did.
public struct CoordsOutcome: Sendable {
    public var result: CoordsResult
    /// True when the input was a corner-coordinate file (not the inverse).
    public var readCornerFile: Bool
    /// The inverse's corner text when no `--to` took it (the CLI prints it).
    public var cornerText: String?
    /// Files of `--out`.
    public var files: [String] = []
}

extension Coords {
    /// `geocheck coords` as one call: reads the file, computes the areas, writes `--to` and `--out`.
    public static func run(_ request: CoordsRequest, progress: ((String) -> Void)? = nil) throws -> CoordsOutcome {
        if let to = request.to { try refuseOverwritingInput(request.file, output: to) }
        let corner = CornerReadOptions(assumeCRS: request.assumeCRS, zone: request.zone, zoneWidth: request.zoneWidth)
        var datum = DatumShifts(common: request.towgs84)
        let source = try datum.apply(nil, to: try SourceLayer.open(SourceSpec(request.file), assumeCRS: request.assumeCRS, corner: corner))
        if let cornerFile = source.cornerFile {
            if request.towgs84 != nil {
                throw InputError("--towgs84: a corner-coordinate file's areas are computed on its own datum; the parameters apply only when polygons are converted into a CGCS2000 zone")
            }
            return try areas(of: cornerFile, request, progress: progress)
        }
        try datum.checkUsed()
        return try inverse(source, request, progress: progress)
    }

    /// A corner file's areas; `--to` as a vector file or an `.xlsx` corner table.
    static func areas(of file: CornerFile, _ request: CoordsRequest, progress: ((String) -> Void)?) throws -> CoordsOutcome {
        let table = request.to.map(CornerSpreadsheet.isSpreadsheet) ?? false
        var result = try fromCornerFile(file, source: request.file, output: table ? nil : request.to, method: request.method)
        if let to = request.to, table { result.output = try CornerSpreadsheet.write(file, to: to) }
        var outcome = CoordsOutcome(result: result, readCornerFile: true)
        if let out = request.out {
            outcome.files = try ResultFiles.write(result, file: file, source: request.file, to: out, language: request.language, progress: progress)
        }
        return outcome
    }

    /// Polygons to a corner file: `--to` as text or an `.xlsx` corner table, else the text returned.
    static func inverse(_ source: SourceLayer, _ request: CoordsRequest, progress: ((String) -> Void)?) throws -> CoordsOutcome {
        let (file, result) = try toCornerFile(source, idField: request.idField, form: request.form, method: request.method)
        var outcome = CoordsOutcome(result: result, readCornerFile: false)
        if let out = request.out {
            outcome.files = try ResultFiles.write(result, file: file, source: nil, to: out, language: request.language, progress: progress)
        }
        let text = CornerCoordinates.write(file, form: request.form)
        if let to = request.to, CornerSpreadsheet.isSpreadsheet(to) {
            try CornerSpreadsheet.write(file, to: to)
        } else if let to = request.to {
            try writeAtomically(Data(text.utf8), to: to)
        } else {
            outcome.cornerText = text
        }
        return outcome
    }
}
