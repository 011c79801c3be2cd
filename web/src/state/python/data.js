// The export's data lines: the dataset call (or the playground's own generator as Python, or the
// user's CSV read with pandas), the test rows, and the point edits made on the page.
import { float } from './literals.js';
import { FASHION_CLASSES } from '../generators.js';
import { generatorOf, imagesOf, nFeaturesOf, taskOf } from '../queries.js';
import { thousands } from '../thousands.js';

/** Python functions for the playground's own generators: the page's recipe, draw by draw. */
export const PLAYGROUND_SOURCES = {
  xor: `def make_xor(n_samples=200, noise=0.0, random_state=None):
    """Two classes in opposite quadrants (class i % 2), the playground's XOR set."""
    rng = np.random.RandomState(random_state)
    X = np.empty((n_samples, 2))
    y = np.arange(n_samples) % 2
    for i in range(n_samples):
        s0 = -1.0 if rng.random_sample() < 0.5 else 1.0
        s1 = s0 if y[i] == 0 else -s0
        m0, m1 = rng.uniform(0.05, 1.0), rng.uniform(0.05, 1.0)
        X[i, 0] = s0 * m0 + noise * rng.standard_normal()
        X[i, 1] = s1 * m1 + noise * rng.standard_normal()
    return X, y`,
  spirals: `def make_spirals(n_samples=200, noise=0.0, random_state=None):
    """Two interleaved spirals of 1.5 turns (class i % 2), the playground's spirals set."""
    rng = np.random.RandomState(random_state)
    X = np.empty((n_samples, 2))
    y = np.arange(n_samples) % 2
    for i in range(n_samples):
        t = rng.random_sample()
        angle = 2.0 * np.pi * 1.5 * t + np.pi * y[i]
        X[i, 0] = t * np.cos(angle) + noise * rng.standard_normal()
        X[i, 1] = t * np.sin(angle) + noise * rng.standard_normal()
    return X, y`,
  gaussian: `def make_gaussian(n_samples=200, noise=0.0, random_state=None):
    """Two Gaussian clusters at (0.5, 0.5) and (-0.5, -0.5), std 0.2 (class i % 2)."""
    rng = np.random.RandomState(random_state)
    X = np.empty((n_samples, 2))
    y = np.arange(n_samples) % 2
    for i in range(n_samples):
        c = 0.5 if y[i] == 0 else -0.5
        X[i, 0] = c + 0.2 * rng.standard_normal()
        X[i, 1] = c + 0.2 * rng.standard_normal()
        X[i, 0] += noise * rng.standard_normal()
        X[i, 1] += noise * rng.standard_normal()
    return X, y`,
  plane: `def make_plane(n_samples=200, noise=0.0, random_state=None):
    """Regression plane y = 0.6 x0 - 0.4 x1 on [-1, 1]^2, plus Gaussian noise."""
    rng = np.random.RandomState(random_state)
    X = np.empty((n_samples, 2))
    y = np.empty(n_samples)
    for i in range(n_samples):
        X[i, 0] = rng.uniform(-1.0, 1.0)
        X[i, 1] = rng.uniform(-1.0, 1.0)
        y[i] = 0.6 * X[i, 0] + -0.4 * X[i, 1] + noise * rng.standard_normal()
    return X, y`,
  sine: `def make_sine(n_samples=200, noise=0.0, random_state=None):
    """1-D regression: y = sin(pi x) on [-1, 1], plus Gaussian noise."""
    rng = np.random.RandomState(random_state)
    X = np.empty((n_samples, 1))
    y = np.empty(n_samples)
    for i in range(n_samples):
        X[i, 0] = rng.uniform(-1.0, 1.0)
        y[i] = np.sin(np.pi * X[i, 0]) + noise * rng.standard_normal()
    return X, y`,
};

export const DERIVED_PY = {
  x2: 'X[:, 0] ** 2',
  y2: 'X[:, 1] ** 2',
  xy: 'X[:, 0] * X[:, 1]',
  sinx: 'np.sin(X[:, 0])',
  siny: 'np.sin(X[:, 1])',
};

