#!/usr/bin/python3
"""verify_samples.py -- independent re-check of samples/answer_key.json from the written files.

Second computation path, sharing no code with make_samples.py (which uses pyproj + shapely):
  * files read back with GDAL/OGR (Python bindings of the system GDAL: Debian `python3-gdal`,
    run with /usr/bin/python3), GBK shapefiles decoded by GDAL (ENCODING=CP936 when LDID is 0);
  * coordinate transforms with OSR (system PROJ), traditional GIS axis order;
  * intersections / differences / unions with OGR (GEOS) in the Gauss-Krueger zone of the
    right / licence / site / task;
  * ellipsoidal areas with PROJ's geod_polygonarea (Karney) from the *system* libproj, called
    through ctypes on the GRS80 ellipsoid (SpatiaLite's ST_Area(geom, 1) was tried first, but
    its librttopo spheroid area is an approximation, off by up to ~1e-5 relative: not usable
    for a +-0.005 mu check; it is printed once for information);
  * the corner-coordinate file parsed here by hand and compared with licences.gpkg.

Usage: /usr/bin/python3 samples/verify_samples.py     -> prints every figure, exits 1 on mismatch
"""
import ctypes
import ctypes.util
import json
import math
import os
import sys

from osgeo import gdal, ogr, osr

ogr.UseExceptions()
osr.UseExceptions()
gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))
MU = 10000.0 / 15.0
TOL_M2 = 0.05                     # agreement required between the two computation paths
MEM = ogr.GetDriverByName("Memory").CreateDataSource("verify")
FAIL = []


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


_CT = {}


def ct(a, b):
    if (a, b) not in _CT:
        _CT[(a, b)] = osr.CoordinateTransformation(srs(a), srs(b))
    return _CT[(a, b)]


def to(g, a, b, drawn=False):
    """`g` from EPSG:a to EPSG:b; with `drawn`, its edges are first densified in EPSG:a (lon/lat to
    0.00005 deg, metres to 5 m) so that the result follows the lines as drawn (CONTRACT.md
    "Areas/Edges"), as make_samples.py does for the screen figures."""
    g = g.Clone()
    if drawn:
        g.Segmentize(0.00005 if a in (4490, 4326) else 5.0)
    if a != b:
        g.Transform(ct(a, b))
    return g


class _Geod(ctypes.Structure):          # struct geod_geodesic (51 doubles); padded generously
    _fields_ = [("d", ctypes.c_double * 128)]


_PROJ = ctypes.CDLL(ctypes.util.find_library("proj") or "libproj.so.25")
_G = _Geod()
_PROJ.geod_init(ctypes.byref(_G), ctypes.c_double(6378137.0), ctypes.c_double(1 / 298.257222101))


def ring_area(ring):
    pts = ring.GetPoints()
    if pts[0] == pts[-1]:
        pts = pts[:-1]
    n = len(pts)
    lats = (ctypes.c_double * n)(*[p[1] for p in pts])
    lons = (ctypes.c_double * n)(*[p[0] for p in pts])
    a, p = ctypes.c_double(), ctypes.c_double()
    _PROJ.geod_polygonarea(ctypes.byref(_G), lats, lons, n, ctypes.byref(a), ctypes.byref(p))
    return abs(a.value)


def area(g, epsg, drawn=False):
    """Ellipsoidal area (m2): PROJ geod_polygonarea (system libproj via ctypes) on GRS80 of the
    vertices transformed to EPSG:4490 by OSR (densified first with `drawn`); holes subtracted;
    non-polygonal parts ignored."""
    if g is None or g.IsEmpty():
        return 0.0
    ll = to(g, epsg, 4490, drawn)
    tot = 0.0
    stack = [ll]
    while stack:
        h = stack.pop()
        t = ogr.GT_Flatten(h.GetGeometryType())
        if t == ogr.wkbPolygon:
            for i in range(h.GetGeometryCount()):
                a = ring_area(h.GetGeometryRef(i))
                tot += a if i == 0 else -a
        elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
            stack.extend(h.GetGeometryRef(i) for i in range(h.GetGeometryCount()))
    return tot


