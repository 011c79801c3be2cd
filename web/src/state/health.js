// What went wrong in a run, in words a student can act on: a diverging loss, a network that
// has collapsed to one class, or one that looks collapsed because its first layers' gradients
// vanish (stalled). Each problem names what to try and carries one-click fixes (config
// changes; the page applies them, which starts a new run). Pure: no DOM.
import { thousands } from './thousands.js';

/** A classifier that gives every training row one class for this many epochs, without improving, has collapsed. */
export const COLLAPSE_EPOCHS = 20;
/** ...unless the data themselves are this lopsided (a majority class of 90% is not a collapse). */
export const COLLAPSE_MAX_MAJORITY = 0.9;
/** "Not improving": the full-pass training loss now is at least this share of its value COLLAPSE_EPOCHS epochs ago. */
export const COLLAPSE_LOSS_RATIO = 0.98;

/**
 * A collapse whose first weight layer's gradient norm is under this share of the last layer's
 * (at the latest epoch) is a stall: the gradients vanish on their way down, and a lower rate
 * would only slow the first layers more.
 */
export const VANISHING_RATIO = 1e-3;

const fmt = (v) => (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3))));

/** A rate that trains the page's datasets well with adam (the page's default learning_rate_init). */
export const SAFE_ADAM_RATE = 0.01;

/**
 * What to try when the steps are too big, in words, and up to two fixes (config changes, one
 * click each): a tenth of the rate; adam at SAFE_ADAM_RATE, which recovers where a tenth is
 * still too much (sgd on unscaled regression targets); StandardScaler for lbfgs.
 */
function rateFixes(config) {
  const m = config.model;
  const adam = { label: `Use adam at learning_rate_init ${SAFE_ADAM_RATE}`,
    changes: { 'model.solver': 'adam', 'model.learning_rate_init': SAFE_ADAM_RATE } };
  const scale = { label: 'Tick StandardScaler', changes: { 'data.standardize': true } };
  if (m.solver === 'lbfgs') {
    return {
      advice: config.data.standardize ? "Try solver='adam'." : "Scale the inputs (StandardScaler), or try solver='adam'.",
      fixes: config.data.standardize ? [adam] : [scale, adam],
    };
  }
  const lower = Number((m.learning_rate_init / 10).toPrecision(3));
  const tenth = { label: `Set learning_rate_init to ${fmt(lower)}`, changes: { 'model.learning_rate_init': lower } };
  const second = m.solver === 'sgd' || m.learning_rate_init > SAFE_ADAM_RATE ? adam : config.data.standardize ? null : scale;
  const alternative = m.solver === 'sgd' ? ", or use solver='adam'" : '';
  return {
    advice: `Lower learning_rate_init (now ${fmt(m.learning_rate_init)}), for example to ${fmt(lower)}${alternative}.`,
    fixes: [tenth, ...(second ? [second] : [])],
  };
}

/**
 * True when the last COLLAPSE_EPOCHS measured epochs all gave one class to every training row
 * and the full-pass training loss did not fall meanwhile. history: { topShares, trainLosses }
 * (arrays by epoch - 1, NaN where not measured).
 */
export function hasCollapsed(history, majorityShare) {
  if (!(majorityShare < COLLAPSE_MAX_MAJORITY)) return false;
  const shares = history?.topShares ?? [];
  const losses = history?.trainLosses ?? [];
  const measured = [];
  for (let i = shares.length - 1; i >= 0 && measured.length < COLLAPSE_EPOCHS; i -= 1) {
    if (Number.isFinite(shares[i])) measured.push(i);
  }
  if (measured.length < COLLAPSE_EPOCHS || measured.some((i) => shares[i] !== 1)) return false;
  const now = losses[measured[0]];
  const before = losses[measured.at(-1)];
  return Number.isFinite(now) && Number.isFinite(before) && now >= COLLAPSE_LOSS_RATIO * before;
}

/**
 * The first and the last weight layer's gradient norms at the latest epoch of
 * history.gradientNorms (epochs x history.nLayers, row-major), and that epoch; null without
 * per-epoch norms of two weight layers or more.
 */
export function layerGradients(history) {
  const norms = history?.gradientNorms;
  const n = history?.nLayers ?? 0;
  if (!(n >= 2) || !(norms?.length >= n)) return null;
  const row = Math.floor(norms.length / n) - 1;
  return { first: norms[row * n], last: norms[row * n + n - 1], epoch: row + 1 };
}

