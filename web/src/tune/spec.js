// What Tune searches: the kind of search, the hyperparameters and their values, the folds. Read
// from what a user types, written as the JSON runner's `search` object. Pure: no DOM.
import { PARAM_BY_ID } from '../state/params.js';
import { formatNumber, parseValue } from '../state/values.js';

/** The estimator's hyperparameters Tune can search (the runner's params names), in menu order. */
export const TUNABLE = ['alpha', 'hidden_layer_sizes', 'learning_rate_init', 'activation', 'solver', 'batch_size',
  'max_iter', 'momentum', 'learning_rate', 'power_t', 'beta_1', 'beta_2', 'tol', 'early_stopping', 'validation_fraction'];

export const KINDS = {
  grid: 'Grid search (GridSearchCV)',
  random: 'Random search (RandomizedSearchCV)',
  validation_curve: 'Validation curve',
  learning_curve: 'Learning curve',
};

/** Values per hyperparameter, and candidates (grid size) and fits, at most. */
export const MAX_VALUES = 20;
export const MAX_FITS = 2000;

/** A new search: alpha over six decades and three layer sizes, 5 folds, as the course's lesson. */
export const TUNE_DEFAULTS = Object.freeze({
  kind: 'grid',
  params: [
    { id: 'alpha', values: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1] },
    { id: 'hidden_layer_sizes', values: [[5], [10], [20]] },
  ],
  cv: 5,
  n_iter: 10,
  random_state: 0,
  train_sizes: [0.1, 0.325, 0.55, 0.775, 1],
});

/** A value as a user reads and types it: 0.001, (10, 5), relu, True. */
export function valueText(id, v) {
  const param = PARAM_BY_ID[id];
  if (param?.type === 'layers') return `(${v.join(', ')}${v.length === 1 ? ',' : ''})`;
  if (param?.type === 'bool') return v ? 'True' : 'False';
  return typeof v === 'number' ? formatNumber(v) : String(v);
}

/** The values typed for one hyperparameter, as text: "1e-4, 1e-3" or "(10,), (10, 10)". */
export const valuesText = (id, values) => values.map((v) => valueText(id, v)).join(', ');

/**
 * Reads a list of values for hyperparameter `id` from text: numbers or words separated by
 * commas (or semicolons), layer sizes as Python tuples "(10,), (20, 10)" or separated by
 * semicolons "10; 20 10". Returns { values } or { error } naming the parameter and the value.
 */
export function parseValues(id, text, config) {
  const param = PARAM_BY_ID[id];
  if (!param || !TUNABLE.includes(id)) return { error: `${id} is not a hyperparameter Tune searches; it searches ${TUNABLE.join(', ')}` };
  const t = String(text ?? '').trim().replace(/^\[(.*)\]$/s, '$1');
  let items;
  if (param.type === 'layers') {
    const groups = [...t.matchAll(/\(([^()]*)\)/g)].map((m) => m[1]);
    items = groups.length ? groups : t.split(/;/);
  } else {
    items = t.split(/[,;]/);
  }
  items = items.map((s) => s.trim()).filter((s) => s !== '');
  if (!items.length) return { error: `${id}: give at least one value` };
  if (items.length > MAX_VALUES) return { error: `${id}: ${items.length} values; at most ${MAX_VALUES}` };
  const values = [];
  for (const item of items) {
    const r = parseValue(param, param.type === 'bool' ? item.replace(/^(True|False)$/, (w) => w.toLowerCase()) : item, config);
    if (r.error) return { error: `${id} = ${item}: ${r.error}` };
    if (values.some((v) => JSON.stringify(v) === JSON.stringify(r.value))) return { error: `${id}: ${item} is given twice` };
    values.push(r.value);
  }
  return { values };
}

/** The engine's JSON for a value (n_iter_no_change's Infinity aside, values are plain JSON). */
const engineValue = (v) => (v === Infinity ? 'inf' : v);

/** The number of candidates a spec makes (grid: the product of the value counts). */
export function candidateCount(spec) {
  if (spec.kind === 'learning_curve') return spec.train_sizes.length;
  const used = spec.kind === 'validation_curve' ? spec.params.slice(0, 1) : spec.params;
  const grid = used.reduce((n, p) => n * p.values.length, 1);
  return spec.kind === 'random' ? Math.min(spec.n_iter, grid) : grid;
}

/**
 * The runner's `search` object for a spec ({ kind, params: [{ id, values }], cv, n_iter,
 * random_state, train_sizes }). Training scores are always asked for: the curves show both.
 */
export function searchOf(spec) {
  const search = { kind: spec.kind, cv: spec.cv, return_train_score: true };
  const grid = Object.fromEntries(spec.params.map((p) => [p.id, p.values.map(engineValue)]));
  if (spec.kind === 'grid') search.param_grid = grid;
  else if (spec.kind === 'random') {
    search.param_distributions = grid;
    search.n_iter = spec.n_iter;
    search.random_state = spec.random_state;
  } else if (spec.kind === 'validation_curve') {
    search.param_name = spec.params[0].id;
    search.param_range = spec.params[0].values.map(engineValue);
  } else if (spec.kind === 'learning_curve') search.train_sizes = spec.train_sizes;
  return search;
}

/** Checks a spec before a search: null, or what is wrong in words. */
export function specProblem(spec, nTrain) {
  if (!KINDS[spec.kind]) return `kind must be one of ${Object.keys(KINDS).join(', ')}; got ${spec.kind}`;
  if (!Number.isInteger(spec.cv) || spec.cv < 2 || spec.cv > 20) return `cv must be a whole number from 2 to 20; got ${spec.cv}`;
  if (nTrain != null && spec.cv > nTrain) return `cv = ${spec.cv} folds need at least ${spec.cv} training rows; there are ${nTrain}`;
  const needs = spec.kind === 'learning_curve' ? 0 : spec.kind === 'validation_curve' ? 1 : 1;
  if (spec.params.length < needs) return 'choose a hyperparameter to search';
  const ids = spec.params.map((p) => p.id);
  if (new Set(ids).size !== ids.length) return 'the same hyperparameter is chosen twice';
  if (spec.kind === 'random' && !(Number.isInteger(spec.n_iter) && spec.n_iter >= 1 && spec.n_iter <= MAX_FITS)) {
    return `n_iter must be a whole number from 1 to ${MAX_FITS}; got ${spec.n_iter}`;
  }
  if (spec.kind === 'learning_curve') {
    if (!spec.train_sizes.length || spec.train_sizes.some((s) => !(s > 0 && s <= 1))) return 'train_sizes must be fractions in (0, 1]';
  }
  const fits = candidateCount(spec) * spec.cv;
  if (fits > MAX_FITS) return `${candidateCount(spec)} candidates x ${spec.cv} folds = ${fits} fits; Tune runs at most ${MAX_FITS}`;
  return null;
}
