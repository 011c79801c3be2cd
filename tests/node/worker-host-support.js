// The worker host's test harness (worker-host*.test.js): the host driven without a Worker, a
// fake clock (each reading advances it by 1 ms) and a task list instead of setTimeout, so that
// every run is deterministic.
import { createRunTracker, request } from '../../web/src/engine/protocol.js';
import { createWorkerHost } from '../../web/src/engine/worker-host.js';
import { loadMlpModule } from '../../web/src/engine/load-node.js';

export const modulePromise = loadMlpModule();

export const CONFIG = {
  estimator: 'MLPClassifier',
  params: { hidden_layer_sizes: [6], max_iter: 40, random_state: 0, learning_rate_init: 0.01 },
  precision: 'float64',
};
export const MOONS = { generator: 'make_moons', params: { n_samples: 60, noise: 0.2, random_state: 1 } };
export const GRID = { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2, nx: 12, ny: 10 };

/** A host with a fake clock and a manual task list; `send` handles a request and waits for it. */
export function harness({ frameMs = 12, updateMs = 100, fetch = undefined } = {}) {
  const posted = [];
  const tasks = [];
  const clock = { ms: 0 };
  const host = createWorkerHost({
    createModule: () => modulePromise,
    post: (message, transfer) => posted.push({ ...message, transfer }),
    now: () => (clock.ms += 1),
    defer: (fn) => tasks.push(fn),
    frameMs,
    updateMs,
    ...(fetch ? { fetch } : {}),
    yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
  });
  const tracker = createRunTracker();
  const h = {
    posted,
    tasks,
    clock,
    tracker,
    handle: (message) => host.handle(message),
    send: (type, fields, runId = tracker.runId) => host.handle(request(type, runId, fields)),
    /** Runs deferred ticks until none is left (or `limit` ran); returns how many ran. */
    runTicks(limit = Infinity) {
      let n = 0;
      while (tasks.length && n < limit) {
        tasks.shift()();
        n += 1;
      }
      return n;
    },
    of: (type) => posted.filter((m) => m.type === type),
    last: (type) => h.of(type).at(-1),
    /** The grids the updates carried (each with its update's epoch and transfer list). */
    grids: () => h.of('update').filter((u) => u.grid).map((u) => ({ ...u.grid, epoch: u.epoch, transfer: u.transfer })),
    /** The test rows the updates carried. */
    tests: () => h.of('update').filter((u) => u.test).map((u) => ({ ...u.test, epoch: u.epoch, transfer: u.transfer })),
    dispose: () => host.dispose(),
  };
  return h;
}

/** init + configure + data, each starting a run as a client would. */
export async function ready(h, config = CONFIG) {
  await h.send('init', {}, h.tracker.next());
  await h.send('configure', config, h.tracker.next());
  await h.send('data', { generate: MOONS }, h.tracker.next());
}

/** The run's histories put together from every update (each carries the epochs after historyFrom). */
export function joinedHistory(h, runId) {
  const joined = { lossCurve: [], metrics: [] };
  for (const p of h.of('update').filter((m) => m.runId === runId)) {
    joined.lossCurve.length = Math.min(joined.lossCurve.length, p.historyFrom);
    joined.metrics.length = Math.min(joined.metrics.length, p.historyFrom * 5);
    joined.lossCurve.push(...p.lossCurve);
    joined.metrics.push(...p.metrics);
  }
  return joined;
}
