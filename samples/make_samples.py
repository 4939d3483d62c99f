#!/usr/bin/env python3
"""make_samples.py -- regenerate the geocheck sample dataset (samples/) deterministically.

Requirements (tested versions):
  * Python >= 3.9 with `pip install pyproj shapely`  (pyproj 3.7.2 / PROJ 9.5.1, shapely 2.2.0)
  * GDAL's `ogr2ogr` command on PATH (GDAL 3.6.2; Debian package gdal-bin) -- used only to
    convert the GeoJSON this script writes into GeoPackage / Shapefile / KML.

Usage:   python3 samples/make_samples.py          (from anywhere; writes next to this file)

Everything is deterministic: no random numbers (a fixed-seed generator only jitters corner
coordinates), GeoPackages are written with OGR_CURRENT_DATE fixed, Shapefile DBF headers carry a
fixed "last update" date.  Running it twice gives byte-identical files.

Geometry is designed in CGCS2000 3-degree Gauss-Krueger metres (zone prefix in the easting,
EPSG:4513-4533), then densified / transformed into each layer's storage CRS and rounded
(lon/lat to 1e-9 degree, GK metres to 1 mm or 1 cm).  All figures of the answer key are computed
from the *stored* (rounded) coordinates: intersections/differences with shapely in the
Gauss-Krueger zone of the right/licence/site/task, ellipsoidal areas with
pyproj.Geod(ellps="GRS80") after transforming the vertices back to lon/lat (holes subtracted).
The answer key is written to samples/answer_key.json and samples/README.md.
"""
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import shapely
import shapely.validation
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.ops import unary_union

HERE = os.path.dirname(os.path.abspath(__file__))
GEOD = Geod(ellps="GRS80")          # CGCS2000 ellipsoid == GRS80 (a=6378137, 1/f=298.257222101)
MU = 10000.0 / 15.0                 # 1 mu in m2
CHECK_DATE = "2020-10-31"
OGR_ENV = dict(os.environ, OGR_CURRENT_DATE="2020-10-31T00:00:00.000Z")

# --------------------------------------------------------------------------------------------
# CRS helpers


def gk_epsg(zone):
    """CGCS2000 3-degree GK zone with zone prefix: zone 25 -> EPSG:4513 ... zone 45 -> 4533."""
    assert 25 <= zone <= 45
    return 4513 + zone - 25


def zone_of_lon(lon):
    return int(math.floor(lon / 3.0 + 0.5))


_TF = {}


def T(src, dst):
    key = (src, dst)
    if key not in _TF:
        _TF[key] = Transformer.from_crs(f"EPSG:{src}", f"EPSG:{dst}", always_xy=True)
    return _TF[key]


def tx(geom, src, dst):
    if src == dst:
        return geom
    t = T(src, dst)

    def f(c):
        x, y = t.transform(c[:, 0], c[:, 1])
        return np.column_stack([x, y])
    return shapely.transform(geom, f)


def tx_pt(x, y, src, dst):
    return T(src, dst).transform(x, y)


def rnd(geom, nd):
    """Round coordinates correctly (decimal rounding, so text writers reproduce them exactly)."""
    def f(c):
        return np.array([[float(f"{v:.{nd}f}") for v in row] for row in c])
    return shapely.transform(geom, f)


def polys(g):
    if g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    if isinstance(g, MultiPolygon):
        return list(g.geoms)
    return [p for p in getattr(g, "geoms", []) for p in polys(p)]


def ring_area(coords):
    lons = [c[0] for c in coords]
    lats = [c[1] for c in coords]
    a, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(a)


def ell_area_ll(g):
    """Ellipsoidal (GRS80) area of a lon/lat polygonal geometry, holes subtracted."""
    tot = 0.0
    for p in polys(g):
        tot += ring_area(p.exterior.coords)
        for r in p.interiors:
            tot -= ring_area(r.coords)
    return tot


def ell_area(g, crs):
    return ell_area_ll(tx(g, crs, 4490)) if crs != 4490 else ell_area_ll(g)


def fig(m2):
    return {"m2": round(m2, 2), "mu": round(m2 / MU, 2), "ha": round(m2 / 10000.0, 4)}


def densify_ring(coords, step):
    """Deterministic densification: each edge split into ceil(L/step) equal parts."""
    out = []
    n = len(coords)
    pts = list(coords)
    if pts[0] == pts[-1]:
        pts = pts[:-1]
        n = len(pts)
    for i in range(n):
        (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % n]
        L = math.hypot(x1 - x0, y1 - y0)
        k = max(1, int(math.ceil(L / step - 1e-9)))
        for j in range(k):
            out.append((x0 + (x1 - x0) * j / k, y0 + (y1 - y0) * j / k))
    out.append(out[0])
    return out


def dense(g, crs, step=None):
    """The region as drawn (CONTRACT.md "Areas/Edges": an edge is straight in the CRS the layer
    is stored in): every edge densified in its own CRS -- lon/lat to 0.00005 deg (~5 m), metres to
    5 m -- so that transforms and vertex-geodesic areas follow the drawn lines (the chords are off
    them by under 1e-7 m2 per metre of edge)."""
    step = step or (0.00005 if crs in (4490, 4326) else 5.0)
    return shapely.transform(g, lambda c: c) if g.is_empty else _dense(g, step)


def _dense(g, step):
    ps = [Polygon(densify_ring(p.exterior.coords, step), [densify_ring(r.coords, step) for r in p.interiors])
          for p in polys(g)]
    return ps[0] if len(ps) == 1 else MultiPolygon(ps)


def drawn_area(g, crs):
    """Ellipsoidal area of the region as drawn in `crs` (edges densified there first)."""
    if g.is_empty:
        return 0.0
    return ell_area(dense(g, crs), crs)


def tune(f, lo, hi, target, iters=80):
    """Bisection for a monotonic f (increasing or decreasing) so that f(p) == target."""
    flo, fhi = f(lo) - target, f(hi) - target
    assert flo * fhi < 0, (flo, fhi)
    for _ in range(iters):
        mid = (lo + hi) / 2
        fm = f(mid) - target
        if (fm < 0) == (flo < 0):
            lo, flo = mid, fm
        else:
            hi = mid
    return (lo + hi) / 2


def tune_rounded(f, lo, hi, target, tol, nd=3):
    p = tune(f, lo, hi, target)
    best = None
    for k in range(-30, 31):
        q = float(f"{p:.{nd}f}") + k * 10 ** (-nd)
        q = float(f"{q:.{nd}f}")
        d = abs(f(q) - target)
        if best is None or d < best[0]:
            best = (d, q)
    assert best[0] <= tol, (best, target)
    return best[1]


# --------------------------------------------------------------------------------------------
# Writers (GeoJSON written by hand; ogr2ogr converts to the other formats)

TMP = tempfile.mkdtemp(prefix="geocheck_samples_")


def write_geojson(path, features, crs_epsg=None, name=None):
    """features: list of (properties dict, shapely geometry). Coordinates written with repr."""
    fc = {"type": "FeatureCollection"}
    if name:
        fc["name"] = name
    if crs_epsg:
        fc["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{crs_epsg}"}}
    fc["features"] = [{"type": "Feature", "properties": props, "geometry": mapping(g)}
                      for props, g in features]

    def fix(o):
        if isinstance(o, (list, tuple)):
            return [fix(v) for v in o]
        if isinstance(o, dict):
            return {k: fix(v) for k, v in o.items()}
        return o
    txt = json.dumps(fix(fc), ensure_ascii=False, indent=None, separators=(",", ":"))
    txt = txt.replace('{"type":"Feature"', '\n{"type":"Feature"')
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(txt + "\n")


def ogr(args):
    subprocess.run(["ogr2ogr"] + args, check=True, env=OGR_ENV,
                   stdout=subprocess.DEVNULL)


_COUNTER = [0]


def write_layer(outpath, layer, features, crs, fmt, append=False, ldid=None):
    """Write features (props, geom-in-crs) to outpath in format fmt."""
    _COUNTER[0] += 1
    tmp = os.path.join(TMP, f"{_COUNTER[0]:03d}_{layer}.geojson")
    write_geojson(tmp, features)
    if fmt == "GPKG":
        args = ["-f", "GPKG", outpath, tmp, "-nln", layer, "-a_srs", f"EPSG:{crs}",
                "-nlt", "POLYGON" if all(g.geom_type == "Polygon" for _, g in features) else "MULTIPOLYGON",
                "-lco", "FID=fid"]
        if append:
            args = ["-update"] + args
        ogr(args)
    elif fmt == "SHP":
        base = outpath[:-4]
        for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            if os.path.exists(base + ext):
                os.remove(base + ext)
        ogr(["-f", "ESRI Shapefile", outpath, tmp, "-a_srs", f"EPSG:{crs}",
             "-lco", "ENCODING=CP936", "-lco", "DBF_DATE_LAST_UPDATE=2020-10-31",
             "-nlt", "POLYGON"])
        if os.path.exists(base + ".cpg"):
            os.remove(base + ".cpg")            # Chinese agency style: GBK, no .cpg
        with open(base + ".dbf", "r+b") as fh:  # language driver id byte
            fh.seek(29)
            fh.write(bytes([ldid or 0]))
    elif fmt == "KML":
        assert crs == 4326
        ogr(["-f", "KML", outpath, tmp, "-nln", layer, "-a_srs", "EPSG:4326"])
    else:
        raise ValueError(fmt)


def reset(path):
    if os.path.exists(path):
        os.remove(path)


# --------------------------------------------------------------------------------------------
# Geometry design helpers

