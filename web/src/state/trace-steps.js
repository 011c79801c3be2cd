// The steps of "Follow one input" (issue 14): one input's way forward through the network and
// back, as a list that a panel walks with Next and Previous. Pure: no DOM, nothing computed;
// every step names what it shows and the trace (the engine's `trace` reply) holds the numbers.
//
// For a network of L layers (trace.layers[l - 1] is layer l, the output layer last):
//   input                  a(0) = x
//   forward    l = 1..L    z(l) = W(l) a(l-1) + b(l),  a(l) = sigma(z(l))
//   output                 the logistic value against 0.5, the softmax, or the regression value
//   loss                   the cost J for this sample (data + penalty)
//   error      l = L       delta(L) = a(L) - y
//   delta      l = L-1..1  delta(l) = (W(l+1)^T delta(l+1)) * sigma'(z(l))
//   gradient   l = L..1    dJ/dW(l) = delta(l) a(l-1)^T + alpha W(l),  dJ/db(l) = delta(l)
// The course's notation: W(l) is n_l x n_(l-1), scikit-learn's coefs_[l-1] transposed, and w_jk
// weighs unit k of layer l-1 into unit j of layer l.
//   sgd                    W <- W - eta dJ/dW: the loss before and after
// A step's index is a small integer that a share link can carry (stepFromLink reads it back).

/**
 * @typedef {{ kind: 'input' | 'forward' | 'output' | 'loss' | 'error' | 'delta' | 'gradient' | 'sgd',
 *   phase: 'forward' | 'backward', layer: number, title: string }} TraceStep
 * `layer`: l in the course's notation (1..L; 0 for the input, L for the output, loss and error
 * steps, -1 for the sgd step).
 */

/**
 * The steps of a trace, in order (forward, then backward). A network of L layers has 3L + 4
 * steps: input, L forward, output, loss, error, L - 1 deltas, L gradients, sgd.
 * @param {{ layers: Array<unknown> }} trace
 * @returns {TraceStep[]}
 */
export function traceSteps(trace) {
  const L = trace.layers.length;
  const name = (l) => (l === L ? 'the output layer' : `hidden layer ${l}`);
  /** @type {TraceStep[]} */
  const steps = [{ kind: 'input', phase: 'forward', layer: 0, title: 'The input a(0)' }];
  for (let l = 1; l <= L; l += 1) steps.push({ kind: 'forward', phase: 'forward', layer: l, title: `Forward: ${name(l)}` });
  steps.push({ kind: 'output', phase: 'forward', layer: L, title: 'The output' });
  steps.push({ kind: 'loss', phase: 'forward', layer: L, title: 'The loss for this input' });
  steps.push({ kind: 'error', phase: 'backward', layer: L, title: 'Backward: the output error' });
  for (let l = L - 1; l >= 1; l -= 1) steps.push({ kind: 'delta', phase: 'backward', layer: l, title: `Backward: delta of ${name(l)}` });
  for (let l = L; l >= 1; l -= 1) steps.push({ kind: 'gradient', phase: 'backward', layer: l, title: `Gradients of ${name(l)}` });
  steps.push({ kind: 'sgd', phase: 'backward', layer: -1, title: 'One sgd step' });
  return steps;
}

/**
 * A cursor over `count` steps: next/previous/go move it (clamped to 0..count-1) and return
 * whether it moved; onChange(index) is called after each move.
 * @param {number} count
 * @param {{ index?: number, onChange?: (index: number) => void }} [options]
 */
export function createStepCursor(count, { index = 0, onChange = () => {} } = {}) {
  const clamp = (i) => Math.max(0, Math.min(count - 1, Math.trunc(i)));
  let at = Number.isFinite(index) ? clamp(index) : 0;
  const go = (i) => {
    if (!Number.isFinite(i)) return false;
    const next = clamp(i);
    if (next === at) return false;
    at = next;
    onChange(at);
    return true;
  };
  return {
    get index() {
      return at;
    },
    get count() {
      return count;
    },
    get atStart() {
      return at === 0;
    },
    get atEnd() {
      return at === count - 1;
    },
    go,
    next: () => go(at + 1),
    previous: () => go(at - 1),
  };
}

/** The step index as a share link writes it (a small decimal integer). */
export const stepToLink = (index) => String(Math.max(0, Math.trunc(index) || 0));

/**
 * The step index a share link says, for a trace of `count` steps: the integer clamped into
 * 0..count-1, or null when the text is not a small non-negative integer. Never throws.
 * @param {unknown} text
 * @param {number} count
 */
export function stepFromLink(text, count) {
  if (typeof text !== 'string' || !/^\d{1,4}$/.test(text) || !(count > 0)) return null;
  return Math.min(count - 1, Number(text));
}
