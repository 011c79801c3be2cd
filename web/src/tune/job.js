// The search job Tune sends the engine's JSON runner (README, "The JSON job runner"): the page's
// estimator, parameters, precision and features, its training rows (the points edits included,
// as the model trains on them), and the search. Pure: no DOM.
import { engineParams, featuresRequest } from '../state/engine-requests.js';
import { estimatorOf } from '../state/queries.js';
import { thousands } from '../state/thousands.js';

/** Numbers a search job may carry (its rows); more would make the job's JSON too large to send to every worker. */
export const TUNE_MAX_VALUES = 2_000_000;

/**
 * Rows of a flat array: nRows arrays of nCols numbers.
 * @param {Float64Array | Float32Array | number[]} flat
 */
function rowsOf(flat, nRows, nCols) {
  const out = new Array(nRows);
  for (let i = 0; i < nRows; i += 1) out[i] = Array.from(flat.slice(i * nCols, (i + 1) * nCols));
  return out;
}

/**
 * The job for a search over the training rows `arrays` ({ nFeatures, xTrain, yTrain }, as the
 * engine's data request has them). search: the runner's search object (kind, param_grid, cv, ...).
 * Returns { job } or { error } when the rows are too many to search in the page.
 */
export function searchJob(config, arrays, search) {
  const nf = arrays.nFeatures;
  const n = arrays.yTrain.length;
  if (n * (nf + 1) > TUNE_MAX_VALUES) {
    return { error: `the training rows are ${thousands(n)} x ${nf} values; Tune searches at most ${thousands(TUNE_MAX_VALUES)} values (use fewer samples)` };
  }
  const classifier = estimatorOf(config) === 'MLPClassifier';
  const features = featuresRequest(config);
  const job = {
    estimator: estimatorOf(config),
    params: engineParams(config),
    precision: config.precision,
    X: rowsOf(arrays.xTrain, n, nf),
    y: classifier ? Array.from(arrays.yTrain, (v) => Math.round(v)) : Array.from(arrays.yTrain),
    search,
  };
  if (features.derived.length || features.standardize) job.features = features;
  return { job };
}
