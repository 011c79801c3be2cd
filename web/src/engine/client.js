// The page's side of the training worker: the only caller of postMessage.
// Creates the Worker, tags every request with the current runId (bumped for
// requests that start a run), drops replies from older runs and hands the
// others to the callbacks registered with on(type, fn).
//
// It also supervises the worker (the rules are in supervisor.js): a worker that fails (an error
// event, an engine that aborts, a file that does not load) or stops answering its pings is
// replaced by a fresh one, which gets the last configuration, data, random_state, grid and test
// requests again and trains back to the epoch the page last drew. The page hears of it
// through three events of its own (not worker replies):
//   lost      { cause, title, text, giveUp, retryInMs }  the worker was lost; a restart follows in
//             retryInMs, or none (giveUp: after MAX_FAILURES in a row; retry() tries again)
//   restored  { runId, epoch, fresh? }                    the fresh worker holds the run again, at epoch
//             (fresh: a new run was asked for meanwhile; it replaces the restored one)
//   (ready)   the first time the engine loads, as before
// A run too large for the engine's memory (memory.js) is not sent: its configure or data
// request is held back and answered by an 'error' reply that names the sizes; Play, Step and
// Reset get the same answer until a setting makes it fit (then the held requests go).
import { RUN_STARTERS, createRunTracker, request } from './protocol.js';
import { dataShape, describeMemory, layerSizes, memoryProblem } from './memory.js';
import {
  PING_MS,
  STUCK_MS,
  classifyFailure,
  createHeartbeat,
  createRestartPolicy,
  failureText,
  restorePlan,
  stuckTimeout,
} from './supervisor.js';

/** Reply types delivered even when they come from an older run. */
const LASTING = ['data', 'model', 'synced'];
/** The requests whose latest copy a fresh worker needs. */
const LOGGED = ['configure', 'data', 'reset', 'grid', 'test', 'import'];
/** Requests refused while a held-back run would not fit the engine's memory. */
const NEEDS_RUN = ['play', 'step', 'reset'];

/**
 * options.createWorker(): a Worker (default: the bundled worker.js).
 * options.moduleUrl: absolute URL of the Emscripten factory mlp.js.
 * options.supervise: { stuckMs, pingMs, backoffMs, maxFailures, faults } (tests shorten the
 * timings; faults: true lets fault(kind) reach the worker, see worker.js).
 * options.now, setTimer, clearTimer, online(): the clock, timers and navigator.onLine.
 * options.holdEvents: the events wait, in order, until releaseEvents() (a page built over several
 * tasks starts the worker first and listens once every part that listens exists).
 * @param {{ createWorker?: () => Worker, moduleUrl?: string, holdEvents?: boolean,
 *   supervise?: { stuckMs?: number, pingMs?: number, backoffMs?: number[], maxFailures?: number, faults?: boolean },
 *   now?: () => number, setTimer?: (fn: () => void, ms: number) => any, clearTimer?: (id: any) => void,
 *   online?: () => boolean }} [options]
 */