export function datasetCall(config) {
  const d = config.data;
  const g = generatorOf(config);
  switch (config.data.generator) {
    case 'moons':
      return `make_moons(n_samples=${d.n_samples}, noise=${float(d.noise)}, random_state=${d.random_state})`;
    case 'circles':
      return `make_circles(n_samples=${d.n_samples}, noise=${float(d.noise)}, factor=${float(d.factor)}, random_state=${d.random_state})`;
    case 'blobs':
      return `make_blobs(n_samples=${d.n_samples}, centers=${d.centers}, cluster_std=${float(d.cluster_std)}, random_state=${d.random_state})`;
    case 'regression':
      return `make_regression(n_samples=${d.n_samples}, n_features=${d.n_features}, noise=${float(d.noise)}, random_state=${d.random_state})`;
    case 'iris':
    case 'digits':
      return `${g.core}(return_X_y=True)`;
    default:
      return `${g.core === 'gaussian' ? 'make_gaussian' : `make_${g.core}`}(n_samples=${d.n_samples}, noise=${float(d.noise)}, random_state=${d.random_state})`;
  }
}

/** Rows of the dataset (training and test together). */
export function sampleCount(config) {
  const g = generatorOf(config);
  if (g.table === 'csv') return config.data.csv?.nSamples ?? 0;
  return g.nSamples ?? config.data.n_samples;
}

/** True for a dataset with its own fixed train/test split (Fashion-MNIST): test_size does not apply. */
export const hasFixedSplit = (config) => imagesOf(config) !== null;

/**
 * Number of test rows the page holds out (as train_test_split: ceil(test_size * n)), or the
 * fixed split's test rows.
 */
export const testRows = (config) =>
  hasFixedSplit(config) ? generatorOf(config).nTest : Math.ceil(config.data.test_size * sampleCount(config));

/**
 * The lines that read Fashion-MNIST from its four IDX files (Debian's dataset-fashion-mnist, the
 * files the page's data were made from) as the page holds it: the first nTrain training and nTest
 * test images, pixels / 255, the labels as the codes 0..9.
 */
export function fashionLines(config, lines) {
  const g = generatorOf(config);
  lines.push(
    '# Fashion-MNIST (Zalando Research; Xiao, Rasul and Vollgraf, 2017; MIT licence): a drop-in replacement',
    '# for MNIST, with the same 28x28 images and 60,000/10,000 split. Debian does not package MNIST; it',
    '# packages this (apt install dataset-fashion-mnist), and the page was made from these very files.',
    'DATA = "/usr/share/datasets/fashion-mnist"',
    `CLASS_NAMES = ${JSON.stringify(FASHION_CLASSES)}`,
    '',
    '',
    'def load_idx(name):',
    '    """One gzipped IDX file: images as an (n, 784) uint8 array, labels as (n,)."""',
    '    with gzip.open(f"{DATA}/{name}-ubyte.gz", "rb") as f:',
    '        data = f.read()',
    '    ndim = data[3]',
    '    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]',
    '    array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)',
    '    return array.reshape(shape[0], -1) if ndim > 1 else array',
    '',
    '',
    `# The page's ${g.nTrain === 60000 ? 'full set' : 'quick subset'}: the first ${thousands(g.nTrain)} training and ` +
      `first ${thousands(g.nTest)} test images, pixels / 255.`,
    `X_train = load_idx("train-images-idx3")[:${g.nTrain}] / 255.0`,
    `y_train = load_idx("train-labels-idx1")[:${g.nTrain}]`,
    `X_test = load_idx("t10k-images-idx3")[:${g.nTest}] / 255.0`,
    `y_test = load_idx("t10k-labels-idx1")[:${g.nTest}]`,
  );
}

/**
 * The course's picture of the first layer's weights, after the fit: the first 16 units' columns of
 * coefs_[0] as 28x28 images on a 4x4 grid, gray, vmin and vmax at half the global min and max.
 */
