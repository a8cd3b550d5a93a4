"""Our CMA-ES update against pycma's on the same samples (bench venv, release pypet-optimizer-server).

Every generation, our server asks (phenotypes and, through `genotypes`, the untransformed samples); the BBOB
function is evaluated on the phenotypes; pycma 4.5 (bounds [-5, 5], BoundTransform) is told the same
phenotypes with our genotypes placed in its archive of sent solutions, so that both update from identical
samples and values. The largest differences of mean, σ² S C S and p_σ are printed every few generations.
pycma's initial covariance is reset to the identity (pycma multiplies its diagonal by exp(1e-4 i / n) to
separate the eigenvalues).

  .venv-bench/bin/python bench/cmaes_lockstep.py --function 23 --dimension 2 --instance 1 --seed 1 --generations 150
"""
import argparse
import os
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bbob  # noqa: E402
import cma  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--function", type=int, default=23)
    parser.add_argument("--dimension", type=int, default=2)
    parser.add_argument("--instance", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generations", type=int, default=150)
    parser.add_argument("--binary", default=os.path.join(bbob.ROOT, ".build-bench/release/pypet-optimizer-server"))
    args = parser.parse_args()
    d = args.dimension
    suite = bbob.suite([d], [args.function], [args.instance])
    problem = next(iter(suite))
    server = bbob.Server(args.binary)
    server.call(f"new cmaes {d} -5 5 {args.seed} restarts=none")

    def state():
        v = np.array(server.call("state").split(), dtype=float)
        mean, sigma, scaling = v[:d], v[d], v[d + 1:2 * d + 1]
        covariance = v[2 * d + 1:2 * d + 1 + d * d].reshape(d, d)
        path_sigma = v[3 * d + 1 + d * d:]
        return mean, sigma, scaling, covariance, path_sigma

    es, worst = None, (0.0, 0.0, 0.0)
    for generation in range(args.generations):
        words = server.call("ask").split()
        phenotypes = np.array(words[1:], dtype=float).reshape(int(words[0]), d)
        words = server.call("genotypes").split()
        genotypes = np.array(words[1:], dtype=float).reshape(int(words[0]), d)
        if es is None:
            mean0 = state()[0]
            x0 = np.array(cma.boundary_handler.BoundTransform([-5, 5]).repair(mean0.copy()))
            es = cma.CMAEvolutionStrategy(x0, 2.0, {"bounds": [-5, 5], "verbose": -9, "seed": 1})
            es.sm.C = np.eye(d)
            es.sm._decompose_C()
            es._updateBDfromSM(es.sm)
        values = [float(problem(x)) for x in phenotypes]
        es.ask()
        solutions = [np.array(x) for x in phenotypes]
        for x, g in zip(solutions, genotypes):
            es.sent_solutions.insert(x, geno=np.array(g), iteration=es.countiter)
        es.tell(solutions, values)
        finished = server.call("tell " + " ".join(repr(v) for v in values)) == "finished"
        mean, sigma, scaling, covariance, path_sigma = state()
        ours = sigma**2 * np.outer(scaling, scaling) * covariance
        theirs = es.sigma**2 * np.outer(es.sigma_vec.scaling, es.sigma_vec.scaling) * es.sm.C
        dm = float(np.max(np.abs(mean - es.mean)))
        dc = float(np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs)))
        dp = float(np.max(np.abs(path_sigma - es.adapt_sigma.ps)))
        worst = tuple(max(a, b) for a, b in zip(worst, (dm, dc, dp)))
        if generation % 10 == 0 or finished:
            print(f"generation {generation + 1}: mean {dm:.1e}, covariance {dc:.1e} (relative), p_sigma {dp:.1e}; "
                  f"sigma ours {sigma:.6g} pycma {es.sigma:.6g}")
        if finished or es.stop():
            break
    print(f"largest differences: mean {worst[0]:.1e}, covariance {worst[1]:.1e} (relative), p_sigma {worst[2]:.1e}")
    server.close()


if __name__ == "__main__":
    main()
