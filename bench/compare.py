#!/usr/bin/env python3
"""Pair files for the benchmark.

  compare.py json2csv SCREEN.json OUT.csv [--layer county]
      geocheck `screen --json` output -> right_id,feature_id,area_m2
      (one row per rights[].overlaps[] entry of that layer)
  compare.py diff REF.csv OTHER.csv [--min-m2 1]
      agreement of OTHER with REF on pairs whose area is >= min in either file:
      max relative area difference on pairs in both, pairs only in one of them.

Standard library only.
"""
import argparse
import csv
import json
import sys


def json2csv(src, out, layer=None):
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    n = 0
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["right_id", "feature_id", "area_m2"])
        for r in doc.get("rights", []):
            for o in r.get("overlaps", []) or []:
                if layer and o.get("layer") not in (None, layer):
                    continue
                w.writerow([r["id"], o["feature_id"], repr(float(o["area_m2"]))])
                n += 1
    return n


def read_pairs(path):
    d = {}
    with open(path, newline="") as f:
        rd = csv.reader(f)
        next(rd, None)
        for row in rd:
            if not row:
                continue
            k = (row[0].strip(), row[1].strip())
            d[k] = d.get(k, 0.0) + float(row[2])
    return d


def diff(ref, other, min_m2=1.0):
    """ref/other: dict (right, feature) -> area. Returns a dict of agreement figures."""
    keys = {k for k, v in ref.items() if v >= min_m2} | {k for k, v in other.items() if v >= min_m2}
    max_rel, worst, both = 0.0, None, 0
    only_ref, only_other = [], []
    for k in keys:
        a, b = ref.get(k), other.get(k)
        if a is None:
            only_other.append(k)
        elif b is None:
            only_ref.append(k)
        else:
            both += 1
            rel = abs(b - a) / max(abs(a), 1e-300)
            if rel > max_rel:
                max_rel, worst = rel, (k, a, b)
    return {"pairs_ref": len(ref), "pairs_other": len(other), "compared": both,
            "max_rel": max_rel, "worst": worst,
            "only_ref": len(only_ref), "only_other": len(only_other),
            "only_ref_examples": sorted(only_ref)[:5],
            "only_other_examples": sorted(only_other)[:5]}


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    j = sub.add_parser("json2csv")
    j.add_argument("json")
    j.add_argument("csv")
    j.add_argument("--layer", default=None)
    d = sub.add_parser("diff")
    d.add_argument("ref")
    d.add_argument("other")
    d.add_argument("--min-m2", type=float, default=1.0)
    a = ap.parse_args()
    if a.cmd == "json2csv":
        n = json2csv(a.json, a.csv, a.layer)
        print(f"{n} pairs -> {a.csv}", file=sys.stderr)
    else:
        r = diff(read_pairs(a.ref), read_pairs(a.other), a.min_m2)
        json.dump(r, sys.stdout, indent=1, default=str)
        print()


if __name__ == "__main__":
    main()
