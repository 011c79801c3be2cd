// How much of the engine's memory a configuration on some data needs, estimated before anything
// is sent, so that a run too large for WebAssembly's heap (2 GB at most) is refused with the
// sizes that make it too large instead of crashing the worker.
//
// The estimate counts what the engine holds at its peak, by the core's own structures:
//   data      raw columns (float64) and the model's inputs (the precision), train and test rows
//   targets   one column per output (the precision)
//   weights   W parameters, their gradient, the optimizer's state (sgd 1 x W, adam 2 x W, lbfgs
//             10 pairs of float64 vectors), the best weights kept for early stopping
//   layers    activations and deltas of a batch (lbfgs: every training row) through every layer,
//             and those of the chunks of 4,096 rows the engine predicts in (scores, the grid)
// plus a quarter for the allocator and the growth of the heap. Measured in node against the
// heap's size after one epoch and a 200 x 200 grid (float64, 3 classes): 20,000 x 50 rows with
// (256, 256) adam 76 MB (estimate 70 MB), lbfgs 218 MB (247 MB); 5,000 x 10 rows with
// (1000, 1000) sgd 218 MB (205 MB).
import { thousands } from '../state/thousands.js';

/** WebAssembly's heap is limited to 2 GB; runs estimated above this share of it are refused. */
export const HEAP_LIMIT = 2 ** 31;
export const MEMORY_BUDGET = 1.5 * 2 ** 30;
/** The engine predicts (scores, grid) this many rows at a time (network.hpp's predict_outputs). */
const PREDICT_CHUNK = 4096;

/** The number of model outputs for these data: classes (found in y) or targets. */
function outputsOf(estimator, data) {
  if (estimator !== 'MLPClassifier') return data.nTargets ?? 1;
  const k = data.nClasses ?? 2;
  return k <= 2 ? 1 : k;
}

/**
 * The data's dimensions from a data request: { rows, testRows, inputs, nTargets, nClasses }
 * (generate: the generator's n_samples and n_features; arrays: the arrays' lengths and the
 * distinct labels of yTrain, counted up to 1,000).
 */
export function dataShape(request) {
  if (!request) return null;
  const derived = request.features?.derived?.length ?? 0;
  // An image set (Fashion-MNIST): its counts come with the request; 28 x 28 inputs, 10 classes.
  // The engine keeps its pixels as bytes (bytes: 1 per input, no copy in the model's precision).
  if (request.images) return { rows: request.images.nTrain, testRows: request.images.nTest, inputs: 784, nTargets: 1, nClasses: 10, bytes: true };
  if (request.generate) {
    const p = request.generate.params ?? {};
    const n = Number(p.n_samples) || 100;
    const test = Math.round(n * (request.split?.test_size ?? 0.25));
    const centers = Number.isInteger(p.centers) ? p.centers : Array.isArray(p.centers) ? p.centers.length : 2;
    return { rows: n - test, testRows: test, inputs: (Number(p.n_features) || 2) + derived, nTargets: 1, nClasses: centers };
  }
  const a = request.arrays;
  const nTargets = a.nTargets ?? 1;
  const all = a.yTrain.length / nTargets + (a.yTest?.length ?? 0) / nTargets;
  const testRows = request.split ? Math.round(all * request.split.test_size) : (a.yTest?.length ?? 0) / nTargets;
  return { rows: all - testRows, testRows, inputs: a.nFeatures + derived, nTargets, nClasses: distinctLabels(a.yTrain) };
}

/** Labels counted by distinctLabels at most (one more means "more than that"). */
const MAX_LABELS = 1000;
const labelCounts = new WeakMap(); // yTrain -> its distinct labels: a request is measured several times

/**
 * The distinct values of labels, counted up to MAX_LABELS + 1. Class codes (whole numbers below
 * MAX_LABELS) are marked in a typed array: a Set of 100,000 doubles took the page's thread
 * 50 ms or more, each of the several times a request is measured.
 */
