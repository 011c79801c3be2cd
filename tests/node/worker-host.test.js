// The worker protocol, driven through the host without a Worker (worker-host-support.js): playing,
// pausing, stepping, updates and their pace, resets, and bad requests.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { request } from '../../web/src/engine/protocol.js';
import { createWorkerHost } from '../../web/src/engine/worker-host.js';
import { CONFIG, GRID, MOONS, harness, joinedHistory, modulePromise, ready } from './worker-host-support.js';

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

test('reset gives the same initial weights; with a random_state, others', async () => {
  const h = harness();
  await ready(h);
  const initial = h.last('update').weights;
  await h.send('step', { epochs: 3 });
  await h.send('reset', {}, h.tracker.next());
  assert.deepEqual(h.last('update').weights, initial);
  await h.send('reset', { random_state: 7 }, h.tracker.next());
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
  s.generate(MOONS.generator, JSON.stringify(MOONS.params), 0.25, 0);
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
    request('reset', 0, { random_state: -1 }),
    request('play', 0, { until: -1 }),
    request('step', 0, { stopAtFit: 'yes' }),
  ];
  for (const message of bad) await assert.doesNotReject(h.handle(message));
  const errors = h.of('error');
  assert.deepEqual(errors.map((e) => e.parameter), [
    'message', 'type', 'runId', 'alpha', 'params', 'data', 'xTrain', 'generator', 'rectangle', 'epochs', 'random_state',
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
