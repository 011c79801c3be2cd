// One heavy drawing per animation frame. The views (data plane, network, loss chart) each
// take a few milliseconds to draw; when a training update makes all three dirty at once,
// drawing them in the same frame makes one long task. The frame scheduler runs at most one
// of them per frame, in the order they became dirty (so they take turns), and a task that is
// requested again before it ran still runs once: the task itself reads the latest state, so
// updates that come in between are coalesced. A task may also do its work in steps, one per
// turn: run(deadline) returns true when it has more to do, and goes to the back of the queue.
// The deadline (performance.now() ms, FRAME_BUDGET_MS after the turn began) is when a step
// that can stop part-way should stop.

/**
 * createFrameScheduler({ requestFrame, cancelFrame }) -> { task(name, run), cancel() }
 * task(name, run) -> { request(), cancel(), get dirty }: request() marks the task dirty; a
 * dirty task's run(deadline) is called in a later animation frame, one task per frame. When
 * run() returns true the task stays dirty and runs again after the others waiting.
 */
export const FRAME_BUDGET_MS = 4;

export function createFrameScheduler({
  requestFrame = globalThis.requestAnimationFrame?.bind(globalThis) ?? ((f) => setTimeout(f, 16)),
  cancelFrame = globalThis.cancelAnimationFrame?.bind(globalThis) ?? clearTimeout,
  now = () => performance.now(),
  budgetMs = FRAME_BUDGET_MS,
} = {}) {
  const queue = []; // dirty tasks, oldest first
  let frame = 0;

  function onFrame() {
    frame = 0;
    const task = queue.shift();
    if (!task) return;
    task.dirty = false;
    let more = false;
    try {
      more = task.run(now() + budgetMs) === true;
    } catch (e) {
      // One view's failure must not stop the others from drawing.
      console.error(`drawing ${task.name} failed`, e);
    }
    if (more && !task.dirty) {
      task.dirty = true;
      queue.push(task);
    }
    schedule();
  }

  function schedule() {
    if (!frame && queue.length) frame = requestFrame(onFrame);
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
          queue.splice(queue.indexOf(task), 1);
        },
        get dirty() {
          return task.dirty;
        },
      };
    },
    cancel() {
      for (const task of queue) task.dirty = false;
      queue.length = 0;
      if (frame) cancelFrame(frame);
      frame = 0;
    },
  };
}
