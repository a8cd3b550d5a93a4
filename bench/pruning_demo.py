#!/usr/bin/env python3
"""Pruning benefit on the main demo: optimize-hyperparameters with and without a pruner over several seeds.

Usage: .venv/bin/python bench/pruning_demo.py [--binary .build/release/optimize-hyperparameters]
       [--seeds 1,2,3,4,5] [--pruners none,asha] [--generations 10] [--cores 2]

For each seed and pruner it prints the epochs trained, the best validation error and the test error of the
best model again, then the ratio of epochs (without / with pruning) and the best errors side by side.
"""
import argparse
import os
import re
import subprocess
import tempfile
import time


def run(binary, seed, pruner, generations, cores, directory):
    path = os.path.join(directory, f"demo-{pruner}-{seed}.hdf5")
    started = time.perf_counter()
    output = subprocess.run(
        [binary, "--seed", str(seed), "--pruner", pruner, "--generations", str(generations), "--cores", str(cores), "--file", path],
        check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - started
    epochs = re.search(r"Epochs: (\d+) trained of (\d+)", output)
    again = re.search(r"validation error ([\d.]+)%, test error ([\d.]+)%", output)
    return {"trained": int(epochs.group(1)), "asked": int(epochs.group(2)), "validation": float(again.group(1)),
            "test": float(again.group(2)), "seconds": seconds}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/optimize-hyperparameters")
    parser.add_argument("--seeds", default="1,2,3,4,5")
    parser.add_argument("--pruners", default="none,asha")
    parser.add_argument("--generations", type=int, default=10)
    parser.add_argument("--cores", type=int, default=2)
    arguments = parser.parse_args()
    seeds = [int(s) for s in arguments.seeds.split(",")]
    pruners = arguments.pruners.split(",")
    results = {}
    with tempfile.TemporaryDirectory() as directory:
        for seed in seeds:
            for pruner in pruners:
                r = run(arguments.binary, seed, pruner, arguments.generations, arguments.cores, directory)
                results[(seed, pruner)] = r
                print(f"seed {seed:3d}  {pruner:9s}  epochs {r['trained']:5d} of {r['asked']:5d}  best validation {r['validation']:5.2f} %"
                      f"  test {r['test']:5.2f} %  {r['seconds']:6.1f} s", flush=True)
    base = pruners[0]
    for pruner in pruners[1:]:
        ratio = sum(results[(s, base)]["trained"] for s in seeds) / sum(results[(s, pruner)]["trained"] for s in seeds)
        mean = lambda p, key: sum(results[(s, p)][key] for s in seeds) / len(seeds)
        print(f"{pruner} against {base}: {ratio:.2f}x fewer epochs; mean best validation error {mean(pruner, 'validation'):.2f} % "
              f"against {mean(base, 'validation'):.2f} %; mean test error {mean(pruner, 'test'):.2f} % against {mean(base, 'test'):.2f} %")


if __name__ == "__main__":
    main()
