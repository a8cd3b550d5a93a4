"""Writes a trajectory with pypet 0.6.1 itself, for our loader to read.

Usage: write_pypet.py FILE
Covers the basic types (pypet stores ints as int32 and strings as ASCII), bool tables, explored
ranges, per-run results, a pickled result and a pandas DataFrame result (which our loader must report
by name while loading everything else).
"""
import logging
import sys
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from pypet import Environment, PickleResult, cartesian_product  # noqa: E402


def job(traj):
    traj.f_add_result("z", traj.x * traj.y, comment="product")
    traj.f_add_result("stats", mean=1.5, count=3, name="abc", arr=np.array([1.0, 2.0]), lst=[1, 2, 3], flag=True,
                      d={"a": 1, "b": "x"})
    return traj.x


env = Environment(trajectory="pypet_traj", filename=sys.argv[1], overwrite_file=True, log_config=None,
                  multiproc=False, complevel=0, comment="written by pypet")
traj = env.trajectory
traj.f_add_parameter("x", 1.0, comment="the x")
traj.f_add_parameter("y", 2)
traj.f_add_parameter("s", "hello")
traj.f_add_parameter("b", True)
traj.f_add_parameter("c", 1 + 2j)
traj.f_add_parameter("arr", np.array([1.0, 2.0]))
traj.f_add_parameter("lst", [1, 2, 3])
traj.f_add_parameter("group.deep", 5)
traj.f_get("x").v_annotations.unit = "mV"
traj.f_explore(cartesian_product({"x": [1.0, 2.0], "y": [3, 4]}))
env.run(job)
traj.f_add_result(PickleResult, "pickled", {"nested": [1, {"a": 2}]})
traj.f_add_result("frame", pd.DataFrame({"a": [1, 2], "b": [0.5, 1.5]}))
traj.f_store()
env.disable_logging()

# Leaves in pypet's layout written the way other tools encode things: an h5py enum boolean, a
# UTF-8-tagged fixed string, an int64 integer.
import h5py  # noqa: E402

with h5py.File(sys.argv[1], "a") as f:
    params = f["pypet_traj/parameters"]
    specs = {
        "enum_flag": (np.dtype([("data", np.bool_)]), (True,), "bool"),
        "utf8_text": (np.dtype([("data", h5py.string_dtype("utf-8", 12))]), ("Grüße".encode("utf-8"),), "str"),
        "big": (np.dtype([("data", np.int64)]), (2**40,), "int"),
    }
    for name, (dtype, row, scalar) in specs.items():
        group = params.create_group(name)
        group.attrs["SRVC_INIT_CLASS_NAME"] = np.bytes_(b"Parameter")
        group.attrs["SRVC_LEAF"] = np.int8(1)
        data = group.create_dataset("data", data=np.array([row], dtype=dtype), maxshape=(None,))
        data.attrs["SRVC_STORE"] = np.bytes_(b"TABLE")
        data.attrs["SRVC_COLUMN_data_COLL_TYPE"] = np.bytes_(b"COLL_SCALAR")
        data.attrs["SRVC_COLUMN_data_SCALAR_TYPE"] = np.bytes_(scalar.encode())
