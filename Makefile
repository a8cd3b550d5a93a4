# swift-pypet: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
PYTHON := .venv/bin/python

.PHONY: demo test bench crash-test bootstrap build clean

## Install what is missing (Debian packages, Python venv); safe to repeat.
bootstrap:
	bash scripts/bootstrap

## Set up, build in release mode and run the demo (writes hdf5/hdf5-tour.hdf5 and prints it).
demo: bootstrap
	$(SWIFT) build -c release --product hdf5-tour
	.build/release/hdf5-tour

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

## 100 kill -9 trials against the release build of the store-runs example.
crash-test: bootstrap
	$(SWIFT) build -c release --product store-runs
	$(PYTHON) scripts/crash_test.py --binary .build/release/store-runs --trials 100 --runs 300

build:
	$(SWIFT) build

clean:
	rm -rf .build hdf5 bench/results
