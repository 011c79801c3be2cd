// Image data through the WebAssembly API in node: resizeImageData with its Uint8Array views,
// stepBatches (progress within an epoch, the same bits as step), and the runner's refusal of
// the fashion_mnist loader (it reads files: native only).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { loadMlpModule } from '../../web/src/engine/load-node.js';

const mlp = await loadMlpModule();
const sessions = [];
after(() => sessions.forEach((s) => s.delete()));

const PARAMS = { hidden_layer_sizes: [8], solver: 'sgd', batch_size: 20, max_iter: 4, random_state: 3,
  learning_rate_init: 0.1 };
const OK = { ok: true, parameter: '', value: '', message: '' };

/** n rows of `features` bytes and labels 0..2 (pixel j is bright when j % 3 is the label). */
function images(n, features, seed) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pixels = new Uint8Array(n * features);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; ++i) {
    labels[i] = Math.floor(next() * 3);
    for (let j = 0; j < features; ++j) pixels[i * features + j] = Math.floor(next() * 128) + (j % 3 === labels[i] ? 128 : 0);
  }
  return { pixels, labels };
}

const train = images(100, 12, 1);
const testPart = images(30, 12, 2);

function imageSession(precision = 'float64') {
  const s = new mlp.Session();
  sessions.push(s);
  assert.deepEqual(s.configure('MLPClassifier', JSON.stringify(PARAMS), precision), OK);
  assert.deepEqual(s.resizeImageData(100, 30, 12, 255), OK);
  // Views after the last call that allocates, written at once.
  s.xTrainBytes().set(train.pixels);
  s.xTestBytes().set(testPart.pixels);
  s.yTrain().set(train.labels);
  s.yTest().set(testPart.labels);
  assert.deepEqual(s.commitData(), OK);
  return s;
}

test('image data: byte views sized by resizeImageData, no double X', () => {
  const s = imageSession();
  assert.equal(s.imageData, true);
  assert.equal(s.xTrainBytes().length, 100 * 12);
  assert.ok(s.xTrainBytes() instanceof Uint8Array);
  assert.equal(s.xTestBytes().length, 30 * 12);
  assert.equal(s.xTrain().length, 0);
  assert.equal(s.yTrain().length, 100);
  const bad = s.resizeImageData(10, 0, 12, 0);
  assert.equal(bad.ok, false);
  assert.equal(bad.parameter, 'divisor');
  const fraction = s.resizeImageData(10.5, 0, 12, 255);
  assert.equal(fraction.parameter, 'n_train');
});

test('stepBatches in pieces gives the bits of step, with the batch within the epoch', () => {
  for (const precision of ['float64', 'float32']) {
    const whole = imageSession(precision);
    const pieces = imageSession(precision);
    const w = whole.step(4);
    assert.ok(w.status.ok, w.status.message);
    assert.equal(w.batches, 5);
    assert.equal(w.batch, 0);
    let p;
    for (let call = 1; call <= 10; ++call) { // 10 x 2 batches = 4 epochs of 5
      p = pieces.stepBatches(2);
      assert.ok(p.status.ok, p.status.message);
      assert.equal(p.batches, 5);
      assert.equal(p.batch, (2 * call) % 5);
      assert.equal(p.epoch, Math.floor((2 * call) / 5));
    }
    assert.equal(p.loss, w.loss);
    assert.equal(p.finished, true);
    assert.deepEqual(pieces.readParameters(), OK);
    assert.deepEqual(whole.readParameters(), OK);
    assert.deepEqual(Array.from(pieces.parameters()), Array.from(whole.parameters()));
    const scores = pieces.scores();
    assert.ok(scores.status.ok);
    assert.ok(scores.test > 0.5, `test accuracy ${scores.test}`);
    assert.deepEqual(pieces.evaluateTest(), OK);
    assert.equal(pieces.grid().length, 30 * 3);
    assert.equal(pieces.units().length, 30 * 8);
  }
});

test('image data refuse splitData and the feature step, naming them', () => {
  const s = imageSession('float32');
  assert.equal(s.splitData(0.2, 0).parameter, 'test_size');
  assert.deepEqual(s.setFeatures('[]', true), OK);
  assert.equal(s.stepBatches(1).status.parameter, 'standardize');
  assert.deepEqual(s.setFeatures('[]', false), OK);
  assert.ok(s.stepBatches(1).status.ok);
  assert.ok(s.memoryBytes() >= 130 * 12);
});

test('the fashion_mnist loader is native only: runJob answers status 2 naming dataset.loader', () => {
  const job = { estimator: 'MLPClassifier', params: { max_iter: 1 },
    dataset: { loader: 'fashion_mnist', params: { n_train: 100, n_test: 10 } } };
  const out = mlp.runJob(JSON.stringify(job));
  assert.equal(out.status, 2);
  const { error } = JSON.parse(out.output);
  assert.equal(error.parameter, 'dataset.loader');
  assert.match(error.message, /npm run mlp:native/);
});
