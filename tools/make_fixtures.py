#!/usr/bin/python3
"""Generate tests/fixtures/sklearn_jobs.json: reference jobs + expected results
from real scikit-learn 1.2.1 (Debian's python3-sklearn).

Developer tool only; the C++ tests read the JSON and never run Python.

Usage (use the system interpreter, the pyenv python3 has no sklearn):

    /usr/bin/python3 tools/make_fixtures.py [--out tests/fixtures/sklearn_jobs.json]
                                            [--no-check] [--only SUBSTRING]
    /usr/bin/python3 tools/make_fixtures.py --verify tests/fixtures/sklearn_jobs.json

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

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "tests", "fixtures", "sklearn_jobs.json")

EXACT_TOL = 1e-10
SENSITIVITY_LIMIT = 1e-12
NOISE_REL = 1e-15


# --------------------------------------------------------------------------
# JSON conversion
# --------------------------------------------------------------------------
def to_json(o):
    """numpy / python values -> plain JSON values (inf -> "inf")."""
    if isinstance(o, dict):
        return {str(k): to_json(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [to_json(v) for v in o]
    if isinstance(o, np.ndarray):
        return [to_json(v) for v in o.tolist()] if o.ndim > 0 else to_json(o.item())
    if isinstance(o, (bool, np.bool_)):
        return bool(o)
    if isinstance(o, (int, np.integer)):
        return int(o)
    if isinstance(o, (float, np.floating)):
        f = float(o)
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        if math.isnan(f):
            return "nan"
        return f
    if isinstance(o, (str, np.str_)):
        return str(o)
    if o is None:
        return None
    raise TypeError("cannot convert %r" % type(o))


# --------------------------------------------------------------------------
# Estimator subclasses: preset init, gradient noise, evaluation counting
# --------------------------------------------------------------------------
def preset_layer(fan_in, fan_out, layer):
    W = np.array([[0.5 * math.sin(1 + i + 2 * j + 3 * layer) for j in range(fan_out)] for i in range(fan_in)])
    b = np.array([0.1 * math.cos(1 + j + 3 * layer) for j in range(fan_out)])
    return W, b


class _Hooks:
    _use_preset = False
    _noise_rs = None  # np.random.RandomState for the sensitivity run
    _noise_rel = NOISE_REL

    def _init_coef(self, fan_in, fan_out, dtype):
        if not self._use_preset:
            return super()._init_coef(fan_in, fan_out, dtype)
        layer = len(self.coefs_)
        W, b = preset_layer(fan_in, fan_out, layer)
        self._hook_calls = getattr(self, "_hook_calls", 0) + 1
        self._preset_log = getattr(self, "_preset_log", [])
        self._preset_log.append((W.copy(), b.copy()))
        return W.astype(dtype, copy=False), b.astype(dtype, copy=False)

    def _backprop(self, X, y, activations, deltas, coef_grads, intercept_grads):
        loss, cg, ig = super()._backprop(X, y, activations, deltas, coef_grads, intercept_grads)
        if self._noise_rs is not None:
            for g in list(cg) + list(ig):
                g *= 1 + self._noise_rel * self._noise_rs.standard_normal(g.shape)
            loss = loss * (1 + self._noise_rel * self._noise_rs.standard_normal())
        return loss, cg, ig

    def _loss_grad_lbfgs(self, packed, X, y, activations, deltas, coef_grads, intercept_grads):
        self._n_fun = getattr(self, "_n_fun", 0) + 1
        if self._n_fun == 1:
            self._entry_weights = [c.copy() for c in self.coefs_] + [b.copy() for b in self.intercepts_]
        return super()._loss_grad_lbfgs(packed, X, y, activations, deltas, coef_grads, intercept_grads)

    def _fit_stochastic(self, X, y, activations, deltas, coef_grads, intercept_grads, layer_units, incremental):
        if not hasattr(self, "_entry_weights"):
            self._entry_weights = [c.copy() for c in self.coefs_] + [b.copy() for b in self.intercepts_]
        return super()._fit_stochastic(X, y, activations, deltas, coef_grads, intercept_grads, layer_units, incremental)


def make_estimator(kind, params, preset, noise_seed=None, noise_rel=NOISE_REL):
    base = MLPClassifier if kind == "clf" else MLPRegressor
    cls = type("Hooked" + base.__name__, (_Hooks, base), {})
    est = cls(**params)
    est._use_preset = preset
    est._noise_rs = np.random.RandomState(noise_seed) if noise_seed is not None else None
    est._noise_rel = noise_rel
    return est


# --------------------------------------------------------------------------
# Small deterministic datasets
# --------------------------------------------------------------------------
_G = [math.sqrt(2.0), math.sqrt(3.0), math.sqrt(5.0), math.sqrt(7.0)]


def make_X(n, d, off=0):
    X = np.empty((n, d))
    for i in range(n):
        k = i + off + 1
        for f in range(d):
            u = (k * _G[f] + 0.13 * f) % 1.0
            X[i, f] = 3.0 * u - 1.5 + 0.1 * math.sin(1.7 * k + f)
    return X


def y_multiclass(X, K, names=None):
    ang = np.arctan2(X[:, 1] + 0.1, X[:, 0])
    k = np.floor((ang + math.pi) / (2 * math.pi / K)).astype(int) % K
    if names is None:
        return k
    return np.array([names[i] for i in k], dtype=object)


def y_binary(X, names=(0, 1)):
    pos = X[:, 0] * X[:, 1] + 0.2 * X[:, 0] > 0
    return np.array([names[1] if p else names[0] for p in pos], dtype=object if isinstance(names[0], str) else int)


def y_binary_imbalanced(X, names=(0, 1)):
    pos = X[:, 0] + 0.3 * X[:, 1] > 0.55
    return np.array([names[1] if p else names[0] for p in pos], dtype=object if isinstance(names[0], str) else int)


def y_multilabel(X):
    return np.stack([X[:, 0] > 0, X[:, 1] > 0.2, X[:, 0] + X[:, 1] < 0.5], axis=1).astype(int)


def y_regression(X, k=1):
    y1 = np.sin(1.5 * X[:, 0]) + 0.5 * X[:, 1] ** 2 - 0.3 * X[:, 0] * X[:, 1]
    if X.shape[1] > 2:
        y1 = y1 + 0.25 * X[:, 2]
    if k == 1:
        return y1
    y2 = np.cos(X[:, 1]) + 0.4 * X[:, 0] - 0.5
    return np.stack([y1, y2], axis=1)


def labels_json(y):
    """labels -> JSON values (ints stay ints, strings stay strings)."""
    return to_json(np.asarray(y) if not isinstance(y, list) else y)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------
BASE = dict(alpha=0.01, max_iter=15, tol=1e-4, n_iter_no_change=10, random_state=0, shuffle=False)
SGD_NEST = dict(solver="sgd", learning_rate_init=0.05, momentum=0.9, nesterovs_momentum=True, learning_rate="constant")
SGD_MOM = dict(solver="sgd", learning_rate_init=0.05, momentum=0.9, nesterovs_momentum=False, learning_rate="constant")
SGD_PLAIN = dict(solver="sgd", learning_rate_init=0.1, momentum=0.0, learning_rate="constant")
SGD_INV = dict(solver="sgd", learning_rate_init=0.5, momentum=0.9, nesterovs_momentum=True, learning_rate="invscaling", power_t=0.5)
SGD_ADAPT = dict(solver="sgd", learning_rate_init=0.05, momentum=0.9, nesterovs_momentum=True, learning_rate="adaptive")
ADAM = dict(solver="adam", learning_rate_init=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-8)
LBFGS = dict(solver="lbfgs")


class Case:
    def __init__(self, id, description, kind, X, y, params, preset=True, calls=None, X_test=None, y_test=None,
                 mode="exact", float32=False, extra=None):
        self.id, self.description, self.kind = id, description, kind
        self.X, self.y, self.X_test, self.y_test = X, y, X_test, y_test
        p = dict(BASE)
        p.update(params)
        self.params = p
        self.preset, self.calls, self.mode, self.float32 = preset, calls, mode, float32
        self.extra = extra or {}


def data_mc(n, d, K, names=None, nt=16):
    X = make_X(n, d)
    Xt = make_X(nt, d, off=500)
    return X, y_multiclass(X, K, names), Xt, y_multiclass(Xt, K, names)


def data_bin(n, d, names=(0, 1), nt=16, imbalanced=False):
    f = y_binary_imbalanced if imbalanced else y_binary
    X = make_X(n, d)
    Xt = make_X(nt, d, off=500)
    return X, f(X, names), Xt, f(Xt, names)


def data_reg(n, d, k=1, nt=16):
    X = make_X(n, d)
    Xt = make_X(nt, d, off=500)
    return X, y_regression(X, k), Xt, y_regression(Xt, k)


def data_ml(n, d, nt=16):
    X = make_X(n, d)
    Xt = make_X(nt, d, off=500)
    return X, y_multilabel(X), Xt, y_multilabel(Xt)


def P(*dicts, **kw):
    out = {}
    for d in dicts:
        out.update(d)
    out.update(kw)
    return out


ANIMALS3 = ["cat", "dog", "emu"]
ANIMALS4 = ["ant", "bee", "cat", "dog"]


def build_cases():
    C = []
    add = C.append

    # ---------------- 1. softmax multiclass ----------------
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("mc3_int_relu_sgd_nesterov_b5_noshuffle", "3 classes int labels, (4,) relu, sgd nesterov, batch 5, shuffle=False",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="relu", batch_size=5), X_test=Xt, y_test=yt,
             float32=True))
    X, y, Xt, yt = data_mc(30, 2, 3, ANIMALS3)
    add(Case("mc3_str_logistic_sgd_momentum_b7_shuffle", "3 classes cat/dog/emu, (5,) logistic, sgd plain momentum, batch 7, shuffle rs=7",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[5], activation="logistic", batch_size=7, shuffle=True, random_state=7),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(24, 3, 4, nt=16)
    y = np.array([[2, 5, 7, 11][k] for k in y])
    yt = np.array([[2, 5, 7, 11][k] for k in yt])
    add(Case("mc4_int_tanh_adam_b1_shuffle", "4 classes labels 2/5/7/11, 3 features, (4,3) tanh, adam, batch 1, shuffle rs=3, 10 epochs",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4, 3], activation="tanh", batch_size=1, shuffle=True, random_state=3, max_iter=10),
             X_test=Xt, y_test=yt, float32=True))
    X, y, Xt, yt = data_mc(32, 2, 4, ANIMALS4)
    add(Case("mc4_str_identity_adam_bn", "4 string classes, (3,) identity, adam, batch n (full batch), shuffle=False",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[3], activation="identity", batch_size=32), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 3)
    add(Case("mc3_relu_sgd_mom0_auto_shuffle", "3 classes, (6,) relu, sgd momentum=0 lr 0.1, batch 'auto' (=n), shuffle rs=11",
             "clf", X, y, P(SGD_PLAIN, hidden_layer_sizes=[6], activation="relu", batch_size="auto", shuffle=True, random_state=11),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3, ANIMALS3)
    add(Case("mc3_str_tanh_sgd_invscaling_b7_shuffle", "3 string classes, (4,) tanh, sgd invscaling lr0 0.5, batch 7, shuffle rs=5",
             "clf", X, y, P(SGD_INV, hidden_layer_sizes=[4], activation="tanh", batch_size=7, shuffle=True, random_state=5),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(36, 2, 4)
    add(Case("mc4_logistic_sgd_adaptive_b5", "4 classes, (5,) logistic, sgd adaptive, tol=0.05 n_iter_no_change=2: lr /5 several times, batch 5",
             "clf", X, y, P(SGD_ADAPT, hidden_layer_sizes=[5], activation="logistic", batch_size=5, tol=0.05, n_iter_no_change=2, max_iter=20),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("mc3_batch_gt_n_clipped", "3 classes, (4,) tanh, adam, batch_size 100 > n=30: clipping UserWarning, then ConvergenceWarning",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="tanh", batch_size=100, max_iter=10), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(42, 3, 3, ANIMALS3)
    add(Case("mc3_str_relu2_adam_b7_shuffle", "3 string classes, 3 features, (5,4) relu, adam, batch 7, shuffle rs=2",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5, 4], activation="relu", batch_size=7, shuffle=True, random_state=2),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(25, 2, 3)
    add(Case("mc3_identity_sgd_momentum_b7_rsnull", "3 classes, (3,) identity, sgd momentum, batch 7, shuffle=False, random_state=null (no draws happen)",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[3], activation="identity", batch_size=7, random_state=None),
             X_test=Xt, y_test=yt))

    # ---------------- 2. regression ----------------
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("reg1_relu_sgd_nesterov_b7_noshuffle", "regression 1 target, (4,) relu, sgd nesterov lr 0.05, batch 7, shuffle=False",
             "reg", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="relu", batch_size=7), X_test=Xt, y_test=yt, float32=True))
    X, y, Xt, yt = data_reg(30, 3)
    add(Case("reg1_tanh_adam_b5_shuffle", "regression 1 target, 3 features, (5,) tanh, adam, batch 5, shuffle rs=4",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[5], activation="tanh", batch_size=5, shuffle=True, random_state=4),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 2)
    add(Case("reg1_identity_sgd_momentum_auto", "regression 1 target, (3,) identity, sgd plain momentum lr 0.02, batch auto",
             "reg", X, y, P(SGD_MOM, learning_rate_init=0.02, hidden_layer_sizes=[3], activation="identity", batch_size="auto"),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(35, 2, k=2)
    add(Case("reg2_relu_adam_b7_shuffle", "regression 2 targets, (6,) relu, adam, batch 7, shuffle rs=9",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[6], activation="relu", batch_size=7, shuffle=True, random_state=9),
             X_test=Xt, y_test=yt, float32=True))
    X, y, Xt, yt = data_reg(30, 3, k=2)
    add(Case("reg2_tanh_sgd_invscaling_bn", "regression 2 targets, 3 features, (4,) tanh, sgd invscaling lr0 0.2, full batch",
             "reg", X, y, P(SGD_INV, learning_rate_init=0.2, hidden_layer_sizes=[4], activation="tanh", batch_size=30),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(20, 2, k=2)
    add(Case("reg2_identity_adam_b1_shuffle", "regression 2 targets, (3,) identity, adam, batch 1, shuffle rs=1, 10 epochs",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[3], activation="identity", batch_size=1, shuffle=True, random_state=1, max_iter=10),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("reg1_logistic_sgd_adaptive_b5", "regression, (4,) logistic, sgd adaptive, tol=0.01 n_iter_no_change=2, batch 5, shuffle rs=6",
             "reg", X, y, P(SGD_ADAPT, hidden_layer_sizes=[4], activation="logistic", batch_size=5, tol=0.01, n_iter_no_change=2,
                            max_iter=25, shuffle=True, random_state=6), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 4)
    add(Case("reg1_relu2_adam_b7", "regression, 4 features, (5,4) relu, adam, batch 7, shuffle=False",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[5, 4], activation="relu", batch_size=7), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("reg1_tanh_sgd_mom0_b7_shuffle", "regression, (4,) tanh, sgd momentum=0 lr 0.1, batch 7, shuffle rs=13",
             "reg", X, y, P(SGD_PLAIN, hidden_layer_sizes=[4], activation="tanh", batch_size=7, shuffle=True, random_state=13),
             X_test=Xt, y_test=yt))

    # ---------------- 3. multilabel ----------------
    X, y, Xt, yt = data_ml(35, 2)
    add(Case("ml3_relu_adam_b7_shuffle", "multilabel 3 columns (2-D 0/1 y), (5,) relu, adam, batch 7, shuffle rs=8",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5], activation="relu", batch_size=7, shuffle=True, random_state=8),
             X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_ml(30, 3)
    add(Case("ml3_logistic_sgd_nesterov_bn", "multilabel 3 columns, 3 features, (4,) logistic, sgd nesterov, full batch",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="logistic", batch_size=30), X_test=Xt, y_test=yt))

    # ---------------- 4. binary ----------------
    X, y, Xt, yt = data_bin(30, 2, names=(-1, 1))
    add(Case("bin_pm1_tanh_sgd_nesterov_b7_shuffle", "binary labels -1/1, (3,) tanh, sgd nesterov, batch 7, shuffle rs=0",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[3], activation="tanh", batch_size=7, shuffle=True, random_state=0),
             X_test=Xt, y_test=yt, float32=True))
    X, y, Xt, yt = data_bin(30, 2, names=("no", "yes"))
    add(Case("bin_str_relu_adam_b5", "binary labels no/yes, (4,) relu, adam, batch 5, shuffle=False",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=5), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(25, 3, names=(3, 10))
    add(Case("bin_int_logistic_sgd_invscaling_b7", "binary labels 3/10, 3 features, (4,) logistic, sgd invscaling, batch 7, shuffle rs=21",
             "clf", X, y, P(SGD_INV, hidden_layer_sizes=[4], activation="logistic", batch_size=7, shuffle=True, random_state=21),
             X_test=Xt, y_test=yt))

    # ---------------- 5. early stopping ----------------
    ES = dict(early_stopping=True, validation_fraction=0.2)
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("es_bin_adam_stop", "binary, early stopping (stratified split, val 0.2), adam lr 0.01, n_iter_no_change=2 tol=0.05: stops early, best weights restored",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[5], activation="tanh", batch_size=8, n_iter_no_change=2, tol=0.05,
                            max_iter=30, shuffle=True, random_state=5), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(45, 2, names=("a", "b"), imbalanced=True)
    add(Case("es_bin_str_imbalanced_sgd", "binary a/b imbalanced, early stopping stratified (n=45, val 9), sgd nesterov, batch 7, n_iter_no_change=3 tol=0.01",
             "clf", X, y, P(SGD_NEST, ES, hidden_layer_sizes=[4], activation="relu", batch_size=7, n_iter_no_change=3, tol=0.01,
                            max_iter=30, shuffle=True, random_state=17), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 3)
    add(Case("es_mc3_adam", "3 classes, early stopping (NOT stratified in 1.2.1), adam, batch 5, n_iter_no_change=2 tol=0.05",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[6], activation="relu", batch_size=5, n_iter_no_change=2, tol=0.05,
                            max_iter=30, shuffle=True, random_state=1), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 4, ANIMALS4)
    add(Case("es_mc4_str_sgd_noshuffle", "4 string classes, early stopping (not stratified), sgd momentum, batch 8, shuffle=False (rows in split-permutation order)",
             "clf", X, y, P(SGD_MOM, ES, hidden_layer_sizes=[5], activation="tanh", batch_size=8, n_iter_no_change=3, tol=0.01,
                            max_iter=30, random_state=3), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 2)
    add(Case("es_reg1_adam", "regression, early stopping (R^2 validation), adam lr 0.01, batch 8, n_iter_no_change=2 tol=0.01",
             "reg", X, y, P(ADAM, ES, hidden_layer_sizes=[5], activation="tanh", batch_size=8, n_iter_no_change=2, tol=0.01,
                            max_iter=30, shuffle=True, random_state=2), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 2, k=2)
    add(Case("es_reg2_sgd_maxiter", "regression 2 targets, early stopping, sgd nesterov, never stops (tol 0): runs to max_iter with warning, best weights restored",
             "reg", X, y, P(SGD_NEST, ES, hidden_layer_sizes=[4], activation="relu", batch_size=8, n_iter_no_change=5, tol=0.0,
                            max_iter=15, shuffle=True, random_state=4), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_ml(40, 2)
    add(Case("es_ml3_adam", "multilabel, early stopping (not stratified, subset accuracy), adam, batch 8, n_iter_no_change=2 tol=0.05",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[5], activation="relu", batch_size=8, n_iter_no_change=2, tol=0.05,
                            max_iter=30, shuffle=True, random_state=6), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("es_bin_sgd_adaptive", "binary, early stopping with sgd adaptive: lr /5 instead of stopping, n_iter_no_change=1 tol=0.1",
             "clf", X, y, P(SGD_ADAPT, ES, hidden_layer_sizes=[4], activation="tanh", batch_size=8, n_iter_no_change=1, tol=0.1,
                            max_iter=20, shuffle=True, random_state=8), X_test=Xt, y_test=yt))

    # ---------------- 6. stopping rules ----------------
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("stop_tol_mc3_adam", "3 classes adam, tol=0.02 n_iter_no_change=3: training-loss rule stops at epoch 28 before max_iter=40 (no warning)",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=7, tol=0.02, n_iter_no_change=3,
                            max_iter=40, shuffle=True, random_state=3), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("stop_tol_reg_sgd", "regression sgd nesterov, tol=0.01 n_iter_no_change=2: stops before max_iter=30",
             "reg", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="tanh", batch_size=10, tol=0.01, n_iter_no_change=2,
                            max_iter=30), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2)
    add(Case("stop_adaptive_lr_too_small", "binary sgd adaptive lr0 1e-4, tol=10 n_iter_no_change=1: lr /5 three times then 'learning rate too small' stop",
             "clf", X, y, P(SGD_ADAPT, learning_rate_init=1e-4, hidden_layer_sizes=[3], activation="tanh", batch_size=7, tol=10.0,
                            n_iter_no_change=1, max_iter=30), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("stop_inf_n_iter_no_change_adam", "3 classes adam, n_iter_no_change=inf with tol=10: never stops, runs max_iter=20 (warning)",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="tanh", batch_size=7, tol=10.0, n_iter_no_change=float("inf"),
                            max_iter=20, shuffle=True, random_state=2), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("stop_inf_adaptive_sgd", "regression sgd adaptive, n_iter_no_change=inf tol=10: lr never decreases, 20 epochs",
             "reg", X, y, P(SGD_ADAPT, hidden_layer_sizes=[4], activation="relu", batch_size=7, tol=10.0, n_iter_no_change=float("inf"),
                            max_iter=20), X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2)
    add(Case("stop_rule_at_exactly_max_iter", "binary sgd momentum, tol=0.01 n_iter_no_change=2: the stop rule fires at epoch 37 = max_iter; "
             "the break comes before the max_iter check, so NO ConvergenceWarning",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[3], activation="relu", batch_size=6, tol=0.01, n_iter_no_change=2,
                            max_iter=37, shuffle=True, random_state=10), X_test=Xt, y_test=yt))
    add(Case("stop_rule_one_after_max_iter", "same as stop_rule_at_exactly_max_iter but max_iter=36: runs out one epoch before the rule fires (warning)",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[3], activation="relu", batch_size=6, tol=0.01, n_iter_no_change=2,
                            max_iter=36, shuffle=True, random_state=10), X_test=Xt, y_test=yt))

    # ---------------- 7. partial_fit / warm_start ----------------
    X, y, Xt, yt = data_mc(36, 2, 3)
    chunks = [(X[:12], y[:12]), (X[12:24], y[12:24])]
    m = np.isin(y[24:], [0, 1])
    chunks.append((X[24:][m], y[24:][m]))
    calls = [{"method": "partial_fit", "X": chunks[0][0], "y": chunks[0][1], "classes": [0, 1, 2]},
             {"method": "partial_fit", "X": chunks[1][0], "y": chunks[1][1]},
             {"method": "partial_fit", "X": chunks[2][0], "y": chunks[2][1]},
             {"method": "partial_fit", "X": chunks[0][0], "y": chunks[0][1]}]
    add(Case("pf_mc3_sgd_subset_classes", "3-class partial_fit x4 (classes=[0,1,2]); 3rd call has only classes 0,1; sgd nesterov batch 5 shuffle rs=4 (same permutation per call for equal n)",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="tanh", batch_size=5, shuffle=True, random_state=4),
             calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 3, ANIMALS3)
    sub = np.isin(y, ["cat", "emu"])
    calls = [{"method": "partial_fit", "X": X[:20], "y": y[:20], "classes": ["emu", "cat", "dog"]},
             {"method": "partial_fit", "X": X[20:][sub[20:]], "y": y[20:][sub[20:]]},
             {"method": "partial_fit", "X": X, "y": y, "classes": ["cat", "dog", "emu"]},
             {"method": "partial_fit", "X": X[20:], "y": y[20:]}]
    add(Case("pf_mc3_str_adam", "string 3-class partial_fit x4, adam batch 6 shuffle=False; first classes given unsorted, 2nd call lacks 'dog', 3rd repeats classes",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5], activation="relu", batch_size=6), calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2, names=(-1, 1))
    calls = [{"method": "partial_fit", "X": X[:15], "y": y[:15], "classes": [-1, 1]},
             {"method": "partial_fit", "X": X[15:][y[15:] == 1], "y": y[15:][y[15:] == 1]},
             {"method": "partial_fit", "X": X, "y": y}]
    add(Case("pf_bin_pm1_adam", "binary -1/1 partial_fit x3 (2nd call only class 1), adam batch 5 shuffle rs=12",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[3], activation="tanh", batch_size=5, shuffle=True, random_state=12),
             calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    calls = [{"method": "partial_fit", "X": X[:10], "y": y[:10]}, {"method": "partial_fit", "X": X[10:20], "y": y[10:20]},
             {"method": "partial_fit", "X": X[20:], "y": y[20:]}, {"method": "partial_fit", "X": X, "y": y}]
    add(Case("pf_reg_sgd_invscaling", "regression partial_fit x4, sgd invscaling lr0 0.2 (t_ cumulative), batch 4 shuffle rs=3",
             "reg", X, y, P(SGD_INV, learning_rate_init=0.2, hidden_layer_sizes=[4], activation="relu", batch_size=4, shuffle=True,
                            random_state=3), calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2, k=2)
    calls = [{"method": "partial_fit", "X": X, "y": y}] * 3
    add(Case("pf_reg2_adam", "2-target regression partial_fit x3 on the same data, adam (t persists) batch 7 shuffle=False",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[4], activation="tanh", batch_size=7), calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_ml(30, 2)
    calls = [{"method": "partial_fit", "X": X[:15], "y": y[:15], "classes": [0, 1, 2]}, {"method": "partial_fit", "X": X[15:], "y": y[15:]}]
    add(Case("pf_ml3_adam", "multilabel partial_fit x2 (classes=[0,1,2] on first call), adam batch 5 shuffle rs=2",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=5, shuffle=True, random_state=2),
             calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2)
    calls = [{"method": "partial_fit", "X": X, "y": y, "classes": [0, 1]}] + [{"method": "partial_fit"}] * 7
    add(Case("pf_bin_sgd_adaptive", "binary partial_fit x8 on the same data, sgd adaptive tol=1.0 n_iter_no_change=1: counter exceeds -> lr /5 inside partial_fit",
             "clf", X, y, P(SGD_ADAPT, hidden_layer_sizes=[3], activation="tanh", batch_size=10, tol=1.0, n_iter_no_change=1),
             calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("ws_mc3_adam_fit_twice", "warm_start=True, fit twice (max_iter 8): new Adam each fit, n_iter_ cumulative, warning only in 1st fit",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=7, max_iter=8, warm_start=True, shuffle=True,
                            random_state=5), calls=[{"method": "fit"}, {"method": "fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    X2, y2 = make_X(30, 2, off=100), None
    y2 = y_regression(X2)
    add(Case("ws_reg_sgd_invscaling_fit_twice", "regressor warm_start=True, fit on X then on X2 (different data), sgd invscaling (t_ cumulative), batch 7 shuffle rs=3",
             "reg", X, y, P(SGD_INV, learning_rate_init=0.2, hidden_layer_sizes=[4], activation="tanh", batch_size=7, max_iter=6,
                            warm_start=True, shuffle=True, random_state=3),
             calls=[{"method": "fit"}, {"method": "fit", "X": X2, "y": y2}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3, ANIMALS3)
    add(Case("ws_then_partial_fit_mc3_sgd", "warm_start=True fit (6 epochs) then partial_fit x2 (optimizer of the fit reused), sgd momentum batch 7 shuffle rs=1",
             "clf", X, y, P(SGD_MOM, hidden_layer_sizes=[4], activation="tanh", batch_size=7, max_iter=6, warm_start=True, shuffle=True,
                            random_state=1),
             calls=[{"method": "fit"}, {"method": "partial_fit", "classes": ANIMALS3}, {"method": "partial_fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(30, 2)
    add(Case("fit_then_partial_fit_bin_sgd", "warm_start=False: fit (6 epochs) then partial_fit x2 (sgd velocities carried over)",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[3], activation="relu", batch_size=7, max_iter=6),
             calls=[{"method": "fit"}, {"method": "partial_fit", "classes": [0, 1]}, {"method": "partial_fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    X2 = make_X(25, 2, off=200)
    add(Case("fit_twice_no_warm_start_reg_adam", "warm_start=False: fit on X2 then fit on X: second fit re-initialises everything (expected = fit on X alone)",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[4], activation="relu", batch_size=7, max_iter=6),
             calls=[{"method": "fit", "X": X2, "y": y_regression(X2)}, {"method": "fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("ws_early_stopping_bin_adam", "warm_start + early stopping, fit twice. 1st fit stops at epoch 4 and restores epoch 1 (coefs_ now IS the "
             "_best_coefs list: aliasing). 2nd fit: the carried counter (3) exceeds n_iter_no_change after 1 epoch without a new best, "
             "and the 'restore' returns the aliased, i.e. CURRENT (epoch 5) weights, not the epoch-1 copy",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[4], activation="tanh", batch_size=8, n_iter_no_change=2, tol=0.05,
                            max_iter=10, warm_start=True, shuffle=True, random_state=5),
             calls=[{"method": "fit"}, {"method": "fit"}], X_test=Xt, y_test=yt))

    X, y, Xt, yt = data_reg(40, 2)
    add(Case("ws_early_stopping_reg_sgd", "regressor warm_start + early stopping (R^2), fit 3 times (max_iter 6 each, n_iter_no_change=3 tol=0.002): "
             "1st fit runs to max_iter and restores epoch 4 (a copy); fits 2 and 3 each stop after one epoch because the carried counter "
             "exceeds n_iter_no_change, and their 'restore' returns the current weights (coefs_ aliases _best_coefs after the 1st restore)",
             "reg", X, y, P(SGD_MOM, ES, hidden_layer_sizes=[5], activation="tanh", batch_size=8, n_iter_no_change=3, tol=0.002,
                            max_iter=6, warm_start=True, shuffle=True, random_state=7),
             calls=[{"method": "fit"}, {"method": "fit"}, {"method": "fit"}], X_test=Xt, y_test=yt))

    # ---------------- 8. random init (Glorot from random_state) ----------------
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("rnd_bin_relu_adam_rs3", "NO preset: Glorot init from random_state=3, binary (5,) relu adam batch 8 shuffle",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5], activation="relu", batch_size=8, shuffle=True, random_state=3),
             preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(40, 2, 3, ANIMALS3)
    add(Case("rnd_mc3_logistic_sgd_rs17", "NO preset: random_state=17, 3 string classes (6,) logistic (Glorot factor 2) sgd nesterov batch 7 shuffle",
             "clf", X, y, P(SGD_NEST, hidden_layer_sizes=[6], activation="logistic", batch_size=7, shuffle=True, random_state=17),
             preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(40, 3)
    add(Case("rnd_reg_tanh_adam_rs123", "NO preset: random_state=123, regression (5,4) tanh adam batch 10 shuffle",
             "reg", X, y, P(ADAM, hidden_layer_sizes=[5, 4], activation="tanh", batch_size=10, shuffle=True, random_state=123),
             preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2, k=2)
    add(Case("rnd_reg2_logistic_sgd_rs3", "NO preset: random_state=3, 2-target regression (4,) logistic sgd momentum batch 6 shuffle",
             "reg", X, y, P(SGD_MOM, learning_rate_init=0.1, hidden_layer_sizes=[4], activation="logistic", batch_size=6, shuffle=True,
                            random_state=3), preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("rnd_es_bin_rs17", "NO preset: random_state=17 init draws, then stratified early-stopping split draws, then shuffles; adam",
             "clf", X, y, P(ADAM, ES, hidden_layer_sizes=[4], activation="relu", batch_size=8, n_iter_no_change=2, tol=0.05,
                            max_iter=30, shuffle=True, random_state=17), preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(36, 2, 4)
    calls = [{"method": "partial_fit", "X": X[:18], "y": y[:18], "classes": [0, 1, 2, 3]}, {"method": "partial_fit", "X": X[18:], "y": y[18:]},
             {"method": "partial_fit", "X": X[:18], "y": y[:18]}]
    add(Case("rnd_pf_mc4_adam_rs123", "NO preset: random_state=123, 4-class partial_fit x3 (1st call draws init then shuffle)",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[5], activation="tanh", batch_size=6, shuffle=True, random_state=123),
             preset=False, calls=calls, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("rnd_ws_reg_sgd_rs17", "NO preset: random_state=17, regressor warm_start fit twice (2nd fit: no init draws)",
             "reg", X, y, P(SGD_NEST, hidden_layer_sizes=[4], activation="relu", batch_size=7, max_iter=6, warm_start=True, shuffle=True,
                            random_state=17), preset=False, calls=[{"method": "fit"}, {"method": "fit"}], X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_ml(30, 3)
    add(Case("rnd_ml3_logistic_adam_rs3", "NO preset: random_state=3, multilabel (4,) logistic adam batch 6 shuffle",
             "clf", X, y, P(ADAM, hidden_layer_sizes=[4], activation="logistic", batch_size=6, shuffle=True, random_state=3),
             preset=False, X_test=Xt, y_test=yt))
    X, y, Xt, yt = data_mc(30, 2, 3)
    add(Case("rnd_mc3_identity_sgd_noshuffle_rs0", "NO preset: random_state=0, 3 classes (3,) identity sgd momentum=0 batch 7 shuffle=False",
             "clf", X, y, P(SGD_PLAIN, hidden_layer_sizes=[3], activation="identity", batch_size=7, random_state=0),
             preset=False, X_test=Xt, y_test=yt))

    # ---------------- 9. lbfgs (informational) ----------------
    X, y, Xt, yt = data_bin(30, 2)
    add(Case("lbfgs_bin_tanh_preset", "lbfgs binary (3,) tanh, preset init, max_iter 30", "clf", X, y,
             P(LBFGS, hidden_layer_sizes=[3], activation="tanh", max_iter=30), X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_mc(30, 2, 3, ANIMALS3)
    add(Case("lbfgs_mc3_relu_preset", "lbfgs 3 string classes (5,) relu, preset init, max_iter 30", "clf", X, y,
             P(LBFGS, hidden_layer_sizes=[5], activation="relu", max_iter=30), X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("lbfgs_reg_tanh_preset_converges", "lbfgs regression (4,) tanh, preset init, max_iter 500 tol 1e-6 (converges)", "reg", X, y,
             P(LBFGS, hidden_layer_sizes=[4], activation="tanh", max_iter=500, tol=1e-6), X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_reg(30, 2, k=2)
    add(Case("lbfgs_reg2_relu_preset", "lbfgs 2-target regression (5,) relu, preset init, max_iter 20", "reg", X, y,
             P(LBFGS, hidden_layer_sizes=[5], activation="relu", max_iter=20), X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_bin(40, 2)
    add(Case("lbfgs_bin_relu_rnd_rs0", "lbfgs binary (6,) relu, Glorot init random_state=0, max_iter 50", "clf", X, y,
             P(LBFGS, hidden_layer_sizes=[6], activation="relu", max_iter=50), preset=False, X_test=Xt, y_test=yt, mode="informational"))
    X, y, Xt, yt = data_reg(30, 2)
    add(Case("lbfgs_reg_partial_fit_quirk", "MLPRegressor(solver='lbfgs').partial_fit works in 1.2.1 (broken guard): 2 calls, each a full L-BFGS run from the current weights",
             "reg", X, y, P(LBFGS, hidden_layer_sizes=[4], activation="tanh", max_iter=10),
             calls=[{"method": "partial_fit"}, {"method": "partial_fit"}], X_test=Xt, y_test=yt, mode="informational"))
    return C


# --------------------------------------------------------------------------
# Running a case
# --------------------------------------------------------------------------
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
    ap.add_argument("--verify", metavar="FILE", help="replay every job of FILE from the JSON alone and compare with its expected values")
    args = ap.parse_args()
    if args.verify:
        sys.exit(0 if verify_file(args.verify) else 1)
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
