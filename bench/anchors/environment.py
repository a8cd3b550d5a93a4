"""Python anchor of the environment workloads, with pypet 0.6.1 itself.

Usage: environment.py --job empty|store|sleep --runs N [--cores C] [--sleep-ms MS] --file F
Prints one JSON line: the wall time of creating the environment, exploring N points and running them.
  empty: each run returns a value;  store: each run adds a result and returns;  sleep: each run keeps its
  core busy for --sleep-ms and returns (multiprocessing with a pool when --cores > 1).
"""
import argparse
import json
import logging
import time
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

from pypet import Environment  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--job", choices=["empty", "store", "sleep"], default="empty")
parser.add_argument("--runs", type=int, default=1000)
parser.add_argument("--cores", type=int, default=1)
parser.add_argument("--sleep-ms", type=float, default=10)
parser.add_argument("--file", required=True)
args = parser.parse_args()


def empty(traj):
    return traj.v_idx


def store(traj):
    traj.f_add_result("y", float(traj.x))
    return traj.x


def busy(traj, milliseconds):
    end = time.perf_counter() + milliseconds / 1000
    spins = 0
    while time.perf_counter() < end:
        spins += 1
    return traj.v_idx


start = time.perf_counter()
multiproc = args.cores > 1
env = Environment(trajectory="bench", filename=args.file, overwrite_file=True, log_config=None, multiproc=multiproc,
                  ncores=args.cores, use_pool=multiproc, freeze_input=multiproc, complevel=0, add_time=False)
traj = env.trajectory
traj.f_add_parameter("x", 0.0)
traj.f_explore({"x": [float(i) for i in range(args.runs)]})
if args.job == "empty":
    results = env.run(empty)
elif args.job == "store":
    results = env.run(store)
else:
    results = env.run(busy, args.sleep_ms)
env.disable_logging()
seconds = time.perf_counter() - start
assert len(results) == args.runs
print(json.dumps({"workload": "environment", "implementation": "pypet", "job": args.job, "runs": args.runs,
                  "cores": args.cores, "seconds": seconds}, sort_keys=True))
