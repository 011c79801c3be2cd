// What the network diagram shows of a trace at one step (its optional overlay): a value per
// link and per unit, for the layers the step has reached. Forward steps: a link carries its
// contribution w_ij a_i to the next layer's sum for the traced input and a unit its activation
// a; backward steps: a link carries the gradient dJ/dw_ij and a unit its delta. Layers the step
// has not reached yet carry null. Pure: no DOM; the contributions are products of the trace's
// own weights and activations, formed for display only.

import { activationsOf, layerWidths } from './terms.js';

/**
 * @typedef {{ kind: 'contribution' | 'gradient', unitKind: 'activation' | 'delta',
 *   links: Array<Float64Array | null>, units: Array<Float64Array | null>, focus: number }} TraceOverlay
 * links[l]: the links from column l to column l + 1 (n_l x n_l+1, row-major like coefs_[l]);
 * units[l]: column l's units (column 0: the inputs); focus: the column the step is about (-1: none).
 */

/** The contributions w_ij a_i of coefs[l] (column l to l + 1) for the traced input. */
export function contributions(trace, l) {
  const W = trace.weights.coefs[l];
  const a = activationsOf(trace, l);
  const nOut = W.length / a.length;
  const out = new Float64Array(W.length);
  for (let i = 0; i < a.length; i += 1) for (let j = 0; j < nOut; j += 1) out[i * nOut + j] = W[i * nOut + j] * a[i];
  return out;
}

/**
 * The overlay for a step (state/trace-steps.js) of a trace: the forward pass up to the step's
 * layer, or the backward pass down to it.
 * @returns {TraceOverlay}
 */
export function traceOverlay(trace, step) {
  const L = trace.layers.length;
  const columns = layerWidths(trace).length;
  const links = new Array(L).fill(null);
  const units = new Array(columns).fill(null);
  if (step.phase === 'forward') {
    // The forward pass up to layer `reach`: every layer once the output is reached.
    const reach = step.kind === 'input' ? 0 : step.kind === 'forward' ? step.layer : L;
    for (let l = 0; l <= reach; l += 1) units[l] = Float64Array.from(activationsOf(trace, l));
    for (let l = 0; l < reach; l += 1) links[l] = contributions(trace, l);
    return { kind: 'contribution', unitKind: 'activation', links, units, focus: step.kind === 'forward' || step.kind === 'input' ? reach : L };
  }
  // Going back: delta(l) and the gradients of W(l) are known for every layer from `from` up.
  const from = step.kind === 'sgd' ? 1 : step.layer;
  for (let l = from; l <= L; l += 1) {
    units[l] = Float64Array.from(trace.layers[l - 1].delta);
    links[l - 1] = Float64Array.from(trace.gradients.coefs[l - 1]);
  }
  return { kind: 'gradient', unitKind: 'delta', links, units, focus: step.kind === 'sgd' ? -1 : step.layer };
}
