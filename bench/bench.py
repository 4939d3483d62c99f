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
PEERS = ["geocheck", "geocheck-source", "geopandas", "postgis", "duckdb", "floor"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- measuring
def timed(cmd, stdout=None, env=None):
    """Run cmd under /usr/bin/time -v; return (wall_s, maxrss_kb, rc, stderr_tail)."""
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
    return wall, rss, p.returncode, "\n".join(err[-5:])


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
PG_QUERY = ("SELECT * FROM (SELECT r.id AS right_id, c.id AS county_id, "
            "ST_Area(ST_Intersection(r.geom, c.geom)::geography, true) AS area_m2 "
            "FROM rights r JOIN county c ON ST_Intersects(r.geom, c.geom) OFFSET 0) q "
            "WHERE area_m2 > 0")


def run_postgis(rights, counties, out, data, pid):
    """Load (fresh database, ogr2ogr both layers with GiST, ANALYZE) then query.
    Returns dict(wall, load, query, rss_kb, rc, err)."""
    psql("DROP DATABASE IF EXISTS bench", db="postgres")
    psql("CREATE DATABASE bench", db="postgres")
    psql("CREATE EXTENSION postgis")
    samp = PssSampler(pid)
    samp.start()
    rss_client = 0
    t0 = time.perf_counter()
    for src, layer in ((counties, "county"), (rights, "rights")):
        _, rss, rc, err = timed(["ogr2ogr", "-f", "PostgreSQL", f"PG:{PGCONN}", src, layer,
                                 "-nln", layer, "-lco", "GEOMETRY_NAME=geom",
                                 "-lco", "SPATIAL_INDEX=GIST", "-lco", "FID=fid",
                                 "-overwrite"], env=pg_env())
        rss_client = max(rss_client, rss)
        if rc:
            samp.stop()
            return dict(rc=rc, err=err)
    psql("ANALYZE county; ANALYZE rights")
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


# ---------------------------------------------------------------- main
def fmt_s(x):
    return "—" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.0f}")


