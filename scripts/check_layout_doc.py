"""Checks docs/FILE-LAYOUT.md against files the examples write.

Reads the fenced `layout-check` block of the document (lines `example  path  kind  type`, see the
section "Checked items" there), makes small example files with the binaries in --binaries (multiply,
rastrigin, fragile-simulation, store-runs killed after its first checkpoints for a journal and a part)
and takes the optimize-hyperparameters file written by scripts/export_notebooks.py
(hdf5/notebooks/optimize-hyperparameters.hdf5; made here with small settings when missing, which is
slow in a debug build). Fails when a listed item is missing or has another kind, type, shape or
attribute value, when a string type in a checked file is not UTF-8, when a journal frame does not decode
with the documented record encoding, or when an overview dataset or an optimizer record item of an
example file is not named anywhere in the document.

Usage: check_layout_doc.py [--binaries .build/debug] [--notebooks hdf5/notebooks] [--keep DIR]
"""
import argparse
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

import h5py
from h5py import h5t

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--binaries", default=".build/debug")
parser.add_argument("--notebooks", default="hdf5/notebooks")
parser.add_argument("--doc", default="docs/FILE-LAYOUT.md")
parser.add_argument("--keep", help="write the example files into this folder and keep them")
args = parser.parse_args()
binaries = os.path.join(ROOT, args.binaries)
doc_path = os.path.join(ROOT, args.doc)
errors = []


# --- the document's list

def read_entries(path):
    text = open(path, encoding="utf-8").read()
    match = re.search(r"```layout-check\n(.*?)```", text, re.S)
    if not match:
        sys.exit(f"{path}: no ```layout-check block")
    entries = []
    for number, line in enumerate(match.group(1).splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split(None, 3)
        if len(fields) != 4:
            sys.exit(f"{path}: layout-check line {number}: expected 4 fields: {line!r}")
        entries.append(tuple(fields))
    return text, entries


# --- the journal record encoding (FILE-LAYOUT.md, section 2)

class Malformed(Exception):
    pass


class Reader:
    def __init__(self, data):
        self.data, self.offset = data, 0

    def take(self, size):
        if self.offset + size > len(self.data):
            raise Malformed("short record")
        chunk = self.data[self.offset:self.offset + size]
        self.offset += size
        return chunk

    def unpack(self, fmt):
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))[0]

    def string(self):
        return self.take(self.unpack("I")).decode("utf-8")

    def elements(self):
        tag, count = self.unpack("B"), self.unpack("I")
        sizes = {0: "B", 1: "q", 2: "d", 3: "f", 4: "dd"}
        if tag in sizes:
            return [self.unpack(sizes[tag]) for _ in range(count)] if tag != 4 else [self.take(16) for _ in range(count)]
        if tag == 5:
            return [self.string() for _ in range(count)]
        raise Malformed(f"element tag {tag}")

    def value(self, depth=0):
        if depth >= 8:
            raise Malformed("nested too deep")
        tag = self.unpack("B")
        if tag == 0: return bool(self.unpack("B"))
        if tag == 1: return self.unpack("q")
        if tag == 2: return self.unpack("d")
        if tag == 3: return self.unpack("f")
        if tag == 4: return complex(self.unpack("d"), self.unpack("d"))
        if tag == 5: return self.string()
        if tag == 6:
            shape = [self.unpack("q") for _ in range(self.unpack("I"))]
            return ("array", shape, self.elements())
        if tag == 7: return [self.value(depth + 1) for _ in range(self.unpack("I"))]
        if tag == 8: return {self.string(): self.value(depth + 1) for _ in range(self.unpack("I"))}
        if tag == 9: return {self.string(): self.elements() for _ in range(self.unpack("I"))}
        if tag == 10: return ("sparse", self.unpack("q"), self.unpack("q"), self.elements(), self.elements(), self.elements())
        if tag == 11: return ("custom", self.string(), self.take(self.unpack("I")))
        if tag == 12: return ("pickled", self.unpack("q"), self.unpack("q"))
        raise Malformed(f"value tag {tag}")


def decode_record(payload):
    r = Reader(payload)
    index = r.unpack("q")
    status = r.unpack("B")
    if status == 1:
        r.string()
    elif status != 0:
        raise Malformed(f"status {status}")
    r.unpack("d"), r.unpack("d")
    leaves = []
    for _ in range(r.unpack("I")):
        name, kind, _comment = r.string(), r.unpack("B"), r.string()
        if kind > 3:
            raise Malformed(f"leaf kind {kind}")
        items = {r.string(): r.value() for _ in range(r.unpack("I"))}
        leaves.append((name, kind, items))
    value = r.value() if r.unpack("B") == 1 else None
    if r.offset != len(payload):
        raise Malformed(f"{len(payload) - r.offset} bytes after the record")
    if index < -1:
        raise Malformed(f"run index {index}")
    return index, leaves, value


