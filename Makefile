# swift-pypet: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
PYTHON := .venv/bin/python

.PHONY: demo test bench crash-test bootstrap build clean docs

## Install what is missing (Debian packages, Python venv); safe to repeat.
bootstrap:
	bash scripts/bootstrap

## Set up, build in release mode and run the demo: a genetic algorithm minimizes the 10-D Rastrigin function through
## the environment on every core, each generation recorded in hdf5/rastrigin.hdf5, then read back with h5py.
demo: bootstrap
	$(SWIFT) build -c release --product rastrigin
	.build/release/rastrigin --algorithm ga --generations 100 --cores 0 --file hdf5/rastrigin.hdf5
	@echo
	@echo "The file: hdf5/rastrigin.hdf5 (h5dump -n hdf5/rastrigin.hdf5 lists it). Best of each generation, read with h5py:"
	$(PYTHON) scripts/show_generations.py hdf5/rastrigin.hdf5

## Set up, build, and run every test, including the h5py and PyTables cross-checks.
test: bootstrap
	$(SWIFT) build --build-tests
	$(SWIFT) test
	# Again with this module's own lock around every libhdf5 call (the path non-thread-safe builds take).
	SWIFT_PYPET_HDF5_SERIALIZE=1 $(SWIFT) test --skip-build --filter 'HDF5Tests\.(ConcurrencyTests|FileTests|TableTests|DatasetTests)'

## Release-build benchmarks against the Python anchors (h5py, PyTables), medians and ratios.
bench: bootstrap
	$(SWIFT) build -c release --product pypet-bench
	$(PYTHON) bench/run.py

## 100 kill -9 trials against the release build of the store-runs example, then 100 kill-and-resume
## trials of an optimization (the rastrigin example) compared with an uninterrupted run.
crash-test: bootstrap
	$(SWIFT) build -c release --product store-runs
	$(PYTHON) scripts/crash_test.py --binary .build/release/store-runs --trials 100 --runs 300
	$(SWIFT) build -c release --product rastrigin
	$(PYTHON) scripts/resume_crash_test.py --binary .build/release/rastrigin --trials 100 --cores 1,2

build:
	$(SWIFT) build

clean:
	rm -rf .build hdf5 bench/results
