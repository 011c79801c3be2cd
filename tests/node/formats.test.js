// The numbers the training bar shows: R² and accuracies never rounded up to a perfect score,
// samples per second in readable figures, and a rate measured over the run (a short run shows
// its average or nothing, never a burst of two replies a millisecond apart).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createSession } from '../../web/src/app/session.js';
import { createStore } from '../../web/src/app/store.js';
import { idleHint, runMessage } from '../../web/src/app/training-bar.js';
import { defaultConfig } from '../../web/src/state/config.js';
import { fmtAccuracy, fmtR2, fmtRate, fmtScore } from '../../web/src/ui/dom.js';

test('R² has 4 decimals, rounded down: 0.9998 reads 0.9998 and nothing below 1 reads 1', () => {
  assert.equal(fmtR2(0.9998), '0.9998');
  assert.equal(fmtR2(0.99996), '0.9999');
  assert.equal(fmtR2(0.999999999), '0.9999');
  assert.equal(fmtR2(1), '1.0000');
  assert.equal(fmtR2(0.5), '0.5000');
  assert.equal(fmtR2(0.912345), '0.9123');
  assert.equal(fmtR2(0), '0.0000');
  assert.equal(fmtR2(-0.12345), '-0.1235');
  assert.equal(fmtR2(-12.3456), '-12.35', 'far below 0: four significant figures');
  assert.equal(fmtR2(-3.2e5), '-3.20e+5');
  assert.equal(fmtR2(NaN), '–');
  assert.equal(fmtR2(null), '–');
  for (let k = 1; k <= 9999; k += 7) {
    const v = k / 10000;
    assert.equal(fmtR2(v), v.toFixed(4), `${v} is shown as itself`);
  }
});

test('an accuracy is a percentage with one decimal, rounded down: 99.96% is 99.9%, never 100.0%', () => {
  assert.equal(fmtAccuracy(0.9996), '99.9%');
  assert.equal(fmtAccuracy(1999 / 2000), '99.9%');
  assert.equal(fmtAccuracy(1), '100.0%');
  assert.equal(fmtAccuracy(0.29), '29.0%', '0.29 * 100 is 28.999999999999996 in binary');
  assert.equal(fmtAccuracy(74 / 75), '98.6%');
  assert.equal(fmtAccuracy(0.5), '50.0%');
  assert.equal(fmtAccuracy(NaN), '–');
  assert.equal(fmtScore(0.9998, 'regression'), '0.9998');
  assert.equal(fmtScore(0.9998, 'classification'), '99.9%');
});

test('samples per second: thousands separated below 10,000, then three figures with k or M', () => {
  assert.equal(fmtRate(4520), '4,520');
  assert.equal(fmtRate(9999.4), '9,999');
  assert.equal(fmtRate(12), '12');
  assert.equal(fmtRate(45234), '45.2k');
  assert.equal(fmtRate(452345), '452k');
  assert.equal(fmtRate(3141590), '3.14M');
  assert.equal(fmtRate(0), '–');
  assert.equal(fmtRate(NaN), '–');
});

test("the run's message quotes an R² with 4 decimals", () => {
  const status = {
    ready: true, task: 'regression', solver: 'adam', playing: false, stoppedAt: '',
    fitStop: { epoch: 40, reason: 'Validation score did not improve', best: { epoch: 30, test: 0.99996 } },
  };
  assert.match(runMessage(status).text, /\(test R² 0\.9999\)/);
});

test('with no message the bar says what Play, Step and Reset do from here', () => {
  assert.equal(idleHint({ ready: false }), '');
  assert.match(idleHint({ ready: true, playing: false, epoch: 0 }), /^Play \(or Space\) trains/);
  assert.match(idleHint({ ready: true, playing: false, epoch: 1234 }), /^Paused at epoch 1,234: Play or Step carries on/);
  assert.match(idleHint({ ready: true, playing: true, epoch: 5 }, 'max'), /as fast as it can/);
  assert.match(idleHint({ ready: true, playing: true, epoch: 5 }, 20), /every epoch is drawn/);
  assert.match(idleHint({ ready: true, playing: true, epoch: 5 }, 60), /as often as they can/);
});

/** A session on a fake worker whose clock the test sets. */
function fakeSession() {
  const handlers = new Map();
  const sent = [];
  let runId = 0;
  const client = {
    on(type, fn) {
      if (!handlers.has(type)) handlers.set(type, []);
      handlers.get(type).push(fn);
    },
    send(type, fields = {}) {
      sent.push({ type, ...fields });
      if (['configure', 'data', 'reset'].includes(type)) runId += 1;
      return runId;
    },
  };
  const emit = (type, m = {}) => (handlers.get(type) ?? []).forEach((fn) => fn({ type, runId, ...m }));
  const frames = { task: () => ({ request() {}, cancel() {}, dirty: false }) };
  const config = defaultConfig();
  config.train.speed = 'max';
  const session = createSession({ client, store: createStore(config), views: {}, frames });
  return { session, emit, sent };
}

test('samples/s counts from the moment Play is asked for: a burst of two replies shows nothing, then the rate over the run', (t) => {
  const realNow = performance.now;
  let now = 1000;
  performance.now = () => now;
  t.after(() => {
    performance.now = realNow;
  });
  const { session, emit } = fakeSession();
  emit('ready');
  session.play();
  // Two replies 1 ms apart, 4 ms after Play: 11,250 samples between them would read 11.25M/s.
  now = 1003;
  emit('progress', { epoch: 50, samples: 11250, loss: 0.5 });
  now = 1004;
  emit('progress', { epoch: 100, samples: 22500, loss: 0.4 });
  assert.ok(Number.isNaN(session.status.rate), `a 4 ms run shows a rate of ${session.status.rate}`);
  assert.equal(fmtRate(session.status.rate), '–');
  // Half a second after Play: the run's average (all its samples over the time since Play).
  now = 1500;
  emit('progress', { epoch: 1000, samples: 225000, loss: 0.3 });
  assert.equal(Math.round(session.status.rate), 450000);
  // Long runs: the rate over the last 1.5 s or more.
  now = 3000;
  emit('progress', { epoch: 2000, samples: 450000, loss: 0.2 });
  now = 4000;
  emit('progress', { epoch: 3000, samples: 675000, loss: 0.2 });
  assert.equal(Math.round(session.status.rate), Math.round(((675000 - 225000) / 2500) * 1000));
  // A new Play counts again from its own start, not from the old replies.
  emit('stopped', { epoch: 3000, reason: 'paused', finished: false });
  session.play();
  now = 4002;
  emit('progress', { epoch: 3010, samples: 677250, loss: 0.2 });
  assert.ok(Number.isNaN(session.status.rate));
});