export function weightPictureLines(mlp, lines) {
  lines.push(
    '',
    "# The first 16 units' incoming weights as images, as the course draws them (needs matplotlib).",
    'import matplotlib.pyplot as plt',
    '',
    'fig, axes = plt.subplots(4, 4)',
    `vmin, vmax = ${mlp}.coefs_[0].min(), ${mlp}.coefs_[0].max()`,
    `for coef, ax in zip(${mlp}.coefs_[0].T, axes.ravel()):`,
    '    ax.matshow(coef.reshape(28, 28), cmap=plt.cm.gray, vmin=0.5 * vmin, vmax=0.5 * vmax)',
    '    ax.set_xticks(())',
    '    ax.set_yticks(())',
    'plt.show()',
  );
}

/** The lines that split X, y into training and test rows as the page does (train_test_split). */
export function splitLines(config, nTest, lines) {
  if (nTest > 0) {
    lines.push('# The page splits exactly as train_test_split (a shuffled split, test rows first in the permutation).');
    lines.push(`X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=${config.data.test_size}, random_state=${config.data.random_state})`);
  } else {
    lines.push('# No test set: the page still shuffles the rows as train_test_split would.');
    lines.push(`perm = np.random.RandomState(${config.data.random_state}).permutation(len(X))`);
    lines.push('X_train, y_train = X[perm], y[perm]');
    lines.push('X_test, y_test = X_train[:0], y_train[:0]');
  }
}

/** The lines that read the user's CSV file as the page did (pandas; the file is not in the link). */
export function csvLines(config, lines) {
  const c = config.data.csv ?? {};
  const sep = { '\t': '\\t', ';': ';', ',': ',' }[c.delimiter ?? ','] ?? ',';
  const header = c.hasHeader === false ? ', header=None' : '';
  lines.push(`# Your CSV file ${JSON.stringify(c.name ?? 'data.csv')}: put it beside this script.`);
  lines.push(`data = pd.read_csv(${JSON.stringify(c.name ?? 'data.csv')}, sep="${sep}"${header})`);
  lines.push(`target = data.columns[${c.targetColumn ?? -1}]  # ${JSON.stringify(c.targetName ?? '')}`);
  lines.push('X = data.drop(columns=[target]).to_numpy(dtype=float)');
  lines.push('y = data[target].to_numpy()');
}

/** The lines that take the point edits out of (removed) and into (added) the split data. */
export function editLines(config, lines) {
  const { added = [], removed = [] } = config.data.edits ?? {};
  if (!added.length && !removed.length) return;
  const n = config.data.n_samples;
  const nTest = testRows(config);
  const nTrain = n - nTest;
  const nf = nFeaturesOf(config);
  lines.push('', `# Your edits on the page: ${removed.length} point${removed.length === 1 ? '' : 's'} removed, ${added.length} added to the training set.`);
  const sorted = [...removed].sort((a, b) => a - b);
  const fromTrain = sorted.filter((i) => i < nTrain);
  const fromTest = sorted.filter((i) => i >= nTrain).map((i) => i - nTrain);
  const list = (a) => `[${a.join(', ')}]`;
  if (fromTrain.length) {
    lines.push(`X_train = np.delete(X_train, ${list(fromTrain)}, axis=0)`);
    lines.push(`y_train = np.delete(y_train, ${list(fromTrain)})`);
  }
  if (fromTest.length) {
    lines.push(`X_test = np.delete(X_test, ${list(fromTest)}, axis=0)`);
    lines.push(`y_test = np.delete(y_test, ${list(fromTest)})`);
  }
  if (added.length) {
    const rows = added.map((p) => `[${p.slice(0, nf).map(float).join(', ')}]`);
    const targets = added.map((p) => (taskOf(config) === 'classification' ? String(p[nf]) : float(p[nf])));
    lines.push(`X_train = np.vstack([X_train, [${rows.join(', ')}]])`);
    lines.push(`y_train = np.concatenate([y_train, [${targets.join(', ')}]])`);
  }
}
