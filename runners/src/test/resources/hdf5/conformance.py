"""Writes the HDF5 conformance cases with the reference C library (through h5py) and dumps what
h5py itself reads back from each file to conformance.json, so that Hdf5ConformanceTest compares
the data source with the reference value for value (floats as raw bits: NaN payloads, -0.0 and
denormals included).

Every case is a file; a case either has columns (the Spark type and h5py's values of each) or is
an error the data source must raise, naming the file (and the dataset where there is one). For
damaged files the script checks that h5py refuses them too.

Usage: /usr/bin/python3 conformance.py OUT_DIR
"""
import json
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
cases = []

INT_TYPES = {1: "tinyint", 2: "smallint", 4: "int", 8: "bigint"}


def spark_values(a, dt):
    """The Spark type name of h5py's array and its values as the Java test compares them."""
    kind = dt.kind
    if h5py.check_enum_dtype(dt) is not None and dt.kind != "b":
        names = {v: k for k, v in h5py.check_enum_dtype(dt).items()}
        return "string", [names[int(v)] for v in a.ravel()]
    if kind == "f":
        if dt.itemsize == 8:
            return "double", ["%016x" % v for v in a.astype("<f8").view("<u8").ravel()]
        return "float", ["%08x" % v for v in a.astype("<f4").view("<u4").ravel()]
    if kind == "i":
        return INT_TYPES[dt.itemsize], [int(v) for v in a.ravel()]
    if kind == "u":
        if dt.itemsize <= 2:
            return "int", [int(v) for v in a.ravel()]
        if dt.itemsize == 4:
            return "bigint", [int(v) for v in a.ravel()]
        return "decimal(20,0)", [str(int(v)) for v in a.ravel()]
    if kind == "b":
        return "boolean", [bool(v) for v in a.ravel()]
    if kind == "S":
        # Fixed-length strings come back from h5py as bytes: ISO-8859-1 keeps every byte.
        info = h5py.check_string_dtype(dt)
        enc = "utf-8" if info is not None and info.encoding == "utf-8" else "latin-1"
        return "string", [v.decode(enc) for v in a.ravel()]
    if kind == "O":
        info = h5py.check_string_dtype(dt)
        enc = "utf-8" if info.encoding == "utf-8" else "latin-1"
        # h5py gives str for string attributes, undecodable bytes as surrogate escapes: back to bytes.
        raw = [v if isinstance(v, bytes) else v.encode("utf-8", "surrogateescape") for v in a.ravel()]
        return "string", [v.decode(enc) for v in raw]
    raise ValueError("no Spark mapping in this script for %s" % dt)


def expected_columns(path, names, group="/"):
    cols = {}
    with h5py.File(path, "r") as f:
        g = f[group]
        for name in names:
            d = g[name]
            a = d[()]
            t, values = spark_values(np.asarray(a), d.dtype)
            if d.ndim == 2:
                width = d.shape[1]
                values = [values[i * width:(i + 1) * width] for i in range(d.shape[0])]
                t = "array<%s>" % t
            cols[name] = {"type": t, "values": values}
    return cols


def expected_attributes(path, names, rows):
    """Scalar attributes of the root group as constant columns: h5py's value on every row."""
    cols = {}
    with h5py.File(path, "r") as f:
        for name in names:
            dt = f.attrs.get_id(name).dtype
            t, values = spark_values(np.asarray(f.attrs[name], dtype=dt if dt.kind != "O" else object).reshape(1), dt)
            cols[name] = {"type": t, "values": values * rows}
    return cols


def case(name, columns, absent=(), group="/", options=None, file=None, covers="", attributes=()):
    path = os.path.join(out, file or name + ".h5")
    expected = expected_columns(path, columns, group)
    rows = len(next(iter(expected.values()))["values"])
    expected.update(expected_attributes(path, attributes, rows))
    cases.append({"name": name, "file": os.path.basename(path), "covers": covers, "expect": "values",
                  "group": group, "options": options or {}, "columns": expected, "absent": list(absent)})


def error_case(name, contains, covers="", h5py_refuses=None, options=None, file=None):
    """A file the data source must refuse, with a message holding every string of contains."""
    path = os.path.join(out, file or name + ".h5")
    if h5py_refuses is not None:
        try:
            h5py_refuses(path)
        except Exception:
            pass
        else:
            raise AssertionError("h5py reads %s, which the case says is damaged" % path)
    cases.append({"name": name, "file": os.path.basename(path), "covers": covers, "expect": "error",
                  "contains": [os.path.basename(path)] + list(contains), "options": options or {}})


