#!/usr/bin/python3
"""Generate tests/fixtures/sklearn_jobs.json: reference jobs + expected results
from real scikit-learn 1.2.1 (Debian's python3-sklearn).

Developer tool only; the C++ tests read the JSON and never run Python.

Usage (use the system interpreter, the pyenv python3 has no sklearn):

    /usr/bin/python3 tools/make_fixtures.py [--out tests/fixtures/sklearn_jobs.json]
                                            [--no-check] [--only SUBSTRING]
    /usr/bin/python3 tools/make_fixtures.py --verify tests/fixtures/sklearn_jobs.json
    /usr/bin/python3 tools/make_fixtures.py --search [tests/fixtures/sklearn_search.json]
        (only the search fixtures: tools/fixture_search.py)

Output: {"sklearn_version", "numpy_version", "scipy_version", "generator",
"preset_formula", "tolerance_note", "cases": [...]}, each case
{"id", "description", "tolerance", "job", "expected"} (+ optional
"float32_expected", "float32_tolerance", "checks").

"job" is exactly what the C++ JSON job runner (mlp-run) consumes:
    {"estimator": "MLPClassifier"|"MLPRegressor", "params": {all constructor
     params, hidden_layer_sizes as a list, n_iter_no_change may be "inf"},
     "precision": "float64", "X", "y", ["init": {"coefs", "intercepts"}],
     ["calls": [{"method": "fit"} | {"method": "partial_fit", "classes"}, each
     optionally with its own "X"/"y"]], ["X_test", "y_test"]}
"expected" holds scikit-learn's attributes after all calls (coefs_,
intercepts_, loss_, loss_curve_, best_loss_, validation_scores_,
best_validation_score_, n_iter_, t_, n_layers_, n_outputs_, out_activation_,
n_features_in_, classes_, optimizer_learning_rate = _optimizer.learning_rate),
"warnings" (messages of every warning raised during the calls, in order; the
categories are in "warning_categories"), "per_call" (n_iter_, t_, loss_ after
each call), "train_score" (score on the last call's X/y), and with X_test:
"predict", "predict_proba" (classifier), "test_score".  Preset-weight cases
also have "initial_full_batch" (loss and gradients of the preset weights on
the first call's full X/y, from sklearn's _backprop).  lbfgs cases have
"n_fun_evals" (objective evaluations by scipy; informational).

Preset initial weights ("init" in the job): sklearn's private hook
_init_coef(fan_in, fan_out, dtype) is overridden in a subclass (spec section
19) to return W_l[i][j] = 0.5*sin(1+i+2j+3l), b_l[j] = 0.1*cos(1+j+3l), with
l = len(self.coefs_) at call time; no random numbers are drawn.  All other
sklearn code runs unchanged.  Cases without "init" use sklearn's real Glorot
init from random_state.

Checks done for every case (recorded in "checks"):
  * determinism: the case is run twice; the JSON of both runs must be equal;
  * preset: the hook ran L times per initialisation and the weights on entry
    to _fit_stochastic / _fit_lbfgs equal the preset bit-for-bit;
  * sensitivity: the case is re-run with every gradient multiplied by
    (1 + 1e-15 * N(0,1)) (a separate noise RNG), emulating the rounding
    differences of another BLAS/Eigen summation order.  The maximum absolute
    change of loss_curve_/coefs_/intercepts_/predict_proba is recorded as
    "sensitivity" and discrete results (n_iter_, predictions, validation
    accuracies, warnings) must not change.  Exact cases must stay below
    1e-12 (100x below the 1e-10 tolerance), otherwise the case is flagged
    ("sensitive": true, with a warning on stderr);
  * margins: "stopping_rule_min_margin" (closest any tol/no-change comparison
    came to its threshold) and "prediction_min_margin" (closest classifier
    output to a tie: |p - 0.5| or top-1 minus top-2) must exceed 1e-9;
  * job replay (--verify): every job is rebuilt from the JSON alone (params,
    init, calls, data as written) and re-run in sklearn; the expected values
    must come out bit for bit.
Behaviour of sklearn 1.2.1 that the spec does not spell out is listed in
NOTES (written to "sklearn_behaviour_notes").

Runtime: about 30 s on 2 vCPUs.

Data: small deterministic formula datasets (see make_X and the label/target
helpers below) written into each job; the acceptance-style lbfgs cases use
make_moons(1000, noise=0.2, random_state=0), make_regression(500, 2,
noise=10, random_state=0) and a 1-D sine (RandomState(0): x = uniform(-1, 1,
300), y = sin(pi x) + normal(0, 0.1, 300)), each split with
train_test_split(test_size=0.3, random_state=0).
"""
import argparse
import json
import math
import os
import platform
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.datasets import make_moons, make_regression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import LabelBinarizer

