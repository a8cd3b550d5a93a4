#!/usr/bin/env bash
# Proves that the standalone optimizer module PypetOptimizers (Algorithms/Optimizers) does not depend on
# HDF5: its target dependency closure (from `swift package describe --type json`) holds no HDF5 target,
# no PypetStorage or Pypet, no system library but CGSL, and no source file of the module or of its test
# target imports one of them. Then builds the module alone. Run from the package root (make test runs it).
set -euo pipefail
SWIFT=${SWIFT:-swift}
PYTHON=${PYTHON:-python3}
cd "$(dirname "$0")/.."

description=$(mktemp)
trap 'rm -f "$description"' EXIT
"$SWIFT" package describe --type json >"$description"

"$PYTHON" - "$description" <<'PY'
import json, sys
package = json.load(open(sys.argv[1]))
targets = {t["name"]: t for t in package["targets"]}
allowed = {"PypetOptimizers", "GSLRandom", "CGSL", "PypetCore"}
forbidden = {"HDF5", "CHDF5", "PypetStorage", "Pypet", "PypetAlgorithms", "CMPI", "PypetMPI", "CProcess"}

def closure(name):
    seen, stack = set(), [name]
    while stack:
        current = stack.pop()
        if current in seen or current not in targets:
            continue
        seen.add(current)
        stack.extend(targets[current].get("target_dependencies", []))
    return seen

for root in ("PypetOptimizers", "PypetOptimizersTests"):
    if root not in targets:
        sys.exit(f"check_optimizer_deps: no target {root}")
    local = closure(root)
    bad = sorted(local & forbidden)
    if bad:
        sys.exit(f"check_optimizer_deps: {root} depends on {', '.join(bad)}")
    unexpected = sorted(local - allowed - {root})
    if unexpected:
        sys.exit(f"check_optimizer_deps: {root} depends on targets outside {sorted(allowed)}: {', '.join(unexpected)}")
    products = sorted({p for t in local for p in targets[t].get("product_dependencies", [])})
    if any(p not in ("ComplexModule", "RealModule", "Numerics") for p in products):
        sys.exit(f"check_optimizer_deps: {root} uses packages other than swift-numerics: {products}")
    print(f"check_optimizer_deps: {root} closure {sorted(local)}, products {products}")
PY

# No source of the module or its tests imports a forbidden module.
if grep -rnE '^\s*(@_exported\s+)?((public|package|internal|private|fileprivate)\s+)?import\s+(HDF5|CHDF5|PypetStorage|Pypet|PypetAlgorithms|PypetMPI|CMPI|CProcess)\b' \
    --include='*.swift' Algorithms/Optimizers Tests/PypetOptimizersTests; then
    echo "check_optimizer_deps: the imports above are not allowed in PypetOptimizers" >&2
    exit 1
fi
grep -rhoE --include='*.swift' '^\s*((public|package|internal)\s+)?import\s+\w+' Algorithms/Optimizers | awk '{print $NF}' | sort -u | tr '\n' ' ' |
    sed 's/^/check_optimizer_deps: PypetOptimizers imports: /'
echo

# The module builds alone (its closure only).
if [ "${CHECK_OPTIMIZER_BUILD:-1}" = 1 ]; then
    "$SWIFT" build --target PypetOptimizers >/dev/null
    echo "check_optimizer_deps: swift build --target PypetOptimizers succeeded"
fi
