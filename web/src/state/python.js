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

/** The estimator's arguments as [text, note] pairs; overrides ({ name: [value, note] }) are always written. */
function estimatorArgs(config, overrides = {}) {
  const m = config.model;
  const args = [];
  for (const [name, def] of Object.entries(SKLEARN_DEFAULTS)) {
    if (overrides[name]) {
      const [value, note] = overrides[name];
      args.push([`${name}=${pyValue(value)},`, `  # ${note}`]);
      continue;
    }
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

// ---- the page's run: what scikit-learn needs to train exactly the epochs the page trained

const isCount = (v) => Number.isSafeInteger(v) && v >= 0;
const isEpoch = (v) => Number.isSafeInteger(v) && v >= 1;
/** One line of text from anything (a stop reason): no line breaks, at most 300 characters. */
const oneLine = (v) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim().slice(0, 300) : '');

/**
 * The run's facts, checked (see toPython): null when there is no usable run (absent,
 * not an object, or epochs not a positive integer); unusable fields become null.
 * fitStop must lie at or before epochs (a later one is dropped); patienceEpoch and
 * bestEpoch likewise.
 */
export function runFacts(run) {
  if (!run || typeof run !== 'object' || !isEpoch(run.epochs)) return null;
  const E = run.epochs;
  const upTo = (v) => (isEpoch(v) && v <= E ? v : null);
  const stop = run.fitStop && typeof run.fitStop === 'object' && upTo(run.fitStop.epoch)
    ? { epoch: run.fitStop.epoch, reason: oneLine(run.fitStop.reason) }
    : null;
  const num = (v) => (typeof v === 'number' ? v : NaN);
  return {
    epochs: E,
    fitStop: stop,
    patienceEpoch: upTo(run.patienceEpoch),
    bestEpoch: upTo(run.bestEpoch),
    loss: num(run.loss),
    trainScore: num(run.trainScore),
    testScore: num(run.testScore),
  };
}

/** Words of a comment wrapped to lines of at most `width` characters, each starting with "# ". */
function commentLines(text, width = 100) {
  const out = [];
  let line = '#';
  for (const word of text.split(' ').filter(Boolean)) {
    if (line.length > 1 && line.length + 1 + word.length > width) {
      out.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  if (line.length > 1) out.push(line);
  return out;
}

const quoted = (reason) => (reason ? ` ("${reason}")` : '');

/**
 * What the export changes so that scikit-learn trains the page's run, and why:
 * { overrides: { name: [value, note] }, comments: [paragraph], header: [paragraph] }.
 * overrides replace the config's parameters (always written, with their note);
 * comments go above the estimator, header at the top of the script.
 */
export function runPlan(config, facts) {
  const m = config.model;
  const plan = { overrides: {}, comments: [], header: [] };
  const lbfgs = m.solver === 'lbfgs';
  const adaptive = m.solver === 'sgd' && m.learning_rate === 'adaptive';
  if (lbfgs) {
    plan.header.push("lbfgs: the page's L-BFGS is its own (two-loop recursion, Moré-Thuente line search, scipy's "
      + "stopping rules). Its path is close to that of scipy's L-BFGS-B, which scikit-learn calls, but not identical, so "
      + "scikit-learn's n_iter_ and loss_ will differ from the page's: a little on short runs, more on long ones (the "
      + 'scores are as good).');
  }
  if (config.precision === 'float32') {
    plan.header.push("float32: the page trained in its fast float32 mode, which is not bit-identical to scikit-learn "
      + '(in float32 or float64): expect n_iter_, loss_ and the scores to differ a little from the page\'s.');
  }
  if (!facts) return plan;

  const E = facts.epochs;
  const unit = lbfgs ? 'iteration' : 'epoch';
  const units = (n) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const maxIter = Number.isSafeInteger(m.max_iter) ? m.max_iter : null;
  // Without a stop before E, fit() still stops at max_iter when that is E.
  const stop = facts.fitStop ?? (maxIter === E ? { epoch: E, reason: `max_iter=${E} reached` } : null);
  const yourMaxIter = maxIter === null ? '' : ` (yours: ${maxIter})`;
  const warning = lbfgs
    ? "scikit-learn will warn ConvergenceWarning (lbfgs failed to converge: the iteration limit): that is expected."
    : 'scikit-learn will warn ConvergenceWarning (maximum iterations reached): that is expected.';
  let trainsTo = E; // the epoch whose weights scikit-learn ends with (before an early-stopping restore)

  if (stop && stop.epoch === E) {
    // 1. fit() stops right where the page's run is.
    plan.comments.push(`The page trained ${units(E)}, and fit() with these parameters stops there by itself${quoted(stop.reason)}: `
      + 'the parameters are yours, unchanged.'
      + (lbfgs ? ` scipy's L-BFGS-B may stop at a slightly different iteration.` : ''));
  } else if (!stop) {
    // 2. Paused by hand before fit() would stop.
    if (maxIter !== E) plan.overrides.max_iter = [E, `the page was paused by hand at ${unit} ${E}${yourMaxIter}`];
    plan.comments.push(`The page was paused by hand at ${unit} ${E}, before fit() would stop: max_iter=${E} `
      + `${lbfgs ? 'stops L-BFGS-B after at most' : 'trains exactly'} ${units(E)}. ${warning}`);
  } else if (lbfgs) {
    // 6. L-BFGS past the point where fit() stops: scipy decides its own convergence.
    if (maxIter !== E) plan.overrides.max_iter = [E, `the page iterated on to ${E}${yourMaxIter}`];
    plan.comments.push(`fit() alone would stop at iteration ${stop.epoch}${quoted(stop.reason)}; the page iterated on to `
      + `iteration ${E}. max_iter=${E} allows as many, but scipy's L-BFGS-B still stops by itself once it has converged `
      + '(scikit-learn cannot switch that off), so n_iter_ may come out smaller.');
  } else if (adaptive) {
    // 4. The n_iter_no_change rule is the adaptive schedule: never disabled.
    const rateStop = /learning rate too small/i.test(stop.reason)
      || (maxIter !== null && stop.epoch < maxIter && !/maximum iterations/i.test(stop.reason));
    if (rateStop) {
      trainsTo = stop.epoch;
      plan.comments.push(`fit() stops at epoch ${stop.epoch}${quoted(stop.reason)}: its learning rate had fallen to 1e-6 or `
        + `less. The page kept training at that tiny rate for ${E - stop.epoch} more epochs, to epoch ${E}. scikit-learn `
        + "cannot express that (with learning_rate='adaptive' the n_iter_no_change rule is the schedule, so it stays on), "
        + `so this code trains to epoch ${stop.epoch}: its n_iter_, loss_ and scores are those of epoch ${stop.epoch}, the `
        + `page's those of epoch ${E}.`);
    } else {
      if (maxIter !== E) plan.overrides.max_iter = [E, `the page trained on to epoch ${E}${yourMaxIter}`];
      plan.comments.push(`fit() alone would stop at epoch ${stop.epoch}${quoted(stop.reason)}; the page trained on to `
        + `epoch ${E}, one single fit. max_iter=${E} trains the same epochs; with learning_rate='adaptive' the `
        + 'n_iter_no_change rule stays on: it is the schedule (it divides the rate by 5). Should it fire with the rate '
        + `already at 1e-6 or less before epoch ${E}, fit() stops there ("Learning rate too small"): n_iter_ below shows `
        + `it. ${warning}`);
    }
  } else {
    // 3. sgd (constant, invscaling) or adam past fit()'s stop: one single longer fit.
    if (maxIter !== E) plan.overrides.max_iter = [E, `the page trained on to epoch ${E}${yourMaxIter}`];
    let rule = '';
    if (facts.patienceEpoch !== null && facts.patienceEpoch < E) {
      const was = m.n_iter_no_change === Infinity || m.n_iter_no_change === 'inf' ? 'np.inf' : m.n_iter_no_change;
      plan.overrides.n_iter_no_change = [Infinity, `yours: ${was}; that rule fires at epoch ${facts.patienceEpoch}`];
      rule = ` and n_iter_no_change=np.inf (the tol/n_iter_no_change rule, which fires at epoch ${facts.patienceEpoch}, `
        + 'can no longer stop it)';
    }
    plan.comments.push(`fit() alone would stop at epoch ${stop.epoch}${quoted(stop.reason)}; the page trained on to epoch `
      + `${E}, one single fit (the same weights and optimizer state throughout). max_iter=${E}${rule} train the same `
      + `${E} epochs.${facts.patienceEpoch === E ? '' : ` ${warning}`}`);
  }

  if (m.early_stopping && !lbfgs) {
    // 5. scikit-learn restores the best validation weights at the end of every fit(), however it ends.
    const best = facts.bestEpoch;
    if (trainsTo < E) {
      plan.comments.push(`early_stopping: fit() then ends with the weights of its best validation score up to epoch `
        + `${trainsTo}; the page shows those of its last epoch (${E}).`);
    } else if (!stop || stop.epoch < E) {
      if (best === null) {
        plan.comments.push('early_stopping: at the end of fit() scikit-learn restores the weights of the best validation '
          + `score; the page shows the weights of its last epoch (${E}), so the scores below can differ from the page's.`);
      } else if (best < E) {
        plan.comments.push('early_stopping: at the end of fit() scikit-learn restores the weights of the best validation '
          + `score (epoch ${best}); the page shows the weights of its last epoch (${E}), so the scores below can differ from `
          + "the page's (loss_ and n_iter_ are not restored).");
      }
    } else if (best !== null && best < E) {
      plan.comments.push(`early_stopping: fit() ends with the weights of its best validation score (epoch ${best}).`);
    }
  }
  return plan;
}

/** loss_ as the page shows it: 6 decimals, or 6 significant digits when very small or large; nan/inf as Python prints. */
function lossText(v) {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? v.toExponential(5) : v.toFixed(6);
}

const scoreText = (v) => (Number.isFinite(v) ? v.toFixed(4) : 'nan');

/**
 * The Python script for config. options.link: the page's share link, quoted in
 * a comment. options.run (optional): the facts of the run the page shows, so that
 * the script trains exactly the epochs the page trained (absent, or epochs 0: the
 * configuration as fit() trains it):
 *   { epochs,        E: n_iter_ of the model shown (L-BFGS iterations for lbfgs)
 *     fitStop,       null or { epoch, reason }: the first epoch <= E where fit() with the
 *                    config's own parameters stops, reason in scikit-learn's words
 *     patienceEpoch, null or the first epoch <= E where the tol/n_iter_no_change rule fires
 *     bestEpoch,     with early_stopping: the epoch of the best validation score, else null
 *     loss,          the page's loss_ at E
 *     trainScore, testScore }  the page's scores of the weights shown
 * Malformed facts never throw: a run without a positive integer epochs counts as
 * absent, and fields that do not fit it are ignored. Returns the text.
 */
export function toPython(config, { link, run } = {}) {
  const gen = config.data.generator;
  const g = GENERATORS[gen];
  const task = taskOf(config);
  const estimator = estimatorOf(config);
  const derived = activeDerived(config);
  const standardize = config.data.standardize;
  const nTest = testRows(config);
  const facts = runFacts(run);
  const plan = runPlan(config, facts);
  const what = facts ? `the page's run (${facts.epochs} ${config.model.solver === 'lbfgs' ? 'iteration' : 'epoch'}${facts.epochs === 1 ? '' : 's'})` : 'this configuration';
  const lines = [`# MLP Playground: ${what} as scikit-learn code (scikit-learn 1.2 or newer).`];
  if (link) lines.push(`# ${link}`);
  for (const paragraph of plan.header) lines.push(...commentLines(paragraph));
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
  for (const paragraph of plan.comments) lines.push(...commentLines(paragraph));
  const args = estimatorArgs(config, plan.overrides);
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
  // The fitted estimator: a pipeline's last step.
  const mlp = derived.length || standardize ? 'model[-1]' : 'model';
  lines.push(`print("n_iter_:", ${mlp}.n_iter_, "loss_:", ${mlp}.loss_)`);
  if (facts) {
    const scoreWord = task === 'classification' ? 'accuracy' : 'R^2';
    const figures = [`n_iter_ = ${facts.epochs}`, `loss_ = ${lossText(facts.loss)}`, `train ${scoreWord} ${scoreText(facts.trainScore)}`];
    if (nTest > 0) figures.push(`test ${scoreWord} ${scoreText(facts.testScore)}`);
    lines.push(`# the page: ${figures.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
