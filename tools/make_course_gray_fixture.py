#!/usr/bin/python3
"""Generate tests/fixtures/matplotlib_course_gray.json: the pixels matplotlib draws for the
course's picture of coefs_[0] (scikit-learn's "Visualization of MLP weights on MNIST"):

    vmin, vmax = coefs_[0].min(), coefs_[0].max()
    for coef, ax in zip(coefs_[0].T, axes.ravel()):
        ax.matshow(coef.reshape(28, 28), cmap=plt.cm.gray, vmin=.5 * vmin, vmax=.5 * vmax)

Developer tool only (needs Debian's python3-matplotlib); the node tests read the JSON.

Usage: /usr/bin/python3 tools/make_course_gray_fixture.py [--out PATH]

The weights are exact fractions that JavaScript computes to the same doubles:
W[i, u] = ((i * 37 + u * 101 + 13 * (i // 28)) % 1009 - 504) / 5040, for 784 inputs and 16
units, so the JSON holds the formula and the pixels, not the weights. Each unit is drawn by
matshow on a figure of its own with one 10 x 10 block of screen pixels per image pixel; the
block's centre is read back. The output also holds the gray colour map's 256 bytes
(cmap(x, bytes=True)): (lut * 255).astype(uint8) truncates, so 24 entries are one below
their index, and "edges": values at and around the colour map's bins with the gray byte
matplotlib gives them through Normalize then the colour map.
"""
import argparse
import base64
import json

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

N_INPUTS, N_UNITS = 784, 16


def weights():
    i = np.arange(N_INPUTS)[:, None]
    u = np.arange(N_UNITS)[None, :]
    return ((i * 37 + u * 101 + 13 * (i // 28)) % 1009 - 504) / 5040


def drawn(column, vmin, vmax):
    """The gray bytes matshow draws for one unit (28 x 28, row-major)."""
    fig = plt.figure(figsize=(2.8, 2.8), dpi=100)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.matshow(column.reshape(28, 28), cmap=plt.cm.gray, vmin=vmin, vmax=vmax)
    ax.set_axis_off()
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    plt.close(fig)
    px = rgba[5::10, 5::10]
    assert px.shape == (28, 28, 4)
    assert np.all(px[..., 0] == px[..., 1]) and np.all(px[..., 1] == px[..., 2]), 'gray'
    return px[..., 0].astype(np.uint8).ravel()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', default='tests/fixtures/matplotlib_course_gray.json')
    out = parser.parse_args().out
    W = weights()
    vmin, vmax = 0.5 * W.min(), 0.5 * W.max()
    gray = plt.cm.gray
    lut = gray(np.linspace(0, 1, 256), bytes=True)[:, 0]
    assert np.all(np.floor(np.linspace(0, 1, 256) * 256).clip(0, 255) == np.arange(256))
    norm = matplotlib.colors.Normalize(vmin=vmin, vmax=vmax)
    step = (vmax - vmin) / 256
    edges = [vmin, vmax, vmin - 1e-9, vmax + 1e-9, 0.0, W.min(), W.max()]
    for k in (1, 2, 33, 100, 127, 128, 129, 200, 254, 255):
        edge = vmin + k * step
        edges += [edge, np.nextafter(edge, -np.inf), np.nextafter(edge, np.inf)]
    edge_bytes = gray(norm(np.array(edges)), bytes=True)[:, 0]
    pixels = [base64.b64encode(drawn(W[:, u], vmin, vmax).tobytes()).decode() for u in range(N_UNITS)]
    doc = {
        'generator': 'tools/make_course_gray_fixture.py',
        'matplotlib_version': matplotlib.__version__,
        'numpy_version': np.__version__,
        'weights': 'W[i, u] = ((i * 37 + u * 101 + 13 * floor(i / 28)) % 1009 - 504) / 5040, i < 784, u < 16',
        'shape': [N_INPUTS, N_UNITS],
        'vmin': vmin,
        'vmax': vmax,
        'lut': [int(v) for v in lut],
        'edges': [{'value': float(v), 'gray': int(g)} for v, g in zip(edges, edge_bytes)],
        'pixels_base64': pixels,
    }
    with open(out, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')
    print(f'wrote {out}: vmin {vmin}, vmax {vmax}')


if __name__ == '__main__':
    main()
