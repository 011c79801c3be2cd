// The CSV parser's worker: reads a chosen or dropped file (or takes pasted text) and parses it
// off the page's main thread, so that a big file never freezes the page. One request at a time:
//   { id, file?: File | Blob, text?: string, name, options }   (options as parseCsv's)
// Replies:
//   { id, type: 'progress', fraction }                         now and then, 0..1
//   { id, type: 'done', result }                               parseCsv's result, and engineCopy: { X, y },
//                                                              a copy of X and y for the engine; all transferred
//   { id, type: 'failed', message }                            the file could not be read
// Cancelling is terminating this worker (csv-loader.js): nothing here needs to stop by itself.
import { fileTooLarge, parseCsv } from './csv.js';

/** Reading the file is this share of the bar; parsing the rest. */
const READ_SHARE = 0.1;
const STEP = 0.01; // progress is posted when it moved by at least this much

self.onmessage = async (event) => {
  const { id, file, text, name, options = {} } = event.data ?? {};
  let shown = -1;
  const progress = (fraction) => {
    if (fraction - shown < STEP) return;
    shown = fraction;
    self.postMessage({ id, type: 'progress', fraction });
  };
  let source = text;
  if (file) {
    const tooLarge = fileTooLarge(name, file.size);
    if (tooLarge) {
      self.postMessage({ id, type: 'failed', message: tooLarge });
      return;
    }
    try {
      progress(0);
      source = await file.text();
    } catch (e) {
      self.postMessage({ id, type: 'failed', message: `${name} could not be read: ${e?.message ?? e}` });
      return;
    }
  }
  progress(READ_SHARE);
  const result = parseCsv(source, { ...options, onProgress: (f) => progress(READ_SHARE + (1 - READ_SHARE) * f) });
  // A second copy of the rows for the training engine, made here: the page sends it on to the
  // engine's worker (transferred) and keeps X and y for its views, copying nothing on its thread.
  /** @type {any} the parsed table, or its error */
  const table = result;
  if (!table.error) table.engineCopy = { X: table.X.slice(), y: table.y.slice() };
  const transfer = table.error ? [] : [table.X, table.y, table.engineCopy.X, table.engineCopy.y].map((a) => a.buffer);
  self.postMessage({ id, type: 'done', result }, transfer);
};
