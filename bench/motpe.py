"""Multi-objective TPE: swift-pypet's TPE (PypetOptimizers, through the release pypet-optimizer-server) beside
Optuna's TPESampler on ZDT1 (2 objectives) and DTLZ2 (3 objectives), same budget and seeds. The score is the
hypervolume of every evaluated point up to a fixed reference point (larger is better).

Usage: .venv-bench/bin/python bench/motpe.py [--binary .build/release/pypet-optimizer-server] [--trials 160]
       [--seeds 1-5] [--dimension 5]
Needs the bench venv (scripts/bench_venv: Optuna) and `swift build -c release --product pypet-optimizer-server`.
"""
import argparse
import math
import statistics
import subprocess
import sys

import optuna

parser = argparse.ArgumentParser()
parser.add_argument("--binary", default=".build/release/pypet-optimizer-server")
parser.add_argument("--trials", type=int, default=160)
parser.add_argument("--seeds", default="1-5")
parser.add_argument("--dimension", type=int, default=5)
args = parser.parse_args()
first, _, last = args.seeds.partition("-")
SEEDS = list(range(int(first), int(last or first) + 1))
optuna.logging.set_verbosity(optuna.logging.WARNING)


def zdt1(x):
    g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def dtlz2(x, m=3):
    g = sum((v - 0.5) ** 2 for v in x[m - 1:])
    f = []
    for i in range(m):
        value = 1 + g
        for v in x[: m - 1 - i]:
            value *= math.cos(v * math.pi / 2)
        if i > 0:
            value *= math.sin(x[m - 1 - i] * math.pi / 2)
        f.append(value)
    return f


def hypervolume(points, reference):
    """Exact hypervolume (minimization) by slicing along the last objective."""
    inside = [p for p in points if all(a < r for a, r in zip(p, reference))]
    if not inside:
        return 0.0
    if len(reference) == 1:
        return reference[0] - min(p[0] for p in inside)
    if len(reference) == 2:
        volume, ceiling = 0.0, reference[1]
        for p in sorted(inside):
            if p[1] < ceiling:
                volume += (reference[0] - p[0]) * (ceiling - p[1])
                ceiling = p[1]
        return volume
    ordered = sorted(inside, key=lambda p: p[-1])
    volume = 0.0
    for i, p in enumerate(ordered):
        top = ordered[i + 1][-1] if i + 1 < len(ordered) else reference[-1]
        if top > p[-1]:
            volume += hypervolume([q[:-1] for q in ordered[: i + 1]], reference[:-1]) * (top - p[-1])
    return volume


PROBLEMS = {"zdt1": (zdt1, 2, [1.1, 11.0]), "dtlz2": (dtlz2, 3, [2.5, 2.5, 2.5])}


def ours(function, objectives, seed):
    server = subprocess.Popen([args.binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def call(line):
        server.stdin.write(line + "\n")
        server.stdin.flush()
        answer = server.stdout.readline().strip()
        if answer.startswith("error"):
            sys.exit(f"server: {answer}")
        return answer

    call(f"new tpe {args.dimension} 0 1 {seed} objectives={objectives}")
    points = []
    while len(points) < args.trials:
        numbers = call("ask").split()
        count = int(numbers[0])
        genomes = [[float(v) for v in numbers[1 + i * args.dimension: 1 + (i + 1) * args.dimension]] for i in range(count)]
        values = [function(x) for x in genomes]
        points += values
        call("tell " + " ".join(repr(v) for f in values for v in f))
    server.stdin.write("quit\n")  # no answer: the server exits
    server.stdin.close()
    server.wait()
    return points[: args.trials]


def theirs(function, objectives, seed):
    study = optuna.create_study(directions=["minimize"] * objectives, sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(lambda trial: function([trial.suggest_float(f"x{i}", 0, 1) for i in range(args.dimension)]),
                   n_trials=args.trials)
    return [t.values for t in study.trials]


print(f"multi-objective TPE, {args.trials} trials, dimension {args.dimension}, seeds {SEEDS[0]}-{SEEDS[-1]}; "
      f"hypervolume of all evaluated points (larger is better)")
print(f"{'problem':8} {'swift-pypet mean':>17} {'Optuna ' + optuna.__version__ + ' mean':>18} {'ours >= Optuna':>15}")
for name, (function, objectives, reference) in PROBLEMS.items():
    mine = [hypervolume(ours(function, objectives, s), reference) for s in SEEDS]
    optunas = [hypervolume(theirs(function, objectives, s), reference) for s in SEEDS]
    wins = sum(1 for a, b in zip(mine, optunas) if a >= b)
    print(f"{name:8} {statistics.mean(mine):17.4f} {statistics.mean(optunas):18.4f} {wins:>10} of {len(SEEDS)}")
    print(f"  per seed: ours {[round(v, 4) for v in mine]}, Optuna {[round(v, 4) for v in optunas]}")
