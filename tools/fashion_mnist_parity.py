#!/usr/bin/python3
"""The course's MNIST example on Fashion-MNIST: scikit-learn 1.2.1 against our runner (float64).

Dev-only (needs Debian's python3-sklearn at /usr/bin/python3; tests never run it).

    /usr/bin/python3 tools/fashion_mnist_parity.py            # the full set: 60,000 + 10,000
    /usr/bin/python3 tools/fashion_mnist_parity.py --n-train 2000 --n-test 500 --max-iter 3
    /usr/bin/python3 tools/fashion_mnist_parity.py --fixture  # writes tests/fixtures/fashion_mnist_prefix.json

Both sides read the same IDX files (/usr/share/datasets/fashion-mnist, Debian's
dataset-fashion-mnist): gzip + numpy here, X / 255.; our side is
`build/native/mlp-run` with {"dataset": {"loader": "fashion_mnist", ...}}. Prints n_iter_, the
largest difference of the loss curves, the test accuracies and both times.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import time
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_PATH = "/usr/share/datasets/fashion-mnist"
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "fashion_mnist_prefix.json")


def read_idx(path, magic, n):
    """The first n items of a gzipped IDX file of unsigned bytes (header checked)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[0:4], "big")
    if found != magic:
        raise SystemExit(f"{path}: magic number {found}, expected {magic}")
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * k: 8 + 4 * k], "big") for k in range(dims)]
    values = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    return values[:n]


def load(path, n_train, n_test):
    X_train = read_idx(f"{path}/train-images-idx3-ubyte.gz", 2051, n_train).reshape(n_train, -1) / 255.
    y_train = read_idx(f"{path}/train-labels-idx1-ubyte.gz", 2049, n_train).astype(np.int64)
    X_test = read_idx(f"{path}/t10k-images-idx3-ubyte.gz", 2051, n_test).reshape(n_test, -1) / 255.
    y_test = read_idx(f"{path}/t10k-labels-idx1-ubyte.gz", 2049, n_test).astype(np.int64)
    return X_train, y_train, X_test, y_test


def course_params(max_iter):
    """The course's MLPClassifier(hidden_layer_sizes=(50,), max_iter=10, alpha=1e-4, solver='sgd',
    tol=1e-4, random_state=1, learning_rate_init=.1), with max_iter as asked."""
    return dict(hidden_layer_sizes=(50,), max_iter=max_iter, alpha=1e-4, solver="sgd", tol=1e-4, random_state=1,
                learning_rate_init=.1)


def run_sklearn(args):
    from sklearn.neural_network import MLPClassifier
    X_train, y_train, X_test, y_test = load(args.path, args.n_train, args.n_test)
    model = MLPClassifier(**course_params(args.max_iter))
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the course's max_iter=10 warns that it has not converged
        model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    return model, seconds, model.score(X_train, y_train), model.score(X_test, y_test)


def run_ours(args):
    params = course_params(args.max_iter)
    params["hidden_layer_sizes"] = list(params["hidden_layer_sizes"])
    job = {"estimator": "MLPClassifier", "precision": "float64", "params": params,
           "dataset": {"loader": "fashion_mnist",
                       "params": {"path": args.path, "n_train": args.n_train, "n_test": args.n_test}}}
    runner = os.path.join(ROOT, "build", "native", "mlp-run")
    start = time.perf_counter()
    out = subprocess.run([runner, "-"], input=json.dumps(job), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"mlp-run exited {out.returncode}: {out.stdout[:2000]}")
    return json.loads(out.stdout), seconds


def blas_name():
    """The BLAS library numpy has loaded (from the process's memory map, after a product)."""
    np.ones((2, 2)) @ np.ones((2, 2))
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f}
    names = ("libblas", "openblas", "libmkl", "libblis", "libatlas")
    found = sorted({os.path.realpath(p) for p in paths if any(n in os.path.basename(p) for n in names)})
    return ", ".join(found) or "unknown"


def write_fixture(args):
    model, _, train_score, test_score = run_sklearn(args)
    W0, W1 = model.coefs_
    fixture = {
        "about": "tools/fashion_mnist_parity.py --fixture: scikit-learn 1.2.1 on the first n_train training and "
                 "n_test test images of Fashion-MNIST (/usr/share/datasets/fashion-mnist), X / 255., the course's "
                 "MLPClassifier with max_iter as given",
        "n_train": args.n_train, "n_test": args.n_test,
        "params": dict(course_params(args.max_iter), hidden_layer_sizes=[50]),
        "n_iter_": model.n_iter_, "loss_curve_": model.loss_curve_, "t_": model.t_,
        "train_score": train_score, "test_score": test_score,
        "coefs_0_sum": float(W0.sum()), "coefs_0_abs_sum": float(np.abs(W0).sum()),
        "coefs_0_row_400": W0[400, :8].tolist(), "coefs_1_sum": float(W1.sum()),
        "intercepts_1": model.intercepts_[1].tolist(),
    }
    with open(FIXTURE, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {FIXTURE}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", default=DEFAULT_PATH)
    parser.add_argument("--n-train", type=int, default=60000)
    parser.add_argument("--n-test", type=int, default=10000)
    parser.add_argument("--max-iter", type=int, default=10)
    parser.add_argument("--fixture", action="store_true", help="write the test fixture (2000 + 500, max_iter 3)")
    args = parser.parse_args()
    if args.fixture:
        args.n_train, args.n_test, args.max_iter = 2000, 500, 3
        write_fixture(args)
        return
    import sklearn
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__} (BLAS: {blas_name()})")
    print(f"Fashion-MNIST: {args.n_train} training and {args.n_test} test images, max_iter={args.max_iter}")
    model, sk_seconds, sk_train, sk_test = run_sklearn(args)
    ours, our_seconds = run_ours(args)
    curve = np.array(model.loss_curve_)
    our_curve = np.array(ours["loss_curve_"])
    same_length = len(curve) == len(our_curve)
    diff = float(np.max(np.abs(curve - our_curve))) if same_length else float("inf")
    W0 = np.array(ours["coefs_"][0])
    print(f"n_iter_:            scikit-learn {model.n_iter_}, ours {ours['n_iter_']}")
    print(f"loss_curve_:        max |difference| {diff:.3e} over {len(curve)} epochs "
          f"(last loss {curve[-1]:.12f} / {our_curve[-1]:.12f})")
    print(f"coefs_[0]:          max |difference| {float(np.max(np.abs(model.coefs_[0] - W0))):.3e}")
    print(f"train accuracy:     scikit-learn {sk_train:.6f}, ours {ours['train_score']:.6f}")
    print(f"test accuracy:      scikit-learn {sk_test:.6f}, ours {ours['test_score']:.6f}")
    print(f"time (fit):         scikit-learn {sk_seconds:.2f} s; ours {our_seconds:.2f} s (the whole job: "
          "reading the gz files, fit, scores, JSON)")
    ok = model.n_iter_ == ours["n_iter_"] and diff <= 1e-9 and sk_test == ours["test_score"]
    print("PARITY OK" if ok else "PARITY FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
