"""Fuzz test of reading damaged files: mutates files written by the examples and reads every mutated copy
with every read-only `pypet` command and with the public load API in-process, each in a child process with
a timeout and a memory cap, and counts the outcomes.

The seed files are written here by the examples (small runs of `multiply`, `rastrigin`,
`cellular-automata` and `store-runs`). File N of a session is the seed file N mod 4, mutated by a
generator seeded with (--seed, N): 1 to 4 of bit flips, random bytes, truncation, zeroed blocks, swapped
blocks, copied blocks and inserted bytes, placed anywhere or (half the time) in the first 8 KiB where
libhdf5 keeps the superblock and the root group's metadata.

Entries (each mutated file goes through all of them):
  inspect, runs, status, generations, show (a parameter or a run's result), export (CSV to a file),
  notebook (to a file): the `pypet` command, which reads in a child process of its own;
  isolated-load: `pypet-load-check --isolated FILE`, `TrajectoryStorage.loadUntrusted()` (the public API
  for untrusted files: a checking child first);
  load: `pypet-load-check FILE`, `TrajectoryStorage.load()` in-process, not isolated.

Outcomes: ok (exit 0); error (non-zero exit with a message on stderr; `guarded` counts the errors where
the `pypet` command's own guard caught a crash or a hang of its reading process); crash (killed by a
signal, or a non-zero exit without a message); hang (still running after --timeout seconds); memory
(maximum resident set over 1 GiB; address space capped at --memory-cap GiB).

Usage: fuzz_files.py [--binaries .build/debug] [--files 10000] [--seed 1] [--jobs 2] [--timeout 30]
                     [--fail-on-bad] [--keep DIR]
Prints counts by entry and outcome; with --fail-on-bad, exits 1 when a `pypet` or isolated-load entry
crashed, hung or went over the memory limit (the in-process `load` entry is reported, not judged: a
damaged file can crash libhdf5 inside the caller, which is why the isolated API and the command exist).
"""
import argparse
import collections
import concurrent.futures
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import h5py

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--binaries", default=".build/debug", help="folder with pypet, pypet-load-check and the examples")
parser.add_argument("--files", type=int, default=10000, help="mutated files")
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--jobs", type=int, default=2, help="files read at once")
parser.add_argument("--timeout", type=float, default=30, help="seconds before an entry counts as a hang")
parser.add_argument("--memory-cap", type=float, default=2.0, help="address space limit of every child, GiB")
parser.add_argument("--fail-on-bad", action="store_true", help="exit 1 on a crash, hang or memory outcome of a pypet entry")
parser.add_argument("--keep", help="copy the files of bad outcomes into this folder")
parser.add_argument("--quiet", action="store_true", help="no progress lines")
parser.add_argument("--entries-per-file", type=int, default=0,
                    help="read each file with only this many entries, in rotation (0: all; for a quick pass)")
parser.add_argument("--show-errors", type=int, default=0, help="print this many error messages per entry")
args = parser.parse_args()

BINARIES = os.path.abspath(args.binaries)
MEMORY_LIMIT_KIB = 1024 * 1024  # 1 GiB, as ru_maxrss counts
ENTRIES = ["inspect", "runs", "status", "generations", "show", "export", "notebook", "isolated-load", "load"]
# Entries judged by --fail-on-bad: the pypet command and the isolated load API. `load` (in-process) is
# only reported.
GUARDED_ENTRIES = set(ENTRIES) - {"load"}
BAD = {"crash", "hang", "memory"}


def binary(name):
    path = os.path.join(BINARIES, name)
    if not os.access(path, os.X_OK):
        sys.exit(f"fuzz_files.py: {path} is missing; build first (swift build)")
    return path


PYPET, LOAD_CHECK = binary("pypet"), binary("pypet-load-check")


