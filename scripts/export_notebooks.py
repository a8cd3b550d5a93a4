"""Runs every example that writes a file (small settings), then executes the notebook of each in
notebooks-export/ with nbclient, checking that no cell fails and that every figure was saved as PNG.

Usage: export_notebooks.py --binaries .build/debug [--regenerate]
--regenerate rewrites the notebooks with `pypet notebook` first (they are committed without outputs;
executing does not write outputs back).
"""
import argparse
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--binaries", default=".build/debug")
parser.add_argument("--regenerate", action="store_true")
args = parser.parse_args()
binaries = os.path.join(ROOT, args.binaries)
data = os.path.join(ROOT, "hdf5", "notebooks")
notebooks = os.path.join(ROOT, "notebooks-export")
os.makedirs(data, exist_ok=True)

# example -> (arguments, figures the notebook must save)
OPTIMIZATION = ["explored", "convergence", "parameters"]
examples = {
    "multiply": (["--cores", "2"], ["explored"]),
    "cellular-automata": (["--ncells", "80", "--steps", "40"], ["explored"]),
    "rastrigin": (["--generations", "12", "--population", "30", "--cores", "2", "--quiet"], OPTIMIZATION),
    "nsga2-zdt1": (["--generations", "10", "--population", "20"], OPTIMIZATION),
    "optimize-hyperparameters": (["--generations", "3", "--population", "6", "--cores", "2"], OPTIMIZATION + ["curves"]),
    "clustered-network": (
        ["--neurons", "400", "--initial", "200", "--measurement", "500", "--ratios", "1.0,1.5,2.0,2.5", "--fano-neurons", "200", "--cores", "2"],
        ["raster", "fano"]),
}
# Notebooks written by hand (not by `pypet notebook`): --regenerate leaves them alone.
HANDWRITTEN = {"clustered-network"}

failures = []
for name, (arguments, figures) in examples.items():
    file = os.path.join(data, name + ".hdf5")
    for leftover in (file, file + ".journal", file + ".tmp"):
        if os.path.exists(leftover):
            os.remove(leftover)
    run = subprocess.run([os.path.join(binaries, name), "--file", file] + arguments, cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        failures.append(f"{name} failed: {run.stderr[-2000:]}")
        continue
    notebook = os.path.join(notebooks, name + ".ipynb")
    if (args.regenerate and name not in HANDWRITTEN) or not os.path.exists(notebook):
        subprocess.run([os.path.join(binaries, "pypet"), "notebook", file, "-o", notebook], cwd=ROOT, check=True, capture_output=True)
    for figure in figures:
        path = os.path.join(notebooks, f"{name}_{figure}.png")
        if os.path.exists(path):
            os.remove(path)
    execute = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "run_notebook.py"), notebook]
        + [item for figure in figures for item in ("--expect-figure", f"{name}_{figure}.png")],
        cwd=ROOT, capture_output=True, text=True)
    if execute.returncode != 0:
        failures.append(f"notebook {name}: {execute.stderr[-3000:]}")
    else:
        print(execute.stdout.strip())

if failures:
    print("\n\n".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"{len(examples)} examples run, {len(examples)} notebooks executed, figures in notebooks-export/*.png")
