// The page's pure state modules: the config table, the share link (encode /
// decode), the Python export and the point edits. No DOM, no engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { applyEdits, dataRect, nearestRow, removeDisplayed } from '../../web/src/app/edits.js';
import {
  CONTROL_IDS,
  DEFAULTS,
  GENERATORS,
  PARAMS,
  PARAM_BY_ID,
  checkValue,
  defaultConfig,
  engineParams,
  beyondSettings,
  featuresRequest,
  generateRequest,
  getPath,
  parseValue,
  setPath,
  validateConfig,
  changeKind,
  estimatorOf,
  imageShapeOf,
  inputLabels,
  isPlanar,
  nClassesOf,
  nFeaturesOf,
  tableOf,
  taskOf,
} from '../../web/src/state/config.js';
import { beyondNotes, testRows, toPython } from '../../web/src/state/python.js';
import { decode, encode, pinDifference } from '../../web/src/state/url.js';

/** A valid value different from the default for every control (a new PARAMS entry must be added here). */
const OTHER_VALUES = {
  generator: 'spirals',
  n_samples: 1234,
  noise: 0.35,
  factor: 0.3,
  centers: 5,
  cluster_std: 0.7,
  n_features: 2,
  data_seed: 4294967295,
  test_fraction: 0.4,
  standardize: true,
  features: ['x2', 'xy', 'siny'],
  hidden_layer_sizes: [512, 1, 7, 7, 7, 7, 7, 7, 7, 3],
  activation: 'tanh',
  solver: 'sgd',
  batch_size: 32,
  learning_rate: 'invscaling',
  learning_rate_init: 0.003,
  power_t: 0.25,
  momentum: 0.5,
  nesterovs_momentum: false,
  beta_1: 0.8,
  beta_2: 0.99,
  epsilon: 1e-7,
  max_fun: 20000,
  alpha: 0.03,
  max_iter: 5000,
  tol: 1e-6,
  n_iter_no_change: 'inf',
  early_stopping: true,
  validation_fraction: 0.2,
  random_state: 42,
  shuffle: false,
  precision: 'float32',
  discretize: true,
  show_test: true,
  log_scale: true,
  leaky_slope: 0.2,
  init: 'he',
  l1: 0.01,
  dropout: 0.3,
  speed: 'max',
  stop_at_fit: true,
};

const withValue = (config, id, value) => setPath(config, PARAM_BY_ID[id].path, value);

test('the defaults are valid and encode to the version alone', () => {
  assert.deepEqual(validateConfig(DEFAULTS), []);
  assert.equal(encode(DEFAULTS), 'v=2');
  for (const link of ['v=2', 'v=1', '']) {
    const { config, ignored } = decode(link);
    assert.deepEqual(config, defaultConfig(), link);
    assert.deepEqual(ignored, [], link);
  }
});

test('every control has a test value, and every short key is unique', () => {
  assert.deepEqual(Object.keys(OTHER_VALUES).sort(), PARAMS.map((p) => p.id).sort());
  const keys = PARAMS.map((p) => p.key);
  assert.equal(new Set(keys).size, keys.length);
});

test('every control survives a round trip through the link on its own', () => {
  for (const [id, value] of Object.entries(OTHER_VALUES)) {
    const param = PARAM_BY_ID[id];
    assert.equal(checkValue(param, value, DEFAULTS), null, `${id} test value must be valid`);
    const config = withValue(defaultConfig(), id, value);
    const query = encode(config);
    assert.match(query, new RegExp(`(^|&)${param.key}=`), `${id} is written under its key`);
    const { config: back, ignored } = decode(`?${query}`);
    assert.deepEqual(ignored, [], `${id}: ${query}`);
    assert.deepEqual(getPath(back, param.path), value, `${id}: ${query}`);
    assert.deepEqual(back, config, id);
  }
});

