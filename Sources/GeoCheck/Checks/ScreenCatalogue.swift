import Foundation

/// One layer of a catalogue, as a client lists it.
public struct CatalogueLayer: Codable, Sendable {
    public let name: String
    public let source: String
    public let features: Int
    public let crs: String
    public let classField: String?
    public let bufferM: Double?

    enum CodingKeys: String, CodingKey {
        case name, source, features, crs
        case classField = "class_field"
        case bufferM = "buffer_m"
    }
}

/// Constraint layers read and cut into pieces once, to screen any number of rights against
/// them (the platform's catalogue). `geocheck screen` takes the same path per run:
/// `Screen.run` = open rights → prepare layers near them → screen.
///
/// Immutable after `load`: screenings on several threads share it (each worker builds its own
/// GEOS objects from the pieces' WKB). Checked `Sendable`: every stored property is a `let` of
/// a `Sendable` value type (the prepared layers hold WKB and envelopes, no C handle).
public final class ScreenCatalogue: Sendable {
    let constraints: [ConstraintInput]
    public let options: ScreenOptions
    public let layers: [CatalogueLayer]

    /// Reads every feature of every layer (no spatial filter) and subdivides big ones.
    public init(layers specs: [ConstraintSpec], options: ScreenOptions = ScreenOptions(),
                progress: (@Sendable (String) -> Void)? = nil) throws {
        var datum = DatumShifts(common: options.towgs84)
        constraints = try ScreenInputs.prepare(layers: specs, near: nil, options: options, datum: &datum, progress: progress)
        self.options = options
        layers = constraints.map {
            CatalogueLayer(name: $0.spec.name, source: $0.label, features: $0.records.count, crs: $0.crsLabel,
                           classField: $0.spec.classField, bufferM: $0.spec.bufferM)
        }
    }

    /// Screens the rights of `spec` against the catalogue, with `options` for this run
    /// (workers, geometries, min area); the layers' own settings are those of the catalogue.
    public func screen(_ spec: RightsSpec, options: ScreenOptions) throws -> ScreenOutcome {
        var datum = DatumShifts(common: nil)
        var inputs = ScreenInputs(rights: try ScreenRights.open(spec, options: options, datum: &datum, progress: nil),
                                  constraints: constraints)
        let outcome = try Screen.evaluate(&inputs, options: options, progress: nil)
        try inputs.rights.requireScreened(outcome)
        return outcome
    }

    /// The catalogue with every layer's `buffer_m` replaced (a screening with its own
    /// "near" distance); shares the prepared pieces.
    public func withBuffer(_ bufferM: Double) -> ScreenCatalogue {
        ScreenCatalogue(constraints: constraints.map { input in
            var copy = input
            copy.spec.bufferM = bufferM
            return copy
        }, options: options, layers: layers)
    }

    private init(constraints: [ConstraintInput], options: ScreenOptions, layers: [CatalogueLayer]) {
        self.constraints = constraints
        self.options = options
        self.layers = layers
    }
}
