"""Python anchors of the trajectory workloads, with pypet 0.6.1 itself.

Usage: trajectory.py expand --points P --expansions N --window W
       trajectory.py lookup --count N --runs R
Prints one JSON line like pypet-bench does.
"""
import argparse
import json
import logging
import time
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

from pypet import Trajectory  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("workload", choices=["expand", "lookup"])
parser.add_argument("--points", type=int, default=100)
parser.add_argument("--expansions", type=int, default=300)
parser.add_argument("--window", type=int, default=30)
parser.add_argument("--count", type=int, default=100_000)
parser.add_argument("--runs", type=int, default=1000)
args = parser.parse_args()

if args.workload == "expand":
    traj = Trajectory("bench", add_time=False)
    traj.f_add_parameter("x", 0.0)
    traj.f_add_parameter("y", 0)
    durations = []
    total = time.perf_counter()
    for expansion in range(args.expansions):
        base = expansion * args.points
        xs = [float(base + i) * 0.5 for i in range(args.points)]
        ys = [base + i for i in range(args.points)]
        start = time.perf_counter()
        if expansion == 0:
            traj.f_explore({"x": xs, "y": ys})
        else:
            traj.f_expand({"x": xs, "y": ys})
        durations.append(time.perf_counter() - start)
    seconds = time.perf_counter() - total
    assert len(traj) == args.points * args.expansions
    first = sorted(durations[1:args.window + 1])[args.window // 2]
    last = sorted(durations[-args.window:])[args.window // 2]
    print(json.dumps({
        "workload": "expand", "implementation": "pypet", "points": args.points, "expansions": args.expansions,
        "seconds": seconds, "first_median_s": first, "last_median_s": last, "last_over_first": last / first,
        "seconds_per_expansion": seconds / args.expansions,
    }, sort_keys=True))
else:
    traj = Trajectory("bench", add_time=False)
    for group in range(10):
        for leaf in range(5):
            traj.f_add_parameter("group%d.sub.p%d_%d" % (group, group, leaf), float(leaf))
    traj.f_add_parameter("neuron.gL", 10.0)
    for run in range(args.runs):
        traj.f_add_result("runs.run_%08d.rate" % run, float(run))
    traj.v_fast_access = False
    start = time.perf_counter()
    sink = 0
    for _ in range(args.count):
        sink += len(traj.gL.v_name)
    seconds = time.perf_counter() - start
    assert sink == 2 * args.count
    print(json.dumps({
        "workload": "lookup", "implementation": "pypet", "count": args.count, "seconds": seconds,
        "microseconds_per_lookup": seconds / args.count * 1e6,
    }, sort_keys=True))