def spatialite_area(g, epsg):
    """For information only: SpatiaLite ST_Area(geom, 1) (librttopo spheroid approximation)."""
    wkt = to(g, epsg, 4490).ExportToIsoWkt()
    lyr = MEM.ExecuteSQL(f"SELECT ST_Area(ST_GeomFromText('{wkt}', 4490), 1)", dialect="SQLite")
    f = lyr.GetNextFeature()
    v = f.GetField(0) if f is not None else None
    MEM.ReleaseResultSet(lyr)
    return float(v or 0.0)


def read(path, layer=None, open_options=None):
    ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_VERBOSE_ERROR, open_options=open_options or [])
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    sr = lyr.GetSpatialRef()
    sr.AutoIdentifyEPSG()
    epsg = int(sr.GetAuthorityCode(None))
    out = []
    for f in lyr:
        out.append((f.items(), f.GetGeometryRef().Clone()))
    return out, epsg


def union(gs):
    u = None
    for g in gs:
        u = g.Clone() if u is None else u.Union(g)
    return u


MAXDIFF = [0.0]


def check(label, got, want, tol=TOL_M2):
    ok = abs(got - want) <= tol
    if tol == TOL_M2:
        MAXDIFF[0] = max(MAXDIFF[0], abs(got - want))
    print(f"  {'ok ' if ok else 'BAD'} {label}: verify={got:.3f}  key={want:.3f}  diff={got - want:+.4f}")
    if not ok:
        FAIL.append(label)


def zone_of_lon(lon):
    return int(math.floor(lon / 3.0 + 0.5))


