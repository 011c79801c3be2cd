// Paced play (web/src/app/pacer.js) with a fake clock and fake animation frames: one epoch
// asked for at a time, at the speed set, each drawn before the next up to 20 a second.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DRAW_EVERY_EPOCH_UP_TO, createPacer } from '../../web/src/app/pacer.js';

/** A pacer whose frames come every 16.7 ms; the worker answers a step after `replyMs`, the views draw in `drawMs`. */
function harness({ speed, replyMs = 5, drawMs = 0 }) {
  const clock = { ms: 0 };
  const frames = new Map();
  let nextId = 1;
  const asked = [];
  let quietAt = 0;
  const pacer = createPacer({
    speed: () => speed,
    askEpoch: () => asked.push(clock.ms),
    viewsQuiet: () => clock.ms >= quietAt,
    now: () => clock.ms,
    frame: (fn) => {
      frames.set(nextId, fn);
      return nextId++;
    },
    cancelFrame: (id) => frames.delete(id),
  });
  /** Runs `ms` of frames; a step asked for replies replyMs later, and its drawing ends drawMs after that. */
  function run(ms) {
    const end = clock.ms + ms;
    let replyAt = Infinity;
    while (clock.ms < end) {
      clock.ms += 1000 / 60;
      if (clock.ms >= replyAt) {
        pacer.replied();
        quietAt = clock.ms + drawMs;
        replyAt = Infinity;
      }
      const before = asked.length;
      const due = [...frames.entries()];
      frames.clear();
      for (const [, fn] of due) fn();
      if (asked.length > before) replyAt = clock.ms + replyMs;
    }
  }
  return { pacer, asked, run, frames };
}

test('at 10 epochs a second, 10 steps are asked for in a second, one at a time', () => {
  const h = harness({ speed: 10 });
  h.pacer.start();
  h.run(1000);
  assert.ok(h.asked.length >= 10 && h.asked.length <= 11, `${h.asked.length} steps`);
  // Epoch k is due 100 k ms after Play (a frame up to 2 ms early is on time).
  assert.ok(h.asked.every((t, k) => t >= 100 * k - 2), `asked at ${h.asked.map((t) => t.toFixed(0))}`);
});

test('up to 20 a second each epoch waits for its drawing; slower drawing slows training down', () => {
  assert.equal(DRAW_EVERY_EPOCH_UP_TO, 20);
  const h = harness({ speed: 20, drawMs: 150 });
  h.pacer.start();
  h.run(2000);
  assert.ok(h.asked.length <= 2000 / 150 + 1, `${h.asked.length} steps in 2 s with 150 ms drawings`);
  assert.ok(h.asked.length >= 8, `${h.asked.length}`);
});

test('a drawing that never ends holds training up for 400 ms at most', () => {
  const h = harness({ speed: 20, drawMs: 1e9 });
  h.pacer.start();
  h.run(2100);
  assert.ok(h.asked.length >= 4 && h.asked.length <= 6, `${h.asked.length} steps in 2.1 s`);
});

test('faster than 20 a second nothing waits for the views', () => {
  const h = harness({ speed: 60, drawMs: 1e9 });
  h.pacer.start();
  h.run(1000);
  assert.ok(h.asked.length >= 50, `${h.asked.length} steps`);
});

test('stop cancels the frame; no step is asked for after it', () => {
  const h = harness({ speed: 10 });
  h.pacer.start();
  h.run(300);
  h.pacer.stop();
  const n = h.asked.length;
  assert.equal(h.frames.size, 0);
  h.run(1000);
  assert.equal(h.asked.length, n);
  assert.equal(h.pacer.active, false);
});

test('an epoch that took the worker over 400 ms is followed by the next at once, without waiting for its drawing', () => {
  const slow = harness({ speed: 20, replyMs: 500, drawMs: 150 });
  slow.pacer.start();
  slow.run(3000);
  const gaps = slow.asked.slice(1).map((t, k) => t - slow.asked[k]);
  // The reply comes on the first frame 500 ms after the ask; the next ask is on that frame or the next.
  assert.ok(gaps.length >= 4 && gaps.every((g) => g <= 500 + 3 * (1000 / 60)), `gaps ${gaps.map((g) => g.toFixed(0))}`);
  // Quick epochs still wait for their drawing.
  const quick = harness({ speed: 20, replyMs: 100, drawMs: 150 });
  quick.pacer.start();
  quick.run(3000);
  const waited = quick.asked.slice(1).map((t, k) => t - quick.asked[k]);
  assert.ok(waited.every((g) => g >= 100 + 150), `gaps ${waited.map((g) => g.toFixed(0))}`);
});
