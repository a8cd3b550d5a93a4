"""Single CMA-ES runs (no restart) of ours and pycma 4.5 on one BBOB function: how often a run reaches the
global optimum, its fraction of targets, evaluations and terminations; many seeds, to tell a difference of
behaviour from the luck of a few restarts.

Both runs start uniformly in [-5, 5]^d with step 2 and bounds [-5, 5] (pycma: `fmin2(..., restarts=0)`,
which evaluates the final mean; ours: the first run of an IPOP search, its final mean evaluated as the
next ask's last point). The budget is 100,000 evaluations, more than any single run takes.

  .venv-bench/bin/python bench/cmaes_single_runs.py --function 23 --dimension 2 --instances 1-5 --seeds 1-40
"""
import argparse
import collections
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbob  # noqa: E402


def ours(binary, problem, d, seed, counted, options):
    server = bbob.Server(binary)
    server.call(f"new cmaes {d} -5 5 {seed} restarts=ipop {options}".strip())
    try:
        while True:
            words = server.call("ask").split()
            points = np.array(words[1:], dtype=float).reshape(int(words[0]), d)
            reasons = server.call("terminations").split()
            if "=" not in reasons[0]:  # the first run ended: this ask's last point is its final mean
                counted(points[-1])
                return reasons[0]
            server.call("tell " + " ".join(repr(counted(x)) for x in points))
    finally:
        server.close()


def pycma(problem, d, seed, counted, popsize):
    import cma

    rng = np.random.default_rng(seed)
    options = {"bounds": [-5, 5], "seed": seed + 1, "verbose": -9, "maxfevals": counted.budget}
    if popsize:
        options["popsize"] = popsize
    result = cma.fmin2(counted, lambda: rng.uniform(-5, 5, d), 2.0, restarts=0, options=options)
    return ",".join(result[1].stop().keys())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--function", type=int, required=True)
    parser.add_argument("--dimension", type=int, default=5)
    parser.add_argument("--instances", default="1-5")
    parser.add_argument("--seeds", default="1-30")
    parser.add_argument("--popsize", type=int, default=None, help="population size of the run (default 4 + 3 ln d)")
    parser.add_argument("--which", default="both", choices=["both", "ours", "pycma"])
    parser.add_argument("--server-options", default="")
    parser.add_argument("--binary", default=os.path.join(bbob.ROOT, ".build-bench/release/pypet-optimizer-server"))
    args = parser.parse_args()
    d = args.dimension
    options = args.server_options + (f" popsize={args.popsize}" if args.popsize else "")
    results = collections.defaultdict(list)
    suite = bbob.suite([d], [args.function], bbob.ranges(args.instances))
    for problem in suite:
        f_opt = bbob.optimum(problem)
        for seed in bbob.ranges(args.seeds):
            for name in ["ours", "pycma"] if args.which == "both" else [args.which]:
                counted = bbob.Counted(problem, 100_000)
                if name == "ours":
                    reason = ours(args.binary, problem, d, seed, counted, options)
                else:
                    reason = pycma(problem, d, seed, counted, args.popsize)
                results[name].append((counted.best - f_opt, counted.evaluations, reason))
    for name, runs in results.items():
        best = np.array([r[0] for r in runs])
        print(f"{name} f{args.function} d={d} popsize={args.popsize or 'default'}: {len(runs)} runs, "
              f"reached 1e-8 {np.mean(best <= 1e-8):.3f}, fraction of targets {np.mean([bbob.fraction(b, 0) for b in best]):.3f}, "
              f"median evaluations {np.median([r[1] for r in runs]):.0f}, best - f_opt quantiles 0.25/0.5/0.75 "
              f"{' / '.join(f'{q:.2g}' for q in np.quantile(best, [0.25, 0.5, 0.75]))}; terminations "
              f"{collections.Counter(r[2] for r in runs).most_common(4)}")


if __name__ == "__main__":
    main()
