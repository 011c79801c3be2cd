// The worker protocol, driven through the host without a Worker (worker-host-support.js): the
// data, the grid and the test rows each update carries, PCA, export and import, sync, and the
// curves' cadence.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { request } from '../../web/src/engine/protocol.js';
import { METRICS_BUDGET, cadenceCap, cadenceFor } from '../../web/src/engine/worker-host.js';
import { pca2 } from '../../web/src/data/pca.js';
import { CONFIG, GRID, MOONS, harness, ready } from './worker-host-support.js';

test('data replies with the rows as loaded; features widen the model, not the data', async () => {
  const h = harness();
  await ready(h);
  const data = h.last('data');
  assert.equal(data.nFeatures, 2);
  assert.equal(data.xTrain.length, 45 * 2);
  assert.equal(data.yTest.length, 15);
  assert.ok(data.transfer.includes(data.xTrain.buffer));
  await h.send('data', { generate: MOONS, features: { derived: ['x2', 'xy'], standardize: true } }, h.tracker.next());
  assert.equal(h.of('error').length, 0);
  assert.deepEqual(h.last('data').xTrain, data.xTrain);
  assert.deepEqual(h.last('update').layerUnits, [4, 6, 1]);
  await h.send('data', { generate: { generator: 'sine', params: { n_samples: 20 } }, features: { derived: ['y2'] } },
    h.tracker.next());
  assert.equal(h.last('error').parameter, 'features');
  h.dispose();
});

test('the grid can carry every hidden unit; updates carry the losses', async () => {
  const h = harness();
  await ready(h, { ...CONFIG, params: { ...CONFIG.params, hidden_layer_sizes: [6, 3] } });
  await h.send('grid', { ...GRID, units: { nx: 8, ny: 5 } });
  const grid = h.grids().at(-1);
  assert.deepEqual([grid.unitsNx, grid.unitsNy, grid.units.length], [8, 5, (6 + 3) * 8 * 5]);
  assert.ok(grid.transfer.includes(grid.units.buffer));
  assert.equal(grid.nx, GRID.nx);
  const update = h.last('update');
  assert.ok(update.trainLoss > 0 && update.testLoss > 0, `${update.trainLoss} ${update.testLoss}`);
  h.dispose();
});

test('export gives the model; import loads it as a new run that draws the same grid', async () => {
  const h = harness();
  await ready(h);
  await h.send('export');
  assert.equal(h.last('error'), undefined);
  await h.send('step', { epochs: 5 });
  await h.send('grid', GRID);
  const before = h.grids().at(-1).values;
  await h.send('export');
  const { json } = h.last('model');
  assert.deepEqual(Object.keys(JSON.parse(json)).sort().slice(0, 2), ['classes_', 'coefs_']);

  const g = harness();
  await g.send('init', {}, g.tracker.next());
  await g.send('grid', GRID);
  await g.send('import', { json }, g.tracker.next());
  assert.deepEqual(g.grids().at(-1).values, before);
  await g.send('import', { json: '{"coefs_": 3}' }, g.tracker.next());
  assert.ok(g.last('error').message.length > 0);
  h.dispose();
  g.dispose();
});

test('arrays with a split are split as train_test_split would', async () => {
  // scikit-learn: train_test_split(np.arange(10), test_size=0.3, random_state=0)
  // gives train [9, 1, 6, 7, 3, 0, 5] and test [2, 8, 4].
  const h = harness();
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', CONFIG, h.tracker.next());
  const rows = Float64Array.from({ length: 10 }, (_, i) => i);
  const labels = Float64Array.from({ length: 10 }, (_, i) => i % 2);
  await h.send('data', { arrays: { nFeatures: 1, xTrain: rows, yTrain: labels }, split: { test_size: 0.3, random_state: 0 } },
    h.tracker.next());
  assert.equal(h.of('error').length, 0);
  const data = h.last('data');
  assert.deepEqual(Array.from(data.xTrain), [9, 1, 6, 7, 3, 0, 5]);
  assert.deepEqual(Array.from(data.xTest), [2, 8, 4]);
  assert.deepEqual(Array.from(data.yTest), [0, 0, 0]);
  await h.send('data', { arrays: { nFeatures: 1, xTrain: rows, yTrain: labels }, split: { test_size: 1 } },
    h.tracker.next());
  assert.equal(h.last('error').parameter, 'test_size');
  h.dispose();
});

