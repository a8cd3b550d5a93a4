"""Loads a trajectory with pypet 0.6.1 and prints what pypet sees as JSON.

Usage: load_pypet.py FILE
Prints parameters (value and Python type name), per-run explored values and results (via f_iter_runs
and traj.crun), the completed flags and the trajectory's comment and length.
"""
import json
import logging
import sys
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

import numpy as np  # noqa: E402
from pypet import load_trajectory  # noqa: E402


def plain(value):
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, complex):
        return [value.real, value.imag]
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


traj = load_trajectory(filename=sys.argv[1], index=-1, load_all=2, force=True)
out = {"name": traj.v_name, "comment": traj.v_comment, "length": len(traj), "parameters": {}, "runs": [],
       "results": {}, "completed": []}
for name, param in traj.f_get_parameters().items():
    value = param.f_get()
    out["parameters"][name] = {"value": plain(value), "type": type(value).__name__,
                               "comment": param.v_comment, "explored": param.v_explored}
explored = sorted(traj.f_get_explored_parameters().keys())
for run_name in traj.f_iter_runs():
    point = {name.split(".")[-1]: plain(traj.f_get(name).f_get()) for name in explored}
    results = {}
    if "results.runs" in traj and traj.results.runs.f_contains(run_name):
        group = traj.results.runs.f_get(run_name)
        for leaf in group.f_iter_leaves():
            results[leaf.v_name] = {k: {"value": plain(v), "type": type(v).__name__} for k, v in leaf.f_to_dict().items()}
    out["runs"].append({"name": run_name, "point": point, "results": results})
traj.f_restore_default()
for idx in range(len(traj)):
    out["completed"].append(int(traj.f_get_run_information(idx)["completed"]))
print(json.dumps(out))
