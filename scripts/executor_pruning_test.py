"""Synchronous pruning on every executor: the demo (`optimize-hyperparameters`, successive halving) writes the
same trajectory data with `--executor tasks` (2 cores), `--executor processes` (2 workers) and
`mpirun -n 3 ... --executor mpi`: each run is compared with runs of earlier generations only, so where and
when it runs changes nothing. Small: 3 generations of 6, at most 5 epochs (some runs are pruned; the test
fails if none is, as it would then prove nothing).

Usage: executor_pruning_test.py --binary .build/debug/optimize-hyperparameters [--ranks 3] [--no-mpi]
Prints one JSON line; exits 1 on any difference.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_trajectories import datasets, differences  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--ranks", type=int, default=3)
parser.add_argument("--no-mpi", action="store_true", help="skip the mpirun case (no MPI installed)")
args = parser.parse_args()

binary = os.path.abspath(args.binary)
work = tempfile.mkdtemp(prefix="executor-pruning-")
common = ["--generations", "3", "--population", "6", "--max-epochs", "5", "--pruner", "asha", "--seed", "5", "--cores", "2"]
mpirun = ["mpirun", "--oversubscribe", "--allow-run-as-root", "-n", str(args.ranks)]
environment = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_btl_vader_single_copy_mechanism="none")


def run(name, command):
    path = os.path.join(work, name + ".hdf5")
    started = time.monotonic()
    result = subprocess.run(command + ["--file", path], cwd=work, env=environment, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        sys.exit(f"{name} failed (exit {result.returncode}): {result.stderr[-2000:]}")
    return path, round(time.monotonic() - started, 2)


report = {}
reference, report["tasks_seconds"] = run("tasks", [binary, *common, "--executor", "tasks"])
expected = datasets(reference)
cases = {"processes": [binary, *common, "--executor", "processes"]}
if not args.no_mpi:
    cases["mpi"] = [*mpirun, binary, *common, "--executor", "mpi"]
ok = True
for name, command in cases.items():
    path, seconds = run(name, command)
    found = differences(expected, datasets(path))
    report[name] = {"seconds": seconds, "differences": found[:10]}
    ok = ok and not found
import h5py  # noqa: E402

with h5py.File(reference, "r") as file:
    overview = file["digits_mlp/overview"]
    report["pruned_runs"] = len(overview["pruned_runs"]) if "pruned_runs" in overview else 0
ok = ok and report["pruned_runs"] > 0
report["ok"] = ok
print(json.dumps(report))
shutil.rmtree(work, ignore_errors=True)
sys.exit(0 if ok else 1)
