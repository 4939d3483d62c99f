#!/usr/bin/env python3
"""Exact ellipsoidal area of the region as drawn (straight edges in longitude/latitude),
independent of geocheck: the reference the benchmark measures every tool against.

On the ellipsoid the area element is M(phi) N(phi) cos(phi) dphi dlambda. With
G(phi) = integral of M N cos phi dphi (closed form, the authalic function)

    G(phi) = (b^2 / 2) [ sin phi / (1 - e^2 sin^2 phi) + atanh(e sin phi) / e ],

Green's theorem gives the area of a region bounded by a closed ring as  -∮ G(phi) dlambda
(counter-clockwise in lon/lat positive). Along an edge drawn straight in lon/lat, phi is
linear in lambda, so the edge's term is  dlambda * ∫0..1 G(phi1 + t dphi) dt,  integrated
with Gauss-Legendre (4 points; `check` shows 8 points agree to < 1e-10 relative).
Ellipsoid: CGCS2000 = GRS80 (a = 6378137, 1/f = 298.257222101).

  reference.py check                               verifies G and the quadrature (below)
  reference.py pairs RIGHTS.gpkg LAYER.gpkg NAME OUT.csv
      every (right, feature) pair with positive overlap: the intersection computed by
      shapely in lon/lat (its edges are pieces of the inputs' straight lon/lat edges),
      then its exact area; right_id,feature_id,area_m2.
"""
import sys
import time

import numpy as np
import shapely

A = 6378137.0
F = 1 / 298.257222101
E2 = F * (2 - F)
E = np.sqrt(E2)
B2 = A * A * (1 - E2)


def G(phi):
    """∫0..phi M N cos phi dphi on GRS80 (m^2 per radian of longitude)."""
    s = np.sin(phi)
    return 0.5 * B2 * (s / (1 - E2 * s * s) + np.arctanh(E * s) / E)


def _gauss(points):
    x, w = np.polynomial.legendre.leggauss(points)
    return (x + 1) / 2, w / 2                      # nodes and weights on [0, 1]


def ring_areas(coords, ring_index, n_rings, points=4):
    """Signed area (m^2) of every ring from its closed coordinate list (degrees);
    counter-clockwise positive. coords: (n, 2) lon/lat; ring_index: ring of each row."""
    lam = np.radians(coords[:, 0])
    phi = np.radians(coords[:, 1])
    same = ring_index[1:] == ring_index[:-1]        # edge k: vertex k -> k+1 in one ring
    dlam = (lam[1:] - lam[:-1])[same]
    phi1, dphi = phi[:-1][same], (phi[1:] - phi[:-1])[same]
    ring = ring_index[:-1][same]
    first = np.searchsorted(ring_index, np.arange(n_rings))
    g0 = G(phi[np.minimum(first, len(phi) - 1)])[ring]   # ∮ const dlambda = 0: less cancellation
    t, w = _gauss(points)
    mean = sum(wk * (G(phi1 + tk * dphi) - g0) for tk, wk in zip(t, w))
    return -np.bincount(ring, weights=dlam * mean, minlength=n_rings)


def polygon_areas(geoms, points=4):
    """Exact drawn-region area of each geometry (polygonal parts only), m^2."""
    parts, pidx = shapely.get_parts(geoms, return_index=True)
    poly = shapely.get_type_id(parts) == 3
    parts, pidx = parts[poly], pidx[poly]
    parts = shapely.orient_polygons(parts, exterior_cw=False)   # shells CCW, holes CW
    rings, ridx = shapely.get_rings(parts, return_index=True)
    coords, cidx = shapely.get_coordinates(rings, return_index=True)
    ra = ring_areas(coords, cidx, len(rings), points)
    out = np.zeros(len(geoms))
    np.add.at(out, pidx[ridx], ra)
    return out


