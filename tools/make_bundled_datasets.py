#!/usr/bin/python3
"""Writes web/public/data/iris.json and web/public/data/digits.json: the two
real datasets the page bundles, converted from the copies scikit-learn ships
(sklearn/datasets/data/iris.csv and digits.csv.gz), and checked value for value
against sklearn.datasets.load_iris() and load_digits().

A dev tool only: the page and the tests read the committed JSON and never run
Python. Needs Debian's python3-sklearn, so run it with /usr/bin/python3:

    /usr/bin/python3 tools/make_bundled_datasets.py

The file format (version 1), decoded by web/src/data/datasets.js:

    format, version           "mlp-playground-dataset", 1
    name, title               "digits", "Handwritten digits (8x8)"
    description, attribution  plain text for the page
    source                    where the data comes from (a URL)
    feature_names, target_names
    n_samples, n_features
    image_shape               [8, 8] when each row is an image, else null
    encoding                  how X is stored:
                                "decimal": X is a list of rows of JSON numbers;
                                "base36":  X is a list of strings, one per row,
                                           one base-36 digit per value (0-9, a-z),
                                           so digits' 0..16 take one byte each.
    X                         one row per line, so diffs stay readable
    y                         class index per row (an index into target_names)
"""
import csv
import gzip
import json
import pathlib

import numpy
import sklearn
from sklearn import datasets

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "web" / "public" / "data"
SKLEARN_DATA = pathlib.Path(datasets.__file__).resolve().parent / "data"
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
FORMAT = "mlp-playground-dataset"
VERSION = 1

SKLEARN_NOTE = (f"Copy distributed with scikit-learn {sklearn.__version__} "
                "(BSD-3-Clause), sklearn.datasets")

META = {
    "iris": {
        "title": "Iris flowers",
        "description": (
            "150 iris flowers, 50 of each of three species (setosa, versicolor, virginica), "
            "with four measurements in cm: sepal length, sepal width, petal length, petal width. "
            "Setosa is linearly separable from the other two; versicolor and virginica are not "
            "separable from each other. This is Fisher's data as in R and scikit-learn, which "
            "differs from the UCI copy in two data points."),
        "attribution": (
            "R. A. Fisher (1936), \"The use of multiple measurements in taxonomic problems\", "
            "Annals of Eugenics 7(2), 179-188. Donated to the UCI Machine Learning Repository "
            "by Michael Marshall (1988). " + SKLEARN_NOTE + ".load_iris."),
        "source": "https://archive.ics.uci.edu/dataset/53/iris",
    },
    "digits": {
        "title": "Handwritten digits (8x8)",
        "description": (
            "1,797 handwritten digits 0-9 (about 180 of each) as 8x8 images: each pixel counts "
            "the ink pixels (0-16) in a 4x4 block of a 32x32 bitmap scanned from forms filled in "
            "by 13 writers. The 64 features are the pixels row by row."),
        "attribution": (
            "E. Alpaydin and C. Kaynak (1998), \"Optical Recognition of Handwritten Digits\", "
            "the test set (optdigits.tes) from the UCI Machine Learning Repository, "
            "built with NIST's preprocessing programs. " + SKLEARN_NOTE + ".load_digits."),
        "source": "https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits",
    },
}


def read_iris():
    """iris.csv: a header line "150,4,setosa,versicolor,virginica", then 4 floats and a class index."""
    with open(SKLEARN_DATA / "iris.csv", newline="") as f:
        rows = list(csv.reader(f))
    n_samples, n_features = int(rows[0][0]), int(rows[0][1])
    target_names = rows[0][2:]
    X = [[float(v) for v in r[:n_features]] for r in rows[1:]]
    y = [int(r[n_features]) for r in rows[1:]]
    assert len(X) == n_samples
    reference = datasets.load_iris()
    return X, y, list(reference.feature_names), target_names, reference


def read_digits():
    """digits.csv.gz: 64 pixel values then the digit, one image per line, no header."""
    with gzip.open(SKLEARN_DATA / "digits.csv.gz", "rt", newline="") as f:
        rows = [r for r in csv.reader(f) if r]
    X = [[int(float(v)) for v in r[:64]] for r in rows]
    y = [int(float(r[64])) for r in rows]
    reference = datasets.load_digits()
    return X, y, list(reference.feature_names), [str(t) for t in reference.target_names], reference


def check_same(name, X, y, reference):
    """The converted values equal scikit-learn's loader output exactly (same float64 bits)."""
    Xa, ya = numpy.asarray(X, dtype=numpy.float64), numpy.asarray(y)
    assert Xa.shape == reference.data.shape, (name, Xa.shape, reference.data.shape)
    assert numpy.array_equal(Xa, reference.data), name
    assert numpy.array_equal(ya, reference.target), name


def encode_rows(X, encoding):
    if encoding == "decimal":
        # json writes Python's shortest round-trip repr, which JSON.parse reads back to the same double.
        return [json.dumps(row) for row in X]
    assert all(0 <= v < 36 and v == int(v) for row in X for v in row)
    return [json.dumps("".join(BASE36[int(v)] for v in row)) for row in X]


def decode_rows(X, encoding):
    """The reader's side, to check the written file round-trips."""
    if encoding == "decimal":
        return X
    return [[BASE36.index(c) for c in row] for row in X]


def write(name, X, y, feature_names, target_names, reference, encoding, image_shape):
    meta = META[name]
    head = {
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "title": meta["title"],
        "description": meta["description"],
        "attribution": meta["attribution"],
        "source": meta["source"],
        "feature_names": feature_names,
        "target_names": target_names,
        "n_samples": len(X),
        "n_features": len(X[0]),
        "image_shape": image_shape,
        "encoding": encoding,
    }
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    rows = encode_rows(X, encoding)
    lines.append('  "X": [')
    lines += [f"    {r}," for r in rows[:-1]] + [f"    {rows[-1]}"]
    lines.append("  ],")
    lines.append(f'  "y": {json.dumps(y, separators=(",", ":"))}')
    lines.append("}")
    path = OUT_DIR / f"{name}.json"
    path.write_text("\n".join(lines) + "\n")

    # Round trip: what a reader gets back from the file is scikit-learn's data.
    back = json.loads(path.read_text())
    check_same(name, decode_rows(back["X"], back["encoding"]), back["y"], reference)
    assert back["target_names"] == target_names and back["feature_names"] == feature_names
    raw = path.stat().st_size
    print(f"wrote {path.relative_to(ROOT)}: {len(X)}x{len(X[0])}, "
          f"{raw} bytes, {len(gzip.compress(path.read_bytes(), 9))} gzipped")


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    X, y, features, targets, ref = read_iris()
    check_same("iris", X, y, ref)
    write("iris", X, y, features, targets, ref, "decimal", None)

    X, y, features, targets, ref = read_digits()
    check_same("digits", X, y, ref)
    assert ref.images.shape[1:] == (8, 8)
    assert numpy.array_equal(ref.images.reshape(len(X), 64), ref.data)  # row-major pixels
    write("digits", X, y, features, targets, ref, "base36", [8, 8])


if __name__ == "__main__":
    main()