class Site:
    """A local design frame: origin (lon, lat) -> GK zone metres rounded to 100 m."""

    def __init__(self, lon, lat):
        self.zone = zone_of_lon(lon)
        self.crs = gk_epsg(self.zone)
        e, n = tx_pt(lon, lat, 4490, self.crs)
        self.E0 = round(e / 100.0) * 100.0
        self.N0 = round(n / 100.0) * 100.0

    def pt(self, dx, dy):
        return (self.E0 + dx, self.N0 + dy)

    def poly(self, pts, holes=()):
        return Polygon([self.pt(*p) for p in pts], [[self.pt(*p) for p in h] for h in holes])

    def rect(self, x0, y0, x1, y1):
        return self.poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


RNG = random.Random(20201031)


def jitter(pts, amount=25.0):
    """Deterministic (seeded) corner jitter, 2 decimals, so rights do not look synthetic."""
    return [(x + round(RNG.uniform(-amount, amount), 2), y + round(RNG.uniform(-amount, amount), 2))
            for x, y in pts]


def to_storage(g_gk, gk, crs, step=100.0):
    """Densify a GK-designed polygon and move it to the storage CRS (rounded)."""
    def dens(p):
        return Polygon(densify_ring(p.exterior.coords, step),
                       [densify_ring(r.coords, step) for r in p.interiors])
    if crs == gk:
        return rnd(g_gk, 3)
    ps = [dens(p) for p in polys(g_gk)]
    g = ps[0] if len(ps) == 1 else MultiPolygon(ps)
    return rnd(tx(g, gk, crs), 9)


def nested_zones(site, rects, step=100.0, crs=4490):
    """Concentric zone polygons (core, buffer ring, experimental ring) sharing identical
    boundary vertices: returns list of polygons in storage CRS, inner first."""
    rings = []
    for (x0, y0, x1, y1) in rects:
        ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        d = densify_ring([site.pt(*p) for p in ring], step)
        line = shapely.LineString(d)
        ll = rnd(line, 3) if crs == site.crs else rnd(tx(line, site.crs, crs), 9)
        rings.append((list(ll.coords), d))
    out = []
    for i, (coords, _) in enumerate(rings):
        holes = [list(reversed(rings[i - 1][0]))] if i > 0 else []
        out.append(Polygon(coords, holes))
    return out, rings


# ============================================================================================
# 1. SCREEN
# ============================================================================================

