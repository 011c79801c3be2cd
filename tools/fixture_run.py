"""make_fixtures.py's running of a case: sklearn's attributes, the checks (determinism, preset,
sensitivity, margins) and the job the C++ runner reads."""
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
from fixture_common import _Hooks  # noqa: F401


def _clean_params(est):
    p = est.get_params()
    p["hidden_layer_sizes"] = list(p["hidden_layer_sizes"]) if hasattr(p["hidden_layer_sizes"], "__iter__") else [p["hidden_layer_sizes"]]
    return to_json(p)


def _max_abs(a, b):
    if isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            return float("inf")
        return max([_max_abs(x, y) for x, y in zip(a, b)] + [0.0])
    if isinstance(a, float) and isinstance(b, (int, float)):
        return abs(a - b)
    return 0.0 if a == b else float("inf")


def snapshot_attrs(est, kind):
    out = {
        "coefs_": est.coefs_, "intercepts_": est.intercepts_, "loss_": est.loss_, "n_iter_": est.n_iter_, "t_": est.t_,
        "n_layers_": est.n_layers_, "n_outputs_": est.n_outputs_, "out_activation_": est.out_activation_,
        "n_features_in_": est.n_features_in_,
    }
    if hasattr(est, "loss_curve_") and est.solver != "lbfgs":
        out["loss_curve_"] = est.loss_curve_
        out["best_loss_"] = est.best_loss_
        out["validation_scores_"] = est.validation_scores_
        out["best_validation_score_"] = est.best_validation_score_
    if hasattr(est, "_optimizer"):
        out["optimizer_learning_rate"] = est._optimizer.learning_rate
    if kind == "clf":
        out["classes_"] = est.classes_
    return to_json(out)


def initial_full_batch(case, X, y, classes, dtype):
    """Loss and gradients of the preset weights on the full first-call data (sklearn's _backprop)."""
    est = make_estimator(case.kind, case.params, True)
    X = np.asarray(X, dtype=dtype)
    if case.kind == "clf" and classes is not None and not (np.ndim(y) == 2):
        est._label_binarizer = LabelBinarizer().fit(classes)
        est.classes_ = est._label_binarizer.classes_
        Y = est._label_binarizer.transform(y).astype(bool)
    else:
        X, Y = est._validate_input(X, y, False, True)
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    units = [X.shape[1]] + list(case.params["hidden_layer_sizes"]) + [Y.shape[1]]
    est._random_state = np.random.RandomState(0)
    est._initialize(Y, units, X.dtype)
    acts = [X] + [None] * (len(units) - 1)
    deltas = [None] * (len(acts) - 1)
    cg = [np.empty((a, b), dtype=X.dtype) for a, b in zip(units[:-1], units[1:])]
    ig = [np.empty(b, dtype=X.dtype) for b in units[1:]]
    loss, cg, ig = est._backprop(X, Y, acts, deltas, cg, ig)
    return to_json({"loss": loss, "coef_grads": cg, "intercept_grads": ig, "output_activations": acts[-1]})


def prediction_margin(est, X):
    """Smallest distance of a classifier decision from a tie (|p - 0.5| or top-1 minus top-2 softmax)."""
    P = est._forward_pass_fast(X)
    if est.out_activation_ == "softmax":
        s = np.sort(P, axis=1)
        return float(np.min(s[:, -1] - s[:, -2]))
    return float(np.min(np.abs(P - 0.5)))


