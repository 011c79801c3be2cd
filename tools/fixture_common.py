"""make_fixtures.py's shared parts: constants, JSON conversion, the preset-weight hook, the
estimators, the small formula datasets and the parameter presets (see make_fixtures.py)."""
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
