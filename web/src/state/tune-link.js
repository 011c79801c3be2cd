// Tune's search in the share link (issue 15): tu= holds the kind, the folds and the values, so
// that a teacher can send "run this search". In the config: view.tune = null | spec (tune/spec.js:
// { kind, params: [{ id, values }], cv, n_iter, random_state, train_sizes }). Pure: no DOM.
//   tu=g~5~alpha:1e-5,1e-4~hidden_layer_sizes:5,10_10     a grid search, 5 folds
//   tu=r~5~10~0~alpha:...                                  a random search: n_iter 10, random_state 0
//   tu=v~5~alpha:...                                       a validation curve
//   tu=l~5~0.1,0.55,1                                      a learning curve over those train sizes
import { PARAM_BY_ID } from './params.js';
import { formatNumber, formatValue } from './values.js';
import { TUNE_DEFAULTS, parseValues, specProblem } from '../tune/spec.js';

const CODES = { grid: 'g', random: 'r', validation_curve: 'v', learning_curve: 'l' };
const KIND_OF = Object.fromEntries(Object.entries(CODES).map(([k, c]) => [c, k]));
const short = (s, n = 40) => (s.length > n ? `${s.slice(0, n - 3)}...` : s);

/** One hyperparameter's values as the link writes them: alpha:1e-5,0.001 or hidden_layer_sizes:5,10_10. */
const paramText = (p) => `${p.id}:${p.values.map((v) => formatValue(PARAM_BY_ID[p.id], v)).join(',')}`;

/**
 * What is wrong with a config's view.tune, in words, or null when it is null or right.
 * @param {unknown} tune
 */
export function tuneProblem(tune) {
  if (tune === null || tune === undefined) return null;
  const t = /** @type {any} */ (tune);
  if (!t || typeof t !== 'object' || !Array.isArray(t.params) || !Array.isArray(t.train_sizes)) return 'the search must be a Tune spec';
  return specProblem(t, null);
}

/**
 * The link's part for a view.tune: ['tu=...'], or [] when there is none.
 * @param {any} tune
 * @returns {string[]}
 */
export function encodeTune(tune) {
  if (!tune || tuneProblem(tune)) return [];
  const parts = [CODES[tune.kind], String(tune.cv)];
  if (tune.kind === 'random') parts.push(String(tune.n_iter), String(tune.random_state));
  if (tune.kind === 'learning_curve') parts.push(tune.train_sizes.map(formatNumber).join(','));
  else parts.push(...(tune.kind === 'validation_curve' ? tune.params.slice(0, 1) : tune.params).map(paramText));
  return [`tu=${parts.join('~')}`];
}

/**
 * view.tune from a link's tu= (byKey: the link's keys and values), or null. What cannot be used
 * is said in `ignored` ("Ignored tu=...: ..."). Never throws.
 * @param {Map<string, string>} byKey
 * @param {object} config the link's config so far (the values are checked against it)
 * @param {string[]} ignored
 */
export function decodeTune(byKey, config, ignored) {
  const tu = byKey.get('tu');
  if (tu === undefined) return null;
  const refuse = (why) => {
    ignored.push(`Ignored tu=${short(tu)}: ${why}.`);
    return null;
  };
  const parts = tu.split('~');
  const kind = KIND_OF[parts[0]];
  if (!kind) return refuse('the search must start with g (grid), r (random), v (validation curve) or l (learning curve)');
  const cv = /^\d{1,2}$/.test(parts[1] ?? '') ? Number(parts[1]) : NaN;
  /** @type {any} */
  const spec = { ...TUNE_DEFAULTS, kind, cv, params: [], train_sizes: [...TUNE_DEFAULTS.train_sizes] };
  let rest = parts.slice(2);
  if (kind === 'random') {
    spec.n_iter = /^\d{1,4}$/.test(rest[0] ?? '') ? Number(rest[0]) : NaN;
    spec.random_state = /^\d{1,10}$/.test(rest[1] ?? '') ? Number(rest[1]) : NaN;
    if (!Number.isInteger(spec.random_state)) return refuse('random_state must be a whole number');
    rest = rest.slice(2);
  }
  if (kind === 'learning_curve') {
    spec.train_sizes = (rest[0] ?? '').split(',').map(Number);
    rest = [];
  }
  for (const item of rest) {
    const colon = item.indexOf(':');
    const id = colon > 0 ? item.slice(0, colon) : item;
    const param = PARAM_BY_ID[id];
    if (colon < 0 || !param) return refuse(`${short(id, 20)} is not a hyperparameter with values (name:value,value)`);
    const text = item.slice(colon + 1);
    const values = parseValues(id, param.type === 'layers' ? text.split(',').join(';') : text, config);
    if (values.error) return refuse(values.error);
    spec.params.push({ id, values: values.values });
  }
  const problem = specProblem(spec, null);
  return problem ? refuse(problem) : spec;
}
