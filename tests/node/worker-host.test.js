// The worker protocol, driven through the host without a Worker: a fake clock
// (each reading advances it by 1 ms) and a task list instead of setTimeout make
// every run deterministic.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createRunTracker, request } from '../../web/src/engine/protocol.js';
import { METRICS_BUDGET, cadenceFor, createWorkerHost } from '../../web/src/engine/worker-host.js';
import { loadMlpModule } from '../../web/src/engine/load-node.js';
import { pca2 } from '../../web/src/data/pca.js';

const modulePromise = loadMlpModule();

const CONFIG = {
  estimator: 'MLPClassifier',
  params: { hidden_layer_sizes: [6], max_iter: 40, random_state: 0, learning_rate_init: 0.01 },
  precision: 'float64',
};
const MOONS = { generator: 'make_moons', params: { n_samples: 60, noise: 0.2, random_state: 1 }, testFraction: 0.25 };
const GRID = { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2, nx: 12, ny: 10 };

/** A host with a fake clock and a manual task list; `send` handles a request and waits for it. */
function harness({ frameMs = 12, updateMs = 100 } = {}) {
  const posted = [];
  const tasks = [];
  const clock = { ms: 0 };
  const host = createWorkerHost({
    createModule: () => modulePromise,
    post: (message, transfer) => posted.push({ ...message, transfer }),
    now: () => (clock.ms += 1),
    defer: (fn) => tasks.push(fn),
    frameMs,
    updateMs,
  });
  const tracker = createRunTracker();
  const h = {
    posted,
    tasks,
    clock,
    tracker,
    handle: (message) => host.handle(message),
    send: (type, fields, runId = tracker.runId) => host.handle(request(type, runId, fields)),
    /** Runs deferred ticks until none is left (or `limit` ran); returns how many ran. */
    runTicks(limit = Infinity) {
      let n = 0;
      while (tasks.length && n < limit) {
        tasks.shift()();
        n += 1;
      }
      return n;
    },
    of: (type) => posted.filter((m) => m.type === type),
    last: (type) => h.of(type).at(-1),
    /** The grids the updates carried (each with its update's epoch and transfer list). */
    grids: () => h.of('update').filter((u) => u.grid).map((u) => ({ ...u.grid, epoch: u.epoch, transfer: u.transfer })),
    /** The test rows the updates carried. */
    tests: () => h.of('update').filter((u) => u.test).map((u) => ({ ...u.test, epoch: u.epoch, transfer: u.transfer })),
    dispose: () => host.dispose(),
  };
  return h;
}

/** init + configure + data, each starting a run as a client would. */
async function ready(h, config = CONFIG) {
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', config, h.tracker.next());
  await h.send('data', { generate: MOONS }, h.tracker.next());
}

test('init replies ready; other requests before it are errors', async () => {
  const h = harness();
  await h.send('configure', CONFIG);
  assert.equal(h.last('error').message, 'send init first');
  await h.send('init', {}, 1);
  assert.deepEqual(h.last('ready'), { type: 'ready', runId: 1, transfer: [] });
  h.dispose();
});

test('configure and data start a run: progress at epoch 0, then the initial weights', async () => {
  const h = harness();
  await ready(h);
  assert.equal(h.of('error').length, 0);
  const progress = h.last('progress');
  assert.deepEqual([progress.runId, progress.epoch, progress.finished], [3, 0, false]);
  const update = h.last('update');
  assert.deepEqual(update.layerUnits, [2, 6, 1]);
  assert.equal(update.weights.length, 2 * 6 + 6 + 6 + 1);
  assert.equal(update.lossCurve.length, 0);
  h.dispose();
});

/** The run's histories put together from every update (each carries the epochs after historyFrom). */
function joinedHistory(h, runId) {
  const joined = { lossCurve: [], metrics: [] };
  for (const p of h.of('update').filter((m) => m.runId === runId)) {
    joined.lossCurve.length = Math.min(joined.lossCurve.length, p.historyFrom);
    joined.metrics.length = Math.min(joined.metrics.length, p.historyFrom * 5);
    joined.lossCurve.push(...p.lossCurve);
    joined.metrics.push(...p.metrics);
  }
  return joined;
}

