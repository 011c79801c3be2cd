"""make_fixtures.py --verify: every job replayed from the JSON alone."""
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


def replay_job(job):
    """Runs a job exactly as written in the JSON (what the C++ runner sees) with sklearn; returns expected-like dict."""
    kind = "clf" if job["estimator"] == "MLPClassifier" else "reg"
    params = {k: (float(v) if v in ("inf", "-inf") else v) for k, v in job["params"].items()}
    est = make_estimator(kind, params, False)
    if "init" in job:
        coefs = [np.array(c, dtype=float) for c in job["init"]["coefs"]]
        inters = [np.array(b, dtype=float) for b in job["init"]["intercepts"]]

        def init_coef(fan_in, fan_out, dtype, _est=est):
            l = len(_est.coefs_)
            assert coefs[l].shape == (fan_in, fan_out)
            return coefs[l].astype(dtype), inters[l].astype(dtype)
        est._init_coef = init_coef
    msgs = []
    with warnings.catch_warnings(record=True) as wl:
        warnings.simplefilter("always")
        for c in job.get("calls", [{"method": "fit"}]):
            X = np.array(c.get("X", job["X"]), dtype=float)
            y = np.array(c.get("y", job["y"]))
            if c["method"] == "fit":
                est.fit(X, y)
            elif kind == "clf":
                est.partial_fit(X, y, classes=c.get("classes"))
            else:
                est.partial_fit(X, y)
    msgs = [str(w.message) for w in wl]
    exp = snapshot_attrs(est, kind)
    exp["warnings"] = msgs
    exp["train_score"] = to_json(est.score(X, y))
    if "X_test" in job:
        Xt = np.array(job["X_test"], dtype=float)
        exp["predict"] = to_json(est.predict(Xt))
        if kind == "clf":
            exp["predict_proba"] = to_json(est.predict_proba(Xt))
        exp["test_score"] = to_json(est.score(Xt, np.array(job["y_test"])))
    return exp


def verify_file(path):
    """Replays every job of an existing fixture file from its JSON alone and checks the expected values bit for bit."""
    doc = json.load(open(path))
    n_bad = 0
    for c in doc["cases"]:
        got = replay_job(c["job"])
        bad = [k for k, v in got.items() if k in c["expected"] and json.dumps(v) != json.dumps(c["expected"][k])]
        if bad:
            n_bad += 1
        print("%-45s %s" % (c["id"], "OK" if not bad else "MISMATCH " + ", ".join(bad)), file=sys.stderr)
    print("%d cases, %d mismatches" % (len(doc["cases"]), n_bad), file=sys.stderr)
    return n_bad == 0