def make_seed_files(folder):
    """Small files from the four examples: name -> (path, a parameter, a run's result or None)."""
    runs = {
        "multiply": [binary("multiply"), "--file", "multiply.hdf5"],
        "rastrigin": [binary("rastrigin"), "--file", "rastrigin.hdf5", "--generations", "3", "--population", "10",
                      "--dimensions", "3", "--quiet"],
        "cellular-automata": [binary("cellular-automata"), "--file", "cellular-automata.hdf5", "--ncells", "60", "--steps", "30"],
        "store-runs": [binary("store-runs"), "--file", "store-runs.hdf5", "--runs", "40", "--checkpoint", "10", "--quiet"],
    }
    seeds = []
    for name, command in runs.items():
        done = subprocess.run(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
        if done.returncode != 0:
            sys.exit(f"fuzz_files.py: {name} failed: {done.stderr.decode(errors='replace')}")
        path = os.path.join(folder, name + ".hdf5")
        with h5py.File(path, "r") as f:
            trajectory = f[list(f.keys())[-1]]
            parameter = "parameters." + sorted(trajectory["parameters"].keys())[0]
            result = None
            if "runs" in trajectory.get("results", {}):
                run = sorted(trajectory["results/runs"].keys())[0]
                leaf = sorted(trajectory["results/runs"][run].keys())[0]
                result = f"results.runs.{run}.{leaf}"
        seeds.append((path, parameter, result))
    return seeds


def mutate(data, rng):
    """A damaged copy of `data`: 1 to 4 mutations."""
    data = bytearray(data)

    def offset():
        if rng.random() < 0.5:
            return rng.randrange(min(len(data), 8192))
        return rng.randrange(len(data))

    for _ in range(rng.randint(1, 4)):
        if len(data) < 64:
            break
        kind = rng.choice(["flip", "flip", "flip", "byte", "truncate", "zero", "swap", "copy", "insert"])
        if kind == "flip":
            for _ in range(rng.randint(1, 8)):
                data[offset()] ^= 1 << rng.randrange(8)
        elif kind == "byte":
            data[offset()] = rng.randrange(256)
        elif kind == "truncate":
            del data[rng.randrange(len(data)):]
        elif kind == "zero":
            start, length = offset(), rng.choice([1, 4, 8, 16, 64, 512, 4096])
            data[start:start + length] = bytes(len(data[start:start + length]))
        elif kind in ("swap", "copy"):
            length = rng.choice([8, 16, 64, 256, 1024])
            a, b = offset(), offset()
            if a + length > len(data) or b + length > len(data):
                continue
            first, second = bytes(data[a:a + length]), bytes(data[b:b + length])
            data[b:b + length] = first
            if kind == "swap":
                data[a:a + length] = second
        else:
            start = offset()
            data[start:start] = bytes(rng.randrange(256) for _ in range(rng.choice([1, 8, 64])))
    return bytes(data)


def limit_memory():
    cap = int(args.memory_cap * 1024 ** 3)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_entry(command, folder):
    """Runs one entry in a child (its own session, so a hang is killed with every process it started)."""
    environment = dict(os.environ, SWIFT_BACKTRACE="enable=no", PYPET_TIMEOUT=str(max(1.0, args.timeout * 0.6)))
    with open(os.path.join(folder, "stderr"), "w+b") as errors, open(os.path.join(folder, "stdout"), "w+b") as output:
        process = subprocess.Popen(command, cwd=folder, stdout=output, stderr=errors, env=environment,
                                   preexec_fn=limit_memory, start_new_session=True)
        deadline = time.monotonic() + args.timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = -9
                return "hang", ""
            time.sleep(0.005)
        process.returncode = 0  # reaped here; keep Popen from waiting again
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()
        if command[0] == LOAD_CHECK:
            # pypet-load-check exits 0 and prints {"status": "error", ...} for a typed error.
            output.seek(0)
            printed = output.read().decode(errors="replace").strip()
            if '"status":"error"' in printed:
                message = message or printed
                status = 1 << 8
    if usage.ru_maxrss > MEMORY_LIMIT_KIB:
        return "memory", message
    if os.WIFSIGNALED(status):
        # (for a pypet entry, this is the parent: the guard itself failed)
        return "crash", f"signal {os.WTERMSIG(status)}: {message[-300:]}"
    code = os.WEXITSTATUS(status)
    if code == 0:
        return "ok", ""
    if not message:
        return "crash", f"exit {code} without a message"
    return "error", message


def read_file(number, seeds, work):
    rng = random.Random(args.seed * 1_000_003 + number)
    seed_path, parameter, result = seeds[number % len(seeds)]
    folder = os.path.join(work, f"w{threading.get_ident()}")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "damaged.hdf5")
    with open(seed_path, "rb") as source:
        damaged = mutate(source.read(), rng)
    with open(path, "wb") as target:
        target.write(damaged)
    item = result if result is not None and number % 2 else parameter
    commands = {
        "inspect": [PYPET, "inspect", path],
        "runs": [PYPET, "runs", path],
        "status": [PYPET, "status", path],
        "generations": [PYPET, "generations", path],
        "show": [PYPET, "show", path, item],
        "export": [PYPET, "export", path, "-o", os.path.join(folder, "export.csv")],
        "notebook": [PYPET, "notebook", path, "-o", os.path.join(folder, "analysis.ipynb")],
        "isolated-load": [LOAD_CHECK, "--isolated", path],
        "load": [LOAD_CHECK, path],
    }
    outcomes = []
    chosen = ENTRIES
    if 0 < args.entries_per_file < len(ENTRIES):
        chosen = [ENTRIES[(number + k) % len(ENTRIES)] for k in range(args.entries_per_file)]
    for entry in chosen:
        outcome, message = run_entry(commands[entry], folder)
        guarded = outcome == "error" and "corrupt file: " in message and any(
            word in message for word in ("crashed", "did not finish", "hung"))
        outcomes.append((entry, outcome, guarded, message))
        if outcome in BAD and args.keep:
            os.makedirs(args.keep, exist_ok=True)
            shutil.copy(path, os.path.join(args.keep, f"file{number:05d}-{entry}-{outcome}.hdf5"))
    return number, os.path.basename(seed_path), outcomes


