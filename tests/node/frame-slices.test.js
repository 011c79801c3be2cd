// The page's drawing in short tasks: the frame scheduler's turns in slices of their own after
// the animation frame (nextTask), a view's own redraw in a task after the frame, and the task
// queue they use (ui/tasks.js). A fake clock, fake frames and a fake task queue: each test
// runs the frames and tasks by hand and counts what ran in which.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFrameScheduler } from '../../web/src/app/frames.js';
import { createScheduler } from '../../web/src/views/canvas-util.js';
import { afterFrame, nextTask, taskQueue } from '../../web/src/ui/tasks.js';

/** Fake frames and tasks: frames.run() runs the frame asked for, tasks.run() the oldest task. */
function fakes() {
  const frames = [];
  const tasks = [];
  let ids = 0;
  return {
    frames,
    tasks,
    requestFrame: (f) => {
      ids += 1;
      frames.push({ id: ids, f });
      return ids;
    },
    cancelFrame: (id) => {
      const k = frames.findIndex((e) => e.id === id);
      if (k >= 0) frames.splice(k, 1);
    },
    nextTask: (fn) => {
      const entry = { fn };
      tasks.push(entry);
      return () => {
        entry.fn = null;
      };
    },
    runFrame() {
      frames.shift()?.f();
    },
    runTask() {
      tasks.shift().fn?.();
    },
  };
}

test("with nextTask, a frame's turns run in slices of the budget, each a task of its own, until the frame's spend is used", () => {
  const f = fakes();
  let clock = 1000;
  const scheduler = createFrameScheduler({ ...f, now: () => clock, budgetMs: 4, spendMs: 10 });
  const seen = [];
  // Three tasks of 3 ms each and one of 1 ms.
  const views = ['a', 'b', 'c', 'd'].map((name) =>
    scheduler.task(name, (deadline) => {
      seen.push([name, deadline, f.tasks.length]);
      clock += name === 'd' ? 1 : 3;
    }));
  for (const v of views) v.request();
  assert.equal(scheduler.idle, false);
  assert.equal(f.frames.length, 1);

  // The frame's callback draws nothing itself: it posts the first slice.
  f.runFrame();
  assert.deepEqual(seen, []);
  assert.equal(f.tasks.length, 1);
  assert.equal(scheduler.idle, false, 'a slice waits');

  // Slice 1 (at 1000): a (1000-1003), then b starts at 1003 < 1004 and ends at 1006.
  f.runTask();
  assert.deepEqual(seen.map(([name]) => name), ['a', 'b']);
  assert.deepEqual(seen.map(([, deadline]) => deadline), [1004, 1004]);
  assert.equal(f.tasks.length, 1, 'the next slice is posted: the frame (until 1010) has time left');
  assert.equal(f.frames.length, 0, 'no frame is asked for while a slice waits');

  // Slice 2 (at 1006): c until 1009, d starts at 1009 < 1010 and is the last.
  f.runTask();
  assert.deepEqual(seen.map(([name]) => name), ['a', 'b', 'c', 'd']);
  assert.deepEqual(seen.slice(2).map(([, deadline]) => deadline), [1010, 1010]);
  assert.equal(f.tasks.length, 0);
  assert.equal(scheduler.idle, true);

  // Past the frame's spend, the rest waits for the next frame.
  clock = 2000;
  for (const v of views) v.request();
  f.runFrame();
  f.runTask(); // a, b: 2000-2006
  f.runTask(); // c: 2006-2009, d: 2009-2010
  assert.equal(seen.length, 8);
  clock = 3000;
  const slow = scheduler.task('slow', () => {
    clock += 12;
  });
  const late = scheduler.task('late', () => seen.push(['late']));
  slow.request();
  late.request();
  f.runFrame();
  f.runTask(); // slow spends the frame's 10 ms and more
  assert.equal(f.tasks.length, 0);
  assert.equal(f.frames.length, 1, 'late waits for the next frame');
  assert.equal(seen.length, 8);
  f.runFrame();
  f.runTask();
  assert.deepEqual(seen.at(-1), ['late']);
});