export function createEngineClient({
  createWorker,
  moduleUrl,
  supervise = {},
  now = () => performance.now(),
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (id) => clearTimeout(id),
  online = () => globalThis.navigator?.onLine !== false,
  holdEvents = false,
} = {}) {
  const tracker = createRunTracker();
  const handlers = new Map();
  const log = {}; // the latest request of each LOGGED type, as sent
  const held = {}; // configure / data held back: the run would not fit the engine's memory
  const heldMoves = {}; // their transfer lists and kept fields (send's options)
  const baseStuck = supervise.stuckMs ?? STUCK_MS;
  const heartbeat = createHeartbeat({ now, timeoutMs: baseStuck });
  const policy = createRestartPolicy({ now, ...(supervise.maxFailures ? { maxFailures: supervise.maxFailures } : {}),
    ...(supervise.backoffMs ? { backoffMs: supervise.backoffMs } : {}) });
  let worker = null;
  let generation = 0; // bumped for every worker: events of a replaced worker are ignored
  let workerReady = false; // this worker's engine has loaded
  let everReady = false; // the page has had a ready (its session is set up)
  let drawnEpoch = 0; // the epoch of the last update of the current run
  let restoring = null; // { epoch }: a fresh worker is being given the run back
  let restartTimer = 0;
  let pingTimer = 0;
  let gaveUp = false;
  let lastLoss = null; // the last lost event
  const pendingTraces = []; // the trace() promises' { resolve, reject }, in the order asked (the worker answers in order)

  let waiting = holdEvents ? [] : null; // the events held until releaseEvents()
  const emit = (type, message) => {
    if (waiting) {
      waiting.push([type, message]);
      return;
    }
    for (const fn of handlers.get(type) ?? []) fn(message);
    for (const fn of handlers.get('*') ?? []) fn(message);
  };

  const post = (type, fields = {}, runId = tracker.runId, transfer = []) => {
    try {
      worker?.postMessage(request(type, runId, fields), transfer);
      return true;
    } catch (e) {
      lose('start', `the ${type} request could not be sent: ${e?.message ?? e}`);
      return false;
    }
  };

  /** The run the page asked for, and the memory words for it. */
  const wantedShape = () => dataShape(held.data ?? log.data);
  const wantedConfigure = () => held.configure ?? log.configure;

  function adaptTimeout() {
    const shape = dataShape(log.data);
    if (!shape || !log.configure) return heartbeat.setTimeout(baseStuck);
    const units = layerSizes(log.configure, shape);
    let weights = 0;
    for (let l = 0; l + 1 < units.length; l += 1) weights += units[l] * units[l + 1];
    return heartbeat.setTimeout(stuckTimeout({ rows: shape.rows + shape.testRows, weights }, baseStuck));
  }

  function start() {
    generation += 1;
    const gen = generation;
    workerReady = false;
    try {
      worker = createWorker
        ? createWorker()
        : new Worker(new URL('./worker.js', import.meta.url), { name: 'mlp-engine' });
    } catch (e) {
      worker = null;
      // After this task: on the first start, the page subscribes to the client's events just after creating it.
      queueMicrotask(() => lose('start', `the training worker could not start: ${e?.message ?? e}`));
      return false;
    }
    worker.onmessage = (event) => {
      if (gen !== generation) return;
      heartbeat.heard();
      onReply(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (gen === generation) lose('error-event', event.message || '');
    };
    worker.onmessageerror = () => {
      if (gen === generation) lose('messageerror', 'a message from the training worker could not be read');
    };
    heartbeat.heard();
    startPings();
    const runId = tracker.next();
    post('init', { moduleUrl, ...(supervise.faults ? { faults: true } : {}) }, runId);
    return true;
  }

  function startPings() {
    clearTimer(pingTimer);
    const every = supervise.pingMs ?? PING_MS;
    const ping = () => {
      pingTimer = setTimer(ping, every);
      if (!worker) return;
      if (heartbeat.overdue()) {
        lose('timeout', '', { silentMs: heartbeat.silentFor() });
        return;
      }
      heartbeat.sent();
      post('ping');
    };
    pingTimer = setTimer(ping, every);
  }

  /** Rejects the traces still waiting: their worker is gone. */
  function dropTraces(why) {
    for (const { reject } of pendingTraces.splice(0)) reject(new Error(why));
  }

  /** A trace reply, or the error of one, for the oldest waiting trace(); false when none waits. */
  function settleTrace(reply) {
    const isTrace = reply?.type === 'trace' || (reply?.type === 'error' && reply.request === 'trace');
    if (!isTrace || pendingTraces.length === 0) return false;
    const { resolve, reject } = pendingTraces.shift();
    if (reply.type === 'trace') resolve(reply);
    else reject(Object.assign(new Error(reply.message), { reply }));
    return true;
  }

  function stopWorker() {
    dropTraces('the training worker stopped before it answered the trace');
    generation += 1;
    clearTimer(pingTimer);
    pingTimer = 0;
    try {
      worker?.terminate();
    } catch {
      // already gone
    }
    worker = null;
    workerReady = false;
  }

  /** The worker is lost: say so, and restart it after the policy's wait (or stop trying). */
  function lose(source, message, { request: req = '', silentMs = 0 } = {}) {
    if (!worker && (restartTimer || gaveUp)) return; // already being handled
    const { cause } = classifyFailure({ source, request: req, message, ready: workerReady });
    stopWorker();
    restoring = null;
    const decision = policy.failed();
    const memory = cause === 'memory' ? describeMemory(wantedConfigure(), wantedShape()) : '';
    const words = failureText(cause, { detail: message, memory: memory ? `${memory}.` : '', online: online(), silentMs });
    gaveUp = Boolean(decision.giveUp);
    lastLoss = { type: 'lost', runId: tracker.runId, cause, ...words, giveUp: gaveUp, retryInMs: decision.delayMs ?? null,
      attempt: decision.attempt ?? decision.failures, restoring: everReady };
    emit('lost', lastLoss);
    if (!gaveUp) restartTimer = setTimer(restart, decision.delayMs);
  }

  /** A fresh worker, given what the old one held. */
  function restart() {
    restartTimer = 0;
    if (!start()) return;
    if (!everReady) return; // the first load: its ready goes to the page as usual
    const plan = restorePlan(log, drawnEpoch);
    restoring = { epoch: plan.some(([type]) => type === 'play') ? drawnEpoch : 0 };
    for (const [type, fields] of plan) post(type, fields, RUN_STARTERS.includes(type) ? tracker.next() : tracker.runId);
    // Without training to replay, an export marks the end of the plan (the worker answers in order).
    if (!restoring.epoch) post('export');
  }

  function finishRestore() {
    const { epoch } = restoring;
    restoring = null;
    policy.restarted();
    lastLoss = null;
    emit('restored', { type: 'restored', runId: tracker.runId, epoch });
    // The views get the restored weights (the replay's updates were not passed on).
    if (log.grid) post('grid', log.grid);
    else if (log.test?.enabled) post('test', log.test);
  }

  function onReply(reply) {
    if (reply?.type === 'pong') return;
    if (reply?.type === 'ready') workerReady = true;
    if (reply?.type === 'error') {
      const failure = classifyFailure({ source: 'reply', request: reply.request, message: reply.message, ready: workerReady });
      if (failure.restart) {
        lose('reply', reply.message, { request: reply.request });
        return;
      }
      if (failure.cause === 'memory') {
        const words = describeMemory(log.configure, dataShape(log.data));
        if (words) reply = { ...reply, parameter: 'memory', message: `${reply.message}: ${words}` };
      }
    }
    // A trace answers its caller, whatever the run (the page compares runIds if it cares).
    if (settleTrace(reply)) return;
    if (restoring) {
      // The replay's replies are not the page's: it has seen these epochs already.
      const done = restoring.epoch ? reply?.type === 'stopped' : reply?.type === 'model' || reply?.request === 'export';
      if (done && tracker.accept(reply)) finishRestore();
      else if (reply?.type === 'error' && reply.request !== 'export' && tracker.accept(reply)) emit('error', reply);
      return;
    }
    // From an older run: dropped, except the replies that outlive a run (the worker's
    // data stay across configure and reset; an export answers whoever asked).
    if (!tracker.accept(reply) && !(LASTING.includes(reply?.type) && Number.isSafeInteger(reply.runId))) return;
    if (reply.type === 'ready') everReady = true;
    if (reply.type === 'update') drawnEpoch = reply.epoch;
    emit(reply.type, reply);
  }

  function record(type, fields) {
    if (!LOGGED.includes(type)) return;
    if (type === 'configure') {
      delete log.reset; // a configuration sets its own random_state
      delete log.import;
    }
    if (type === 'reset' && fields.random_state == null) return; // the same initial weights again
    if (type === 'test' && fields.enabled) delete log.grid; // the worker drops its grid
    log[type] = fields;
    if (type === 'configure' || type === 'data') adaptTimeout();
  }

  /** The memory refusal of the run asked for, as an error reply to `type`, or null when it fits. */
  function memoryRefusal(type) {
    const problem = memoryProblem(wantedConfigure(), wantedShape());
    return problem ? { type: 'error', runId: tracker.runId, request: type, ...problem } : null;
  }

  function forward(type, fields, { transfer = [], keep = fields } = {}) {
    const runId = RUN_STARTERS.includes(type) ? tracker.next() : tracker.runId;
    record(type, keep);
    if (RUN_STARTERS.includes(type)) drawnEpoch = 0;
    if (restoring && RUN_STARTERS.includes(type)) {
      // A new run asked for while the old one is restored: the restore is moot (and its replay stops).
      restoring = null;
      post('pause');
      emit('restored', { type: 'restored', runId, epoch: 0, fresh: true });
    }
    if (worker) post(type, fields, runId, transfer);
    return runId;
  }

  /**
   * Sends a request; returns its runId. A configure or data request is held back while the run it
   * makes would not fit the engine's memory; once one fits, the held ones go, configuration first.
   * Arrays are copied (a structured clone: a 40 MB table blocks the page for a few hundred ms),
   * unless transfer lists their buffers: then they are moved, and keep must be the same request
   * with arrays of the caller's own that it leaves unchanged: what a fresh worker is given again
   * (restorePlan) and what the memory check measures.
   */
  function send(type, fields = {}, { transfer = [], keep = fields } = {}) {
    if (type === 'configure' || type === 'data') {
      held[type] = keep;
      heldMoves[type] = { fields, transfer, keep };
      const refusal = memoryRefusal(type);
      if (refusal) {
        emit('error', refusal);
        return tracker.runId;
      }
      let runId = tracker.runId;
      for (const t of ['configure', 'data']) {
        if (!held[t]) continue;
        const { fields: f, ...move } = heldMoves[t];
        const r = forward(t, f, move);
        delete held[t];
        delete heldMoves[t];
        if (t === type) runId = r;
      }
      if (gaveUp) retry(); // new settings: worth another try
      return runId;
    }
    const refusal = NEEDS_RUN.includes(type) && (held.configure || held.data) ? memoryRefusal(type) : null;
    if (refusal) {
      emit('error', refusal);
      return tracker.runId;
    }
    return forward(type, fields, { transfer, keep });
  }

  /** After giving up: clears the failure count and starts a fresh worker now. */
  function retry() {
    if (worker && !gaveUp) return;
    clearTimer(restartTimer);
    restartTimer = 0;
    gaveUp = false;
    policy.reset();
    restart();
  }

  // A file that did not load because the network was down: try again as soon as it is back.
  globalThis.addEventListener?.('online', () => {
    if (lastLoss?.cause === 'load' && (gaveUp || restartTimer)) retry();
  });

  start();

  return {
    send,
    /** on(type, fn): fn(reply) for every accepted reply of that type ('*': all). Returns an unsubscribe function. */
    on(type, fn) {
      if (!handlers.has(type)) handlers.set(type, new Set());
      handlers.get(type).add(fn);
      return () => handlers.get(type).delete(fn);
    },
    get runId() {
      return tracker.runId;
    },
    retry,
    /** Delivers the events held since the start (holdEvents), in order, and the later ones as they come. */
    releaseEvents() {
      const events = waiting ?? [];
      waiting = null;
      for (const [type, message] of events) emit(type, message);
    },
    /**
     * Follows one input through the current model (protocol.js, trace): resolves with the trace
     * reply; rejects with an Error when the engine refuses it (error.reply: the error reply
     * { request: 'trace', parameter, value, message }; it is not emitted as an 'error' event) or
     * when the worker is lost before it answers. Answered between training chunks while playing.
     * @param {ArrayLike<number>} point one row of the data's columns (x, y for the plane)
     * @param {number | number[]} [target] a class code, a 0/1 per output (multilabel) or a regressor's values
     * @returns {Promise<any>}
     */
    trace(point, target) {
      return new Promise((resolve, reject) => {
        if (!worker) {
          reject(new Error('the training worker is not running'));
          return;
        }
        pendingTraces.push({ resolve, reject });
        forward('trace', { point: Array.from(point), ...(target === undefined ? {} : { target }) });
      });
    },
    /** The current Worker (for tests: terminating it is one way to lose it). */
    get worker() {
      return worker;
    },
    /** The last loss not recovered from yet ({ cause, title, text, giveUp }), or null. */
    get lost() {
      return lastLoss;
    },
    /** Tests only (supervise.faults): asks the worker to fail in one of worker.js's ways. */
    fault(kind) {
      if (supervise.faults) worker?.postMessage({ type: 'fault', kind });
    },
    terminate() {
      clearTimer(restartTimer);
      stopWorker();
    },
  };
}
