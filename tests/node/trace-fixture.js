// Hand-made traces in the shape of the engine's `trace` reply (issue 14), for the panel's tests
// while the engine's call is being written: the weights are written here by hand and every other
// number (z, a, delta, the gradients, the loss, the sgd step) is computed from them below, in
// float64, the way scikit-learn's MLP does for a batch of one sample. No imports: the browser
// test loads this file in the page too.

const ACT = {
  identity: { f: (z) => z, d: () => 1 },
  logistic: { f: (z) => 1 / (1 + Math.exp(-z)), d: (a) => a * (1 - a) },
  tanh: { f: (z) => Math.tanh(z), d: (a) => 1 - a * a },
  relu: { f: (z) => Math.max(0, z), d: (a) => (a > 0 ? 1 : 0) },
};

function softmax(z) {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((x, y) => x + y, 0);
  return e.map((v) => v / s);
}

/** a(l) for every layer: [{ z, a }] with coefs[l] row-major n_in x n_out. */
function forward(input, coefs, intercepts, hidden, out) {
  const layers = [];
  let a = Array.from(input);
  for (let l = 0; l < coefs.length; l += 1) {
    const nIn = a.length;
    const nOut = intercepts[l].length;
    const z = Array.from({ length: nOut }, (_, j) => {
      let s = intercepts[l][j];
      for (let i = 0; i < nIn; i += 1) s += a[i] * coefs[l][i * nOut + j];
      return s;
    });
    const last = l === coefs.length - 1;
    a = last && out === 'softmax' ? softmax(z) : z.map(ACT[last ? out : hidden].f);
    layers.push({ z, a });
  }
  return layers;
}

function lossOf(kind, p, y, coefs, alpha) {
  let data = 0;
  if (kind === 'regression') data = p.reduce((s, v, k) => s + (y[k] - v) ** 2, 0) / p.length / 2;
  else if (kind === 'multiclass') data = -p.reduce((s, v, k) => s + y[k] * Math.log(v), 0);
  else data = -p.reduce((s, v, k) => s + y[k] * Math.log(v) + (1 - y[k]) * Math.log(1 - v), 0);
  let sq = 0;
  for (const W of coefs) for (const w of W) sq += w * w;
  const penalty = 0.5 * alpha * sq;
  return { data, penalty, total: data + penalty };
}

/**
 * A trace of `input` through the net. spec: { kind, hidden (activation), out (activation),
 * coefs, intercepts (plain arrays), input, point, target, alpha, learningRate }.
 */
export function makeTrace(spec) {
  const { kind, hidden, out, coefs, intercepts, input, point, target, alpha, learningRate } = spec;
  const fwd = forward(input, coefs, intercepts, hidden, out);
  const L = coefs.length;
  const deltas = new Array(L);
  deltas[L - 1] = fwd[L - 1].a.map((v, k) => v - target[k]);
  for (let l = L - 2; l >= 0; l -= 1) {
    const nOut = intercepts[l + 1].length;
    deltas[l] = fwd[l].a.map((a, j) => {
      let s = 0;
      for (let k = 0; k < nOut; k += 1) s += deltas[l + 1][k] * coefs[l + 1][j * nOut + k];
      return s * ACT[hidden].d(a);
    });
  }
  const prev = (l) => (l === 0 ? Array.from(input) : fwd[l - 1].a);
  const gradCoefs = coefs.map((W, l) => {
    const nOut = intercepts[l].length;
    return W.map((w, k) => prev(l)[Math.floor(k / nOut)] * deltas[l][k % nOut] + alpha * w);
  });
  const values = fwd[L - 1].a;
  const loss = lossOf(kind, values, target, coefs, alpha);
  const stepped = coefs.map((W, l) => W.map((w, k) => w - learningRate * gradCoefs[l][k]));
  const steppedB = intercepts.map((b, l) => b.map((v, k) => v - learningRate * deltas[l][k]));
  const after = forward(input, stepped, steppedB, hidden, out)[L - 1].a;
  let predicted;
  if (kind === 'binary') predicted = values[0] > 0.5 ? 1 : 0;
  else if (kind === 'multiclass') predicted = values.indexOf(Math.max(...values));
  else if (kind === 'multilabel') predicted = values.map((v) => (v > 0.5 ? 1 : 0));
  else predicted = values.length === 1 ? values[0] : values.slice();
  const f64 = (v) => Float64Array.from(v);
  return {
    precision: 'float64',
    point: point.slice(),
    input: f64(input),
    layers: fwd.map((ly, l) => ({ activation: l === L - 1 ? out : hidden, z: f64(ly.z), a: f64(ly.a), delta: f64(deltas[l]) })),
    output: { kind, values: f64(values), predicted, target: f64(target) },
    weights: { coefs: coefs.map(f64), intercepts: intercepts.map(f64) },
    gradients: { coefs: gradCoefs.map(f64), intercepts: deltas.map(f64) },
    loss,
    step: { learningRate, loss: lossOf(kind, after, target, stepped, alpha), values: f64(after) },
  };
}