test('data asked with pca carry the plane of the training rows\' first two principal components, both parts projected', async () => {
  const h = harness();
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', CONFIG, h.tracker.next());
  // 40 rows of 3 columns, mostly along (1, 2, 0) with a little of (0, 0, 1).
  const rows = Float64Array.from({ length: 120 }, (_, k) => {
    const i = Math.floor(k / 3);
    const t = (i % 9) - 4;
    return [t + 1, 2 * t - 3, ((i * 7) % 5) / 10][k % 3];
  });
  const labels = Float64Array.from({ length: 40 }, (_, i) => i % 2);
  const arrays = { nFeatures: 3, xTrain: rows, yTrain: labels };
  await h.send('data', { arrays, split: { test_size: 0.25, random_state: 3 }, pca: true }, h.tracker.next());
  assert.equal(h.of('error').length, 0);
  const data = h.last('data');
  const basis = pca2(data.xTrain, 30, 3);
  assert.deepEqual([...data.pca.mean], [...basis.mean]);
  assert.deepEqual(data.pca.components.map((c) => [...c]), basis.components.map((c) => [...c]));
  assert.deepEqual(data.pca.explained, basis.explained);
  assert.ok(basis.explained[0] > 0.99, `PC1 explains ${basis.explained[0]}`);
  assert.deepEqual([...data.pca.trainXY], [...basis.project(data.xTrain)]);
  assert.deepEqual([...data.pca.testXY], [...basis.project(data.xTest)]);
  assert.equal(data.pca.testXY.length, 2 * 10);
  // Transferred, not copied: the plane's arrays are in the transfer list.
  for (const a of [data.pca.mean, ...data.pca.components, data.pca.trainXY, data.pca.testXY]) assert.ok(data.transfer.includes(a.buffer));
  // Without pca (and with pca: false) the reply has none; a pca that is not a boolean is refused.
  await h.send('data', { arrays, split: { test_size: 0.25, random_state: 3 } }, h.tracker.next());
  assert.equal(h.last('data').pca, undefined);
  await h.send('data', { arrays, split: { test_size: 0.25, random_state: 3 }, pca: 'yes' }, h.tracker.next());
  assert.equal(h.last('error').parameter, 'pca');
  h.dispose();
});

test('with test enabled every update carries the outputs and hidden units on the test rows', async () => {
  const h = harness();
  await ready(h, { ...CONFIG, params: { ...CONFIG.params, hidden_layer_sizes: [6, 3] } });
  assert.equal(h.tests().length, 0);
  await h.send('grid', GRID);
  const grids = h.grids().length;
  await h.send('test', { enabled: true });
  const first = h.tests().at(-1);
  assert.deepEqual([first.nTest, first.channels, first.values.length, first.units.length], [15, 1, 15, 9 * 15]);
  assert.ok(first.transfer.includes(first.values.buffer));
  await h.send('step', { epochs: 3 });
  const after = h.tests().at(-1);
  assert.equal(after.epoch, 3);
  assert.notDeepEqual(after.values, first.values);
  assert.equal(h.grids().length, grids, 'the test rows replace the grid');
  await h.send('test', { enabled: false });
  const count = h.tests().length;
  await h.send('step', { epochs: 1 });
  assert.equal(h.tests().length, count);
  h.dispose();
});

