"""Compares descriptor sets for the alloy campaign offline, on a recorded run's LAMMPS relaxations.

Trains on the batches the campaign's final model saw (pack, al*-pack) and tests on its held-out
batches (holdout-pack), all read from the run's HDF5 files (occupation, mixing_energy, family).
The model is the campaign's kind, smaller budget: a ridge fit of the standardized descriptors plus
the mean of three 2-layer SiLU MLPs (width W, Adam, cosine schedule) on the ridge's residual.
Descriptors are computed here from the occupations, independently of the Java code:

  x         composition, B-B pair fractions of shells 1-4, env moments (n1^2, n1 n2, n2^2 per species)
  h         + per-species histograms of first- and second-shell B counts
  d         + dipoles: per species, the mean over atoms of |d1|^2, d1.d2, |d2|^2, where d_s is the sum
              of unit bond vectors to the B atoms of shell s (the campaign's dip_* descriptors)
  D         + dipoles of shells 3 and 4 as well (|d3|^2, |d4|^2)
  b         dipoles of B atoms only

  /usr/bin/python3 bench/surrogate/descriptor_fit.py HOME VARIANT [EPOCHS]   (W=16 or 32 in the environment)

Needs Debian's python3-h5py and python3-torch (the pyenv python on some machines has neither).
"""
import glob
import itertools
import os
import sys

import h5py
import numpy as np
import torch

BASIS = [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]
CELLS, SITES = 4, 256


def shell_vectors(s):
    r = int(np.ceil(np.sqrt(2 * s))) + 1
    return [v for v in itertools.product(range(-r, r + 1), repeat=3)
            if sum(v) % 2 == 0 and v[0] ** 2 + v[1] ** 2 + v[2] ** 2 == 2 * s]


COORDS = np.array([(2 * cx + b[0], 2 * cy + b[1], 2 * cz + b[2])
                   for cx in range(CELLS) for cy in range(CELLS) for cz in range(CELLS) for b in BASIS])
INDEX = {tuple(c): i for i, c in enumerate(COORDS)}


def neighbours(s):
    return np.array([[INDEX[tuple((COORDS[i] + v) % 8)] for v in shell_vectors(s)] for i in range(SITES)])


def load(home, steps):
    occ, energy, family = [], [], []
    for step in steps:
        for f in sorted(glob.glob(f"{home}/work/{step}/*/batch.h5")):
            with h5py.File(f, "r") as h:
                occ.append(h["occupation"][:])
                energy.append(h["mixing_energy"][:])
                family.append(h["family"][:])
    return np.concatenate(occ).astype(np.float32), np.concatenate(energy) * 1000, np.concatenate(family)


SHELLS = [neighbours(s) for s in range(1, 5)]
VECTORS = [np.array(shell_vectors(s), dtype=np.float32) / np.sqrt(2 * s) for s in range(1, 5)]


def features(o, variant):
    cols = [o.mean(1, keepdims=True)]
    for nb in SHELLS:
        cols.append((o[:, :, None] * o[:, nb]).mean(axis=(1, 2))[:, None])
    n1, n2 = o[:, SHELLS[0]].mean(2), o[:, SHELLS[1]].mean(2)
    species = (1 - o, o)
    for t in species:
        for u, v in ((n1, n1), (n1, n2), (n2, n2)):
            cols.append((t * u * v).mean(1, keepdims=True))
    if "h" in variant:
        c1, c2 = o[:, SHELLS[0]].sum(2).astype(int), o[:, SHELLS[1]].sum(2).astype(int)
        for t in species:
            cols += [(t * (c1 == v)).mean(1, keepdims=True) for v in range(13)]
            cols += [(t * (c2 == v)).mean(1, keepdims=True) for v in range(7)]
    if "d" in variant or "D" in variant or "b" in variant:
        shells = 4 if "D" in variant else 2
        d = [np.einsum("czk,kx->czx", o[:, SHELLS[s]], VECTORS[s]) for s in range(shells)]
        pairs = [(0, 0), (0, 1), (1, 1)] + [(s, s) for s in range(2, shells)]
        for t in ((o,) if "b" in variant else species):
            for i, j in pairs:
                cols.append((t * (d[i] * d[j]).sum(2)).mean(1, keepdims=True))
    return np.concatenate(cols, 1).astype(np.float32)


def fit(home, variant, epochs, width):
    torch.set_num_threads(1)
    o, y, _ = load(home, ["pack", "al1-pack", "al2-pack", "al3-pack"])
    ot, yt, ft = load(home, ["holdout-pack"])
    x, xt = features(o, variant), features(ot, variant)
    mu, sd = x.mean(0), x.std(0) + 1e-6
    xs, xts = (x - mu) / sd, (xt - mu) / sd
    a = np.c_[xs, np.ones(len(xs))]
    w = np.linalg.solve(a.T @ a + 1e-3 * np.eye(a.shape[1]), a.T @ y)
    base, base_t = a @ w, np.c_[xts, np.ones(len(xts))] @ w
    preds = []
    for seed in range(3):
        torch.manual_seed(seed)
        net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], width), torch.nn.SiLU(), torch.nn.Linear(width, width),
                                  torch.nn.SiLU(), torch.nn.Linear(width, 1))
        opt = torch.optim.Adam(net.parameters(), lr=3e-3)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
        inputs, residual = torch.tensor(xs), torch.tensor((y - base).astype(np.float32))
        for _ in range(epochs):
            perm = torch.randperm(len(residual))
            for b in range(0, len(residual), 64):
                i = perm[b:b + 64]
                loss = ((net(inputs[i]).squeeze(-1) - residual[i]) ** 2).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
            sched.step()
        with torch.no_grad():
            preds.append(net(torch.tensor(xts)).squeeze(-1).numpy() + base_t)
    err = np.abs(np.mean(preds, 0) - yt)
    per_family = " ".join(f"{k}:{err[ft == k].mean():.3f}" for k in np.unique(ft))
    print(f"{variant}: {x.shape[1]} features, {len(y)} training rows, {len(yt)} held out: MAE {err.mean():.3f} "
          f"max {err.max():.2f} meV/atom (ridge alone {np.abs(base_t - yt).mean():.3f}); per family {per_family}")


if __name__ == "__main__":
    fit(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 300, int(os.environ.get("W", "32")))