def build_screen():
    d = os.path.join(HERE, "screen")
    os.makedirs(d, exist_ok=True)
    L = {}            # layer name -> dict(crs, fmt, file, features=[(props, geom_stored)])

    # ---- design frames --------------------------------------------------------------------
    SX = Site(111.20, 36.98)      # Shanxi, Jiaokou / Lvliang  (zone 37)
    SX2 = Site(111.76, 37.12)     # Shanxi, Xiaoyi (zone 37)
    HN = Site(113.10, 34.55)      # Henan, Dengfeng/Gongyi (zone 38)
    GZ = Site(106.30, 26.58)      # Guizhou, Qingzhen (zone 35)
    YL = Site(102.85, 26.00)      # Yunnan, Luquan / Jiaozi Shan (zone 34)
    HZ = Site(103.28, 26.45)      # Yunnan, Huize black-necked crane reserve (zone 34)
    YM = Site(102.16, 24.67)      # Yunnan, Yimen (zone 34)
    DQ = Site(99.95, 28.05)       # Yunnan, Diqing / Three Parallel Rivers (zone 33)
    XZ = Site(91.20, 29.70)       # Tibet, Maizhokunggar (zone 30)

    # ---- constraint layers ----------------------------------------------------------------
    # nature_reserve: Shapefile, GBK, LDID 0x4D, EPSG:4490 -- nested zones, rings with holes
    nr = []
    specs = [
        (SX, "NR-140001", "山西薛公岭省级自然保护区", "省级",
         [(-1000, -800, 1000, 800), (-1800, -1500, 1800, 1500), (-3000, -2500, 3000, 2500)]),
        (YL, "NR-530101", "云南轿子山国家级自然保护区", "国家级",
         [(-2000, -1500, 2000, 1500), (-3500, -3000, 3500, 3000), (-5500, -4500, 5500, 4500)]),
        (HZ, "NR-530102", "云南会泽黑颈鹤国家级自然保护区", "国家级",
         [(-1500, -1200, 1500, 1200), (-2500, -2200, 2500, 2200), (-4000, -3500, 4000, 3500)]),
    ]
    reserve_rings = {}
    for site, code, name, level, rects in specs:
        zs, rings = nested_zones(site, rects)
        reserve_rings[code] = rings
        for zname, g in zip(["核心区", "缓冲区", "实验区"], zs):
            nr.append(({"编号": f"{code}-{['H', 'B', 'S'][['核心区', '缓冲区', '实验区'].index(zname)]}",
                        "名称": name, "级别": level, "功能区": zname}, g))
    L["nature_reserve"] = dict(crs=4490, fmt="SHP", file="nature_reserve.shp", ldid=0x4D, features=nr)

    # scenic_area: Shapefile, GBK, LDID 0, EPSG:4490
    sc = []
    g = HN.poly([(-8000, -4000), (-1000, -5200), (5200, -3500), (6000, 1500), (2500, 5200),
                 (-4500, 4800), (-8600, 800)])
    sc.append(({"编号": "FJ-4101", "名称": "嵩山风景名胜区", "级别": "国家级"},
               to_storage(g, HN.crs, 4490)))
    g = YL.poly([(17000, -13000), (23500, -13800), (25000, -8500), (19500, -6500), (16200, -9000)])
    sc.append(({"编号": "FJ-5301", "名称": "禄劝掌鸠河风景名胜区", "级别": "省级"},
               to_storage(g, YL.crs, 4490)))
    L["scenic_area"] = dict(crs=4490, fmt="SHP", file="scenic_area.shp", ldid=0, features=sc)

    # forest_park: KML (WGS84)
    g = GZ.poly([(-3000, -2500), (2500, -3000), (3500, 1500), (500, 3500), (-3500, 2000)])
    L["forest_park"] = dict(crs=4326, fmt="KML", file="forest_park.kml", features=[
        ({"Name": "贵州清镇红枫湖国家森林公园", "编号": "SL-5201", "名称": "贵州清镇红枫湖国家森林公园",
          "级别": "国家级"}, to_storage(g, GZ.crs, 4326))])

    # world_heritage: GeoPackage EPSG:4490
    g = DQ.poly([(-6000, -5000), (4000, -6500), (7000, -1000), (5500, 6000), (-2000, 7000),
                 (-7000, 2000)])
    L["world_heritage"] = dict(crs=4490, fmt="GPKG", file="world_heritage.gpkg", features=[
        ({"编号": "YC-0001", "名称": "三江并流（红山片区）", "类型": "世界自然遗产"},
         to_storage(g, DQ.crs, 4490))])

    # water_source (Henan reservoir): GeoPackage in EPSG:4526 (GK zone 38)
    WS = (15000, 12000)

    def hn_ws(x0, y0, x1, y1):
        return (WS[0] + x0, WS[1] + y0, WS[0] + x1, WS[1] + y1)
    zs, _ = nested_zones(HN, [hn_ws(-900, -500, 900, 500), hn_ws(-2200, -1600, 2200, 1600),
                              hn_ws(-4000, -3000, 4000, 3000)], crs=HN.crs)
    zs = [rnd(z, 3) for z in zs]
    L["water_source"] = dict(crs=HN.crs, fmt="GPKG", file="water_source.gpkg", features=[
        ({"编号": f"SY-4101-{i + 1}", "名称": "巩义坞罗水库饮用水水源保护区", "级别": lv}, z)
        for i, (lv, z) in enumerate(zip(["一级", "二级", "准保护区"], zs))])

    # water_source_yunnan: GeoPackage in EPSG:4522 (GK zone 34)
    YS = (-35000, -15000)

    def yn_ws(x0, y0, x1, y1):
        return (YS[0] + x0, YS[1] + y0, YS[0] + x1, YS[1] + y1)
    zs, _ = nested_zones(YL, [yn_ws(-1500, -700, 1500, 700), yn_ws(-3000, -2000, 3000, 2000),
                              yn_ws(-5000, -3500, 5000, 3500)], crs=YL.crs)
    zs = [rnd(z, 3) for z in zs]
    L["water_source_yunnan"] = dict(crs=YL.crs, fmt="GPKG", file="water_source_yunnan.gpkg", features=[
        ({"编号": f"SY-5301-{i + 1}", "名称": "昆明云龙水库饮用水水源保护区", "级别": lv}, z)
        for i, (lv, z) in enumerate(zip(["一级", "二级", "准保护区"], zs))])

    # red_line: GeoJSON EPSG:4490
    rl = []
    g = YL.poly([(-7000, -6000), (6500, -6800), (7800, 500), (6000, 6500), (-5000, 7000), (-8000, 1000)])
    rl.append(({"编号": "HX-530128-01", "名称": "禄劝县生态保护红线（轿子山片区）", "类型": "生物多样性维护"},
               to_storage(g, YL.crs, 4490)))
    g = YL.poly([(-21000, 9000), (-15000, 8000), (-14000, 13500), (-19500, 14500)])
    rl.append(({"编号": "HX-530128-02", "名称": "禄劝县生态保护红线（撒营盘片区）", "类型": "水源涵养"},
               to_storage(g, YL.crs, 4490)))
    g = XZ.poly([(-9000, -6000), (1500, -7000), (3000, 2000), (-2000, 6500), (-9500, 4000)])
    rl.append(({"编号": "HX-540127-01", "名称": "墨竹工卡县生态保护红线", "类型": "水土保持"},
               to_storage(g, XZ.crs, 4490)))
    L["red_line"] = dict(crs=4490, fmt="GEOJSON", file="red_line.geojson", features=rl)

    # public_welfare_forest: Shapefile GBK LDID 0x4D EPSG:4490
    g = YL.poly([(-23000, -17000), (-16000, -18000), (-15000, -12000), (-21000, -11000)])
    L["public_welfare_forest"] = dict(crs=4490, fmt="SHP", file="public_welfare_forest.shp", ldid=0x4D,
                                      features=[({"编号": "GY-530128-0316", "名称": "禄劝国家级公益林（团街片）",
                                                  "事权等级": "国家级", "保护等级": "一级"},
                                                 to_storage(g, YL.crs, 4490))])

    # cultural_relic: GeoPackage EPSG:4490 -- 4 protection ranges inside the exploration right A1
    A1X, A1Y = -14000, 6000
    relics = [("WB-1411-01", "铁金村古窑址", "县级", (600, 700)), ("WB-1411-02", "双池石佛寺", "省级", (1700, 2200)),
              ("WB-1411-03", "康城汉墓群", "省级", (2900, 900)), ("WB-1411-04", "回龙堡", "县级", (3500, 2400))]
    cr = []
    for code, name, lv, (x, y) in relics:
        g = SX.rect(A1X + x - 120, A1Y + y - 90, A1X + x + 120, A1Y + y + 90)
        cr.append(({"编号": code, "名称": name, "级别": lv}, to_storage(g, SX.crs, 4490, step=50)))
    L["cultural_relic"] = dict(crs=4490, fmt="GPKG", file="cultural_relic.gpkg", features=cr)

    # river_basin: GeoPackage EPSG:4525 (GK zone 37)
    g = SX.poly([(-26000, -2000), (-16000, -3500), (-12500, 3000), (-12000, 8000), (-13500, 16000),
                 (-22000, 15000)])
    L["river_basin"] = dict(crs=SX.crs, fmt="GPKG", file="river_basin.gpkg", features=[
        ({"编号": "LY-1411-03", "名称": "汾河支流双池河流域", "级别": "省级"}, rnd(g, 3))])

    # ---- rights ---------------------------------------------------------------------------
    AL, CU = "中国铝业股份有限公司", "中国铜业有限公司"
    rights = []    # (props, geom_gk, site)

    def add(rid, name, kind, ore, unit, site, pts, jit=True, note=""):
        pts2 = jitter(pts) if jit else pts
        g = site.poly(pts2)
        rights.append(({"许可证号": rid, "矿山名称": name, "矿权类型": kind, "矿种": ore, "单位": unit},
                       g, site, note))

    def R(x0, y0, x1, y1):
        return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]

    # Aluminium unit -- 5 overlapping
    add("T14120080402003521", "山西交口铁金村铝土矿勘探", "探矿权", "铝土矿", AL, SX,
        R(A1X, A1Y, A1X + 4000, A1Y + 3000), note="A1: 4 relic sites + river basin")
    add("C1400002009071120031452", "河南登封大冶铝土矿", "采矿权", "铝土矿", AL, HN,
        [(-3000, 0), (-1700, -100), (-1600, 900), (-2900, 1000)], note="A2: inside scenic area")
    add("C1400002010031120058744", "河南登封石道铝土矿", "采矿权", "铝土矿", AL, HN,
        [(4300, -1500), (6800, -1300), (6700, 300), (4400, 200)], note="A3: partly in scenic area")
    add("C5200002008121120006613", "贵州清镇猫场铝土矿", "采矿权", "铝土矿", AL, GZ,
        [(1800, -3800), (4300, -3600), (4200, -1800), (1900, -1900)], note="A4: forest park")
    add("C4100002007101120012276", "河南巩义坞罗铝土矿", "采矿权", "铝土矿", AL, HN,
        [(WS[0] - 400, WS[1] - 1900), (WS[0] + 900, WS[1] - 1900), (WS[0] + 800, WS[1] - 200),
         (WS[0] - 300, WS[1] - 300)], note="A5: water source 1st/2nd level")
    # Aluminium unit -- others
    # touch: shares the east edge of the Shanxi reserve experimental zone exactly (added below)
    add("C1400002011051120107729", "山西交口回龙铝土矿", "采矿权", "铝土矿", AL, SX,
        R(-1500, 3200, 1000, 4700), jit=False, note="near: 700 m north of the Shanxi reserve")
    add("C4100002012081120123390", "河南巩义小关铝土矿", "采矿权", "铝土矿", AL, HN,
        R(WS[0] + 4300, WS[1] - 1000, WS[0] + 5600, WS[1] + 500), jit=False,
        note="near: 300 m east of the water source 准保护区")
    add("C1400002006091120015508", "山西孝义西河底铝土矿", "采矿权", "铝土矿", AL, SX2,
        R(0, 0, 1800, 1400), note="clear")
    add("C4100002008011120022817", "河南新密赵家沟铝土矿", "采矿权", "铝土矿", AL, HN,
        R(30000, -15000, 31500, -13800), note="clear")
    add("C4100002013061120132204", "河南巩义茶店铝土矿", "采矿权", "铝土矿", AL, HN,
        R(35000, 5000, 36000, 5800), note="duplicate id (block 1)")
    add("C4100002013061120132204", "河南巩义茶店铝土矿", "采矿权", "铝土矿", AL, HN,
        R(36600, 4800, 37400, 5600), note="duplicate id (block 2)")
    add("C5200002010041120067154", "贵州清镇麦格铝土矿", "采矿权", "铝土矿", AL, GZ,
        R(-12000, 9000, -10500, 10200), note="clear")

    # Copper unit -- 13 overlapping
    add("C5300002011061120114567", "云南禄劝铜厂沟铜多金属矿", "采矿权", "铜多金属矿", CU, YL,
        [(-19500, 10000), (-16500, 9800), (-16200, 12500), (-19000, 12800)],
        note="C1: inside county red line")
    add("T53420080402005678", "云南禄劝轿子山北铜矿勘探", "探矿权", "铜矿", CU, YL,
        R(-1000, 500, 2500, 4000), note="C2: reserve core/buffer/experimental + red line")
    add("T53420090615006012", "云南东川汤丹西铜矿勘探", "探矿权", "铜矿", CU, YL,
        R(3000, -3800, 6800, -500), note="C3: reserve buffer/experimental + red line")
    add("T53420100322006455", "云南禄劝乌蒙铜矿普查", "探矿权", "铜矿", CU, YL,
        R(-9500, -4000, -4800, -500), note="C4: reserve experimental + red line")
    add("C5300002009051120027418", "云南禄劝掌鸠铜矿", "采矿权", "铜矿", CU, YL,
        [(18000, -12000), (20500, -12200), (20700, -10000), (18200, -9800)], note="C5: scenic area")
    add("C5300002012111120125587", "云南禄劝团街铜矿", "采矿权", "铜矿", CU, YL,
        R(-17500, -16000, -14500, -13500), note="C6: public-welfare forest")
    add("T53420110708007734", "云南会泽大海铜矿勘探", "探矿权", "铜矿", CU, HZ,
        R(-500, -1800, 3500, 1200), note="C7: black-necked crane national reserve")
    add("C5300002008091120019963", "云南禄劝云龙铜矿", "采矿权", "铜矿", CU, YL,
        R(YS[0] + 1000, YS[1] - 3500, YS[0] + 3800, YS[1] - 1000), note="C8: water source 二级")
    add("T53420120220008126", "云南禄劝皎平渡铜矿普查", "探矿权", "铜矿", CU, YL,
        R(YS[0] - 7000, YS[1] + 1000, YS[0] - 3500, YS[1] + 4500), note="C9: water source 准保护区")
    add("T53420100915006891", "云南香格里拉红山铜矿深部勘探", "探矿权", "铜矿", CU, DQ,
        R(-1000, -2000, 3000, 1500), note="C10: World Natural Heritage")
    add("C5300002013071120140152", "云南香格里拉雪鸡坪铜矿", "采矿权", "铜矿", CU, DQ,
        R(5500, 4500, 8500, 7500), note="C11: World Natural Heritage (edge)")
    add("T54320090520004417", "西藏墨竹工卡知不拉铜矿勘探", "探矿权", "铜矿", CU, XZ,
        R(-6000, -2000, -1500, 2000), note="C12: Tibet red line")
    add("C5400002010081120064483", "西藏墨竹工卡驱龙铜矿", "采矿权", "铜矿", CU, XZ,
        R(1500, 500, 4500, 3500), note="C13: Tibet red line (edge)")
    # Copper unit -- others
    add("C5300002014021120154419", "云南禄劝撒营盘铜矿", "采矿权", "铜矿", CU, YL,
        R(-14100, 9500, -12100, 11500), jit=False, note="near: ~260 m east of red line HX-530128-02")
    add("C5300002007041120011085", "云南易门狮山铜矿", "采矿权", "铜矿", CU, YM,
        R(0, 0, 2200, 1800), note="clear")
    add("C5400002015091120160738", "西藏墨竹工卡甲玛东铜矿", "采矿权", "铜矿", CU, XZ,
        R(20000, -15000, 22500, -12500), note="clear")

    # --- rights stored in EPSG:4490; the bow-tie and the touching right are built in lon/lat
    stored = []
    for props, g, site, note in rights:
        stored.append((props, rnd(tx(g, site.crs, 4490), 9), note))

    # bow-tie (self-intersecting) exploration right in Guizhou, clear of everything
    bt = [GZ.pt(-9000, -8000), GZ.pt(-7000, -6000), GZ.pt(-7000, -8000), GZ.pt(-9000, -6000)]
    bt_ll = [tx_pt(x, y, GZ.crs, 4490) for x, y in bt]
    bt_poly = rnd(Polygon(bt_ll), 9)
    stored.append(({"许可证号": "T52320110830007365", "矿山名称": "贵州清镇站街铝土矿普查", "矿权类型": "探矿权",
                    "矿种": "铝土矿", "单位": AL}, bt_poly, "invalid bow-tie geometry (self-intersection)"))

    # touching right: its west edge = vertices of the Shanxi reserve experimental-zone east edge
    coords_ll, design = reserve_rings["NR-140001"][2]
    idx = [i for i, (x, y) in enumerate(design[:-1])
           if abs(x - SX.pt(3000, 0)[0]) < 1e-6 and SX.pt(0, -1200)[1] - 1e-6 <= y <= SX.pt(0, 600)[1] + 1e-6]
    shared = [coords_ll[i] for i in idx]               # south -> north (ring is CCW)
    assert len(shared) == 19, len(shared)
    ne = rnd(shapely.Point(tx_pt(*SX.pt(4800, 600), SX.crs, 4490)), 9).coords[0]
    se = rnd(shapely.Point(tx_pt(*SX.pt(4800, -1200), SX.crs, 4490)), 9).coords[0]
    touch = Polygon(list(reversed(shared)) + [ne, se])   # north->south along the shared edge
    # ring: shared (north->south) then se? keep a simple ring: shared N->S, SE, NE
    touch = Polygon(list(reversed(shared)) + [se, ne])
    assert touch.is_valid
    stored.append(({"许可证号": "C1400002012101120129934", "矿山名称": "山西交口桃红坡铝土矿", "矿权类型": "采矿权",
                    "矿种": "铝土矿", "单位": AL}, touch,
                   "touch: shares 1.8 km of the Shanxi reserve boundary exactly, no overlap"))

    # ---- write layers ---------------------------------------------------------------------
    for name, spec in L.items():
        path = os.path.join(d, spec["file"])
        if spec["fmt"] == "GPKG":
            reset(path)
        if spec["fmt"] == "GEOJSON":
            write_geojson(path, spec["features"], crs_epsg=4490, name=name)
        else:
            write_layer(path, name, spec["features"], spec["crs"], spec["fmt"], ldid=spec.get("ldid"))
    rpath = os.path.join(d, "rights.gpkg")
    reset(rpath)
    write_layer(rpath, "rights", [(p, g) for p, g, _ in stored], 4490, "GPKG")

    # ---- answer key -----------------------------------------------------------------------
    rules = {
        "nature_reserve": ("功能区", {"核心区": "prohibited", "缓冲区": "prohibited", "实验区": "restricted"},
                           "prohibited", 1000),
        "water_source": ("级别", {"一级": "prohibited", "二级": "prohibited", "准保护区": "restricted"},
                         "prohibited", 500),
        "water_source_yunnan": ("级别", {"一级": "prohibited", "二级": "prohibited", "准保护区": "restricted"},
                                "prohibited", 500),
        "scenic_area": (None, {}, "prohibited", 500),
        "forest_park": (None, {}, "restricted", None),
        "world_heritage": (None, {}, "prohibited", None),
        "red_line": (None, {}, "prohibited", 500),
        "public_welfare_forest": (None, {}, "restricted", None),
        "cultural_relic": (None, {}, "restricted", None),
        "river_basin": (None, {}, "restricted", None),
    }
    key_rights = []
    slivers = []
    rank = {"clear": 0, "near": 1, "restricted": 2, "prohibited": 3}
    for props, g_ll, note in stored:
        rid = props["许可证号"]
        repaired = None
        if not g_ll.is_valid:
            repaired = shapely.validation.explain_validity(g_ll)
            g_ll = shapely.make_valid(g_ll)
        zone = zone_of_lon(g_ll.centroid.x)
        gk = gk_epsg(zone)
        rg = tx(dense(g_ll, 4490), 4490, gk)
        area = drawn_area(g_ll, 4490)
        overlaps, near, prohib = [], [], []
        verdict = "clear"
        for lname, spec in L.items():
            cf, rl_, default, buf = rules[lname]
            for fp, fg in spec["features"]:
                fgk = tx(dense(fg, spec["crs"]), spec["crs"], gk)
                inter = rg.intersection(fgk)
                a = drawn_area(inter, gk) if not inter.is_empty else 0.0
                cls = fp.get(cf) if cf else None
                sev = rl_.get(cls, default) if cf else default
                if 0 < a < 0.01:
                    slivers.append((rid, lname, fp["编号"], a))
                if a >= 0.01:
                    o = {"layer": lname, "feature_id": fp["编号"], "feature_name": fp["名称"],
                         "class": cls, "severity": sev, **{f"area_{k}": v for k, v in fig(a).items()},
                         "share": round(a / area, 6)}
                    overlaps.append(o)
                    if sev == "prohibited":
                        prohib.append(fgk)
                    if rank[sev] > rank[verdict]:
                        verdict = sev
                elif buf is not None:
                    dist = rg.distance(fgk)
                    if dist <= buf:
                        near.append({"layer": lname, "feature_id": fp["编号"], "distance_m": round(dist, 2)})
                        if verdict == "clear":
                            verdict = "near"
        retained = rg.difference(unary_union(prohib)) if prohib else rg
        key_rights.append({
            "id": rid, "name": props["矿山名称"], "type": props["矿权类型"], "unit": props["单位"],
            "zone": zone, "working_crs": f"EPSG:{gk}",
            **{f"area_{k}": v for k, v in fig(area).items()},
            "verdict": verdict, "overlaps": overlaps, "near": near,
            "retained_area_m2": round(drawn_area(retained, gk), 2), "note": note,
            **({"repaired": repaired} if repaired else {})})
    summ = {"rights": len(key_rights),
            "overlapping": sum(1 for r in key_rights if r["overlaps"]),
            "overlapping_aluminium": sum(1 for r in key_rights if r["overlaps"] and r["unit"] == AL),
            "overlapping_copper": sum(1 for r in key_rights if r["overlaps"] and r["unit"] == CU),
            "prohibited": sum(1 for r in key_rights if r["verdict"] == "prohibited"),
            "restricted": sum(1 for r in key_rights if r["verdict"] == "restricted"),
            "near": sum(1 for r in key_rights if r["verdict"] == "near"),
            "clear": sum(1 for r in key_rights if r["verdict"] == "clear"),
            "slivers": len(slivers),
            "duplicates": ["C4100002013061120132204"], "repaired": ["T52320110830007365"]}
    assert summ["overlapping"] == 18 and summ["overlapping_aluminium"] == 5, summ
    return {"rights": key_rights, "summary": summ,
            "layers": {k: {"file": "screen/" + v["file"], "crs": f"EPSG:{v['crs']}", "format": v["fmt"],
                           "features": len(v["features"])} for k, v in L.items()}}