def run_case(case, noise_seed=None, dtype=np.float64, noise_rel=NOISE_REL):
    est = make_estimator(case.kind, case.params, case.preset, noise_seed, noise_rel)
    calls = case.calls or [{"method": "fit"}]
    per_call = []
    msgs, cats = [], []
    lastX, lasty = None, None
    entry_ok = True
    with warnings.catch_warnings(record=True) as wlist:
        warnings.simplefilter("always")
        for c in calls:
            Xc = np.asarray(c.get("X", case.X), dtype=dtype)
            yc = c.get("y", case.y)
            if c["method"] == "fit":
                est.fit(Xc, yc)
            elif case.kind == "clf":
                est.partial_fit(Xc, yc, classes=c.get("classes"))
            else:
                est.partial_fit(Xc, yc)
            per_call.append(to_json({"method": c["method"], "n_iter_": est.n_iter_, "t_": est.t_, "loss_": est.loss_}))
            lastX, lasty = Xc, yc
    for w in wlist:
        msgs.append(str(w.message))
        cats.append(w.category.__name__)
    exp = snapshot_attrs(est, case.kind)
    exp["warnings"] = msgs
    exp["warning_categories"] = cats
    exp["per_call"] = per_call
    if case.solver == "lbfgs":
        exp["n_fun_evals"] = getattr(est, "_n_fun", 0)  # cumulative over all calls
    exp["train_score"] = to_json(est.score(lastX, lasty))
    if case.X_test is not None:
        Xt = np.asarray(case.X_test, dtype=dtype)
        exp["predict"] = to_json(est.predict(Xt))
        if case.kind == "clf":
            exp["predict_proba"] = to_json(est.predict_proba(Xt))
        exp["test_score"] = to_json(est.score(Xt, case.y_test))
    checks = {}
    if case.kind == "clf":
        checks["prediction_min_margin"] = prediction_margin(est, lastX)
        if case.X_test is not None:
            checks["prediction_min_margin"] = min(checks["prediction_min_margin"],
                                                  prediction_margin(est, np.asarray(case.X_test, dtype=dtype)))
    if case.preset:
        L = len(case.params["hidden_layer_sizes"]) + 1
        n_init = getattr(est, "_hook_calls", 0)
        checks["preset_hook_calls"] = n_init
        checks["preset_hook_calls_multiple_of_L"] = n_init > 0 and n_init % L == 0
        first = est._preset_log[:L]
        entry = est._entry_weights
        entry_ok = all(np.array_equal(entry[l], first[l][0].astype(dtype)) and np.array_equal(entry[L + l], first[l][1].astype(dtype))
                       for l in range(L))
        checks["weights_at_start_equal_preset"] = bool(entry_ok)
        checks["_preset_first"] = first
    return exp, checks


Case.solver = property(lambda self: self.params.get("solver", "adam"))


def job_of(case):
    job = {"estimator": "MLPClassifier" if case.kind == "clf" else "MLPRegressor"}
    est = make_estimator(case.kind, case.params, case.preset)
    job["params"] = _clean_params(est)
    job["precision"] = "float64"
    job["X"] = to_json(case.X)
    job["y"] = labels_json(case.y)
    if case.preset:
        # the preset arrays, for the shapes this job produces (first initialisation)
        calls = case.calls or [{"method": "fit"}]
        X0 = calls[0].get("X", case.X)
        y0 = calls[0].get("y", case.y)
        n_out = infer_n_outputs(case, y0, calls[0].get("classes"))
        units = [np.asarray(X0).shape[1]] + list(case.params["hidden_layer_sizes"]) + [n_out]
        coefs, inters = [], []
        for l in range(len(units) - 1):
            W, b = preset_layer(units[l], units[l + 1], l)
            coefs.append(W)
            inters.append(b)
        job["init"] = {"coefs": to_json(coefs), "intercepts": to_json(inters)}
    if case.calls:
        jc = []
        for c in case.calls:
            d = {"method": c["method"]}
            if "classes" in c and c["classes"] is not None:
                d["classes"] = labels_json(c["classes"])
            if "X" in c:
                d["X"] = to_json(np.asarray(c["X"]))
                d["y"] = labels_json(c["y"])
            jc.append(d)
        job["calls"] = jc
    if case.X_test is not None:
        job["X_test"] = to_json(case.X_test)
        job["y_test"] = labels_json(case.y_test)
    return job