def pairs(rights_path, layer_path, layer, out, points=4):
    import geopandas as gpd
    t0 = time.perf_counter()
    r = gpd.read_file(rights_path, layer="rights", engine="pyogrio")
    c = gpd.read_file(layer_path, layer=layer, engine="pyogrio")
    ri, ci = c.sindex.query(r.geometry.values, predicate="intersects")
    inter = shapely.intersection(r.geometry.values[ri], c.geometry.values[ci])
    area = polygon_areas(inter, points)
    other = polygon_areas(inter, 2 * points)
    big = area >= 1e4
    conv = float(np.max(np.abs(other[big] - area[big]) / area[big])) if big.any() else 0.0
    keep = area > 0
    with open(out, "w") as f:
        f.write("right_id,feature_id,area_m2\n")
        for a, b, v in zip(r["id"].to_numpy()[ri[keep]], c["id"].to_numpy()[ci[keep]], area[keep]):
            f.write(f"{a},{b},{float(v)!r}\n")
    print(f"reference: {int(keep.sum())} pairs in {time.perf_counter() - t0:.1f} s; "
          f"{points} vs {2 * points} Gauss points: max rel. difference {conv:.1e} (pairs >= 1 ha)",
          file=sys.stderr)
    return conv


def check():
    """G against independent values; returns the list of (what, relative difference)."""
    from pyproj import Geod, Transformer
    res = []
    # 1. G(phi) against a numerical integral of M N cos(phi) (64-point Gauss-Legendre).
    def mn_cos(p):
        w = 1 - E2 * np.sin(p) ** 2
        return A * (1 - E2) / w ** 1.5 * A / np.sqrt(w) * np.cos(p)
    x, w = np.polynomial.legendre.leggauss(64)
    for deg in (10.0, 30.0, 50.0):
        p = np.radians(deg)
        num = np.sum(w * mn_cos((x + 1) / 2 * p)) * p / 2
        res.append((f"G({deg:.0f}°) vs numerical ∫ M N cos φ dφ", abs(G(p) - num) / num))
    # 2. 1°×1° graticule cell, closed form Δλ (G(φ2) − G(φ1)) against PROJ's equal-area
    #    cylindrical projection (cea on GRS80: the cell maps to a rectangle of the same area).
    lon1, lon2, lat1, lat2 = 100.0, 101.0, 30.0, 31.0
    closed = np.radians(lon2 - lon1) * (G(np.radians(lat2)) - G(np.radians(lat1)))
    tr = Transformer.from_crs("EPSG:4490", "+proj=cea +ellps=GRS80 +lat_ts=0", always_xy=True)
    (x1, x2), (y1, y2) = tr.transform([lon1, lon2], [lat1, lat2])
    res.append((f"1°×1° cell {closed / 1e6:.3f} km² vs PROJ cea rectangle",
                abs(closed - (x2 - x1) * (y2 - y1)) / closed))
    ring = shapely.segmentize(shapely.box(lon1, lat1, lon2, lat2), 0.1)
    res.append(("same cell by the ∮ quadrature", abs(polygon_areas(np.array([ring]))[0] - closed) / closed))
    # 3. An irregular polygon with ~10 m edges (straight lon/lat ≈ geodesic) against pyproj Geod.
    poly = shapely.Polygon([(112.0, 31.0), (112.9, 31.2), (113.1, 32.0), (112.5, 31.7), (112.2, 32.1)])
    fine = shapely.segmentize(poly, 1e-4)
    lon, lat = np.asarray(fine.exterior.coords).T
    geod = abs(Geod(ellps="GRS80").polygon_area_perimeter(lon[:-1], lat[:-1])[0])
    ours = polygon_areas(np.array([fine]))[0]
    res.append((f"polygon {ours / 1e6:.3f} km² with {len(lon) - 1} edges of ~10 m vs pyproj Geod",
                abs(ours - geod) / geod))
    # 4. Quadrature convergence on long edges (the same polygon undensified): 4 vs 8 points.
    a4, a8 = polygon_areas(np.array([poly]), 4)[0], polygon_areas(np.array([poly]), 8)[0]
    res.append(("5 edges of 40–100 km: 4 vs 8 Gauss points", abs(a4 - a8) / a8))
    return res


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        worst = 0.0
        for what, rel in check():
            print(f"{what}: {rel:.1e}")
            worst = max(worst, rel)
        sys.exit(0 if worst < 1e-9 else 1)
    if len(sys.argv) == 6 and sys.argv[1] == "pairs":
        pairs(*sys.argv[2:6])
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
