// The page's side of the CSV parser's worker (csv-worker.js): parse a file or pasted text off
// the main thread, with progress and cancel. The result comes back with its X and y transferred
// (typed arrays, not copied). Cancel terminates the worker (a parse cannot be interrupted from
// outside otherwise); the next load starts a fresh one.
import { fileTooLarge } from './csv.js';

/**
 * createCsvLoader({ createWorker? }) -> { load({ file?, text?, name, options, onProgress }), cancel() }
 * load() returns a promise of parseCsv's result ({ error } for a file that cannot be read or is
 * over CSV_MAX_BYTES, checked before reading) or null when the load was cancelled or superseded
 * by a newer load. onProgress(fraction): 0..1.
 */
export function createCsvLoader({
  createWorker = () => new Worker(new URL('./csv-worker.js', import.meta.url), { name: 'csv-parser' }),
} = {}) {
  let worker = null;
  let current = null; // { id, resolve, onProgress }
  let nextId = 1;

  function stop() {
    worker?.terminate();
    worker = null;
    const pending = current;
    current = null;
    pending?.resolve(null);
  }

  function start() {
    worker = createWorker();
    worker.onmessage = (event) => {
      const m = event.data;
      if (!current || m?.id !== current.id) return;
      if (m.type === 'progress') current.onProgress?.(m.fraction);
      else if (m.type === 'done' || m.type === 'failed') {
        const { resolve } = current;
        current = null;
        resolve(m.type === 'done' ? m.result : { error: { message: m.message, line: null, column: null } });
      }
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      const pending = current;
      worker?.terminate();
      worker = null;
      current = null;
      pending?.resolve({ error: { message: `the CSV reader failed: ${event.message || 'it could not be loaded'}`, line: null, column: null } });
    };
  }

  return {
    load({ file = null, text = null, name, options = {}, onProgress }) {
      // A parse still running is dropped (its worker with it): only the latest load counts.
      if (current) stop();
      const tooLarge = file ? fileTooLarge(name, file.size) : fileTooLarge(name, text?.length ?? 0);
      if (tooLarge) return Promise.resolve({ error: { message: tooLarge, line: null, column: null } });
      if (!worker) {
        try {
          start();
        } catch (e) {
          return Promise.resolve({ error: { message: `the CSV reader could not start: ${e?.message ?? e}`, line: null, column: null } });
        }
      }
      const id = nextId++;
      return new Promise((resolve) => {
        current = { id, resolve, onProgress };
        worker.postMessage({ id, file, text: file ? null : text, name, options });
      });
    },
    /** Stops the load in progress (its promise resolves to null); the data in use stay. */
    cancel: stop,
    get busy() {
      return Boolean(current);
    },
  };
}
