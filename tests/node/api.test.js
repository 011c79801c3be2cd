// The WebAssembly API in node: mlp.Session through Embind, its typed-array
// views, runJob and heapBytesInUse.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { loadMlpModule } from '../../web/src/engine/load-node.js';
import { runNativeSync } from './support.js';

const mlp = await loadMlpModule();
const sessions = [];
after(() => sessions.forEach((s) => s.delete()));

const PARAMS = { hidden_layer_sizes: [6], max_iter: 30, random_state: 4, learning_rate_init: 0.01 };
const MOONS = { n_samples: 80, noise: 0.2, random_state: 1 };
const OK = { ok: true, parameter: '', value: '', message: '' };

function newSession() {
  const s = new mlp.Session();
  sessions.push(s);
  return s;
}

function moons({ params = PARAMS, precision = 'float64' } = {}) {
  const s = newSession();
  assert.deepEqual(s.configure('MLPClassifier', JSON.stringify(params), precision), OK);
  assert.deepEqual(s.generate('make_moons', JSON.stringify(MOONS), 0.25, 0), OK);
  return s;
}

function trainToTheEnd(s, epochsPerStep = 4) {
  let p;
  do {
    p = s.step(epochsPerStep);
    assert.ok(p.status.ok, p.status.message);
  } while (!p.finished);
  return p;
}

/** The training data as a job's X and y (rows of numbers). */
function dataOf(s) {
  const x = s.xTrain();
  const y = Array.from(s.yTrain());
  const X = y.map((_, i) => Array.from(x.subarray(i * s.nFeatures, (i + 1) * s.nFeatures)));
  return { X, y };
}

const unquoted = (text) => text.replace(/^"(.*)"$/, '$1');

test('configure reports the errors the native runner reports', () => {
  const s = newSession();
  const cases = [
    ['MLPClassifier', { alpha: -1 }, 'float64'],
    ['MLPClassifier', { solver: 'bfgs' }, 'float64'],
    ['MLPRegressor', { hidden_layer_sizes: [0] }, 'float64'],
    ['MLPRegressor', { learning_rate_init: 'fast' }, 'float32'],
    ['MLPClassifier', { batch_size: 0 }, 'float64'],
    ['MLPClassifier', { momentum: 1.5 }, 'float64'],
    ['MLPClassifier', {}, 'float16'],
    ['MLPBanana', {}, 'float64'],
  ];
  for (const [estimator, params, precision] of cases) {
    const status = s.configure(estimator, JSON.stringify(params), precision);
    const native = runNativeSync({ estimator, params, precision, X: [[0], [1]], y: [0, 1] });
    assert.equal(native.status, 2);
    const { parameter, value, message } = native.result.error;
    assert.deepEqual([status.ok, status.parameter, status.message], [false, parameter, message]);
    // The runner echoes the job's own JSON value; the status holds it as text.
    assert.equal(unquoted(status.value), unquoted(typeof value === 'string' ? value : JSON.stringify(value)));
  }
  assert.equal(s.configure('MLPClassifier', '{bad', 'float64').parameter, 'json');
});

test('generate splits the rows into training and test views', () => {
  const s = moons();
  assert.deepEqual([s.nTrain, s.nTest, s.nFeatures, s.nTargets], [60, 20, 2, 1]);
  assert.ok(s.xTrain() instanceof Float64Array);
  assert.deepEqual([s.xTrain().length, s.yTrain().length, s.xTest().length, s.yTest().length], [120, 60, 40, 20]);
  assert.deepEqual(new Set([...s.yTrain(), ...s.yTest()]), new Set([0, 1]));
  assert.equal(s.generate('make_bananas', '{}', 0.25, 0).parameter, 'dataset.generator');
  assert.equal(s.generate('make_moons', '{}', 1, 0).parameter, 'test_size');
});

