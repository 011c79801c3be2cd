"""Search fixtures: tests/fixtures/sklearn_search.json (issue 15), written by
`/usr/bin/python3 tools/make_fixtures.py --search [FILE]`.

Each case is a job for mlp-run with a "search" field and what scikit-learn 1.2.1 computes for it:
GridSearchCV / RandomizedSearchCV (cv_results_ without the times, best_index_, best_params_,
best_score_, n_splits_), validation_curve and learning_curve (train_scores, test_scores,
train_sizes_abs), and "warnings": the messages of the UserWarning / RuntimeWarning /
FitFailedWarning raised (ConvergenceWarnings are left out; the engine reports them per fit).
The data come from the engine's scikit-learn-exact generators (make_moons, make_blobs,
make_regression), or are written into the job.

Beside the cases: "splits" (KFold / StratifiedKFold test folds for many n, y, n_splits,
shuffle, seed), "samples" (sample_without_replacement's draws by method) and "samplers"
(ParameterSampler's candidates), all from scikit-learn itself.
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.datasets import make_blobs, make_moons, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import (GridSearchCV, KFold, ParameterSampler, RandomizedSearchCV, StratifiedKFold,
                                     learning_curve, validation_curve)
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils.random import sample_without_replacement

GENERATORS = {"make_moons": make_moons, "make_blobs": make_blobs, "make_regression": make_regression}


def job_data(job):
    if "dataset" in job:
        d = job["dataset"]
        X, y = GENERATORS[d["generator"]](**d["params"])
        return X, y
    return np.asarray(job["X"], dtype=float), np.asarray(job["y"])


DERIVED = {"x2": lambda X: X[:, 0] ** 2, "y2": lambda X: X[:, 1] ** 2, "xy": lambda X: X[:, 0] * X[:, 1],
           "sinx": lambda X: np.sin(X[:, 0]), "siny": lambda X: np.sin(X[:, 1])}


def estimator(job):
    """The job's estimator; with "features", the pipeline the page exports (derived columns
    appended, then StandardScaler), its step named as make_pipeline names it."""
    cls = MLPClassifier if job["estimator"] == "MLPClassifier" else MLPRegressor
    est = cls(**job.get("params", {}))
    features = job.get("features")
    if not features:
        return est
    steps = []
    derived = [d for d in DERIVED if d in features.get("derived", [])]  # the engine's canonical order
    if derived:
        steps.append(FunctionTransformer(lambda X: np.column_stack([X] + [DERIVED[d](X) for d in derived])))
    if features.get("standardize"):
        steps.append(StandardScaler())
    return make_pipeline(*steps, est)


def step_prefix(job):
    return job["estimator"].lower() + "__" if job.get("features") else ""


def prefixed(grid, prefix):
    if isinstance(grid, list):
        return [prefixed(g, prefix) for g in grid]
    return {prefix + k: v for k, v in grid.items()}


def cv_of(search):
    cv = search.get("cv")
    if isinstance(cv, dict):
        cls = KFold if cv["kind"] == "KFold" else StratifiedKFold
        return cls(n_splits=cv.get("n_splits", 5), shuffle=cv.get("shuffle", False),
                   random_state=cv.get("random_state"))
    return cv


def num(v):
    v = float(v)
    return None if np.isnan(v) else v


def plain(v):
    """A parameter value as JSON (tuples as lists, numpy scalars as numbers)."""
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    return v


def run_job(job):
    """What scikit-learn returns for the job, and the warnings it raised (not ConvergenceWarning)."""
    X, y = job_data(job)
    s = job["search"]
    est = estimator(job)
    pre = step_prefix(job)
    bare = lambda k: k[len(pre):] if pre and k.startswith(pre) else k  # noqa: E731
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kw = {}
        if "error_score" in s:
            kw["error_score"] = np.nan if s["error_score"] is None else s["error_score"]
        if s["kind"] in ("grid", "random"):
            if s["kind"] == "grid":
                search = GridSearchCV(est, prefixed(s["param_grid"], pre), cv=cv_of(s), refit=False,
                                      return_train_score=s.get("return_train_score", False), **kw)
            else:
                search = RandomizedSearchCV(est, prefixed(s["param_distributions"], pre), n_iter=s.get("n_iter", 10),
                                            random_state=s.get("random_state"), cv=cv_of(s), refit=False,
                                            return_train_score=s.get("return_train_score", False), **kw)
            search.fit(X, y)
            r = search.cv_results_
            results = {"params": [{bare(k): plain(v) for k, v in p.items()} for p in r["params"]]}
            for key, column in r.items():
                if key.startswith("param_"):
                    results["param_" + bare(key[6:])] = [None if np.ma.is_masked(v) else plain(v) for v in column]
                elif key.endswith("_score") and not key.startswith("rank_"):
                    results[key] = [num(v) for v in column]
                elif key.startswith("rank_"):
                    results[key] = [int(v) for v in column]
            expected = {"cv_results_": results, "best_index_": int(search.best_index_),
                        "best_params_": {bare(k): plain(v) for k, v in search.best_params_.items()},
                        "best_score_": num(search.best_score_), "n_splits_": int(search.n_splits_)}
        elif s["kind"] == "validation_curve":
            tr, te = validation_curve(est, X, y, param_name=pre + s["param_name"], param_range=s["param_range"],
                                      cv=cv_of(s), **kw)
            expected = {"train_scores": [[num(v) for v in row] for row in tr],
                        "test_scores": [[num(v) for v in row] for row in te]}
        else:
            sizes = s.get("train_sizes", np.linspace(0.1, 1.0, 5))
            abs_sizes, tr, te = learning_curve(est, X, y, train_sizes=sizes, cv=cv_of(s), **kw)
            expected = {"train_sizes_abs": [int(v) for v in abs_sizes],
                        "train_scores": [[num(v) for v in row] for row in tr],
                        "test_scores": [[num(v) for v in row] for row in te]}
    expected["warnings"] = [str(w.message) for w in caught if not issubclass(w.category, ConvergenceWarning)]
    return expected


MOONS = {"generator": "make_moons", "params": {"n_samples": 40, "noise": 0.3, "random_state": 0}}
BLOBS = {"generator": "make_blobs", "params": {"n_samples": 45, "centers": 3, "n_features": 2, "random_state": 1}}
REGRESSION = {"generator": "make_regression",
              "params": {"n_samples": 40, "n_features": 3, "noise": 5.0, "random_state": 0}}
ADAM = {"hidden_layer_sizes": [4], "solver": "adam", "max_iter": 15, "random_state": 0, "learning_rate_init": 0.01}
SGD = {"hidden_layer_sizes": [4], "solver": "sgd", "max_iter": 15, "random_state": 0, "learning_rate_init": 0.01}
LBFGS = {"hidden_layer_sizes": [3], "solver": "lbfgs", "max_iter": 20, "random_state": 0}


def rare_class_data():
    """30 rows, class 2 has 2 members (fewer than 3 folds)."""
    rng = np.random.RandomState(3)
    X = np.round(rng.uniform(-1, 1, (30, 2)), 6)
    y = [0] * 14 + [1] * 14 + [2] * 2
    order = rng.permutation(30)
    return X[order].tolist(), [y[i] for i in order]


def cases():
    rare_X, rare_y = rare_class_data()
    c = [
        ("grid_binary_adam", "GridSearchCV over alpha x hidden_layer_sizes, moons, adam, cv=3 (StratifiedKFold)",
         {"estimator": "MLPClassifier", "params": ADAM, "dataset": MOONS,
          "search": {"kind": "grid", "param_grid": {"alpha": [0.0001, 0.1], "hidden_layer_sizes": [[3], [5]]},
                     "cv": 3}}),
        ("grid_multiclass_lbfgs", "GridSearchCV over alpha, 3 blobs, lbfgs, default cv (5 stratified folds)",
         {"estimator": "MLPClassifier", "params": LBFGS, "dataset": BLOBS,
          "search": {"kind": "grid", "param_grid": {"alpha": [0.001, 0.01, 1.0]}}}),
        ("grid_regression_sgd", "GridSearchCV over learning_rate_init, regression, sgd, cv=4 (KFold), R2",
         {"estimator": "MLPRegressor", "params": SGD, "dataset": REGRESSION,
          "search": {"kind": "grid", "param_grid": {"learning_rate_init": [0.001, 0.01], "momentum": [0.5, 0.9]},
                     "cv": 4}}),
        ("grid_list_of_dicts", "GridSearchCV over a list of two dicts (masked param_ entries), moons, lbfgs",
         {"estimator": "MLPClassifier", "params": LBFGS, "dataset": MOONS,
          "search": {"kind": "grid", "cv": 3, "param_grid": [{"activation": ["tanh", "relu"]},
                                                             {"alpha": [0.5], "hidden_layer_sizes": [[2], [6]]}]}}),
        ("grid_train_score_regression_lbfgs", "GridSearchCV with return_train_score, regression, lbfgs",
         {"estimator": "MLPRegressor", "params": LBFGS, "dataset": REGRESSION,
          "search": {"kind": "grid", "param_grid": {"alpha": [0.0001, 10.0]}, "cv": 3, "return_train_score": True}}),
        ("random_lists_seed", "RandomizedSearchCV over lists, n_iter=4, random_state=7, moons, adam",
         {"estimator": "MLPClassifier", "params": ADAM, "dataset": MOONS,
          "search": {"kind": "random", "n_iter": 4, "random_state": 7, "cv": 3,
                     "param_distributions": {"alpha": [0.0001, 0.001, 0.01, 0.1],
                                             "hidden_layer_sizes": [[2], [4], [6]]}}}),
        ("random_n_iter_over_grid", "RandomizedSearchCV with n_iter=10 over a grid of 3 (warning, capped)",
         {"estimator": "MLPRegressor", "params": LBFGS, "dataset": REGRESSION,
          "search": {"kind": "random", "n_iter": 10, "random_state": 0, "cv": 3,
                     "param_distributions": {"alpha": [0.001, 0.1, 1.0]}}}),
        ("validation_curve_alpha", "validation_curve over alpha, 3 blobs, adam, cv=3",
         {"estimator": "MLPClassifier", "params": ADAM, "dataset": BLOBS,
          "search": {"kind": "validation_curve", "param_name": "alpha", "param_range": [0.0001, 0.01, 1.0, 10.0],
                     "cv": 3}}),
        ("learning_curve_fractions", "learning_curve with the default train_sizes, moons, lbfgs",
         {"estimator": "MLPClassifier", "params": LBFGS, "dataset": MOONS, "search": {"kind": "learning_curve"}}),
        ("learning_curve_absolute", "learning_curve with absolute sizes (one duplicate: the warning), regression, sgd",
         {"estimator": "MLPRegressor", "params": SGD, "dataset": REGRESSION,
          "search": {"kind": "learning_curve", "train_sizes": [5, 10, 10, 20, 26], "cv": 3}}),
        ("kfold_shuffle", "GridSearchCV with KFold(4, shuffle=True, random_state=3) on a classifier, adam",
         {"estimator": "MLPClassifier", "params": ADAM, "dataset": MOONS,
          "search": {"kind": "grid", "param_grid": {"alpha": [0.001, 1.0]},
                     "cv": {"kind": "KFold", "n_splits": 4, "shuffle": True, "random_state": 3}}}),
        ("stratified_shuffle", "GridSearchCV with StratifiedKFold(3, shuffle=True, random_state=5), blobs, lbfgs",
         {"estimator": "MLPClassifier", "params": LBFGS, "dataset": BLOBS,
          "search": {"kind": "grid", "param_grid": {"hidden_layer_sizes": [[2], [5]]},
                     "cv": {"kind": "StratifiedKFold", "n_splits": 3, "shuffle": True, "random_state": 5}}}),
        ("rare_class_warning", "A class with 2 members and cv=3: StratifiedKFold's warning, lbfgs",
         {"estimator": "MLPClassifier", "params": LBFGS, "X": rare_X, "y": rare_y,
          "search": {"kind": "grid", "param_grid": {"alpha": [0.01, 1.0]}, "cv": 3}}),
        ("failed_fits_error_score", "A candidate whose fits fail (alpha=-1): error_score NaN and the warning",
         {"estimator": "MLPClassifier", "params": LBFGS, "dataset": MOONS,
          "search": {"kind": "grid", "param_grid": {"alpha": [-1.0, 0.1]}, "cv": 3, "return_train_score": True}}),
        ("features_standardize_grid", "GridSearchCV over a make_pipeline(StandardScaler(), MLPClassifier): the scaler "
         "fitted on each fit's training rows; moons, adam",
         {"estimator": "MLPClassifier", "params": ADAM, "dataset": MOONS, "features": {"derived": [], "standardize": True},
          "search": {"kind": "grid", "param_grid": {"alpha": [0.001, 0.5]}, "cv": 3, "return_train_score": True}}),
        ("features_derived_validation_curve", "validation_curve over a pipeline of derived x^2, x*y and sin(y), "
         "standardised; regression on 2 features, lbfgs",
         {"estimator": "MLPRegressor", "params": LBFGS, "features": {"derived": ["x2", "xy", "siny"], "standardize": True},
          "dataset": {"generator": "make_regression",
                      "params": {"n_samples": 36, "n_features": 2, "noise": 2.0, "random_state": 3}},
          "search": {"kind": "validation_curve", "param_name": "alpha", "param_range": [0.001, 1.0], "cv": 3,
                     "return_train_score": True}}),
        ("failed_fits_numeric_error_score", "validation_curve with a failing value and error_score=0",
         {"estimator": "MLPRegressor", "params": LBFGS, "dataset": REGRESSION,
          "search": {"kind": "validation_curve", "param_name": "alpha", "param_range": [0.1, -2.0], "cv": 3,
                     "error_score": 0}}),
    ]
    out = []
    for id_, description, job in c:
        job = dict(job, precision="float64")
        out.append({"id": id_, "description": description, "tolerance": 1e-10, "job": job,
                    "expected": run_job(job)})
    return out


def splits():
    """Test folds of KFold and StratifiedKFold on many inputs."""
    out = []
    rng = np.random.RandomState(0)
    for n in (5, 7, 12, 23, 40):
        for n_splits in (2, 3, 5):
            if n_splits > n:
                continue
            for shuffle, seed in ((False, None), (True, 0), (True, 42)):
                kf = KFold(n_splits, shuffle=shuffle, random_state=seed)
                out.append({"kind": "KFold", "n": n, "n_splits": n_splits, "shuffle": shuffle, "random_state": seed,
                            "test": [t.tolist() for _, t in kf.split(np.zeros((n, 1)))]})
                for k in (2, 3):
                    y = rng.randint(0, k, n)
                    labels = [["b", "a", "c"][v] for v in y] if k == 3 and n % 2 else y.tolist()
                    skf = StratifiedKFold(n_splits, shuffle=shuffle, random_state=seed)
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        try:
                            folds = [t.tolist() for _, t in skf.split(np.zeros((n, 1)), labels)]
                        except ValueError as e:
                            folds = str(e)
                    out.append({"kind": "StratifiedKFold", "n": n, "n_splits": n_splits, "shuffle": shuffle,
                                "random_state": seed, "y": labels,
                                "test" if not isinstance(folds, str) else "error": folds,
                                "warnings": [str(w.message) for w in caught]})
    return out


def samples():
    out = []
    for n_population, n_samples in ((10, 3), (10, 10), (100, 1), (100, 99), (1000, 5), (1000, 150), (50, 20),
                                    (3, 0), (700, 690)):
        for method in ("auto", "tracking_selection", "reservoir_sampling", "pool"):
            for seed in (0, 1, 123):
                draws = sample_without_replacement(n_population, n_samples, method=method,
                                                   random_state=np.random.RandomState(seed))
                out.append({"n_population": n_population, "n_samples": n_samples, "method": method, "seed": seed,
                            "draws": [int(v) for v in draws]})
    return out


def samplers():
    out = []
    grids = [{"alpha": [1, 2, 3], "activation": ["relu", "tanh"]},
             [{"alpha": [0.1, 0.2]}, {"max_iter": [5, 6, 7], "solver": ["sgd", "adam"], "tol": [0.1]}],
             {"a": list(range(30)), "b": list(range(20)), "c": list(range(10))}]
    for grid in grids:
        for n_iter in (1, 4, 7, 50):
            for seed in (0, 9):
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    drawn = list(ParameterSampler(grid, n_iter, random_state=seed))
                out.append({"param_distributions": grid, "n_iter": n_iter, "random_state": seed,
                            "candidates": [{k: plain(v) for k, v in d.items()} for d in drawn],
                            "warnings": [str(w.message) for w in caught]})
    return out


def search_fixture():
    return {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__,
            "generator": "tools/make_fixtures.py --search (tools/fixture_search.py; run with /usr/bin/python3)",
            "note": "times are not compared; warnings leave out ConvergenceWarning",
            "cases": cases(), "splits": splits(), "samples": samples(), "samplers": samplers()}


def write_search_fixture(path):
    doc = search_fixture()
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    return doc
