"""Optuna 5.1's univariate TPE model on a BBOB history, dumped for a lockstep comparison with ours.

Runs `TPESampler(seed, multivariate=False)` (bench/bbob.py's settings) for --trials trials on one BBOB problem,
then builds what Optuna builds for the next trial, per dimension: the below/above split (`_split_trials` with
`default_gamma`), both `_ParzenEstimator`s (kernel means, widths, weights), `log l` and `log g` at points
drawn from `l` (Optuna's own candidate sampler) and on a grid over [-5, 5], and --proposals independent
proposals (24 candidates from `l`, the largest `log l − log g`), the distribution of the chosen point. Writes
one JSON file, read by our test `TPELockstepTests` (`TPE_LOCKSTEP=<file>`), which feeds the same history to
our TPE and compares.

  .venv-bench/bin/python bench/tpe_lockstep.py --function 20 --dimension 10 --trials 100 --output /tmp/f20.json
  TPE_LOCKSTEP=/tmp/f20.json swift test --skip-build --scratch-path .build-dbg --filter TPELockstep
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbob  # noqa: E402
import optuna  # noqa: E402
from optuna.distributions import FloatDistribution  # noqa: E402
from optuna.samplers._tpe import sampler as tpe_sampler  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--function", type=int, default=20)
    parser.add_argument("--dimension", type=int, default=10)
    parser.add_argument("--instance", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    d = args.dimension
    problem = next(iter(bbob.suite([d], [args.function], [args.instance])))
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    sampler = optuna.samplers.TPESampler(seed=args.seed, multivariate=False)
    study = optuna.create_study(sampler=sampler)
    for _ in range(args.trials):
        trial = study.ask()
        x = [trial.suggest_float(f"x{i}", -5, 5) for i in range(d)]
        study.tell(trial, float(problem(np.array(x))))
    trials = study.get_trials(deepcopy=False)
    xs = [[t.params[f"x{i}"] for i in range(d)] for t in trials]
    values = [t.value for t in trials]

    n = len(trials)
    below, above = tpe_sampler._split_trials(study, trials, tpe_sampler.default_gamma(n))
    rng = np.random.RandomState(12345)
    grid = np.linspace(-5, 5, 41)
    dims = []
    for i in range(d):
        name = f"x{i}"
        space = {name: FloatDistribution(-5, 5)}
        mpe_l = sampler._build_parzen_estimator(study, space, below, handle_below=True)
        mpe_g = sampler._build_parzen_estimator(study, space, above, handle_below=False)
        points = np.concatenate([mpe_l.sample(rng, 24)[name], grid])
        entry = {}
        for label, mpe in (("l", mpe_l), ("g", mpe_g)):
            mix = mpe._mixture_distribution
            dist = mix.distributions[0]
            entry[label] = {"mus": dist.mu.tolist(), "sigmas": dist.sigma.tolist(), "weights": mix.weights.tolist()}
        entry["points"] = points.tolist()
        entry["log_l"] = mpe_l.log_pdf({name: points}).tolist()
        entry["log_g"] = mpe_g.log_pdf({name: points}).tolist()
        # The proposal's distribution: --proposals independent proposals (24 candidates from l, the largest
        # log l − log g), for a two-sample comparison with ours.
        proposals = []
        for _ in range(args.proposals):
            candidates = mpe_l.sample(rng, 24)
            scores = mpe_l.log_pdf(candidates) - mpe_g.log_pdf(candidates)
            proposals.append(float(candidates[name][np.argmax(scores)]))
        entry["proposals"] = proposals
        dims.append(entry)
    dump = {"function": args.function, "dimension": d, "instance": args.instance, "seed": args.seed,
            "xs": xs, "values": values, "below": [t.number for t in below], "dims": dims}
    with open(args.output, "w") as out:
        json.dump(dump, out)
    print(f"{n} trials, {len(below)} below; best {min(values):.6g}", file=sys.stderr)


if __name__ == "__main__":
    main()
