// The page's engine client (web/src/engine/client.js) supervising its worker, in node: each
// "worker" is the real worker host (worker-host.js) on the WebAssembly engine behind a fake
// Worker, and the client's clock and timers are fakes the test advances.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createEngineClient } from '../../web/src/engine/client.js';
import { loadMlpModule } from '../../web/src/engine/load-node.js';
import { fakeClock } from './support.js';
import { createWorkerHost } from '../../web/src/engine/worker-host.js';

const modulePromise = loadMlpModule();

const CONFIGURE = { estimator: 'MLPClassifier', params: { hidden_layer_sizes: [6], random_state: 0 }, precision: 'float64' };
const DATA = { generate: { generator: 'make_moons', params: { n_samples: 80, noise: 0.2, random_state: 1 }, testFraction: 0.25 } };
const GRID = { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2, nx: 8, ny: 8 };


/** A Worker whose inside is the real host; silent: it never answers (a stuck worker). */
function fakeWorkers({ silent = false } = {}) {
  const workers = [];
  const create = () => {
    const w = { onmessage: null, onerror: null, onmessageerror: null, dead: false, received: [] };
    const host = createWorkerHost({
      createModule: () => modulePromise,
      post: (message) => {
        const copy = structuredClone(message);
        if (!w.dead) setImmediate(() => !w.dead && w.onmessage?.({ data: copy }));
      },
    });
    w.postMessage = (message) => {
      if (w.dead) return;
      w.received.push(message.type);
      if (!silent) host.handle(structuredClone(message));
    };
    w.terminate = () => {
      w.dead = true;
      host.dispose();
    };
    workers.push(w);
    return w;
  };
  return { workers, create };
}

/** Resolves with the first event of `type` that satisfies `ok`. */
const next = (client, type, ok = () => true) =>
  new Promise((resolve) => {
    const off = client.on(type, (m) => {
      if (!ok(m)) return;
      off();
      resolve(m);
    });
  });

/** A client on fake workers, configured on moons and trained to `epochs` by steps. */
async function trained(epochs, { supervise = { backoffMs: [100, 100, 100] } } = {}) {
  const time = fakeClock();
  const fakes = fakeWorkers();
  const client = createEngineClient({ createWorker: fakes.create, moduleUrl: 'mlp.js', supervise, ...time });
  await next(client, 'ready');
  client.send('configure', CONFIGURE);
  client.send('data', DATA);
  client.send('grid', GRID);
  await next(client, 'update');
  const losses = [];
  for (let e = 1; e <= epochs; e += 1) {
    const progress = next(client, 'progress', (m) => m.epoch === e);
    const params = next(client, 'update', (m) => m.epoch === e);
    client.send('step', { epochs: 1 });
    losses.push((await progress).loss);
    await params;
  }
  return { client, time, fakes, losses };
}

test('a worker whose error escapes is replaced; the fresh one trains on from the epoch drawn, as if never lost', async () => {
  const reference = await trained(6);
  reference.client.terminate();
  const { client, time, fakes, losses } = await trained(5);
  assert.deepEqual(losses, reference.losses.slice(0, 5));
  const lost = next(client, 'lost');
  fakes.workers[0].onerror({ message: 'Uncaught Error: boom', preventDefault() {} });
  const m = await lost;
  assert.equal(m.cause, 'crashed');
  assert.match(`${m.title}. ${m.text}`, /crashed\. An error escaped the training worker \(Uncaught Error: boom\)/);
  assert.deepEqual([m.giveUp, m.retryInMs, m.restoring], [false, 100, true]);
  assert.equal(fakes.workers[0].dead, true, 'the old worker is terminated');
  const restored = next(client, 'restored');
  time.advance(100);
  assert.equal(fakes.workers.length, 2, 'a fresh worker after the backoff');
  assert.equal((await restored).epoch, 5);
  assert.deepEqual(fakes.workers[1].received, ['init', 'configure', 'data', 'grid', 'play', 'grid'],
    'the configuration, the data and the grid again, then training back to epoch 5 (and the views\' update)');
  const after = next(client, 'update', (m2) => m2.epoch === 5);
  await after; // the restored weights, for the views
  const progress = next(client, 'progress', (p) => p.epoch === 6);
  client.send('step', { epochs: 1 });
  assert.equal((await progress).loss, reference.losses[5], 'epoch 6 has the loss of the run never lost');
  client.terminate();
});

