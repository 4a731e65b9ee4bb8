"""Writes the HDF5 test fixtures with the reference HDF5 C library (through h5py) and dumps what
was written to expected.json, so the Java tests compare Spark's values with h5py's own.

Usage: /usr/bin/python3 make_fixtures.py OUT_DIR
"""
import json
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
expected = {}


def batch(n, seed):
    """The datasets of one LAMMPS batch file, as the alloy campaign writes them."""
    rng = np.random.default_rng(seed)
    return {
        "candidate_id": np.arange(seed * 1000, seed * 1000 + n, dtype=np.int64),
        "energy_per_atom": rng.normal(-3.5, 0.2, n).astype(np.float64),
        "n_atoms": rng.integers(1, 500, n).astype(np.int32),
        "ratio": rng.random(n).astype(np.float32),
        "converged": rng.random(n) > 0.3,
        "label": np.array(["cand-%d-%s" % (i, "é" * (i % 3)) for i in range(n)], dtype=object),
        "occupation": rng.integers(0, 4, (n, 4)).astype(np.int8),
    }


def write_batch(name, data, attrs, chunk_rows=None, **dataset_options):
    path = os.path.join(out, name)
    with h5py.File(path, "w") as f:
        for key, values in data.items():
            if values.dtype == object:
                f.create_dataset(key, data=values, dtype=h5py.string_dtype("utf-8"))
            else:
                chunks = (chunk_rows,) + values.shape[1:] if chunk_rows else None
                f.create_dataset(key, data=values, chunks=chunks, **dataset_options)
        for key, value in attrs.items():
            f.attrs[key] = value
    expected[name] = {
        "datasets": {k: v.tolist() for k, v in data.items()},
        "attributes": attrs,
    }
    return path


write_batch("contiguous.h5", batch(10, 1), {"temperature": 300.0, "lattice": "fcc", "seed": 1})
# Chunked + shuffle + deflate, with partial chunks at the end (25 rows, chunks of 4).
write_batch("chunked.h5", batch(25, 2), {"temperature": 600.0, "lattice": "bcc", "seed": 2},
            chunk_rows=4, compression="gzip", shuffle=True)
# Large enough to be split into several chunk-aligned row ranges.
big = batch(5000, 3)
del big["label"]
path = os.path.join(out, "big")
os.makedirs(path, exist_ok=True)
with h5py.File(os.path.join(path, "big.h5"), "w") as f:
    for key, values in big.items():
        chunks = (250,) + values.shape[1:]
        f.create_dataset(key, data=values, chunks=chunks, compression="gzip", shuffle=True)
expected["big/big.h5"] = {"datasets": {k: v.tolist() for k, v in big.items()}, "attributes": {}}

# Groups nested three deep, attributes on the file and on groups along the path.
with h5py.File(os.path.join(out, "nested.h5"), "w") as f:
    f.attrs["campaign"] = "alloy"
    g1 = f.create_group("level1")
    g1.attrs["temperature"] = 900.0
    g3 = g1.create_group("level2").create_group("level3")
    g3.attrs["temperature"] = 1200.0
    g3.attrs["step"] = np.int64(42)
    x = np.linspace(0.0, 1.0, 7)
    y = np.arange(7, dtype=np.int64) * 3
    g3.create_dataset("x", data=x)
    g3.create_dataset("y", data=y, chunks=(2,), compression="gzip")
    g3.create_dataset("ignored_scalar", data=5.0)
    f.create_dataset("root_only", data=np.arange(3))
expected["nested.h5"] = {
    "datasets": {"x": x.tolist(), "y": y.tolist()},
    "attributes": {"campaign": "alloy", "temperature": 1200.0, "step": 42},
}

# The same dataset names as contiguous.h5, but energy_per_atom is an integer (sorts after it).
conflict = batch(5, 4)
conflict["energy_per_atom"] = np.arange(5, dtype=np.int32)
write_batch("mismatch.h5", conflict, {"temperature": 300.0, "lattice": "fcc", "seed": 4})

# energy_per_atom is one row shorter than the other datasets.
ragged = batch(6, 5)
ragged["energy_per_atom"] = ragged["energy_per_atom"][:5]
with h5py.File(os.path.join(out, "ragged.h5"), "w") as f:
    for key, values in ragged.items():
        f.create_dataset(key, data=values, dtype=h5py.string_dtype("utf-8") if values.dtype == object else None)
    for key, value in {"temperature": 1.0, "lattice": "fcc", "seed": 5}.items():
        f.attrs[key] = value

# A batch file cut in half, as a job killed while writing leaves it.
full = write_batch("truncated.h5", batch(4000, 6), {"temperature": 1.0, "lattice": "fcc", "seed": 6})
del expected["truncated.h5"]
size = os.path.getsize(full)
with open(full, "r+b") as f:
    f.truncate(size // 2)

# Whole, but the third deflated chunk of energy_per_atom is garbage: found only when read.
corrupt = write_batch("corrupt.h5", batch(20, 7), {"temperature": 1.0, "lattice": "fcc", "seed": 7},
                      chunk_rows=4, compression="gzip", shuffle=True)
del expected["corrupt.h5"]
with h5py.File(corrupt, "r") as f:
    info = f["energy_per_atom"].id.get_chunk_info(2)
with open(corrupt, "r+b") as f:
    f.seek(info.byte_offset)
    f.write(b"\xff" * info.size)

# The datasets of contiguous.h5 and two more, which a schema inferred from contiguous.h5 lacks.
extra = write_batch("extra.h5", batch(3, 8), {"temperature": 1.0, "lattice": "fcc", "seed": 8})
with h5py.File(extra, "a") as f:
    f.create_dataset("pressure", data=np.arange(3.0))
    f.create_dataset("stress", data=np.zeros((3, 3, 3)))

with open(os.path.join(out, "not_hdf5.h5"), "w") as f:
    f.write("this is a log file, not HDF5\n" * 20)

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f)