# ============================================================================================
# 2. BOUNDARY  (Guangxi Pingguo, GK zone 36, EPSG:4524)
# ============================================================================================

def build_boundary():
    d = os.path.join(HERE, "boundary")
    os.makedirs(d, exist_ok=True)
    crs = gk_epsg(36)
    assert crs == 4524

    def XY(pts):      # (X northing, Y easting) -> shapely (E, N)
        return Polygon([(y, x) for x, y in pts])
    # licence of mine No. 3 (two blocks, elevations)
    b1 = [(2588801.00, 36438457.00), (2588815.40, 36439702.60), (2587902.30, 36439716.80),
          (2587886.50, 36438472.20)]
    b2 = [(2587850.00, 36438500.00), (2587850.00, 36439100.00), (2587400.00, 36439100.00),
          (2587400.00, 36438500.00)]
    NO3 = "C4500002009121120043187"
    NO1 = "C4500002008061120019954"
    NO2 = "C4500002010111120071263"
    lines, k = [], 0
    for bno, (blk, top, bot) in enumerate([(b1, 220, 100), (b2, 200, 80)], start=1):
        for i, (x, y) in enumerate(blk, start=1):
            k += 1
            lines.append(f"XY{k:03d}={i},{x:.2f},{y:.2f}")
        k += 1
        lines.append(f"XY{k:03d}=标高,{top},{bot},,{bno}")
    with open(os.path.join(d, "licence_guangxi_no3.txt"), "wb") as fh:
        fh.write(("\r\n".join(lines) + "\r\n").encode("gbk"))

    lic1 = [(2591500.00, 36437800.00), (2591520.00, 36438900.00), (2590700.00, 36438920.00),
            (2590680.00, 36437820.00)]
    lic2 = [(2589300.00, 36441500.00), (2589310.00, 36442600.00), (2588500.00, 36442610.00),
            (2588490.00, 36441510.00)]
    lic_feats = [
        ({"id": NO3, "矿山名称": "平果铝土矿那豆矿区（3号矿）", "block": 1, "top": 220.0, "bottom": 100.0}, XY(b1)),
        ({"id": NO3, "矿山名称": "平果铝土矿那豆矿区（3号矿）", "block": 2, "top": 200.0, "bottom": 80.0}, XY(b2)),
        ({"id": NO1, "矿山名称": "平果铝土矿教美矿区（1号矿）", "block": 1, "top": 260.0, "bottom": 140.0}, XY(lic1)),
        ({"id": NO2, "矿山名称": "平果铝土矿太平矿区（2号矿）", "block": 1, "top": 240.0, "bottom": 150.0}, XY(lic2)),
    ]
    licence3 = unary_union([XY(b1), XY(b2)])

    # stope 11-11 of No. 3: straddles the east edge of block 1; tune its east edge E
    def pit(E):
        return XY([(2588520.00, 36439310.00), (2588530.00, E), (2588110.00, E + 6.0),
                   (2588100.00, 36439330.00), (2588300.00, 36439250.00)])

    def outside(E):
        return ell_area(pit(E).difference(licence3), crs)
    target_04 = 246.0 * MU
    E = tune_rounded(outside, 36439720.0, 36440300.0, target_04, tol=0.004 * MU)
    pit04 = pit(E)
    out04 = pit04.difference(licence3)

    # May: extension "11-11东扩" east of the April pit, entirely outside; tune its east edge
    def ext(E2):
        return XY([(2588480.00, E - 0.0 + 0.0), (2588480.00, E2), (2588160.00, E2),
                   (2588160.00, E + 6.0 * (2588530.00 - 2588160.00) / (2588530.00 - 2588110.00))])

    # the April pit's east edge runs from (2588530, E) to (2588110, E+6); keep the extension's west
    # edge exactly on it: parametrise points on that edge
    def on_edge(x):
        t = (2588530.00 - x) / (2588530.00 - 2588110.00)
        return (x, E + 6.0 * t)

    def ext(E2):
        p_n, p_s = on_edge(2588480.00), on_edge(2588160.00)
        return XY([p_n, (2588480.00, E2), (2588160.00, E2), p_s])

    def new_part(E2):
        fp = unary_union([pit04, ext(E2)])
        return ell_area(fp.difference(licence3), crs) - ell_area(out04, crs)
    target_new = 37.5 * MU
    E2 = tune_rounded(new_part, E + 10, E + 400, target_new, tol=0.004 * MU)
    ext05 = ext(E2)
    # pit04's east edge is split by the extension's corner points: insert them so edges match
    pit04 = Polygon([(y, x) for x, y in [(2588520.00, 36439310.00), (2588530.00, E), on_edge(2588480.00),
                                         on_edge(2588160.00), (2588110.00, E + 6.0),
                                         (2588100.00, 36439330.00), (2588300.00, 36439250.00)]])
    pit04 = rnd(pit04, 3)
    ext05 = rnd(ext05, 3)

    # No. 1: inside; No. 2: inside, one patch below licensed bottom (150)
    f1 = XY([(2591300.00, 36438100.00), (2591320.00, 36438600.00), (2590950.00, 36438620.00),
             (2590930.00, 36438150.00)])
    f1b = XY([(2591300.00, 36438100.00), (2591320.00, 36438700.00), (2590950.00, 36438720.00),
              (2590930.00, 36438150.00)])
    f2a = XY([(2589150.00, 36441700.00), (2589160.00, 36442100.00), (2588850.00, 36442110.00),
              (2588840.00, 36441710.00)])
    f2b = XY([(2588800.00, 36442200.00), (2588810.00, 36442450.00), (2588600.00, 36442460.00),
              (2588590.00, 36442210.00)])
    fp04 = [
        ({"id": NO3, "采场": "11-11", "elev_min": 150.0, "elev_max": 212.0, "date": "2020-04-30"}, pit04),
        ({"id": NO1, "采场": "1-03", "elev_min": 170.0, "elev_max": 250.0, "date": "2020-04-30"}, f1),
        ({"id": NO2, "采场": "2-01", "elev_min": 160.0, "elev_max": 230.0, "date": "2020-04-30"}, f2a),
        ({"id": NO2, "采场": "2-05", "elev_min": 138.0, "elev_max": 175.0, "date": "2020-04-30"}, f2b),
    ]
    fp05 = [
        ({"id": NO3, "采场": "11-11", "elev_min": 146.0, "elev_max": 212.0, "date": "2020-05-31"}, pit04),
        ({"id": NO3, "采场": "11-11东扩", "elev_min": 180.0, "elev_max": 215.0, "date": "2020-05-31"}, ext05),
        ({"id": NO1, "采场": "1-03", "elev_min": 165.0, "elev_max": 250.0, "date": "2020-05-31"}, f1b),
        ({"id": NO2, "采场": "2-01", "elev_min": 158.0, "elev_max": 230.0, "date": "2020-05-31"}, f2a),
        ({"id": NO2, "采场": "2-05", "elev_min": 136.0, "elev_max": 175.0, "date": "2020-05-31"}, f2b),
    ]
    for fn, feats, lyr in [("licences.gpkg", lic_feats, "licences"), ("footprint_2020-04.gpkg", fp04, "footprint"),
                           ("footprint_2020-05.gpkg", fp05, "footprint")]:
        p = os.path.join(d, fn)
        reset(p)
        write_layer(p, lyr, feats, crs, "GPKG")

    # answer key
    lic_by = {}
    for p, g in lic_feats:
        lic_by.setdefault(p["id"], []).append((p, g))

    def check(feats, prev=None):
        out = {}
        fps = {}
        for p, g in feats:
            fps.setdefault(p["id"], []).append((p, g))
        for mid, parts in fps.items():
            lic = unary_union([g for _, g in lic_by[mid]])
            fpu = unary_union([g for _, g in parts])
            o = fpu.difference(lic)
            oa = ell_area(o, crs) if not o.is_empty else 0.0
            bottoms = [lp["bottom"] for lp, _ in lic_by[mid]]
            tops = [lp["top"] for lp, _ in lic_by[mid]]
            below = [p["采场"] for p, _ in parts if p["elev_min"] < min(bottoms)]
            rec = {"id": mid, "name": lic_by[mid][0][0]["矿山名称"],
                   "licensed_area_m2": round(ell_area(lic, crs), 2),
                   "licensed_planar_m2": round(lic.area, 2),
                   "footprint_area_m2": round(ell_area(fpu, crs), 2),
                   **{f"outside_{k}": v for k, v in fig(oa).items()},
                   "licensed_bottom_min": min(bottoms), "licensed_top_max": max(tops),
                   "footprint_elev_min": min(p["elev_min"] for p, _ in parts),
                   "below_bottom_patches": below}
            if prev is not None:
                po = prev["_geom"].get(mid)
                newg = o.difference(po) if po is not None else o
                na = ell_area(newg, crs) if not newg.is_empty else 0.0
                rec.update({f"new_outside_{k}": v for k, v in fig(na).items()})
            out.setdefault("_geom", {})[mid] = o
            out[mid] = rec
        return out
    c04 = check(fp04)
    c05 = check(fp05, c04)
    block_areas = [{"block": i + 1, "area_m2": round(ell_area(XY(b), crs), 2), "planar_m2": round(XY(b).area, 2),
                    **{f"area_{k}": v for k, v in fig(ell_area(XY(b), crs)).items() if k != "m2"}}
                   for i, b in enumerate([b1, b2])]
    return {"crs": "EPSG:4524", "licence_file_blocks": block_areas,
            "check_2020_04": [v for k, v in c04.items() if k != "_geom"],
            "check_2020_05": [v for k, v in c05.items() if k != "_geom"],
            "pit_east_edge_Y": E, "extension_east_edge_Y": E2}