test('stepping to the end is the native fit of the same data', () => {
  const s = moons();
  const p = trainToTheEnd(s);
  assert.equal(p.epoch, 30);
  assert.match(p.stopReason, /Maximum iterations \(30\)/);
  const native = runNativeSync({ estimator: 'MLPClassifier', params: PARAMS, ...dataOf(s) }).result;
  s.readHistory();
  const lossCurve = Array.from(s.lossCurve());
  assert.equal(lossCurve.length, 30);
  lossCurve.forEach((loss, i) => assert.ok(Math.abs(loss - native.loss_curve_[i]) <= 1e-12, `epoch ${i}`));
  assert.equal(p.stopReason, native.stop_reason);
  assert.equal(s.scores().train, native.train_score);
  assert.ok(s.scores().test >= 0 && s.scores().test <= 1);
});

test('stepping before configure or data is an error, not a crash', () => {
  const s = newSession();
  assert.equal(s.step(1).status.ok, false);
  assert.deepEqual(s.configure('MLPRegressor', '{}', 'float32'), OK);
  const p = s.step(1);
  assert.equal(p.status.parameter, 'X');
  assert.equal(s.evaluateGrid(0, 1, 0, 1, 10, 10).parameter, 'model');
  assert.equal(s.scores().status.ok, false);
  assert.equal(s.readParameters().ok, false);
  assert.deepEqual(s.layerUnits(), []);
  assert.equal(s.exportModel(), '');
});

test('the grid holds nx * ny values per channel: one for binary, one per class, one per target', () => {
  const binary = moons();
  binary.step(5);
  assert.deepEqual(binary.evaluateGrid(-2, 3, -1.5, 2, 40, 30), OK);
  assert.equal(binary.gridChannels, 1);
  const grid = binary.grid();
  assert.ok(grid instanceof Float32Array);
  assert.equal(grid.length, 40 * 30);
  assert.ok(grid.every((v) => v >= 0 && v <= 1));
  assert.equal(binary.evaluateGrid(0, 1, 0, 1, 1, 10).parameter, 'resolution');
  assert.equal(binary.evaluateGrid(1, 0, 0, 1, 10, 10).parameter, 'rectangle');
  assert.equal(binary.evaluateGrid(NaN, 1, 0, 1, 10, 10).parameter, 'rectangle');

  const blobs = newSession();
  blobs.configure('MLPClassifier', JSON.stringify(PARAMS), 'float32');
  blobs.generate('make_blobs', '{"n_samples": 60, "centers": 4, "random_state": 2}', 0.2, 1);
  blobs.step(2);
  assert.deepEqual(blobs.evaluateGrid(-10, 10, -10, 10, 20, 20), OK);
  assert.equal(blobs.gridChannels, 4);
  assert.equal(blobs.grid().length, 20 * 20 * 4);

  const regression = newSession();
  regression.configure('MLPRegressor', '{"max_iter": 3, "random_state": 0}', 'float32');
  regression.generate('sine', '{"n_samples": 50, "random_state": 0}', 0.2, 1);
  regression.step(3);
  assert.deepEqual(regression.evaluateGrid(-3, 3, -1, 1, 16, 8), OK);
  assert.equal(regression.gridChannels, regression.nTargets);
  assert.equal(regression.grid().length, 16 * 8 * regression.nTargets);
});

test('parameters are every W_l then every b_l, shaped by layerUnits', () => {
  const s = moons({ params: { ...PARAMS, hidden_layer_sizes: [5, 3] } });
  s.step(2);
  assert.deepEqual(s.layerUnits(), [2, 5, 3, 1]);
  assert.deepEqual(s.readParameters(), OK);
  const values = s.parameters().slice();
  assert.equal(values.length, 2 * 5 + 5 * 3 + 3 * 1 + (5 + 3 + 1));
  const W0 = JSON.parse(s.exportModel()).coefs_[0];
  assert.deepEqual(Array.from(values.subarray(0, 10)), W0.flat());
});

test('histories hold one loss per epoch, validation scores with early stopping, gradient norms per layer', () => {
  const s = moons({ params: { ...PARAMS, early_stopping: true, n_iter_no_change: 50 } });
  s.step(7);
  s.readHistory();
  assert.equal(s.lossCurve().length, 7);
  assert.equal(s.validationScores().length, 7);
  assert.equal(s.gradientNorms().length, 7 * 2);
  assert.ok(s.gradientNorms().every((g) => g > 0));
  const p = s.step(1);
  s.readHistory();
  assert.equal(p.validationScore, s.validationScores()[7]);
});

