# swift-pypet: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
PYTHON := .venv/bin/python

.PHONY: demo test bench crash-test fuzz bootstrap build clean docs notebooks

## Install what is missing (Debian packages, Python venv); safe to repeat.
bootstrap:
	bash scripts/bootstrap

## Set up, build in release mode and run the main demo: a genetic algorithm tunes the hyperparameters of a
## neural network trained on the UCI digits, every training a run on every core, every generation recorded in
## hdf5/optimize-hyperparameters.hdf5; then the generations are read back (pypet command and h5py).
demo: bootstrap
	$(SWIFT) build -c release --product optimize-hyperparameters
	$(SWIFT) build -c release --product pypet
	.build/release/optimize-hyperparameters --generations 10 --cores 0 --file hdf5/optimize-hyperparameters.hdf5
	@echo
	@echo "== pypet generations hdf5/optimize-hyperparameters.hdf5"
	.build/release/pypet generations hdf5/optimize-hyperparameters.hdf5
	@echo
	@echo "== the same with h5py (scripts/show_generations.py); h5dump -n hdf5/optimize-hyperparameters.hdf5 lists the file"
	$(PYTHON) scripts/show_generations.py hdf5/optimize-hyperparameters.hdf5

## Set up, build, and run every test, including the h5py and PyTables cross-checks, then run the examples and
## execute every notebook of notebooks-export/ (fails if a cell fails or a figure is missing).
test: bootstrap
	$(SWIFT) build --build-tests
	# The standalone optimizer module: no HDF5 in its dependency graph or imports, and it builds alone.
	SWIFT=$(SWIFT) PYTHON=$(PYTHON) scripts/check_optimizer_deps.sh
	# The public face: Algorithms/Driver compiles as an outside module; journal and part types stay hidden.
	scripts/check_public_api.sh
	SWIFT=$(SWIFT) scripts/swift_test
	$(PYTHON) scripts/export_notebooks.py --binaries .build/debug
	# The network framework with an optimizer: fit an input weight to a target rate (3 small generations).
	.build/debug/network-rate-fit --file hdf5/network-rate-fit.hdf5 --generations 3 --population 6 --cores 2
	# docs/FILE-LAYOUT.md against the examples' files: every listed group, dataset, attribute and column.
	$(PYTHON) scripts/check_layout_doc.py --binaries .build/debug
	# MPI: mpirun -n 3 equals a serial run; kill -9 of rank 0 then --resume equals an uninterrupted run.
	$(PYTHON) scripts/mpi_test.py --binary .build/debug/rastrigin --kills 2
	# Synchronous pruning on the demo: tasks, worker processes and mpirun -n 3 write the file an inline run writes.
	$(PYTHON) scripts/executor_pruning_test.py --binary .build/debug/optimize-hyperparameters
	# Again with this module's own lock around every libhdf5 call (the path non-thread-safe builds take).
	SWIFT_PYPET_HDF5_SERIALIZE=1 SWIFT=$(SWIFT) scripts/swift_test --skip-build --filter 'HDF5Tests\.(ConcurrencyTests|FileTests|TableTests|DatasetTests)'
	# A quick fuzz pass: 500 damaged files, each through 4 of the 9 entries in rotation; fails on any crash,
	# hang or memory outcome of the pypet command or the isolated load API (make fuzz runs the full 10,000).
	$(PYTHON) scripts/fuzz_files.py --binaries .build/debug --files 500 --entries-per-file 4 --seed 1 --fail-on-bad --quiet

## Release-build benchmarks against the Python anchors (h5py, PyTables), medians and ratios.
bench: bootstrap
	$(SWIFT) build -c release --product pypet-bench
	$(PYTHON) bench/run.py

## 100 kill -9 trials against the release build of the store-runs example, then 100 kill-and-resume
## trials of an optimization (the rastrigin example) compared with an uninterrupted run, and 20 of PBT.
crash-test: bootstrap
	$(SWIFT) build -c release --product store-runs
	$(PYTHON) scripts/crash_test.py --binary .build/release/store-runs --trials 100 --runs 300
	$(SWIFT) build -c release --product rastrigin
	$(PYTHON) scripts/resume_crash_test.py --binary .build/release/rastrigin --trials 100 --cores 1,2
	$(PYTHON) scripts/resume_crash_test.py --binary .build/release/rastrigin --trials 20 --cores 1,2 --algorithm tpe
	$(PYTHON) scripts/resume_crash_test.py --binary .build/release/rastrigin --trials 20 --cores 1,2 --algorithm cmaes --extra "--restarts bipop" --generations 40
	# Population-based training on the digits network: every member continues from a checkpoint saved by an earlier run.
	$(SWIFT) build -c release --product optimize-hyperparameters
	$(PYTHON) scripts/resume_crash_test.py --binary .build/release/optimize-hyperparameters --algorithm pbt --quiet-flag "" \
	  --allowed-leftovers .checkpoints --trials 20 --cores 1,2 --generations 8 --population 8 --extra "--step-epochs 2"

## Fuzz test of reading damaged files (scripts/fuzz_files.py, release build): 10,000 mutated copies of files the
## examples write (bit flips, truncations, zeroed, swapped and copied blocks, inserted bytes), each through every
## read-only pypet command (inspect, runs, status, generations, show, export, notebook), the isolated load API
## (TrajectoryStorage.loadUntrusted) and the in-process load (TrajectoryStorage.load, reported apart), each in a
## child with a timeout and a 2 GiB address-space cap; prints counts by outcome (ok, error, crash, hang,
## memory over 1 GiB) and fails on a crash, hang or memory outcome of a guarded entry. About an hour on 2 cores.
## Not part of make test, which runs a 500-file pass.
fuzz: bootstrap
	for product in pypet pypet-load-check multiply rastrigin cellular-automata store-runs; do \
	  $(SWIFT) build -c release --product $$product || exit 1; \
	done
	$(PYTHON) scripts/fuzz_files.py --binaries .build/release --files 10000 --seed 2026 --fail-on-bad

## DocC documentation of every public module, as static sites in docs/api/<module> (open index.html
## through a web server, or `swift package --disable-sandbox preview-documentation --target Pypet`).
docs:
	mkdir -p docs/api
	for module in HDF5 GSLRandom PypetCore PypetStorage Pypet PypetOptimizers PypetAlgorithms PypetNetwork; do \
	  $(SWIFT) package --allow-writing-to-directory docs/api generate-documentation --target $$module \
	    --output-path docs/api/$$module --disable-indexing --transform-for-static-hosting --hosting-base-path $$module || exit 1; \
	done
	@echo "documentation in docs/api/<module>"

## Regenerate the committed notebooks of notebooks-export/ with `pypet notebook` (without outputs).
notebooks: bootstrap
	$(SWIFT) build
	$(PYTHON) scripts/export_notebooks.py --binaries .build/debug --regenerate

build:
	$(SWIFT) build

clean:
	rm -rf .build hdf5 bench/results