def decode_frames(data):
    """The records of framed `data` and the length of the valid prefix (magic, length, CRC-32, record)."""
    records, offset = [], 0
    while offset + 12 <= len(data):
        magic, length, crc = data[offset:offset + 4], *struct.unpack("<II", data[offset + 4:offset + 12])
        payload = data[offset + 12:offset + 12 + length]
        if magic != b"PPJ1" or len(payload) != length or zlib.crc32(payload) != crc:
            break
        try:
            records.append(decode_record(payload))
        except (Malformed, struct.error, UnicodeDecodeError) as error:
            errors.append(f"frame at offset {offset}: {error}")
            break
        offset += 12 + length
    return records, offset


# --- HDF5 types in the document's notation

def type_code(t, where):
    c = t.get_class()
    if c == h5t.INTEGER:
        return ("i" if t.get_sign() == h5t.SGN_2 else "u") + str(t.get_size())
    if c == h5t.FLOAT:
        return "f" + str(t.get_size())
    if c == h5t.BITFIELD:
        return "b" + str(8 * t.get_size())
    if c == h5t.STRING:
        if t.get_cset() != h5t.CSET_UTF8:
            errors.append(f"{where}: string type is not UTF-8")
        return "str" if t.is_variable_str() else "S" + str(t.get_size())
    if c == h5t.COMPOUND:
        members = [(t.get_member_name(i).decode(), type_code(t.get_member_type(i), where)) for i in range(t.get_nmembers())]
        if [m[0] for m in members] == ["r", "i"]:
            return "{" + ",".join(f"{n}:{k}" for n, k in members) + "}"
        return ",".join(f"{n}:{k}" for n, k in members)
    if c == h5t.ARRAY:
        return type_code(t.get_super(), where) + "[" + ",".join(map(str, t.get_array_dims())) + "]"
    return f"class{c}"


def same(expected, actual):
    """Whether type codes match, `S*` standing for any fixed-length string."""
    pattern = "^" + re.escape(expected).replace(r"S\*", r"S[0-9]+") + "$"
    return re.match(pattern, actual) is not None


def check_utf8(file, label):
    """Every string type of `file` (datasets, table columns, attributes) must be UTF-8."""
    def visit(name, obj):
        for attribute in obj.attrs:
            type_code(obj.attrs.get_id(attribute).get_type(), f"{label}:{name}@{attribute}")
        if isinstance(obj, h5py.Dataset):
            type_code(obj.id.get_type(), f"{label}:{name}")
    file.visititems(visit)