from fixture_acceptance import acceptance_cases
from fixture_cases import build_cases
from fixture_common import DEFAULT_OUT
from fixture_run import process_case
from fixture_search import write_search_fixture
from fixture_verify import verify_file

NOTES = [
    "Early stopping restore is `self.coefs_ = self._best_coefs` (no copy): afterwards coefs_ and _best_coefs are the same "
    "arrays, so a later warm_start fit that never beats best_validation_score_ 'restores' its own current weights "
    "(see ws_early_stopping_bin_adam, ws_early_stopping_reg_sgd).",
    "After a fit with early_stopping=True, partial_fit raises TypeError in 1.2.1 (best_loss_ is None and partial_fit uses "
    "the training-loss rule: `self.best_loss_ - self.tol`). No job covers it.",
    "With warm_start=True, partial_fit requires y to contain exactly the classes of classes_ (ValueError 'warm_start can only "
    "be used where `y` has the same classes...'); a subset of classes is only accepted when warm_start=False.",
    "partial_fit with classes= on a later call must equal classes_ (ValueError otherwise); order in the argument does not matter.",
    "float32 X: coefs_/intercepts_ stay float32; loss_ is a Python/numpy float64; for MLPRegressor y stays float64, so "
    "the output deltas and coefficient gradients are float64 while the parameters are float32 (mixed precision).",
    "MLPRegressor(solver='lbfgs').partial_fit runs a full L-BFGS fit from the current weights and warns each time it hits max_iter.",
]



def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--only", default=None, help="only cases whose id contains this (for debugging; prints, does not write)")
    ap.add_argument("--no-acceptance", action="store_true")
    ap.add_argument("--search", metavar="FILE", nargs="?", const="tests/fixtures/sklearn_search.json",
                    help="write only the search fixtures (GridSearchCV, RandomizedSearchCV, curves, splitters)")
    ap.add_argument("--verify", metavar="FILE", help="replay every job of FILE from the JSON alone and compare with its expected values")
    args = ap.parse_args()
    if args.verify:
        sys.exit(0 if verify_file(args.verify) else 1)
    if args.search:
        doc = write_search_fixture(args.search)
        print("wrote %s (%d cases, %d bytes)" % (args.search, len(doc["cases"]), os.path.getsize(args.search)),
              file=sys.stderr)
        return
    if sklearn.__version__ != "1.2.1":
        print("WARNING: scikit-learn %s, fixtures are meant for 1.2.1" % sklearn.__version__, file=sys.stderr)
    cases = build_cases()
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "duplicate ids"
    if args.only:
        for c in cases:
            if args.only in c.id:
                o = process_case(c, check=not args.no_check)
                e = o["expected"]
                print(c.id, "n_iter", e["n_iter_"], "loss", e["loss_"], "val", e.get("validation_scores_"),
                      "lr", e.get("optimizer_learning_rate"), "warn", e["warnings"], "test", e.get("test_score"), o["checks"])
        return
    out_cases = []
    for c in cases:
        o = process_case(c, check=not args.no_check)
        e = o["expected"]
        print("%-45s n_iter=%-3s loss=%.6g warn=%d sens=%s" % (c.id, e["n_iter_"], e["loss_"], len(e["warnings"]),
                                                            o["checks"].get("sensitivity")), file=sys.stderr)
        out_cases.append(o)
    if not args.no_acceptance:
        out_cases.extend(acceptance_cases())
    doc = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "python_version": platform.python_version(),
        "generator": "tools/make_fixtures.py (run with /usr/bin/python3)",
        "preset_formula": "init.coefs[l][i][j] = 0.5*sin(1+i+2j+3l); init.intercepts[l][j] = 0.1*cos(1+j+3l) "
                          "(injected by overriding sklearn's _init_coef; no random numbers drawn for init)",
        "tolerance_note": "tolerance values are absolute; mode 'exact' = float64 parity cases, 'informational' = lbfgs. "
                          "checks.sensitivity = max change when every gradient is perturbed by a relative 1e-15 (see generator doc).",
        "sklearn_behaviour_notes": NOTES,
        "cases": out_cases,
    }
    with open(args.out, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("wrote %s (%d cases, %d bytes)" % (args.out, len(out_cases), os.path.getsize(args.out)), file=sys.stderr)


if __name__ == "__main__":
    main()