function distinctLabels(labels) {
  const known = typeof labels === 'object' && labels !== null ? labelCounts.get(labels) : undefined;
  if (known !== undefined) return known;
  const codes = new Uint8Array(MAX_LABELS);
  const others = new Set();
  let count = 0;
  for (let i = 0; i < labels.length && count <= MAX_LABELS; i += 1) {
    const y = labels[i];
    if (y >= 0 && y < MAX_LABELS && y === Math.floor(y)) {
      if (!codes[y]) {
        codes[y] = 1;
        count += 1;
      }
    } else if (!others.has(y)) {
      others.add(y);
      count += 1;
    }
  }
  if (typeof labels === 'object' && labels !== null) labelCounts.set(labels, count);
  return count;
}

/** Every layer's width, inputs first: [inputs, hidden..., outputs]. */
export function layerSizes(configure, shape) {
  const hidden = configure?.params?.hidden_layer_sizes ?? [100];
  const sizes = Array.isArray(hidden) ? hidden : [hidden];
  return [shape.inputs, ...sizes.map(Number), outputsOf(configure?.estimator, shape)];
}

/**
 * The engine's peak memory in bytes for a configure request ({ estimator, params, precision })
 * on data of this shape (dataShape). NaN without either.
 */
export function estimateBytes(configure, shape) {
  if (!configure || !shape) return NaN;
  const s = configure.precision === 'float32' ? 4 : 8;
  const units = layerSizes(configure, shape);
  const p = configure.params ?? {};
  let weights = 0;
  for (let l = 0; l + 1 < units.length; l += 1) weights += units[l] * units[l + 1] + units[l + 1];
  const width = units.reduce((a, b) => a + b, 0);
  const { rows, testRows, inputs } = shape;
  const all = rows + testRows;
  const solver = p.solver ?? 'adam';
  const batch = solver === 'lbfgs' ? rows : Math.min(rows, p.batch_size === 'auto' || p.batch_size == null ? 200 : Number(p.batch_size));
  const optimizer = solver === 'lbfgs' ? 2 * 10 * weights * 8 + 4 * weights * 8 : (solver === 'adam' ? 2 : 1) * weights * s;
  const data = all * (shape.bytes ? inputs : inputs * 8 + inputs * s) + all * units.at(-1) * (8 + s);
  const model = 3 * weights * s + optimizer; // W, its gradient, the best W; the optimizer's state
  const layers = 2 * batch * width * s + 2 * PREDICT_CHUNK * width * s;
  return Math.ceil(1.25 * (data + model + layers));
}

/** 1.6 GB, 512 MB, 12 KB: a size in words. */
export function formatBytes(bytes) {
  /** @type {Array<[string, number]>} */
  const units = [['GB', 2 ** 30], ['MB', 2 ** 20], ['KB', 2 ** 10]];
  for (const [name, size] of units) {
    if (bytes >= size) return `${(bytes / size).toFixed(bytes >= 10 * size ? 0 : 1)} ${name}`;
  }
  return `${bytes} bytes`;
}

/** The size of a run in words: "100,000 rows x 50 inputs, layers (50, 2000, 2000, 1) in float64: about 3.4 GB". */
export function describeMemory(configure, shape) {
  const bytes = estimateBytes(configure, shape);
  if (!Number.isFinite(bytes)) return '';
  const units = layerSizes(configure, shape);
  return `${thousands(shape.rows + shape.testRows)} rows x ${thousands(shape.inputs)} inputs with layers (${units.join(', ')}) in ` +
    `${configure.precision ?? 'float64'} need about ${formatBytes(bytes)} of the engine's memory`;
}

/**
 * null when the run fits the engine's memory, else { parameter: 'memory', value, message }: the
 * refusal, naming the rows, inputs, layers and bytes, and what would make it fit.
 */
export function memoryProblem(configure, shape, budget = MEMORY_BUDGET) {
  const bytes = estimateBytes(configure, shape);
  if (!(bytes > budget)) return null;
  return {
    parameter: 'memory',
    value: formatBytes(bytes),
    message: `${describeMemory(configure, shape)}, more than the ${formatBytes(budget)} it can use ` +
      `(WebAssembly's heap is limited to ${formatBytes(HEAP_LIMIT)}). Use fewer rows, fewer or narrower hidden layers, ` +
      `float32, or a smaller batch_size with sgd or adam.`,
  };
}
