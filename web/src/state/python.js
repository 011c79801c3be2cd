// "Export to Python": scikit-learn code that reproduces a configuration.
// Pure: no DOM, testable under node.
import {
  DERIVED,
  GENERATORS,
  SKLEARN_DEFAULTS,
  activeDerived,
  beyondSettings,
  estimatorOf,
  generatorOf,
  nFeaturesOf,
  sameValue,
  taskOf,
} from './config.js';

const SOLVER_USES = {
  batch_size: ['sgd', 'adam'],
  learning_rate: ['sgd'],
  learning_rate_init: ['sgd', 'adam'],
  power_t: ['sgd'],
  momentum: ['sgd'],
  nesterovs_momentum: ['sgd'],
  beta_1: ['adam'],
  beta_2: ['adam'],
  epsilon: ['adam'],
  max_fun: ['lbfgs'],
  n_iter_no_change: ['sgd', 'adam'],
  early_stopping: ['sgd', 'adam'],
  validation_fraction: ['sgd', 'adam'],
  shuffle: ['sgd', 'adam'],
};

/** A JS value as a Python literal. */
export function pyValue(v) {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (v === 'inf' || v === Infinity) return 'np.inf';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyValue(v[0])},)` : `(${v.map(pyValue).join(', ')})`;
  return String(v);
}

const float = (v) => (Number.isInteger(v) ? `${v}.0` : String(v));

/** Python functions for the playground's own generators: the page's recipe, draw by draw. */
const PLAYGROUND_SOURCES = {
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

const DERIVED_PY = {
  x2: 'X[:, 0] ** 2',
  y2: 'X[:, 1] ** 2',
  xy: 'X[:, 0] * X[:, 1]',
  sinx: 'np.sin(X[:, 0])',
  siny: 'np.sin(X[:, 1])',
};

function datasetCall(config) {
  const d = config.data;
  const g = generatorOf(config);
  switch (config.data.generator) {
    case 'moons':
      return `make_moons(n_samples=${d.n_samples}, noise=${float(d.noise)}, random_state=${d.seed})`;
    case 'circles':
      return `make_circles(n_samples=${d.n_samples}, noise=${float(d.noise)}, factor=${float(d.factor)}, random_state=${d.seed})`;
    case 'blobs':
      return `make_blobs(n_samples=${d.n_samples}, centers=${d.centers}, cluster_std=${float(d.cluster_std)}, random_state=${d.seed})`;
    case 'regression':
      return `make_regression(n_samples=${d.n_samples}, n_features=${d.n_features}, noise=${float(d.noise)}, random_state=${d.seed})`;
    case 'iris':
    case 'digits':
      return `${g.core}(return_X_y=True)`;
    default:
      return `${g.core === 'gaussian' ? 'make_gaussian' : `make_${g.core}`}(n_samples=${d.n_samples}, noise=${float(d.noise)}, random_state=${d.seed})`;
  }
}

/** Rows of the dataset (training and test together). */
export function sampleCount(config) {
  const g = generatorOf(config);
  if (g.table === 'csv') return config.data.csv?.nSamples ?? 0;
  return g.nSamples ?? config.data.n_samples;
}

/** Number of test rows the page holds out (as train_test_split: ceil(test_size * n)). */
export const testRows = (config) => Math.ceil(config.data.testFraction * sampleCount(config));

/** The lines that read the user's CSV file as the page did (pandas; the file is not in the link). */
function csvLines(config, lines) {
  const c = config.data.csv ?? {};
  const sep = { '\t': '\\t', ';': ';', ',': ',' }[c.delimiter ?? ','] ?? ',';
  const header = c.hasHeader === false ? ', header=None' : '';
  lines.push(`# Your CSV file ${JSON.stringify(c.name ?? 'data.csv')}: put it beside this script.`);
  lines.push(`data = pd.read_csv(${JSON.stringify(c.name ?? 'data.csv')}, sep="${sep}"${header})`);
  lines.push(`target = data.columns[${c.targetColumn ?? -1}]  # ${JSON.stringify(c.targetName ?? '')}`);
  lines.push('X = data.drop(columns=[target]).to_numpy(dtype=float)');
  lines.push('y = data[target].to_numpy()');
}

/**
 * What the page does that scikit-learn cannot express, one phrase each (empty
 * when the run is plain scikit-learn): the engine's extensions that change this run.
 */
export function beyondNotes(config) {
  const m = config.model;
  const b = beyondSettings(config);
  const notes = [];
  if (m.activation === 'leaky_relu') {
    notes.push(`activation='leaky_relu' (leaky_slope=${m.leaky_slope}) is replaced by 'relu'`);
  }
  if (b.init) notes.push(`init='${b.init}' is replaced by scikit-learn's Glorot initialisation`);
  if (b.l1) notes.push(`l1=${b.l1} (L1 penalty) is left out`);
  if (b.dropout) notes.push(`dropout=${b.dropout} (on the hidden layers) is left out`);
  return notes;
}

function beyondBlock(config, lines) {
  const notes = beyondNotes(config);
  if (!notes.length) return;
  lines.push(`# Beyond scikit-learn: the page's ${notes.length > 1 ? 'settings below are' : 'setting below is'} not available in ${estimatorOf(config)};`);
  lines.push('# this code trains without them, so its results differ from the page\'s:');
  for (const n of notes) lines.push(`#   - ${n}`);
}

