// The training worker's supervision, as pure pieces the client (client.js) drives: what a
// failure is (classifyFailure), how it is said (failureText), when the worker counts as stuck
// (createHeartbeat, stuckTimeout), when to restart and when to stop trying (createRestartPolicy),
// and what to send a fresh worker so that it holds what the old one held (restorePlan).
// No timers and no Worker here: the clock comes in as an argument, so node tests drive it.

/** The page pings the worker this often; the worker answers between its training chunks. */
export const PING_MS = 1000;
/**
 * A worker silent this long is stuck (or gone). While it trains it answers between chunks of
 * about 12 ms (worker-host.js frameMs), so only one long call into the engine keeps it silent:
 * stuckTimeout lengthens the wait for runs whose single calls may take longer.
 */
export const STUCK_MS = 15_000;
/** Restarts in a row (each failing within STABLE_MS of the last) before the page stops trying. */
export const MAX_FAILURES = 3;
/** A restored worker that has run this long without failing has recovered: the count starts again. */
export const STABLE_MS = 30_000;
/** The wait before restart k (0-based): 0.5 s, then 2 s, then 8 s. */
export const BACKOFF_MS = [500, 2000, 8000];

/** Engine messages that mean the module is unusable (after an Emscripten abort every later call throws). */
const ABORTED = /Aborted\(|RuntimeError|unreachable|memory access out of bounds|table index is out of bounds|null function/i;
/** Messages of memory exhaustion, from the engine (a status error) or from the JavaScript side of the worker. */
const MEMORY = /out of memory|Cannot enlarge memory|Array buffer allocation failed|Maximum memory size|\(OOM\)|allocation failed/i;
/** Messages of a file that did not arrive (mlp.js or mlp.wasm). */
const NETWORK = /NetworkError|Failed to fetch|failed to load|both async and sync fetching|could not be loaded|importScripts|404|network/i;

/**
 * What a failure is. source: 'error-event' (worker.onerror), 'messageerror', 'reply' (an error
 * reply: { request, message }), 'timeout' (no answer to pings), 'start' (new Worker threw).
 * ready: the engine had loaded in this worker. Returns { cause, restart } with cause one of
 * 'load' (the engine files did not load), 'crashed' (an exception escaped the worker),
 * 'aborted' (the engine aborted: every later call would fail), 'memory' (memory exhausted),
 * 'stuck' (no answer), or null for an ordinary error reply (a refused setting: no restart).
 */
export function classifyFailure({ source, request = '', message = '', ready = true }) {
  const text = String(message ?? '');
  if (source === 'timeout') return { cause: 'stuck', restart: true };
  if (source === 'start') return { cause: 'load', restart: true };
  if (source === 'error-event' || source === 'messageerror') {
    if (MEMORY.test(text)) return { cause: 'memory', restart: true };
    // A worker script that does not load fires an error event with no message.
    if (!ready && (!text || NETWORK.test(text))) return { cause: 'load', restart: true };
    return { cause: 'crashed', restart: true };
  }
  if (request === 'init' || (!ready && request === 'worker')) return { cause: 'load', restart: true };
  if (MEMORY.test(text) && ABORTED.test(text)) return { cause: 'memory', restart: true };
  if (ABORTED.test(text)) return { cause: 'aborted', restart: true };
  // The engine refused an allocation and said so (a status error): the module still works.
  if (MEMORY.test(text)) return { cause: 'memory', restart: false };
  return { cause: null, restart: false };
}

/** True when the message looks like a file that did not arrive (as opposed to a file that is broken). */
export const isNetworkProblem = (message, online = true) => !online || NETWORK.test(String(message ?? ''));

/**
 * What happened, in words, for the page: { title, text }. detail: the worker's message;
 * memory: the size that caused an exhaustion (memory.js describeMemory), if known;
 * online: navigator.onLine.
 */
export function failureText(cause, { detail = '', memory = '', online = true, silentMs = 0 } = {}) {
  const said = detail ? ` (${detail})` : '';
  switch (cause) {
    case 'load':
      return isNetworkProblem(detail, online)
        ? { title: 'The training engine could not load: a network problem',
          text: `The engine's files (mlp.js, mlp.wasm) did not arrive${said}.${online ? '' : ' The page tries again when the network is back.'}` }
        : { title: 'The training engine could not load', text: `It failed while starting${said}.` };
    case 'memory':
      return { title: 'The training engine ran out of memory',
        text: `${memory || 'The data or the network is too large for the engine\'s memory (2 GB at most).'}${said}` };
    case 'aborted':
      return { title: 'The training engine aborted', text: `The engine stopped with an internal error${said}; it cannot go on.` };
    case 'stuck':
      return { title: 'The training engine stopped answering',
        text: `It gave no answer for ${Math.round(silentMs / 1000)} s: it was stuck or had been stopped.` };
    default:
      return { title: 'The training engine crashed', text: `An error escaped the training worker${said}.` };
  }
}

/**
 * The heartbeat: sent() when a ping goes out, heard() on every message from the worker,
 * busy(ms) when a request may legitimately keep the worker silent for up to ms (a big data
 * load, one epoch of a large net). silentFor() is how long it has been silent while pings were
 * waiting; overdue() whether that exceeds the timeout.
 */
export function createHeartbeat({ now, timeoutMs = STUCK_MS }) {
  let lastHeard = now();
  let waitingSince = null; // the first ping not answered yet
  let allowance = 0; // extra silence allowed for the current request
  let limit = timeoutMs;
  return {
    sent() {
      if (waitingSince === null) waitingSince = now();
    },
    heard() {
      lastHeard = now();
      waitingSince = null;
      allowance = 0;
    },
    busy(ms) {
      allowance = Math.max(allowance, ms);
    },
    setTimeout(ms) {
      limit = ms;
    },
    silentFor: () => (waitingSince === null ? 0 : now() - Math.max(lastHeard, waitingSince)),
    overdue() {
      return waitingSince !== null && now() - Math.max(lastHeard, waitingSince) > limit + allowance;
    },
    get timeoutMs() {
      return limit + allowance;
    },
  };
}

/**
 * How long a worker may be silent for one call on this much work: one epoch costs about
 * 6 x rows x weights flops (forward, backward, update) plus the scores on every row (2 x rows x
 * weights); counted at 0.05 GFLOP/s, times 4, and never under STUCK_MS. Why so slow a rate:
 * on a machine shared by many processes (load average 19 on 2 cores) the engine's first lbfgs
 * step on 75,000 x 10 rows with (512) took 28 s in node (4.5 GFLOP by this count: 0.16 GFLOP/s),
 * and a timeout that kills a legitimate call would kill it again after every restart.
 */
export function stuckTimeout({ rows = 0, weights = 0 } = {}, base = STUCK_MS) {
  const flops = 8 * rows * weights;
  return Math.max(base, Math.ceil((4 * flops) / 0.05e9) * 1000);
}

/**
 * When to restart: failed() returns { delayMs } for the next restart, or { giveUp: true } after
 * maxFailures failures in a row; a failure more than stableMs after the last restart counts
 * as the first again. reset() (the user's "Try again") clears the count.
 */
export function createRestartPolicy({ now, maxFailures = MAX_FAILURES, backoffMs = BACKOFF_MS, stableMs = STABLE_MS }) {
  let failures = 0;
  let lastRestart = -Infinity;
  return {
    failed() {
      if (now() - lastRestart > stableMs) failures = 0;
      failures += 1;
      if (failures > maxFailures) return { giveUp: true, failures: failures - 1 };
      lastRestart = now();
      return { delayMs: backoffMs[Math.min(failures - 1, backoffMs.length - 1)], attempt: failures };
    },
    restarted() {
      lastRestart = now();
    },
    reset() {
      failures = 0;
      lastRestart = -Infinity;
    },
    get failures() {
      return failures;
    },
  };
}

/**
 * The requests that give a fresh worker what the old one held, in order: the configuration, the
 * data, a random_state given by Reset, the grid and the test set's evaluation, then training back to
 * the epoch the page had seen (the engine is deterministic: the same configuration, data and
 * random_state give the same weights epoch by epoch). log: the last request of each kind the page sent
 * ({ configure, data, reset, grid, test, import }); epoch: the last epoch the page saw.
 * Returns [[type, fields], ...] (without init).
 */
export function restorePlan(log, epoch) {
  const plan = [];
  if (log.import && !log.configure) plan.push(['import', log.import]);
  else {
    if (log.configure) plan.push(['configure', log.configure]);
    if (log.data) plan.push(['data', log.data]);
    if (log.reset?.random_state != null) plan.push(['reset', log.reset]);
    if (log.import) plan.push(['import', log.import]);
  }
  // The client forgets a grid when a later test request (which drops it) enables the test set.
  if (log.test) plan.push(['test', log.test]);
  if (log.grid) plan.push(['grid', log.grid]);
  const trained = !log.import && epoch > 0 && log.configure && log.data;
  if (trained) plan.push(['play', { until: epoch }]);
  return plan;
}
