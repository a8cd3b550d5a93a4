"""Every basic pypet 0.6.1 type, written by pypet and compared with what swift-pypet loads.

Usage:
  pypet_types.py write FILE            writes the trajectory `types` with pypet 0.6.1
  pypet_types.py compare FILE JSON     loads FILE with pypet and compares every parameter (value and
                                       explored range) and result item with JSON, swift-pypet's view
                                       ({"full.name": canonical value, ...}); prints a JSON report
                                       {"compared": N, "mismatches": [...], "missing": [...]}.
Canonical values: {"kind": "int"|"float"|"bool"|"complex"|"str", "shape": [...], "values": [...]}
(complex values as [re, im]), {"kind": "sparse", "shape": [r, c], "values": dense row-major floats},
{"kind": "pickled", "bytes": N, "protocol": P}, {"kind": "table", "columns": [...], "data": {...}}.
"""
import json
import logging
import sys
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from pypet import (ArrayParameter, Environment, ObjectTable, Parameter, PickleParameter, PickleResult,  # noqa: E402
                   Result, SparseParameter, SparseResult, Trajectory)

INTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]


def job(traj):
    traj.f_add_result("z", traj.x * 2, comment="double")
    traj.f_add_result(SparseResult, "m", m=sp.csr_matrix(np.eye(2) * traj.x))
    traj.f_add_result("arr", a=traj.a * 3)
    # Run sets: results.runs.run_set_00000.run_0000000N.
    traj.f_add_result("runs.$set.$.grouped", sq=traj.x ** 2, arr=np.arange(3, dtype=np.uint16) + traj.v_idx)


def write(path):
    env = Environment(trajectory="types", filename=path, overwrite_file=True, log_config=None, multiproc=False,
                      complevel=0)
    traj = env.trajectory
    rng = np.random.RandomState(15)
    # Parameters of every class.
    traj.f_add_parameter("x", 1.0)
    for dtype in INTS:
        traj.f_add_parameter("ints.scalar_" + dtype, np.dtype(dtype).type(7))
        traj.f_add_parameter(ArrayParameter, "ints.array_" + dtype,
                             (np.arange(6).reshape(2, 3) * 11).astype(dtype))
    traj.f_add_parameter(ArrayParameter, "arrays.f32", np.array([[0.5, 1.25], [-2.0, 3.5]], dtype=np.float32))
    traj.f_add_parameter(ArrayParameter, "arrays.f64_3d", rng.rand(2, 3, 4))
    traj.f_add_parameter(ArrayParameter, "arrays.complex", np.array([1 + 2j, -0.5j]))
    traj.f_add_parameter(ArrayParameter, "arrays.bool", np.array([True, False, True]))
    traj.f_add_parameter(ArrayParameter, "arrays.tuple", (1, 2, 3))
    traj.f_add_parameter(ArrayParameter, "a", np.array([1, 2]))
    dense = np.array([[0, 1.5, 0], [2.0, 0, -3.0]])
    for fmt in ["csr", "csc", "bsr", "dia"]:
        traj.f_add_parameter(SparseParameter, "sparse." + fmt, getattr(sp, fmt + "_matrix")(dense))
    traj.f_add_parameter(SparseParameter, "sparse.explored", sp.csr_matrix(dense))
    traj.f_add_parameter(PickleParameter, "pickles.obj", {"a": [1, 2], "b": None})
    traj.f_add_parameter(PickleParameter, "pickles.explored", [1, 2], protocol=4)
    traj.f_add_parameter(Parameter, "plain.c", 1 - 1j)
    traj.f_add_parameter(Parameter, "plain.s", "text")
    traj.f_add_parameter(Parameter, "plain.b", True)
    traj.f_add_parameter(Parameter, "plain.f32", np.float32(0.25))
    traj.f_add_parameter(Parameter, "plain.u64array", np.array([1, 2**63 + 5], dtype=np.uint64))
    a1, a2 = np.array([1, 2]), np.array([3, 4, 5])
    m1, m2 = sp.csr_matrix(dense), sp.csr_matrix(dense * 2)
    traj.f_explore({
        "x": [1.0, 1.0, 2.0, 2.0],
        "a": [a1, a2, a1, a2],
        "sparse.explored": [m1, m2, m1, m2],
        "pickles.explored": [[1], [2, 3], [4, {"k": 4}], [1]],
    })
    env.run(job)
    # Results of every class.
    for dtype in INTS:
        values = np.array([0, 1, 100, np.iinfo(dtype).max], dtype=dtype)
        traj.f_add_result("ints." + dtype, array=values, scalar=np.dtype(dtype).type(5))
    # Dictionaries and pypet's ObjectTable (tables), with unsigned 64-bit columns.
    traj.f_add_result("tables", d={"u": np.uint64(5), "s": "x", "f": 0.5},
                      t=ObjectTable(data={"u": np.array([1, 2], dtype=np.uint64), "v": [0.5, 1.5]}))
    traj.f_add_result(Result, "mixed", f32=np.float32(1.5), f64=2.5, i=3, b=False, s="words", c=2 + 3j,
                      arr=rng.rand(3, 2), f32arr=np.array([1.5, 2.5], dtype=np.float32), lst=[1, 2, 3],
                      strarr=np.array([b"x", b"yy"]), carr=np.array([[1j, 2], [3, 4 - 1j]]),
                      frame=pd.DataFrame({"a": [1, 2, 3], "b": [0.5, 1.5, 2.5], "c": [True, False, True]}),
                      indexed=pd.DataFrame({"v": [1.0, 2.0]}, index=[10, 20]),
                      series=pd.Series([1.0, 2.0, 4.0], name="speed"),
                      labelled=pd.Series([3, 4], index=["p", "q"]))
    traj.f_add_result(SparseResult, "sparse", csr=sp.csr_matrix(dense), csc=sp.csc_matrix(dense),
                      bsr=sp.bsr_matrix(np.kron(np.eye(2), np.ones((2, 2)))), dia=sp.dia_matrix(dense),
                      ints=sp.csr_matrix(np.array([[0, 4], [5, 0]], dtype=np.int32)), other=7)
    traj.f_add_result(PickleResult, "pickled", obj={"nested": [1, {"a": 2}]}, text="hello", protocol=2)
    traj.f_store()
    env.disable_logging()


