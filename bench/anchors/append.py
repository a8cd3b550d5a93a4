"""Python anchors of the append workload: the same appends with h5py and with PyTables.

Usage: append.py {h5py,pytables} --count N --batch B --deflate D --chunk C --file F
Prints one JSON line like pypet-bench does.
"""
import argparse
import json
import time

import h5py
import numpy as np
import tables

parser = argparse.ArgumentParser()
parser.add_argument("library", choices=["h5py", "pytables"])
parser.add_argument("--count", type=int, default=100_000)
parser.add_argument("--batch", type=int, default=1)
parser.add_argument("--deflate", type=int, default=4)
parser.add_argument("--chunk", type=int, default=4096)
parser.add_argument("--file", required=True)
args = parser.parse_args()

values = np.arange(args.count, dtype=np.float64) * 0.001
start = time.perf_counter()
if args.library == "h5py":
    with h5py.File(args.file, "w") as f:
        options = {"compression": "gzip", "compression_opts": args.deflate} if args.deflate >= 0 else {}
        d = f.create_dataset("series", shape=(0,), maxshape=(None,), chunks=(args.chunk,), dtype="f8", **options)
        for offset in range(0, args.count, args.batch):
            block = values[offset:offset + args.batch]
            n = d.shape[0]
            d.resize((n + len(block),))
            d[n:] = block
    stored = h5py.File(args.file, "r")["series"].shape[0]
else:
    filters = tables.Filters(complevel=args.deflate, complib="zlib") if args.deflate >= 0 else None
    with tables.open_file(args.file, "w") as f:
        a = f.create_earray("/", "series", tables.Float64Atom(), shape=(0,), chunkshape=(args.chunk,), filters=filters)
        for offset in range(0, args.count, args.batch):
            a.append(values[offset:offset + args.batch])
    with tables.open_file(args.file) as f:
        stored = f.root.series.nrows
seconds = time.perf_counter() - start
assert stored == args.count, (stored, args.count)
print(json.dumps({
    "workload": "append", "implementation": args.library, "count": args.count, "batch": args.batch,
    "deflate": args.deflate, "seconds": seconds, "values_per_second": args.count / seconds,
}, sort_keys=True))
