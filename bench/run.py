"""Runs swift-pypet's benchmarks and their Python anchors in one command; prints medians and ratios.

Usage: .venv/bin/python bench/run.py [--repeats N] [--count N]   (make bench builds the Swift side first)

Each workload runs --repeats times per implementation, alternating implementations so that machine
noise hits all of them alike. The ratio column is (Python anchor time) / (swift-pypet time): above 1
means swift-pypet is faster.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SWIFT = os.path.join(ROOT, ".build", "release", "pypet-bench")
RESULTS = os.path.join(ROOT, "bench", "results")

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--repeats", type=int, default=5)
parser.add_argument("--count", type=int, default=100_000)
parser.add_argument("--only", choices=["append", "trajectory", "storage", "environment", "optimizer", "network"], help="run one group of workloads")
parser.add_argument("--pypet-1e4", action="store_true",
                    help="also run pypet's storage workload at N=1e4 (about 16 minutes on this machine kind)")
args = parser.parse_args()

if args.only != "network" and not os.access(SWIFT, os.X_OK):
    sys.exit(f"{SWIFT} is missing: run `make bench` (it builds it in release mode)")
os.makedirs(RESULTS, exist_ok=True)

# (label, batch, deflate, also run swift-pypet's HDF5Appender)
workloads = [
    ("append 1 value/call, deflate 4", 1, 4, True),
    ("append 1000 values/call, deflate 4", 1000, 4, False),
    ("append 1000 values/call, no filter", 1000, -1, False),
]


def run(command):
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


rows = []
for label, batch, deflate, appender in (workloads if args.only in (None, "append") else []):
    common = ["--count", str(args.count), "--batch", str(batch), f"--deflate={deflate}"]
    commands = {
        "swift-pypet": [SWIFT, "append", *common, "--file", os.path.join(RESULTS, "append-swift.h5")],
        **({"swift appender": [SWIFT, "append", "--buffered", *common, "--file", os.path.join(RESULTS, "append-swift-buffered.h5")]}
           if appender else {}),
        "h5py": [sys.executable, "bench/anchors/append.py", "h5py", *common, "--file", os.path.join(RESULTS, "append-h5py.h5")],
        "pytables": [sys.executable, "bench/anchors/append.py", "pytables", *common, "--file", os.path.join(RESULTS, "append-pytables.h5")],
    }
    times = {name: [] for name in commands}
    for _ in range(args.repeats):
        for name, command in commands.items():
            times[name].append(run(command)["seconds"])
    medians = {name: statistics.median(values) for name, values in times.items()}
    rows.append((label, medians, times))

if rows:
    print(f"\nswift-pypet benchmarks: {args.count} doubles, median of {args.repeats} runs each\n")
    header = f"{'workload':38} {'impl':15} {'median s':>10} {'values/s':>12} {'ratio':>8}   (min..max s)"
    print(header)
    print("-" * len(header))
    for label, medians, times in rows:
        base = medians["swift-pypet"]
        for name, median in medians.items():
            ratio = "" if name == "swift-pypet" else f"{median / base:7.2f}x"
            spread = f"({min(times[name]):.3f}..{max(times[name]):.3f})"
            print(f"{label:38} {name:15} {median:10.4f} {args.count / median:12,.0f} {ratio:>8}   {spread}")
        print()
    print("ratio = median / swift-pypet median (for Python anchors, above 1 means swift-pypet is faster;")
    print("        for the swift appender, below 1 is its speed-up over appending directly)")


# Trajectory workloads: expansion (append-only, so the last expansions must cost what the first did) and
# natural-naming shortcut lookups. pypet's expansion cost grows with the trajectory, so it gets fewer.
if args.only in (None, "trajectory"):
    trajectory_runs = {
        "expand": (
            [SWIFT, "expand", "--points", "100", "--expansions", "10000", "--window", "500"],
            [sys.executable, "bench/anchors/trajectory.py", "expand", "--points", "100", "--expansions", "300", "--window", "30"],
        ),
        "lookup": (
            [SWIFT, "lookup", "--count", "1000000", "--runs", "1000"],
            [sys.executable, "bench/anchors/trajectory.py", "lookup", "--count", "100000", "--runs", "1000"],
        ),
    }
    repeats = max(1, min(args.repeats, 3))
    results = {}
    for name, (swift_command, python_command) in trajectory_runs.items():
        records = {"swift-pypet": [], "pypet": []}
        for _ in range(repeats):
            records["swift-pypet"].append(run(swift_command))
            records["pypet"].append(run(python_command))
        results[name] = records

    def median(records, key):
        return statistics.median(r[key] for r in records)

    print(f"trajectory benchmarks, median of {repeats} runs each\n")
    expand = results["expand"]
    s_first, s_last = median(expand["swift-pypet"], "first_median_s"), median(expand["swift-pypet"], "last_median_s")
    p_first, p_last = median(expand["pypet"], "first_median_s"), median(expand["pypet"], "last_median_s")
    print("expand by 100 points        runs at end   first expand   last expand   last/first")
    print(f"  swift-pypet (10,000 times)  {100 * 10000:>11,}   {s_first * 1e6:9.1f} us   {s_last * 1e6:8.1f} us   {s_last / s_first:9.2f}")
    print(f"  pypet 0.6.1 (300 times)     {100 * 300:>11,}   {p_first * 1e6:9.1f} us   {p_last * 1e6:8.1f} us   {p_last / p_first:9.2f}")
    print(f"  pypet's last expand / swift-pypet's last expand: {p_last / s_last:.1f}x (at 30x fewer runs for pypet)\n")
    lookup = results["lookup"]
    s_us, p_us = median(lookup["swift-pypet"], "microseconds_per_lookup"), median(lookup["pypet"], "microseconds_per_lookup")
    print("shortcut lookup traj.gL     us per lookup")
    print(f"  swift-pypet (1e6 lookups)   {s_us:10.3f}")
    print(f"  pypet 0.6.1 (1e5 lookups)   {p_us:10.3f}   ratio {p_us / s_us:.1f}x")


# Storage: N runs storing one float each (durable commits for swift-pypet: journal, parts, merge), then
# loading the trajectory and reading every value. pypet's cost grows with N, so N=1e4 needs a flag.
if args.only in (None, "storage"):
    print("\nstorage: N runs storing one float each (a part per 10,000 runs, as the environment seals them), then load and read all values (one run each)\n")
    print(f"{'impl':12} {'layout':8} {'N':>7} {'us/run commit':>14} {'us/run total':>13} {'bytes/run':>10} {'load s':>8}")
    rows = []
    for layout in ("pypet", "columns"):
        for n in (1000, 10000, 100000):
            rows.append(run([SWIFT, "store", "--runs", str(n), "--layout", layout, "--file", os.path.join(RESULTS, "store-swift.hdf5")]))
    for n in (1000, 10000) if args.pypet_1e4 else (1000,):
        rows.append(run([sys.executable, "bench/anchors/store.py", "--runs", str(n), "--file", os.path.join(RESULTS, "store-pypet.hdf5")]))
    for r in rows:
        print(f"{r['implementation']:12} {r.get('layout', 'pypet'):8} {r['runs']:>7} {r['seconds_per_run_committed'] * 1e6:14.1f} "
              f"{r['seconds_per_run_total'] * 1e6:13.1f} {r['bytes_per_run']:10.0f} {r['load_seconds']:8.3f}")
    swift = {r["runs"]: r for r in rows if r["implementation"] == "swift-pypet" and r.get("layout") == "pypet"}
    for r in rows:
        if r["implementation"] == "pypet":
            s_row = swift[r["runs"]]
            print(f"  N={r['runs']}: pypet/swift-pypet time per run {r['seconds_per_run_total'] / s_row['seconds_per_run_total']:.1f}x, "
                  f"bytes per run {r['bytes_per_run'] / s_row['bytes_per_run']:.1f}x, load {r['load_seconds'] / s_row['load_seconds']:.1f}x")


# Environment: the per-run overhead of an empty job returning a value (and of a job storing one result),
# from two run counts (slope = per run, intercept = fixed cost), and the speed-up of 10 ms busy jobs on 2 cores.
if args.only in (None, "environment"):
    repeats = max(1, min(args.repeats, 3))
    scratch = os.path.join(RESULTS, "environment-swift.hdf5")
    pscratch = os.path.join(RESULTS, "environment-pypet.hdf5")

    def seconds(command):
        return statistics.median(run(command)["seconds"] for _ in range(repeats))

    def swift(job, runs, *extra):
        return seconds([SWIFT, "environment", "--job", job, "--runs", str(runs), "--file", scratch, *extra])

    def pypet(job, runs, *extra):
        return seconds([sys.executable, "bench/anchors/environment.py", "--job", job, "--runs", str(runs), "--file", pscratch, *extra])

    def fit(small, large, t_small, t_large):
        per_run = (t_large - t_small) / (large - small)
        return per_run, max(0.0, t_small - per_run * small)

    print(f"\nenvironment: per-run overhead and fixed cost (median of {repeats}; slope between two run counts)\n")
    print(f"{'workload':44} {'us/run':>9} {'fixed ms':>9}")
    rows = {
        "swift-pypet empty job, storing": fit(1000, 50000, swift("empty", 1000), swift("empty", 50000)),
        "swift-pypet empty job, no storing": fit(1000, 50000, swift("empty", 1000, "--no-storing"), swift("empty", 50000, "--no-storing")),
        "pypet 0.6.1 empty job": fit(1000, 10000, pypet("empty", 1000), pypet("empty", 10000)),
        "swift-pypet job storing a result": fit(1000, 20000, swift("store", 1000), swift("store", 20000)),
        "swift-pypet job storing a result, columns": fit(
            1000, 20000, swift("store", 1000, "--layout", "columns"), swift("store", 20000, "--layout", "columns")),
        "pypet 0.6.1 job storing a result": fit(100, 1000, pypet("store", 100), pypet("store", 1000)),
    }
    # Worker processes: each run a round trip to another process (parameters in, record and value out).
    rows["swift-pypet empty job, 2 tasks, no storing"] = fit(
        1000, 20000, swift("empty", 1000, "--no-storing", "--cores", "2", "--executor", "tasks"),
        swift("empty", 20000, "--no-storing", "--cores", "2", "--executor", "tasks"))
    rows["swift-pypet empty job, 2 worker processes, no storing"] = fit(
        1000, 20000, swift("empty", 1000, "--no-storing", "--cores", "2", "--executor", "processes"),
        swift("empty", 20000, "--no-storing", "--cores", "2", "--executor", "processes"))
    rows["swift-pypet empty job, 2 worker processes, storing"] = fit(
        1000, 20000, swift("empty", 1000, "--cores", "2", "--executor", "processes"),
        swift("empty", 20000, "--cores", "2", "--executor", "processes"))
    for name, (per_run, fixed) in rows.items():
        print(f"{name:44} {per_run * 1e6:9.1f} {fixed * 1e3:9.1f}")
    if shutil.which("mpirun"):
        # MPI: rank 0 and 3 evaluating ranks on this machine's shared memory (oversubscribed on 2 cores).
        mpi_env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")

        def mpi(runs):
            command = ["mpirun", "--oversubscribe", "--allow-run-as-root", "-n", "4", SWIFT, "environment", "--job", "empty",
                       "--runs", str(runs), "--no-storing", "--executor", "mpi", "--file", scratch]
            return statistics.median(
                json.loads(subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT, env=mpi_env)
                           .stdout.strip().splitlines()[-1])["seconds"] for _ in range(repeats))
        per_task, fixed = fit(2000, 20000, mpi(2000), mpi(20000))
        print(f"{'swift-pypet empty job, MPI 1+3 ranks':44} {per_task * 1e6:9.1f} {fixed * 1e3:9.1f}   (target <= 10 us per task)")
    tasks_per_run = rows["swift-pypet empty job, 2 tasks, no storing"][0]
    process_per_run = rows["swift-pypet empty job, 2 worker processes, no storing"][0]
    print(f"worker processes over the task pool: {(process_per_run - tasks_per_run) * 1e6:.1f} us/run (target <= 30)")
    s1, s2 = swift("sleep", 200, "--cores", "1"), swift("sleep", 200, "--cores", "2")
    p1, p2 = pypet("sleep", 100, "--cores", "1"), pypet("sleep", 100, "--cores", "2")
    print(f"\n10 ms busy jobs      1 core s   2 cores s   speed-up")
    print(f"  swift-pypet (200) {s1:10.3f} {s2:11.3f} {s1 / s2:9.2f}x")
    print(f"  pypet 0.6.1 (100) {p1:10.3f} {p2:11.3f} {p1 / p2:9.2f}x")
    w1 = swift("sleep", 200, "--cores", "1", "--executor", "processes")
    w2 = swift("sleep", 200, "--cores", "2", "--executor", "processes")
    print(f"  swift-pypet worker processes (200) {w1:6.3f} {w2:11.3f} {w1 / w2:9.2f}x   (1 vs 2 workers; target >= 1.9x)")


# Optimizer: DEAP's eaSimple on 10-D Rastrigin (population 100, 100 generations, SBX, polynomial mutation,
# tournament of 3, cxpb 0.5, mutpb 0.2), 10 seeds each: best-fitness median/min/max and evaluations per
# second, in memory for both, and through swift-pypet's full environment loop with per-generation
# persistence; then population 50 x 20 generations end to end with the file written.
if args.only in (None, "optimizer"):
    import time

    deap = run([sys.executable, "bench/anchors/deap_ga.py", "--seeds", "10"])
    memory = run([SWIFT, "ga", "--seeds", "10"])
    through = run([SWIFT, "ga", "--seeds", "10", "--environment", "--file", os.path.join(RESULTS, "ga-swift.hdf5")])
    columns = run([SWIFT, "ga", "--seeds", "10", "--environment", "--layout", "columns", "--file", os.path.join(RESULTS, "ga-swift.hdf5")])
    print("\noptimizer: eaSimple, 10-D Rastrigin, population 100, 100 generations, 10 seeds\n")
    print(f"{'implementation':34} {'median':>8} {'min':>8} {'max':>8} {'evals/s':>12}")
    for name, record in [("DEAP 1.4.4 (in memory)", deap), ("swift-pypet (in memory)", memory),
                         ("swift-pypet (environment + file)", through), ("swift-pypet (environment, columns)", columns)]:
        bests = record["bests"]
        print(f"{name:34} {statistics.median(bests):8.3f} {min(bests):8.3f} {max(bests):8.3f} {record['evaluations_per_second']:12,.0f}")
    print(f"  in memory: {memory['evaluations_per_second'] / deap['evaluations_per_second']:.1f}x DEAP's evaluations per second")
    small, inside = [], []
    for _ in range(5):
        start = time.perf_counter()
        record = run([SWIFT, "ga", "--seeds", "1", "--population", "50", "--generations", "19", "--environment",
                      "--file", os.path.join(RESULTS, "ga-small.hdf5")])
        small.append(time.perf_counter() - start)
        inside.append(record["seconds"])
    print(f"  population 50 x 20 generations through the environment, file written (median of 5): "
          f"{statistics.median(inside):.3f} s in-process (min {min(inside):.3f}, max {max(inside):.3f}); "
          f"{statistics.median(small):.3f} s with process start")


# Network: the CUBA network (4000 + 1000 LIF neurons, p = 0.02, exponential current synapses, dt 0.1 ms,
# 1 s of biological time), then the COBA network (the same with conductance synapses), on swift-pypet's
# engine (.build/release/network-bench) and on Brian2 in its runtime mode and its C++ standalone mode
# (.venv-bench from scripts/bench_venv; skipped when missing).
# Wall time is construction + simulation (Brian2's import apart); rates are the mean rates in Hz.
if args.only in (None, "network"):
    network_bench = os.path.join(ROOT, ".build", "release", "network-bench")
    brian = os.path.join(ROOT, ".venv-bench", "bin", "python")
    if not os.access(network_bench, os.X_OK):
        print("\nnetwork: .build/release/network-bench is missing (swift build -c release --product network-bench)")
    else:
        for model in ("cuba", "coba"):
            commands = {"swift-pypet": [network_bench, "--model", model]}
            if os.access(brian, os.X_OK):
                commands["Brian2 runtime"] = [brian, "bench/anchors/brian2_cuba.py", "--mode", "runtime", "--model", model]
                if shutil.which("g++"):
                    commands["Brian2 C++ standalone"] = [brian, "bench/anchors/brian2_cuba.py", "--mode", "standalone", "--model", model,
                                                         "--directory", os.path.join(RESULTS, f"brian2-standalone-{model}")]
            elif model == "cuba":
                print("\nnetwork: .venv-bench is missing (scripts/bench_venv); Brian2 is skipped")
            records = {name: [] for name in commands}
            for repeat in range(args.repeats):
                for seed, (name, command) in enumerate(commands.items()):
                    records[name].append(run(command + ["--seed", str(repeat + 1)]))
            description = ("CUBA, current synapses" if model == "cuba" else "COBA, conductance synapses (exponential Euler)")
            print(f"\nnetwork: {description}, 4000 + 1000 LIF neurons, p = 0.02, 1 s biological time, dt 0.1 ms (medians of "
                  f"{args.repeats})\n")
            # "sim s" is the simulation alone: swift-pypet's run, Brian2's run (runtime) or the standalone
            # binary's own timing (without code generation and the C++ compilation, which "run s" includes).
            print(f"{'implementation':24} {'total s':>9} {'build s':>9} {'run s':>9} {'sim s':>9} {'rate E Hz':>10} {'rate I Hz':>10}")
            medians, simulations = {}, {}
            for name, values in records.items():
                total = statistics.median(r["seconds"] for r in values)
                medians[name] = total
                simulations[name] = statistics.median(r.get("simulation_seconds", r["run_seconds"]) for r in values)
                print(f"{name:24} {total:9.3f} {statistics.median(r['build_seconds'] for r in values):9.3f} "
                      f"{statistics.median(r['run_seconds'] for r in values):9.3f} {simulations[name]:9.3f} "
                      f"{statistics.median(r['rate_e'] for r in values):10.2f} {statistics.median(r['rate_i'] for r in values):10.2f}")
            for name, total in medians.items():
                if name != "swift-pypet":
                    print(f"  {name} / swift-pypet: wall time {total / medians['swift-pypet']:.2f}x, "
                          f"simulation alone {simulations[name] / simulations['swift-pypet']:.2f}x")
