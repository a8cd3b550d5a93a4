"""Prints the recorded generations of a swift-pypet optimization file with h5py (what `make demo` shows).

Usage: show_generations.py FILE
"""
import sys

import h5py

path = sys.argv[1]
with h5py.File(path, "r") as f:
    for trajectory in f:
        generations = f[trajectory].get("results/generations")
        if generations is None:
            continue
        names = sorted(generations)
        print(f"trajectory {trajectory}: {len(names)} generations, {f[trajectory]['overview/runs'].shape[0]} runs")
        shown = names[:: max(1, len(names) // 10)]
        if shown[-1] != names[-1]:
            shown.append(names[-1])
        for name in shown:
            stats = generations[name]["statistics"][0]
            objective = [key[4:] for key in stats.dtype.names if key.startswith("min_")][0]
            print(f"  {name}: evaluations {stats['evaluations']:4d}   best {stats['min_' + objective]:12.6g}"
                  f"   mean {stats['mean_' + objective]:12.6g}")
        best = generations[names[-1]]["hall_of_fame"][0]
        print("  best point:", ", ".join(f"{v:.4f}" for v in best))
