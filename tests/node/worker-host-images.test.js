// An image set (Fashion-MNIST's layout) loaded by the worker itself: a fake fetch serves a tiny
// set (30 + 10 images of 28 x 28) in uneven chunks; the bytes reach the engine as pixels / 255,
// the page gets the test images' bytes and the labels, loading replies say how far it got, and
// a network failure, an HTTP error and a cancel each fail the data request in plain words.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { versionTag } from '../../web/src/engine/image-load.js';
import { CONFIG, harness } from './worker-host-support.js';

const P = 784;
const N_TRAIN = 30;
const N_TEST = 10;
const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Image i of a part: a bright square whose place depends on its label (i % 10), so that a net can learn it. */
function images(n, seed) {
  const bytes = new Uint8Array(n * P);
  for (let i = 0; i < n; i += 1) {
    const label = i % 10;
    for (let k = 0; k < P; k += 1) {
      const r = Math.floor(k / 28);
      const c = k % 28;
      bytes[i * P + k] = Math.floor(r / 10) * 3 + Math.floor(c / 10) === label ? 200 + ((i + seed) % 55) : (k * 7 + i) % 13;
    }
  }
  return bytes;
}

const FILES = {
  'quick-train-images.u8': images(N_TRAIN, 1),
  'quick-train-labels.u8': Uint8Array.from({ length: N_TRAIN }, (_, i) => i % 10),
  'quick-test-images.u8': images(N_TEST, 2),
  'quick-test-labels.u8': Uint8Array.from({ length: N_TEST }, (_, i) => i % 10),
};
const file = (name) => ({ path: name, bytes: FILES[name].length });
const MANIFEST = {
  format: 'mlp-playground-images',
  version: 1,
  title: 'Fashion-MNIST',
  imageShape: [28, 28],
  pixelMax: 255,
  classNames: CLASSES,
  licence: 'MIT',
  credit: 'Zalando Research',
  sets: {
    quick: {
      nTrain: N_TRAIN,
      nTest: N_TEST,
      files: {
        trainImages: file('quick-train-images.u8'),
        trainLabels: file('quick-train-labels.u8'),
        testImages: file('quick-test-images.u8'),
        testLabels: file('quick-test-labels.u8'),
      },
    },
  },
  sourceFiles: [{ file: 'x', bytes: 1, mtimeMs: 2 }],
};
const BASE = 'http://example.test/data/fashion-mnist/';
const IMAGES = { url: BASE, set: 'quick', nTrain: N_TRAIN, nTest: N_TEST };

/** Resolved when a stalling stream has stalled. */
let stalled = null;
let onStall = () => {};

/** A stream of bytes in chunks of 1,000 (not a multiple of an image), as a network gives them. */
function streamOf(bytes, { stall = false, signal } = {}) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (stall && at >= 2000) {
        onStall();
        return new Promise((resolve, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      }
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 1000));
      at += 1000;
      return undefined;
    },
  });
}

/** A fetch over FILES; `how` changes its answer for one file: 'offline' (rejects), 404, or 'stall'. */
function fakeFetch({ how = null, on = 'quick-train-images.u8' } = {}) {
  const asked = [];
  const fetch = async (url, { signal } = {}) => {
    const u = new URL(url);
    asked.push(u.pathname.split('/').at(-1) + u.search);
    const name = u.pathname.split('/').at(-1);
    if (name === on && how === 'offline') throw new TypeError('Failed to fetch');
    if (name === on && how === 404) return new Response('no', { status: 404 });
    if (name === 'manifest.json') return new Response(JSON.stringify(MANIFEST), { status: 200 });
    if (!FILES[name]) return new Response('no', { status: 404 });
    return new Response(streamOf(FILES[name], { stall: name === on && how === 'stall', signal }), { status: 200 });
  };
  return { fetch, asked };
}

const SMALL = { ...CONFIG, params: { ...CONFIG.params, hidden_layer_sizes: [6], solver: 'sgd', learning_rate_init: 0.1, batch_size: 10 } };

async function start(h) {
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', SMALL, h.tracker.next());
}