def fmt_rel(x):
    return "—" if x is None else ("0" if x == 0 else f"{x:.1e}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2000,20000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", default="/work/bench-data")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--geocheck", default=os.environ.get(
        "GEOCHECK", "/work/main/.build/release/geocheck"))
    ap.add_argument("--results", default=None, help="Markdown file (default bench/results-DATE.md)")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s]
    peers = [p for p in a.peers.split(",") if p]
    counties = os.path.join(a.data, "counties.gpkg")
    have_gc = os.access(a.geocheck, os.X_OK)
    if "geocheck" in peers and not have_gc:
        log(f"geocheck binary not found at {a.geocheck}: skipping geocheck "
            "(build it with `swift build -c release` or set GEOCHECK=...)")
        peers = [p for p in peers if not p.startswith("geocheck")]
    pid = pg_start(a.data) if "postgis" in peers else None

    md = [f"# geocheck benchmark — {datetime.date.today().isoformat()}", "",
          f"Machine: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
          f"runs per cell: {a.runs} (median wall time; peak RSS = max over runs). "
          f"Constraint layer: {counties} (2,870 counties, ~4.17 M vertices).", ""]
    if not have_gc:
        md += [f"**geocheck not run** (no binary at `{a.geocheck}`); areas are compared "
               "against PostGIS instead.", ""]
    try:
        for n in sizes:
            rights = os.path.join(a.data, f"rights_{n}.gpkg")
            outdir = os.path.join(a.data, "out", str(n))
            os.makedirs(outdir, exist_ok=True)
            res = {p: [] for p in peers}
            load0 = open("/proc/loadavg").read().split()[:3]
            for run in range(1, a.runs + 1):
                for p in peers:
                    csv = os.path.join(outdir, f"{p}.csv")
                    if p == "postgis":
                        r = run_postgis(rights, counties, csv, a.data, pid)
                    else:
                        if p in ("geocheck", "geocheck-source"):
                            # geocheck-source: overlays in the data's own lon/lat, as the peers do
                            # (the default overlays in each right's Gauss-Krüger zone, CONTRACT.md).
                            js = os.path.join(outdir, f"{p}.json")
                            cmd = [a.geocheck, "screen", rights, "--against",
                                   f"county={counties}", "--id-field", "id", "--json"]
                            if p == "geocheck-source":
                                cmd += ["--overlay-crs", "source"]
                            wall, rss, rc, err = timed(cmd, stdout=js)
                            if rc == 0:
                                compare.json2csv(js, csv, "county")
                        elif p == "geopandas":
                            wall, rss, rc, err = timed([a.python, os.path.join(
                                HERE, "peers", "geopandas_peer.py"), rights, counties, csv])
                        elif p == "duckdb":
                            wall, rss, rc, err = timed([a.python, os.path.join(
                                HERE, "peers", "duckdb_peer.py"), rights, counties, csv])
                        elif p == "floor":
                            tmp = os.path.join(outdir, "floor.gpkg")
                            if os.path.exists(tmp):
                                os.remove(tmp)
                            wall, rss, rc, err = timed(["sh", "-c",
                                'ogr2ogr -f GPKG "$1" "$2" county && '
                                'ogr2ogr -f GPKG -update "$1" "$3" rights',
                                "floor", tmp, counties, rights])
                            os.remove(tmp) if os.path.exists(tmp) else None
                        else:
                            sys.exit(f"unknown peer {p}")
                        r = dict(wall=wall, rss_kb=rss, rc=rc, err=err)
                    if r.get("rc"):
                        log(f"N={n} run {run} {p}: FAILED rc={r['rc']}: {r.get('err')}")
                    else:
                        extra = (f" (load {r['load']:.2f}s, query {r['query']:.2f}s)"
                                 if p == "postgis" else "")
                        log(f"N={n} run {run} {p}: {r['wall']:.2f}s{extra}, "
                            f"{r['rss_kb'] / 1024:.0f} MiB")
                    res[p].append(r)
            if "postgis" in peers:
                with open(os.path.join(outdir, "postgis-plan.txt"), "w") as f:
                    f.write(pg_plan())

            # ---- summarise
            ok = {p: [r for r in res[p] if not r.get("rc")] for p in peers}
            med = {p: (statistics.median(r["wall"] for r in ok[p]) if ok[p] else None)
                   for p in peers}
            pairs = {}
            for p in peers:
                c = os.path.join(outdir, f"{p}.csv")
                if p != "floor" and ok[p] and os.path.exists(c):
                    pairs[p] = compare.read_pairs(c)
            ref = "geocheck" if "geocheck" in pairs else ("postgis" if "postgis" in pairs else None)
            md += [f"## N = {n:,} rights", "",
                   f"Load average before: {' '.join(load0)}. "
                   + (f"Areas compared against **{ref}** on pairs with area ≥ 1 m² in "
                      "either output." if ref else ""), "",
                   f"| tool | median wall s | runs s | peak RSS MiB | pairs | max rel. area diff vs {ref} | only in tool | only in {ref} | geocheck / tool |",
                   "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
            for p in peers:
                walls = " / ".join(fmt_s(r["wall"]) for r in ok[p]) or "failed"
                rss = max((r["rss_kb"] for r in ok[p]), default=None)
                d = (compare.diff(pairs[ref], pairs[p]) if ref and p in pairs and p != ref
                     else None)
                dha = (compare.diff(pairs[ref], pairs[p], 1e4) if d else None)
                ratio = (f"{med['geocheck'] / med[p]:.2f}" if "geocheck" in med and med.get("geocheck")
                         and med[p] and p != "geocheck" else "—")
                name = p
                if p == "postgis" and ok[p]:
                    name += (f" (load {statistics.median(r['load'] for r in ok[p]):.2f} s"
                             f" + query {statistics.median(r['query'] for r in ok[p]):.2f} s)")
                if p == "floor":
                    name += " (ogr2ogr GPKG copy of both layers)"
                md.append(f"| {name} | {fmt_s(med[p])} | {walls} | "
                          f"{'—' if rss is None else f'{rss / 1024:.0f}'} | "
                          f"{len(pairs[p]) if p in pairs else '—'} | "
                          f"{fmt_rel(d['max_rel']) + ' (≥ 1 ha: ' + fmt_rel(dha['max_rel']) + ')' if d else ('(reference)' if p == ref else '—')} | "
                          f"{d['only_other'] if d else '—'} | {d['only_ref'] if d else '—'} | {ratio} |")
            md.append("")
            # cross-peer agreement (all pairs of tools)
            names = list(pairs)
            if len(names) > 1:
                md += ["Cross-tool agreement (max relative area difference on pairs ≥ 1 m²; "
                       "pairs found by only one side in brackets):", "",
                       "| | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
                for x in names:
                    cells = []
                    for y in names:
                        if x == y:
                            cells.append("—")
                        else:
                            d = compare.diff(pairs[x], pairs[y])
                            cells.append(f"{fmt_rel(d['max_rel'])} [{d['only_ref'] + d['only_other']}]")
                    md.append(f"| {x} | " + " | ".join(cells) + " |")
                md.append("")
            if "geocheck" in med and med.get("geocheck") and med.get("floor"):
                md += [f"geocheck / floor = {med['geocheck'] / med['floor']:.2f}", ""]
            for p in peers:
                for r in res[p]:
                    if r.get("rc"):
                        md.append(f"- {p} failed (rc {r['rc']}): `{r.get('err', '')[-300:]}`")
            md.append("")
    finally:
        if pid:
            pg_stop(a.data)

    text = "\n".join(md)
    print(text)
    path = a.results or os.path.join(HERE, f"results-{datetime.date.today().isoformat()}.md")
    with open(path, "w") as f:
        f.write(text)
    log("wrote", path)


if __name__ == "__main__":
    main()