test('all controls changed at once survive a round trip, with point edits and embed options', () => {
  let config = defaultConfig();
  for (const [id, value] of Object.entries(OTHER_VALUES)) config = withValue(config, id, value);
  config.data.edits = { added: [[0.125, -1.5, 1], [2, 3, 0]], removed: [0, 1, 2, 40, 1233] };
  config.embed = { enabled: true, show: ['noise', 'play', 'hidden_layer_sizes'], lock: ['generator'], autoplay: true };
  const query = encode(config);
  const { config: back, ignored } = decode(query);
  assert.deepEqual(ignored, []);
  assert.deepEqual(back, config);
  // The link is stable: encoding the decoded config gives the same text.
  assert.equal(encode(back), query);
  // Only characters that need no escaping in a query value.
  assert.match(query, /^[A-Za-z0-9=&_.,~%-]+$/);
});

test('point edits are written compactly and read back rounded as the page rounds them', () => {
  const config = defaultConfig();
  config.data.edits = { added: [[0.1234567, -0.5, 1]], removed: [3, 4, 5, 100, 299] };
  const query = encode(config);
  assert.match(query, /pa=0\.123,-0\.5,1/);
  assert.match(query, /pr=3\.0\.0\.2m\.5i/);
  const { config: back } = decode(query);
  assert.deepEqual(back.data.edits, { added: [[0.123, -0.5, 1]], removed: [3, 4, 5, 100, 299] });
});

test('regression and 1-D points carry their value', () => {
  let config = withValue(defaultConfig(), 'generator', 'sine');
  config.data.edits = { added: [[0.5, -0.25], [-1, 1]], removed: [] };
  assert.deepEqual(decode(encode(config)).config.data.edits.added, [[0.5, -0.25], [-1, 1]]);
  config = withValue(defaultConfig(), 'generator', 'plane');
  config.data.edits = { added: [[0.5, -0.25, 12.5]], removed: [] };
  assert.deepEqual(decode(encode(config)).config.data.edits.added, [[0.5, -0.25, 12.5]]);
});

test('links may use scikit-learn names and older forms', () => {
  const { config, ignored } = decode('?alpha=0.5&hidden_layer_sizes=(10,%2020)&solver=LBFGS&n_iter_no_change=inf&dataset=circles&seed=3&early_stopping=true');
  assert.deepEqual(ignored, []);
  assert.equal(config.model.alpha, 0.5);
  assert.deepEqual(config.model.hidden_layer_sizes, [10, 20]);
  assert.equal(config.model.solver, 'lbfgs');
  assert.equal(config.model.n_iter_no_change, 'inf');
  assert.equal(config.data.generator, 'circles');
  assert.equal(config.data.seed, 3);
  assert.equal(config.model.early_stopping, true);
  // No version at all: read as v=1.
  assert.deepEqual(decode('g=xor').ignored, []);
  // No hidden layer.
  assert.deepEqual(decode('h=0').config.model.hidden_layer_sizes, []);
});