test('a grid on a plane through the data: the plane of columns 0 and 2 of three', async () => {
  const h = harness();
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', CONFIG, h.tracker.next());
  const x = Float64Array.from({ length: 30 }, (_, i) => (i * 7) % 5);
  const y = Float64Array.from({ length: 10 }, (_, i) => i % 2);
  await h.send('data', { arrays: { nFeatures: 3, xTrain: x, yTrain: y } }, h.tracker.next());
  await h.send('grid', { ...GRID, plane: [0, 0, 0, 1, 0, 0, 0, 0, 1] });
  const onPlane = h.grids().at(-1);
  assert.equal(h.of('error').length, 0);
  await h.send('grid', GRID); // (x, y, 0): columns 0 and 1
  const plain = h.grids().at(-1);
  assert.equal(onPlane.values.length, plain.values.length);
  assert.notDeepEqual(onPlane.values, plain.values);
  await h.send('grid', { ...GRID, plane: [0, 0, 1, 0, 0, 1] });
  assert.equal(h.last('error').parameter, 'plane', 'two columns for data of three');
  h.dispose();
});

test('one message per refresh: a step on a table drawn in a plane posts progress and one update with grid and test rows', async () => {
  const h = harness();
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', CONFIG, h.tracker.next());
  const x = Float64Array.from({ length: 30 }, (_, i) => (i * 7) % 5);
  const y = Float64Array.from({ length: 10 }, (_, i) => i % 2);
  await h.send('data', { arrays: { nFeatures: 3, xTrain: x, yTrain: y, xTest: x.slice(0, 9), yTest: y.slice(0, 3) } },
    h.tracker.next());
  await h.send('test', { enabled: true });
  await h.send('grid', { ...GRID, units: { nx: 4, ny: 4 }, plane: [0, 0, 0, 1, 0, 0, 0, 0, 1] });
  const from = h.posted.length;
  await h.send('step', { epochs: 2 });
  const sent = h.posted.slice(from);
  assert.deepEqual(sent.map((m) => m.type), ['progress', 'update']);
  const [, update] = sent;
  assert.equal(update.epoch, 2);
  assert.deepEqual([update.grid.nx, update.grid.ny, update.grid.unitsNx], [GRID.nx, GRID.ny, 4]);
  assert.deepEqual([update.test.nTest, update.test.values.length], [3, 3]);
  assert.equal(update.historyFrom, 0);
  assert.equal(update.lossCurve.length, 2);
  for (const a of [update.weights, update.lossCurve, update.grid.values, update.grid.units, update.test.values, update.test.units])
    assert.ok(update.transfer.includes(a.buffer), 'every array is transferred');
  await h.send('step', { epochs: 1 });
  assert.deepEqual([h.last('update').historyFrom, h.last('update').lossCurve.length], [2, 1], 'histories cross as increments');
  h.dispose();
});

test('sync answers in turn: after the replies of every request before it, and never in the middle of a step', async () => {
  const h = harness();
  await ready(h);
  h.handle(request('step', h.tracker.runId, { epochs: 3 }));
  await h.send('sync', { token: 4 });
  const types = h.posted.map((m) => m.type);
  assert.deepEqual(types.slice(-3), ['progress', 'update', 'synced']);
  assert.equal(h.last('synced').token, 4);
  await h.send('sync', { token: -1 });
  assert.equal(h.last('error').parameter, 'token');
  h.dispose();
});

test('playing fast, the curves are measured every 2^k epochs, keeping their cost within the budget', () => {
  assert.equal(METRICS_BUDGET, 0.03);
  assert.equal(cadenceFor(0.02), 1);
  assert.equal(cadenceFor(NaN), 1, 'unknown cost: every epoch');
  assert.equal(cadenceFor(0.45), 16, 'a forward pass over train and test rows costs ~45% of an epoch');
  assert.equal(cadenceFor(0.45) * METRICS_BUDGET >= 0.45, true);
  assert.equal(cadenceFor(50), 64, 'at most every 64th');
});

test('a play with a known end is measured about 8 times before it, whatever measuring costs', () => {
  // The course's MNIST run: max_iter 10, the cadence fixed after epoch 3: every epoch to the 10th.
  assert.equal(Math.min(cadenceFor(0.45), cadenceCap(3, 10)), 1);
  assert.equal(cadenceCap(3, 40), 4);
  assert.equal(cadenceCap(3, 200), 16);
  assert.equal(cadenceCap(3, Infinity), Infinity, 'no known end: the cost alone decides');
  assert.equal(cadenceCap(12, 10), Infinity, 'past the end (training on): the cost alone decides');
});
