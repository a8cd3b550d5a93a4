"""Writes a file the way h5py does by default, for our reader to decode.

Usage: write_h5py.py FILE
Booleans are h5py's enum {FALSE 0, TRUE 1} over int8; str attributes are variable-length UTF-8;
np.bytes_ attributes are fixed-length ASCII; integers are int32 where asked.
"""
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], "w") as f:
    g = f.create_group("data")
    g.attrs["vlen_text"] = "Grüße"
    g.attrs["fixed_ascii"] = np.bytes_(b"ascii only")
    g.attrs["flag"] = np.bool_(True)
    g.attrs["small"] = np.int8(-5)
    g.attrs["medium"] = np.int32(70000)
    g.attrs["unsigned"] = np.uint32(4000000000)
    g.attrs["single"] = np.float32(0.25)
    g.attrs["ints"] = np.array([1, 2, 3], dtype=np.int32)
    g.attrs["names"] = np.array(["x", "yé"], dtype=h5py.string_dtype())
    g.create_dataset("bools", data=np.array([True, False, True]))
    g.create_dataset("int32", data=np.arange(6, dtype=np.int32).reshape(2, 3))
    g.create_dataset("float32", data=np.array([0.5, -1.5], dtype=np.float32))
    g.create_dataset("complex", data=np.array([1 + 2j, -3.5j]))
    g.create_dataset("vlen", data=np.array(["α", "beta"], dtype=h5py.string_dtype()))
    g.create_dataset("fixed", data=np.array([b"ab", b"cde"], dtype="S3"))
    row = np.dtype([
        ("name", h5py.string_dtype()), ("flag", np.bool_), ("count", np.int32), ("code", "S6"),
        ("ratio", np.float32), ("big", np.int64), ("vec", np.float64, (3,)),
    ])
    table = np.array([
        ("first", True, 1, b"AB", 0.5, 2**40, [1, 2, 3]),
        ("zweiter é", False, -2, b"XYZ", 1.25, -7, [4, 5, 6]),
    ], dtype=row)
    g.create_dataset("table", data=table, maxshape=(None,), chunks=True)
