"""Executes a Jupyter notebook with nbclient (in the notebook's folder) and fails if any cell fails.

Usage: run_notebook.py NOTEBOOK [--expect-figure NAME ...]
Exits non-zero with the failing cell's error; checks that every expected figure file exists afterwards.
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

parser = argparse.ArgumentParser()
parser.add_argument("notebook")
parser.add_argument("--expect-figure", action="append", default=[])
args = parser.parse_args()

folder = os.path.dirname(os.path.abspath(args.notebook))
notebook = nbformat.read(args.notebook, as_version=4)
client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": folder}})
try:
    client.execute()
except CellExecutionError as error:
    print(f"a cell failed in {args.notebook}:\n{error}", file=sys.stderr)
    sys.exit(1)
missing = [name for name in args.expect_figure if not os.path.exists(os.path.join(folder, name))]
if missing:
    print(f"figures missing after running {args.notebook}: {missing}", file=sys.stderr)
    sys.exit(1)
outputs = sum(len(cell.get("outputs", [])) for cell in notebook.cells if cell.cell_type == "code")
print(f"ran {args.notebook}: {len(notebook.cells)} cells, {outputs} outputs")