def check_entry(file, label, path, kind, expected):
    where = f"{label}: {path}"
    base = file[next(iter(file))] if len(file) else None
    if base is None:
        errors.append(f"{where}: the file has no trajectory group")
        return
    if "<env>" in path:
        environments = [name for name in base.get("config/environment", {}) if name.startswith("environment_")]
        if not environments:
            errors.append(f"{where}: no config/environment/environment_* group")
            return
        path = path.replace("<env>", environments[0])
    attribute = None
    if "@" in path:
        path, attribute = path.split("@", 1)
    obj = base if path == "." else base.get(path)
    if obj is None:
        errors.append(f"{where}: missing")
        return
    if kind == "attr":
        if attribute not in obj.attrs:
            errors.append(f"{where}: attribute missing")
            return
        spec, _, value = expected.partition("=")
        code = type_code(obj.attrs.get_id(attribute).get_type(), where)
        if not same(spec, code):
            errors.append(f"{where}: type {code}, documented {spec}")
        if value:
            actual = obj.attrs[attribute]
            actual = actual.decode("utf-8") if isinstance(actual, bytes) else str(int(actual) if hasattr(actual, "__int__") and not isinstance(actual, str) else actual)
            if actual != value:
                errors.append(f"{where}: value {actual!r}, documented {value!r}")
        return
    if attribute:
        errors.append(f"{where}: '@' only with kind attr")
        return
    is_group = isinstance(obj, h5py.Group)
    if kind in ("group", "leaf"):
        if not is_group:
            errors.append(f"{where}: a dataset, documented as a {kind}")
        elif kind == "leaf" and "SRVC_LEAF" not in obj.attrs:
            errors.append(f"{where}: a group without SRVC_LEAF, documented as a leaf")
        return
    if is_group:
        errors.append(f"{where}: a group, documented as a {kind}")
        return
    code = type_code(obj.id.get_type(), where)
    compound = obj.id.get_type().get_class() == h5t.COMPOUND and not code.startswith("{")
    if kind == "table":
        if not compound:
            errors.append(f"{where}: a {code} dataset, documented as a table")
            return
        actual, documented = code.split(","), expected.split(",")
        if len(actual) != len(documented) or not all(same(d, a) for d, a in zip(documented, actual)):
            errors.append(f"{where}: columns {code}, documented {expected}")
        return
    if kind == "dataset":
        if compound:
            errors.append(f"{where}: a table, documented as a dataset")
            return
        match = re.match(r"^(.*?)(?:\((.*)\))?$", expected)
        spec, shape = match.group(1), match.group(2)
        if not same(spec, code):
            errors.append(f"{where}: type {code}, documented {spec}")
        if shape is not None:
            documented = tuple(int(n) for n in shape.split(",") if n.strip())
            if obj.shape != documented:
                errors.append(f"{where}: shape {obj.shape}, documented {documented}")
        return
    if kind == "frames":
        if code != "u1" or len(obj.shape) != 1:
            errors.append(f"{where}: a {code} dataset of shape {obj.shape}, documented as u1 frames")
            return
        data = obj[()].tobytes()
        records, valid = decode_frames(data)
        if valid != len(data):
            errors.append(f"{where}: {len(data) - valid} bytes after the last valid frame")
        if not records:
            errors.append(f"{where}: no frames")
        indices = [index for index, _, _ in records]
        if indices != sorted(indices):
            errors.append(f"{where}: frames are not in run order")
        name = path.rsplit("/", 1)[-1]
        if name == "run_values" and not all(not leaves and value is not None for _, leaves, value in records):
            errors.append(f"{where}: a record with leaves or without a value (documented: index and value only)")
        if name == "results_index" and not all(leaves and all(kind == 0 for _, kind, _ in leaves) and value is None
                                               for _, leaves, value in records):
            errors.append(f"{where}: a record that is not only result leaves (documented: the run's results)")
        return
    errors.append(f"{where}: unknown kind {kind}")


# --- the example files

