// The Tune pool: a search's fits spread over a few workers (tune-worker.js), each with its own
// engine. The engine numbers a search's fits (fit = candidate x n_splits + split); each worker
// takes the next fit not yet run, so a fit's result never depends on which worker ran it or on
// how many there are, and the aggregate (cv_results_, the curves) is the engine's own, made from
// every fit in order: the same numbers with one worker or eight.

/** Workers for this machine: its cores (navigator.hardwareConcurrency), at most `cap`. */
export function poolSize(cores = globalThis.navigator?.hardwareConcurrency, cap = 8) {
  const n = Number.isInteger(cores) && cores > 0 ? cores : 2;
  return Math.max(1, Math.min(n, cap));
}

/** A search the pool stopped (cancel): its promise rejects with this. */
export class TuneCancelled extends Error {
  constructor() {
    super('the search was cancelled');
    this.name = 'TuneCancelled';
  }
}

/** The engine's refusal of a search job: its message, and the parameter and value it names. */
export class TuneRefused extends Error {
  constructor(error) {
    super(error?.message ?? 'the engine refused the search');
    this.name = 'TuneRefused';
    this.parameter = error?.parameter ?? null;
    this.value = error?.value ?? null;
  }
}

/**
 * createTunePool({ size?, createWorker?, moduleUrl? }) -> { run, cancel, size }
 *   run(job, { onTotal?(n), onFit?(fit, done, n) }) -> promise of the runner's result for the
 *     whole search (cv_results_, ... : see the README's runner section); rejects with
 *     TuneRefused (bad search input), TuneCancelled, or an Error (a worker failed).
 *   cancel(): stops the search in progress (its workers are ended; the next run starts fresh ones).
 * createWorker(): a Worker speaking tune-worker.js's messages.
 * @param {{ size?: number, createWorker?: () => Worker, moduleUrl?: string }} [options]
 */
export function createTunePool({
  size = poolSize(),
  createWorker = () => new Worker(new URL('../engine/tune-worker.js', import.meta.url), { name: 'mlp-tune' }),
  moduleUrl,
} = {}) {
  let workers = [];
  let current = null; // { reject } of the search in progress
  let nextId = 1;

  function endWorkers() {
    for (const w of workers) w.worker.terminate();
    workers = [];
  }

  function fail(error) {
    const search = current;
    current = null;
    endWorkers();
    search?.reject(error);
  }

  /** A worker and its pending requests by id. */
  function startWorker() {
    const entry = { worker: createWorker(), pending: new Map() };
    entry.worker.onmessage = (event) => {
      const m = event.data ?? {};
      const waiter = entry.pending.get(m.id);
      if (!waiter) return;
      entry.pending.delete(m.id);
      if (m.type === 'failed') waiter.reject(new Error(m.message));
      else waiter.resolve(m);
    };
    entry.worker.onerror = (event) => {
      event.preventDefault?.();
      fail(new Error(`a Tune worker failed: ${event.message || 'it stopped'}`));
    };
    return entry;
  }

  function call(entry, message) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      entry.pending.set(id, { resolve, reject });
      entry.worker.postMessage({ ...message, id });
    });
  }

  /** The runner's reply, parsed: its result, or a TuneRefused for status 2. */
  function parsed(reply) {
    const out = JSON.parse(reply.output);
    if (reply.status !== 0) throw new TuneRefused(out.error);
    return out;
  }

  /**
   * @param {object} job
   * @param {{ onTotal?: Function, onFit?: Function }} callbacks
   * @param {() => boolean} alive
   */
  async function search(job, { onTotal, onFit }, alive) {
    if (!workers.length) {
      workers = Array.from({ length: size }, startWorker);
      await Promise.all(workers.map((w) => call(w, { type: 'init', ...(moduleUrl ? { moduleUrl } : {}) })));
    }
    const text = JSON.stringify(job);
    for (const w of workers) w.worker.postMessage({ type: 'job', text });
    const first = parsed(await call(workers[0], { type: 'run', fitRange: [0, 0] }));
    const n = first.n_fits;
    if (!alive()) return null;
    onTotal?.(n);
    const fits = new Array(n);
    let next = 0;
    let done = 0;
    const loop = async (w) => {
      while (next < n && alive()) {
        const f = next;
        next += 1;
        const out = parsed(await call(w, { type: 'run', fitRange: [f, f + 1] }));
        if (!alive()) return;
        fits[f] = out.fits[0];
        done += 1;
        onFit?.(fits[f], done, n);
      }
    };
    await Promise.all(workers.map(loop));
    if (!alive()) return null;
    return parsed(await call(workers[0], { type: 'run', fitResults: fits }));
  }

  return {
    get size() {
      return size;
    },
    /**
     * @param {object} job
     * @param {{ onTotal?: (n: number) => void, onFit?: (fit: any, done: number, n: number) => void }} [callbacks]
     */
    run(job, callbacks = {}) {
      if (current) fail(new TuneCancelled());
      return new Promise((resolve, reject) => {
        const me = { reject };
        current = me;
        const alive = () => current === me;
        search(job, callbacks, alive).then(
          (result) => {
            if (!alive()) return;
            current = null;
            resolve(result);
          },
          (error) => {
            if (alive()) fail(error);
          },
        );
      });
    },
    cancel() {
      if (current) fail(new TuneCancelled());
    },
  };
}
