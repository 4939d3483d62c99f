import CGEOS
import Foundation

/// Why a geometry is invalid, mapped from GEOS's reason text (kept verbatim in `reason`).
public struct ValidityProblem: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case selfIntersection = "self_intersection"
        case ringSelfIntersection = "ring_self_intersection"
        case tooFewPoints = "too_few_points"
        case ringNotClosed = "ring_not_closed"
        case holeOutsideShell = "hole_outside_shell"
        case nestedHoles = "nested_holes"
        case nestedShells = "nested_shells"
        case invalidCoordinate = "invalid_coordinate"
        case disconnectedInterior = "disconnected_interior"
        case other
    }

    public let kind: Kind
    public let reason: String
    public let x: Double?
    public let y: Double?

    static func kind(of reason: String) -> Kind {
        let text = reason.lowercased()
        if text.contains("ring self-intersection") { return .ringSelfIntersection }
        if text.contains("self-intersection") { return .selfIntersection }
        if text.contains("too few points") { return .tooFewPoints }
        if text.contains("not closed") { return .ringNotClosed }
        if text.contains("hole lies outside") { return .holeOutsideShell }
        if text.contains("holes are nested") { return .nestedHoles }
        if text.contains("nested shells") { return .nestedShells }
        if text.contains("invalid coordinate") { return .invalidCoordinate }
        if text.contains("disconnected") { return .disconnectedInterior }
        return .other
    }

    public var description: String {
        if let x, let y { return "\(reason) at (\(formatCoordinate(x)), \(formatCoordinate(y)))" }
        return reason
    }
}

func formatCoordinate(_ value: Double) -> String {
    abs(value) > 1000 ? String(format: "%.2f", value) : String(format: "%.7f", value)
}

extension Geometry {
    /// nil when valid, else the reason and location: a small one-ring polygon proven simple
    /// (`SimpleRing`) needs no GEOS check, anything else gets GEOS's (`geosValidityProblem`).
    public func validityProblem() throws -> ValidityProblem? {
        SimpleRing.provesValid(self) ? nil : try geosValidityProblem()
    }

    /// GEOS's own check (`GEOSisValidDetail_r`: 1 valid, 0 invalid, 2 exception).
    func geosValidityProblem() throws -> ValidityProblem? {
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let result = withGEOS { GEOSisValidDetail_r($0, $1, 0, &reason, &location) }
        defer {
            if let reason { GEOSFree_r(handle, reason) }
            if let location { GEOSGeom_destroy_r(handle, location) }
        }
        switch result {
        case 1: return nil
        case 0:
            let text = reason.map { String(cString: $0) } ?? "invalid geometry"
            var x = 0.0, y = 0.0
            let hasPoint = location.map {
                GEOSGeomGetX_r(handle, $0, &x) == 1 && GEOSGeomGetY_r(handle, $0, &y) == 1
            } ?? false
            return ValidityProblem(kind: ValidityProblem.kind(of: text), reason: text,
                                   x: hasPoint ? x : nil, y: hasPoint ? y : nil)
        default:
            throw context.error("GEOSisValidDetail_r")
        }
    }

    /// Repairs an invalid geometry keeping its structure (`GEOSMakeValidWithParams_r`, method
    /// "structure", collapsed parts dropped). A polygonal input gives a polygonal output.
    ///
    /// GEOS's structure method can lose a whole polygon whose ring runs out and back along a
    /// zero-width spike that a transformation made cross itself (a difference's sliver, densified
    /// into another CRS: GEOS 3.11–3.14 return ~0 m² for an 890 ha shape). So a polygonal repair
    /// is checked against the area its rings enclose (`GEOSArea` of the input: each ring's
    /// absolute area); when it is off, the "linework" method is asked too, and the repair closer
    /// to that area is kept.
    public func makeValid() throws -> Geometry {
        let structure = try makeValid(method: GEOS_MAKE_VALID_STRUCTURE)
        guard try type().isPolygonal else { return structure }
        let polygonal = try structure.polygonalParts()
        let enclosed = try planarArea(), kept = try polygonal.planarArea()
        guard abs(kept - enclosed) > 1e-6 * max(enclosed, kept) else { return polygonal }
        let linework = try makeValid(method: GEOS_MAKE_VALID_LINEWORK).polygonalParts()
        return try abs(linework.planarArea() - enclosed) < abs(kept - enclosed) ? linework : polygonal
    }

    private func makeValid(method: GEOSMakeValidMethods) throws -> Geometry {
        guard let params = GEOSMakeValidParams_create_r(handle) else {
            throw context.error("GEOSMakeValidParams_create_r")
        }
        defer { GEOSMakeValidParams_destroy_r(handle, params) }
        GEOSMakeValidParams_setMethod_r(handle, params, method)
        GEOSMakeValidParams_setKeepCollapsed_r(handle, params, 0)
        return try context.own(withGEOS { GEOSMakeValidWithParams_r($0, $1, params) }, "GEOSMakeValidWithParams_r")
    }

    /// This polygonal geometry as a valid one: itself when valid, else repaired (`makeValid`:
    /// zero-area spikes and collapsed parts dropped). What result geometries are written as.
    public func validPolygonal() throws -> Geometry {
        try validityProblem() == nil ? self : try makeValid().polygonalParts()
    }
}
