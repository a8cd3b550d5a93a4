"""MPI check: an optimization (the `rastrigin` example) on `mpirun -n 3` writes the same trajectory data as a
serial run, and one whose rank 0 is killed with SIGKILL, then resumed on `mpirun -n 3`, ends equal to an
uninterrupted run.

Usage: mpi_test.py --binary .build/debug/rastrigin [--kills 2] [--ranks 3]
Prints one JSON line; exits 1 on any difference.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_trajectories import datasets, differences  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--ranks", type=int, default=3)
parser.add_argument("--kills", type=int, default=2)
parser.add_argument("--generations", type=int, default=25)
parser.add_argument("--population", type=int, default=30)
parser.add_argument("--seed", type=int, default=11)
args = parser.parse_args()

binary = os.path.abspath(args.binary)
work = tempfile.mkdtemp(prefix="mpi-test-")
common = ["--generations", str(args.generations), "--population", str(args.population), "--seed", str(args.seed), "--quiet"]
mpirun = ["mpirun", "--oversubscribe", "--allow-run-as-root", "-n", str(args.ranks)]
environment = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_btl_vader_single_copy_mechanism="none")


def run(command, **kwargs):
    return subprocess.run(command, cwd=work, env=environment, capture_output=True, text=True, **kwargs)


def rank_zero(mpirun_pid):
    """The pid of rank 0 among mpirun's children, or None."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            if parent != mpirun_pid:
                continue
            with open(f"/proc/{entry}/environ", "rb") as env:
                if b"OMPI_COMM_WORLD_RANK=0\x00" in env.read() + b"\x00":
                    return int(entry)
        except (OSError, ValueError, IndexError):
            continue
    return None


report = {"ranks": args.ranks}
serial = os.path.join(work, "serial.hdf5")
result = run([binary, *common, "--executor", "inline", "--file", serial])
if result.returncode != 0:
    sys.exit(f"serial run failed: {result.stderr[-2000:]}")
reference = datasets(serial)

started = time.monotonic()
full = os.path.join(work, "mpi.hdf5")
result = run([*mpirun, binary, *common, "--executor", "mpi", "--file", full], timeout=600)
duration = time.monotonic() - started
if result.returncode != 0:
    sys.exit(f"mpirun failed: {result.stderr[-2000:]}")
report["mpi_seconds"] = round(duration, 3)
report["mpi_differences"] = differences(reference, datasets(full))

# Resuming a finished search: rank 0 makes no run call; the other ranks must still end (not wait forever).
try:
    result = run([*mpirun, binary, *common, "--executor", "mpi", "--resume", "--file", full], timeout=120)
    report["finished_resume"] = "ok" if result.returncode == 0 else f"exit {result.returncode}"
except subprocess.TimeoutExpired:
    report["finished_resume"] = "hung"

kills, interrupted = 0, []
for trial in range(args.kills):
    path = os.path.join(work, f"killed-{trial}.hdf5")
    rng = random.Random(trial)
    window = duration
    for attempt in range(20):
        for leftover in (path, path + ".journal", path + ".parts"):
            shutil.rmtree(leftover, ignore_errors=True) if os.path.isdir(leftover) else (os.path.exists(leftover) and os.remove(leftover))
        process = subprocess.Popen([*mpirun, binary, *common, "--executor", "mpi", "--resume", "--file", path], cwd=work, env=environment,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(window * rng.uniform(0.35, 0.8))
        victim = rank_zero(process.pid)
        if victim is not None and process.poll() is None:
            os.kill(victim, signal.SIGKILL)
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                sys.exit("mpirun did not end after rank 0 was killed")
            kills += 1
            break
        try:
            process.wait(timeout=600)
        except subprocess.TimeoutExpired:
            process.kill()
            sys.exit("an MPI run did not end")
        window *= 0.7
    else:
        sys.exit("could not kill rank 0 during a run (it always finished first)")
    try:
        result = run([*mpirun, binary, *common, "--executor", "mpi", "--resume", "--file", path], timeout=600)
    except subprocess.TimeoutExpired:
        sys.exit(f"resuming trial {trial} did not end")
    if result.returncode != 0:
        sys.exit(f"resume failed: {result.stderr[-2000:]}")
    found = differences(reference, datasets(path))
    if found:
        interrupted.append({"trial": trial, "differences": found[:10]})

report["kills"] = kills
report["resumed_differences"] = interrupted
ok = not report["mpi_differences"] and not interrupted and report["finished_resume"] == "ok"
report["ok"] = ok
print(json.dumps(report))
shutil.rmtree(work, ignore_errors=True)
sys.exit(0 if ok else 1)
