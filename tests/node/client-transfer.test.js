// The engine client moves big arrays to the worker instead of copying them (a structured clone of
// a 25 MB CSV file's 40 MB table blocked the page for 300 ms to 900 ms), and still gives a fresh
// worker the data again after a loss: from the caller's own arrays (send's `keep`), which the
// transfer leaves whole. A fake Worker that clones what it is sent, as postMessage does.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createEngineClient } from '../../web/src/engine/client.js';

function fakeWorkers() {
  const workers = [];
  const create = () => {
    const w = { onmessage: null, onerror: null, onmessageerror: null, dead: false, received: [] };
    w.postMessage = (message, transfer = []) => {
      const copy = structuredClone(message, { transfer });
      w.received.push(copy);
      if (copy.type === 'init') setImmediate(() => w.onmessage?.({ data: { type: 'ready', runId: copy.runId } }));
    };
    w.terminate = () => {
      w.dead = true;
    };
    workers.push(w);
    return w;
  };
  return { workers, create };
}

const timers = { now: () => 0, setTimer: (fn) => setImmediate(fn), clearTimer: (id) => clearImmediate(id) };
const CONFIGURE = { estimator: 'MLPClassifier', params: { hidden_layer_sizes: [4] }, precision: 'float64' };

test('data sent with a transfer list are moved, and a fresh worker gets the kept arrays', async () => {
  const fakes = fakeWorkers();
  const client = createEngineClient({ createWorker: fakes.create, moduleUrl: 'mlp.js', ...timers });
  await new Promise((resolve) => client.on('ready', resolve));
  client.send('configure', CONFIGURE);

  const own = { xTrain: Float64Array.from({ length: 12 }, (_, i) => i / 2), yTrain: Float64Array.from([0, 1, 2, 0, 1, 2]) };
  const request = (a) => ({ arrays: { nFeatures: 2, nTargets: 1, ...a }, split: { test_size: 0.25, random_state: 0 } });
  const copies = { xTrain: own.xTrain.slice(), yTrain: own.yTrain.slice() };
  client.send('data', request(copies), { transfer: [copies.xTrain.buffer, copies.yTrain.buffer], keep: request(own) });

  assert.equal(copies.xTrain.byteLength, 0, 'the copies went to the worker (moved, not cloned)');
  assert.equal(copies.yTrain.byteLength, 0);
  const first = fakes.workers[0].received.find((m) => m.type === 'data');
  assert.deepEqual([...first.arrays.xTrain], [...own.xTrain]);
  assert.deepEqual([...first.arrays.yTrain], [...own.yTrain]);

  // The worker is lost: the fresh one is given the configuration and the data again.
  fakes.workers[0].onerror({ message: 'Uncaught Error: boom', preventDefault() {} });
  await new Promise((resolve) => {
    const poll = () => (fakes.workers[1]?.received.some((m) => m.type === 'data') ? resolve() : setImmediate(poll));
    poll();
  });
  const again = fakes.workers[1].received.find((m) => m.type === 'data');
  assert.deepEqual([...again.arrays.xTrain], [...own.xTrain], 'the kept rows, whole');
  assert.deepEqual([...again.arrays.yTrain], [...own.yTrain]);
  assert.equal(own.xTrain.length, 12, 'the caller\'s arrays stay its own');
  client.terminate();
});