test('play trains about one frame per tick, posting progress, past the epoch where fit() stops', async () => {
  const h = harness({ frameMs: 5 });
  await ready(h);
  await h.send('play');
  const ticks = h.runTicks(30);
  const progress = h.of('progress').slice(1);
  assert.equal(progress.length, ticks);
  assert.deepEqual(progress.map((p) => p.epoch), [...progress.map((p) => p.epoch)].sort((a, b) => a - b));
  const last = h.last('progress');
  assert.ok(last.epoch > 40, `trains on past max_iter=40: epoch ${last.epoch}`);
  assert.equal(last.finished, false);
  assert.deepEqual(last.fitStop, { epoch: 40, reason: 'Maximum iterations (40) reached.' });
  assert.equal(progress.find((p) => p.epoch >= 40).fitStop?.epoch, 40, 'said as soon as it is passed');
  assert.equal(progress.find((p) => p.epoch < 40).fitStop, null);
  assert.equal(h.of('stopped').length, 0, 'still playing');
  h.dispose();
});

test('play with stopAtFit pauses exactly where fit() stops; play again trains on from there', async () => {
  const h = harness({ frameMs: 5 });
  await ready(h);
  await h.send('play', { stopAtFit: true });
  h.runTicks();
  const stopped = h.last('stopped');
  assert.deepEqual([stopped.epoch, stopped.finished, stopped.at], [40, false, 'fit']);
  assert.match(stopped.reason, /Maximum iterations \(40\) reached/);
  assert.equal(h.last('update').epoch, 40, 'the weights of that epoch are sent');
  assert.equal(h.posted.at(-1).type, 'stopped');
  // The history, sent in parts, is the whole run.
  const joined = joinedHistory(h, h.tracker.runId);
  assert.equal(joined.lossCurve.length, 40);
  assert.equal(joined.metrics.length, 40 * 5);
  // Play again: on from epoch 40 (the same run), not from the start.
  await h.send('play', { stopAtFit: true });
  h.runTicks(2);
  assert.ok(h.last('progress').epoch > 40);
  assert.equal(h.last('progress').runId, stopped.runId);
  await h.send('pause');
  h.dispose();
});

test('play until an epoch stops there; the run is the same whatever the pace', async () => {
  const fast = harness({ frameMs: 50 });
  await ready(fast);
  await fast.send('play', { until: 25 });
  fast.runTicks();
  assert.deepEqual([fast.last('stopped').epoch, fast.last('stopped').reason], [25, 'until']);
  const slow = harness();
  await ready(slow);
  for (let k = 0; k < 25; k += 1) await slow.send('step', { epochs: 1 });
  assert.equal(slow.last('progress').epoch, 25);
  assert.equal(slow.last('progress').loss, fast.last('progress').loss);
  assert.deepEqual(slow.last('update').weights, fast.last('update').weights);
  // A step measures every epoch: the same numbers as the fast run where it measured them.
  const a = joinedHistory(fast, fast.tracker.runId).metrics;
  const b = joinedHistory(slow, slow.tracker.runId).metrics;
  assert.equal(b.length, 25 * 5);
  assert.ok(b.every(Number.isFinite));
  a.forEach((v, i) => {
    if (Number.isFinite(v)) assert.equal(v, b[i], `metric ${i}`);
  });
  fast.dispose();
  slow.dispose();
});

test('a diverging run ends for good, saying so; an early-stopping run tells the scores fit() returns', async () => {
  const h = harness({ frameMs: 50 });
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', { estimator: 'MLPRegressor', params: { hidden_layer_sizes: [8], solver: 'sgd',
    learning_rate_init: 1, momentum: 0, random_state: 0 }, precision: 'float64' }, h.tracker.next());
  await h.send('data', { generate: { generator: 'make_regression', params: { n_samples: 200, n_features: 1, noise: 10,
    random_state: 0 } } }, h.tracker.next());
  await h.send('play');
  h.runTicks(200);
  const stopped = h.last('stopped');
  assert.equal(stopped.finished, true);
  assert.match(stopped.reason, /diverged/);
  assert.equal(h.last('progress').diverged, true);

  await h.send('configure', { ...CONFIG, params: { ...CONFIG.params, early_stopping: true, max_iter: 500, learning_rate_init: 0.05 } },
    h.tracker.next());
  await h.send('data', { generate: MOONS }, h.tracker.next());
  await h.send('play', { stopAtFit: true });
  h.runTicks();
  const fit = h.last('progress').fitStop;
  assert.equal(h.last('stopped').at, 'fit');
  assert.ok(fit.best.epoch > 0 && fit.best.epoch <= fit.epoch, JSON.stringify(fit));
  assert.ok(fit.best.test >= 0 && fit.best.test <= 1);
  assert.match(fit.reason, /Validation score did not improve/);
  h.dispose();
});

