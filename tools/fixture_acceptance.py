"""make_fixtures.py's acceptance-style lbfgs fits, with their spread over random_state 0..4."""
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

from fixture_common import *  # noqa: F401,F403
from fixture_run import *  # noqa: F401,F403
from fixture_run import _clean_params  # noqa: F401


def spread_case(id, description, kind, X, y, Xt, yt, params, seeds=range(5), extra_max_iter=(1000,)):
    base = MLPClassifier if kind == "clf" else MLPRegressor

    def fit_seed(rs, max_iter=None):
        p = dict(params, random_state=rs)
        if max_iter is not None:
            p["max_iter"] = max_iter
        est = base(**p)
        with warnings.catch_warnings(record=True) as wl:
            warnings.simplefilter("always")
            est.fit(X, y)
        return est, [str(w.message) for w in wl]

    def summary(vals):
        return {"min": min(vals), "max": max(vals), "mean": float(np.mean(vals))}

    def spread_for(max_iter=None):
        per = []
        for rs in seeds:
            est, ws = fit_seed(rs, max_iter)
            per.append({"random_state": rs, "loss_": float(est.loss_), "n_iter_": int(est.n_iter_),
                        "train_score": float(est.score(X, y)), "test_score": float(est.score(Xt, yt)), "warnings": ws})
        return {"per_seed": per, "loss_": summary([p["loss_"] for p in per]),
                "n_iter_": summary([p["n_iter_"] for p in per]),
                "train_score": summary([p["train_score"] for p in per]),
                "test_score": summary([p["test_score"] for p in per])}

    est, ws = fit_seed(0)
    est2, ws2 = fit_seed(0)
    det = np.array_equal(_pack(est), _pack(est2)) and ws == ws2
    if not det:
        raise SystemExit("spread case %s not deterministic" % id)
    exp = snapshot_attrs(est, kind)
    exp["warnings"] = ws
    exp["train_score"] = float(est.score(X, y))
    exp["test_score"] = float(est.score(Xt, yt))
    exp["predict"] = to_json(est.predict(Xt))
    if kind == "clf":
        exp["predict_proba"] = to_json(est.predict_proba(Xt))
    exp["spread"] = spread_for()
    exp["spread"]["random_states"] = list(seeds)
    exp["spread"]["max_iter"] = params.get("max_iter", 200)
    for mi in extra_max_iter:
        s = spread_for(mi)
        s["max_iter"] = mi
        exp.setdefault("spread_other_max_iter", []).append(s)
    job = {"estimator": "MLPClassifier" if kind == "clf" else "MLPRegressor",
           "params": _clean_params(base(**dict(params, random_state=0))), "precision": "float64",
           "X": to_json(X), "y": to_json(y), "X_test": to_json(Xt), "y_test": to_json(yt)}
    return {"id": id, "description": description, "tolerance": informational_tolerance(), "job": job, "expected": exp,
            "checks": {"deterministic": det}}


def _pack(est):
    return np.concatenate([c.ravel() for c in est.coefs_] + [b.ravel() for b in est.intercepts_])


def acceptance_cases():
    out = []
    X, y = make_moons(1000, noise=0.2, random_state=0)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)
    out.append(spread_case("acc_moons_lbfgs_10x10_relu",
                           "make_moons(1000, noise=0.2, random_state=0), train_test_split(test_size=0.3, random_state=0); "
                           "MLPClassifier((10,10), relu, lbfgs), defaults otherwise; job = random_state 0; spread over 0..4",
                           "clf", Xtr, ytr, Xte, yte, dict(hidden_layer_sizes=(10, 10), activation="relu", solver="lbfgs")))
    X, y = make_regression(500, 2, noise=10, random_state=0)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)
    out.append(spread_case("acc_regression_lbfgs_32x32_relu",
                           "make_regression(500, 2, noise=10, random_state=0), split test_size=0.3 random_state=0; "
                           "MLPRegressor((32,32), relu, lbfgs), defaults otherwise; job = random_state 0; spread over 0..4",
                           "reg", Xtr, ytr, Xte, yte, dict(hidden_layer_sizes=(32, 32), activation="relu", solver="lbfgs")))
    rs = np.random.RandomState(0)
    X = rs.uniform(-1, 1, size=(300, 1))
    y = np.sin(np.pi * X[:, 0]) + rs.normal(0, 0.1, 300)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)
    out.append(spread_case("acc_sine_lbfgs_20_tanh",
                           "RandomState(0): X = uniform(-1, 1, (300, 1)), y = sin(pi x) + normal(0, 0.1, 300); split test_size=0.3 "
                           "random_state=0; MLPRegressor((20,), tanh, lbfgs), defaults otherwise; job = random_state 0; spread over 0..4",
                           "reg", Xtr, ytr, Xte, yte, dict(hidden_layer_sizes=(20,), activation="tanh", solver="lbfgs")))
    return out
