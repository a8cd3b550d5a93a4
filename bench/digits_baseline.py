#!/usr/bin/env python3
"""Baseline for the main demo: scikit-learn's MLPClassifier with its default settings on the demo's split.

Usage: <venv with scikit-learn and h5py>/bin/python bench/digits_baseline.py FILE [--seeds 0,1,2,3,4]

FILE is an HDF5 file written by optimize-hyperparameters (it stores its stratified split under
results/split); the digits come from Examples/optimize-hyperparameters/Data/digits.csv. scikit-learn is not a
runtime need of swift-pypet: install it in a separate venv (for example `python3 -m venv .venv-bench &&
.venv-bench/bin/pip install scikit-learn h5py`). Prints the validation and test error of each seed and the means.
"""
import argparse
import os
import warnings

import h5py
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--data", default=os.path.join(HERE, "..", "Examples", "optimize-hyperparameters", "Data", "digits.csv"))
    arguments = parser.parse_args()
    table = np.loadtxt(arguments.data, delimiter=",")
    features, labels = table[:, :64] / 16.0, table[:, 64].astype(int)
    with h5py.File(arguments.file, "r") as f:
        trajectory = f[list(f.keys())[-1]]
        split = trajectory["results/split"]
        train, validation, test = (split[name][()] for name in ("train", "validation", "test"))
    errors = []
    for seed in (int(s) for s in arguments.seeds.split(",")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = MLPClassifier(random_state=seed).fit(features[train], labels[train])
        validation_error = 1 - model.score(features[validation], labels[validation])
        test_error = 1 - model.score(features[test], labels[test])
        errors.append((validation_error, test_error))
        print(f"MLPClassifier() seed {seed}: validation error {100 * validation_error:.2f} %, test error {100 * test_error:.2f} %")
    mean = np.mean(errors, axis=0)
    print(f"mean over {len(errors)} seeds: validation error {100 * mean[0]:.2f} %, test error {100 * mean[1]:.2f} % "
          f"({len(train)} train, {len(validation)} validation, {len(test)} test digits)")


if __name__ == "__main__":
    main()