def infer_n_outputs(case, y, classes):
    y = np.asarray(y)
    if case.kind == "reg":
        return 1 if y.ndim == 1 else y.shape[1]
    if y.ndim == 2:
        return y.shape[1]
    k = len(np.unique(np.asarray(classes if classes is not None else y)))
    return 1 if k <= 2 else k


DISCRETE_KEYS = ["n_iter_", "t_", "warnings", "classes_", "n_layers_", "n_outputs_", "out_activation_"]
CONT_KEYS = ["loss_curve_", "coefs_", "intercepts_", "predict_proba", "loss_", "validation_scores_", "test_score", "train_score"]


def compare(a, b, kind):
    """(max abs diff over continuous keys, list of discrete keys that differ)"""
    diffs = {}
    bad = []
    for k in CONT_KEYS:
        if k in a:
            if a[k] is None or b.get(k) is None:
                if a[k] != b.get(k):
                    bad.append(k)
                continue
            diffs[k] = _max_abs(a[k], b[k])
    for k in DISCRETE_KEYS:
        if a.get(k) != b.get(k):
            bad.append(k)
    if kind == "clf" and a.get("predict") != b.get("predict"):
        bad.append("predict")
    if kind == "clf" and a.get("validation_scores_") != b.get("validation_scores_"):
        bad.append("validation_scores_(accuracy)")
    if kind == "reg" and "predict" in a:
        diffs["predict"] = _max_abs(a["predict"], b["predict"])
    return diffs, bad


def exact_tolerance():
    t = {k: EXACT_TOL for k in ["loss_curve_", "loss_", "best_loss_", "coefs_", "intercepts_", "predict_proba", "train_score",
                                "test_score", "validation_scores_", "best_validation_score_", "optimizer_learning_rate",
                                "initial_full_batch"]}
    t["predict"] = "1e-10 for MLPRegressor; exact for MLPClassifier"
    t["mode"] = "exact"
    t["note"] = ("absolute tolerances; n_iter_, t_, n_layers_, n_outputs_, out_activation_, classes_, warnings, "
                 "classifier predict and classifier validation_scores_ (accuracies) must match exactly")
    return t


def informational_tolerance():
    return {"mode": "informational",
            "note": "lbfgs: our L-BFGS is not a port of scipy's L-BFGS-B; compare loss_, scores and n_iter_ loosely "
                    "(e.g. loss_ within a few percent or better, scores close); weights and n_iter_ may differ"}


def decision_margin(exp, params):
    """Smallest distance of any stopping-rule comparison from its threshold (replays sklearn's counter logic)."""
    tol = params["tol"]
    m = float("inf")
    if exp.get("validation_scores_") is not None:
        best = -float("inf")
        for s in exp["validation_scores_"]:
            if best != -float("inf"):
                if not (tol == 0 and s == best):  # equal accuracies compare exactly
                    m = min(m, abs(s - (best + tol)))
                if s != best:
                    m = min(m, abs(s - best))
            best = max(best, s)
    elif exp.get("loss_curve_"):
        best = float("inf")
        for l in exp["loss_curve_"]:
            if best != float("inf"):
                m = min(m, abs(l - (best - tol)), abs(l - best))
            best = min(best, l)
    return m


