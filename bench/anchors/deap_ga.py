"""DEAP 1.4.4 anchor of the GA benchmark: eaSimple on 10-D Rastrigin.

Usage: deap_ga.py --seeds 10 [--population 100] [--generations 100]
Settings (DEAP's usual example): bounds [-5.12, 5.12], cxSimulatedBinaryBounded(eta=20),
mutPolynomialBounded(eta=20, indpb=1/D), selTournament(tournsize=3), cxpb=0.5, mutpb=0.2.
Prints one JSON line: the best fitness per seed and evaluations per second (in memory).
"""
import argparse
import json
import math
import random
import time
import warnings

warnings.filterwarnings("ignore")
from deap import algorithms, base, creator, tools  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--seeds", type=int, default=10)
parser.add_argument("--population", type=int, default=100)
parser.add_argument("--generations", type=int, default=100)
parser.add_argument("--dimensions", type=int, default=10)
args = parser.parse_args()
D, LOW, UP = args.dimensions, -5.12, 5.12

creator.create("FitnessMin", base.Fitness, weights=(-1.0,))
creator.create("Individual", list, fitness=creator.FitnessMin)


def rastrigin(x):
    return (10 * len(x) + sum(v * v - 10 * math.cos(2 * math.pi * v) for v in x),)


toolbox = base.Toolbox()
toolbox.register("attr", random.uniform, LOW, UP)
toolbox.register("individual", tools.initRepeat, creator.Individual, toolbox.attr, D)
toolbox.register("population", tools.initRepeat, list, toolbox.individual)
toolbox.register("evaluate", rastrigin)
toolbox.register("mate", tools.cxSimulatedBinaryBounded, low=LOW, up=UP, eta=20.0)
toolbox.register("mutate", tools.mutPolynomialBounded, low=LOW, up=UP, eta=20.0, indpb=1.0 / D)
toolbox.register("select", tools.selTournament, tournsize=3)

bests, evaluations, seconds = [], 0, 0.0
for seed in range(1, args.seeds + 1):
    random.seed(seed)
    population = toolbox.population(n=args.population)
    hof = tools.HallOfFame(1)
    start = time.perf_counter()
    population, logbook = algorithms.eaSimple(population, toolbox, cxpb=0.5, mutpb=0.2, ngen=args.generations,
                                              halloffame=hof, verbose=False)
    seconds += time.perf_counter() - start
    evaluations += sum(entry["nevals"] for entry in logbook)
    bests.append(hof[0].fitness.values[0])
print(json.dumps({"implementation": "deap", "bests": bests, "evaluations": evaluations, "seconds": seconds,
                  "evaluations_per_second": evaluations / seconds}))
