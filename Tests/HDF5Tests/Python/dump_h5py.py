"""Prints every group, dataset, attribute and soft link of an HDF5 file as JSON, as h5py sees them.

Usage: dump_h5py.py FILE
Values are made JSON-friendly: bytes are decoded as UTF-8, complex numbers become [real, imag],
compound rows become objects. Each entry records h5py's dtype string so tests can check types.
"""
import json
import sys

import h5py
import numpy as np


def plain(value):
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8")
    if isinstance(value, np.ndarray):
        if value.dtype.names:
            return [plain(row) for row in value]
        return [plain(v) for v in value.tolist()] if value.ndim else plain(value.item())
    if isinstance(value, np.void) and value.dtype.names:
        return {name: plain(value[name]) for name in value.dtype.names}
    if isinstance(value, (complex, np.complexfloating)):
        return [float(value.real), float(value.imag)]
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and value != value:
        return "nan"
    return value


def attributes(obj):
    return {
        name: {"value": plain(obj.attrs[name]), "dtype": str(obj.attrs.get_id(name).dtype),
               "python": type(obj.attrs[name]).__name__}
        for name in obj.attrs
    }


out = {}
with h5py.File(sys.argv[1], "r") as f:
    out["/"] = {"kind": "group", "attrs": attributes(f)}

    def visit(name, link):
        path = "/" + name
        if isinstance(link, h5py.SoftLink):
            out[path] = {"kind": "softlink", "target": link.path}
            return
        obj = f[name]
        if isinstance(obj, h5py.Group):
            out[path] = {"kind": "group", "attrs": attributes(obj)}
        else:
            out[path] = {
                "kind": "dataset", "dtype": str(obj.dtype), "shape": list(obj.shape),
                "maxshape": [m if m is not None else -1 for m in obj.maxshape],
                "chunks": list(obj.chunks) if obj.chunks else None,
                "compression": obj.compression, "compression_opts": obj.compression_opts,
                "shuffle": obj.shuffle, "fletcher32": obj.fletcher32,
                "values": plain(obj[()]), "attrs": attributes(obj),
            }

    f.visititems_links(visit)
print(json.dumps(out))
