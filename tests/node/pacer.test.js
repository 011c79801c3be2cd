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
