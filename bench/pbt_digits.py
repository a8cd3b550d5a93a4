#!/usr/bin/env python3
"""PBT against the GA on the digits network at the same training budget (total epochs trained).

Usage: .venv/bin/python bench/pbt_digits.py [--binary .build/release/optimize-hyperparameters]
       [--seeds 1,2,3] [--generations 8] [--population 16] [--pbt-population 16] [--step-epochs 2] [--cores 2]
       [--pbt-extra "--hidden-units 48"] [--ga-cache ga.json]

For each seed it runs the GA demo (`--algorithm ga`, its default successive-halving pruner) and counts the
epochs it trained; then PBT (`--algorithm pbt`) with as many steps as fit in that many epochs
(population x steps x step epochs <= the GA's epochs). It prints the epochs, the best validation error
and the test error of the best model of each, and the means over the seeds.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import tempfile
import time


def run(binary, arguments, path):
    started = time.perf_counter()
    output = subprocess.run([binary, "--file", path] + arguments, check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - started
    epochs = re.search(r"Epochs: (\d+) trained", output)
    best = re.search(r"validation error ([\d.]+)%, test error ([\d.]+)%", output)
    if not epochs or not best:
        raise SystemExit(f"cannot read the output of {binary} {' '.join(arguments)}:\n{output[-2000:]}")
    return {"epochs": int(epochs.group(1)), "validation": float(best.group(1)), "test": float(best.group(2)), "seconds": round(seconds, 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/optimize-hyperparameters")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--generations", type=int, default=8, help="the GA's generations")
    parser.add_argument("--population", type=int, default=16, help="the GA's population")
    parser.add_argument("--pbt-population", type=int, default=16)
    parser.add_argument("--step-epochs", type=int, default=2)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--pbt-extra", default="", help="more options for the PBT runs, e.g. \"--hidden-units 48\"")
    parser.add_argument("--ga-cache", help="a JSON file keeping the GA's results by seed (they depend on the seed alone) between calls")
    arguments = parser.parse_args()
    cache = {}
    if arguments.ga_cache and os.path.exists(arguments.ga_cache):
        with open(arguments.ga_cache) as file:
            cache = json.load(file)
    seeds = [int(s) for s in arguments.seeds.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for seed in seeds:
            common = ["--seed", str(seed), "--cores", str(arguments.cores)]
            key = f"{seed}-{arguments.generations}-{arguments.population}"
            ga = cache.get(key) or run(arguments.binary, common + ["--algorithm", "ga", "--generations", str(arguments.generations),
                                                                   "--population", str(arguments.population)], os.path.join(directory, f"ga{seed}.hdf5"))
            cache[key] = ga
            if arguments.ga_cache:
                with open(arguments.ga_cache, "w") as file:
                    json.dump(cache, file)
            steps = max(1, ga["epochs"] // (arguments.pbt_population * arguments.step_epochs))
            pbt = run(arguments.binary, common + ["--algorithm", "pbt", "--generations", str(steps), "--population", str(arguments.pbt_population),
                                                  "--step-epochs", str(arguments.step_epochs)] + shlex.split(arguments.pbt_extra),
                      os.path.join(directory, f"pbt{seed}.hdf5"))
            pbt["steps"] = steps
            rows.append({"seed": seed, "ga": ga, "pbt": pbt})
            print(f"seed {seed:3d}  GA  epochs {ga['epochs']:5d}  best validation {ga['validation']:5.2f} %  test {ga['test']:5.2f} %  {ga['seconds']:6.1f} s",
                  flush=True)
            print(f"          PBT epochs {pbt['epochs']:5d}  best validation {pbt['validation']:5.2f} %  test {pbt['test']:5.2f} %  {pbt['seconds']:6.1f} s"
                  f"  ({steps} steps)", flush=True)
    mean = lambda who, key: sum(row[who][key] for row in rows) / len(rows)
    print(f"mean over seeds {arguments.seeds}: GA {mean('ga', 'epochs'):.0f} epochs, best validation {mean('ga', 'validation'):.2f} %, "
          f"test {mean('ga', 'test'):.2f} %; PBT {mean('pbt', 'epochs'):.0f} epochs, best validation {mean('pbt', 'validation'):.2f} %, "
          f"test {mean('pbt', 'test'):.2f} %")
    wins = sum(1 for row in rows if row["pbt"]["validation"] <= row["ga"]["validation"])
    print(f"PBT's best validation error at most the GA's in {wins} of {len(rows)} seeds")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
