// The page's pure state modules: the config table, the share link (encode /
// decode), the Python export and the point edits. No DOM, no engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEFAULTS, GENERATORS, PARAMS, PARAM_BY_ID, checkValue, defaultConfig, engineParams, featuresRequest, generateRequest, getPath, parseValue, setPath, splitRequest, validateConfig } from '../../web/src/state/config.js';
import { toPython } from '../../web/src/state/python.js';
import { decode, encode } from '../../web/src/state/url.js';

/** A valid value different from the default for every control (a new PARAMS entry must be added here). */
const OTHER_VALUES = {
  generator: 'spirals',
  n_samples: 1234,
  noise: 0.35,
  factor: 0.3,
  centers: 5,
  cluster_std: 0.7,
  n_features: 2,
  data_random_state: 4294967295,
  test_size: 0.4,
  standardize: true,
  derived: ['x2', 'xy', 'siny'],
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
  showTest: true,
  logScale: true,
  weightMode: 'course',
  leaky_slope: 0.2,
  init: 'he',
  l1: 0.01,
  dropout: 0.3,
  speed: 'max',
  stopAtFit: true,
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
  assert.equal(config.data.random_state, 3);
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
  const names = Object.values(GENERATORS).filter((g) => !g.table && !g.images).map((g) => g.core).sort();
  assert.deepEqual(names, ['gaussian', 'make_blobs', 'make_circles', 'make_moons', 'make_regression', 'plane', 'sine', 'spirals', 'xor']);
  assert.deepEqual(generateRequest(DEFAULTS), {
    generator: 'make_moons', params: { n_samples: 300, random_state: 0, noise: 0.2 },
  });
  // train_test_split's names: the data's random_state seeds the generator and the split.
  assert.deepEqual(splitRequest(withValue(withValue(defaultConfig(), 'data_random_state', 9), 'test_size', 0.4)),
    { test_size: 0.4, random_state: 9 });
  const blobs = withValue(withValue(defaultConfig(), 'generator', 'blobs'), 'centers', 4);
  assert.deepEqual(generateRequest(blobs).params, { n_samples: 300, random_state: 0, centers: 4, cluster_std: 1.5 });
  const regression = withValue(withValue(defaultConfig(), 'generator', 'regression'), 'n_features', 2);
  assert.deepEqual(generateRequest(regression).params, { n_samples: 300, random_state: 0, noise: 0.2, n_features: 2 });
  const params = engineParams(withValue(defaultConfig(), 'n_iter_no_change', 'inf'));
  assert.equal(params.n_iter_no_change, 'inf');
  assert.deepEqual(params.hidden_layer_sizes, [8, 8]);
  assert.equal(Object.keys(params).length, 21);
  // 1-D data have no y: the features that need it are left out.
  const sine = withValue(withValue(defaultConfig(), 'generator', 'sine'), 'derived', ['x2', 'y2', 'xy', 'sinx']);
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
  config = withValue(config, 'derived', ['x2', 'sinx']);
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
  config = withValue(withValue(defaultConfig(), 'generator', 'sine'), 'test_size', 0);
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
