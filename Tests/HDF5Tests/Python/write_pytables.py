"""Writes a PyTables table (as pypet's overview tables are made), for our reader to decode.

Usage: write_pytables.py FILE
BoolCol is an 8-bit bitfield (B8); StringCol is fixed-length ASCII.
"""
import sys

import tables


class Run(tables.IsDescription):
    idx = tables.Int32Col(pos=0)
    name = tables.StringCol(20, pos=1)
    runtime = tables.Float64Col(pos=2)
    completed = tables.BoolCol(pos=3)
    big = tables.Int64Col(pos=4)
    weight = tables.Float32Col(pos=5)
    vec = tables.Int32Col(shape=(2,), pos=6)


with tables.open_file(sys.argv[1], mode="w", title="pytables file") as f:
    group = f.create_group("/", "overview", "Overview")
    table = f.create_table(group, "runs", Run, "Runs")
    row = table.row
    for i in range(5):
        row["idx"] = i
        row["name"] = "run_%08d" % i
        row["runtime"] = i * 0.5
        row["completed"] = i % 2 == 0
        row["big"] = 2**40 + i
        row["weight"] = 0.25 * i
        row["vec"] = [i, -i]
        row.append()
    table.flush()
    group._v_attrs.comment = "Überblick"
    group._v_attrs.count = 5
