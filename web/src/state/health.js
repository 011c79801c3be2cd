// What went wrong in a run, in words a student can act on: a diverging loss, or a network
// that has collapsed to one class. Each problem names what to try and carries a one-click
// fix (config changes; the page applies them, which starts a new run). Pure: no DOM.

/** A classifier that gives every training row one class for this many epochs, without improving, has collapsed. */
export const COLLAPSE_EPOCHS = 20;
/** ...unless the data themselves are this lopsided (a majority class of 90% is not a collapse). */
export const COLLAPSE_MAX_MAJORITY = 0.9;
/** "Not improving": the full-pass training loss now is at least this share of its value COLLAPSE_EPOCHS epochs ago. */
export const COLLAPSE_LOSS_RATIO = 0.98;

const fmt = (v) => (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3))));

/** The fix for a rate that is too high: a tenth of it (sgd, adam), or what lbfgs can change. */
function rateFix(config) {
  const m = config.model;
  if (m.solver === 'lbfgs') {
    if (!config.data.standardize) {
      return { advice: 'Scale the inputs: tick StandardScaler (lbfgs takes big steps on unscaled data).',
        fix: { label: 'Tick StandardScaler', changes: { 'data.standardize': true } } };
    }
    return { advice: "Try solver='adam'.", fix: { label: "Use solver='adam'", changes: { 'model.solver': 'adam' } } };
  }
  const lower = Number((m.learning_rate_init / 10).toPrecision(3));
  const alternative = m.solver === 'sgd' ? " or solver='adam'" : '';
  return {
    advice: `Lower learning_rate_init (now ${fmt(m.learning_rate_init)}), for example to ${fmt(lower)}${alternative}.`,
    fix: { label: `Set learning_rate_init to ${fmt(lower)}`, changes: { 'model.learning_rate_init': lower } },
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
 * The run's problem, or null: { kind: 'diverged' | 'collapsed', title, text, fix: { label, changes } }.
 * progress: the last progress reply ({ diverged, stopReason, epoch }); history as hasCollapsed;
 * majorityShare: the largest class's share of the training rows (classification; NaN otherwise).
 */
export function runProblem({ config, progress, history, majorityShare, task }) {
  if (progress?.diverged) {
    const { advice, fix } = rateFix(config);
    return { kind: 'diverged', title: 'Training diverged', text: `${progress.stopReason} ${advice}`, fix };
  }
  if (task === 'classification' && hasCollapsed(history, majorityShare)) {
    const { advice, fix } = rateFix(config);
    const relu = ['relu', 'leaky_relu'].includes(config.model.activation) ? ' (its ReLU units have probably died: they output 0 for every point)' : '';
    return {
      kind: 'collapsed',
      title: 'The network has collapsed to one class',
      text: `For the last ${COLLAPSE_EPOCHS} epochs it has given every training point the same class and the loss has not ` +
        `improved${relu}. ${advice}`,
      fix,
    };
  }
  return null;
}

/** The largest class's share of the labels (NaN when there are none). */
export function majorityShare(labels) {
  if (!labels?.length) return NaN;
  const counts = new Map();
  let top = 0;
  for (const y of labels) {
    const c = (counts.get(y) ?? 0) + 1;
    counts.set(y, c);
    if (c > top) top = c;
  }
  return top / labels.length;
}
