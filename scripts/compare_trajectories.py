"""Compares the data of trajectory files written by different executors, core counts or interrupted and
resumed explorations: every dataset of the trajectory byte for byte, leaving out what holds timestamps or
describes the machine (the environment records, run times, the info table).

Usage: compare_trajectories.py [--ignore PREFIX]... REFERENCE OTHER...
(--ignore leaves out datasets whose names start with PREFIX, such as records a previous release encoded otherwise.)
Prints one JSON line: {"equal": bool, "differences": {"OTHER": [dataset names]}}; exits 1 when any differs.
"""
import json
import sys

import h5py
import numpy as np

SKIPPED_PREFIXES = ("config/environment",)
SKIPPED = {"overview/info", "overview/runs", "overview/hdf5_settings"}
RUN_COLUMNS = ("idx", "name", "parameter_summary", "completed")


def datasets(path, ignored=()):
    """Every dataset of the file's trajectory that holds no timestamp: name -> (dtype, shape, bytes)."""
    found = {}
    with h5py.File(path, "r") as f:
        (name,) = list(f.keys())
        root = f[name]

        def visit(key, obj):
            if not isinstance(obj, h5py.Dataset) or key.startswith(SKIPPED_PREFIXES + tuple(ignored)) or key in SKIPPED:
                return
            found[key] = (str(obj.dtype), obj.shape, np.asarray(obj[()]).tobytes())

        root.visititems(visit)
        runs = root["overview/runs"][()]
        for column in RUN_COLUMNS:
            found["overview/runs:" + column] = ("", runs.shape, np.asarray(runs[column]).tobytes())
    return found


def differences(reference, other):
    names = sorted(set(reference) | set(other))
    return [name for name in names if reference.get(name) != other.get(name)]


if __name__ == "__main__":
    arguments, ignored = sys.argv[1:], []
    while len(arguments) >= 2 and arguments[0] == "--ignore":
        ignored.append(arguments[1])
        arguments = arguments[2:]
    if len(arguments) < 2:
        sys.exit("usage: compare_trajectories.py [--ignore PREFIX]... REFERENCE OTHER...")
    reference = datasets(arguments[0], ignored)
    report = {path: differences(reference, datasets(path, ignored)) for path in arguments[1:]}
    equal = all(not found for found in report.values())
    print(json.dumps({"equal": equal, "datasets": len(reference), "differences": {k: v for k, v in report.items() if v}}))
    sys.exit(0 if equal else 1)
