#!/usr/bin/env python3
"""Crash-test driver for swift-pypet's durable storage.

Starts the `store-runs` example, kills it with SIGKILL at random moments, and starts it again until it
finishes. After every kill it checks that no run the writer had reported committed is lost and that the
status of the file, parts and journal can be read; at the end of each trial it checks that every run's
value is exactly right (read back with h5py, independently of our reader), that no temporary file,
part or journal is left, and (for the first trial) that pypet 0.6.1 loads the file.

Usage: crash_test.py --binary .build/debug/store-runs [--trials 20] [--runs 200] [--seed 1]
Prints one JSON summary line; exits 1 on any failure.
"""
import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--binary", required=True)
parser.add_argument("--trials", type=int, default=20)
parser.add_argument("--runs", type=int, default=200)
parser.add_argument("--checkpoint", type=int, default=20)
parser.add_argument("--work-microseconds", type=int, default=300)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--pypet-trials", type=int, default=1, help="trials whose final file pypet must load")
parser.add_argument("--layout", default="pypet", choices=["pypet", "columns"], help="the run layout of the merged file")
args = parser.parse_args()


def expected(index):
    return math.fmod(index * 0.731, 1.0) + index


def status(path):
    out = subprocess.run([args.binary, "--file", path, "--status"], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError("status failed: " + out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def check_final(path, trial):
    import h5py

    problems = []
    for leftover in (path + ".tmp", path + ".journal", path + ".parts"):
        if os.path.exists(leftover):
            problems.append("left over: " + os.path.basename(leftover))
    with h5py.File(path, "r") as f:
        base = f["store_runs"]
        completed = base["overview/runs"]["completed"]
        if len(completed) != args.runs or not all(int(c) == 1 for c in completed):
            problems.append("not every run is completed in overview/runs")
        if args.layout == "columns":
            # No run groups; every value in the results table, the index marked as their only copy.
            if "results/runs" in base and len(base["results/runs"]) > 0:
                problems.append("the columns layout has run groups")
            index_table = base["overview/results_index"]
            if index_table.attrs.get("run_layout") not in (b"columns", "columns"):
                problems.append("the results index is not marked as the runs' only copy")
            table = base["overview/results"][()]
            values = dict(zip((int(i) for i in table["idx"]), (float(v) for v in table["y"])))
            for index in range(args.runs):
                if values.get(index) != expected(index):
                    problems.append("run %d: y = %r in the results table, expected %r" % (index, values.get(index), expected(index)))
        else:
            for index in range(args.runs):
                name = "results/runs/run_%08d/y/y" % index
                if name not in base:
                    problems.append("missing " + name)
                    continue
                value = float(base[name][()])
                if value != expected(index):
                    problems.append("%s = %r, expected %r" % (name, value, expected(index)))
    if trial < args.pypet_trials and args.layout == "pypet":
        script = ("import warnings, logging; warnings.filterwarnings('ignore'); logging.disable(logging.CRITICAL)\n"
                  "import sys; from pypet import load_trajectory\n"
                  "t = load_trajectory(filename=sys.argv[1], index=-1, load_all=2, force=True)\n"
                  "print(len(t), sum(int(t.f_get_run_information(i)['completed']) for i in range(len(t))))")
        out = subprocess.run([sys.executable, "-c", script, path], capture_output=True, text=True, timeout=300)
        if out.returncode != 0 or out.stdout.split() != [str(args.runs), str(args.runs)]:
            problems.append("pypet could not load the file: " + (out.stdout + out.stderr)[-500:])
    return problems


work = tempfile.mkdtemp(prefix="swift-pypet-crash-")
summary = {"layout": args.layout, "trials": args.trials, "runs_per_trial": args.runs, "kills": 0, "lost_runs": 0, "unreadable": 0,
           "bad_final_files": 0, "failures": []}
try:
    for trial in range(args.trials):
        rng = random.Random(args.seed * 1000 + trial)
        path = os.path.join(work, "trial_%03d.hdf5" % trial)
        command = [args.binary, "--file", path, "--runs", str(args.runs), "--checkpoint", str(args.checkpoint),
                   "--work-microseconds", str(args.work_microseconds), "--quiet", "--print-commits", "--layout", args.layout]
        sessions = 0
        while True:
            sessions += 1
            if sessions > 500:
                summary["failures"].append("trial %d: no progress after 500 sessions" % trial)
                break
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                # Short windows kill most sessions; they widen with every session so each trial finishes.
                window = rng.uniform(0.01, 0.12) * (1.6 ** min(sessions - 1, 12))
                out, err = process.communicate(timeout=window)
                if process.returncode != 0:
                    summary["failures"].append("trial %d: writer exited %d: %s" % (trial, process.returncode, err[-500:]))
                    break
                finished = True
            except subprocess.TimeoutExpired:
                process.kill()  # SIGKILL
                out, _ = process.communicate()
                summary["kills"] += 1
                finished = False
            reported = {int(line.split()[1]) for line in out.splitlines() if line.startswith("committed ")}
            try:
                seen = set(status(path)["completed"])
            except Exception as error:  # noqa: BLE001
                summary["unreadable"] += 1
                summary["failures"].append("trial %d: %s" % (trial, error))
                break
            lost = reported - seen
            if lost:
                summary["lost_runs"] += len(lost)
                summary["failures"].append("trial %d: lost committed runs %s" % (trial, sorted(lost)[:10]))
            if finished:
                problems = check_final(path, trial)
                if problems:
                    summary["bad_final_files"] += 1
                    summary["failures"].append("trial %d: %s" % (trial, problems[:5]))
                break
finally:
    shutil.rmtree(work, ignore_errors=True)

summary["ok"] = not summary["failures"]
print(json.dumps(summary))
sys.exit(0 if summary["ok"] else 1)
