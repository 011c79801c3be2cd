#!/usr/bin/python3
"""Writes tests/fixtures/sklearn_datasets_more.json: scikit-learn 1.2.1 outputs
of make_moons, make_circles, make_blobs and make_regression for several seeds
and parameter sets, for the C++ ports' tests (tests/cpp/test_datasets.cpp).

A dev tool only; the tests read the JSON and never run Python. Needs Debian's
python3-sklearn, so run it with /usr/bin/python3:

    /usr/bin/python3 tools/make_dataset_fixtures.py
"""
import json
import pathlib

import numpy
import sklearn
from sklearn import datasets

SEEDS = [1, 7, 42, 2024]

# (generator, params without random_state); each is run for every seed.
PARAM_SETS = [
    ("make_moons", {"n_samples": 10, "noise": 0.2}),
    ("make_moons", {"n_samples": 13}),
    ("make_moons", {"n_samples": 9, "noise": 0.1, "shuffle": False}),
    ("make_moons", {"n_samples": 1, "noise": 0.3}),
    ("make_circles", {"n_samples": 12, "noise": 0.1, "factor": 0.5}),
    ("make_circles", {"n_samples": 11}),
    ("make_circles", {"n_samples": 8, "noise": 0.05, "shuffle": False, "factor": 0.0}),
    ("make_blobs", {"n_samples": 12, "centers": 3, "n_features": 2, "cluster_std": 1.5}),
    ("make_blobs", {"n_samples": 11}),
    ("make_blobs", {"n_samples": 10, "centers": 4, "n_features": 3, "center_box": [-2.0, 5.0]}),
    ("make_blobs", {"n_samples": 10, "centers": [[0, 0], [3, 3]], "cluster_std": 0.5}),
    ("make_blobs", {"n_samples": 9, "centers": [[0, 0, 1], [3, 3, -1], [-2, 1, 0]], "cluster_std": [0.3, 1.0, 2.5]}),
    ("make_blobs", {"n_samples": 7, "centers": 2, "cluster_std": [0.2, 3.0], "shuffle": False}),
    ("make_regression", {"n_samples": 8, "n_features": 2, "noise": 10.0}),
    ("make_regression", {"n_samples": 6, "n_features": 3, "n_informative": 2, "noise": 0.0}),
    ("make_regression", {"n_samples": 7, "n_features": 4, "n_informative": 2, "n_targets": 2, "bias": 3.5}),
    ("make_regression", {"n_samples": 9, "n_features": 5, "n_informative": 3, "n_targets": 2, "noise": 1.5,
                         "bias": -2.0}),
    ("make_regression", {"n_samples": 5, "n_features": 3, "noise": 0.5, "shuffle": False}),
    ("make_regression", {"n_samples": 20}),
]


def as_list(a):
    """numpy array -> nested lists of Python floats/ints (json keeps every float digit)."""
    return numpy.asarray(a).tolist()


def main():
    cases = []
    for seed in SEEDS:
        for generator, params in PARAM_SETS:
            full = dict(params, random_state=seed)
            call = dict(full)
            if "center_box" in call:
                call["center_box"] = tuple(call["center_box"])
            X, y = getattr(datasets, generator)(**call)
            cases.append({"generator": generator, "params": full, "X": as_list(X), "y": as_list(y)})
    out = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": numpy.__version__,
        "note": "Written by tools/make_dataset_fixtures.py; seeds " + ", ".join(map(str, SEEDS)) + ".",
        "cases": cases,
    }
    path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sklearn_datasets_more.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
