// The activation function drawn small, with one unit's z marked on it: sigma(z) on forward
// steps, its derivative sigma'(z) on backward ones. The curve is the function's shape, drawn for
// presentation; the marked value is the trace's (a, or the derivative read from a, as
// scikit-learn computes it: from the activation's output).

import { AXIS_LINE, FONT, INK, INK_MUTED, formatValue } from '../canvas-util.js';

/** sigma(z) for the activations one unit's value depends on alone (softmax is not one of them). */
export const ACTIVATIONS = {
  identity: (z) => z,
  logistic: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  relu: (z) => Math.max(0, z),
};

/** The course's name of an activation's formula. */
export const ACTIVATION_FORMULAS = {
  identity: 'σ(z) = z',
  logistic: 'g(z) = 1 / (1 + e^{-z})',
  tanh: 'σ(z) = tanh z',
  relu: 'σ(z) = max(0, z)',
  softmax: 'a_k = exp(z_k) / Σ_j exp(z_j)',
};

/** The derivative's formula, written from the output a as scikit-learn computes it. */
export const DERIVATIVE_FORMULAS = {
  identity: "σ'(z) = 1",
  logistic: "g'(z) = a (1 − a)",
  tanh: "σ'(z) = 1 − a²",
  relu: "σ'(z) = 1 if z > 0, else 0",
};

/**
 * sigma'(z) from the activation's output a (scikit-learn's inplace derivatives): a (1 - a),
 * 1 - a^2, 1 where a > 0 (relu), 1 (identity); NaN for an activation it does not know.
 */
export function derivativeFromOutput(activation, a) {
  if (activation === 'logistic') return a * (1 - a);
  if (activation === 'tanh') return 1 - a * a;
  if (activation === 'relu') return a > 0 ? 1 : 0;
  if (activation === 'identity') return 1;
  return NaN;
}

/** sigma'(z) as a function of z, for the curve. */
function derivativeAt(activation, z) {
  return derivativeFromOutput(activation, ACTIVATIONS[activation](z));
}

/**
 * The z range a plot shows: [-4, 4] widened to take z in with a margin.
 * @returns {[number, number]}
 */
export function plotRange(z) {
  const r = Number.isFinite(z) ? Math.max(4, Math.abs(z) * 1.25) : 4;
  return [-r, r];
}

/**
 * Draws sigma (or sigma' with derivative: true) on a canvas of CSS size width x height, with
 * the point (z, value) marked and labelled. Returns false (and draws nothing) for an activation
 * it cannot draw (softmax).
 */
export function drawActivation(canvas, { activation, z, value, derivative = false, width = 168, height = 104 }) {
  const f = ACTIVATIONS[activation];
  if (!f) return false;
  const dpr = Math.max(1, Math.min(4, globalThis.devicePixelRatio || 1));
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const c = canvas.getContext('2d');
  if (!c) return false;
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  c.clearRect(0, 0, width, height);
  const g = (t) => (derivative ? derivativeAt(activation, t) : f(t));
  const [z0, z1] = plotRange(z);
  // The value range: the curve's over the shown z, and the marked value, with 0 always in it.
  let lo = Math.min(0, value);
  let hi = Math.max(0, value);
  const n = 96;
  const ys = Array.from({ length: n + 1 }, (_, k) => g(z0 + ((z1 - z0) * k) / n));
  for (const y of ys) {
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  if (hi - lo < 1e-9) hi = lo + 1;
  const pad = { l: 6, r: 6, t: 8, b: 18 };
  const px = (t) => pad.l + ((t - z0) / (z1 - z0)) * (width - pad.l - pad.r);
  const py = (y) => height - pad.b - ((y - lo) / (hi - lo)) * (height - pad.t - pad.b);
  // Axes through 0.
  c.strokeStyle = AXIS_LINE;
  c.lineWidth = 1;
  c.beginPath();
  c.moveTo(pad.l, py(0));
  c.lineTo(width - pad.r, py(0));
  c.moveTo(px(0), pad.t - 4);
  c.lineTo(px(0), height - pad.b);
  c.stroke();
  c.strokeStyle = '#1d5fa8';
  c.lineWidth = 1.6;
  c.beginPath();
  ys.forEach((y, k) => (k ? c.lineTo(px(z0 + ((z1 - z0) * k) / n), py(y)) : c.moveTo(px(z0), py(y))));
  c.stroke();
  if (Number.isFinite(z) && Number.isFinite(value)) {
    // The unit's point, with dotted guides to the axes.
    c.setLineDash([2, 2]);
    c.strokeStyle = INK_MUTED;
    c.beginPath();
    c.moveTo(px(z), py(0));
    c.lineTo(px(z), py(value));
    c.lineTo(px(0), py(value));
    c.stroke();
    c.setLineDash([]);
    c.fillStyle = '#d1242f';
    c.beginPath();
    c.arc(px(z), py(value), 3.5, 0, Math.PI * 2);
    c.fill();
    c.font = FONT;
    c.fillStyle = INK;
    c.textBaseline = 'top';
    c.textAlign = px(z) > width / 2 ? 'right' : 'left';
    c.fillText(`z = ${formatValue(z, 3)}`, Math.max(2, Math.min(width - 2, px(z))), height - pad.b + 3);
  }
  return true;
}
