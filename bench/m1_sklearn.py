"""M1 of `npm run bench`: the course's MNIST configuration fitted by scikit-learn on this machine.

Reads Debian's dataset-fashion-mnist IDX files (the directory in argv[1]; the first argv[3] training
and argv[4] test images when given: the quick subset), pixels / 255 as the course does, fits MLPClassifier(hidden_layer_sizes=(50,), max_iter=10, alpha=1e-4, solver='sgd',
tol=1e-4, random_state=1, learning_rate_init=.1) `repeats` times (argv[2]) and prints one JSON
object: the fit times, the loss curve, n_iter_, the test accuracy, and numpy's BLAS as
threadpoolctl reports it (library, version, threads). Progress on stderr.
"""
import gzip
import json
import os
import sys
import time
import warnings

import numpy as np


def read_idx(path):
    """An IDX file (gzipped) as a numpy array: magic 0x00000800 | rank, then the sizes (big-endian u32)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    rank = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def _package_of(path, subprocess):
    r = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    package = r.stdout.split(":")[0]
    v = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True)
    return f"{package} {v.stdout.strip()}" if v.returncode == 0 else package


def blas_info():
    info = {"numpy": np.__version__}
    try:
        from threadpoolctl import threadpool_info

        info["threadpools"] = [
            {k: p.get(k) for k in ("user_api", "internal_api", "prefix", "version", "num_threads", "threading_layer", "architecture", "filepath")}
            for p in threadpool_info()
        ]
    except Exception as e:  # threadpoolctl missing: say so, numpy's own config below still tells
        info["threadpools_error"] = str(e)
    # Debian's numpy links libblas.so.3, an alternative (reference BLAS, OpenBLAS, BLIS...) that
    # threadpoolctl 3.1 does not name when it is the reference one: the mapped file and its package say.
    try:
        import subprocess

        with open("/proc/self/maps") as f:
            files = {line.split()[-1] for line in f if "/" in line}
        # The BLAS libraries themselves (libblas, libopenblas, libblis, libmkl...), not scipy's wrappers.
        mapped = sorted(m for m in files if os.path.basename(m).startswith("lib") and any(k in os.path.basename(m) for k in ("blas", "blis", "mkl")))
        info["blas_mapped"] = [{"file": os.path.realpath(m), "package": _package_of(os.path.realpath(m), subprocess)} for m in mapped]
    except Exception as e:
        info["blas_mapped_error"] = str(e)
    try:
        cfg = np.__config__
        for name in ("blas_opt_info", "blas_ilp64_opt_info", "lapack_opt_info"):
            value = getattr(cfg, name, None)
            if value:
                info[name] = {k: v for k, v in value.items() if k in ("libraries", "library_dirs")}
    except Exception:
        pass
    return info


def main():
    directory = sys.argv[1]
    repeats = max(1, int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    import sklearn
    from sklearn.neural_network import MLPClassifier

    t = time.perf_counter()
    X_train = read_idx(os.path.join(directory, "train-images-idx3-ubyte.gz")).reshape(-1, 784) / 255.0
    y_train = read_idx(os.path.join(directory, "train-labels-idx1-ubyte.gz"))
    X_test = read_idx(os.path.join(directory, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784) / 255.0
    y_test = read_idx(os.path.join(directory, "t10k-labels-idx1-ubyte.gz"))
    if len(sys.argv) > 4:
        n_train, n_test = int(sys.argv[3]), int(sys.argv[4])
        X_train, y_train, X_test, y_test = X_train[:n_train], y_train[:n_train], X_test[:n_test], y_test[:n_test]
    load_seconds = time.perf_counter() - t
    params = dict(hidden_layer_sizes=(50,), max_iter=10, alpha=1e-4, solver="sgd", tol=1e-4, random_state=1, learning_rate_init=0.1)
    fits = []
    mlp = None
    for k in range(repeats):
        mlp = MLPClassifier(**params)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: max_iter=10 stops it, as in the course
            t = time.perf_counter()
            mlp.fit(X_train, y_train)
            seconds = time.perf_counter() - t
        fits.append(seconds)
        print(f"M1 sklearn: fit {k + 1}/{repeats}: {seconds:.2f} s", file=sys.stderr, flush=True)
    t = time.perf_counter()
    test_accuracy = float(mlp.score(X_test, y_test))
    score_seconds = time.perf_counter() - t
    print(
        json.dumps(
            {
                "sklearn": sklearn.__version__,
                "python": sys.version.split()[0],
                "params": {**params, "hidden_layer_sizes": list(params["hidden_layer_sizes"])},
                "n_train": int(X_train.shape[0]),
                "n_test": int(X_test.shape[0]),
                "X_dtype": str(X_train.dtype),
                "X_bytes": int(X_train.nbytes + X_test.nbytes),
                "load_seconds": load_seconds,
                "fit_seconds": fits,
                "n_iter_": int(mlp.n_iter_),
                "loss_curve_": [float(v) for v in mlp.loss_curve_],
                "train_accuracy": float(mlp.score(X_train, y_train)),
                "test_accuracy": test_accuracy,
                "score_seconds": score_seconds,
                "blas": blas_info(),
            }
        )
    )


if __name__ == "__main__":
    main()
