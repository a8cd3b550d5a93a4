"""h5py anchor of mapRuns: reads one result of every run of a file the store-runs example wrote.

Usage: read_runs.py --file F [--result y]
Prints one JSON line: runs, seconds, sum, peak resident memory.
"""
import argparse
import json
import resource
import time

import h5py

parser = argparse.ArgumentParser()
parser.add_argument("--file", required=True)
parser.add_argument("--result", default="y")
args = parser.parse_args()

start = time.perf_counter()
with h5py.File(args.file, "r") as f:
    (name,) = list(f.keys())
    runs = f[name]["results/runs"]
    values = [float(runs[run][args.result][args.result][()]) for run in sorted(runs) if run.startswith("run_0")]
seconds = time.perf_counter() - start
print(json.dumps({"workload": "map-runs", "implementation": "h5py", "runs": len(values), "seconds": seconds, "sum": sum(values),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