/** The gradients of layerGradients vanish: the first layer's is under VANISHING_RATIO times the last's. */
export function gradientsVanish(g) {
  return Boolean(g) && g.first >= 0 && g.last > 0 && g.first < VANISHING_RATIO * g.last;
}

/**
 * A collapsed-looking run whose first layers' gradients vanish (not lbfgs: it has no per-epoch
 * gradients; not ReLU units, which do not shrink the gradient: theirs is a collapse). A run
 * already stalled stays stalled while it collapses: its gradients rising past VANISHING_RATIO
 * on the same plateau do not make a lower rate the cure (a deep logistic net of 5 x 8 units on
 * moons crosses it 2 epochs after it stalls, and escapes the plateau 24 epochs later).
 */
function stalled(config, history, already) {
  const m = config.model;
  if (m.solver === 'lbfgs' || ['relu', 'leaky_relu'].includes(m.activation)) return null;
  const g = layerGradients(history);
  if (!g || !(already || gradientsVanish(g))) return null;
  const ratio = g.first > 0 ? `${thousands(g.last / g.first)} times smaller than the last's`
    : `0, the last's ${fmt(g.last)}`;
  return {
    kind: 'stalled',
    title: "Training has stalled: the first layers' gradients vanish",
    text: `For the last ${COLLAPSE_EPOCHS} epochs it has given every training point the same class and the loss has not ` +
      `improved. After ${g.epoch} epochs the first layer's gradient is ${ratio}: it shrinks at every ${m.activation} layer ` +
      'on its way down, so the first layers hardly learn, and a lower learning_rate_init would slow them more. ' +
      "Try activation='relu', or fewer layers. Training goes on: deep nets like this one sometimes escape the plateau.",
    fixes: [{ label: "Use activation='relu'", changes: { 'model.activation': 'relu' } }],
    pauses: false,
  };
}

/**
 * The run's problem, or null: { kind: 'diverged' | 'collapsed' | 'stalled', title, text,
 * fixes: [{ label, changes }], pauses }. pauses: the page pauses the run (a diverged or
 * collapsed run; a stalled one trains on, and the page asks again at every update).
 * progress: the last progress reply ({ diverged, stopReason, epoch }); history as hasCollapsed,
 * with gradientNorms and nLayers as layerGradients; majorityShare: the largest class's share of
 * the training rows (classification; NaN otherwise); previous: the problem named at the last
 * update (a stalled run stays stalled while it collapses).
 */
export function runProblem({ config, progress, history, majorityShare, task, previous = null }) {
  if (progress?.diverged) {
    const { advice, fixes } = rateFixes(config);
    // The engine's words end with "training diverged": the title says it already.
    const why = String(progress.stopReason ?? '').replace(/:?\s*training diverged\.?\s*$/i, '.');
    return { kind: 'diverged', title: 'Training diverged', text: `${why} ${advice}`, fixes, pauses: true };
  }
  if (task === 'classification' && hasCollapsed(history, majorityShare)) {
    const stall = stalled(config, history, previous?.kind === 'stalled');
    if (stall) return stall;
    const { advice, fixes } = rateFixes(config);
    const relu = ['relu', 'leaky_relu'].includes(config.model.activation) ? ' (its ReLU units have probably died: they output 0 for every point)' : '';
    return {
      kind: 'collapsed',
      title: 'The network has collapsed to one class',
      text: `For the last ${COLLAPSE_EPOCHS} epochs it has given every training point the same class and the loss has not ` +
        `improved${relu}. ${advice}`,
      fixes,
      pauses: true,
    };
  }
  return null;
}

/** The largest class's share of the labels (NaN when there are none). */
export function majorityShare(labels) {
  if (!labels?.length) return NaN;
  // Class codes (small whole numbers) are counted in a typed array: a Map of 75,000 doubles
  // took 200 ms of the page's thread (10 times as long). Other labels go to a Map.
  const small = new Float64Array(SMALL_CODES);
  const other = new Map();
  let top = 0;
  for (let i = 0; i < labels.length; i += 1) {
    const y = labels[i];
    let c;
    if (y >= 0 && y < SMALL_CODES && y === Math.floor(y)) c = small[y] += 1;
    else other.set(y, (c = (other.get(y) ?? 0) + 1));
    if (c > top) top = c;
  }
  return top / labels.length;
}

/** Labels below this that are whole numbers are counted in an array by majorityShare. */
const SMALL_CODES = 4096;
