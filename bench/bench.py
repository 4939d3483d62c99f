#!/usr/bin/env python3
"""Benchmark driver (called by run.sh, which installs the peers first).

For every N: runs geocheck and each peer `--runs` times (sequentially, peers
interleaved within a run), measures wall time and peak RSS with /usr/bin/time -v
(for PostGIS: the server's processes are sampled, see pg_*), compares the pair
CSVs, writes a Markdown report to stdout and bench/results-YYYY-MM-DD.md.
"""
import argparse
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
import compare  # noqa: E402

PGBIN = "/usr/lib/postgresql/15/bin"
PGPORT = "55432"
PGSOCK = "/tmp"
PGCONN = f"host={PGSOCK} port={PGPORT} dbname=bench user=postgres"
PEERS = ["geocheck", "geocheck-source", "geopandas", "postgis", "duckdb", "duckdb-1t", "floor"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- measuring
def timed(cmd, stdout=None, env=None, full_err=False):
    """Run cmd under /usr/bin/time -v; return (wall_s, maxrss_kb, rc, stderr tail or all)."""
    tf = f"/tmp/geocheck-bench-time.{os.getpid()}"
    full = ["/usr/bin/time", "-v", "-o", tf] + cmd
    t0 = time.perf_counter()
    with open(stdout, "w") if stdout else open(os.devnull, "w") as out:
        p = subprocess.run(full, stdout=out, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - t0
    rss = 0
    try:
        with open(tf) as f:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
            rss = int(m.group(1)) if m else 0
        os.remove(tf)
    except OSError:
        pass
    err = p.stderr.decode(errors="replace").strip().splitlines()
    return wall, rss, p.returncode, "\n".join(err if full_err else err[-5:])


class PssSampler(threading.Thread):
    """Peak of the summed PSS (kB) of a process tree (the postmaster and its
    backends/parallel workers), sampled every 50 ms."""

    def __init__(self, root_pid):
        super().__init__(daemon=True)
        self.root, self.peak, self.stop_ = root_pid, 0, threading.Event()

    def tree(self):
        kids = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat") as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                    kids.setdefault(ppid, []).append(int(d))
                except (OSError, IndexError, ValueError):
                    pass
        out, todo = [], [self.root]
        while todo:
            p = todo.pop()
            out.append(p)
            todo += kids.get(p, [])
        return out

    def run(self):
        while not self.stop_.is_set():
            tot = 0
            for p in self.tree():
                try:
                    with open(f"/proc/{p}/smaps_rollup") as f:
                        m = re.search(r"^Pss:\s+(\d+)", f.read(), re.M)
                        tot += int(m.group(1)) if m else 0
                except OSError:
                    pass
            self.peak = max(self.peak, tot)
            time.sleep(0.05)

    def stop(self):
        self.stop_.set()
        self.join()
        return self.peak


# ---------------------------------------------------------------- PostGIS
def pg_env():
    e = dict(os.environ)
    e.update(PGHOST=PGSOCK, PGPORT=PGPORT, PGUSER="postgres")
    return e


def pg_start(data):
    pgdir = os.path.join(data, "pg")
    if not os.path.exists(os.path.join(pgdir, "PG_VERSION")):
        os.makedirs(pgdir, exist_ok=True)
        shutil.chown(pgdir, "postgres", "postgres")
        subprocess.run(["runuser", "-u", "postgres", "--", f"{PGBIN}/initdb", "-D", pgdir,
                        "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(pgdir, "postgresql.auto.conf"), "a") as f:
            f.write("""
listen_addresses = '127.0.0.1'
shared_buffers = '2GB'
work_mem = '256MB'
maintenance_work_mem = '1GB'
effective_cache_size = '12GB'
random_page_cost = 1.1
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 2
max_parallel_maintenance_workers = 2
parallel_setup_cost = 100
parallel_tuple_cost = 0.01
min_parallel_table_scan_size = '64kB'
# disposable benchmark cluster: no durability
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
jit = off
""")
    if subprocess.run([f"{PGBIN}/pg_isready", "-q"], env=pg_env()).returncode != 0:
        subprocess.run(["runuser", "-u", "postgres", "--", f"{PGBIN}/pg_ctl", "-D", pgdir,
                        "-o", f"-p {PGPORT} -k {PGSOCK}", "-l", os.path.join(pgdir, "log.txt"),
                        "-w", "start"], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(pgdir, "postmaster.pid")) as f:
        return int(f.readline())


def pg_stop(data):
    pgdir = os.path.join(data, "pg")
    subprocess.run(["runuser", "-u", "postgres", "--", f"{PGBIN}/pg_ctl", "-D", pgdir,
                    "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)


def psql(sql, db="bench", check=True):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
                          env=pg_env(), check=check, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)


# OFFSET 0 keeps the `area > 0` filter outside the join: pushed down, PostgreSQL would
# evaluate ST_Area(ST_Intersection(...)) twice per pair (filter and select list).
PG_QUERY = ("SELECT * FROM (SELECT r.id AS right_id, c.id AS feature_id, "
            "ST_Area(ST_Intersection(r.geom, c.geom)::geography, true) AS area_m2 "
            "FROM rights r JOIN zones c ON ST_Intersects(r.geom, c.geom) OFFSET 0) q "
            "WHERE area_m2 > 0")


def run_postgis(rights, layer_path, layer, out, data, pid):
    """Load (fresh database, ogr2ogr both layers with GiST, ANALYZE) then query.
    Returns dict(wall, load, query, rss_kb, rc, err)."""
    psql("DROP DATABASE IF EXISTS bench", db="postgres")
    psql("CREATE DATABASE bench", db="postgres")
    psql("CREATE EXTENSION postgis")
    samp = PssSampler(pid)
    samp.start()
    rss_client = 0
    t0 = time.perf_counter()
    for src, name, table in ((layer_path, layer, "zones"), (rights, "rights", "rights")):
        _, rss, rc, err = timed(["ogr2ogr", "-f", "PostgreSQL", f"PG:{PGCONN}", src, name,
                                 "-nln", table, "-lco", "GEOMETRY_NAME=geom",
                                 "-lco", "SPATIAL_INDEX=GIST", "-lco", "FID=fid",
                                 "-overwrite"], env=pg_env())
        rss_client = max(rss_client, rss)
        if rc:
            samp.stop()
            return dict(rc=rc, err=err)
    psql("ANALYZE zones; ANALYZE rights")
    t1 = time.perf_counter()
    _, rss, rc, err = timed(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "bench", "-c",
                             f"\\copy ({PG_QUERY}) TO '{out}' WITH (FORMAT csv, HEADER)"],
                            env=pg_env())
    t2 = time.perf_counter()
    rss_server = samp.stop()
    rss_client = max(rss_client, rss)
    return dict(wall=t2 - t0, load=t1 - t0, query=t2 - t1, rss_kb=rss_server + rss_client,
                rss_server=rss_server, rc=rc, err=err)


def pg_plan():
    r = psql("EXPLAIN " + PG_QUERY)
    return r.stdout.decode()


# ---------------------------------------------------------------- one run of one tool
def geocheck_phases(err):
    """Times printed by geocheck on stderr: {'assembled': s, 'json': s} when present."""
    out = {}
    for key, text in (("assembled", "results assembled"), ("json", "JSON written")):
        m = re.search(r"\[(\d+(?:\.\d+)?) s\] " + text, err)
        if m:
            out[key] = float(m.group(1))
    return out


def run_tool(p, a, rights, layer, outdir, pid):
    """One run of tool p on (rights, layer); writes outdir/p.csv; returns a result dict."""
    lpath, lname = LAYERS[layer]["file"](a.data), LAYERS[layer]["layer"]
    csv = os.path.join(outdir, f"{p}.csv")
    if p == "postgis":
        return run_postgis(rights, lpath, lname, csv, a.data, pid)
    extra = {}
    if p in ("geocheck", "geocheck-source"):
        # geocheck-source: overlays in the data's own lon/lat, as the peers do
        # (the default overlays in each right's Gauss-Krüger zone, CONTRACT.md).
        js = os.path.join(outdir, f"{p}.json")
        cmd = [a.geocheck, "screen", rights, "--against", f"{lname}={lpath}",
               "--id-field", "id", "--json"]
        if p == "geocheck-source":
            cmd += ["--overlay-crs", "source"]
        wall, rss, rc, err = timed(cmd, stdout=js, full_err=True)
        if rc == 0:
            compare.json2csv(js, csv, lname)
            ph = geocheck_phases(err)
            if "assembled" in ph and "json" in ph:
                extra = dict(json_s=ph["json"] - ph["assembled"], json_mb=os.path.getsize(js) / 1e6)
        err = "\n".join(err.splitlines()[-5:])
    elif p in ("geopandas", "duckdb", "duckdb-1t"):
        script = "geopandas_peer.py" if p == "geopandas" else "duckdb_peer.py"
        cmd = [a.python, os.path.join(HERE, "peers", script), rights, lpath, lname, csv]
        if p.startswith("duckdb"):
            cmd.append("1" if p == "duckdb-1t" else "2")
        wall, rss, rc, err = timed(cmd)
    elif p == "floor":
        tmp = os.path.join(outdir, "floor.gpkg")
        if os.path.exists(tmp):
            os.remove(tmp)
        wall, rss, rc, err = timed(["sh", "-c", 'ogr2ogr -f GPKG "$1" "$2" "$4" && '
                                    'ogr2ogr -f GPKG -update "$1" "$3" rights',
                                    "floor", tmp, lpath, rights, lname])
        if os.path.exists(tmp):
            os.remove(tmp)
    else:
        sys.exit(f"unknown peer {p}")
    return dict(wall=wall, rss_kb=rss, rc=rc, err=err, **extra)


def reference_pairs(a, rights, layer, outdir, n):
    """Exact drawn-region areas (reference.py) of every intersecting pair, cached per input."""
    if n > a.reference_max:
        return None, None
    lpath, lname = LAYERS[layer]["file"](a.data), LAYERS[layer]["layer"]
    out = os.path.join(outdir, "reference.csv")
    newest = max(os.path.getmtime(rights), os.path.getmtime(lpath),
                 os.path.getmtime(os.path.join(HERE, "reference.py")))
    if not os.path.exists(out) or os.path.getmtime(out) < newest:
        p = subprocess.run([a.python, os.path.join(HERE, "reference.py"), "pairs", rights, lpath,
                            lname, out], stderr=subprocess.PIPE, check=True)
        note = p.stderr.decode().strip()
        with open(out + ".txt", "w") as f:
            f.write(note + "\n")
    with open(out + ".txt") as f:
        note = f.read().strip()
    log(note)
    return compare.read_pairs(out), note


# ---------------------------------------------------------------- report
def fmt_s(x):
    return "—" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.0f}")


def fmt_rel(x):
    return "—" if x is None else ("0" if x == 0 else f"{x:.1e}")


def ratio(x, y):
    return f"{x / y:.2f}" if x and y else "—"


def section(n, layer, peers, res, pairs, ref_pairs, ref_note, load0):
    """Markdown for one (layer, N): timings, pairs, agreement, deviation from exact."""
    ok = {p: [r for r in res[p] if not r.get("rc")] for p in peers}
    med = {p: (statistics.median(r["wall"] for r in ok[p]) if ok[p] else None) for p in peers}
    ref = "geocheck" if "geocheck" in pairs else ("postgis" if "postgis" in pairs else None)
    md = [f"## {LAYERS[layer]['title']} × {n:,} rights", "",
          f"Load average (1, 5, 15 min): {load0}. Pairs compared against **{ref}** on pairs "
          "with area ≥ 1 m² in either output; deviation from the exact drawn-region area "
          "(`reference.py`) on pairs ≥ 1 ha.", ""]
    if ref_note:
        md += [f"Exact reference (`reference.py pairs`): {ref_note.removeprefix('reference: ')}", ""]
    md += [f"| tool | median wall s | runs s | peak RSS MiB | pairs | only in tool / only in {ref} "
           f"| max rel. diff vs {ref} (≥ 1 ha) | max rel. dev. from exact (≥ 1 ha) | geocheck / tool |",
           "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
    for p in peers:
        walls = " / ".join(fmt_s(r["wall"]) for r in ok[p]) or "failed"
        rss = max((r["rss_kb"] for r in ok[p]), default=None)
        d = compare.diff(pairs[ref], pairs[p]) if ref and p in pairs and p != ref else None
        dha = compare.diff(pairs[ref], pairs[p], 1e4) if d else None
        dex = compare.diff(ref_pairs, pairs[p], 1e4) if ref_pairs and p in pairs else None
        name = p
        if p == "postgis" and ok[p]:
            name += (f" (load {statistics.median(r['load'] for r in ok[p]):.2f} s"
                     f" + query {statistics.median(r['query'] for r in ok[p]):.2f} s)")
        if p == "floor":
            name += " (ogr2ogr GPKG copy of both layers)"
        only = (f"{d['only_other']} / {d['only_ref']}" if d else
                "(reference)" if p == ref else "—")
        agree = f"{fmt_rel(d['max_rel'])} ({fmt_rel(dha['max_rel'])})" if d else "—"
        exact = f"{fmt_rel(dex['max_rel'])} ({dex['compared']:,} pairs)" if dex else "—"
        md.append(f"| {name} | {fmt_s(med[p])} | {walls} | "
                  f"{'—' if rss is None else f'{rss / 1024:.0f}'} | "
                  f"{len(pairs[p]) if p in pairs else '—'} | {only} | {agree} | {exact} | "
                  f"{ratio(med.get('geocheck'), med[p]) if p != 'geocheck' else '—'} |")
    md.append("")
    for p in peers:
        for r in res[p]:
            if r.get("rc"):
                md.append(f"- {p} failed (rc {r['rc']}): `{r.get('err', '')[-300:]}`")
    return md, med, ok


def geocheck_extras(ok):
    """JSON throughput (MB/s, median over runs) from geocheck's own phase times."""
    js = [r for r in ok.get("geocheck", []) if r.get("json_s")]
    if not js:
        return None
    mbs = statistics.median(r["json_mb"] / max(r["json_s"], 0.005) for r in js)
    return dict(json_mb=js[0]["json_mb"], json_mbs=mbs)


# ---------------------------------------------------------------- main
LAYERS = {
    "county": dict(file=lambda d: os.path.join(d, "counties.gpkg"), layer="county",
                   title="Counties (2,870 polygons, 4.17 M vertices)"),
    "redline": dict(file=lambda d: os.path.join(d, "redline.gpkg"), layer="redline",
                    title="Fragmented red-line-like layer (160,045 polygons, 2.21 M vertices)"),
}
SCALE_N = 1_000_000


def plan(a):
    """(layer, N, tools, runs) cells: every layer × size; the scale size with geocheck only."""
    peers = [p for p in a.peers.split(",") if p]
    cells = [(layer, n, peers, a.runs) for layer in a.layers.split(",") for n in a.sizes]
    if a.scale:
        cells.append(("county", SCALE_N, [p for p in peers if p == "geocheck"], a.scale_runs))
    return cells


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2000,20000")
    ap.add_argument("--layers", default="county,redline")
    ap.add_argument("--scale", action="store_true",
                    help=f"also {SCALE_N:,} rights × counties, geocheck only")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale-runs", type=int, default=1, help="runs of the --scale cell")
    ap.add_argument("--data", default="/work/bench-data")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--reference-max", type=int, default=200_000,
                    help="largest N for which the exact reference is computed")
    ap.add_argument("--geocheck", default=os.environ.get(
        "GEOCHECK", "/work/main/.build/release/geocheck"))
    ap.add_argument("--results", default=None, help="Markdown file (default bench/results-DATE.md)")
    a = ap.parse_args()
    a.sizes = [int(s) for s in a.sizes.split(",") if s]
    if not os.access(a.geocheck, os.X_OK):
        log(f"geocheck binary not found at {a.geocheck}: skipping geocheck "
            "(build it with `swift build -c release --static-swift-stdlib` or set GEOCHECK=...)")
        a.peers = ",".join(p for p in a.peers.split(",") if not p.startswith("geocheck"))
    cells = plan(a)
    pid = pg_start(a.data) if any("postgis" in c[2] for c in cells) else None
    path = a.results or os.path.join(HERE, f"results-{datetime.date.today().isoformat()}.md")
    md = [f"# geocheck benchmark — {datetime.date.today().isoformat()}", "",
          f"Machine: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
          f"runs per cell: {a.runs} (median wall time; peak RSS = max over runs); tools "
          f"interleaved within each run (the {SCALE_N:,}-right cell: {a.scale_runs} run(s)). "
          "geocheck: `" + a.geocheck + "`.", ""]
    summary = []
    try:
        for layer, n, peers, runs in cells:
            sec, med, ok = run_cell(a, layer, n, peers, runs, pid)
            md += sec
            summary.append((layer, n, med, geocheck_extras(ok),
                            max((r["rss_kb"] for r in ok.get("geocheck", [])), default=None)))
            write_report(path, md[:4] + targets(summary) + md[4:])   # after every cell
    finally:
        if pid:
            pg_stop(a.data)
    print("\n".join(md[:4] + targets(summary) + md[4:]))
    log("wrote", path)


def write_report(path, md):
    with open(path, "w") as f:
        f.write("\n".join(md) + "\n")


def run_cell(a, layer, n, peers, runs, pid):
    rights = os.path.join(a.data, f"rights_{n}.gpkg")
    outdir = os.path.join(a.data, "out", layer, str(n))
    os.makedirs(outdir, exist_ok=True)
    ref_pairs, ref_note = reference_pairs(a, rights, layer, outdir, n)
    res = {p: [] for p in peers}
    load0 = open("/proc/loadavg").read().split()[:3]
    for run in range(1, runs + 1):
        for p in peers:
            r = run_tool(p, a, rights, layer, outdir, pid)
            if r.get("rc"):
                log(f"{layer} N={n} run {run} {p}: FAILED rc={r['rc']}: {r.get('err')}")
            else:
                extra = (f" (load {r['load']:.2f}s, query {r['query']:.2f}s)" if p == "postgis" else "")
                log(f"{layer} N={n} run {run} {p}: {r['wall']:.2f}s{extra}, {r['rss_kb'] / 1024:.0f} MiB")
            res[p].append(r)
    if "postgis" in peers:
        with open(os.path.join(outdir, "postgis-plan.txt"), "w") as f:
            f.write(pg_plan())
    pairs = {}
    for p in peers:
        c = os.path.join(outdir, f"{p}.csv")
        if p != "floor" and any(not r.get("rc") for r in res[p]) and os.path.exists(c):
            pairs[p] = compare.read_pairs(c)
    load1 = open("/proc/loadavg").read().split()[:3]
    sec, med, ok = section(n, layer, peers, res, pairs, ref_pairs, ref_note,
                           f"{' '.join(load0)} before, {' '.join(load1)} after")
    return sec, med, ok


def targets(summary):
    """Headline: the issue's targets, each a ratio from this same run."""
    md = ["## Targets (ratios from this run)", "",
          "| layer × N | geocheck s | DuckDB 1 thread s | geocheck / DuckDB 1 thread | geocheck / DuckDB 2 threads "
          "| s per 1,000 rights | peak RSS MiB | JSON MB, MB/s |",
          "|---|---:|---:|---:|---:|---:|---:|---:|"]
    per_right = {}
    for layer, n, med, ex, rss in summary:
        g = med.get("geocheck")
        if not g:
            continue
        per_right[(layer, n)] = g / n
        js = f"{ex['json_mb']:.0f} MB at {ex['json_mbs']:.0f} MB/s" if ex else "—"
        md.append(f"| {layer} × {n:,} | {fmt_s(g)} | {fmt_s(med.get('duckdb-1t'))} | "
                  f"{ratio(g, med.get('duckdb-1t'))} | {ratio(g, med.get('duckdb'))} | "
                  f"{1000 * g / n:.3f} | {'—' if rss is None else f'{rss / 1024:.0f}'} | {js} |")
    if ("county", SCALE_N) in per_right and ("county", 20000) in per_right:
        md += ["", f"Time per right at {SCALE_N:,} / at 20,000 (counties): "
               f"{per_right[('county', SCALE_N)] / per_right[('county', 20000)]:.2f} (target ≤ 1.3)."]
    md += ["", "Issue targets: red line ≤ 0.5 and counties ≤ 0.2 × DuckDB on one thread at 20,000 "
           f"rights; {SCALE_N:,} rights: peak RSS ≤ 1 GB (954 MiB), JSON ≥ 200 MB/s (geocheck's "
           "own phase times on stderr: JSON bytes / time from `results assembled` to `JSON written`; "
           "10 ms resolution, so meaningful at large N only).", ""]
    return md


if __name__ == "__main__":
    main()