def screen(key):
    print("== screen")
    cfg = {  # layer -> (file, layer name, open options, class field, rules, default, buffer)
        "nature_reserve": ("nature_reserve.shp", None, [], "功能区",
                           {"核心区": "prohibited", "缓冲区": "prohibited", "实验区": "restricted"}, "prohibited", 1000),
        "water_source": ("water_source.gpkg", "water_source", [], "级别",
                         {"一级": "prohibited", "二级": "prohibited", "准保护区": "restricted"}, "prohibited", 500),
        "water_source_yunnan": ("water_source_yunnan.gpkg", "water_source_yunnan", [], "级别",
                                {"一级": "prohibited", "二级": "prohibited", "准保护区": "restricted"}, "prohibited",
                                500),
        "scenic_area": ("scenic_area.shp", None, ["ENCODING=CP936"], None, {}, "prohibited", 500),
        "forest_park": ("forest_park.kml", None, [], None, {}, "restricted", None),
        "world_heritage": ("world_heritage.gpkg", None, [], None, {}, "prohibited", None),
        "red_line": ("red_line.geojson", None, [], None, {}, "prohibited", 500),
        "public_welfare_forest": ("public_welfare_forest.shp", None, [], None, {}, "restricted", None),
        "cultural_relic": ("cultural_relic.gpkg", None, [], None, {}, "restricted", None),
        "river_basin": ("river_basin.gpkg", None, [], None, {}, "restricted", None),
    }
    layers = {}
    for name, (fn, ln, oo, *_r) in cfg.items():
        feats, epsg = read(os.path.join(HERE, "screen", fn), ln, oo)
        assert all("编号" in p and p["名称"] for p, _ in feats), name
        layers[name] = (feats, epsg)
        print(f"  layer {name}: {len(feats)} features, EPSG:{epsg}, e.g. {feats[0][0]['名称']}")
    rights, repsg = read(os.path.join(HERE, "screen", "rights.gpkg"), "rights")
    assert repsg == 4490 and len(rights) == len(key["rights"])
    n_over = 0
    verdicts = {}
    for (props, g), kr in zip(rights, key["rights"]):
        assert props["许可证号"] == kr["id"]
        if not g.IsValid():
            g = g.MakeValid()
        c = g.Centroid()
        z = zone_of_lon(c.GetX())
        gk = 4513 + z - 25
        rg = to(g, 4490, gk, drawn=True)
        ra = area(rg, gk, drawn=True)
        check(f"{kr['id']} right area", ra, kr["area_m2"])
        found = []
        prohib = []
        near = []
        rank = {"clear": 0, "near": 1, "restricted": 2, "prohibited": 3}
        verdict = "clear"
        for name, (feats, epsg) in layers.items():
            _, _, _, cf, rules, default, buf = cfg[name]
            for fp, fg in feats:
                fgk = to(fg, epsg, gk, drawn=True)
                inter = rg.Intersection(fgk)
                a = area(inter, gk, drawn=True) if inter is not None and not inter.IsEmpty() else 0.0
                sev = rules.get(fp.get(cf), default) if cf else default
                if a >= 0.01:
                    found.append((name, fp["编号"], a))
                    if sev == "prohibited":
                        prohib.append(fgk)
                    verdict = sev if rank[sev] > rank[verdict] else verdict
                elif buf is not None and rg.Distance(fgk) <= buf:
                    near.append((name, fp["编号"], rg.Distance(fgk)))
                    verdict = "near" if verdict == "clear" else verdict
        want = {(o["layer"], o["feature_id"]): o["area_m2"] for o in kr["overlaps"]}
        got = {(n, i): a for n, i, a in found}
        if set(want) != set(got):
            FAIL.append(f"{kr['id']} overlap set {sorted(got)} != {sorted(want)}")
            print("  BAD overlap set", kr["id"], sorted(got), sorted(want))
        for k in sorted(set(want) & set(got)):
            check(f"{kr['id']} ∩ {k[0]}/{k[1]}", got[k], want[k])
        wn = {(o["layer"], o["feature_id"]): o["distance_m"] for o in kr["near"]}
        gn = {(n, i): d for n, i, d in near}
        if set(wn) != set(gn):
            FAIL.append(f"{kr['id']} near set")
            print("  BAD near set", kr["id"], sorted(gn), sorted(wn))
        for k in sorted(set(wn) & set(gn)):
            check(f"{kr['id']} near {k[1]} distance", gn[k], wn[k], tol=0.01)
        ret = rg.Difference(union(prohib)) if prohib else rg
        check(f"{kr['id']} retained", area(ret, gk, drawn=True), kr["retained_area_m2"])
        if verdict != kr["verdict"]:
            FAIL.append(f"{kr['id']} verdict {verdict} != {kr['verdict']}")
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        n_over += bool(found)
    print(f"  overlapping rights: {n_over}; verdicts: {verdicts}")
    if n_over != key["summary"]["overlapping"]:
        FAIL.append("screen overlapping count")
    ids = [p["许可证号"] for p, _ in rights]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    if dups != key["summary"]["duplicates"]:
        FAIL.append("duplicates")
    # the touching right: identical shared vertices, zero-area intersection
    touch = [(p, g) for p, g in rights if p["许可证号"] == "C1400002012101120129934"][0][1]
    sx = [g for p, g in layers["nature_reserve"][0] if p["编号"] == "NR-140001-S"][0]
    shared = set(touch.GetGeometryRef(0).GetPoints()) & set(sx.GetGeometryRef(0).GetPoints())
    inter = to(touch, 4490, 4525).Intersection(to(sx, 4490, 4525))
    print(f"  touch: {len(shared)} bit-identical shared vertices; GK intersection type "
          f"{inter.GetGeometryName()}, area {area(inter, 4525):.6f} m2")


def parse_licence(path):
    txt = open(path, "rb").read().decode("gbk")
    blocks, cur = [], []
    for line in txt.splitlines():
        if not line.strip():
            continue
        k, v = line.split("=", 1)
        parts = v.split(",")
        if parts[0] == "标高":
            blocks.append((cur, float(parts[1]), float(parts[2]), int(parts[4])))
            cur = []
        else:
            cur.append((float(parts[1]), float(parts[2])))     # X northing, Y easting
    return blocks


def poly_from_xy(pts):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts + pts[:1]:
        ring.AddPoint_2D(y, x)
    p = ogr.Geometry(ogr.wkbPolygon)
    p.AddGeometry(ring)
    return p