test('damaged links never throw, load what they can and say what was ignored', () => {
  const damaged = [
    '?a=-1',
    '?a=abc&n=5',
    '?h=8_0_8',
    '?h=1_2_3_4_5_6_7_8_9_10_11',
    '?h=513',
    '?g=banana',
    '?sol=rmsprop&act=swish',
    '?bs=0&nic=0.5&mi=1.5',
    '?b1=1&vf=1&mo=2',
    '?pa=1,2&pr=-1',
    '?pa=0.1,0.2,9',
    '?v=99&foo=bar',
    '?v=0',
    '?a=1&a=2',
    '?a=1&alpha=2',
    '?%E0%A4%A=1&x=%',
    '?__proto__=1&constructor=2&toString=3',
    `?g=${'x'.repeat(5000)}`,
    '?embed=1&show=nope,noise&lock=alsonope',
    '?fx=x2_cube',
    '?rs=-1&ds=4294967296',
    '?nz=3',
    '?tf=0.95',
    '?p=float16',
    '&&&=&==',
    '?????',
    '#a=1',
  ];
  for (const link of damaged) {
    let result;
    assert.doesNotThrow(() => {
      result = decode(link);
    }, link);
    assert.ok(result.config && result.config.model && result.config.data, link);
    assert.deepEqual(validateConfig(result.config), [], `${link} yields a valid config`);
    assert.ok(Array.isArray(result.ignored), link);
  }
  const messages = (link) => decode(link).ignored.join('\n');
  assert.match(messages('?a=-1'), /alpha must be a number in \[0, 100\]; got -1/);
  assert.match(messages('?h=8_0_8'), /hidden_layer_sizes must be .*1 to 512; got \[8, 0, 8\]/);
  assert.match(messages('?g=banana'), /Dataset must be one of 'moons'.*got 'banana'/);
  assert.match(messages('?sol=rmsprop'), /solver must be one of 'adam', 'sgd', 'lbfgs'; got 'rmsprop'/);
  assert.match(messages('?bs=0'), /batch_size must be 'auto' or an integer/);
  assert.match(messages('?nic=0.5'), /n_iter_no_change must be an integer .* or 'inf'/);
  assert.match(messages('?v=99&foo=bar'), /newer version/);
  assert.match(messages('?v=99&foo=bar'), /unknown parameter foo=bar/);
  assert.match(messages('?a=1&a=2'), /repeated a=2/);
  assert.match(messages('?pa=0.1,0.2,9'), /added point/);
  assert.match(messages('?embed=1&show=nope,noise'), /unknown control or panel in show: nope/);
  assert.match(messages('?nz=3'), /noise must be a number in \[0, 2\]; got 3/);
  // What could be read is kept.
  const partly = decode('?a=abc&n=500&h=4_4&sol=rmsprop&act=tanh');
  assert.equal(partly.config.data.n_samples, 500);
  assert.deepEqual(partly.config.model.hidden_layer_sizes, [4, 4]);
  assert.equal(partly.config.model.activation, 'tanh');
  assert.equal(partly.config.model.alpha, DEFAULTS.model.alpha);
  assert.equal(partly.config.model.solver, DEFAULTS.model.solver);
  assert.equal(partly.ignored.length, 2);
  // Large noise is fine for make_regression (its targets are in the hundreds).
  assert.deepEqual(decode('?g=regression&nz=20').ignored, []);
  assert.equal(decode(null).config.data.generator, 'moons');
  assert.equal(decode(undefined).ignored.length, 0);
});

test('values typed in the page are checked with messages that name the parameter, the value and what is allowed', () => {
  const p = PARAM_BY_ID;
  assert.deepEqual(parseValue(p.alpha, '1e-3'), { value: 0.001 });
  assert.deepEqual(parseValue(p.batch_size, 'AUTO'), { value: 'auto' });
  assert.equal(parseValue(p.learning_rate_init, '0').error, "learning_rate_init must be a number in (0, 10]; got 0");
  assert.equal(parseValue(p.beta_2, '1').error, 'beta_2 must be a number in [0, 1); got 1');
  assert.equal(parseValue(p.max_iter, '2.5').error, 'max_iter must be an integer from 1 to 10000000; got 2.5');
  assert.equal(parseValue(p.random_state, 'x').error, "random_state must be an integer from 0 to 4294967295; got 'x'");
  assert.equal(parseValue(p.n_samples, '').error, 'n_samples must be an integer from 10 to 20000; got nothing');
});

test('the engine requests use the core generator names and scikit-learn parameter names', () => {
  const names = Object.values(GENERATORS).filter((g) => !g.table).map((g) => g.core).sort();
  assert.deepEqual(names, ['gaussian', 'make_blobs', 'make_circles', 'make_moons', 'make_regression', 'plane', 'sine', 'spirals', 'xor']);
  assert.deepEqual(generateRequest(DEFAULTS), {
    generator: 'make_moons', params: { n_samples: 300, random_state: 0, noise: 0.2 }, testFraction: 0.25, splitSeed: 0,
  });
  const blobs = withValue(withValue(defaultConfig(), 'generator', 'blobs'), 'centers', 4);
  assert.deepEqual(generateRequest(blobs).params, { n_samples: 300, random_state: 0, centers: 4, cluster_std: 1.5 });
  const regression = withValue(withValue(defaultConfig(), 'generator', 'regression'), 'n_features', 2);
  assert.deepEqual(generateRequest(regression).params, { n_samples: 300, random_state: 0, noise: 0.2, n_features: 2 });
  const params = engineParams(withValue(defaultConfig(), 'n_iter_no_change', 'inf'));
  assert.equal(params.n_iter_no_change, 'inf');
  assert.deepEqual(params.hidden_layer_sizes, [8, 8]);
  assert.equal(Object.keys(params).length, 21);
  // 1-D data have no y: the features that need it are left out.
  const sine = withValue(withValue(defaultConfig(), 'generator', 'sine'), 'features', ['x2', 'y2', 'xy', 'sinx']);
  assert.deepEqual(featuresRequest(sine), { derived: ['x2', 'sinx'], standardize: false });
});