test('pause takes effect at once: no training after it', async () => {
  const h = harness();
  await ready(h);
  await h.send('play');
  h.runTicks(2);
  await h.send('pause');
  const stopped = h.last('stopped');
  assert.deepEqual([stopped.reason, stopped.finished], ['paused', false]);
  const count = h.posted.length;
  h.runTicks();
  assert.equal(h.posted.length, count, 'the pending tick did nothing');
  await h.send('play');
  await h.send('play'); // a second play does not start a second tick chain
  assert.equal(h.tasks.length, 1);
  h.dispose();
});

test('updates (weights, histories and grid in one message) are throttled to one per updateMs and transferred as copies', async () => {
  const h = harness({ frameMs: 2, updateMs: 50 });
  await ready(h, { ...CONFIG, params: { ...CONFIG.params, max_iter: 400 } });
  await h.send('grid', GRID);
  const start = h.clock.ms;
  const [before, gridsBefore] = [h.of('update').length, h.grids().length];
  await h.send('play');
  h.runTicks(100);
  const updates = h.of('update').length - before;
  const elapsed = h.clock.ms - start;
  assert.ok(h.of('progress').length >= 100, 'progress every tick');
  assert.ok(updates >= Math.floor(elapsed / 50) - 1 && updates <= elapsed / 50 + 1, `${updates} in ${elapsed} ms`);
  assert.equal(h.grids().length - gridsBefore, updates, 'a grid with every update');

  const heap = (await modulePromise).HEAPU8.buffer;
  const [update, grid] = [h.last('update'), h.grids().at(-1)];
  assert.ok(update.weights instanceof Float64Array && update.weights.buffer !== heap);
  assert.ok(update.transfer.includes(update.weights.buffer) && update.transfer.includes(update.lossCurve.buffer));
  assert.ok(grid.values instanceof Float32Array && grid.transfer.includes(grid.values.buffer));
  assert.equal(grid.values.length, GRID.nx * GRID.ny * grid.channels);
  assert.deepEqual([grid.nx, grid.ny, grid.channels], [12, 10, 1]);
  h.dispose();
});

test('reset bumps the runId; the client drops replies from the older run', async () => {
  const h = harness();
  await ready(h);
  await h.send('play');
  h.runTicks(1);
  const oldReply = h.last('progress');
  const runId = h.tracker.next();
  await h.send('reset', {}, runId);
  assert.equal(h.tracker.accept(oldReply), false);
  const fresh = h.last('progress');
  assert.deepEqual([fresh.runId, fresh.epoch], [runId, 0]);
  assert.equal(h.tracker.accept(fresh), true);
  h.runTicks(1); // still playing, now the new run
  assert.equal(h.last('progress').runId, runId);

  await h.send('reset', {}, runId); // a client that did not bump: the worker does
  assert.equal(h.last('progress').runId, runId + 1);
  assert.equal(h.tracker.accept(h.last('progress')), true);
  assert.equal(h.tracker.runId, runId + 1);
  h.dispose();
});

test('reset gives the same initial weights; with a seed, others', async () => {
  const h = harness();
  await ready(h);
  const initial = h.last('update').weights;
  await h.send('step', { epochs: 3 });
  await h.send('reset', {}, h.tracker.next());
  assert.deepEqual(h.last('update').weights, initial);
  await h.send('reset', { seed: 7 }, h.tracker.next());
  assert.notDeepEqual(h.last('update').weights, initial);
  h.dispose();
});

test('step pauses and trains the given epochs', async () => {
  const h = harness();
  await ready(h);
  await h.send('play');
  await h.send('step', { epochs: 3 });
  assert.equal(h.last('stopped').reason, 'paused');
  assert.equal(h.last('progress').epoch, 3);
  assert.equal(h.last('update').lossCurve.length, 3);
  h.dispose();
});

test('data as raw arrays trains like the same data generated', async () => {
  const generated = harness();
  await ready(generated);
  await generated.send('step', { epochs: 5 });
  const module = await modulePromise;
  const s = new module.Session();
  s.generate(MOONS.generator, JSON.stringify(MOONS.params), MOONS.testFraction, 0);
  const [xTrain, yTrain, xTest, yTest] = [s.xTrain(), s.yTrain(), s.xTest(), s.yTest()].map((v) => v.slice());
  const arrays = { nFeatures: 2, xTrain, yTrain, xTest, yTest };
  s.delete();

  const raw = harness();
  await raw.send('init', {}, raw.tracker.next());
  await raw.send('configure', CONFIG, raw.tracker.next());
  await raw.send('data', { arrays }, raw.tracker.next());
  await raw.send('step', { epochs: 5 });
  assert.equal(raw.last('progress').loss, generated.last('progress').loss);
  assert.equal(raw.last('update').testScore, generated.last('update').testScore);
  generated.dispose();
  raw.dispose();
});