/** The alpha each fixture was made with (the panel is given it beside the trace). */
export const FIXTURE_ALPHA = { binaryTrace: 0.0001, multiclassTrace: 0.001, wideRegressionTrace: 0.0001, multilabelTrace: 0.01, twoTargetTrace: 0.0001 };

/** 2 -> [3, 2] -> 1 logistic, relu hidden units (one unit of each hidden layer dead for this input), true class 1. */
export function binaryTrace() {
  return makeTrace({
    kind: 'binary',
    hidden: 'relu',
    out: 'logistic',
    // coefs[0]: 2 x 3, coefs[1]: 3 x 2, coefs[2]: 2 x 1 (row-major, n_in x n_out, as coefs_)
    coefs: [
      [0.8, -0.5, 0.3, -0.4, 0.9, -1.2],
      [1.1, -0.7, 0.6, 0.5, 0.9, 0.2],
      [1.3, -0.8],
    ],
    intercepts: [[0.1, -0.2, 0.05], [0.0, 0.3], [-0.1]],
    point: [0.4, -0.9],
    input: [0.52, -1.1],
    target: [1],
    alpha: 0.0001,
    learningRate: 0.1,
  });
}

/** 2 -> [4] -> 3 softmax, tanh hidden units, true class 2. */
export function multiclassTrace() {
  return makeTrace({
    kind: 'multiclass',
    hidden: 'tanh',
    out: 'softmax',
    coefs: [
      [0.5, -1.0, 0.25, 0.7, -0.6, 0.4, 1.1, -0.3],
      [0.9, -0.4, 0.2, -0.5, 0.8, 0.1, 0.3, 0.3, -1.0, -0.7, 0.2, 0.6],
    ],
    intercepts: [[0.0, 0.1, -0.1, 0.2], [0.05, -0.05, 0.0]],
    point: [1.5, 0.25],
    input: [1.2, 0.3],
    target: [0, 0, 1],
    alpha: 0.001,
    learningRate: 0.05,
  });
}

/** 2 -> [20] -> 1 identity (regression), tanh: a layer wide enough to fold its contributions. */
export function wideRegressionTrace() {
  const n = 20;
  return makeTrace({
    kind: 'regression',
    hidden: 'tanh',
    out: 'identity',
    coefs: [Array.from({ length: 2 * n }, (_, k) => Math.sin(k + 1) * 0.9), Array.from({ length: n }, (_, k) => Math.cos(2 * k + 1) * 0.8)],
    intercepts: [Array.from({ length: n }, (_, k) => (k % 3) * 0.1 - 0.1), [0.2]],
    point: [0.3, -0.6],
    input: [0.3, -0.6],
    target: [0.5],
    alpha: 0.0001,
    learningRate: 0.01,
  });
}

/** 2 -> [3] -> 2 logistic labels (multilabel), logistic hidden units, labels (1, 0). */
export function multilabelTrace() {
  return makeTrace({
    kind: 'multilabel',
    hidden: 'logistic',
    out: 'logistic',
    coefs: [[0.4, -0.9, 1.2, 0.8, 0.3, -0.5], [1.5, -0.6, -0.7, 0.9, 0.2, 0.4]],
    intercepts: [[0.1, 0.0, -0.2], [-0.3, 0.1]],
    point: [-0.5, 0.7],
    input: [-0.5, 0.7],
    target: [1, 0],
    alpha: 0.01,
    learningRate: 0.2,
  });
}

/** 2 -> [3] -> 2 identity (a regression of two targets), relu hidden units. */
export function twoTargetTrace() {
  return makeTrace({
    kind: 'regression',
    hidden: 'relu',
    out: 'identity',
    coefs: [[0.7, -0.2, 0.5, 0.3, 0.8, -0.6], [1.0, 0.4, -0.5, 0.9, 0.3, -0.2]],
    intercepts: [[0.2, 0.1, 0.0], [0.05, -0.1]],
    point: [1, 2],
    input: [0.8, 1.1],
    target: [0.9, 1.4],
    alpha: 0.0001,
    learningRate: 0.05,
  });
}
