// Pinned runs: the current run kept for comparison (its loss curve, sampled, and its decision
// boundary, thinned, labelled by the knobs that tell runs apart), and the colours pins are drawn in.
import { pinLabel } from '../state/url.js';

const PIN_COLORS = ['#CC79A7', '#56B4E9', '#E69F00']; // Okabe-Ito: apart from train, test and validation
const PIN_SAMPLES = 150; // a pinned loss curve keeps at most this many epochs (the link carries them)
const PIN_POINTS = 300; // and its boundary at most this many points
const PIN_LINES = 12; // its longest boundary lines

/** The config's pinned runs with their colours: { label, loss, ghost, color }. */
export const pinnedRuns = (config) => (config.pins ?? []).map((pin, k) => ({ ...pin, color: PIN_COLORS[k % PIN_COLORS.length] }));

/** The knobs that tell runs apart, as words: a pin's label, and what the chart compares it with. */
export function runLabel(config) {
  const m = config.model;
  const words = [`(${m.hidden_layer_sizes.join(',')})`, m.activation, m.solver, `lr=${m.learning_rate_init}`,
    `alpha=${m.alpha}`, `batch=${m.batch_size}`];
  if (m.solver === 'sgd' && m.learning_rate !== 'constant') words.push(m.learning_rate);
  if (m.early_stopping) words.push('early_stopping');
  return words.join(' ');
}

/**
 * The current run as a pin, or null with nothing to pin. curve: the loss per epoch (the loss
 * curve, else the training losses); lines: the boundary's lines ([x0, y0, x1, y1, ...] each).
 * @param {object} config
 * @param {ArrayLike<number>} curve
 * @param {number[][]} lines
 */
export function makePin(config, curve, lines) {
  const epochs = [];
  const values = [];
  const step = Math.max(1, Math.ceil(curve.length / PIN_SAMPLES));
  for (let i = 0; i < curve.length; i += 1) {
    if ((i % step !== 0 && i !== curve.length - 1) || !Number.isFinite(curve[i])) continue;
    epochs.push(i + 1);
    values.push(curve[i]);
  }
  if (!epochs.length) return null;
  const longest = [...lines].sort((a, b) => b.length - a.length).slice(0, PIN_LINES);
  const total = longest.reduce((sum, line) => sum + line.length / 2, 0);
  const every = Math.max(1, Math.ceil(total / PIN_POINTS));
  const ghost = longest
    .map((line) => line.filter((_, k) => Math.floor(k / 2) % every === 0 || k >= line.length - 2))
    .filter((line) => line.length >= 4);
  return { label: pinLabel(runLabel(config)), loss: { epochs, values }, ghost };
}