def canonical(value):
    if isinstance(value, dict):
        return {"kind": "dict", "entries": {str(k): canonical(v) for k, v in value.items()}}
    if sp.issparse(value):
        return {"kind": "sparse", "shape": list(value.shape), "values": [float(v) for v in value.toarray().ravel()]}
    if isinstance(value, pd.DataFrame):
        columns, data = [], {}
        if not value.index.equals(pd.RangeIndex(len(value))):
            columns.append("index")
            data["index"] = plain_list(np.asarray(value.index))
        for name in value.columns:
            columns.append(str(name))
            data[str(name)] = plain_list(value[name].to_numpy())
        return {"kind": "table", "columns": columns, "data": data}
    if isinstance(value, pd.Series):
        return canonical(value.to_frame(name=value.name if value.name is not None else "values"))
    if isinstance(value, (list, tuple)):
        value = np.array(value)
    array = np.asarray(value)
    if array.dtype.kind == "b":
        kind = "bool"
    elif array.dtype.kind in "iu":
        kind = "int"
    elif array.dtype.kind == "f":
        kind = "float"
    elif array.dtype.kind == "c":
        kind = "complex"
    elif array.dtype.kind in "SU":
        kind = "str"
    else:
        raise TypeError("no canonical form for %r" % (value,))
    return {"kind": kind, "shape": list(array.shape), "values": plain_list(array)}


def plain_list(array):
    out = []
    for v in np.asarray(array).ravel():
        if isinstance(v, bytes):
            out.append(v.decode())
        elif isinstance(v, (complex, np.complexfloating)):
            out.append([float(v.real), float(v.imag)])
        elif isinstance(v, (bool, np.bool_)):
            out.append(bool(v))
        elif isinstance(v, (int, np.integer)):
            out.append(int(v))
        elif isinstance(v, (float, np.floating)):
            out.append(float(v))
        else:
            out.append(str(v))
    return out


def compare(path, swift_path):
    with open(swift_path) as handle:
        swift = json.load(handle)
    traj = Trajectory(filename=path)
    traj.f_load(name="types", load_parameters=2, load_derived_parameters=2, load_results=2, force=True)
    stored = h5py.File(path, "r")
    expected = {}
    for name, param in traj.f_get_parameters().items():
        if name.startswith("config"):
            continue
        if isinstance(param, PickleParameter):
            size = stored["types/" + name.replace(".", "/") + "/data"].dtype.itemsize
            expected[name] = {"kind": "pickled", "bytes": size, "protocol": param.v_protocol}
        else:
            expected[name] = canonical(param.f_get_default() if hasattr(param, "f_get_default") else param.f_get())
        if param.f_has_range():
            if isinstance(param, PickleParameter):
                expected[name + "#range"] = len(param.f_get_range())
            else:
                expected[name + "#range"] = [canonical(v) for v in param.f_get_range()]
    for name, result in traj.f_get_results().items():
        for key, value in result.f_to_dict().items():
            if isinstance(result, PickleResult):
                group = stored["types/" + name.replace(".", "/")]
                expected[name + "." + key] = {"kind": "pickled", "bytes": group[key].dtype.itemsize,
                                              "protocol": result.v_protocol}
            else:
                expected[name + "." + key] = canonical(value)
    mismatches, missing = [], []
    for name, value in sorted(expected.items()):
        if name not in swift:
            missing.append(name)
        elif isinstance(value, int) and name.endswith("#range"):
            if len(swift[name]) != value:
                mismatches.append({"item": name, "pypet": value, "swift": swift[name]})
        elif not same(value, swift[name]):
            mismatches.append({"item": name, "pypet": value, "swift": swift[name]})
    extra = sorted(set(swift) - set(expected))
    print(json.dumps({"compared": len(expected), "mismatches": mismatches, "missing": missing, "extra": extra}))


def same(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return a == b


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        compare(sys.argv[2], sys.argv[3])