test('a task with more to do takes another turn in a later slice; cancel() drops the waiting slice', () => {
  const f = fakes();
  let clock = 0;
  const scheduler = createFrameScheduler({ ...f, now: () => clock, budgetMs: 4, spendMs: 10 });
  let steps = 0;
  const stepper = scheduler.task('stepper', (deadline) => {
    steps += 1;
    clock = deadline; // each step uses its whole turn
    return steps < 10;
  });
  stepper.request();
  f.runFrame();
  f.runTask(); // 0-4
  f.runTask(); // 4-8
  f.runTask(); // 8-10: the frame's spend is used
  assert.equal(steps, 3);
  assert.equal(f.tasks.length, 0);
  assert.equal(f.frames.length, 1, 'the rest in the next frame');
  assert.equal(stepper.dirty, true);

  f.runFrame();
  assert.equal(f.tasks.length, 1);
  scheduler.cancel();
  assert.equal(scheduler.idle, true);
  f.runTask(); // the cancelled slice does nothing
  assert.equal(steps, 3);
  assert.equal(stepper.dirty, false);
  // A request after the cancel starts afresh.
  stepper.request();
  f.runFrame();
  f.runTask();
  assert.equal(steps, 4);
});

test("a view's own redraw with nextTask runs in a task after the frame; flush() draws at once and drops it", () => {
  const f = fakes();
  const saved = { raf: globalThis.requestAnimationFrame, caf: globalThis.cancelAnimationFrame };
  globalThis.requestAnimationFrame = f.requestFrame;
  globalThis.cancelAnimationFrame = f.cancelFrame;
  try {
    let draws = 0;
    const scheduler = createScheduler(() => {
      draws += 1;
    }, 'test', { nextTask: f.nextTask });
    scheduler.request();
    scheduler.request(); // coalesced
    assert.equal(f.frames.length, 1);
    f.runFrame();
    assert.equal(draws, 0, 'nothing drawn in the frame');
    assert.equal(f.tasks.length, 1);
    scheduler.request(); // already waiting for its task: no second one
    assert.equal(f.frames.length, 0);
    f.runTask();
    assert.equal(draws, 1);

    scheduler.request();
    f.runFrame();
    scheduler.flush();
    assert.equal(draws, 2);
    f.runTask(); // the redraw flush() replaced
    assert.equal(draws, 2);
  } finally {
    globalThis.requestAnimationFrame = saved.raf;
    globalThis.cancelAnimationFrame = saved.caf;
  }
});

test('taskQueue runs functions in tasks of their own, in order, skipping the cancelled; nextTask resolves after the current task', async () => {
  const post = taskQueue();
  const order = [];
  post(() => order.push(1));
  const cancel = post(() => order.push(2));
  post(() => order.push(3));
  cancel();
  order.push('sync');
  await new Promise((resolve) => post(resolve));
  assert.deepEqual(order, ['sync', 1, 3]);

  const seen = [];
  const waiting = nextTask().then(() => seen.push('next'));
  await Promise.resolve();
  seen.push('same task');
  await waiting;
  assert.deepEqual(seen, ['same task', 'next']);
});

test('afterFrame runs its function once, in a task after the next frame, or after waitMs when no frame comes', async () => {
  const f = fakes();
  const saved = globalThis.requestAnimationFrame;
  globalThis.requestAnimationFrame = f.requestFrame;
  try {
    let runs = 0;
    afterFrame(() => {
      runs += 1;
    }, { waitMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(runs, 0, 'nothing before the frame');
    f.runFrame();
    assert.equal(runs, 0, 'not in the frame itself');
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(runs, 1, 'in a task after it');

    // A tab that draws no frames (hidden): after waitMs, and not again when a frame comes at last.
    afterFrame(() => {
      runs += 1;
    }, { waitMs: 30 });
    await new Promise((resolve) => setTimeout(resolve, 15));
    assert.equal(runs, 1);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(runs, 2);
    f.runFrame();
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(runs, 2, 'once only');
  } finally {
    globalThis.requestAnimationFrame = saved;
  }
});