test('an image set streams into the engine; the page gets the test bytes, the labels and the progress', async () => {
  const { fetch, asked } = fakeFetch();
  const h = harness({ fetch });
  await start(h);
  await h.send('data', { images: IMAGES }, h.tracker.next());
  assert.deepEqual(h.of('error'), []);
  const data = h.last('data');
  assert.equal(data.nFeatures, P);
  assert.equal(data.xTrain.length, 0, 'the training pixels stay in the worker');
  assert.ok(data.xTest instanceof Uint8Array);
  assert.deepEqual(data.xTest, FILES['quick-test-images.u8']);
  assert.deepEqual(Array.from(data.yTrain), Array.from(FILES['quick-train-labels.u8']));
  assert.deepEqual(data.images.classNames, CLASSES);
  assert.deepEqual(data.images.imageShape, [28, 28]);
  assert.ok(data.transfer.includes(data.xTest.buffer));
  // The data files' URLs carry the manifest's version (a new set is a new URL for the caches).
  assert.ok(asked.includes(`quick-train-images.u8?v=${versionTag(MANIFEST)}`), asked.join(' '));
  const loading = h.of('loading');
  const total = Object.values(FILES).reduce((s, b) => s + b.length, 0);
  assert.deepEqual([loading[0].loaded, loading.at(-1).loaded, loading.at(-1).total], [0, total, total]);
  assert.ok(loading.length >= 5, `${loading.length} loading replies`); // the start, and the end of each of 4 files
  assert.ok(loading.every((m, i) => i === 0 || m.loaded >= loading[i - 1].loaded));
  // The model sees 784 inputs and 10 classes; the first update's scores come from one measurement.
  const first = h.last('update');
  assert.deepEqual(first.layerUnits, [P, 6, 10]);
  assert.ok(first.trainScore >= 0 && first.trainScore <= 1, String(first.trainScore));
  await h.send('step', { epochs: 20 });
  assert.deepEqual(h.of('error'), []);
  // Pixels / 255 reached the engine: the bright squares are learnt (uint8 values unscaled would diverge).
  const after = h.last('update');
  assert.ok(after.trainScore > 0.8, `train score ${after.trainScore}`);
  // The engine's input row is the bytes / 255: a trace of test image 3 sees them.
  await h.send('trace', { point: Array.from(FILES['quick-test-images.u8'].subarray(3 * P, 4 * P), (b) => b / 255) });
  assert.equal(h.last('trace').output.predicted, 3);
  h.dispose();
});

test('a fetch that never reaches the server is a network problem; an HTTP error is named', async () => {
  for (const [how, pattern] of [['offline', /could not reach the server to load the image set \(quick-train-images\.u8\)/], [404, /HTTP 404/]]) {
    const h = harness({ fetch: fakeFetch({ how }).fetch });
    await start(h);
    await h.send('data', { images: IMAGES }, h.tracker.next());
    const error = h.last('error');
    assert.equal(error?.request, 'data', String(how));
    assert.equal(error.parameter, 'dataset');
    assert.match(error.message, pattern);
    assert.equal(h.of('data').length, 0);
    h.dispose();
  }
});

test('cancel stops a load at once, mid-file; the next request loads', async () => {
  const h = harness({ fetch: fakeFetch({ how: 'stall' }).fetch });
  await start(h);
  stalled = new Promise((resolve) => {
    onStall = resolve;
  });
  const pending = h.send('data', { images: IMAGES }, h.tracker.next());
  await stalled;
  h.handle({ type: 'cancel', runId: h.tracker.runId });
  await pending;
  assert.equal(h.last('error')?.message, 'loading cancelled');
  assert.equal(h.of('data').length, 0);
  h.dispose();
});

test('an image set trains a few minibatches per call: progress within the epoch, epochs ended exactly', async () => {
  const h = harness({ fetch: fakeFetch().fetch, frameMs: 3 });
  await start(h);
  await h.send('data', { images: IMAGES }, h.tracker.next());
  await h.send('play', { until: 2 });
  for (let i = 0; i < 200 && !h.last('stopped'); i += 1) h.runTicks(1);
  assert.deepEqual(h.of('error'), []);
  assert.equal(h.last('stopped')?.reason, 'until');
  const progress = h.of('progress').filter((m) => m.epoch >= 0 && m.batches > 0);
  assert.ok(progress.every((m) => m.batches === 3), JSON.stringify(progress.map((m) => [m.epoch, m.batch, m.batches])));
  assert.ok(progress.some((m) => m.batch > 0 && m.batch < 3), 'progress within an epoch');
  assert.equal(h.last('progress').epoch, 2);
  assert.equal(h.last('progress').batch, 0, 'stopped at the end of epoch 2, not within epoch 3');
  // Step: one epoch more, exactly.
  await h.send('step', { epochs: 1 });
  assert.deepEqual([h.last('progress').epoch, h.last('progress').batch], [3, 0]);
  h.dispose();
});

test("playing an image set, the test images' outputs come with each epoch's end, not with the updates within it", async () => {
  const h = harness({ fetch: fakeFetch().fetch, frameMs: 3, updateMs: 1 });
  await start(h);
  await h.send('data', { images: IMAGES }, h.tracker.next());
  await h.send('test', { enabled: true });
  const from = h.posted.length;
  await h.send('play', { until: 3 });
  for (let i = 0; i < 200 && !h.last('stopped'); i += 1) h.runTicks(1);
  assert.deepEqual(h.of('error'), []);
  assert.equal(h.last('stopped')?.reason, 'until');
  // Each update, with where training was when it was sent (the progress before it).
  const updates = [];
  let at = null;
  for (const m of h.posted.slice(from)) {
    if (m.type === 'progress') at = [m.epoch, m.batch];
    if (m.type === 'update') updates.push({ epoch: at[0], batch: at[1], test: Boolean(m.test) });
  }
  const seen = JSON.stringify(updates);
  assert.ok(updates.some((u) => u.batch > 0 && !u.test), `updates within an epoch, without the test outputs: ${seen}`);
  assert.ok(updates.every((u) => !u.test || u.batch === 0), `test outputs only at an epoch's end: ${seen}`);
  assert.deepEqual([...new Set(updates.filter((u) => u.test).map((u) => u.epoch))], [1, 2, 3], seen);
  // The last ones are the model's at epoch 3: 10 test images, 10 channels each.
  assert.equal(h.tests().at(-1).values.length, N_TEST * 10);
  h.dispose();
});