test('bad requests and failures are posted as errors, never thrown', async () => {
  const h = harness();
  await h.send('init');
  const bad = [
    null,
    { type: 'dance', runId: 0 },
    { type: 'play' },
    request('configure', 0, { estimator: 'MLPClassifier', params: { alpha: -1 } }),
    request('configure', 0, { estimator: 'MLPClassifier', params: '{"alpha": 1}' }),
    request('data', 0, {}),
    request('data', 0, { arrays: { nFeatures: 2, xTrain: [1, 2, 3], yTrain: [0, 1] } }),
    request('data', 0, { generate: { generator: 'make_bananas' } }),
    request('grid', 0, { ...GRID, xMax: -5 }),
    request('step', 0, { epochs: 0 }),
    request('reset', 0, { seed: -1 }),
    request('play', 0, { until: -1 }),
    request('step', 0, { stopAtFit: 'yes' }),
  ];
  for (const message of bad) await assert.doesNotReject(h.handle(message));
  const errors = h.of('error');
  assert.deepEqual(errors.map((e) => e.parameter), [
    'message', 'type', 'runId', 'alpha', 'params', 'data', 'xTrain', 'dataset.generator', 'rectangle', 'epochs', 'seed',
    'until', 'stopAtFit',
  ]);
  const alpha = errors[3];
  assert.deepEqual([alpha.request, alpha.value], ['configure', '-1']);
  assert.match(alpha.message, /alpha must be a finite number/);

  await h.send('play'); // nothing configured: the core's error, then stopped
  h.runTicks();
  assert.equal(h.last('error').request, 'play');
  assert.equal(h.last('stopped').finished, false);
  h.dispose();
});

test('a change while playing starts the new run at once; a bad one stops play', async () => {
  const h = harness();
  await ready(h);
  await h.send('play');
  h.runTicks(1);
  const runId = h.tracker.next();
  await h.send('configure', { ...CONFIG, params: { ...CONFIG.params, hidden_layer_sizes: [3] } }, runId);
  assert.deepEqual(h.last('update').layerUnits, [2, 3, 1]);
  h.runTicks(1);
  assert.equal(h.last('progress').runId, runId);
  assert.ok(h.last('progress').epoch > 0, 'still playing');
  await h.send('configure', { ...CONFIG, params: { solver: 'bfgs' } }, h.tracker.next());
  assert.equal(h.last('error').parameter, 'solver');
  assert.deepEqual([h.last('stopped').finished, h.tasks.length], [false, 1]);
  const count = h.posted.length;
  h.runTicks();
  assert.equal(h.posted.length, count);
  h.dispose();
});

test('with real timers the host plays to fit()\'s stop on its own', async () => {
  const posted = [];
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  const host = createWorkerHost({
    createModule: () => modulePromise,
    post: (message) => {
      posted.push(message);
      if (message.type === 'stopped') done(message);
    },
  });
  for (const [type, fields] of [['init', {}], ['configure', CONFIG], ['data', { generate: MOONS }], ['play', { stopAtFit: true }]])
    host.handle(request(type, 1, fields));
  const stopped = await finished;
  assert.deepEqual([stopped.epoch, stopped.finished, stopped.at], [40, false, 'fit']);
  host.dispose();
});

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
  await h.send('data', { arrays: { nFeatures: 1, xTrain: rows, yTrain: labels }, split: { testFraction: 0.3, splitSeed: 0 } },
    h.tracker.next());
  assert.equal(h.of('error').length, 0);
  const data = h.last('data');
  assert.deepEqual(Array.from(data.xTrain), [9, 1, 6, 7, 3, 0, 5]);
  assert.deepEqual(Array.from(data.xTest), [2, 8, 4]);
  assert.deepEqual(Array.from(data.yTest), [0, 0, 0]);
  await h.send('data', { arrays: { nFeatures: 1, xTrain: rows, yTrain: labels }, split: { testFraction: 1 } },
    h.tracker.next());
  assert.equal(h.last('error').parameter, 'test_fraction');
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
  await h.send('data', { arrays, split: { testFraction: 0.25, splitSeed: 3 }, pca: true }, h.tracker.next());
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
  await h.send('data', { arrays, split: { testFraction: 0.25, splitSeed: 3 } }, h.tracker.next());
  assert.equal(h.last('data').pca, undefined);
  await h.send('data', { arrays, split: { testFraction: 0.25, splitSeed: 3 }, pca: 'yes' }, h.tracker.next());
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
