// The bundled real datasets: scikit-learn's iris and 8x8 digits, stored as JSON
// in web/public/data/ (written by tools/make_bundled_datasets.py, which documents
// the format). Vite copies public/ as-is, so the files are served from the page's
// own origin (dist/data/*.json) and fetched only when chosen; they stay out of
// the JS bundle. decodeBundled is pure and shared by the page and the node tests.

import { fetchOrExplain } from './network.js';

export const BUNDLED_FORMAT = 'mlp-playground-dataset';
export const BUNDLED_VERSION = 1;

/** What the menu needs before a file is loaded; the tests check it against the files. */
export const BUNDLED_DATASETS = {
  iris: { title: 'Iris flowers', nSamples: 150, nFeatures: 4, nClasses: 3, imageShape: null },
  digits: { title: 'Handwritten digits (8x8)', nSamples: 1797, nFeatures: 64, nClasses: 10, imageShape: [8, 8] },
};

// charCode -> value for base-36 digits ('0'-'9', 'a'-'z'); -1 marks anything else.
const BASE36 = new Int8Array(128).fill(-1);
for (let i = 0; i < 36; i++) BASE36['0123456789abcdefghijklmnopqrstuvwxyz'.charCodeAt(i)] = i;

/**
 * A bundled dataset's JSON (parsed object or text) -> arrays for the engine:
 * { name, title, X: Float64Array (nSamples x nFeatures, row-major), y: Float64Array
 *   (class index), nSamples, nFeatures, classNames, classLabels (the labels scikit-learn's y would hold:
 *   numbers when every name is an integer, as digits' 0..9, else the names), featureNames, imageShape: [rows, cols] | null,
 *   task: 'classification', description, attribution, source }.
 * Throws an Error naming the dataset when the file is not a valid version-1 file
 * (a broken deployment, not user input).
 */
export function decodeBundled(json) {
  const d = typeof json === 'string' ? JSON.parse(json) : json;
  const name = d?.name ?? '?';
  const fail = (what) => {
    throw new Error(`bundled dataset "${name}": ${what}`);
  };
  if (d?.format !== BUNDLED_FORMAT || d.version !== BUNDLED_VERSION) {
    fail(`not a ${BUNDLED_FORMAT} version ${BUNDLED_VERSION} file`);
  }
  const { n_samples: n, n_features: p, X: rows, y: labels } = d;
  const classNames = d.target_names.map(String);
  if (!Array.isArray(rows) || rows.length !== n) fail(`X has ${rows?.length} rows, expected ${n}`);
  if (!Array.isArray(labels) || labels.length !== n) fail(`y has ${labels?.length} values, expected ${n}`);
  if (d.feature_names.length !== p) fail(`${d.feature_names.length} feature names for ${p} features`);
  if (d.image_shape && d.image_shape[0] * d.image_shape[1] !== p) fail(`image_shape does not match ${p} features`);

  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row.length !== p) fail(`row ${i} has ${row.length} values, expected ${p}`);
    if (d.encoding === 'decimal') {
      for (let j = 0; j < p; j++) X[i * p + j] = row[j];
    } else if (d.encoding === 'base36') {
      for (let j = 0; j < p; j++) {
        const v = BASE36[row.charCodeAt(j)] ?? -1;
        if (v < 0) fail(`row ${i}, value ${j}: "${row[j]}" is not a base-36 digit`);
        X[i * p + j] = v;
      }
    } else {
      fail(`unknown encoding "${d.encoding}"`);
    }
  }
  const y = Float64Array.from(labels);
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(y[i]) || y[i] < 0 || y[i] >= classNames.length) fail(`y[${i}] = ${labels[i]} is not a class index`);
  }
  return {
    name: d.name,
    title: d.title,
    X,
    y,
    nSamples: n,
    nFeatures: p,
    classNames,
    classLabels: classNames.every((c) => /^-?\d+$/.test(c)) ? classNames.map(Number) : classNames,
    featureNames: d.feature_names.map(String),
    imageShape: d.image_shape ? [d.image_shape[0], d.image_shape[1]] : null,
    task: 'classification',
    description: d.description,
    attribution: d.attribution,
    source: d.source,
  };
}

/**
 * Fetches and decodes data/<name>.json relative to baseUrl (the page's base: document.baseURI,
 * as for the engine files). name must be a key of BUNDLED_DATASETS. options.fetch replaces
 * globalThis.fetch (the node tests pass one that reads the file). Rejects with an Error whose
 * message names the dataset and the URL when the request fails; one that never reached the
 * server says so (a network problem, error.network: see network.js).
 */
export async function loadBundled(name, baseUrl = globalThis.document?.baseURI, { fetch = globalThis.fetch } = {}) {
  if (!Object.hasOwn(BUNDLED_DATASETS, name)) throw new Error(`no bundled dataset named "${name}"`);
  const url = new URL(`data/${name}.json`, baseUrl);
  const res = await fetchOrExplain(`the ${name} dataset`, url, { fetch });
  return decodeBundled(await res.json());
}