function estimatorArgs(config) {
  const m = config.model;
  const args = [];
  for (const [name, def] of Object.entries(SKLEARN_DEFAULTS)) {
    let v = m[name];
    if (name === 'n_iter_no_change' && v === Infinity) v = 'inf';
    if (name === 'activation' && v === 'leaky_relu') {
      // scikit-learn has no leaky ReLU: the nearest it has, said so on the line.
      args.push([`activation=${pyValue('relu')},`, '  # the page used leaky_relu (beyond scikit-learn)']);
      continue;
    }
    if (sameValue(v, def)) continue;
    const uses = SOLVER_USES[name];
    const note = uses && !uses.includes(m.solver) ? `  # ignored by ${m.solver}` : '';
    args.push([`${name}=${pyValue(v)},`, note]);
  }
  return args;
}

function editLines(config, lines) {
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

/**
 * The Python script for config. options.link: the page's share link, quoted in
 * a comment. Returns the text.
 */
export function toPython(config, { link } = {}) {
  const gen = config.data.generator;
  const g = GENERATORS[gen];
  const task = taskOf(config);
  const estimator = estimatorOf(config);
  const derived = activeDerived(config);
  const standardize = config.data.standardize;
  const nTest = testRows(config);
  const lines = ['# MLP Playground: this configuration as scikit-learn code (scikit-learn 1.2 or newer).'];
  if (link) lines.push(`# ${link}`);
  beyondBlock(config, lines);
  lines.push('import numpy as np');
  if (g.table === 'csv') lines.push('import pandas as pd');
  if (g.sklearn) lines.push(`from sklearn.datasets import ${datasetCall(config).split('(')[0]}`);
  if (nTest > 0) lines.push('from sklearn.model_selection import train_test_split');
  lines.push(`from sklearn.neural_network import ${estimator}`);
  if (derived.length || standardize) lines.push('from sklearn.pipeline import make_pipeline');
  const pre = [];
  if (derived.length) pre.push('FunctionTransformer');
  if (standardize) pre.push('StandardScaler');
  if (pre.length) lines.push(`from sklearn.preprocessing import ${pre.join(', ')}`);

  if (!g.sklearn && !g.table) {
    lines.push('', '');
    lines.push(`# The playground's own "${g.label}" set: the page's recipe with the same random draws (numpy's`);
    lines.push("# legacy RandomState). Not guaranteed bit-identical to the page's points: sin/cos may differ");
    lines.push('# in the last bit between platforms.');
    lines.push(PLAYGROUND_SOURCES[gen]);
  }
  if (derived.length) {
    const names = derived.map((f) => ({ x2: 'x^2', y2: 'y^2', xy: 'x*y', sinx: 'sin(x)', siny: 'sin(y)' })[f]);
    lines.push('', '');
    lines.push('def derived_features(X):');
    lines.push(`    """The inputs followed by ${names.join(', ')} (the page's derived features, in its order)."""`);
    lines.push(`    return np.column_stack([X, ${DERIVED.filter((f) => derived.includes(f)).map((f) => DERIVED_PY[f]).join(', ')}])`);
    lines.push('');
  }
  lines.push('');
  if (g.table === 'csv') csvLines(config, lines);
  else lines.push(`X, y = ${datasetCall(config)}`);
  if (gen === 'digits') lines.push('X = X / 16.0  # the page scales the pixels (0..16) to 0..1');
  if (nTest > 0) {
    lines.push('# The page splits exactly as train_test_split (a shuffled split, test rows first in the permutation).');
    lines.push(`X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=${config.data.testFraction}, random_state=${config.data.seed})`);
  } else {
    lines.push('# No test set: the page still shuffles the rows as train_test_split would.');
    lines.push(`perm = np.random.RandomState(${config.data.seed}).permutation(len(X))`);
    lines.push('X_train, y_train = X[perm], y[perm]');
    lines.push('X_test, y_test = X_train[:0], y_train[:0]');
  }
  editLines(config, lines);
  if (config.precision === 'float32') {
    lines.push('', '# The page trained in float32 (its fast mode); scikit-learn keeps float32 inputs in float32.');
    lines.push('X_train, X_test = X_train.astype(np.float32), X_test.astype(np.float32)');
  }

  lines.push('');
  beyondBlock(config, lines);
  const args = estimatorArgs(config);
  const head = estimator;
  let est;
  if (!args.length) est = `${head}()`;
  else {
    const width = Math.max(...args.map(([a]) => a.length));
    est = `${head}(\n${args.map(([a, note]) => `    ${note ? a.padEnd(width) : a}${note}`).join('\n')}\n)`;
  }
  if (derived.length || standardize) {
    const steps = [];
    if (derived.length) steps.push('FunctionTransformer(derived_features)');
    if (standardize) steps.push('StandardScaler()');
    lines.push(`model = make_pipeline(\n    ${steps.join(',\n    ')},\n    ${est.replace(/\n/g, '\n    ')},\n)`);
  } else {
    lines.push(`model = ${est}`);
  }
  lines.push('model.fit(X_train, y_train)');
  const score = task === 'classification' ? 'accuracy' : 'R^2';
  lines.push(`print("train ${score}:", model.score(X_train, y_train))`);
  if (nTest > 0) lines.push(`print("test ${score}:", model.score(X_test, y_test))`);
  return `${lines.join('\n')}\n`;
}