def new(name, **kw):
    return h5py.File(os.path.join(out, name + ".h5"), "w", **kw)


def read_all(path):
    with h5py.File(path, "r") as f:
        def visit(_, obj):
            if isinstance(obj, h5py.Dataset):
                obj[()]
        f.visititems(visit)


N = 11
rng = np.random.default_rng(14)

# ---- element types (contiguous, 1-D), both byte orders -------------------------------------
for bits in (8, 16, 32, 64):
    for order in "<>":
        info = np.iinfo("i%d" % (bits // 8))
        v = np.array([info.min, info.max, 0, -1, 1] + list(rng.integers(info.min, info.max, N - 5)))
        name = "int%d_%s" % (bits, "le" if order == "<" else "be")
        with new(name) as f:
            f.create_dataset("v", data=v.astype(order + "i%d" % (bits // 8)))
        case(name, ["v"], covers="type")
for bits in (8, 16, 32, 64):
    for order in "<>":
        info = np.iinfo("u%d" % (bits // 8))
        v = np.array([0, info.max, 1, info.max - 1] + list(rng.integers(0, info.max, N - 4, dtype=np.uint64)),
                     dtype=np.uint64)
        name = "uint%d_%s" % (bits, "le" if order == "<" else "be")
        with new(name) as f:
            f.create_dataset("v", data=v.astype(order + "u%d" % (bits // 8)))
        case(name, ["v"], covers="type")

SPECIAL = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -2.5]
for bits in (16, 32, 64):
    for order in "<>":
        t = np.dtype(order + "f%d" % (bits // 8))
        fi = np.finfo(t)
        v = np.array(SPECIAL + [fi.max, fi.min, fi.tiny, fi.tiny / 4, fi.eps] + list(rng.normal(0, 1e3, N)))
        v = v.astype(t)
        if bits == 64:
            v[-1] = np.frombuffer(np.uint64(0x7ff8dead00000001).tobytes(), dtype="<f8")[0]  # a NaN payload
        if bits == 32:
            v[-1] = np.frombuffer(np.uint32(0x7fc0beef).tobytes(), dtype="<f4")[0]
        name = "float%d_%s" % (bits, "le" if order == "<" else "be")
        with new(name) as f:
            f.create_dataset("v", data=v)
        case(name, ["v"], covers="type")

with new("bool") as f:
    f.create_dataset("v", data=rng.random(N) > 0.5)
case("bool", ["v"], covers="type")

with new("enum") as f:
    f.create_dataset("v", data=np.array([0, 2, 1, 2, 0], dtype=np.int8),
                     dtype=h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 2}, basetype="i1"))
case("enum", ["v"], covers="type")

LABELS = ["", "a", "cand-1", "é", "日本語", "x" * 300, "tab\tnew\nline", "zero"]
with new("vlen_utf8") as f:
    f.create_dataset("v", data=np.array(LABELS, dtype=object), dtype=h5py.string_dtype("utf-8"))
case("vlen_utf8", ["v"], covers="type")
with new("vlen_ascii") as f:
    f.create_dataset("v", data=np.array([b"plain", b"", b"caf\xe9", b"\xff\xfe"], dtype=object),
                     dtype=h5py.string_dtype("ascii"))
case("vlen_ascii", ["v"], covers="type")
with new("fixed_ascii") as f:
    f.create_dataset("v", data=np.array([b"abc", b"", b"caf\xe9", b"\xff\x80\x01", b"full-width"], dtype="S10"))
case("fixed_ascii", ["v"], covers="type")
with new("fixed_utf8") as f:
    d = f.create_dataset("v", shape=(3,), dtype=h5py.string_dtype("utf-8", 8))
    d[:] = np.array(["été".encode(), b"abc", "日本".encode()], dtype="S8").view(d.dtype)
case("fixed_utf8", ["v"], covers="type")

# Fixed-length strings with the other two paddings of the reference library (h5py itself writes
# null-padded ones): written through the low-level type API.
for pad, label in ((h5py.h5t.STR_NULLTERM, "nullterm"), (h5py.h5t.STR_SPACEPAD, "spacepad")):
    tid = h5py.h5t.C_S1.copy()
    tid.set_size(6)
    tid.set_strpad(pad)
    with new("fixed_" + label) as f:
        d = f.create_dataset("v", shape=(4,), dtype=h5py.Datatype(tid))
        d[:] = np.array([b"ab", b"", b"abcdef", b"x y"], dtype="S6")
    case("fixed_" + label, ["v"], covers="type")

with new("two_d") as f:
    f.create_dataset("i", data=np.arange(7 * 4, dtype=np.int32).reshape(7, 4))
    f.create_dataset("d", data=rng.normal(size=(7, 3)))
    f.create_dataset("s", data=np.array([["a", "b"]] * 7, dtype=object), dtype=h5py.string_dtype())
case("two_d", ["i", "d", "s"], covers="type,layout")

with new("attributes") as f:
    f.create_dataset("x", data=np.arange(3, dtype=np.int32))
    f.attrs.create("u64", np.uint64(2**64 - 1))
    f.attrs.create("i8", np.int8(-5))
    f.attrs.create("f16", np.float16(0.1))
    f.attrs.create("nan", np.float64(np.nan))
    f.attrs.create("flag", np.bool_(True))
    f.attrs.create("color", 2, dtype=h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 2}, basetype="i1"))
    f.attrs.create("fixed", np.bytes_(b"caf\xe9"))
    f.attrs.create("vlen_utf8", "日本", dtype=h5py.string_dtype("utf-8"))
    f.attrs.create("vlen_ascii", b"caf\xe9", dtype=h5py.string_dtype("ascii"))
case("attributes", ["x"], options={"attributes": "true"}, covers="type,attribute",
     attributes=["u64", "i8", "f16", "nan", "flag", "color", "fixed", "vlen_utf8", "vlen_ascii"])

# ---- layouts -------------------------------------------------------------------------------
def compact_dcpl():
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(h5py.h5d.COMPACT)
    return dcpl


with new("compact") as f:
    f.create_dataset("d", data=rng.normal(size=N), dcpl=compact_dcpl())
    f.create_dataset("i", data=np.arange(N, dtype=">i4"), dcpl=compact_dcpl())
    f.create_dataset("m", data=np.arange(N * 2, dtype=np.int16).reshape(N, 2), dcpl=compact_dcpl())
case("compact", ["d", "i", "m"], covers="layout")

with new("chunked_odd") as f:
    f.create_dataset("d", data=rng.normal(size=N), chunks=(3,))
    f.create_dataset("i", data=np.arange(N, dtype=np.int64), chunks=(5,))
case("chunked_odd", ["d", "i"], options={"batchRows": "2"}, covers="layout")

with new("chunked_2d") as f:
    f.create_dataset("m", data=rng.normal(size=(N, 5)), chunks=(3, 2), compression="gzip")
    f.create_dataset("b", data=np.arange(N * 3, dtype=">i2").reshape(N, 3), chunks=(4, 3))
case("chunked_2d", ["m", "b"], covers="layout,filter")

with new("zero_width") as f:
    f.create_dataset("w", shape=(N, 0), dtype="f8")
    f.create_dataset("x", data=np.arange(N, dtype=np.int32))
case("zero_width", ["w", "x"], covers="layout")

with new("empty") as f:
    f.create_dataset("e", shape=(0,), dtype="f8")
    f.create_dataset("c", shape=(0,), dtype="i4", chunks=(4,), maxshape=(None,))
case("empty", ["e", "c"], covers="layout")

with new("userblock", userblock_size=512) as f:
    f.create_dataset("d", data=rng.normal(size=N))
    f.create_dataset("c", data=np.arange(N), chunks=(4,), compression="gzip")
case("userblock", ["d", "c"], covers="layout")

for name, kw in {"latest_single_chunk": dict(chunks=(N,)),
                 "latest_fixed_array": dict(chunks=(3,), compression="gzip"),
                 "latest_extensible": dict(chunks=(3,), maxshape=(None,), compression="gzip", shuffle=True),
                 "latest_implicit": dict(chunks=(3,))}.items():
    with new(name, libver="latest") as f:
        if name == "latest_implicit":
            dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
            dcpl.set_chunk((3,))
            dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
            f.create_dataset("d", data=rng.normal(size=N), dcpl=dcpl)
        else:
            f.create_dataset("d", data=rng.normal(size=N), **kw)
    case(name, ["d"], covers="layout,chunk index")
with new("latest_btree2", libver="latest") as f:
    f.create_dataset("m", data=rng.normal(size=(N, 4)), chunks=(2, 3), maxshape=(None, None), compression="gzip")
case("latest_btree2", ["m"], covers="layout,chunk index")

with new("latest_userblock_strings", libver="latest", userblock_size=1024) as f:
    f.create_dataset("s", data=np.array(LABELS * 3, dtype=object), dtype=h5py.string_dtype(), chunks=(4,),
                     maxshape=(None,), compression="gzip", shuffle=True)
    f.create_dataset("a", data=np.array([b"fixed", b"caf\xe9"] * 12, dtype="S5"), chunks=(5,), fletcher32=True)
case("latest_userblock_strings", ["s", "a"], covers="layout,filter mask,type")

# ---- filters ------------------------------------------------------------------------------
for name, kw in {"gzip_shuffle": dict(compression="gzip", shuffle=True),
                 "gzip9": dict(compression="gzip", compression_opts=9),
                 "lzf": dict(compression="lzf"),
                 "fletcher32": dict(fletcher32=True),
                 "fletcher32_gzip_shuffle": dict(fletcher32=True, compression="gzip", shuffle=True)}.items():
    with new(name) as f:
        f.create_dataset("d", data=rng.normal(size=N), chunks=(4,), **kw)
        f.create_dataset("i", data=np.arange(N, dtype=">i8"), chunks=(4,), **kw)
        f.create_dataset("f", data=rng.normal(size=N).astype(np.float32), chunks=(4,), **kw)
    case(name, ["d", "i", "f"], covers="filter")

# h5py writes variable-length strings with shuffle, which the library then skips per chunk
# (filter mask bit set): the chunk is deflated but not shuffled.
with new("filter_mask") as f:
    d = f.create_dataset("s", data=np.array(LABELS, dtype=object), dtype=h5py.string_dtype(),
                         chunks=(3,), compression="gzip", shuffle=True)
    assert d.id.get_chunk_info(0).filter_mask != 0
case("filter_mask", ["s"], covers="filter,filter mask")

# ---- fill values of storage never written -------------------------------------------------
with new("fill_resize") as f:
    d = f.create_dataset("d", data=rng.normal(size=10), chunks=(4,), maxshape=(None,), fillvalue=np.nan)
    d.resize((25,))
    i = f.create_dataset("i", data=np.arange(10, dtype=np.int32), chunks=(4,), maxshape=(None,), fillvalue=-1,
                         compression="gzip")
    i.resize((25,))
case("fill_resize", ["d", "i"], covers="fill value")
# The same file split into row ranges of a few rows each, read in batches that cut chunks.
case("fill_resize_split", ["d", "i"], file="fill_resize.h5", options={"maxPartitionBytes": "60", "batchRows": "3"},
     covers="fill value,split")

with new("fill_big_endian") as f:
    d = f.create_dataset("d", shape=(N,), dtype=">f8", chunks=(3,), fillvalue=-1.25, compression="gzip", shuffle=True)
    d[4:7] = [1.0, 2.0, 3.0]
    i = f.create_dataset("i", shape=(N,), dtype=">i4", chunks=(2,), fillvalue=-99)
    i[0] = 5
    z = f.create_dataset("z", shape=(N,), dtype=np.float32, chunks=(3,), fillvalue=2.5, compression="lzf")
    z[8:] = 0.25
case("fill_big_endian", ["d", "i", "z"], covers="fill value,filter")

with new("chunk_wider_than_data") as f:
    m = f.create_dataset("m", shape=(N, 5), dtype=np.int16, chunks=(4, 8), maxshape=(None, None), fillvalue=-5,
                         compression="gzip")
    m[1:3, :] = 7
case("chunk_wider_than_data", ["m"], covers="layout,fill value")

with new("fill_partial") as f:
    d = f.create_dataset("i", shape=(20,), dtype=np.int64, chunks=(3,), fillvalue=42, compression="gzip", shuffle=True)
    d[5:9] = [1, 2, 3, 4]
    s = f.create_dataset("s", shape=(20,), dtype="S3", chunks=(3,), fillvalue=b"zz")
    s[5:9] = [b"a", b"bb", b"ccc", b""]
    m = f.create_dataset("m", shape=(20, 3), dtype=np.float32, chunks=(4, 2), fillvalue=-0.5)
    m[2:7, 1:] = 7.0
case("fill_partial", ["i", "s", "m"], options={"batchRows": "4"}, covers="fill value")

with new("fill_unwritten") as f:
    f.create_dataset("c", shape=(N,), dtype=np.float32, chunks=(4,), fillvalue=1.5)
    f.create_dataset("g", shape=(N,), dtype=np.int16, chunks=(4,), compression="gzip")
    f.create_dataset("contig", shape=(N,), dtype=np.float64)
    f.create_dataset("contig_fill", shape=(N,), dtype=np.int32, fillvalue=7)
    f.create_dataset("contig_s", shape=(N,), dtype="S2", fillvalue=b"zz")
case("fill_unwritten", ["c", "g", "contig", "contig_fill", "contig_s"], covers="fill value,layout")

with new("fill_latest", libver="latest") as f:
    ea = f.create_dataset("ea", data=np.arange(5, dtype=np.int16), chunks=(2,), maxshape=(None,), fillvalue=-7,
                          compression="gzip")
    ea.resize((N,))
    fa = f.create_dataset("fa", shape=(N,), dtype=np.float64, chunks=(2,), fillvalue=9.0)
    fa[3:6] = [1.0, 2.0, 3.0]
    faz = f.create_dataset("faz", shape=(N,), dtype=np.float64, chunks=(2,), fillvalue=np.nan, compression="gzip")
    faz[0:3] = [1.0, 2.0, 3.0]
    bt = f.create_dataset("bt", shape=(N, 4), dtype=np.int32, chunks=(2, 2), maxshape=(None, None), fillvalue=3)
    bt[4:7, 0:2] = 11
case("fill_latest", ["ea", "fa", "faz", "bt"], covers="fill value,chunk index")

with new("fill_latest_paged", libver="latest") as f:
    # More than 1024 chunks: the fixed array's data block is paged.
    fa = f.create_dataset("fa", shape=(3000,), dtype=np.int32, chunks=(2,), fillvalue=-3)
    fa[100:200] = np.arange(100)
    fa[2500:2600] = np.arange(100)
case("fill_latest_paged", ["fa"], covers="fill value,chunk index")

# ---- links ---------------------------------------------------------------------------------
with new("links_target") as f:
    f.create_dataset("remote", data=np.arange(N, dtype=np.int32) * 10)
with new("links") as f:
    f.create_dataset("data", data=rng.normal(size=N))
    f["hard"] = f["data"]
    f["soft"] = h5py.SoftLink("/data")
    f["external"] = h5py.ExternalLink("links_target.h5", "/remote")
case("links", ["data", "external", "hard", "soft"], covers="link")

with new("links_target_filled") as f:
    d = f.create_dataset("inner/filled", shape=(N,), dtype=np.int64, chunks=(3,), fillvalue=8, compression="gzip")
    d[2:4] = [1, 2]
with new("links_groups") as f:
    f.create_dataset("other/x", data=np.arange(N, dtype=np.float32))
    g = f.create_group("g")
    g.create_dataset("own", data=np.arange(N, dtype=np.int8))
    g["soft_up"] = h5py.SoftLink("/other/x")
    g["hard_up"] = f["other/x"]
    g["external_filled"] = h5py.ExternalLink("links_target_filled.h5", "/inner/filled")
case("links_groups", ["own", "soft_up", "hard_up", "external_filled"], group="/g", covers="link,fill value")

# ---- groups -----------------------------------------------------------------------------
with new("deep_group") as f:
    g = f.create_group("a/b/c")
    g.create_dataset("x", data=np.arange(N, dtype=np.int64), chunks=(2,), compression="gzip")
    g.create_dataset("sub/y", data=np.arange(N, dtype=np.float32))
case("deep_group", ["x"], group="/a/b/c", covers="group")

# ---- what has no column yet: left out of the inferred schema, with a warning ----------------
with new("unsupported") as f:
    f.create_dataset("ok", data=np.arange(4, dtype=np.int32))
    f.create_dataset("cube", data=np.zeros((4, 2, 2)))
    f.create_dataset("compound", data=np.zeros(4, dtype=[("a", "i4"), ("b", "f8")]))
    f.create_dataset("scalar", data=3.0)
    f.create_dataset("array_type", shape=(4,), dtype=h5py.Datatype(h5py.h5t.array_create(h5py.h5t.IEEE_F64LE, (3,))))
    f.create_dataset("refs", data=np.array([f.ref] * 4, dtype=h5py.ref_dtype))
case("unsupported", ["ok"], absent=["array_type", "compound", "cube", "refs", "scalar"],
     covers="reported omission")

# ---- refusals with a reason ------------------------------------------------------------------
with open(os.path.join(out, "raw.bin"), "wb") as raw:
    raw.write(np.arange(N, dtype="<f8").tobytes())
with new("external_storage") as f:
    f.create_dataset("ext", shape=(N,), dtype="<f8", external=[("raw.bin", 0, N * 8)])
error_case("external_storage", ["dataset '/ext'", "External Data Files"], covers="refusal")

with new("virtual_source") as f:
    f.create_dataset("v", data=np.arange(N, dtype=np.int32))
layout = h5py.VirtualLayout(shape=(N,), dtype=np.int32)
layout[:] = h5py.VirtualSource(os.path.join(out, "virtual_source.h5"), "v", shape=(N,))
with new("virtual") as f:
    f.create_virtual_dataset("vds", layout)
error_case("virtual", ["dataset '/vds'", "Virtual storage"], covers="refusal")

with new("scaleoffset") as f:
    f.create_dataset("i", data=np.arange(N, dtype=np.int32), chunks=(4,), scaleoffset=0)
error_case("scaleoffset", ["dataset '/i'", "scaleoffset"], covers="refusal")

# jHDF cannot parse the opaque type h5py writes: the file is refused naming that dataset, and the
# others are read when named (the second case).
with new("opaque") as f:
    f.create_dataset("ok", data=np.arange(N, dtype=np.int32))
    f.create_dataset("opaque", data=np.array([b"\x01\x02"] * N, dtype="V2"))
error_case("opaque", ["dataset '/opaque'", "option 'datasets'"], covers="refusal")
case("opaque_others_named", ["ok"], file="opaque.h5", options={"datasets": "ok"}, covers="refusal")

with new("source_file_clash") as f:
    f.create_dataset("x", data=np.arange(N))
    f.create_dataset("source_file", data=np.arange(N))
error_case("source_file_clash", ["dataset '/source_file'", "provenance"], covers="refusal")

# ---- damaged files -------------------------------------------------------------------------
with new("fletcher32_flipped") as f:
    d = f.create_dataset("d", data=np.arange(12, dtype=np.float64), chunks=(4,), fletcher32=True)
    info = d.id.get_chunk_info(1)
with open(os.path.join(out, "fletcher32_flipped.h5"), "r+b") as raw:
    raw.seek(info.byte_offset + 3)
    b = raw.read(1)
    raw.seek(info.byte_offset + 3)
    raw.write(bytes([b[0] ^ 0x10]))
error_case("fletcher32_flipped", ["dataset '/d'", "checksum mismatch", "chunk at [4]"], h5py_refuses=read_all, covers="damaged")

with new("deflate_garbage") as f:
    d = f.create_dataset("d", data=np.arange(40, dtype=np.float64), chunks=(8,), compression="gzip")
    info = d.id.get_chunk_info(2)
with open(os.path.join(out, "deflate_garbage.h5"), "r+b") as raw:
    raw.seek(info.byte_offset + 2)
    raw.write(b"\x00\xff" * ((info.size - 2) // 2))
error_case("deflate_garbage", ["dataset '/d'", "chunk at [16]"], h5py_refuses=read_all, covers="damaged")

with new("truncated") as f:
    f.create_dataset("d", data=np.arange(5000, dtype=np.float64))
path = os.path.join(out, "truncated.h5")
with open(path, "r+b") as raw:
    raw.truncate(os.path.getsize(path) // 2)
error_case("truncated", ["truncated"], h5py_refuses=read_all, covers="damaged")

with open(os.path.join(out, "garbage.h5"), "wb") as raw:
    raw.write(bytes(rng.integers(0, 256, 4096, dtype=np.uint8)))
error_case("garbage", ["not a readable HDF5 file"], h5py_refuses=read_all, covers="damaged")

open(os.path.join(out, "zero_bytes.h5"), "wb").close()
error_case("zero_bytes", [], h5py_refuses=read_all, covers="damaged")

with open(os.path.join(out, "conformance.json"), "w") as f:
    json.dump({"cases": cases}, f, indent=1)
print("%d cases" % len(cases))