def process_case(case, check=True):
    exp, checks = run_case(case)
    out = {"id": case.id, "description": case.description}
    out["tolerance"] = exact_tolerance() if case.mode == "exact" else informational_tolerance()
    out["job"] = job_of(case)
    out["expected"] = exp
    if case.preset:
        first_log = checks.pop("_preset_first")
        ok = len(first_log) == len(out["job"]["init"]["coefs"]) and all(
            np.array_equal(np.array(out["job"]["init"]["coefs"][l]), first_log[l][0])
            and np.array_equal(np.array(out["job"]["init"]["intercepts"][l]), first_log[l][1]) for l in range(len(first_log)))
        checks["job_init_equals_weights_sklearn_used"] = bool(ok)
        if not ok:
            raise SystemExit("case %s: job init differs from the preset sklearn used" % case.id)
        first = (case.calls or [{"method": "fit"}])[0]
        exp["initial_full_batch"] = initial_full_batch(case, first.get("X", case.X), first.get("y", case.y),
                                                       first.get("classes"), np.float64)
    if check:
        exp2, _ = run_case(case)
        checks["deterministic"] = json.dumps(exp2, sort_keys=True) == json.dumps({k: v for k, v in exp.items() if k != "initial_full_batch"}, sort_keys=True)
        if not checks["deterministic"]:
            raise SystemExit("case %s is not deterministic" % case.id)
        if case.mode == "exact":
            expn, _ = run_case(case, noise_seed=12345)
            diffs, bad = compare(exp, expn, case.kind)
            checks["sensitivity"] = max(diffs.values()) if diffs else 0.0
            checks["sensitivity_discrete_changes"] = bad
            if checks.get("prediction_min_margin", 1.0) < 1e-9:
                print("WARNING: case %s has a prediction within 1e-9 of a tie" % case.id, file=sys.stderr)
                checks["sensitive"] = True
            if case.solver != "lbfgs":
                checks["stopping_rule_min_margin"] = decision_margin(exp, case.params)
                if checks["stopping_rule_min_margin"] < 1e-9:
                    print("WARNING: case %s has a stopping comparison within 1e-9 of its threshold" % case.id, file=sys.stderr)
                    checks["sensitive"] = True
            if bad or checks["sensitivity"] > SENSITIVITY_LIMIT:
                print("WARNING: case %s is sensitive: %g %s" % (case.id, checks["sensitivity"], bad), file=sys.stderr)
                checks["sensitive"] = True
        if case.preset and not checks.get("weights_at_start_equal_preset", False):
            raise SystemExit("case %s: preset not applied" % case.id)
        # random_state must not matter for preset + shuffle=False + no early stopping (no draws at all)
        if case.preset and not case.params.get("shuffle", True) and not case.params.get("early_stopping", False):
            other = Case(case.id, "", case.kind, case.X, case.y, dict(case.params, random_state=12345), preset=True,
                         calls=case.calls, X_test=case.X_test, y_test=case.y_test)
            e_other, _ = run_case(other)
            same = json.dumps(e_other, sort_keys=True) == json.dumps(exp2, sort_keys=True)
            checks["identical_for_random_state_12345"] = same
            if not same:
                raise SystemExit("case %s depends on random_state" % case.id)
    if case.float32:
        e32, _ = run_case(case, dtype=np.float32)
        out["float32_expected"] = {k: e32[k] for k in ["coefs_", "intercepts_", "loss_", "loss_curve_", "n_iter_", "t_",
                                                        "train_score", "predict", "predict_proba", "test_score", "warnings"]
                                   if k in e32}
        if check:
            e32n, _ = run_case(case, noise_seed=999, dtype=np.float32, noise_rel=6e-8)
            d, bad = compare(e32, e32n, case.kind)
            checks["float32_sensitivity_6e-8_noise"] = max(d.values()) if d else 0.0
            checks["float32_sensitivity_discrete_changes"] = bad
            d64, _ = compare(exp, e32, case.kind)
            checks["float32_vs_float64_max_abs_diff"] = max(d64.values()) if d64 else 0.0
        out["float32_tolerance"] = {"mode": "float32", "loss_curve_": 1e-4, "coefs_": 1e-3, "intercepts_": 1e-3,
                                    "predict_proba": 1e-3, "note": "job with precision float32 (X cast to float32 as sklearn keeps it)"}
    out["checks"] = checks
    return out


# --------------------------------------------------------------------------
# Acceptance-style lbfgs fits with the spread over random_state 0..4
# --------------------------------------------------------------------------