# ============================================================================================
# 3. FOREST (Yunnan Diqing, GK zone 33, EPSG:4521; permits in EPSG:4490)
# ============================================================================================

def build_forest():
    d = os.path.join(HERE, "forest")
    os.makedirs(d, exist_ok=True)
    A = Site(99.10, 28.88)     # site A (Yangla area)
    B = Site(99.98, 28.03)     # site B (Pulang copper mine)
    assert A.crs == B.crs == 4521
    crs = A.crs

    # --- site A: occupied ~ 47 ha; forest covers the north part; tune forest south edge
    occA = rnd(A.poly([(0, 0), (720, -15), (760, 640), (40, 660), (-20, 300)]), 2)

    def forestA(y0):
        f1 = A.poly([(-200, y0), (380, y0), (380, 900), (-200, 900)])       # 乔木林地
        f2 = A.poly([(380, y0), (950, y0), (950, 900), (380, 900)])         # 灌木林地
        return f1, f2

    def occ_forest_A(y0):
        f1, f2 = forestA(y0)
        return ell_area(occA.intersection(unary_union([f1, f2])), crs)
    y0 = tune_rounded(occ_forest_A, 0.0, 300.0, 389800.0, tol=4.0)
    f1, f2 = [rnd(g, 3) for g in forestA(y0)]
    f3 = rnd(A.poly([(1100, 100), (1500, 80), (1520, 500), (1120, 520)]), 2)   # 其他林地, away from site

    # permit A: 2.07 ha rectangle in the 乔木林地 part, stored in EPSG:4490
    def permA(w):
        g = A.poly([(100, 450), (100 + w, 450), (100 + w, 600), (100, 600)])
        return rnd(tx(g, crs, 4490), 9)
    w = tune_rounded(lambda w: ell_area_ll(permA(w)), 50.0, 250.0, 20700.0, tol=0.4)
    pA = permA(w)

    # --- site B: occupied ~ 30 ha; forest polygon with tuned east edge; permits
    occB = rnd(B.poly([(0, 0), (650, 20), (640, 480), (10, 470)]), 2)
    pB_valid = rnd(tx(B.poly([(50, 300), (300, 300), (300, 520), (50, 520)]), crs, 4490), 9)
    pB_exp = rnd(tx(B.poly([(320, 100), (560, 100), (560, 300), (320, 300)]), crs, 4490), 9)

    def forestB(xe):
        return B.poly([(-100, 60), (xe, 60), (xe, 560), (-100, 560)])        # 乔木林地

    def overB(xe):
        fo = occB.intersection(forestB(xe))
        return ell_area(fo.difference(tx(pB_valid, 4490, crs)), crs)
    xe = tune_rounded(overB, 320.0, 640.0, 166.0 * MU, tol=0.004 * MU)
    fB = rnd(forestB(xe), 3)
    fB2 = rnd(B.poly([(700, -200), (1000, -200), (1000, 200), (700, 200)]), 2)   # 灌木林地 outside site

    occ = [({"id": "A", "name": "维西羊拉铜矿排土场及采区"}, occA), ({"id": "B", "name": "香格里拉普朗铜矿一期采选工程"}, occB)]
    forest = [({"编号": "LD-533423-0112", "地类": "乔木林地", "林地保护等级": "Ⅱ级"}, f1),
              ({"编号": "LD-533423-0113", "地类": "灌木林地", "林地保护等级": "Ⅲ级"}, f2),
              ({"编号": "LD-533423-0120", "地类": "其他林地", "林地保护等级": "Ⅳ级"}, f3),
              ({"编号": "LD-533401-0457", "地类": "乔木林地", "林地保护等级": "Ⅱ级"}, fB),
              ({"编号": "LD-533401-0460", "地类": "灌木林地", "林地保护等级": "Ⅲ级"}, fB2)]
    permits = [({"permit_id": "云林资许准〔2018〕412号", "id": "A", "approved_ha": 2.07,
                 "valid_until": "2022-12-31"}, pA),
               ({"permit_id": "云林资许准〔2017〕128号", "id": "B", "approved_ha": 0.0,
                 "valid_until": "2019-12-31"}, pB_exp),
               ({"permit_id": "云林资许准〔2019〕305号", "id": "B", "approved_ha": 0.0,
                 "valid_until": "2021-12-31"}, pB_valid)]
    # approved_ha as stated on the permit: its polygon area to 2 decimals
    for i in (1, 2):
        permits[i][0]["approved_ha"] = round(ell_area_ll(permits[i][1]) / 10000.0, 2)
    for fn, lyr, feats, c in [("occupied.gpkg", "occupied", occ, crs), ("forest.gpkg", "forest", forest, crs),
                              ("permits.gpkg", "permits", permits, 4490)]:
        p = os.path.join(d, fn)
        reset(p)
        write_layer(p, lyr, feats, c, "GPKG")

    # answer key (check date 2020-10-31)
    fu = unary_union([g for _, g in forest])
    sites = []
    for (sp, og) in occ:
        sid = sp["id"]
        of = og.intersection(fu)
        valid = [tx(g, 4490, crs) for p, g in permits if p["id"] == sid and p["valid_until"] >= CHECK_DATE]
        expired = [p["permit_id"] for p, g in permits if p["id"] == sid and p["valid_until"] < CHECK_DATE]
        vu = unary_union(valid) if valid else Polygon()
        over = of.difference(vu) if valid else of
        ovr_if_expired_counted = of.difference(unary_union(
            valid + [tx(g, 4490, crs) for p, g in permits if p["id"] == sid and p["valid_until"] < CHECK_DATE]))
        sites.append({"id": sid, "name": sp["name"],
                      **{f"occupied_{k}": v for k, v in fig(ell_area(og, crs)).items()},
                      **{f"occupied_forest_{k}": v for k, v in fig(ell_area(of, crs)).items()},
                      **{f"permitted_{k}": v for k, v in fig(ell_area(vu, crs) if valid else 0).items()},
                      **{f"over_occupied_{k}": v for k, v in fig(ell_area(over, crs)).items()},
                      "expired_permits": expired,
                      "over_occupied_if_expired_counted_mu": round(ell_area(ovr_if_expired_counted, crs) / MU, 2),
                      "occupied_non_forest_m2": round(ell_area(og.difference(fu), crs), 2)})
    return {"crs": "occupied/forest EPSG:4521, permits EPSG:4490", "date": CHECK_DATE, "sites": sites,
            "permits": [{"permit_id": p["permit_id"], "id": p["id"], "approved_ha": p["approved_ha"],
                         "valid_until": p["valid_until"], "polygon_area_m2": round(ell_area_ll(g), 2)}
                        for p, g in permits]}


