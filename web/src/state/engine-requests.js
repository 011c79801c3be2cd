// What the engine gets from a config (the estimator's parameters, the data and features
// requests) and which part of the engine's state a change touches.
import { STOCHASTIC, SKLEARN_DEFAULTS } from './params.js';
import { activeDerived, estimatorOf, generatorOf } from './queries.js';
import { sameValue } from './values.js';

/** The engine's extensions beyond scikit-learn and their defaults (the engine's too). */
export const BEYOND_DEFAULTS = { leaky_slope: 0.01, init: 'glorot', l1: 0, dropout: 0 };

/**
 * The extensions beyond scikit-learn that change this run: { name: value } for
 * each one not at its default and not ignored by the current settings
 * (leaky_slope needs leaky_relu; dropout needs sgd or adam).
 */
export function beyondSettings(config) {
  const m = config.model;
  const out = {};
  if (m.activation === 'leaky_relu' && m.leaky_slope !== BEYOND_DEFAULTS.leaky_slope) out.leaky_slope = m.leaky_slope;
  if (m.init !== undefined && m.init !== BEYOND_DEFAULTS.init) out.init = m.init;
  if (m.l1 > 0) out.l1 = m.l1;
  if (m.dropout > 0 && STOCHASTIC.includes(m.solver)) out.dropout = m.dropout;
  return out;
}

/** The estimator's parameters as the worker's configure request wants them (the extensions only when set). */
export function engineParams(config) {
  const m = config.model;
  const params = {};
  for (const name of Object.keys(SKLEARN_DEFAULTS)) params[name] = m[name];
  params.n_iter_no_change = m.n_iter_no_change === Infinity ? 'inf' : m.n_iter_no_change;
  Object.assign(params, beyondSettings(config));
  return params;
}

/** The worker's data.generate request body for this config: the generator and its parameters. */
export function generateRequest(config) {
  const d = config.data;
  const g = generatorOf(config);
  const params = { n_samples: d.n_samples, random_state: d.random_state };
  if (g.params.includes('noise')) params.noise = d.noise;
  if (g.params.includes('factor')) params.factor = d.factor;
  if (g.params.includes('centers')) {
    params.centers = d.centers;
    params.cluster_std = d.cluster_std;
  }
  if (g.params.includes('n_features')) params.n_features = d.n_features;
  return { generator: g.core, params };
}

/** The worker's data.split for this config: train_test_split's test_size and random_state (the data's seed). */
export function splitRequest(config) {
  return { test_size: config.data.test_size, random_state: config.data.random_state };
}

/** The worker's `features` for this config. */
export function featuresRequest(config) {
  return { derived: activeDerived(config), standardize: config.data.standardize };
}

/** The view's settings but the input followed and Tune's search (they change no picture but their own). */
const viewSettings = ({ trace, tune, ...rest }) => rest;

/**
 * Which part of the engine's state a change from `a` to `b` touches: 'data', 'model', 'view' or
 * none; trace: the input followed or its step (view.trace), which asks the engine nothing but a trace.
 */
export function changeKind(a, b) {
  const dataKeys = ['generator', 'n_samples', 'noise', 'factor', 'centers', 'cluster_std', 'n_features', 'random_state', 'test_size', 'csv'];
  const d = dataKeys.some((k) => !sameValue(a.data[k], b.data[k]));
  return {
    data: d,
    edits: !sameValue(a.data.edits, b.data.edits),
    features: a.data.standardize !== b.data.standardize || !sameValue(activeDerived(a), activeDerived(b)),
    model: !sameValue(a.model, b.model) || a.precision !== b.precision || estimatorOf(a) !== estimatorOf(b),
    train: !sameValue(a.train, b.train),
    view: !sameValue(viewSettings(a.view), viewSettings(b.view)),
    trace: !sameValue(a.view.trace ?? null, b.view.trace ?? null),
  };
}
