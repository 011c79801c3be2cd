// Drawing in turns within a frame budget. The views (data plane, network, loss chart) each
// take a few milliseconds to draw; when a training update makes all of them dirty at once,
// drawing them all in one go makes one long task. The frame scheduler gives them turns, in the
// order they became dirty, while the frame's budget (FRAME_SPEND_MS) lasts: cheap turns share
// a frame, so that an epoch can be drawn in full every few frames; a task that is
// requested again before it ran still runs once: the task itself reads the latest state, so
// updates that come in between are coalesced. A task may also do its work in steps, one per
// turn: run(deadline) returns true when it has more to do, and goes to the back of the queue.
// The deadline (performance.now() ms, FRAME_BUDGET_MS after the turn began) is when a step
// that can stop part-way should stop.
//
// With nextTask (the page's: taskQueue() of ui/tasks.js, a MessageChannel), a frame's turns run in slices of
// FRAME_BUDGET_MS, each slice a task of its own after the animation frame: the frame's task
// keeps only the browser's style, layout and paint, and no task holds all of a frame's
// drawing. On a machine whose cores are shared (the page's thread waits for them), a task's
// wall time can be several times its work: small tasks are what keeps every task short.
// Without nextTask, all of a frame's turns run in the animation frame's callback.

/**
 * createFrameScheduler({ requestFrame, cancelFrame, now, budgetMs, spendMs, nextTask }) -> { task(name, run), idle, cancel() }
 * task(name, run) -> { request(), cancel(), get dirty }: request() marks the task dirty; a
 * dirty task's run(deadline) is called in a later animation frame (or a slice after it, with
 * nextTask). When run() returns true the task stays dirty and runs again after the others
 * waiting. nextTask(fn) runs fn in a task of its own soon and returns a function that cancels it.
 */
export const FRAME_BUDGET_MS = 4;
/** Turns start in a frame until this much of it is spent (a frame is ~16.7 ms; the rest is the browser's). */
export const FRAME_SPEND_MS = 10;
/** A task's turns in one frame at most (a task that reports more work without spending time cannot spin). */
export const TURNS_PER_FRAME = 4;

export function createFrameScheduler({
  requestFrame = globalThis.requestAnimationFrame?.bind(globalThis) ?? ((f) => setTimeout(f, 16)),
  cancelFrame = globalThis.cancelAnimationFrame?.bind(globalThis) ?? clearTimeout,
  now = () => performance.now(),
  budgetMs = FRAME_BUDGET_MS,
  spendMs = FRAME_SPEND_MS,
  nextTask = null,
} = {}) {
  const queue = []; // dirty tasks, oldest first
  let frame = 0;
  let cancelSlice = null; // a slice of the current frame waits for its task
  // The current frame: when its turns stop starting, each task's turns, the tasks for the next frame.
  let current = null;

  function onFrame() {
    frame = 0;
    current = { end: now() + spendMs, turns: new Map(), later: [] };
    if (nextTask) cancelSlice = nextTask(slice);
    else slice();
  }

  /** Turns until the slice's end (the frame's, without nextTask); then the next slice or frame. */
  function slice() {
    cancelSlice = null;
    const { end: frameEnd, turns, later } = current;
    const start = now();
    const end = nextTask ? Math.min(start + budgetMs, frameEnd) : frameEnd;
    // A task with more to do goes to the back of the queue, for another turn in this frame if
    // the budget allows (at most TURNS_PER_FRAME), else in the next.
    let t = start;
    while (queue.length && (t === start || t < end)) {
      const task = queue.shift();
      task.dirty = false;
      turns.set(task, (turns.get(task) ?? 0) + 1);
      let more = false;
      try {
        more = task.run(Math.min(t + budgetMs, end)) === true;
      } catch (e) {
        // One view's failure must not stop the others from drawing.
        console.error(`drawing ${task.name} failed`, e);
      }
      if (more && !task.dirty) {
        task.dirty = true;
        (turns.get(task) < TURNS_PER_FRAME ? queue : later).push(task);
      }
      t = now();
    }
    if (nextTask && queue.length && t < frameEnd) {
      cancelSlice = nextTask(slice);
      return;
    }
    queue.push(...later);
    current = null;
    schedule();
  }

  function schedule() {
    if (!frame && !current && queue.length) frame = requestFrame(onFrame);
  }

  return {
    task(name, run) {
      const task = { name, run, dirty: false };
      return {
        request() {
          if (!task.dirty) {
            task.dirty = true;
            queue.push(task);
          }
          schedule();
        },
        cancel() {
          if (!task.dirty) return;
          task.dirty = false;
          for (const list of [queue, current?.later ?? []]) {
            const k = list.indexOf(task);
            if (k >= 0) list.splice(k, 1);
          }
        },
        get dirty() {
          return task.dirty;
        },
      };
    },
    /** No task is waiting for its turn. */
    get idle() {
      return !queue.length && !frame && !current;
    },
    cancel() {
      for (const task of queue) task.dirty = false;
      queue.length = 0;
      if (frame) cancelFrame(frame);
      frame = 0;
      cancelSlice?.();
      cancelSlice = null;
      for (const task of current?.later ?? []) task.dirty = false;
      current = null;
    },
  };
}