test('reset gives the same initial weights again; a seed gives others', () => {
  const s = moons({ precision: 'float32' });
  s.step(3);
  const weights = () => (assert.deepEqual(s.readParameters(), OK), Array.from(s.parameters()));
  assert.deepEqual(s.reset(), OK);
  const first = weights();
  s.step(3);
  assert.deepEqual(s.reset(), OK);
  assert.deepEqual(weights(), first);
  assert.deepEqual(s.reset(99), OK);
  assert.notDeepEqual(weights(), first);
  assert.equal(s.reset(1.5).parameter, 'random_state');
  assert.equal(s.reset(2 ** 32).parameter, 'random_state');
  assert.equal(s.step(0).epoch, 0);
});

test('an exported model imported into a session with data predicts the same', () => {
  const s = moons();
  trainToTheEnd(s);
  const model = s.exportModel();
  assert.equal(JSON.parse(model).coefs_.length, 2);
  s.evaluateGrid(-2, 3, -1.5, 2, 16, 16);
  const before = s.grid().slice();

  const t = newSession();
  assert.deepEqual(t.resizeData(1, 0, 2, 1), OK);
  assert.deepEqual(t.commitData(), OK);
  assert.deepEqual(t.importModel(model), OK);
  assert.deepEqual(t.evaluateGrid(-2, 3, -1.5, 2, 16, 16), OK);
  assert.deepEqual(t.grid().slice(), before);
  assert.equal(t.importModel('not json').ok, false);
  assert.equal(t.importModel('{"coefs_": [[[1, 2]]], "intercepts_": [[0]]}').ok, false);
});

test('data written through the views is what the model trains on', () => {
  const s = newSession();
  s.configure('MLPClassifier', '{"hidden_layer_sizes": [4], "max_iter": 20, "random_state": 0}', 'float64');
  assert.deepEqual(s.resizeData(4, 0, 2, 1), OK);
  s.xTrain().set([0, 0, 0, 1, 1, 0, 1, 1]);
  s.yTrain().set([0, 1, 1, 0]);
  assert.deepEqual(s.commitData(), OK);
  const p = trainToTheEnd(s);
  const native = runNativeSync({
    estimator: 'MLPClassifier',
    params: { hidden_layer_sizes: [4], max_iter: 20, random_state: 0 },
    X: [[0, 0], [0, 1], [1, 0], [1, 1]],
    y: [0, 1, 1, 0],
  }).result;
  assert.equal(p.loss, native.loss_);
  s.yTrain()[0] = 0.5;
  assert.equal(s.commitData().parameter, 'y');
  s.yTrain()[0] = 0;
  s.xTrain()[0] = NaN;
  assert.equal(s.commitData().parameter, 'X');
  assert.equal(s.resizeData(0, 0, 2, 1).ok, false);
});

test('views taken after memory grows see the new memory; older views are detached', () => {
  const s = moons();
  const old = s.xTrain();
  const memory = mlp.HEAPU8.buffer;
  const rows = 200000; // 200000 x 8 doubles: 12.8 MB more than the module has
  assert.deepEqual(s.resizeData(rows, 0, 7, 1), OK);
  assert.notEqual(mlp.HEAPU8.buffer, memory, 'the memory grew');
  assert.equal(old.length, 0, 'a view from before is detached');
  const x = s.xTrain();
  const y = s.yTrain();
  assert.equal(x.length, rows * 7);
  x.fill(1);
  y.forEach((_, i) => (y[i] = i % 2));
  assert.deepEqual(s.commitData(), OK);
  assert.equal(s.xTrain()[rows * 7 - 1], 1);
  assert.deepEqual(s.resizeData(2, 0, 1, 1), OK); // shrinking frees the memory for the other tests
});

test('runJob returns the exit status and the JSON line of mlp-run', () => {
  const ok = mlp.runJob('{"estimator": "MLPRegressor", "X": [[0], [1]], "y": [0, 1], "params": {"max_iter": 2}}');
  assert.equal(ok.status, 0);
  assert.equal(JSON.parse(ok.output).n_iter_, 2);
  const bad = mlp.runJob('{"estimator": "MLPRegressor"');
  assert.equal(bad.status, 2);
  assert.equal(JSON.parse(bad.output).error.parameter, 'job');
});

