// The page's side of the training worker: the only caller of postMessage.
// Creates the Worker, tags every request with the current runId (bumped for
// requests that start a run), drops replies from older runs and hands the
// others to the callbacks registered with on(type, fn). Worker failures (the
// script or the engine cannot load) come out as 'error' replies too.
import { RUN_STARTERS, createRunTracker, request } from './protocol.js';

/** Reply types delivered even when they come from an older run. */
const LASTING = ['data', 'model'];

/**
 * options.createWorker(): a Worker (default: the bundled worker.js).
 * options.moduleUrl: absolute URL of the Emscripten factory mlp.js.
 */
export function createEngineClient({ createWorker, moduleUrl } = {}) {
  const tracker = createRunTracker();
  const handlers = new Map();
  let worker = null;

  const emit = (type, message) => {
    for (const fn of handlers.get(type) ?? []) fn(message);
    for (const fn of handlers.get('*') ?? []) fn(message);
  };

  const workerFailed = (message) =>
    emit('error', { type: 'error', runId: tracker.runId, request: 'worker', parameter: 'worker', value: '', message });

  function start() {
    try {
      worker = createWorker
        ? createWorker()
        : new Worker(new URL('./worker.js', import.meta.url), { name: 'mlp-engine' });
    } catch (e) {
      workerFailed(`the training worker could not start: ${e?.message ?? e}`);
      return;
    }
    worker.onmessage = (event) => {
      const reply = event.data;
      // From an older run: dropped, except the replies that outlive a run (the worker's
      // data stay across configure and reset; an export answers whoever asked).
      if (!tracker.accept(reply) && !(LASTING.includes(reply?.type) && Number.isSafeInteger(reply.runId))) return;
      emit(reply.type, reply);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      workerFailed(`the training worker failed: ${event.message || 'it could not be loaded'}`);
    };
    worker.onmessageerror = () => workerFailed('a message from the training worker could not be read');
    send('init', { moduleUrl });
  }

  /** Sends a request; returns its runId. transfer: ArrayBuffers to move instead of copy. */
  function send(type, fields = {}, transfer = []) {
    const runId = RUN_STARTERS.includes(type) ? tracker.next() : tracker.runId;
    if (!worker) return runId;
    try {
      worker.postMessage(request(type, runId, fields), transfer);
    } catch (e) {
      workerFailed(`the ${type} request could not be sent: ${e?.message ?? e}`);
    }
    return runId;
  }

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
    terminate() {
      worker?.terminate();
      worker = null;
    },
    /** A fresh worker (after one whose engine could not load): init again; the caller's 'ready' handler resends the rest. */
    restart() {
      worker?.terminate();
      worker = null;
      start();
    },
  };
}
