// Paced play (a speed in epochs per second): the page asks the worker for one epoch at a time,
// on animation frames. Up to DRAW_EVERY_EPOCH_UP_TO epochs a second it waits until the last
// epoch is drawn (the boundary, the network, the chart) before it asks for the next, so that
// every epoch is seen; a drawing that takes longer than DRAW_WAIT_MS (a hidden view, a slow
// machine) does not hold training up. An epoch that took the worker longer than DRAW_WAIT_MS (a
// big image set's) is followed by the next at once: its views have as long to draw while the
// next one trains (waiting for them, the worker sat idle about 110 ms of each full Fashion-MNIST
// epoch; on two cores the drawing then shares them with the worker, and the epochs took as long).

export const DRAW_EVERY_EPOCH_UP_TO = 20;
const DRAW_WAIT_MS = 400;
// 2 ms early is on time: frames come every ~16.7 ms, and 60 epochs a second is one a frame.
const EARLY_MS = 2;

/**
 * createPacer({ speed, askEpoch, viewsQuiet, now?, frame?, cancelFrame? }) -> { start(), stop(),
 * replied(), get active, get waiting }.
 * speed(): epochs per second; askEpoch(): sends one step; viewsQuiet(): true when the views
 * have drawn the latest update. replied(): the step asked for has come back.
 * @param {{ speed: () => number, askEpoch: () => void, viewsQuiet: () => boolean, now?: () => number,
 *   frame?: (fn: () => void) => number, cancelFrame?: (id: number) => void }} options
 */
export function createPacer({
  speed,
  askEpoch,
  viewsQuiet,
  now = () => performance.now(),
  frame = (fn) => requestAnimationFrame(fn),
  cancelFrame = (id) => cancelAnimationFrame(id),
}) {
  let active = false;
  let waiting = false; // a step is asked for and has not come back
  let due = 0; // when the next epoch is due
  let repliedAt = 0; // when the last step came back
  let askedAt = 0; // when the last step was asked for
  let stepMs = 0; // how long the last step took, from asked to replied
  let pending = 0; // the animation frame asked for

  /** The views show the latest epoch (or have had long enough to). */
  const drawn = () => viewsQuiet() || now() - repliedAt > DRAW_WAIT_MS;

  function schedule() {
    if (active && !pending) pending = frame(tick);
  }

  /** One animation frame: ask for the next epoch when it is due (and the last one is drawn). */
  function tick() {
    pending = 0;
    if (!active) return;
    const perSecond = speed();
    const interval = 1000 / perSecond;
    const t = now();
    if (!waiting && t >= due - EARLY_MS && (perSecond > DRAW_EVERY_EPOCH_UP_TO || stepMs > DRAW_WAIT_MS || drawn())) {
      waiting = true;
      askedAt = t;
      due = Math.max(due + interval, t - interval);
      askEpoch();
    }
    schedule();
  }

  return {
    start() {
      active = true;
      waiting = false;
      stepMs = 0;
      due = now();
      schedule();
    },
    stop() {
      active = false;
      if (pending) cancelFrame(pending);
      pending = 0;
    },
    replied() {
      if (!waiting) return;
      waiting = false;
      repliedAt = now();
      stepMs = repliedAt - askedAt;
    },
    get active() {
      return active;
    },
    get waiting() {
      return waiting;
    },
  };
}