def boundary(key):
    print("== boundary")
    blocks = parse_licence(os.path.join(HERE, "boundary", "licence_guangxi_no3.txt"))
    lic, epsg = read(os.path.join(HERE, "boundary", "licences.gpkg"), "licences")
    assert epsg == 4524
    for (pts, top, bot, bno), kb in zip(blocks, key["licence_file_blocks"]):
        g = poly_from_xy(pts)
        check(f"licence txt block {bno} area", area(g, 4524), kb["area_m2"])
        same = [lg for lp, lg in lic if lp["block"] == bno and lp["top"] == top and lp["bottom"] == bot
                and lp["id"] == "C4500002009121120043187"]
        assert same and same[0].SymDifference(g).Area() < 1e-6, "licence file != licences.gpkg"
    lic_by = {}
    for p, g in lic:
        lic_by.setdefault(p["id"], []).append(g)
    prev = {}
    for fn, kk in [("footprint_2020-04.gpkg", "check_2020_04"), ("footprint_2020-05.gpkg", "check_2020_05")]:
        fps, e2 = read(os.path.join(HERE, "boundary", fn), "footprint")
        assert e2 == 4524
        by = {}
        for p, g in fps:
            by.setdefault(p["id"], []).append(g)
        for km in key[kk]:
            mid = km["id"]
            out = union(by[mid]).Difference(union(lic_by[mid]))
            check(f"{fn} {mid} outside", area(out, 4524), km["outside_m2"])
            if "new_outside_m2" in km:
                new = out.Difference(prev[mid]) if prev.get(mid) is not None else out
                check(f"{fn} {mid} new outside", area(new, 4524), km["new_outside_m2"])
            prev[mid] = out
        print(f"  {fn}: No. 3 outside = {area(prev['C4500002009121120043187'], 4524) / MU:.4f} mu")


def forest(key):
    print("== forest")
    occ, e1 = read(os.path.join(HERE, "forest", "occupied.gpkg"))
    fo, e2 = read(os.path.join(HERE, "forest", "forest.gpkg"))
    pe, e3 = read(os.path.join(HERE, "forest", "permits.gpkg"))
    fu = union([to(g, e2, e1) for _, g in fo])
    for (p, og), ks in zip(occ, key["sites"]):
        assert p["id"] == ks["id"]
        of = og.Intersection(fu)
        valid = [to(g, e3, e1) for pp, g in pe if pp["id"] == p["id"] and pp["valid_until"] >= key["date"].replace("-", "/")]
        over = of.Difference(union(valid)) if valid else of
        check(f"site {p['id']} occupied forest", area(of, e1), ks["occupied_forest_m2"])
        check(f"site {p['id']} permitted", area(union(valid), e1) if valid else 0.0, ks["permitted_m2"])
        check(f"site {p['id']} over-occupied", area(over, e1), ks["over_occupied_m2"])
        exp = [pp["permit_id"] for pp, g in pe if pp["id"] == p["id"] and pp["valid_until"] < key["date"].replace("-", "/")]
        if exp != ks["expired_permits"]:
            FAIL.append(f"site {p['id']} expired permits {exp}")


def reclaim(key):
    print("== reclaim")
    tasks, e1 = read(os.path.join(HERE, "reclaim", "plan.gpkg"))
    pats, e2 = read(os.path.join(HERE, "reclaim", "done.gpkg"))
    asof = key["as_of"].replace("-", "/")
    for (p, tg), kt in zip(tasks, key["tasks"]):
        ps = [to(g, e2, e1) for pp, g in pats if pp["id"] == p["id"] and pp["date"] <= asof]
        done = area(union(ps).Intersection(tg), e1) if ps else 0.0
        check(f"task {p['id']} done", done, kt["done_m2"])
        planned = p["planned_mu"] if p["planned_mu"] is not None else area(tg, e1) / MU
        check(f"task {p['id']} planned mu", planned, kt["planned_mu"], tol=0.005)
        naive = sum(area(g, e1) for g in ps) / MU
        check(f"task {p['id']} naive sum mu", naive, kt["naive_sum_unclipped_mu"], tol=0.005)


def main():
    key = json.load(open(os.path.join(HERE, "answer_key.json"), encoding="utf-8"))
    screen(key["screen"])
    boundary(key["boundary"])
    forest(key["forest"])
    reclaim(key["reclaim"])
    print(f"largest area difference between the two paths: {MAXDIFF[0]:.4f} m2 (limit {TOL_M2} m2)")
    print("FAILURES:" if FAIL else "ALL FIGURES AGREE", *FAIL, sep="\n  ")
    sys.exit(1 if FAIL else 0)


if __name__ == "__main__":
    main()
