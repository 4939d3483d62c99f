import CGDAL

/// An OGR feature and its one owner: every feature handle geocheck makes is held here and freed
/// in `deinit` (`OGR_F_Destroy`); no other code frees one. A feature read from a layer is a
/// copy (OGR hands ownership to the caller), so it may outlive the read loop.
final class OGRFeature {
    /// For the IO wrappers' field and geometry accessors; never stored elsewhere.
    let handle: OGRFeatureH

    private init(owning handle: OGRFeatureH) {
        self.handle = handle
    }

    deinit { OGR_F_Destroy(handle) }

    /// The layer's next feature (`OGR_L_GetNextFeature`): nil at the end of the layer or on a
    /// read error, which `CPLGetLastErrorType() == CE_Failure` then tells apart.
    static func next(of layer: OGRLayerH) -> OGRFeature? {
        OGR_L_GetNextFeature(layer).map(OGRFeature.init(owning:))
    }

    /// A new, empty feature of the layer's definition (`OGR_L_GetLayerDefn`, `OGR_F_Create`;
    /// NULL on failure, with the reason in `CPLGetLastErrorMsg`).
    static func create(for layer: OGRLayerH) -> OGRFeature? {
        OGR_L_GetLayerDefn(layer).flatMap(OGR_F_Create).map(OGRFeature.init(owning:))
    }
}