def run(arguments, cwd, name):
    started = time.monotonic()
    result = subprocess.run(arguments, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{name} failed ({result.returncode}): {result.stderr[-2000:]}")
    return time.monotonic() - started


def journal_and_part(folder):
    """store-runs killed with SIGKILL once 60 runs are committed (checkpoints every 25 runs, 10 ms per run):
    the journal holds the runs since the last checkpoint, part_s00000001.records the first 25. Tried again (up
    to three times) in the unlikely case that the kill came right after a checkpoint emptied the journal."""
    for attempt in range(3):
        journal, part = interrupted_store_runs(folder, attempt)
        if os.path.exists(part) and os.path.exists(journal) and decode_frames(open(journal, "rb").read())[0]:
            break
    return journal, part


def interrupted_store_runs(folder, attempt):
    file = os.path.join(folder, f"store-runs-{attempt}.hdf5")
    process = subprocess.Popen(
        [os.path.join(binaries, "store-runs"), "--file", file, "--runs", "400", "--checkpoint", "25",
         "--work-microseconds", "10000", "--print-commits", "--quiet"],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    committed = 0
    for line in process.stdout:
        if line.startswith("committed"):
            committed += 1
            if committed >= 60:
                break
    process.send_signal(signal.SIGKILL)
    process.wait()
    if committed < 60:
        sys.exit(f"store-runs ended after {committed} commits, before it could be interrupted")
    return file + ".journal", os.path.join(file + ".parts", "part_s00000001.records")


folder = args.keep or tempfile.mkdtemp(prefix="check_layout_doc.")
os.makedirs(folder, exist_ok=True)
try:
    text, entries = read_entries(doc_path)
    files, timings = {}, []
    files["multiply"] = os.path.join(folder, "multiply.hdf5")
    timings.append(("multiply", run([os.path.join(binaries, "multiply"), "--file", files["multiply"]], folder, "multiply")))
    files["rastrigin"] = os.path.join(folder, "rastrigin.hdf5")
    timings.append(("rastrigin", run([os.path.join(binaries, "rastrigin"), "--generations", "3", "--population", "10",
                                      "--quiet", "--file", files["rastrigin"]], folder, "rastrigin")))
    files["fragile"] = os.path.join(folder, "fragile.hdf5")
    timings.append(("fragile", run([os.path.join(binaries, "fragile-simulation"), "--file", files["fragile"], "--points", "6",
                                    "--steps", "100", "--crash-at", "2", "--hang-at", "", "--leak-at", "", "--stray-write-at", "",
                                    "--workers", "2"], folder, "fragile-simulation")))
    started = time.monotonic()
    files["journal"], files["part"] = journal_and_part(folder)
    timings.append(("store-runs", time.monotonic() - started))
    optimize = os.path.join(ROOT, args.notebooks, "optimize-hyperparameters.hdf5")
    if not os.path.exists(optimize) or any(os.path.exists(optimize + suffix) for suffix in (".journal", ".parts")):
        print(f"{optimize} missing (scripts/export_notebooks.py writes it); running optimize-hyperparameters (slow in a debug build)")
        optimize = os.path.join(folder, "optimize-hyperparameters.hdf5")
        timings.append(("optimize", run([os.path.join(binaries, "optimize-hyperparameters"), "--generations", "3", "--population", "6",
                                         "--cores", "2", "--file", optimize], folder, "optimize-hyperparameters")))
    files["optimize"] = optimize

    for label in ("multiply", "rastrigin", "fragile", "optimize", "part"):
        if not os.path.exists(files[label]):
            errors.append(f"{label}: {files[label]} was not written")
    # The journal: a file of frames (a torn tail from the kill is allowed, not a bad frame before it).
    journal = open(files["journal"], "rb").read() if os.path.exists(files["journal"]) else b""
    journal_records, _ = decode_frames(journal)

    # A sealed part: the header (magic, run length) and then journal frames (FILE-LAYOUT.md, section 3).
    part = open(files["part"], "rb").read() if os.path.exists(files["part"]) else b""
    part_records, part_valid = decode_frames(part[16:]) if len(part) >= 16 else ([], 0)

    opened = {label: h5py.File(path, "r") for label, path in files.items() if label not in ("journal", "part") and os.path.exists(path)}
    for label, file in opened.items():
        check_utf8(file, label)
    checked = 0
    for example, path, kind, expected in entries:
        if example == "journal":
            if not journal_records:
                errors.append(f"journal: {files['journal']} holds no valid frame")
            elif not all(index >= 0 and any(kind == 0 for _, kind, _ in leaves) for index, leaves, _ in journal_records):
                errors.append("journal: a store-runs record without a result leaf")
            checked += 1
            continue
        if example == "part":
            if path == "header":
                magic, length = part[:8], int.from_bytes(part[8:16], "little") if len(part) >= 16 else -1
                if magic.decode("ascii", "replace") != expected or length != 400:
                    errors.append(f"part: header {magic!r} with run length {length}, expected {expected} and 400")
            elif path == "frames":
                if len(part_records) != 25 or part_valid != len(part) - 16:
                    errors.append(f"part: {len(part_records)} records in {part_valid} valid bytes of {len(part) - 16}, expected 25 filling the file")
                elif not all(index >= 0 and any(kind == 0 for _, kind, _ in leaves) for index, leaves, _ in part_records):
                    errors.append("part: a store-runs record without a result leaf")
            else:
                errors.append(f"part: unknown check '{path}'")
            checked += 1
            continue
        if example not in opened:
            errors.append(f"unknown or missing example file '{example}' (line: {example} {path})")
            continue
        check_entry(opened[example], example, path, kind, expected)
        checked += 1

    # Reverse check: what the examples write in overview/ and in the optimizer's records is documented.
    for label, file in opened.items():
        base = file[next(iter(file))]
        names = list(base.get("overview", {}))
        for group in ("results/generations/gen_00000", "results/optimization/configuration", "results/optimization/summary"):
            names += [name for name in base.get(group, {}) if not name.startswith("state_")]
        for name in names:
            if f"`{name}`" not in text and f"{name}:" not in text and f" {name} " not in text:
                errors.append(f"{label}: '{name}' is in the file but not named in {args.doc}")
    for file in opened.values():
        file.close()
finally:
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)

if errors:
    print(f"{args.doc} does not match the example files:", file=sys.stderr)
    print("\n".join("  " + error for error in errors), file=sys.stderr)
    sys.exit(1)
print(f"{args.doc}: {checked} items checked against {len(files)} example files "
      f"({', '.join(f'{name} {seconds:.1f} s' for name, seconds in timings)}); {len(journal_records)} journal and {len(part_records)} part records decoded")