test('the Python export of the defaults: make_moons, train_test_split, the non-default parameters', () => {
  const py = toPython(DEFAULTS);
  assert.match(py, /from sklearn\.datasets import make_moons/);
  assert.match(py, /X, y = make_moons\(n_samples=300, noise=0\.2, random_state=0\)/);
  assert.match(py, /train_test_split\(X, y, test_size=0\.25, random_state=0\)/);
  assert.match(py, /MLPClassifier\(\n {4}hidden_layer_sizes=\(8, 8\),\n {4}learning_rate_init=0\.01,\n {4}max_iter=1000,\n {4}random_state=0,\n\)/);
  assert.doesNotMatch(py, /make_pipeline|StandardScaler|def make_/);
  assert.match(py, /print\("test accuracy:", model\.score\(X_test, y_test\)\)/);
});

test('the Python export of a playground set with features, scaling and edits', () => {
  let config = defaultConfig();
  config = withValue(config, 'generator', 'spirals');
  config = withValue(config, 'features', ['x2', 'sinx']);
  config = withValue(config, 'standardize', true);
  config = withValue(config, 'solver', 'sgd');
  config = withValue(config, 'beta_1', 0.5);
  config = withValue(config, 'n_iter_no_change', 'inf');
  config = withValue(config, 'hidden_layer_sizes', [5]);
  config.data.edits = { added: [[0.5, 0.25, 1]], removed: [2, 230] };
  const py = toPython(config, { link: 'https://example.org/?g=spirals' });
  assert.match(py, /# https:\/\/example\.org\/\?g=spirals/);
  assert.match(py, /def make_spirals\(n_samples=200, noise=0\.0, random_state=None\):/);
  assert.match(py, /Not guaranteed bit-identical/);
  assert.match(py, /X, y = make_spirals\(n_samples=300, noise=0\.2, random_state=0\)/);
  assert.match(py, /np\.column_stack\(\[X, X\[:, 0\] \*\* 2, np\.sin\(X\[:, 0\]\)\]\)/);
  assert.match(py, /make_pipeline\(\n {4}FunctionTransformer\(derived_features\),\n {4}StandardScaler\(\),\n {4}MLPClassifier\(/);
  assert.match(py, /from sklearn\.preprocessing import FunctionTransformer, StandardScaler/);
  assert.match(py, /hidden_layer_sizes=\(5,\)/);
  assert.match(py, /beta_1=0\.5, +# ignored by sgd/);
  assert.match(py, /n_iter_no_change=np\.inf/);
  // 300 rows, 75 test rows: row 2 is a training row, row 230 is test row 5.
  assert.match(py, /X_train = np\.delete\(X_train, \[2\], axis=0\)/);
  assert.match(py, /X_test = np\.delete\(X_test, \[5\], axis=0\)/);
  assert.match(py, /X_train = np\.vstack\(\[X_train, \[\[0\.5, 0\.25\]\]\]\)/);
  assert.match(py, /y_train = np\.concatenate\(\[y_train, \[1\]\]\)/);
});

test('the Python export of regressions: make_regression, sine without a test set, float32', () => {
  let config = withValue(withValue(defaultConfig(), 'generator', 'regression'), 'n_features', 2);
  config = withValue(config, 'noise', 10);
  let py = toPython(config);
  assert.match(py, /from sklearn\.datasets import make_regression/);
  assert.match(py, /make_regression\(n_samples=300, n_features=2, noise=10\.0, random_state=0\)/);
  assert.match(py, /MLPRegressor\(/);
  assert.match(py, /print\("train R\^2:"/);
  config = withValue(withValue(defaultConfig(), 'generator', 'sine'), 'test_fraction', 0);
  config = withValue(config, 'precision', 'float32');
  config = withValue(config, 'hidden_layer_sizes', [100]);
  config = withValue(config, 'learning_rate_init', 0.001);
  config = withValue(config, 'max_iter', 200);
  py = toPython(config);
  assert.match(py, /def make_sine/);
  assert.doesNotMatch(py, /train_test_split\(/);
  assert.match(py, /np\.random\.RandomState\(0\)\.permutation\(len\(X\)\)/);
  assert.match(py, /astype\(np\.float32\)/);
  assert.match(py, /model = MLPRegressor\(\n {4}random_state=0,\n\)/);
  assert.doesNotMatch(py, /test R\^2/);
  const blobs = withValue(withValue(defaultConfig(), 'generator', 'blobs'), 'centers', 4);
  assert.match(toPython(blobs), /make_blobs\(n_samples=300, centers=4, cluster_std=1\.5, random_state=0\)/);
  const circles = toPython(withValue(defaultConfig(), 'generator', 'circles'));
  assert.match(circles, /make_circles\(n_samples=300, noise=0\.2, factor=0\.5, random_state=0\)/);
});

test('point edits: applied in order, removed by displayed row, nearest point found', () => {
  const base = {
    nFeatures: 2,
    xTrain: Float64Array.from([0, 0, 1, 1, 2, 2]),
    yTrain: Float64Array.from([0, 1, 0]),
    xTest: Float64Array.from([3, 3]),
    yTest: Float64Array.from([1]),
  };
  const edits = { added: [[5, 5, 1]], removed: [1] };
  const { arrays, origin, trainCount } = applyEdits(base, edits);
  assert.deepEqual([...arrays.xTrain], [0, 0, 2, 2, 5, 5]);
  assert.deepEqual([...arrays.yTrain], [0, 0, 1]);
  assert.deepEqual([...arrays.xTest], [3, 3]);
  assert.equal(trainCount, 3);
  assert.deepEqual(origin, [{ row: 0 }, { row: 2 }, { added: 0 }, { row: 3 }]);
  assert.deepEqual(removeDisplayed(edits, origin, 2), { added: [], removed: [1] });
  assert.deepEqual(removeDisplayed(edits, origin, 3), { added: [[5, 5, 1]], removed: [1, 3] });
  assert.equal(nearestRow(arrays, 2.1, 1.9), 1);
  assert.equal(nearestRow(arrays, 3.1, 3), 3);
  assert.equal(nearestRow(arrays, 3.1, 3, { onlyTrain: true }), 1);
  assert.equal(nearestRow(arrays, 10, 10, { radius: 1 }), -1);
  const rect = dataRect(arrays);
  assert.ok(rect.xMin < 0 && rect.xMax > 5 && rect.xMax - rect.xMin === rect.yMax - rect.yMin);
});

test('control ids for embed show/lock include the actions', () => {
  for (const id of ['play', 'step', 'reset', 'reseed', 'edit', 'noise', 'generator']) assert.ok(CONTROL_IDS.includes(id), id);
});

// ---- the engine's extensions beyond scikit-learn

const beyond = (changes) => {
  let config = defaultConfig();
  for (const [id, value] of Object.entries(changes)) config = withValue(config, id, value);
  return config;
};

test('the knobs beyond scikit-learn: short keys, a link round trip, range checks', () => {
  for (const id of ['leaky_slope', 'init', 'l1', 'dropout']) assert.equal(PARAM_BY_ID[id].group, 'beyond', id);
  const config = beyond({ activation: 'leaky_relu', leaky_slope: 0.05, init: 'zeros', l1: 0.003, dropout: 0.25 });
  const query = encode(config);
  assert.equal(query, 'v=2&act=leaky_relu&lks=0.05&ini=zeros&l1=0.003&do=0.25');
  const { config: back, ignored } = decode(`?${query}`);
  assert.deepEqual(ignored, []);
  assert.deepEqual(back, config);
  // Their scikit-learn-style long names are read too.
  assert.deepEqual(decode('?activation=leaky_relu&leaky_slope=0.3&init=he&dropout=0.1').ignored, []);
  // At their defaults they are not written.
  assert.equal(encode(beyond({ leaky_slope: 0.01, init: 'glorot', l1: 0, dropout: 0 })), 'v=2');
  const messages = (link) => decode(link).ignored.join('\n');
  assert.match(messages('?lks=0'), /leaky_slope must be a number in \(0, 1\); got 0/);
  assert.match(messages('?lks=1'), /leaky_slope must be a number in \(0, 1\); got 1/);
  assert.match(messages('?ini=xavier'), /init must be one of 'glorot', 'he', 'zeros'; got 'xavier'/);
  assert.match(messages('?l1=-0.1'), /l1 must be a number in \[0, 100\]; got -0\.1/);
  assert.match(messages('?do=1'), /dropout must be a number in \[0, 1\); got 1/);
  const damaged = decode('?lks=2&ini=xavier&l1=abc&do=-1&act=leaky_relu');
  assert.deepEqual(validateConfig(damaged.config), []);
  assert.equal(damaged.config.model.activation, 'leaky_relu');
  assert.equal(damaged.ignored.length, 4);
});

test('the knobs beyond scikit-learn reach the engine only when they change the run', () => {
  const plain = engineParams(DEFAULTS);
  for (const name of ['leaky_slope', 'init', 'l1', 'dropout']) assert.ok(!(name in plain), name);
  assert.deepEqual(beyondSettings(DEFAULTS), {});
  const config = beyond({ activation: 'leaky_relu', leaky_slope: 0.1, init: 'he', l1: 0.01, dropout: 0.2 });
  const params = engineParams(config);
  assert.equal(params.activation, 'leaky_relu');
  assert.equal(params.leaky_slope, 0.1);
  assert.equal(params.init, 'he');
  assert.equal(params.l1, 0.01);
  assert.equal(params.dropout, 0.2);
  // leaky_slope only with leaky_relu; dropout not with lbfgs (the engine would reject it).
  assert.ok(!('leaky_slope' in engineParams(withValue(config, 'activation', 'tanh'))));
  assert.ok(!('dropout' in engineParams(withValue(config, 'solver', 'lbfgs'))));
  assert.equal(PARAM_BY_ID.dropout.ignoredWhy(withValue(config, 'solver', 'lbfgs')), 'ignored by lbfgs');
  assert.equal(PARAM_BY_ID.leaky_slope.hiddenWhy(DEFAULTS), 'leaky_relu only');
  assert.equal(PARAM_BY_ID.leaky_slope.hiddenWhy(config), null);
});

test('the Python export says what scikit-learn cannot express, and stays plain scikit-learn', () => {
  for (const py of [toPython(DEFAULTS), toPython(DEFAULTS, { link: 'https://example.org/?v=1' })]) {
    assert.doesNotMatch(py, /[Bb]eyond scikit-learn|leaky|dropout|\bl1=|\binit=/);
  }
  assert.deepEqual(beyondNotes(DEFAULTS), []);
  const config = beyond({ activation: 'leaky_relu', leaky_slope: 0.1, init: 'he', l1: 0.01, dropout: 0.2 });
  const py = toPython(config, { link: 'https://example.org/?act=leaky_relu' });
  const lines = py.split('\n');
  assert.equal(lines[1], '# https://example.org/?act=leaky_relu', 'the link stays the second line');
  // At the top and again next to the estimator.
  assert.equal(py.match(/^# Beyond scikit-learn: .* not available in MLPClassifier;$/gm).length, 2);
  assert.equal(py.match(/^# this code trains without them/gm).length, 2);
  assert.match(py, /^# Beyond scikit-learn:[^\n]*\n# this code trains without them[^\n]*\n(#   - [^\n]*\n){4}model = MLPClassifier\(/m);
  assert.match(py, /#   - activation='leaky_relu' \(leaky_slope=0\.1\) is replaced by 'relu'/);
  assert.match(py, /#   - init='he' is replaced by scikit-learn's Glorot initialisation/);
  assert.match(py, /#   - l1=0\.01 \(L1 penalty\) is left out/);
  assert.match(py, /#   - dropout=0\.2 \(on the hidden layers\) is left out/);
  // Runnable: only scikit-learn's own arguments, leaky_relu mapped to relu.
  assert.match(py, /^ {4}activation='relu', +# the page used leaky_relu \(beyond scikit-learn\)$/m);
  const est = /^model = MLPClassifier\(\n([\s\S]*?)\n\)$/m.exec(py)[1];
  assert.doesNotMatch(est, /leaky_slope|\binit=|\bl1=|dropout=/);
  // One setting alone: said in the singular; dropout ignored by lbfgs is not mentioned.
  const one = toPython(beyond({ l1: 0.5 }));
  assert.match(one, /# Beyond scikit-learn: the page's setting below is not available in MLPClassifier;/);
  assert.doesNotMatch(toPython(beyond({ dropout: 0.2, solver: 'lbfgs' })), /Beyond scikit-learn/);
  assert.match(toPython(beyond({ generator: 'sine', init: 'zeros' })), /not available in MLPRegressor;\n/);
});

test('pinned runs travel in the link: loss samples and boundary, at most three, damaged ones reported', () => {
  const config = defaultConfig();
  const pin = (label, last) => ({
    label,
    loss: { epochs: [1, 10, 20], values: [0.69, 0.4, last] },
    ghost: [[-1.234, 0.5, 0, 0.25, 1, -0.5], [2, 2, 2.5, 2.25]],
  });
  config.pins = [pin('(8, 8) relu', 0.1234), pin('a!b~c', 0.05)];
  const query = encode(config);
  assert.match(query, /&pin=/);
  const { config: back, ignored } = decode(query);
  assert.deepEqual(ignored, []);
  assert.equal(back.pins.length, 2);
  assert.equal(back.pins[0].label, '(8, 8) relu');
  assert.equal(back.pins[1].label, 'a b c', 'the separators cannot be part of a label');
  assert.deepEqual(back.pins[0].loss, { epochs: [1, 10, 20], values: [0.69, 0.4, 0.123] }, '3 significant digits');
  assert.deepEqual(back.pins[0].ghost, [[-1.23, 0.5, 0, 0.25, 1, -0.5], [2, 2, 2.5, 2.25]], '2 decimals');
  assert.equal(encode(back), query, 'stable');
  // Damaged pins are ignored one by one, with a message; the rest loads.
  const damaged = decode('v=1&pin=ok!1,0.5,2,0.4!~bad!1,x!~ghost!1,0.5!1,2,3~late!3,0.1,2,0.2!~extra!1,1!');
  assert.deepEqual(damaged.config.pins.map((p) => p.label), ['ok']);
  const messages = damaged.ignored.join('\n');
  assert.equal(damaged.ignored.length, 3, messages);
  assert.match(messages, /Ignored 2 pinned runs beyond the first 3/);
  assert.match(messages, /pinned run 2 \(bad\): its loss curve could not be read/);
  assert.match(messages, /pinned run 3 \(ghost\): its boundary could not be read/);
  assert.equal(decode('v=1&pin=late!3,0.1,2,0.2!').ignored.length, 1, 'epochs must increase');
  assert.equal(decode('v=1').config.pins.length, 0);
});

test('every lesson step is a share link that loads cleanly and names its lesson and step', async () => {
  const { LESSONS, lessonConfig } = await import('../../web/src/state/lessons.js');
  assert.ok(LESSONS.length >= 5);
  for (const lesson of LESSONS) {
    lesson.steps.forEach((step, k) => {
      const query = encode(lessonConfig(lesson, k));
      const { config, ignored } = decode(query);
      assert.deepEqual(ignored, [], `${lesson.id} step ${k + 1}: ${query}`);
      assert.deepEqual(config.lesson, { id: lesson.id, step: k + 1 });
      for (const [path, value] of Object.entries(step.changes)) {
        const got = path.split('.').reduce((o, key) => o[key], config);
        assert.deepEqual(got, value, `${lesson.id} step ${k + 1}: ${path}`);
      }
      assert.equal(encode(config), query, 'stable');
    });
  }
  assert.match(decode('v=1&lesson=nope').ignored.join(' '), /no such lesson/);
  const late = decode('v=1&lesson=hidden-layers&step=9');
  assert.match(late.ignored.join(' '), /has steps 1 to 2/);
  assert.deepEqual(late.config.lesson, { id: 'hidden-layers', step: 1 });
});

test('tables: iris, digits and a CSV file have their own facts, export and no plane', () => {
  const iris = withValue(defaultConfig(), 'generator', 'iris');
  assert.deepEqual([taskOf(iris), nFeaturesOf(iris), nClassesOf(iris), isPlanar(iris), tableOf(iris)], ['classification', 4, 3, false, 'iris']);
  assert.deepEqual(inputLabels(withValue(iris, 'features', ['x2'])), ['sepal length', 'sepal width', 'petal length', 'petal width']);
  assert.deepEqual(featuresRequest(withValue(iris, 'features', ['x2'])).derived, [], 'derived features need x and y');
  const digits = withValue(withValue(defaultConfig(), 'generator', 'digits'), 'test_fraction', 0.3);
  assert.deepEqual(imageShapeOf(digits), [8, 8]);
  assert.equal(testRows(digits), 540);
  let py = toPython(digits);
  assert.match(py, /from sklearn\.datasets import load_digits/);
  assert.match(py, /X, y = load_digits\(return_X_y=True\)\nX = X \/ 16\.0/);
  assert.match(py, /train_test_split\(X, y, test_size=0\.3, random_state=0\)/);

  const csv = withValue(defaultConfig(), 'generator', 'csv');
  assert.equal(nFeaturesOf(csv), 0, 'no file loaded yet');
  csv.data.csv = { name: 'wine quality.csv', task: 'regression', nFeatures: 3, nClasses: null, nSamples: 40,
    targetName: 'quality', targetColumn: 0, hasHeader: true, delimiter: ';', imageShape: null };
  assert.deepEqual([taskOf(csv), estimatorOf(csv), nFeaturesOf(csv), isPlanar(csv)], ['regression', 'MLPRegressor', 3, false]);
  py = toPython(csv);
  assert.match(py, /import pandas as pd/);
  assert.match(py, /data = pd\.read_csv\("wine quality\.csv", sep=";"\)\ntarget = data\.columns\[0\]  # "quality"/);
  assert.match(py, /MLPRegressor\(/);
  assert.doesNotMatch(py, /undefined|def make_/);
  assert.equal(testRows(csv), 10);
  // A new file is a data change: the engine gets the new rows.
  assert.equal(changeKind(csv, { ...csv, data: { ...csv.data, csv: { ...csv.data.csv, name: 'other.csv' } } }).data, true);
});

test('a pinned run is named by what sets it apart from the current run', () => {
  assert.equal(pinDifference('(8,8) relu adam lr=0.01 alpha=0.0001 batch=auto', '(8,8) tanh adam lr=0.01 alpha=0.0001 batch=auto'), 'relu');
  assert.equal(pinDifference('(8,8) relu sgd lr=0.1 alpha=0.0001 batch=1', '(8,8) relu sgd lr=0.1 alpha=0.0001 batch=32'), 'batch=1');
  assert.equal(pinDifference('(8,8) relu adam', '(8,8) relu adam'), '(8,8) relu adam', 'the same knobs: the whole label');
  assert.equal(pinDifference('run 1', ''), 'run 1');
});

test('applyEdits without edits shares the data\'s arrays, and with edits copies only what stays', () => {
  const base = {
    nFeatures: 2,
    xTrain: Float64Array.from([0, 0, 1, 1, 2, 2]),
    yTrain: Float64Array.from([0, 1, 0]),
    xTest: Float64Array.from([3, 3, 4, 4]),
    yTest: Float64Array.from([1, 0]),
  };
  const same = applyEdits(base, { added: [], removed: [] });
  assert.equal(same.arrays.xTrain, base.xTrain);
  assert.equal(same.arrays.yTest, base.yTest);
  assert.deepEqual(same.origin, [{ row: 0 }, { row: 1 }, { row: 2 }, { row: 3 }, { row: 4 }]);
  assert.equal(same.trainCount, 3);
  const edited = applyEdits(base, { added: [], removed: [4, 0, 99] });
  assert.deepEqual([...edited.arrays.xTrain], [1, 1, 2, 2]);
  assert.deepEqual([...edited.arrays.xTest], [3, 3]);
  assert.deepEqual([...edited.arrays.yTest], [1]);
  assert.deepEqual(edited.origin, [{ row: 1 }, { row: 2 }, { row: 3 }]);
  assert.equal(edited.trainCount, 2);
  assert.deepEqual([...base.xTrain], [0, 0, 1, 1, 2, 2], 'the data are not changed');
});
