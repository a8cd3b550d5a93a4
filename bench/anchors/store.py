"""Python anchor of the storage workload, with pypet 0.6.1 itself: N runs storing one float each.

Usage: store.py --runs N --file F
Prints one JSON line like pypet-bench does: time per run, file size, and the time to load the
trajectory and read every run's value.
"""
import argparse
import json
import logging
import os
import time
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

from pypet import Environment, load_trajectory  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=1000)
parser.add_argument("--file", required=True)
args = parser.parse_args()


def job(traj):
    traj.f_add_result("y", float(traj.x))


start = time.perf_counter()
env = Environment(trajectory="bench", filename=args.file, overwrite_file=True, log_config=None, multiproc=False,
                  complevel=0, add_time=False)
traj = env.trajectory
traj.f_add_parameter("x", 0.0)
traj.f_explore({"x": [float(i) for i in range(args.runs)]})
env.run(job)
env.disable_logging()
seconds = time.perf_counter() - start
size = os.path.getsize(args.file)
start = time.perf_counter()
loaded = load_trajectory(filename=args.file, index=-1, load_all=2, force=True)
values = loaded.f_get_from_runs("y", fast_access=True)
load = time.perf_counter() - start
assert len(values) == args.runs
print(json.dumps({
    "workload": "store", "implementation": "pypet", "runs": args.runs,
    "seconds_per_run_committed": seconds / args.runs, "seconds_per_run_total": seconds / args.runs,
    "file_bytes": size, "bytes_per_run": size / args.runs, "load_seconds": load,
}, sort_keys=True))
