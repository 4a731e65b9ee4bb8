"""Replays calibration schemes of the alloy campaign's gate on a recorded run's held-out set.

For each HOME: the held-out groups come from the select-holdout step's picks.csv, the judges'
|error|/σ ratios from runs.db, and the final model's own (uncorrected) σ on the held-out rows from
a CSV written by io.kakehashi.bench.surrogate.HoldoutPredictions (id,pred,sigma,energy). Prints,
per scheme, the ±2σ coverage per group and how many groups lie within 0.90-0.98.

  python3 bench/surrogate/calibration_replay.py HOME:PREDICTIONS_CSV [HOME:PREDICTIONS_CSV ...]
"""
import csv
import glob
import json
import math
import sqlite3
import sys

TWO_SIGMA = 0.9545
MIN_ROWS = 20


def conformal(values, q):
    v = sorted(values)
    return v[min(len(v), math.ceil((len(v) + 1) * q)) - 1]


def load(home, predictions):
    group, family = {}, {}
    for f in glob.glob(f"{home}/work/select-holdout/*/picks.csv"):
        for r in csv.DictReader(open(f)):
            i = int(r["candidate_id"])
            group[i] = f"MC {r['temperature_K']} K" if r["temperature_K"] else r["family"]
            family[i] = r["family"]
    rows = []
    for r in csv.DictReader(open(predictions)):
        i = int(r["id"])
        if i in group:
            rows.append((group[i], family[i], abs(float(r["pred"]) - float(r["energy"])) / float(r["sigma"])))
    db = sqlite3.connect(f"{home}/runs.db")
    judges = []
    for k in range(1, 100):
        row = db.execute("SELECT vals FROM results WHERE step=?", (f"judge-{k}",)).fetchone()
        if row is None:
            break
        v = json.loads(row[0])
        if "ratios" in v:
            judges.append(v["ratios"])
    return rows, judges


def factors(judges, floor):
    """FamilyCalibration's σ factors on these judges' ratios: per family with enough rows, else pooled."""
    pooled = [x for j in judges for l in j.values() for x in l]
    if not pooled:
        return lambda f: 1.0
    by_family = {}
    for j in judges:
        for f, l in j.items():
            by_family.setdefault(f, []).extend(l)
    p = max(conformal(pooled, TWO_SIGMA) / 2, floor)
    own = {f: max(conformal(l, TWO_SIGMA) / 2, floor) for f, l in by_family.items() if len(l) >= MIN_ROWS}
    return lambda f: own.get(f, p)


SCHEMES = {
    "ensemble's own σ": lambda J: (lambda f: 1.0),
    "all judges, σ narrowed to 0.5x at most": lambda J: factors(J, 0.5),
    "all judges, σ only widened": lambda J: factors(J, 1.0),
    "newest judge, σ only widened": lambda J: factors(J[-1:], 1.0),
}

for arg in sys.argv[1:]:
    home, predictions = arg.split(":")
    rows, judges = load(home, predictions)
    print(f"== {home}: {len(rows)} held-out rows, {len(judges)} judges with ratios")
    for name, scheme in SCHEMES.items():
        factor = scheme(judges)
        by = {}
        for g, f, ratio in rows:
            by.setdefault(g, []).append(ratio <= 2 * factor(f))
        cov = {g: sum(v) / len(v) for g, v in sorted(by.items())}
        inside = sum(1 for c in cov.values() if 0.90 <= c <= 0.98)
        overall = sum(sum(v) for v in by.values()) / len(rows)
        print(f"  {name:40s} {inside}/{len(cov)} groups in 0.90-0.98, overall {overall:.3f}: "
              + " ".join(f"{g}={c:.2f}" for g, c in cov.items()))
