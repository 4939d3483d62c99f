import CGEOS

/// Polygons assembled from closed rings by nesting (`GEOSBuildArea_r`), and snapping to a
/// precision grid (`GEOSGeom_setPrecision_r`).
extension GEOSContext {
    /// The area bounded by closed rings (interleaved x,y), whatever their order: a ring inside an
    /// outer ring is a hole, a ring inside a hole is an island (a new part), disjoint rings are
    /// separate parts. The rings are noded (`GEOSNode_r`) and handed to `GEOSBuildArea_r`
    /// (both NULL on failure).
    ///
    /// Returns nil when the rings cannot be nested: a ring that crosses itself, or two rings
    /// whose interiors overlap without one containing the other. (The caller then builds the
    /// polygon as written and repairs it, reporting why.)
    ///
    ///     let area = try context.nestedArea(rings: [outer, hole, islandInHole])
    public func nestedArea(rings: [[Double]]) throws -> Geometry? {
        let closedRings = rings.map(Self.closed)
        let faces = try closedRings.map { try polygon(rings: [$0]) }
        for face in faces where try face.validityProblem() != nil { return nil }
        for i in faces.indices {
            for j in faces.indices where j > i {
                let (a, b) = (faces[i], faces[j])
                guard try a.intersects(b), try !a.touches(b) else { continue }
                if try !a.covers(b), try !b.covers(a) { return nil }
            }
        }
        let lines = try collection(try closedRings.map { try simpleGeometry(.lineString, $0) }, type: .multiLineString)
        let noded = try own(lines.withGEOS { GEOSNode_r($0, $1) }, "GEOSNode_r")
        let area = try own(noded.withGEOS { GEOSBuildArea_r($0, $1) }, "GEOSBuildArea_r")
        return try area.polygonalParts()
    }

    static func closed(_ xy: [Double]) -> [Double] {
        guard xy.count >= 2 else { return xy }
        let n = xy.count
        if xy[0] == xy[n - 2] && xy[1] == xy[n - 1] { return xy }
        return xy + [xy[0], xy[1]]
    }
}

extension Geometry {
    /// The geometry with every coordinate snapped to a grid of `gridSize` (e.g. 0.01 m), the
    /// topology kept valid (`GEOSGeom_setPrecision_r`, NULL on failure): collapsed parts are
    /// dropped, crossings created by the rounding are noded.
    public func snapped(toGrid gridSize: Double) throws -> Geometry {
        try context.own(withGEOS { GEOSGeom_setPrecision_r($0, $1, gridSize, 0) }, "GEOSGeom_setPrecision_r")
    }

    /// Every coordinate rounded to a grid of `gridSize` and nothing more (`GEOS_PREC_NO_TOPO`):
    /// no noding, so the result may be invalid or keep parts thinner than the grid; callers
    /// check both (`RetainedCornerFile.gridded`).
    public func rounded(toGrid gridSize: Double) throws -> Geometry {
        try context.own(withGEOS { GEOSGeom_setPrecision_r($0, $1, gridSize, Int32(GEOS_PREC_NO_TOPO.rawValue)) },
                        "GEOSGeom_setPrecision_r")
    }
}
