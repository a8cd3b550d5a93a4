"""Crash test of resuming: kills an optimization (the `rastrigin` example) with SIGKILL at random moments,
resumes it with --resume until it finishes, and compares the final file with an uninterrupted run of the
same seed, dataset by dataset and byte for byte, leaving out what holds timestamps (the environment
records, run times, the info table).

Usage: resume_crash_test.py --binary .build/release/rastrigin [--trials 100] [--cores 1,2] [--seed 7]
       [--algorithm ga] [--extra "--restarts bipop"]
       PBT: --binary .build/release/optimize-hyperparameters --algorithm pbt --quiet-flag "" --allowed-leftovers .checkpoints
Prints one JSON line: trials, kills, resumes, mismatching trials (with the first differences).
"""
import argparse
import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Every dataset without a timestamp, byte for byte (results index and run values too: merges write them in
# run order, one record per run).
from compare_trajectories import datasets  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--trials", type=int, default=100)
parser.add_argument("--cores", default="1,2")
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--generations", type=int, default=12)
parser.add_argument("--population", type=int, default=30)
parser.add_argument("--algorithm", default="ga")
parser.add_argument("--max-starts", type=int, default=60)
parser.add_argument("--extra", default="", help="more options for the binary, e.g. \"--restarts bipop\"")
parser.add_argument("--quiet-flag", default="--quiet", help="the binary's flag that silences it (\"\" for none)")
parser.add_argument("--allowed-leftovers", default="",
                    help="comma-separated suffixes of files or folders next to the HDF5 file that the binary keeps on purpose "
                         "(\".checkpoints\" for PBT's saved states)")
args = parser.parse_args()

work = tempfile.mkdtemp(prefix="resume-crash-")
common = ["--algorithm", args.algorithm, "--generations", str(args.generations), "--population", str(args.population),
          "--seed", str(args.seed), "--resume"] + ([args.quiet_flag] if args.quiet_flag else []) + shlex.split(args.extra)
allowed = [suffix for suffix in args.allowed_leftovers.split(",") if suffix]

def run_to_end(path, cores, kill_window, stats):
    """Starts the optimization again and again, killing it at random moments, until it finishes."""
    for start in range(args.max_starts):
        errors = os.path.join(work, "stderr.txt")
        with open(errors, "wb") as error_file:
            process = subprocess.Popen([args.binary, "--file", path, "--cores", str(cores)] + common,
                                       stdout=subprocess.DEVNULL, stderr=error_file)
        # Early starts are killed inside a short window, later ones get longer, so every trial finishes.
        window = kill_window * (1 + start / 4)
        try:
            process.wait(timeout=random.uniform(0.02, window))
            if process.returncode != 0:
                with open(errors, errors="replace") as error_file:
                    message = error_file.read()[-2000:]
                raise SystemExit(f"the optimization failed with exit code {process.returncode} (start {start}):\n{message}")
            return start
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            stats["kills"] += 1
    raise SystemExit(f"no trial finished in {args.max_starts} starts")


reference = os.path.join(work, "reference.hdf5")
started = time.perf_counter()
subprocess.run([args.binary, "--file", reference, "--cores", "1"] + common, check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
duration = time.perf_counter() - started
expected = datasets(reference)

stats = {"trials": 0, "kills": 0, "resumes": 0, "mismatching_trials": 0, "differences": [],
         "reference_seconds": round(duration, 3)}
core_list = [int(c) for c in args.cores.split(",")]
random.seed(args.seed)
for trial in range(args.trials):
    cores = core_list[trial % len(core_list)]
    path = os.path.join(work, f"trial{trial}.hdf5")
    # A trial whose first start finished before its kill (the machine got faster than during the
    # reference run) is started afresh with a shorter window, so that every trial is interrupted.
    window = max(0.05, duration / 3)
    for attempt in range(6):
        for leftover in [p for p in os.listdir(work) if p == f"trial{trial}.hdf5" or p.startswith(f"trial{trial}.hdf5.")]:
            target = os.path.join(work, leftover)
            shutil.rmtree(target) if os.path.isdir(target) else os.remove(target)
        kills_before = stats["kills"]
        resumes = run_to_end(path, cores, window, stats)
        if stats["kills"] > kills_before:
            break
        window /= 2
    stats["resumes"] += resumes
    stats["trials"] += 1
    leftovers = [p for p in os.listdir(work) if p.startswith(f"trial{trial}.hdf5.")
                 and p[len(f"trial{trial}.hdf5"):] not in allowed]
    actual = datasets(path)
    problems = []
    if leftovers:
        problems.append(f"left over: {leftovers}")
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key) != actual.get(key):
            problems.append(key)
    if problems:
        stats["mismatching_trials"] += 1
        stats["differences"].append({"trial": trial, "cores": cores, "first": problems[:5]})
    else:
        for kept in [p for p in os.listdir(work) if p == f"trial{trial}.hdf5" or p.startswith(f"trial{trial}.hdf5.")]:
            target = os.path.join(work, kept)
            shutil.rmtree(target) if os.path.isdir(target) else os.remove(target)
print(json.dumps(stats))
shutil.rmtree(work) if stats["mismatching_trials"] == 0 else print(f"files kept in {work}", file=sys.stderr)
sys.exit(1 if stats["mismatching_trials"] else 0)
