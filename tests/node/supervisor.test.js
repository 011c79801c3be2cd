// The worker's supervision rules (web/src/engine/supervisor.js), with a fake clock: what counts
// as a failure and how it is said, when a silent worker is stuck, when to restart and when to
// stop trying, and what a fresh worker is sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  BACKOFF_MS,
  MAX_FAILURES,
  STABLE_MS,
  STUCK_MS,
  classifyFailure,
  createHeartbeat,
  createRestartPolicy,
  failureText,
  restorePlan,
  stuckTimeout,
} from '../../web/src/engine/supervisor.js';

const clock = (t = 0) => {
  const c = { t, now: () => c.t };
  return c;
};

test('failures are told apart: load, crash, abort, memory, stuck; a refused setting is no failure', () => {
  const cause = (f) => classifyFailure(f).cause;
  assert.equal(cause({ source: 'error-event', message: '', ready: false }), 'load', 'a worker script that did not load');
  assert.equal(cause({ source: 'error-event', message: 'Uncaught Error: boom', ready: true }), 'crashed');
  assert.equal(cause({ source: 'messageerror', message: 'a message could not be read' }), 'crashed');
  assert.equal(cause({ source: 'reply', request: 'init', message: "NetworkError: Failed to execute 'importScripts'" }), 'load');
  assert.equal(cause({ source: 'reply', request: 'play', message: 'Aborted(native code called abort())' }), 'aborted');
  assert.equal(cause({ source: 'reply', request: 'play', message: 'RuntimeError: memory access out of bounds' }), 'aborted');
  assert.equal(cause({ source: 'reply', request: 'play', message: 'Aborted(Cannot enlarge memory arrays to size 2147483648 bytes (OOM))' }),
    'memory');
  assert.equal(cause({ source: 'timeout' }), 'stuck');
  // The engine's own status error for an allocation it refused: said with the sizes, no restart.
  assert.deepEqual(classifyFailure({ source: 'reply', request: 'data', message: 'out of memory: the data or the network is too large' }),
    { cause: 'memory', restart: false });
  assert.deepEqual(classifyFailure({ source: 'reply', request: 'configure', message: 'alpha must be >= 0' }), { cause: null, restart: false });
});

test('the words say what happened: a network problem is named as one, a stuck worker with its silence', () => {
  const net = failureText('load', { detail: 'NetworkError: Failed to fetch', online: false });
  assert.match(net.title, /could not load: a network problem/);
  assert.match(net.text, /when the network is back/);
  assert.match(failureText('load', { detail: 'CompileError: bad magic' }).title, /could not load$/);
  assert.match(failureText('stuck', { silentMs: 15_400 }).text, /no answer for 15 s/);
  const memory = failureText('memory', { memory: '100,000 rows x 10 inputs need about 2.4 GB.' });
  assert.match(memory.text, /100,000 rows x 10 inputs need about 2\.4 GB/);
  assert.match(failureText('aborted', { detail: 'Aborted(x)' }).text, /Aborted\(x\)/);
  assert.match(failureText('crashed', { detail: 'boom' }).title, /crashed/);
});

test('a worker that answers its pings is never stuck; one silent past the timeout is', () => {
  const c = clock();
  const hb = createHeartbeat({ now: c.now, timeoutMs: 1000 });
  for (let k = 0; k < 20; k += 1) {
    hb.sent();
    c.t += 400;
    assert.equal(hb.overdue(), false);
    hb.heard();
  }
  hb.sent();
  c.t += 1000;
  assert.equal(hb.overdue(), false, 'exactly the timeout: not yet');
  hb.sent(); // more pings while silent do not restart the count
  c.t += 1;
  assert.equal(hb.overdue(), true);
  assert.equal(hb.silentFor(), 1001);
  hb.heard();
  assert.equal(hb.overdue(), false);
});

test('a silent worker is not stuck while it has been told to expect a long call', () => {
  const c = clock();
  const hb = createHeartbeat({ now: c.now, timeoutMs: 1000 });
  hb.busy(5000);
  hb.sent();
  c.t += 5900;
  assert.equal(hb.overdue(), false);
  c.t += 200;
  assert.equal(hb.overdue(), true);
  hb.heard(); // the allowance ends with the call
  hb.sent();
  c.t += 1001;
  assert.equal(hb.overdue(), true);
});

test('the stuck timeout grows with the work of one call, never below the base', () => {
  assert.equal(stuckTimeout({ rows: 300, weights: 100 }), STUCK_MS, 'the default moons');
  // 300 x (8, 8) and iris-sized runs stay at the base.
  assert.equal(stuckTimeout({ rows: 150, weights: 4 * 64 + 64 * 3 }), STUCK_MS);
  // 100,000 x 10 rows with (512): 100,000 x 5,632 weights x 8 flops = 4.5 GFLOP: 360 s at 0.05 GFLOP/s x 4.
  assert.equal(stuckTimeout({ rows: 100_000, weights: 10 * 512 + 512 }), 361_000);
});

test('restarts back off, stop after MAX_FAILURES in a row, and count afresh once a worker has held', () => {
  const c = clock(1000);
  const policy = createRestartPolicy({ now: c.now });
  const delays = [];
  for (let k = 0; k < MAX_FAILURES; k += 1) {
    const d = policy.failed();
    assert.equal(d.giveUp, undefined);
    delays.push(d.delayMs);
    c.t += d.delayMs + 100; // restarted, and failed again soon after
  }
  assert.deepEqual(delays, BACKOFF_MS.slice(0, MAX_FAILURES));
  assert.equal(policy.failed().giveUp, true, 'the fourth failure in a row: stop trying');
  policy.reset(); // Try again
  assert.equal(policy.failed().delayMs, BACKOFF_MS[0]);
  c.t += STABLE_MS + 1; // this worker held for a while: its failure is a first one again
  assert.equal(policy.failed().delayMs, BACKOFF_MS[0]);
  c.t += 100;
  assert.equal(policy.failed().delayMs, BACKOFF_MS[1]);
});

test('a fresh worker gets the configuration, data, random_state, test and grid, then trains back to the epoch drawn', () => {
  const configure = { estimator: 'MLPClassifier', params: { hidden_layer_sizes: [8, 8] } };
  const data = { generate: { generator: 'make_moons', params: { n_samples: 300 } } };
  const grid = { xMin: -1, xMax: 1, yMin: -1, yMax: 1, nx: 200, ny: 200 };
  assert.deepEqual(restorePlan({ configure, data, grid, reset: { random_state: 7 } }, 12).map(([t]) => t),
    ['configure', 'data', 'reset', 'grid', 'play']);
  assert.deepEqual(restorePlan({ configure, data, grid }, 12).at(-1), ['play', { until: 12 }]);
  assert.deepEqual(restorePlan({ configure, data, grid }, 0).map(([t]) => t), ['configure', 'data', 'grid'], 'epoch 0: nothing to train');
  assert.deepEqual(restorePlan({ configure }, 0).map(([t]) => t), ['configure'], 'awaiting a CSV file: no data yet');
  // A table in the plane of its principal components: the test set's evaluation, then the plane's grid.
  assert.deepEqual(restorePlan({ configure, data, test: { enabled: true }, grid }, 3).map(([t]) => t),
    ['configure', 'data', 'test', 'grid', 'play']);
  // An imported model is loaded again, not trained.
  assert.deepEqual(restorePlan({ import: { json: '{}' }, data }, 40).map(([t]) => t), ['import']);
});
