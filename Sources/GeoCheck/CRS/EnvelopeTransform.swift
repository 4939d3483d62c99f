import CGDAL

extension CoordinateTransform {
    /// The bounding box of `envelope` in the target CRS (`OCTTransformBounds`, edges densified
    /// with 21 points so curved images of straight edges are covered).
    public func transformBounds(_ envelope: Envelope) throws -> Envelope {
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        guard OCTTransformBounds(handle, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY,
                                 &minX, &minY, &maxX, &maxY, 21) != 0 else {
            throw CRSError.gdal("OCTTransformBounds", "cannot transform extent from \(source.label) to \(target.label)")
        }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }
}