def main():
    work = tempfile.mkdtemp(prefix="pypet-fuzz-")
    started = time.monotonic()
    try:
        seeds = make_seed_files(work)
        counts = {entry: collections.Counter() for entry in ENTRIES}
        examples = collections.defaultdict(list)
        errors = collections.defaultdict(list)
        done = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for number, seed, outcomes in pool.map(lambda n: read_file(n, seeds, work), range(args.files)):
                done += 1
                for entry, outcome, guarded, message in outcomes:
                    counts[entry][outcome] += 1
                    if guarded:
                        counts[entry]["guarded"] += 1
                    if outcome in BAD and len(examples[entry]) < 5:
                        examples[entry].append(f"file {number} ({seed}): {outcome} {message[:200]}")
                    if outcome == "error" and len(errors[entry]) < args.show_errors:
                        errors[entry].append(f"file {number} ({seed}): {message[:400]}")
                if not args.quiet and done % 500 == 0:
                    guarded = sum((counts[e] for e in GUARDED_ENTRIES), collections.Counter())
                    print(f"  {done} files, {time.monotonic() - started:.0f} s: guarded entries "
                          f"{guarded['ok']} ok, {guarded['error']} error ({guarded['guarded']} guarded), "
                          f"{sum(guarded[o] for o in BAD)} crash/hang/memory; in-process load "
                          f"{counts['load']['crash']} crash, {counts['load']['hang']} hang, {counts['load']['memory']} memory",
                          flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - started
    per_file = args.entries_per_file if 0 < args.entries_per_file < len(ENTRIES) else len(ENTRIES)
    print(f"{args.files} mutated files (seed {args.seed}) x {per_file} entries in {elapsed:.0f} s")
    header = ["entry", "ok", "error", "(guarded)", "crash", "hang", "memory"]
    print("  ".join(f"{h:>11}" for h in header))
    totals = collections.Counter()
    for entry in ENTRIES:
        c = counts[entry]
        if entry in GUARDED_ENTRIES:
            totals.update(c)
        print("  ".join(f"{v:>11}" for v in [entry, c["ok"], c["error"], c["guarded"], c["crash"], c["hang"], c["memory"]]))
    print("  ".join(f"{v:>11}" for v in ["guarded sum", totals["ok"], totals["error"], totals["guarded"], totals["crash"],
                                         totals["hang"], totals["memory"]]))
    print("(guarded sum: the pypet commands and isolated-load, TrajectoryStorage.loadUntrusted; (guarded): errors where "
          "the reading child crashed or hung and the parent said so; load: TrajectoryStorage.load() in-process, not isolated)")
    for entry, lines in list(errors.items()) + list(examples.items()):
        for line in lines:
            print(f"  {entry}: {line}")
    bad = sum(totals[outcome] for outcome in BAD)
    if args.fail_on_bad and bad:
        print(f"FAILED: {bad} crash, hang or memory outcomes of the pypet command or the isolated load API")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
