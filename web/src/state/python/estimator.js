// The export's estimator: its arguments (those that differ from scikit-learn's defaults, with a
// note where the solver ignores one) and what the page does beyond scikit-learn.
import { pyValue } from './literals.js';
import { beyondSettings } from '../engine-requests.js';
import { SKLEARN_DEFAULTS } from '../params.js';
import { estimatorOf } from '../queries.js';
import { sameValue } from '../values.js';

const SOLVER_USES = {
  batch_size: ['sgd', 'adam'],
  learning_rate: ['sgd'],
  learning_rate_init: ['sgd', 'adam'],
  power_t: ['sgd'],
  momentum: ['sgd'],
  nesterovs_momentum: ['sgd'],
  beta_1: ['adam'],
  beta_2: ['adam'],
  epsilon: ['adam'],
  max_fun: ['lbfgs'],
  n_iter_no_change: ['sgd', 'adam'],
  early_stopping: ['sgd', 'adam'],
  validation_fraction: ['sgd', 'adam'],
  shuffle: ['sgd', 'adam'],
};

/**
 * What the page does that scikit-learn cannot express, one phrase each (empty
 * when the run is plain scikit-learn): the engine's extensions that change this run.
 */
export function beyondNotes(config) {
  const m = config.model;
  const b = beyondSettings(config);
  const notes = [];
  if (m.activation === 'leaky_relu') {
    notes.push(`activation='leaky_relu' (leaky_slope=${m.leaky_slope}) is replaced by 'relu'`);
  }
  if (b.init) notes.push(`init='${b.init}' is replaced by scikit-learn's Glorot initialisation`);
  if (b.l1) notes.push(`l1=${b.l1} (L1 penalty) is left out`);
  if (b.dropout) notes.push(`dropout=${b.dropout} (on the hidden layers) is left out`);
  return notes;
}

export function beyondBlock(config, lines) {
  const notes = beyondNotes(config);
  if (!notes.length) return;
  lines.push(`# Beyond scikit-learn: the page's ${notes.length > 1 ? 'settings below are' : 'setting below is'} not available in ${estimatorOf(config)};`);
  lines.push('# this code trains without them, so its results differ from the page\'s:');
  for (const n of notes) lines.push(`#   - ${n}`);
}

/** The estimator's arguments as [text, note] pairs; overrides ({ name: [value, note] }) are always written. */
export function estimatorArgs(config, overrides = {}) {
  const m = config.model;
  const args = [];
  for (const [name, def] of Object.entries(SKLEARN_DEFAULTS)) {
    if (overrides[name]) {
      const [value, note] = overrides[name];
      args.push([`${name}=${pyValue(value)},`, `  # ${note}`]);
      continue;
    }
    let v = m[name];
    if (name === 'n_iter_no_change' && v === Infinity) v = 'inf';
    if (name === 'activation' && v === 'leaky_relu') {
      // scikit-learn has no leaky ReLU: the nearest it has, said so on the line.
      args.push([`activation=${pyValue('relu')},`, '  # the page used leaky_relu (beyond scikit-learn)']);
      continue;
    }
    if (sameValue(v, def)) continue;
    const uses = SOLVER_USES[name];
    const note = uses && !uses.includes(m.solver) ? `  # ignored by ${m.solver}` : '';
    args.push([`${name}=${pyValue(v)},`, note]);
  }
  return args;
}
