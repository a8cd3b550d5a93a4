"""BBOB benchmark of swift-pypet's optimizers against pycma and Optuna (coco-experiment's `bbob` suite).

Our optimizers run in `pypet-optimizer-server` (PypetOptimizers alone, driven by ask/tell over a pipe); the
BBOB functions are evaluated here by cocoex for every optimizer alike. Every run's score is the fraction of
COCO's 51 targets f_opt + 10^(2 ... -8) (step 10^0.2) reached by the best value within the budget; the
figures are means over functions, instances and seeds, per dimension.

Set up the bench venv first (scripts/bench_venv), build the server in release mode, then e.g.:

  .venv-bench/bin/python bench/bbob.py cmaes --restarts ipop           # ours and pycma, IPOP, 1000·D
  .venv-bench/bin/python bench/bbob.py cmaes --restarts bipop
  .venv-bench/bin/python bench/bbob.py tpe --dims 2,5 --budgets 20,100 --seeds 10
  .venv-bench/bin/python bench/bbob.py ask-time --trials 1000 --dimension 10

--functions, --instances, --dims and --seeds reduce a run (say so when quoting its figures). Results are
appended as JSON lines to bench/results/bbob.jsonl. --skip-reference runs ours alone, --reference-only pycma
or Optuna alone (both deterministic for a seed, so separate runs pair up); `summary` reports an --output
file, pairing only (problem, seed) pairs that every optimizer in it completed.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import cocoex  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = 10.0 ** np.arange(2, -8.0001, -0.2)  # 51 targets, 1e2 ... 1e-8


def ranges(text):
    values = []
    for part in text.split(","):
        if "-" in part:
            low, high = part.split("-")
            values.extend(range(int(low), int(high) + 1))
        else:
            values.append(int(part))
    return values


class BudgetExhausted(Exception):
    pass


class Counted:
    """A BBOB problem that counts evaluations, remembers the best value, and stops at the budget."""

    def __init__(self, problem, budget):
        self.problem, self.budget, self.evaluations, self.best = problem, budget, 0, np.inf

    def __call__(self, x):
        if self.evaluations >= self.budget:
            raise BudgetExhausted()
        self.evaluations += 1
        value = float(self.problem(np.asarray(x, dtype=float)))
        self.best = min(self.best, value)
        return value


def optimum(problem):
    """f_opt: the value at x_opt, which cocoex writes to ._bbob_problem_best_parameter.txt."""
    with tempfile.TemporaryDirectory() as directory:
        here = os.getcwd()
        os.chdir(directory)
        try:
            problem._best_parameter("print")
            x_opt = np.loadtxt("._bbob_problem_best_parameter.txt")
        finally:
            os.chdir(here)
    return float(problem(np.atleast_1d(x_opt)))


def fraction(best, f_opt):
    return float(np.mean(best - f_opt <= TARGETS))


class Server:
    """pypet-optimizer-server over a pipe."""

    def __init__(self, binary):
        self.process = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def call(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        if answer.startswith("error") or not answer:
            raise RuntimeError(f"server: {line!r} -> {answer!r}")
        return answer

    def run(self, algorithm, counted, dimension, seed, options=""):
        self.call(f"new {algorithm} {dimension} -5 5 {seed} {options}".strip())
        try:
            while True:
                words = self.call("ask").split()
                count = int(words[0])
                points = np.array(words[1:], dtype=float).reshape(count, dimension)
                values = [counted(x) for x in points]
                if self.call("tell " + " ".join(repr(v) for v in values)) == "finished":
                    return
        except BudgetExhausted:
            return

    def ask_seconds(self):
        words = self.call("stats").split()
        return float(words[1]), int(words[3])

    def close(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        self.process.wait()


def pycma_run(counted, dimension, seed, bipop):
    import cma

    rng = np.random.default_rng(seed)
    try:
        cma.fmin2(counted, lambda: rng.uniform(-5, 5, dimension), 2.0, restarts=10**6, bipop=bipop,
                  options={"bounds": [-5, 5], "seed": seed + 1, "verbose": -9, "maxfevals": counted.budget})
    except BudgetExhausted:
        pass


def optuna_run(counted, dimension, seed, multivariate=False):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
    study = optuna.create_study(sampler=sampler)
    try:
        for _ in range(counted.budget):
            trial = study.ask()
            x = [trial.suggest_float(f"x{i}", -5, 5) for i in range(dimension)]
            study.tell(trial, counted(x))
    except BudgetExhausted:
        pass


def suite(dims, functions, instances):
    options = f"dimensions:{','.join(map(str, dims))} function_indices:{','.join(map(str, functions))} " \
              f"instance_indices:{','.join(map(str, instances))}"
    return cocoex.Suite("bbob", "", options)


def report(results, label):
    print(f"\n{label}: mean fraction of targets reached")
    keys = sorted({(r["optimizer"], r["budget_factor"]) for r in results})
    dims = sorted({r["dimension"] for r in results})
    print("optimizer".ljust(34) + "".join(f"d={d}".rjust(10) for d in dims))
    for optimizer, factor in keys:
        line = f"{optimizer} @{factor}·D".ljust(34)
        for d in dims:
            scores = [r["fraction"] for r in results if r["optimizer"] == optimizer and r["budget_factor"] == factor and r["dimension"] == d]
            line += (f"{np.mean(scores):.3f}" if scores else "-").rjust(10)
        print(line)
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["cmaes", "tpe", "ask-time", "summary"])
    parser.add_argument("--dims", default="2,5,10")
    parser.add_argument("--functions", default="1-24")
    parser.add_argument("--instances", default="1-5")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=1, help="seeds first-seed ... first-seed + seeds - 1")
    parser.add_argument("--restarts", default="ipop", choices=["ipop", "bipop"])
    parser.add_argument("--budgets", default="20,100", help="TPE budgets, times the dimension")
    parser.add_argument("--multivariate", action="store_true", help="TPE: multivariate (ours and Optuna's)")
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--dimension", type=int, default=10)
    parser.add_argument("--skip-reference", action="store_true", help="run only ours")
    parser.add_argument("--reference-only", action="store_true", help="run only pycma / Optuna (deterministic for a seed)")
    parser.add_argument("--server-options", default="", help="more key=value options for our optimizer, e.g. active=0")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/pypet-optimizer-server"))
    parser.add_argument("--output", default=os.path.join(ROOT, "bench/results/bbob.jsonl"))
    args = parser.parse_args()
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    if args.mode == "summary":
        # The figures of (possibly unfinished) runs recorded in --output; only (problem, seed) pairs that
        # every optimizer of a budget completed are counted, so the comparison stays paired.
        with open(args.output) as lines:
            results = [json.loads(line) for line in lines if '"fraction"' in line]
        done = {}
        for r in results:
            done.setdefault((r["budget_factor"], r["problem"], r["seed"]), set()).add(r["optimizer"])
        names = {r["optimizer"] for r in results}
        paired = [r for r in results if done[(r["budget_factor"], r["problem"], r["seed"])] == names]
        functions = sorted({r["function"] for r in paired})
        report(paired, f"{args.output}: {len(paired)} runs, functions {functions[0] if functions else '-'}-{functions[-1] if functions else '-'}")
        return
    server = Server(args.binary)
    started = time.time()

    if args.mode == "ask-time":
        import optuna

        optuna.logging.set_verbosity(optuna.logging.ERROR)
        f = lambda x: float(np.sum(np.square(x)))  # noqa: E731
        options = "multivariate=1" if args.multivariate else ""
        server.call(f"new tpe {args.dimension} -5 5 1 {options}".strip())
        python_side = []
        for _ in range(args.trials):
            t0 = time.perf_counter()
            words = server.call("ask").split()
            python_side.append(time.perf_counter() - t0)
            server.call("tell " + repr(f(np.array(words[1:], dtype=float))))
        ours, asks = server.ask_seconds()
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1, multivariate=args.multivariate))
        optuna_times = []
        for _ in range(args.trials):
            t0 = time.perf_counter()
            trial = study.ask()
            x = [trial.suggest_float(f"x{i}", -5, 5) for i in range(args.dimension)]
            optuna_times.append(time.perf_counter() - t0)
            study.tell(trial, f(np.array(x)))
        last = slice(args.trials - 100, args.trials)
        result = {
            "mode": "ask-time", "trials": args.trials, "dimension": args.dimension, "multivariate": args.multivariate,
            "ours_mean_ask_ms_all": 1e3 * ours / asks, "ours_mean_ask_ms_last100_via_pipe": 1e3 * float(np.mean(python_side[last])),
            "optuna_mean_ask_ms_all": 1e3 * float(np.mean(optuna_times)),
            "optuna_mean_ask_ms_last100": 1e3 * float(np.mean(optuna_times[last])),
        }
        result["speedup_last100"] = result["optuna_mean_ask_ms_last100"] / result["ours_mean_ask_ms_last100_via_pipe"]
        print(json.dumps(result))
        with open(args.output, "a") as out:
            out.write(json.dumps(result) + "\n")
        server.close()
        return

    dims, functions, instances = ranges(args.dims), ranges(args.functions), ranges(args.instances)
    results = []
    for problem in suite(dims, functions, instances):
        d = problem.dimension
        f_opt = optimum(problem)
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            runs = []
            if args.mode == "cmaes":
                if not args.reference_only:
                    runs.append((f"ours cmaes {args.restarts} {args.server_options}".strip(), 1000,
                                 lambda c: server.run("cmaes", c, d, seed, f"restarts={args.restarts} {args.server_options}".strip())))
                if not args.skip_reference:
                    runs.append((f"pycma 4.5 {args.restarts}", 1000, lambda c: pycma_run(c, d, seed, args.restarts == "bipop")))
            else:
                for factor in ranges(args.budgets):
                    options = "multivariate=1" if args.multivariate else ""
                    if not args.reference_only:
                        runs.append((f"ours tpe{' mv' if args.multivariate else ''}", factor,
                                     lambda c: server.run("tpe", c, d, seed, options)))
                    if not args.skip_reference:
                        runs.append((f"optuna tpe{' mv' if args.multivariate else ''}", factor,
                                     lambda c: optuna_run(c, d, seed, args.multivariate)))
            for name, factor, run in runs:
                counted = Counted(problem, factor * d)
                t0 = time.perf_counter()
                run(counted)
                result = {"mode": args.mode, "optimizer": name, "budget_factor": factor, "problem": problem.id, "dimension": d,
                          "function": problem.id_function, "instance": problem.id_instance, "seed": seed,
                          "evaluations": counted.evaluations, "best_minus_fopt": counted.best - f_opt,
                          "fraction": fraction(counted.best, f_opt), "seconds": time.perf_counter() - t0}
                results.append(result)
                with open(args.output, "a") as out:
                    out.write(json.dumps(result) + "\n")
        print(f"{problem.id} done ({time.time() - started:.0f} s)", file=sys.stderr)
    report(results, f"BBOB {args.mode} dims {args.dims} functions {args.functions} instances {args.instances} seeds {args.seeds}")
    server.close()


if __name__ == "__main__":
    main()