# ============================================================================================
# 4. RECLAIM (Zhengzhou, GK zone 38, EPSG:4526)
# ============================================================================================

def build_reclaim():
    d = os.path.join(HERE, "reclaim")
    os.makedirs(d, exist_ok=True)
    S = Site(113.40, 34.75)
    crs = S.crs
    assert crs == 4526
    t1 = rnd(S.poly([(0, 0), (1150, 0), (1168, 600), (1150, 1080), (300, 1090), (0, 800)]), 2)
    t2 = rnd(S.rect(2000, 0, 2200, 400), 2)
    t3 = rnd(S.rect(2000, 600, 2180, 767), 2)
    t4 = rnd(S.poly([(-1500, 0), (-900, 0), (-900, 340), (-1500, 340)]), 2)
    tasks = [({"id": "ZZ-2020-01", "name": "上街区铝土矿废弃矿山生态修复（2020年度）", "planned_mu": 1820.0,
               "deadline": "2021-06-30"}, t1),
             ({"id": "ZZ-2019-07", "name": "荥阳贾峪排土场复垦", "planned_mu": 120.0, "deadline": "2020-06-30"}, t2),
             ({"id": "ZZ-2019-03", "name": "巩义小关尾矿库边坡复绿", "planned_mu": 45.0, "deadline": "2020-12-31"}, t3),
             ({"id": "ZZ-2020-05", "name": "新密矿区塌陷地治理", "planned_mu": None, "deadline": "2021-12-31"}, t4)]

    def p1_patches(h):
        return [S.rect(-60, 80, 420, 480),          # sticks out west
                S.rect(320, 40, 720, 460),          # overlaps P1
                S.rect(680, 300, 880, 620),         # overlaps P2
                S.poly([(120, 440), (460, 440), (460, 440 + h), (120, 440 + h)]),   # tuned, overlaps P1
                S.rect(850, 900, 1300, 1040)]       # sticks out east

    def done1(h):
        return ell_area(unary_union(p1_patches(h)).intersection(t1), crs)
    h = tune_rounded(done1, 50.0, 600.0, 638.5 * MU, tol=0.004 * MU)
    pp = [rnd(g, 3) for g in p1_patches(h)]
    dates = ["2020-03-15", "2020-05-20", "2020-07-10", "2020-08-25", "2020-09-30"]
    patches = [({"id": "ZZ-2020-01", "patch_no": f"P{i + 1}", "date": dt}, g) for i, (g, dt) in enumerate(zip(pp, dates))]
    patches += [({"id": "ZZ-2020-01", "patch_no": "P6", "date": "2020-10-15"}, rnd(S.rect(500, 600, 800, 900), 2)),
                ({"id": "ZZ-2020-01", "patch_no": "P7", "date": "2020-11-20"}, rnd(S.rect(100, 800, 400, 1050), 2)),
                ({"id": "ZZ-2019-07", "patch_no": "P1", "date": "2020-04-18"}, rnd(S.rect(2000, 0, 2200, 170), 2)),
                ({"id": "ZZ-2019-03", "patch_no": "P1", "date": "2020-05-06"}, rnd(S.rect(1990, 590, 2190, 780), 2)),
                ({"id": "ZZ-2020-05", "patch_no": "P1", "date": "2020-08-01"}, rnd(S.rect(-1500, 0, -1200, 340), 2))]
    for fn, lyr, feats in [("plan.gpkg", "tasks", tasks), ("done.gpkg", "patches", patches)]:
        p = os.path.join(d, fn)
        reset(p)
        write_layer(p, lyr, feats, crs, "GPKG")

    asof = "2020-09-30"
    out = []
    for tp, tg in tasks:
        ps = [g for p, g in patches if p["id"] == tp["id"] and p["date"] <= asof]
        ps_all = [g for p, g in patches if p["id"] == tp["id"]]
        poly_mu = ell_area(tg, crs) / MU
        planned = tp["planned_mu"] if tp["planned_mu"] is not None else poly_mu
        done = ell_area(unary_union(ps).intersection(tg), crs) / MU if ps else 0.0
        rem = max(0.0, planned - done)
        status = "done" if rem == 0 else ("overdue" if tp["deadline"] < asof else "on_track")
        out.append({"id": tp["id"], "name": tp["name"], "planned_mu_field": tp["planned_mu"],
                    "polygon_mu": round(poly_mu, 2), "planned_mu": round(planned, 2),
                    "done_mu": round(done, 2), "done_m2": round(done * MU, 2), "done_ha": round(done * MU / 1e4, 4),
                    "remaining_mu": round(rem, 2), "share_done": round(min(1.0, done / planned), 4),
                    "deadline": tp["deadline"], "status": status,
                    "naive_sum_unclipped_mu": round(sum(ell_area(g, crs) for g in ps) / MU, 2),
                    "naive_sum_clipped_mu": round(sum(ell_area(g.intersection(tg), crs) for g in ps) / MU, 2),
                    "union_clipped_all_dates_mu": round(ell_area(unary_union(ps_all).intersection(tg), crs) / MU, 2)})
    return {"crs": "EPSG:4526", "as_of": asof, "tasks": out}


# ============================================================================================

