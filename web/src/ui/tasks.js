// Work on the page's thread in tasks of its own. A task that runs long holds the page (its
// input, its drawing); on a machine whose cores are shared, a task's wall time can be several
// times its work, so the page's work is cut into short tasks: taskQueue() runs a function in a
// task of its own soon (the frame scheduler's slices, a view's redraw after the frame), and
// nextTask() ends the task that awaits it. Pure: no DOM.

/**
 * taskQueue() -> nextTask(fn): runs fn in a task of its own, after the tasks already waiting
 * (a MessageChannel's message: no timer's clamping to 4 ms); returns a function that cancels it.
 * For createFrameScheduler's slices and createScheduler's redraws.
 */
export function taskQueue() {
  let channel = null; // open while tasks wait (an open port would keep node's process alive)
  const waiting = [];
  return (fn) => {
    if (!channel) {
      const open = new MessageChannel();
      open.port1.onmessage = () => {
        try {
          waiting.shift()?.();
        } finally {
          if (!waiting.length && channel === open) {
            open.port1.close();
            channel = null;
          }
        }
      };
      channel = open;
    }
    const entry = () => fn();
    waiting.push(entry);
    channel.port2.postMessage(0);
    return () => {
      const k = waiting.indexOf(entry);
      if (k >= 0) waiting[k] = null;
    };
  };
}

/**
 * nextTask() -> a promise that resolves in a task of its own (a timer of 0 ms): awaited, it ends
 * the task that awaits it, so that one reply's work (a big file's table, say) is several short
 * tasks, with the page's drawing and input between them, rather than one long one.
 */
export function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * afterFrame(fn): runs fn in a task after the page's next frame has been drawn (after an
 * animation frame's task ends), or after waitMs in a tab that draws no frames (hidden). For work
 * that would compete with that frame for the machine's cores: a download into the engine's
 * worker keeps a core busy, and a frame drawn beside it on a 2-core machine takes twice as long.
 */
export function afterFrame(fn, { waitMs = 100 } = {}) {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    fn();
  };
  const timer = setTimeout(go, globalThis.requestAnimationFrame ? waitMs : 0);
  globalThis.requestAnimationFrame?.(() => setTimeout(go, 0));
}
