// The datasets that are tables of rows rather than generators: the bundled iris and
// 8x8 digits (fetched from the page's own data/ folder when first chosen) and the
// user's CSV file (parsed in the page, kept in memory: a link cannot carry it).
// A table: { name, title, X: Float64Array (rows x nFeatures), y: Float64Array, nSamples,
// nFeatures, classNames (null for regression), classLabels (the labels as the data have them:
// y holds their codes 0..k-1), featureNames, namedColumns (the names are the data's own, not
// "column 1", ...), imageShape, task, note }.
import { decodeBundled } from './datasets.js';
import { fetchOrExplain } from './network.js';

/** Digits pixels are 0..16; scaled to 0..1 as the reference runs (and the Python export) do. */
export const DIGITS_SCALE = 16;

const bundled = new Map(); // name -> Promise<table>
let csvTable = null;

/** A decoded bundled file as a table; digits' pixels scaled to 0..1. */
export function bundledTable(json) {
  const t = decodeBundled(json);
  t.namedColumns = true;
  if (t.name === 'digits') {
    for (let i = 0; i < t.X.length; i += 1) t.X[i] /= DIGITS_SCALE;
    t.note = `pixels scaled to 0..1 (X / ${DIGITS_SCALE})`;
  }
  return t;
}

/**
 * The table for a dataset key ('iris', 'digits', 'csv'): a promise. fetchText(url) reads
 * a file of the page (the default: fetch relative to the document). Rejects with an Error
 * that says what failed (error.network: the server could not be reached; see network.js);
 * a CSV that is not loaded yet resolves to null. A failed load is forgotten: the next call
 * fetches again.
 */
export function loadTable(key, { fetchText = defaultFetch } = {}) {
  if (key === 'csv') return Promise.resolve(csvTable);
  if (!bundled.has(key)) {
    const p = fetchText(`data/${key}.json`).then((text) => bundledTable(text));
    p.catch(() => bundled.delete(key)); // a failed fetch may be retried
    bundled.set(key, p);
  }
  return bundled.get(key);
}

async function defaultFetch(path) {
  const name = /([^/]+)\.json$/.exec(path)?.[1] ?? path;
  const response = await fetchOrExplain(`the ${name} dataset`, new URL(path, document.baseURI), { shown: path });
  return response.text();
}

/** Keeps a parsed CSV (parseCsv's result) as the 'csv' table; returns the facts the config keeps. */
export function setCsvTable(parsed, name) {
  const side = Math.round(Math.sqrt(parsed.nFeatures));
  // A square count of 16 or more features is taken for the pixels of an image (4x4 up).
  const imageShape = parsed.nFeatures >= 16 && side * side === parsed.nFeatures ? [side, side] : null;
  csvTable = {
    name,
    title: name,
    X: parsed.X,
    y: parsed.y,
    nSamples: parsed.nSamples,
    nFeatures: parsed.nFeatures,
    classNames: parsed.classNames,
    classLabels: parsed.classLabels,
    featureNames: parsed.featureNames,
    namedColumns: parsed.hasHeader,
    imageShape,
    task: parsed.task,
    note: '',
    engineCopy: parsed.engineCopy ?? null, // the CSV worker's copy of X and y for the engine (takeEngineCopy)
  };
  return {
    name,
    task: parsed.task,
    nFeatures: parsed.nFeatures,
    nClasses: parsed.classNames?.length ?? null,
    classNames: parsed.classNames,
    targetName: parsed.targetName,
    targetColumn: parsed.targetColumn,
    hasHeader: parsed.hasHeader,
    delimiter: parsed.delimiter,
    imageShape,
    nSamples: parsed.nSamples,
    featureNames: parsed.featureNames,
  };
}

/** The CSV table if one is loaded (synchronously), else null. */
export const csvLoaded = () => csvTable;

/**
 * What the engine is told of a table's names (the data request's `names`): its columns when
 * they are the data's own (a header row, a bundled file) and the labels behind the class codes;
 * null for generated data. The exported model takes them: feature_names_in_ and classes_.
 */
export function tableNames(table) {
  if (!table) return null;
  const names = {};
  if (table.namedColumns && table.featureNames?.length === table.nFeatures) names.features = [...table.featureNames];
  if (table.task === 'classification' && table.classLabels?.length) names.classes = [...table.classLabels];
  return Object.keys(names).length ? names : null;
}

/** True while the dataset is the user's CSV file and none is loaded: nothing to send the engine yet. */
export const awaitsFile = (key) => key === 'csv' && !csvTable;

/**
 * The table's spare copy of its rows for the engine ({ X, y }: the CSV worker makes one, so that
 * the page need not copy 40 MB), or null: given once, then forgotten (the engine keeps it).
 */
export function takeEngineCopy(table) {
  const copy = table?.engineCopy ?? null;
  if (table) table.engineCopy = null;
  return copy;
}

/** Elements copied per task by copyInSteps (1 MB of float64: about a millisecond). */
const COPY_CHUNK = 1 << 17;

/**
 * A copy of a typed array, made a chunk per task (yielding to the page between chunks), so that
 * copying a big table (40 MB) never blocks the page for long. Resolves to the copy.
 */
export async function copyInSteps(array, chunk = COPY_CHUNK) {
  if (array.length <= chunk) return array.slice();
  const copy = new array.constructor(array.length);
  for (let at = 0; at < array.length; at += chunk) {
    if (at > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    copy.set(array.subarray(at, Math.min(array.length, at + chunk)), at);
  }
  return copy;
}