test('an engine that aborts (every call throws) is replaced on the first error it gives', async () => {
  const { client, time, fakes } = await trained(2);
  const lost = next(client, 'lost');
  // What the host posts when a call into an aborted module throws.
  fakes.workers[0].onmessage({ data: { type: 'error', runId: client.runId, request: 'step', parameter: 'worker', value: '',
    message: 'Aborted(native code called abort())' } });
  assert.equal((await lost).cause, 'aborted');
  const restored = next(client, 'restored');
  time.advance(100);
  assert.equal((await restored).epoch, 2);
  client.terminate();
});

test('a silent worker is stuck after the timeout; after three restarts in a row the client stops, until retry()', async () => {
  const time = fakeClock();
  const fakes = fakeWorkers({ silent: true });
  const client = createEngineClient({ createWorker: fakes.create, moduleUrl: 'mlp.js', ...time,
    supervise: { stuckMs: 1000, pingMs: 100, backoffMs: [10, 20, 40] } });
  const losses = [];
  client.on('lost', (m) => losses.push(m));
  time.advance(1100); // the first ping goes at 100 ms: 1,000 ms unanswered at 1,100
  assert.equal(losses.length, 0, 'silent for exactly the timeout: not yet');
  time.advance(100);
  assert.equal(losses.length, 1, 'found at the next ping after the timeout');
  assert.equal(losses[0].cause, 'stuck');
  assert.match(losses[0].text, /no answer for 1 s/);
  time.advance(10_000);
  assert.deepEqual(losses.map((m) => m.retryInMs), [10, 20, 40, null]);
  assert.deepEqual(losses.map((m) => m.giveUp), [false, false, false, true]);
  assert.equal(fakes.workers.length, 4, 'the first worker and three restarts');
  assert.ok(fakes.workers.every((w) => w.dead));
  time.advance(60_000);
  assert.equal(fakes.workers.length, 4, 'no more tries on its own');
  client.retry();
  assert.equal(fakes.workers.length, 5, 'Try again starts a fresh worker at once');
  client.terminate();
});

test('a run too large for the engine\'s memory is held back with its sizes; a setting that fits sends both in order', async () => {
  const time = fakeClock();
  const fakes = fakeWorkers();
  const client = createEngineClient({ createWorker: fakes.create, moduleUrl: 'mlp.js', ...time });
  await next(client, 'ready');
  const errors = [];
  client.on('error', (m) => errors.push(m));
  const rows = 60_000;
  const arrays = { nFeatures: 10, xTrain: new Float64Array(rows * 10), yTrain: Float64Array.from({ length: rows }, (_, i) => i % 2) };
  const wide = { estimator: 'MLPClassifier', params: { hidden_layer_sizes: [512, 512, 512], solver: 'lbfgs' }, precision: 'float64' };
  client.send('configure', wide);
  client.send('data', { arrays, split: { test_size: 0.25 } });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].parameter, 'memory');
  assert.match(errors[0].message, /^60,000 rows x 10 inputs with layers \(10, 512, 512, 512, 1\) in float64 need about [\d.]+ GB/);
  client.send('play');
  assert.equal(errors.length, 2, 'Play is refused with the same words');
  assert.equal(errors[1].request, 'play');
  assert.deepEqual(fakes.workers[0].received.filter((t) => t !== 'ping'), ['init', 'configure'],
    'the data never reached the worker, nor did play');
  client.send('configure', { ...wide, params: { ...wide.params, solver: 'adam' } });
  assert.deepEqual(fakes.workers[0].received.filter((t) => t !== 'ping'), ['init', 'configure', 'configure', 'data']);
  assert.equal(errors.length, 2);
  client.terminate();
});

test('holdEvents: the replies that come before releaseEvents() wait, in order, and none is lost', async () => {
  const time = fakeClock();
  const fakes = fakeWorkers();
  const client = createEngineClient({ createWorker: fakes.create, moduleUrl: 'mlp.js', holdEvents: true, ...time });
  client.send('configure', CONFIGURE);
  client.send('data', DATA);
  // The worker loads the engine and answers while nothing listens (a page still being built).
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (let k = 0; k < 200 && !fakes.workers[0].received.includes('data'); k += 1) await new Promise((resolve) => setImmediate(resolve));
  const seen = [];
  client.on('*', (m) => seen.push(m.type));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(seen, [], 'nothing is delivered before releaseEvents()');
  client.releaseEvents();
  // The first run's replies (the worker's data, then its first model's scores), as they came.
  assert.deepEqual(seen.slice(0, 3), ['data', 'progress', 'update'], seen.join(' '));
  // Later replies come as they arrive.
  const stepped = next(client, 'update');
  client.send('step', { epochs: 1 });
  assert.equal((await stepped).epoch, 1);
});
