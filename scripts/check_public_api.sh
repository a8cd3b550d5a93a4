#!/usr/bin/env bash
# The public face of `import Pypet` (issue 16): type-checks code as a user outside this package would, against
# the modules of a finished debug build (.build/debug/Modules), so `package` declarations are invisible.
#  1. Every file of Algorithms/Driver compiles as such an outside module: the environment driver reaches
#     storage only through Pypet's public API.
#  2. The journal, part and record types cannot be named after `import Pypet` / `import PypetAlgorithms`.
#  3. A user's file that loads a file, reads its run status and commits a trajectory result compiles.
# Usage: scripts/check_public_api.sh   (after `swift build --build-tests`; SWIFTC overrides the compiler)
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFTC=${SWIFTC:-swiftc}
MODULES=.build/debug/Modules
[ -d "$MODULES" ] || { echo "check_public_api: no $MODULES; run 'swift build --build-tests' first" >&2; exit 2; }
FLAGS=(-typecheck -swift-version 6 -I "$MODULES" -I Sources/CHDF5 -I Sources/CGSL -I Sources/CMPI -I Sources/CProcess)
for include in $(pkg-config --cflags-only-I hdf5 2>/dev/null | sed 's/-I//g') /usr/include/hdf5/serial; do
    FLAGS+=(-Xcc "-I$include")
done
while IFS= read -r map; do FLAGS+=(-Xcc "-fmodule-map-file=$map"); done < <(find .build/checkouts -name module.modulemap 2>/dev/null)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# 1. The driver as an outside module.
if ! "$SWIFTC" "${FLAGS[@]}" -module-name DriverOutsideCheck Algorithms/Driver/*.swift >"$work/driver.log" 2>&1; then
    echo "check_public_api: Algorithms/Driver uses declarations that are not public:" >&2
    grep -E "error:" "$work/driver.log" | sort -u | head -20 >&2
    failures=$((failures + 1))
fi

# 2. Storage internals stay out of reach.
for name in RunRecord RunStore Journal PartFile PartSealer ResultsIndex ResultsTable BinaryReader BinaryWriter CRC32 \
            TrajectoryWriter TrajectoryReader OverviewWriter HDF5File ProcessRole WorkerMessage PruningPlan; do
    printf "import Pypet\nimport PypetAlgorithms\nlet named: Any.Type = %s.self\nprint(named)\n" "$name" >"$work/hidden_$name.swift"
    if "$SWIFTC" "${FLAGS[@]}" -module-name HiddenCheck "$work/hidden_$name.swift" >"$work/$name.log" 2>&1; then
        echo "check_public_api: '$name' can be named after 'import Pypet'; it must be internal or package" >&2
        failures=$((failures + 1))
    elif ! grep -q "cannot find '$name' in scope" "$work/$name.log"; then
        echo "check_public_api: the check for '$name' failed for another reason:" >&2
        grep -E "error:" "$work/$name.log" | head -5 >&2
        failures=$((failures + 1))
    fi
done

# 3. What a user needs compiles.
cat >"$work/user.swift" <<'SWIFT'
import Pypet
import PypetAlgorithms

func look(at file: String) async throws {
    let storage = TrajectoryStorage(path: file)
    let status: RunStatusReport = try storage.runStatus()
    print(status.completed.count, status.failed.count, status.pruned.count)
    let loaded = try storage.load(options: LoadOptions(results: .skeleton))
    print(loaded.trajectory.name, try storage.runValues().count)
    var summary = TrajectoryResult("results.summary", comment: "a summary")
    summary.set("best", .double(0.5))
    try summary.add(to: loaded.trajectory)
    let environment = try Environment(trajectory: Trajectory(name: "check"), options: EnvironmentOptions())
    _ = environment
    _ = try OptimizationStatus.read(file: file)
}
SWIFT
if ! "$SWIFTC" "${FLAGS[@]}" -module-name UserCheck "$work/user.swift" >"$work/user.log" 2>&1; then
    echo "check_public_api: a user's file does not compile against the public API:" >&2
    grep -E "error:" "$work/user.log" | head -10 >&2
    failures=$((failures + 1))
fi

if [ "$failures" -ne 0 ]; then
    echo "check_public_api: $failures problem(s)" >&2
    exit 1
fi
echo "check_public_api: ok (the driver compiles as an outside module; 17 internal types hidden; the user file compiles)"