test('invalid input never aborts the module', () => {
  const s = newSession();
  const statuses = [
    s.configure('MLPClassifier', '[1, 2', 'float64'),
    s.generate('make_moons', '{"n_samples": -5}', 0.25, 0),
    s.generate('make_moons', 'nope', 0.25, 0),
    s.resizeData(1e9, 1e9, 1e9, 1),
    s.importModel('{"estimator": "MLPClassifier", "coefs_": [[["x"]]], "intercepts_": [[0]]}'),
    s.importModel('[]'),
  ];
  assert.ok(statuses.every((st) => !st.ok && st.message.length > 0));
  assert.equal(s.step(1).status.ok, false);
  const configured = newSession().configure('MLPClassifier', '{"hidden_layer_sizes": [100000000]}', 'float64');
  assert.equal(configured.parameter, 'hidden_layer_sizes'); // past the limit of units per layer: refused at once
  const huge = moons({ params: { hidden_layer_sizes: [100000, 100000] } });
  assert.equal(huge.step(1).status.parameter, 'hidden_layer_sizes'); // too many weights: refused when the fit starts
  assert.equal(moons().step(2).epoch, 2, 'the module still works');
  assert.ok(mlp.heapBytesInUse() > 0);
});

test('counts from JavaScript are checked integers, never wrapped or truncated', () => {
  const s = newSession();
  // Embind's int conversion would make 2^32 + 1 rows 1 row and 2.5 rows 2.
  for (const [args, parameter] of [[[2 ** 32 + 1, 0, 1, 1], 'n_train'], [[2.5, 0, 1, 1], 'n_train'],
    [[10, NaN, 1, 1], 'n_test'], [[10, 0, 1e10, 1], 'n_features']]) {
    const st = s.resizeData(...args);
    assert.equal(st.ok, false, String(args));
    assert.equal(st.parameter, parameter);
    assert.match(st.message, /must be an integer in \[-2147483648, 2147483647\]/);
  }
  assert.equal(s.nTrain, 0, 'nothing was sized');
  assert.deepEqual(s.configure('MLPClassifier', '{"max_iter": 5}', 'float64'), OK);
  for (const seed of [-1, 2 ** 32, 0.5]) {
    const st = s.generate('xor', '{"n_samples": 20, "random_state": 0}', 0.25, seed);
    assert.deepEqual([st.ok, st.parameter], [false, 'random_state'], String(seed));
  }
  assert.deepEqual(s.generate('xor', '{"n_samples": 20, "random_state": 0}', 0.25, 2 ** 32 - 1), OK);
  const p = s.step(2.5);
  assert.deepEqual([p.status.ok, p.status.parameter, p.epoch], [false, 'epochs', 0]);
  assert.equal(s.step(2).epoch, 2);
  assert.equal(s.evaluateGrid(-1, 1, -1, 1, 2 ** 32 + 10, 10).parameter, 'nx');
  assert.ok(s.evaluateGrid(-1, 1, -1, 1, 10, 10).ok);
  const big = s.evaluateUnits(-1, 1, -1, 1, 2000, 2000); // 4e6 points x 100 hidden units
  assert.equal(big.ok, false);
  assert.match(big.message, /^a grid of 2000x2000 points needs about [\d.]+ GB; the limit is 1\.0 GB$/);
});

test('deep JSON is refused before parsing, in the session and in runJob', () => {
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  const s = newSession();
  const st = s.configure('MLPClassifier', `{"alpha": ${deep}}`, 'float64');
  assert.deepEqual([st.ok, st.parameter], [false, 'json']);
  assert.match(st.message, /more than 100 levels deep; the limit is 100/);
  const { status, output } = mlp.runJob(`{"estimator": "MLPClassifier", "params": {"alpha": ${deep}}}`);
  assert.equal(status, 2);
  assert.equal(JSON.parse(output).error.parameter, 'job');
  assert.equal(moons().step(2).epoch, 2, 'the module still works');
});