def main():
    key = {"screen": build_screen(), "boundary": build_boundary(), "forest": build_forest(),
           "reclaim": build_reclaim()}
    with open(os.path.join(HERE, "answer_key.json"), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(key, fh, ensure_ascii=False, indent=1, sort_keys=False)
        fh.write("\n")
    write_screen_yaml()
    render_readme(key)
    shutil.rmtree(TMP, ignore_errors=True)
    print("ok", file=sys.stderr)


def render_readme(key):
    """Write samples/README.md (file descriptions + answer key) from the computed key."""
    def f2(v):
        return f"{v:,.2f}"

    def a3(m2):
        return f"{f2(m2)} | {f2(m2 / MU)} | {f2(m2 / 1e4)}"

    def a3s(m2):
        return f"{f2(m2)} m² / {f2(m2 / MU)} 亩 / {f2(m2 / 1e4)} ha"
    sc, bd, fo, rc = key["screen"], key["boundary"], key["forest"], key["reclaim"]
    o = []
    w = o.append
    w("# geocheck sample dataset\n")
    w("A small, realistic, **fictitious** dataset for `geocheck` (place names follow the real regions named in "
      "the rectification plan; all geometries and ids are invented). Every file here is generated by "
      "`make_samples.py` and is byte-for-byte reproducible; `answer_key.json` holds the full answer key "
      "(the tables below are rendered from it).\n")
    w("## Regenerate and verify\n")
    w("```sh\npip install pyproj shapely            # tested: pyproj 3.7.2 (PROJ 9.5.1), shapely 2.2.0\n"
      "python3 samples/make_samples.py        # needs GDAL's ogr2ogr on PATH (tested GDAL 3.6.2)\n"
      "/usr/bin/python3 samples/verify_samples.py   # needs python3-gdal (system GDAL/PROJ/GEOS)\n```\n")
    w("**How the figures were computed** (\"computed by make_samples.py with shapely+pyproj\"): from the *stored* "
      "(rounded) coordinates, intersections/differences/unions with shapely in the CGCS2000 3° Gauss-Krüger zone "
      "of the right / licence / site / task (zone = round(lon/3) of the right's centroid for the geographic rights "
      "layer; the layer's own GK CRS otherwise), other layers transformed into it with pyproj; areas are "
      "**ellipsoidal** areas on GRS80 = CGCS2000 ellipsoid (`pyproj.Geod(ellps='GRS80')`, |exterior| − |holes|) of the "
      "vertices transformed back to EPSG:4490. For screening, every edge is first densified in the CRS it is stored in "
      "(lon/lat to 0.00005°, metres to 5 m) before it is transformed or measured, so that the figures are those of the "
      "regions as drawn (CONTRACT.md \"Areas/Edges\": a lon/lat edge is straight in lon/lat, a GK edge in its plane). "
      "1 亩 = 10000/15 m². "
      "`verify_samples.py` recomputes every figure on a second, independent path (files read back with GDAL/OGR, "
      "transforms with OSR, geometry with OGR/GEOS, areas with the system libproj's `geod_polygonarea` via ctypes) "
      "and agrees to ≤ 0.01 m² everywhere. (SpatiaLite's `ST_Area(geom, 1)` was also tried: it uses librttopo's "
      "spheroid approximation and differs by up to ~1e-5 relative — do not use it as a reference.)\n")
    w("Tolerance for tests: ±0.005 亩 (≈ 3.3 m²) on every area. A tool that works in a local transverse "
      "Mercator centred on each right instead of the GK zone may differ by a few m² on the largest rights "
      "(edges of the 4490-stored rights are straight in the working projection); all constraint layers stored in "
      "another CRS than they were designed in are densified to ≤ 100 m vertex spacing so this effect is negligible "
      "for them.\n")
    w("## Files\n")
    w("| file | format | CRS | encoding | features | fields |\n|---|---|---|---|---|---|")
    w("| `screen.yaml` | geocheck screen config (CONTRACT.md form); paths relative to this directory (run from `samples/`) | | UTF-8 | | |")
    w("| `screen/rights.gpkg` layer `rights` | GeoPackage | EPSG:4490 | UTF-8 | 30 (29 ids) | `许可证号` (id), `矿山名称`, `矿权类型` (采矿权/探矿权), `矿种`, `单位` (中国铝业股份有限公司 / 中国铜业有限公司) |")
    fields = {
        "nature_reserve": "`编号`, `名称`, `级别` (国家级/省级), `功能区` (核心区/缓冲区/实验区); one polygon per zone, buffer and experimental zones are rings with holes (identical shared vertices)",
        "scenic_area": "`编号`, `名称`, `级别`", "forest_park": "`Name`, `编号`, `名称`, `级别` (ExtendedData)",
        "world_heritage": "`编号`, `名称`, `类型`", "water_source": "`编号`, `名称`, `级别` (一级/二级/准保护区)",
        "water_source_yunnan": "`编号`, `名称`, `级别` (一级/二级/准保护区)", "red_line": "`编号`, `名称`, `类型`",
        "public_welfare_forest": "`编号`, `名称`, `事权等级`, `保护等级`", "cultural_relic": "`编号`, `名称`, `级别`",
        "river_basin": "`编号`, `名称`, `级别`"}
    enc = {"nature_reserve": "GBK, **no .cpg**, DBF LDID 0x4D (cp936)", "scenic_area": "GBK, **no .cpg**, DBF LDID 0 (must be detected)",
           "public_welfare_forest": "GBK, **no .cpg**, DBF LDID 0x4D (cp936)"}
    for name, lv in sc["layers"].items():
        fmt = {"SHP": "ESRI Shapefile", "GPKG": "GeoPackage", "KML": "KML", "GEOJSON": "GeoJSON (`crs` member)"}[lv["format"]]
        crs = lv["crs"] + (" (WGS84)" if lv["crs"] == "EPSG:4326" else "")
        w(f"| `{lv['file']}` | {fmt} | {crs} | {enc.get(name, 'UTF-8')} | {lv['features']} | {fields[name]} |")
    w("| `boundary/licence_guangxi_no3.txt` | corner coordinates, mining-registration submission form (`XY001=1,X,Y`, block end `XYnnn=标高,top,bottom,,block`) | GK zone 36 from the Y prefix (EPSG:4524) | GBK, CRLF | 2 blocks | X = northing, Y = easting with zone prefix |")
    w("| `boundary/licences.gpkg` layer `licences` | GeoPackage | EPSG:4524 | UTF-8 | 4 (3 mines; No. 3 has 2 blocks with the same `id`) | `id`, `矿山名称`, `block`, `top`, `bottom` |")
    w("| `boundary/footprint_2020-04.gpkg` layer `footprint` | GeoPackage | EPSG:4524 | UTF-8 | 4 | `id`, `采场`, `elev_min`, `elev_max`, `date` (Date) |")
    w("| `boundary/footprint_2020-05.gpkg` layer `footprint` | GeoPackage | EPSG:4524 | UTF-8 | 5 | same |")
    w("| `forest/occupied.gpkg` layer `occupied` | GeoPackage | EPSG:4521 (GK zone 33) | UTF-8 | 2 | `id` (A, B), `name` |")
    w("| `forest/forest.gpkg` layer `forest` | GeoPackage | EPSG:4521 | UTF-8 | 5 | `编号`, `地类` (乔木林地/灌木林地/其他林地), `林地保护等级` |")
    w("| `forest/permits.gpkg` layer `permits` | GeoPackage | EPSG:4490 | UTF-8 | 3 | `permit_id`, `id` (site), `approved_ha`, `valid_until` (Date) |")
    w("| `reclaim/plan.gpkg` layer `tasks` | GeoPackage | EPSG:4526 (GK zone 38) | UTF-8 | 4 | `id`, `name`, `planned_mu` (one NULL), `deadline` (Date) |")
    w("| `reclaim/done.gpkg` layer `patches` | GeoPackage | EPSG:4526 | UTF-8 | 11 | `id` (task id), `patch_no`, `date` (Date) |")
    w("| `answer_key.json` | all expected figures (full precision) | | UTF-8 | | |")
    w("| `make_samples.py`, `verify_samples.py` | generator, independent checker | | | | |\n")

    # ---------------- screen
    s = sc["summary"]
    w("## 1. screen — answer key\n")
    w("`geocheck screen --config screen.yaml` (run in `samples/`). Expected summary: "
      f"**rights {s['rights']}** (features; 29 distinct ids), **overlapping {s['overlapping']}** "
      f"({s['overlapping_aluminium']} aluminium + {s['overlapping_copper']} copper), prohibited {s['prohibited']}, "
      f"restricted {s['restricted']}, near {s['near']}, clear {s['clear']}, slivers {s['slivers']}; "
      f"duplicates: `{s['duplicates'][0]}` (2 features, both screened, both clear); repaired: "
      f"`{s['repaired'][0]}` (bow-tie, self-intersection; make_valid → two triangles).\n")
    w("Rules (screen.yaml): nature_reserve 核心区/缓冲区 prohibited, 实验区 restricted, buffer 1000 m; water_source and "
      "water_source_yunnan 一级/二级 prohibited, 准保护区 restricted, buffer 500 m; scenic_area prohibited, buffer 500 m; "
      "forest_park restricted; world_heritage prohibited; red_line prohibited, buffer 500 m; public_welfare_forest, "
      "cultural_relic, river_basin restricted. `feature_id` = the layer's `编号`.\n")
    w("### Rights overlapping protected land (computed by make_samples.py with shapely+pyproj)\n")
    w("| # | id | name | verdict | right m² | layer / feature (class, severity) | overlap m² | 亩 | ha | share | retained m² |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    n = 0
    for r in sc["rights"]:
        if not r["overlaps"]:
            continue
        n += 1
        for i, ov in enumerate(r["overlaps"]):
            cls = f"{ov['class']}, " if ov["class"] else ""
            head = (f"| {n} | `{r['id']}` | {r['name']} | **{r['verdict']}** | {f2(r['area_m2'])} |" if i == 0
                    else "| | | | | |")
            tail = f" {f2(r['retained_area_m2'])} |" if i == 0 else " |"
            w(f"{head} {ov['layer']} / {ov['feature_id']} {ov['feature_name']} ({cls}{ov['severity']}) | "
              f"{a3(ov['area_m2'])} | {ov['share']:.4f} |{tail}")
    w("")
    w("### Rights with no overlap\n")
    w("| id | name | verdict | right m² | 亩 | ha | near (layer / feature, distance m) | note |")
    w("|---|---|---|---|---|---|---|---|")
    for r in sc["rights"]:
        if r["overlaps"]:
            continue
        nr = "; ".join(f"{x['layer']} / {x['feature_id']} {x['distance_m']:.2f}" for x in r["near"]) or "—"
        w(f"| `{r['id']}` | {r['name']} | {r['verdict']} | {a3(r['area_m2'])} | {nr} | {r['note']} |")
    w("")
    extra = [r for r in sc["rights"] if r["overlaps"] and r["near"]]
    if extra:
        w("Overlapping rights that also have `near` entries (features of buffered layers within the buffer but not "
          "overlapping): " + "; ".join(f"`{r['id']}` → " + ", ".join(f"{x['layer']} / {x['feature_id']} {x['distance_m']:.2f} m"
                                                                      for x in r["near"]) for r in extra) + ".\n")
    w("The right `C1400002012101120129934` (山西交口桃红坡铝土矿) **touches** the experimental zone of 山西薛公岭省级自然保护区 "
      "along 1.8 km: its west edge consists of 19 vertices bit-identical to the reserve's (both EPSG:4490). The "
      "intersection is a line (area 0): it is **not** an overlap and not a sliver; it is `near` (distance 0) because "
      "nature_reserve has `buffer_m: 1000`.\n")

    # ---------------- boundary
    w("## 2. boundary — answer key\n")
    b1, b2 = bd["licence_file_blocks"]
    w(f"Licence of mine No. 3 (`licence_guangxi_no3.txt` = the two `C4500002009121120043187` features of licences.gpkg): "
      f"block 1 (标高 220–100 m) {a3s(b1['area_m2'])} (planar GK {f2(b1['planar_m2'])} m²), "
      f"block 2 (标高 200–80 m) {a3s(b2['area_m2'])} (planar {f2(b2['planar_m2'])} m²). "
      "`geocheck coords licence_guangxi_no3.txt` should print these (crs EPSG:4524, zone 36).\n")
    for kk, title, cmd in [("check_2020_04", "Check of 2020-04-30", "--footprint boundary/footprint_2020-04.gpkg --date 2020-04-30"),
                           ("check_2020_05", "Check of 2020-05-31 (after the April check in the same ledger)",
                            "--footprint boundary/footprint_2020-05.gpkg --date 2020-05-31")]:
        w(f"### {title}\n\n`geocheck boundary --licensed boundary/licences.gpkg {cmd} --id-field id --ledger ledger.gpkg`\n")
        w("| id | mine | licensed m² | footprint m² | outside m² | outside 亩 | outside ha | new outside m² | new 亩 | below licensed bottom |")
        w("|---|---|---|---|---|---|---|---|---|---|")
        for m in bd[kk]:
            nm2 = m.get("new_outside_m2", m["outside_m2"])
            emin, lbot = m["footprint_elev_min"], m["licensed_bottom_min"]
            w(f"| `{m['id']}` | {m['name']} | {f2(m['licensed_area_m2'])} | {f2(m['footprint_area_m2'])} | "
              f"{a3(m['outside_m2'])} | {f2(nm2)} | {f2(nm2 / MU)} | "
              f"{'patch ' + ', '.join(m['below_bottom_patches']) + f' (elev_min {emin:g} < bottom {lbot:g})' if m['below_bottom_patches'] else '—'} |")
        w("")
    w("Without a ledger (or for the first recorded check) `new_outside_*` = `outside_*`. In May, stope 11-11 of No. 3 "
      "is unchanged and the new patch 「11-11东扩」 (same `id`, merged) adds exactly **37.50 亩 (25,000.00 m², 2.50 ha)** "
      "of new overstep: total outside 283.50 亩. Summary: mines 3, overstepping 1, outside_mu 246.00 (April) / 283.50 (May). "
      "Mine No. 2 (太平矿区) stays inside its licence horizontally but patch 2-05 is mined below the licensed bottom "
      "(超层: elev_min 138 m in April, 136 m in May < 150 m).\n")

    # ---------------- forest
    w("## 3. forest — answer key\n")
    w(f"`geocheck forest --occupied forest/occupied.gpkg --forest forest/forest.gpkg --permits forest/permits.gpkg "
      f"--id-field id --permit-id-field permit_id --date {fo['date']}`\n")
    w("| site | occupied | occupied ∩ forest | permitted (valid) | over-occupied | expired permits | occupied non-forest m² |")
    w("|---|---|---|---|---|---|---|")
    for st in fo["sites"]:
        w(f"| {st['id']} {st['name']} | {a3s(st['occupied_m2'])} | {a3s(st['occupied_forest_m2'])} | "
          f"{a3s(st['permitted_m2'])} | **{a3s(st['over_occupied_m2'])}** | {', '.join(st['expired_permits']) or '—'} | "
          f"{f2(st['occupied_non_forest_m2'])} |")
    w("")
    w("Permits: " + "; ".join(f"`{p['permit_id']}` site {p['id']}, approved_ha {p['approved_ha']}, valid_until "
                             f"{p['valid_until']}, polygon {f2(p['polygon_area_m2'])} m²" for p in fo["permits"]) + ".")
    b = fo["sites"][1]
    w(f"\nSite A: approved 2.07 ha, actually occupies **38.98 ha** of forest land (over-occupied 36.91 ha). Site B "
      f"(普朗铜矿): **166.00 亩** over-occupied; if the expired permit were (wrongly) counted it would be "
      f"{f2(b['over_occupied_if_expired_counted_mu'])} 亩.\n")

    # ---------------- reclaim
    w("## 4. reclaim — answer key\n")
    w(f"`geocheck reclaim --plan reclaim/plan.gpkg --done reclaim/done.gpkg --id-field id --as-of {rc['as_of']}`\n")
    w("| task | name | planned 亩 (field / polygon) | done m² | done 亩 | done ha | remaining 亩 | share | deadline | status |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for t in rc["tasks"]:
        pf = "NULL" if t["planned_mu_field"] is None else f2(t["planned_mu_field"])
        w(f"| `{t['id']}` | {t['name']} | **{f2(t['planned_mu'])}** ({pf} / {f2(t['polygon_mu'])}) | {f2(t['done_m2'])} | "
          f"**{f2(t['done_mu'])}** | {f2(t['done_ha'])} | {f2(t['remaining_mu'])} | {t['share_done']:.4f} | {t['deadline']} | {t['status']} |")
    t = rc["tasks"][0]
    w("")
    w(f"Main task ZZ-2020-01: its five patches dated ≤ 2020-09-30 (P5 dated exactly 2020-09-30, included) overlap "
      f"each other and stick out of the task polygon. Union clipped to the task = **638.50 亩**; naive sum of the "
      f"patch areas = {f2(t['naive_sum_unclipped_mu'])} 亩; sum of individually clipped patches = "
      f"{f2(t['naive_sum_clipped_mu'])} 亩; ignoring --as-of (P6 2020-10-15, P7 2020-11-20 included) = "
      f"{f2(t['union_clipped_all_dates_mu'])} 亩. Remaining 1,820 − 638.50 = **1,181.50 亩**. "
      "ZZ-2019-03 is done (its patch covers the whole task: done 45.09 亩 > planned 45, remaining 0, share 1). "
      "ZZ-2020-05 has NULL `planned_mu`, so its polygon area is used.\n")
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(o) + "\n")


SCREEN_YAML = """\
# geocheck screen configuration for the sample dataset (paths relative to this file's directory).
# Run from samples/:  geocheck screen --config screen.yaml --json
rights:
  source: screen/rights.gpkg|layername=rights
  id_field: 许可证号
  name_field: 矿山名称
layers:
  - name: nature_reserve          # Shapefile, GBK, no .cpg, LDID 0x4D, EPSG:4490
    source: screen/nature_reserve.shp
    class_field: 功能区
    name_field: 名称
    id_field: 编号
    rules: {核心区: prohibited, 缓冲区: prohibited, 实验区: restricted}
    default: prohibited
    buffer_m: 1000
  - name: water_source            # GeoPackage, EPSG:4526 (GK zone 38), Henan reservoir
    source: screen/water_source.gpkg|layername=water_source
    class_field: 级别
    name_field: 名称
    id_field: 编号
    rules: {一级: prohibited, 二级: prohibited, 准保护区: restricted}
    default: prohibited
    buffer_m: 500
  - name: water_source_yunnan     # GeoPackage, EPSG:4522 (GK zone 34), Yunnan reservoir
    source: screen/water_source_yunnan.gpkg|layername=water_source_yunnan
    class_field: 级别
    name_field: 名称
    id_field: 编号
    rules: {一级: prohibited, 二级: prohibited, 准保护区: restricted}
    default: prohibited
    buffer_m: 500
  - name: scenic_area             # Shapefile, GBK, no .cpg, LDID 0, EPSG:4490
    source: screen/scenic_area.shp
    name_field: 名称
    id_field: 编号
    default: prohibited
    buffer_m: 500
  - name: forest_park             # KML, WGS84
    source: screen/forest_park.kml
    name_field: 名称
    id_field: 编号
    default: restricted
  - name: world_heritage          # GeoPackage, EPSG:4490
    source: screen/world_heritage.gpkg|layername=world_heritage
    name_field: 名称
    id_field: 编号
    default: prohibited
  - name: red_line                # GeoJSON, EPSG:4490
    source: screen/red_line.geojson
    name_field: 名称
    id_field: 编号
    default: prohibited
    buffer_m: 500
  - name: public_welfare_forest   # Shapefile, GBK, no .cpg, LDID 0x4D, EPSG:4490
    source: screen/public_welfare_forest.shp
    name_field: 名称
    id_field: 编号
    default: restricted
  - name: cultural_relic          # GeoPackage, EPSG:4490
    source: screen/cultural_relic.gpkg|layername=cultural_relic
    name_field: 名称
    id_field: 编号
    default: restricted
  - name: river_basin             # GeoPackage, EPSG:4525 (GK zone 37)
    source: screen/river_basin.gpkg|layername=river_basin
    name_field: 名称
    id_field: 编号
    default: restricted
"""


def write_screen_yaml():
    with open(os.path.join(HERE, "screen.yaml"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(SCREEN_YAML)


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
