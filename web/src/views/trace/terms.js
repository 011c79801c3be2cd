// The terms of one unit's sums in a trace, largest first, for display: the forward sum
// z_j = sum_i w_ij a_i + b_j, the backward sum sum_k delta_k w_jk that delta_j multiplies by
// sigma'(z_j), and a weight's gradient a_i delta_j + alpha w_ij. The products are formed here
// from the trace's own weights, activations and deltas only to sort and show them; the values
// the panel states (z, a, delta, the gradients) are the trace's. Pure: no DOM.
//
// Layers are numbered as in the course: l = 1..L, trace.layers[l - 1], coefs[l - 1] (n_in x
// n_out, row-major: w_ij at i * n_out + j).

/** @typedef {{ index: number, w: number, v: number, product: number }} Term */

/** a(l) of a trace: the input for l = 0. */
export const activationsOf = (trace, l) => (l === 0 ? trace.input : trace.layers[l - 1].a);

/** The widths of the layers, input first: [n_0, n_1, ..., n_L]. */
export const layerWidths = (trace) => [trace.input.length, ...trace.layers.map((ly) => ly.a.length)];

const byMagnitude = (a, b) => Math.abs(b.product) - Math.abs(a.product) || a.index - b.index;

/**
 * The terms w_ij a_i of unit j of layer l (one per input i of the layer), largest |w a| first,
 * with the bias b_j and the trace's z_j.
 * @returns {{ terms: Term[], bias: number, z: number }}
 */
export function forwardTerms(trace, l, j) {
  const W = trace.weights.coefs[l - 1];
  const a = activationsOf(trace, l - 1);
  const nOut = trace.layers[l - 1].z.length;
  const terms = Array.from(a, (v, i) => ({ index: i, w: W[i * nOut + j], v, product: W[i * nOut + j] * v }));
  return { terms: terms.sort(byMagnitude), bias: trace.weights.intercepts[l - 1][j], z: trace.layers[l - 1].z[j] };
}

/**
 * The terms delta(l+1)_k w_jk that reach unit j of hidden layer l going back (one per unit k of
 * layer l + 1), largest first, with the trace's delta_j.
 * @returns {{ terms: Term[], delta: number }}
 */
export function backwardTerms(trace, l, j) {
  const W = trace.weights.coefs[l];
  const next = trace.layers[l].delta;
  const nOut = next.length;
  const terms = Array.from(next, (d, k) => ({ index: k, w: W[j * nOut + k], v: d, product: W[j * nOut + k] * d }));
  return { terms: terms.sort(byMagnitude), delta: trace.layers[l - 1].delta[j] };
}

/**
 * The gradients dJ/dw_ij of unit j's weights in layer l (one per input i), the largest |gradient|
 * first: { index: i, w: w_ij, v: a(l-1)_i, product: the trace's gradient }, with dJ/db_j.
 * @returns {{ terms: Term[], biasGradient: number, delta: number }}
 */
export function gradientTerms(trace, l, j) {
  const W = trace.weights.coefs[l - 1];
  const G = trace.gradients.coefs[l - 1];
  const a = activationsOf(trace, l - 1);
  const nOut = trace.layers[l - 1].delta.length;
  const terms = Array.from(a, (v, i) => ({ index: i, w: W[i * nOut + j], v, product: G[i * nOut + j] }));
  return { terms: terms.sort(byMagnitude), biasGradient: trace.gradients.intercepts[l - 1][j], delta: trace.layers[l - 1].delta[j] };
}

/**
 * Which terms to show and which to fold: all of them up to `limit`, else the first `keep`
 * (the largest) and the rest folded ("+ N more").
 * @template T
 * @param {T[]} terms
 * @returns {{ shown: T[], folded: T[] }}
 */
export function foldTerms(terms, keep = 5, limit = 7) {
  if (terms.length <= limit) return { shown: terms, folded: [] };
  return { shown: terms.slice(0, keep), folded: terms.slice(keep) };
}

/** The index of the largest |v| of a vector (0 for an empty one): the unit a step opens on. */
export function largestAt(values) {
  let best = 0;
  for (let k = 1; k < values.length; k += 1) if (Math.abs(values[k]) > Math.abs(values[best])) best = k;
  return best;
}
