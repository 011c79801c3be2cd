// How the trained classifier does on the test set, for data with more than two features
// (iris, 8x8 digits, user CSV files), where there is no input plane to paint: a confusion
// matrix and per-class scores as HTML tables (screen readers read them as tables), and the
// test points scattered in the plane of the first two principal components of the training
// rows, coloured by their true class, the misclassified ones ringed.
//
// For regression it shows r2_score, mean_squared_error and mean_absolute_error and plots each
// test row's prediction against its true value, around the dashed diagonal predicted = true.
//
// The numbers follow scikit-learn: predict() of MLPClassifier, confusion_matrix,
// classification_report and PCA(n_components=2).explained_variance_ratio_. The pure parts run
// under node (no DOM access at import time).

import {
  AXIS_LINE,
  BACKGROUND,
  FONT,
  FONT_BOLD,
  GRID_LINE,
  INK,
  INK_MUTED,
  createScheduler,
  fitCanvas,
  formatTick,
  formatValue,
  niceTicks,
  observeResize,
} from './canvas-util.js';
import { POINT_OUTLINE, classColor, mixRgb, rgbCss } from './palette.js';
import { h } from '../ui/dom.js';

const WHITE = [255, 255, 255];
/** Full-row shades of the confusion cells: dark enough for white text at 4.5:1. */
const HIT_RGB = [24, 86, 150];
const MISS_RGB = [166, 54, 3];
const INK_RGB = [31, 35, 40];
const DASH = '\u2014';
/** Points whose label is not one of the classes (a malformed file). */
const UNKNOWN_CLASS = '#bbbbbb';
const EMPTY_NOTE = 'Press Play or Step to train';
const PRED_EMPTY_LABEL = 'Predicted against true value on the test set: no points';
const CANVAS_HEIGHT = 260;
/** Legends list the classes up to this many; beyond it the colours repeat anyway. */
const LEGEND_MAX = 10;
/** Above this many test points the scatter draws squares in batches (see drawScatter). */
const MANY_POINTS = 2000;
/** The scatter shows at most this many test points (an even sample of the rows): more would only overplot. */
const MAX_SCATTER = 1500;

/**
 * The predicted class of each test row from the model's outputs (row-major nRows x nChannels).
 * One channel is P(class 1): class 1 only when p > 0.5, as LabelBinarizer.inverse_transform
 * thresholds, so 0.5 itself is class 0. Several channels: the first largest (numpy's argmax);
 * a NaN output never wins over a number.
 */
export function predictedClasses(values, nRows, nChannels) {
  const out = new Int32Array(Math.max(0, nRows | 0));
  if (nChannels === 1) {
    for (let i = 0; i < out.length; i += 1) out[i] = values[i] > 0.5 ? 1 : 0;
    return out;
  }
  for (let i = 0; i < out.length; i += 1) {
    const base = i * nChannels;
    let best = 0;
    let top = -Infinity;
    for (let k = 0; k < nChannels; k += 1) {
      const v = values[base + k];
      if (v > top) {
        top = v;
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}

/** True for an integer class index in [0, nClasses) (class indices may come as doubles). */
const isClass = (v, nClasses) => v >= 0 && v < nClasses && v === Math.floor(v);

/**
 * counts[t * nClasses + p]: how many rows of true class t were predicted p (rows: true class,
 * columns: predicted, as sklearn.metrics.confusion_matrix). Rows whose true or predicted label
 * is not a class index in [0, nClasses) are not counted; so are predictions past yTrue's end.
 */
export function confusionMatrix(yTrue, yPred, nClasses) {
  const K = Math.max(0, nClasses | 0);
  const counts = new Int32Array(K * K);
  const n = Math.min(yTrue.length, yPred.length);
  for (let i = 0; i < n; i += 1) {
    const t = yTrue[i];
    const p = yPred[i];
    if (isClass(t, K) && isClass(p, K)) counts[t * K + p] += 1;
  }
  return counts;
}

/** a / b, or 0 when b is 0 (scikit-learn's zero_division=0). */
const ratio = (a, b) => (b > 0 ? a / b : 0);

/**
 * classification_report of a confusion matrix: { accuracy, perClass: [{ precision, recall,
 * f1, support }], macro: { precision, recall, f1 }, weighted: { precision, recall, f1 },
 * total }. An undefined ratio (a class never predicted has no precision) counts as 0. Like
 * classification_report without `labels`, the macro average runs over the classes that occur
 * in the true or the predicted labels; a class absent from both still gets a row of zeros.
 */
export function classReport(matrix, nClasses) {
  const K = Math.max(0, nClasses | 0);
  const perClass = [];
  const macro = { precision: 0, recall: 0, f1: 0 };
  const weighted = { precision: 0, recall: 0, f1: 0 };
  let total = 0;
  let correct = 0;
  let present = 0;
  for (let k = 0; k < K; k += 1) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < K; j += 1) {
      support += matrix[k * K + j];
      predicted += matrix[j * K + k];
    }
    const tp = matrix[k * K + k];
    // 2 tp / (2 tp + fp + fn) equals 2 P R / (P + R) and is 0, not NaN, when P = R = 0.
    const scores = { precision: ratio(tp, predicted), recall: ratio(tp, support), f1: ratio(2 * tp, support + predicted), support };
    perClass.push(scores);
    total += support;
    correct += tp;
    if (support + predicted > 0) present += 1;
    for (const key of ['precision', 'recall', 'f1']) {
      macro[key] += scores[key];
      weighted[key] += scores[key] * support;
    }
  }
  for (const key of ['precision', 'recall', 'f1']) {
    macro[key] = ratio(macro[key], present);
    weighted[key] = ratio(weighted[key], total);
  }
  return { accuracy: ratio(correct, total), perClass, macro, weighted, total };
}

/**
 * The `count` largest eigenpairs of the symmetric p x p matrix `a` (row-major; overwritten):
 * { values: Float64Array(p) all eigenvalues, largest first, vectors: [Float64Array(p) x count]
 * unit eigenvectors of the first `count` values }. Householder reflections bring `a` to
 * tridiagonal form T = Q^T a Q (about 4p^3/3 flops), implicit QR steps with Wilkinson's shift
 * diagonalise T (their rotations kept), the wanted eigenvectors of T are made from the rotations,
 * and Q maps them back. Cyclic Jacobi is simpler but took 2 s for p = 300; this takes a fraction of that.
 */
export function symmetricEigen(a, p, count = p) {
  // 1. Tridiagonalise: reflection k maps a[k+1.., k] onto its first coordinate.
  const reflectors = [];
  for (let k = 0; k + 2 < p; k += 1) {
    const m = p - k - 1;
    const v = new Float64Array(m);
    let norm = 0;
    for (let i = 0; i < m; i += 1) {
      v[i] = a[(k + 1 + i) * p + k];
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    if (norm === 0) {
      reflectors.push(null);
      continue;
    }
    // alpha takes the sign opposite to v[0], so v[0] - alpha does not cancel.
    const alpha = v[0] >= 0 ? -norm : norm;
    v[0] -= alpha;
    let vv = 0;
    for (let i = 0; i < m; i += 1) vv += v[i] * v[i];
    const beta = 2 / vv;
    // H A H = A - v q^T - q v^T on the trailing block, w = beta A v, q = w - (beta v.w / 2) v.
    const w = new Float64Array(m);
    let vw = 0;
    for (let i = 0; i < m; i += 1) {
      const row = (k + 1 + i) * p + k + 1;
      let sum = 0;
      for (let j = 0; j < m; j += 1) sum += a[row + j] * v[j];
      w[i] = beta * sum;
      vw += v[i] * w[i];
    }
    const half = (beta * vw) / 2;
    for (let i = 0; i < m; i += 1) w[i] -= half * v[i];
    for (let i = 0; i < m; i += 1) {
      const row = (k + 1 + i) * p + k + 1;
      for (let j = 0; j < m; j += 1) a[row + j] -= v[i] * w[j] + w[i] * v[j];
    }
    for (let i = 1; i < m; i += 1) {
      a[(k + 1 + i) * p + k] = 0;
      a[k * p + k + 1 + i] = 0;
    }
    a[(k + 1) * p + k] = alpha;
    a[k * p + k + 1] = alpha;
    reflectors.push({ v, beta });
  }
  const d = new Float64Array(p);
  const e = new Float64Array(Math.max(0, p - 1)); // e[i] couples i and i + 1
  for (let i = 0; i < p; i += 1) d[i] = a[i * p + i];
  for (let i = 0; i + 1 < p; i += 1) e[i] = a[i * p + i + 1];

  // 2. Diagonalise T. The rotations are kept (k, c, s): T's eigenvector i is row i of their
  // product, made at the end for the wanted i only (gathering all p vectors as the rotations
  // come took most of the time: 25 ms of the page's thread for p = 49).
  const rotations = [];
  const negligible = (i) => Math.abs(e[i]) <= 2.3e-16 * (Math.abs(d[i]) + Math.abs(d[i + 1])) || Math.abs(e[i]) < 1e-300;
  let hi = p - 1;
  for (let steps = 0; hi > 0 && steps < 40 * p; ) {
    if (negligible(hi - 1)) {
      e[hi - 1] = 0;
      hi -= 1;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && !negligible(lo - 1)) lo -= 1;
    steps += 1;
    // Wilkinson's shift: the eigenvalue of the trailing 2 x 2 nearer its last diagonal entry.
    const delta = (d[hi - 1] - d[hi]) / 2;
    const f2 = e[hi - 1] * e[hi - 1];
    const mu = d[hi] - f2 / (delta + (delta < 0 ? -1 : 1) * Math.hypot(delta, e[hi - 1]));
    // The first rotation (on k, k + 1 = lo, lo + 1) follows the shifted first column; each
    // next one zeroes the bulge its predecessor left at (k + 1, k - 1).
    let x = d[lo] - mu;
    let y = e[lo];
    for (let k = lo; k < hi; k += 1) {
      const r = Math.hypot(x, y);
      const c = r === 0 ? 1 : x / r;
      const s = r === 0 ? 0 : -y / r;
      if (k > lo) e[k - 1] = r;
      const dk = d[k];
      const dn = d[k + 1];
      const f = e[k];
      d[k] = dk * c * c - 2 * f * c * s + dn * s * s;
      d[k + 1] = dk * s * s + 2 * f * c * s + dn * c * c;
      e[k] = (dk - dn) * c * s + f * (c * c - s * s);
      if (k + 1 < hi) {
        x = e[k];
        y = -e[k + 1] * s; // the bulge at (k + 2, k)
        e[k + 1] *= c;
      }
      rotations.push(k, c, s);
    }
  }
  /** Row i of G_R ... G_1 (G rotating rows k, k + 1 by [c -s; s c]): e_i times the rotations, last first. */
  const eigenvectorOfT = (i) => {
    const x = new Float64Array(p);
    x[i] = 1;
    for (let r = rotations.length - 3; r >= 0; r -= 3) {
      const k = rotations[r];
      const c = rotations[r + 1];
      const s = rotations[r + 2];
      const xk = x[k];
      const xn = x[k + 1];
      x[k] = c * xk + s * xn;
      x[k + 1] = c * xn - s * xk;
    }
    return x;
  };

  // 3. Sort, and map the wanted eigenvectors of T back through the reflections.
  const order = Array.from({ length: p }, (_, i) => i).sort((i, j) => d[j] - d[i] || i - j);
  const values = Float64Array.from(order, (i) => d[i]);
  const vectors = [];
  for (let n = 0; n < Math.min(count, p); n += 1) {
    const x = eigenvectorOfT(order[n]);
    for (let k = reflectors.length - 1; k >= 0; k -= 1) {
      const h = reflectors[k];
      if (!h) continue;
      let dot = 0;
      for (let i = 0; i < h.v.length; i += 1) dot += h.v[i] * x[k + 1 + i];
      dot *= h.beta;
      for (let i = 0; i < h.v.length; i += 1) x[k + 1 + i] -= dot * h.v[i];
    }
    vectors.push(x);
  }
  return { values, vectors };
}

/**
 * The first two principal components of the rows of X (row-major nRows x nFeatures), from
 * the covariance matrix (divisor n - 1, as sklearn's PCA): { mean, components: [pc1, pc2],
 * explained: [ratio1, ratio2], project(rows, n) -> Float64Array(2n) of (x, y) pairs }.
 * Signs are fixed so that each component's entry of largest |value| is positive, so the
 * picture does not flip between runs. Degenerate data stays finite: constant columns get 0
 * weight, components beyond the number of varying columns are zero vectors (one feature: a
 * zero second component; constant data: both), zero variance explains 0. Values
 * that are not finite (missing CSV cells) count as the column mean.
 */
export function pca2(X, nRows, nFeatures) {
  const job = createPca2(X, nRows, nFeatures);
  while (job.advance(Infinity));
  return job.result;
}

/** Rows between two looks at the clock in createPca2's steps (a few hundred microseconds of work). */
const PCA_ROWS_PER_CHECK = 256;

/**
 * pca2's work in steps, for big tables (100,000 x 50 takes a few hundred milliseconds): advance(deadline)
 * works until now() passes deadline (performance.now() ms) and returns true while work remains;
 * then result holds what pca2 returns. The row passes (the mean, then the centred products)
 * stop between rows; the eigenproblem (features x features) is one step.
 */
export function createPca2(X, nRows, nFeatures, now = () => performance.now()) {
  const n = Math.max(0, nRows | 0);
  const p = Math.max(0, nFeatures | 0);
  const mean = new Float64Array(p);
  const seen = new Float64Array(p);
  const cov = new Float64Array(p * p);
  const row = new Float64Array(p);
  let pass = 0; // 0: the mean, 1: the centred products, 2: done
  let i = 0;
  let result = null;

  function meanRows(end) {
    for (; i < end; i += 1) {
      for (let j = 0; j < p; j += 1) {
        const x = X[i * p + j];
        if (Number.isFinite(x)) {
          mean[j] += x;
          seen[j] += 1;
        }
      }
    }
  }

  // Two passes (mean, then centred products): no cancellation for data far from the origin.
  function productRows(end) {
    for (; i < end; i += 1) {
      for (let j = 0; j < p; j += 1) {
        const x = X[i * p + j];
        row[j] = Number.isFinite(x) ? x - mean[j] : 0;
      }
      for (let a = 0; a < p; a += 1) {
        const ra = row[a];
        if (ra === 0) continue;
        for (let b = a; b < p; b += 1) cov[a * p + b] += ra * row[b];
      }
    }
  }

  function finish() {
    const divisor = Math.max(1, n - 1);
    let trace = 0;
    for (let a = 0; a < p; a += 1) {
      for (let b = a; b < p; b += 1) {
        cov[a * p + b] /= divisor;
        cov[b * p + a] = cov[a * p + b];
      }
      trace += cov[a * p + a];
    }
    // Constant columns (digits' blank border pixels) are left out of the eigenproblem: they
    // get exactly 0 weight, and the matrix to decompose shrinks.
    const varying = [];
    for (let j = 0; j < p; j += 1) if (cov[j * p + j] > 0) varying.push(j);
    const q = varying.length;
    const reduced = new Float64Array(q * q);
    for (let a = 0; a < q; a += 1) for (let b = 0; b < q; b += 1) reduced[a * q + b] = cov[varying[a] * p + varying[b]];
    const { values, vectors } = symmetricEigen(reduced, q, 2);
    const components = [];
    const explained = [];
    for (let c = 0; c < 2; c += 1) {
      const axis = new Float64Array(p);
      if (c < q) varying.forEach((j, a) => (axis[j] = vectors[c][a]));
      let peak = 0;
      for (let j = 1; j < p; j += 1) if (Math.abs(axis[j]) > Math.abs(axis[peak])) peak = j;
      if (axis[peak] < 0) for (let j = 0; j < p; j += 1) axis[j] = -axis[j] || 0; // no -0
      components.push(axis);
      explained.push(c < q ? Math.min(1, ratio(Math.max(0, values[c]), trace)) : 0);
    }
    const [u, w] = components;
    /** Coordinates of rows first..end - 1 (row-major, nFeatures columns) on the two components, into out. */
    const projectRows = (rows, out, first, end) => {
      for (let r = first; r < end; r += 1) {
        let x = 0;
        let y = 0;
        for (let j = 0; j < p; j += 1) {
          const v = rows[r * p + j];
          if (!Number.isFinite(v)) continue;
          const d = v - mean[j];
          x += d * u[j];
          y += d * w[j];
        }
        out[2 * r] = x;
        out[2 * r + 1] = y;
      }
    };
    const countOf = (rows) => Math.floor(rows.length / Math.max(1, p));
    result = {
      mean,
      components,
      explained,
      /** Coordinates of rows (row-major, nFeatures columns) on the two components. */
      project(rows, count = countOf(rows)) {
        const out = new Float64Array(2 * count);
        projectRows(rows, out, 0, count);
        return out;
      },
      /** project() in steps: { advance(deadline) -> true while rows remain, result (the coordinates) }. */
      projectInSteps(rows, count = countOf(rows), clock = now) {
        const out = new Float64Array(2 * count);
        let at = 0;
        return {
          advance(deadline) {
            while (at < count) {
              const end = Math.min(count, at + PCA_ROWS_PER_CHECK);
              projectRows(rows, out, at, end);
              at = end;
              if (at < count && clock() >= deadline) return true;
            }
            return false;
          },
          result: out,
        };
      },
    };
  }

  return {
    advance(deadline) {
      while (pass < 2) {
        const end = Math.min(n, i + PCA_ROWS_PER_CHECK);
        if (pass === 0) meanRows(end);
        else productRows(end);
        if (i >= n) {
          if (pass === 0) for (let j = 0; j < p; j += 1) mean[j] = ratio(mean[j], seen[j]);
          pass += 1;
          i = 0;
        }
        // The eigenproblem gets a turn of its own: not after a turn's worth of rows.
        if (deadline !== Infinity && now() >= deadline) return true;
      }
      if (!result) finish();
      return false;
    },
    get result() {
      return result;
    },
  };
}

/** WCAG relative luminance of an [r, g, b] colour (0-255). */
function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two [r, g, b] colours. */
export function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colours of a confusion cell holding `count` of its row's `rowTotal` samples: { background,
 * color } as CSS strings, or null background for an empty cell. Blue on the diagonal (right),
 * orange-red off it (wrong); the share of the row sets the depth, through a square root so
 * that a few errors in a big row still show. Mid-depth colours where neither dark nor white
 * text would reach 4.5:1 are skipped: the shade deepens until white text does.
 */
export function cellShade(count, rowTotal, diagonal) {
  if (!(count > 0 && rowTotal > 0)) return { background: null, color: count > 0 ? rgbCss(INK_RGB) : INK_MUTED };
  const target = diagonal ? HIT_RGB : MISS_RGB;
  // Rounded as CSS will show it, so the contrast checks see the colour actually drawn.
  const shadeAt = (t) => mixRgb(WHITE, target, t).map(Math.round);
  let depth = 0.12 + 0.88 * Math.sqrt(Math.min(1, count / rowTotal));
  let rgb = shadeAt(depth);
  if (contrastRatio(rgb, INK_RGB) >= 4.5) return { background: rgbCss(rgb), color: INK };
  while (contrastRatio(rgb, WHITE) < 4.5 && depth < 1) {
    depth = Math.min(1, depth + 0.02);
    rgb = shadeAt(depth);
  }
  return { background: rgbCss(rgb), color: '#ffffff' };
}

/** An axis title: "PC1 (73% of variance)"; one decimal under 10 %. */
export function varianceLabel(index, explained) {
  const pct = Math.max(0, explained) * 100;
  return `PC${index + 1} (${pct.toFixed(pct < 10 ? 1 : 0)}% of variance)`;
}

/** The summary line above the tables. */
export function testSetHeading(nSamples, accuracy) {
  const a = Number.isFinite(accuracy) ? accuracy.toFixed(3) : DASH;
  return `Test set: ${nSamples} sample${nSamples === 1 ? '' : 's'} \u00b7 accuracy ${a}`;
}

/**
 * scikit-learn's regression scores of predictions yPred against targets yTrue: { r2, mse,
 * mae, n }. r2 is r2_score, 1 - SS_res / SS_tot; with its force_finite default a constant
 * target (SS_tot = 0) scores 1 when the predictions are exact (SS_res = 0), else 0. Like
 * r2_score, fewer than two rows leave r2 undefined (NaN); no rows leave every score NaN.
 * Rows where either value is not finite (a missing CSV cell, a diverged model) are skipped and
 * not counted in n; so are rows past the end of the shorter array.
 */
export function regressionReport(yTrue, yPred) {
  const rows = Math.min(yTrue?.length ?? 0, yPred?.length ?? 0);
  let n = 0;
  let sum = 0;
  let first = NaN;
  let constant = true;
  for (let i = 0; i < rows; i += 1) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!(Number.isFinite(t) && Number.isFinite(p))) continue;
    if (n === 0) first = t;
    else if (t !== first) constant = false;
    n += 1;
    sum += t;
  }
  if (n === 0) return { r2: NaN, mse: NaN, mae: NaN, n: 0 };
  // Two passes (the mean, then squares about it): no cancellation for targets far from 0. A
  // constant target's mean is that value exactly, not sum / n with its rounding (3 x 0.1).
  const mean = constant ? first : sum / n;
  let ssRes = 0;
  let ssTot = 0;
  let absSum = 0;
  for (let i = 0; i < rows; i += 1) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!(Number.isFinite(t) && Number.isFinite(p))) continue;
    const e = t - p;
    ssRes += e * e;
    absSum += Math.abs(e);
    ssTot += (t - mean) * (t - mean);
  }
  let r2;
  if (n < 2) r2 = NaN;
  else if (ssTot === 0) r2 = ssRes === 0 ? 1 : 0;
  else r2 = 1 - ssRes / ssTot;
  return { r2, mse: ssRes / n, mae: absSum / n, n };
}

/** The summary line above the regression scores: "Test set: 30 samples · R² 0.912". */
export function regressionHeading(nSamples, r2) {
  const a = Number.isFinite(r2) ? r2.toFixed(3) : DASH;
  return `Test set: ${nSamples} sample${nSamples === 1 ? '' : 's'} \u00b7 R\u00b2 ${a}`;
}

/**
 * The [lo, hi] range both axes of the predicted-against-true plot share: the smallest and
 * largest finite value of either array, padded by 5 % of the span on each side. A single
 * value v gets v +- 10 % of |v| (+-1 for 0); no finite values give [-1, 1].
 */
export function sharedRange(a, b = null) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of [a, b]) {
    if (!values) continue;
    for (let i = 0; i < values.length; i += 1) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) return [-1, 1];
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
  // A pad lost to rounding (subnormal values) would leave an empty range to divide by.
  return lo - pad < hi + pad ? [lo - pad, hi + pad] : [lo - 1, hi + 1];
}

/** Element-wise equality of two arrays, either of which may be null. */
const sameArray = (a, b) => {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
};

const TABLE_STYLE = { borderCollapse: 'collapse', fontVariantNumeric: 'tabular-nums', margin: '6px 0 10px' };
const CAPTION_STYLE = { textAlign: 'left', fontWeight: '600', padding: '0 0 4px' };
const CELL_STYLE = { padding: '3px 8px', textAlign: 'right', border: '1px solid rgba(31, 35, 40, 0.12)' };
const HEAD_STYLE = { ...CELL_STYLE, fontWeight: '600', background: '#f6f8fa' };

/**
 * createTestSetView(container, { isVisible }) -> { update(state), render(), resize(), destroy() }
 * state: { task, classNames, yTest (class indices), predicted (Int32Array, or null before
 * training), xTest (row-major), nFeatures, basis (pca2 of the training rows, or null: then the
 * test rows' own), testXY (optional: xTest already projected on basis, (x, y) pairs), epoch }. update() may come ten times a second while training: the tables
 * are rebuilt only when the confusion matrix changes, and nothing is drawn while isVisible()
 * is false.
 * With task 'regression', yTest holds the true targets and outputs (row-major nTest x 1, or
 * null before training) the model's predictions: the view then shows R², MSE, MAE and N and
 * plots predicted against true value instead of the confusion matrix and the PCA plane. A
 * change of task swaps the view's children.
 */
export function createTestSetView(container, { isVisible = () => true } = {}) {
  const heading = h('p', { class: 'testset-heading', style: { fontWeight: '600', margin: '4px 0' } }, testSetHeading(0, NaN));
  const note = h('p', { class: 'testset-note', style: { color: INK_MUTED, margin: '2px 0' } }, EMPTY_NOTE);
  const confusionBox = h('div', { class: 'testset-confusion', style: { overflowX: 'auto' } });
  const scoresBox = h('div', { class: 'testset-scores', style: { overflowX: 'auto' } });
  const canvas = h('canvas', {
    class: 'pca-canvas',
    role: 'img',
    style: { display: 'block', width: '100%', height: `${CANVAS_HEIGHT}px` },
  });
  canvas.dataset.points = '0';
  canvas.setAttribute('aria-label', 'Test set in the plane of the first two principal components: no points');
  // Regression mode's parts, attached only while the task is regression.
  const regressionBox = h('div', { class: 'testset-regression', style: { overflowX: 'auto' } });
  const predCanvas = h('canvas', {
    class: 'pred-canvas',
    role: 'img',
    style: { display: 'block', width: '100%', height: `${CANVAS_HEIGHT}px` },
  });
  predCanvas.dataset.points = '0';
  predCanvas.setAttribute('aria-label', PRED_EMPTY_LABEL);
  const root = h('div', { class: 'testset-view' }, heading, note, confusionBox, scoresBox, canvas);
  root.dataset.task = 'classification';
  container.append(root);

  const ctx = canvas.getContext('2d');
  const predCtx = predCanvas.getContext('2d');
  let mode = 'classification';
  let state = null;
  let matrix = null; // the confusion matrix of the latest update (null before training)
  let support = null; // test rows per class
  let shown = null; // { names, matrix, support } the tables show
  let plot = null; // { xy, n, basis, source } projected test points
  let ownBasis = null; // { xTest, nFeatures, basis } when the caller gives none
  let predictions = null; // regression: one prediction per test row (null before training)
  let regReport = null; // regression: regressionReport of the latest update
  let regShown = null; // the texts the regression table shows
  const scheduler = createScheduler(render, 'testset');
  const stopObserving = observeResize(canvas, () => resize());
  const stopObservingPred = observeResize(predCanvas, () => resize());

  /** Swaps the children for the task's: shared heading and note, then the mode's own parts. */
  function setMode(next) {
    if (next === mode) return;
    mode = next;
    root.dataset.task = mode;
    if (mode === 'regression') {
      // The classification parts leave the page; emptied, so nothing stale comes back.
      confusionBox.replaceChildren();
      scoresBox.replaceChildren();
      shown = null;
      matrix = null;
      support = null;
      canvas.dataset.points = '0';
      canvas.dataset.wrong = '0';
      root.replaceChildren(heading, note, regressionBox, predCanvas);
    } else {
      regressionBox.replaceChildren();
      regShown = null;
      predictions = null;
      regReport = null;
      predCanvas.dataset.points = '0';
      predCanvas.setAttribute('aria-label', PRED_EMPTY_LABEL);
      root.replaceChildren(heading, note, confusionBox, scoresBox, canvas);
    }
  }

  function rowsOf(s) {
    return s?.yTest?.length ?? 0;
  }

  /** Test rows per class, for the support column before there are predictions. */
  function supportOf(yTest, K) {
    const counts = new Int32Array(K);
    for (let i = 0; i < yTest.length; i += 1) if (isClass(yTest[i], K)) counts[yTest[i]] += 1;
    return counts;
  }

  function basisFor(s) {
    if (s.basis) return s.basis;
    const p = s.nFeatures | 0;
    if (!s.xTest || p < 1) return null;
    if (!ownBasis || ownBasis.xTest !== s.xTest || ownBasis.nFeatures !== p) {
      ownBasis = { xTest: s.xTest, nFeatures: p, basis: pca2(s.xTest, Math.floor(s.xTest.length / p), p) };
    }
    return ownBasis.basis;
  }

  /** Projects the test rows when the rows or the basis changed. */
  function projectPoints() {
    const basis = state ? basisFor(state) : null;
    const n = Math.min(rowsOf(state), state?.xTest && state.nFeatures ? Math.floor(state.xTest.length / state.nFeatures) : 0);
    if (!basis || !n) {
      plot = null;
      return;
    }
    if (plot && plot.basis === basis && plot.source === state.xTest && plot.n === n) return;
    // The caller's projection of these rows on this basis (made in steps), else one of our own.
    const given = state.testXY && state.basis === basis && state.testXY.length >= 2 * n ? state.testXY : null;
    plot = { xy: given ?? basis.project(state.xTest, n), n, basis, source: state.xTest };
  }

  function scoreCell(value) {
    return h('td', { style: CELL_STYLE }, value === null ? DASH : value.toFixed(3));
  }

  function buildConfusion(names, counts) {
    const K = names.length;
    const head = h('tr', {}, h('th', { scope: 'col', style: { ...HEAD_STYLE, textAlign: 'left' } }, 'true \\ predicted'), names.map((name) => h('th', { scope: 'col', style: HEAD_STYLE }, name)));
    const body = names.map((name, t) => {
      let rowTotal = 0;
      if (counts) for (let j = 0; j < K; j += 1) rowTotal += counts[t * K + j];
      const cells = names.map((pred, p) => {
        if (!counts) return h('td', { style: CELL_STYLE, title: `true ${name}, predicted ${pred}: not trained yet` }, '');
        const count = counts[t * K + p];
        const shade = cellShade(count, rowTotal, t === p);
        const style = { ...CELL_STYLE, color: shade.color, ...(shade.background ? { background: shade.background } : {}) };
        const title = `true ${name}, predicted ${pred}: ${count} sample${count === 1 ? '' : 's'}`;
        return h('td', { style, title, class: t === p ? 'hit' : 'miss' }, String(count));
      });
      return h('tr', {}, h('th', { scope: 'row', style: { ...HEAD_STYLE, textAlign: 'left' } }, name), cells);
    });
    let total = 0;
    if (counts) for (const c of counts) total += c;
    const table = h(
      'table',
      { class: 'confusion-table', 'data-testid': 'confusion', 'data-total': String(total), style: TABLE_STYLE },
      h('caption', { style: CAPTION_STYLE }, 'Confusion matrix (rows: true class, columns: predicted)'),
      h('thead', {}, head),
      h('tbody', {}, body),
    );
    confusionBox.replaceChildren(table);
  }

  function buildScores(names, counts, perClassSupport) {
    const report = counts ? classReport(counts, names.length) : null;
    const headers = ['class', 'precision', 'recall', 'F1', 'support'];
    const head = h('tr', {}, headers.map((t, k) => h('th', { scope: 'col', style: k ? HEAD_STYLE : { ...HEAD_STYLE, textAlign: 'left' } }, t)));
    const row = (label, scores, n, extraStyle = {}) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', style: { ...HEAD_STYLE, textAlign: 'left', ...extraStyle } }, label),
        ['precision', 'recall', 'f1'].map((key) => scoreCell(scores ? scores[key] : null)),
        h('td', { style: CELL_STYLE }, String(n)),
      );
    const rows = names.map((name, k) => row(name, report?.perClass[k] ?? null, report ? report.perClass[k].support : perClassSupport[k]));
    let total = 0;
    for (const n of perClassSupport) total += n;
    if (report) total = report.total;
    rows.push(row('macro avg', report?.macro ?? null, total, { borderTop: '2px solid rgba(31, 35, 40, 0.35)' }));
    rows.push(row('weighted avg', report?.weighted ?? null, total));
    const table = h(
      'table',
      { class: 'scores-table', 'data-testid': 'class-scores', style: TABLE_STYLE },
      h('caption', { style: CAPTION_STYLE }, 'Scores per class on the test set'),
      h('thead', {}, head),
      h('tbody', {}, rows),
    );
    scoresBox.replaceChildren(table);
  }

  function renderTables() {
    const names = (state?.classNames ?? []).map(String);
    const K = names.length;
    const nRows = rowsOf(state);
    const report = matrix ? classReport(matrix, K) : null;
    const text = testSetHeading(nRows, report && report.total > 0 ? report.accuracy : NaN);
    if (heading.textContent !== text) heading.textContent = text;
    heading.dataset.epoch = String(state?.epoch ?? 0);
    const noteText = state && !nRows ? 'No test rows: the test set is empty' : EMPTY_NOTE;
    if (note.textContent !== noteText) note.textContent = noteText;
    note.hidden = Boolean(matrix) && nRows > 0;
    // DOM work only when a number or a name changed, not on every update while training.
    if (shown && sameArray(shown.names, names) && sameArray(shown.matrix, matrix) && sameArray(shown.support, support)) return;
    shown = { names, matrix, support };
    buildConfusion(names, matrix);
    buildScores(names, matrix, support ?? new Int32Array(K));
  }

  function drawLegend(c, width, names) {
    // Class swatches then the misclassified marker, wrapped to the width: returns its height.
    const items = names.length <= LEGEND_MAX ? names.map((name, k) => ({ name, color: classColor(k) })) : [];
    if (names.length > LEGEND_MAX) items.push({ name: `${names.length} classes (colours repeat)`, color: null });
    items.push({ name: 'misclassified', ring: true });
    c.font = FONT;
    c.textBaseline = 'middle';
    c.textAlign = 'left';
    let x = 8;
    let y = 12;
    for (const item of items) {
      const w = 16 + c.measureText(item.name).width + 12;
      if (x > 8 && x + w > width - 8) {
        x = 8;
        y += 18;
      }
      if (item.ring) drawPoint(c, x + 5, y, 3, null, true);
      else if (item.color) drawPoint(c, x + 5, y, 4.5, item.color, false);
      c.fillStyle = item.color === null ? INK_MUTED : INK;
      c.fillText(item.name, x + 15, y);
      x += w;
    }
    return y + 12;
  }

  function drawPoint(c, x, y, r, color, wrong) {
    if (color) {
      c.beginPath();
      c.arc(x, y, r, 0, Math.PI * 2);
      c.fillStyle = color;
      c.fill();
      c.strokeStyle = POINT_OUTLINE;
      c.lineWidth = 1;
      c.stroke();
    }
    if (wrong) {
      // A white halo keeps the dark ring apart from the point's own outline.
      c.beginPath();
      c.arc(x, y, r + 2.5, 0, Math.PI * 2);
      c.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      c.lineWidth = 3;
      c.stroke();
      c.strokeStyle = INK;
      c.lineWidth = 1.6;
      c.stroke();
    }
  }

  /** Squares of side 2r centred on [x, y, ...], a colour at a time (colour -> coordinates). */
  function fillSquares(c, byColor, r) {
    for (const [color, xy] of byColor) {
      c.fillStyle = color;
      for (let k = 0; k < xy.length; k += 2) c.fillRect(xy[k] - r, xy[k + 1] - r, 2 * r, 2 * r);
    }
  }

  /** The misclassified among many points: their squares, then square rings. */
  function drawManyWrong(c, rows, xOf, yOf, r, colorOf) {
    if (!rows.length) return;
    const squares = new Map();
    for (const i of rows) {
      const color = colorOf(i);
      if (!squares.has(color)) squares.set(color, []);
      squares.get(color).push(xOf(i), yOf(i));
    }
    fillSquares(c, squares, r);
    // One pass of ink (no white halo as round points have): every canvas call costs the page's thread.
    const side = 2 * r + 3;
    c.strokeStyle = INK;
    c.lineWidth = 1.2;
    for (const i of rows) c.strokeRect(xOf(i) - r - 1.5, yOf(i) - r - 1.5, side, side);
  }

  function drawScatter() {
    const size = fitCanvas(canvas);
    if (!size) return;
    const { width, height, dpr } = size;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, width, height);
    const names = (state?.classNames ?? []).map(String);
    projectPoints();
    if (!plot) {
      ctx.font = FONT;
      ctx.fillStyle = INK_MUTED;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(state ? 'No test points to show' : 'No data yet', width / 2, height / 2);
      canvas.dataset.points = '0';
      canvas.dataset.wrong = '0';
      canvas.setAttribute('aria-label', 'Test set in the plane of the first two principal components: no points');
      return;
    }
    const top = drawLegend(ctx, width, names) + 4;
    const box = { left: 40, top, right: width - 10, bottom: height - 30 };
    if (box.right - box.left < 20 || box.bottom - box.top < 20) return;

    const { xy, n, basis } = plot;
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < n; i += 1) {
      const x = xy[2 * i];
      const y = xy[2 * i + 1];
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    const spread = (lo, hi) => (hi > lo ? [lo, hi] : Number.isFinite(lo) ? [lo - 1, lo + 1] : [-1, 1]);
    [x0, x1] = spread(x0, x1);
    [y0, y1] = spread(y0, y1);
    const inset = 8;
    const sx = (box.right - box.left - 2 * inset) / (x1 - x0);
    const sy = (box.bottom - box.top - 2 * inset) / (y1 - y0);
    const px = (x) => box.left + inset + (x - x0) * sx;
    const py = (y) => box.bottom - inset - (y - y0) * sy;

    // Frame, and the axes through the mean of the training rows when they cross the plot.
    ctx.strokeStyle = GRID_LINE;
    ctx.lineWidth = 1;
    ctx.beginPath();
    if (x0 < 0 && x1 > 0) {
      ctx.moveTo(Math.round(px(0)) + 0.5, box.top);
      ctx.lineTo(Math.round(px(0)) + 0.5, box.bottom);
    }
    if (y0 < 0 && y1 > 0) {
      ctx.moveTo(box.left, Math.round(py(0)) + 0.5);
      ctx.lineTo(box.right, Math.round(py(0)) + 0.5);
    }
    ctx.stroke();
    ctx.strokeStyle = AXIS_LINE;
    ctx.strokeRect(box.left + 0.5, box.top + 0.5, box.right - box.left - 1, box.bottom - box.top - 1);

    ctx.font = FONT_BOLD;
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(varianceLabel(0, basis.explained[0]), (box.left + box.right) / 2, height - 8);
    ctx.save();
    ctx.translate(16, (box.top + box.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(varianceLabel(1, basis.explained[1]), 0, 0);
    ctx.restore();

    const { yTest, predicted } = state;
    const K = names.length;
    const colorOf = (t) => (isClass(t, K) ? classColor(t) : UNKNOWN_CLASS);
    const r = n <= 300 ? 4 : n <= 2000 ? 3 : 2;
    const wrongRows = [];
    let drawn = 0;
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left + 1, box.top + 1, box.right - box.left - 2, box.bottom - box.top - 2);
    ctx.clip();
    // Many points (a big CSV file's test set) are drawn as small squares, a colour at a time, and
    // their rings as squares too: round points one by one, or paths of thousands of shapes, take
    // the page (and the rasterizer) tens to hundreds of milliseconds.
    const many = n > MANY_POINTS;
    const squares = new Map(); // colour -> [x, y, ...] of the correct points (many)
    // At most MAX_SCATTER points, every stride-th row: more would only overplot (and take long).
    const stride = Math.ceil(n / MAX_SCATTER);
    for (let i = 0; i < n; i += stride) {
      const x = xy[2 * i];
      const y = xy[2 * i + 1];
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      drawn += 1;
      const wrong = Boolean(predicted) && i < predicted.length && predicted[i] !== yTest[i];
      // The misclassified go last, so no correct point hides their ring.
      if (wrong) wrongRows.push(i);
      else if (!many) drawPoint(ctx, px(x), py(y), r, colorOf(yTest[i]), false);
      else {
        const color = colorOf(yTest[i]);
        if (!squares.has(color)) squares.set(color, []);
        squares.get(color).push(px(x), py(y));
      }
    }
    if (many) {
      fillSquares(ctx, squares, r);
      drawManyWrong(ctx, wrongRows, (i) => px(xy[2 * i]), (i) => py(xy[2 * i + 1]), r, (i) => colorOf(yTest[i]));
    } else {
      for (const i of wrongRows) drawPoint(ctx, px(xy[2 * i]), py(xy[2 * i + 1]), r, colorOf(yTest[i]), true);
    }
    ctx.restore();

    canvas.dataset.points = String(drawn);
    canvas.dataset.wrong = String(wrongRows.length);
    const pcs = `${varianceLabel(0, basis.explained[0])}, ${varianceLabel(1, basis.explained[1])}`;
    const outcome = predicted ? `${wrongRows.length} misclassified (ringed)` : 'not classified yet';
    const sample = stride > 1 ? ` (every ${stride === 2 ? '2nd' : stride === 3 ? '3rd' : `${stride}th`} of ${n.toLocaleString('en-US')} test rows)` : '';
    canvas.setAttribute('aria-label', `Test set in the plane of the first two principal components (${pcs}): ${drawn} point${drawn === 1 ? '' : 's'}${sample} coloured by true class, ${outcome}`);
  }

  function renderRegressionTable() {
    const nRows = rowsOf(state);
    const report = regReport && regReport.n > 0 ? regReport : null;
    const text = regressionHeading(nRows, report ? report.r2 : NaN);
    if (heading.textContent !== text) heading.textContent = text;
    heading.dataset.epoch = String(state?.epoch ?? 0);
    const noteText = state && !nRows ? 'No test rows: the test set is empty' : EMPTY_NOTE;
    if (note.textContent !== noteText) note.textContent = noteText;
    note.hidden = Boolean(predictions) && nRows > 0;

    let finiteTargets = 0;
    const yTest = state?.yTest ?? [];
    for (let i = 0; i < yTest.length; i += 1) if (Number.isFinite(yTest[i])) finiteTargets += 1;
    const r2Text = report && Number.isFinite(report.r2) ? report.r2.toFixed(3) : DASH;
    const rows = [
      ['R\u00b2', 'coefficient of determination, 1 \u2212 SS_res / SS_tot (r2_score)', r2Text],
      ['MSE', 'mean squared error', report ? formatValue(report.mse) : DASH],
      ['MAE', 'mean absolute error', report ? formatValue(report.mae) : DASH],
      ['N', report ? 'test rows scored (true and predicted value both finite)' : 'test rows with a finite target', String(report ? report.n : finiteTargets)],
    ];
    const key = rows.map((r) => r[2]).join('|');
    if (regShown === key) return;
    regShown = key;
    const head = h('tr', {}, h('th', { scope: 'col', style: { ...HEAD_STYLE, textAlign: 'left' } }, 'score'), h('th', { scope: 'col', style: HEAD_STYLE }, 'value'));
    const body = rows.map(([label, title, value]) =>
      h('tr', {}, h('th', { scope: 'row', title, style: { ...HEAD_STYLE, textAlign: 'left' } }, label), h('td', { style: CELL_STYLE }, value)),
    );
    const table = h(
      'table',
      {
        class: 'scores-table regression-table',
        'data-testid': 'regression-scores',
        'data-n': String(report ? report.n : 0),
        'data-r2': report && Number.isFinite(report.r2) ? String(report.r2) : '',
        style: TABLE_STYLE,
      },
      h('caption', { style: CAPTION_STYLE }, 'Regression scores on the test set'),
      h('thead', {}, head),
      h('tbody', {}, body),
    );
    regressionBox.replaceChildren(table);
  }

  function drawPredictions() {
    const size = fitCanvas(predCanvas);
    if (!size) return;
    const { width, height, dpr } = size;
    const c = predCtx;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.fillStyle = BACKGROUND;
    c.fillRect(0, 0, width, height);
    const n = rowsOf(state);
    predCanvas.dataset.points = '0';
    if (!n) {
      c.font = FONT;
      c.fillStyle = INK_MUTED;
      c.textAlign = 'center';
      c.textBaseline = 'middle';
      c.fillText(state ? 'No test points to show' : 'No data yet', width / 2, height / 2);
      predCanvas.setAttribute('aria-label', PRED_EMPTY_LABEL);
      return;
    }
    const yTest = state.yTest;
    const [lo, hi] = sharedRange(yTest, predictions);
    const { ticks, step } = niceTicks(lo, hi, 5);
    const labels = ticks.map((t) => formatTick(t, step));

    // Legend on the first line: the point marker and the dashed diagonal.
    c.font = FONT;
    c.textBaseline = 'middle';
    c.textAlign = 'left';
    drawDot(c, 13, 12, 4, n);
    c.fillStyle = INK;
    c.fillText('test row', 23, 12);
    const x2 = 23 + c.measureText('test row').width + 16;
    c.strokeStyle = INK_MUTED;
    c.lineWidth = 1.5;
    c.setLineDash([5, 4]);
    c.beginPath();
    c.moveTo(x2, 12.5);
    c.lineTo(x2 + 22, 12.5);
    c.stroke();
    c.setLineDash([]);
    c.fillText('predicted = true', x2 + 28, 12);

    let labelWidth = 0;
    for (const label of labels) labelWidth = Math.max(labelWidth, c.measureText(label).width);
    const box = { left: Math.ceil(30 + labelWidth + 6), top: 28, right: width - 12, bottom: height - 36 };
    if (box.right - box.left < 20 || box.bottom - box.top < 20) return;
    const sx = (box.right - box.left) / (hi - lo);
    const sy = (box.bottom - box.top) / (hi - lo);
    const px = (v) => box.left + (v - lo) * sx;
    const py = (v) => box.bottom - (v - lo) * sy;

    // Grid and tick labels: the same values on both axes.
    c.strokeStyle = GRID_LINE;
    c.lineWidth = 1;
    c.beginPath();
    for (const t of ticks) {
      const x = Math.round(px(t)) + 0.5;
      const y = Math.round(py(t)) + 0.5;
      c.moveTo(x, box.top);
      c.lineTo(x, box.bottom);
      c.moveTo(box.left, y);
      c.lineTo(box.right, y);
    }
    c.stroke();
    c.strokeStyle = AXIS_LINE;
    c.strokeRect(box.left + 0.5, box.top + 0.5, box.right - box.left - 1, box.bottom - box.top - 1);
    c.fillStyle = INK_MUTED;
    c.textAlign = 'center';
    c.textBaseline = 'top';
    ticks.forEach((t, k) => c.fillText(labels[k], px(t), box.bottom + 4));
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    ticks.forEach((t, k) => c.fillText(labels[k], box.left - 5, py(t)));

    c.font = FONT_BOLD;
    c.fillStyle = INK;
    c.textAlign = 'center';
    c.textBaseline = 'bottom';
    c.fillText('true value', (box.left + box.right) / 2, height - 4);
    c.save();
    c.translate(14, (box.top + box.bottom) / 2);
    c.rotate(-Math.PI / 2);
    c.textBaseline = 'middle';
    c.fillText('predicted', 0, 0);
    c.restore();

    c.save();
    c.beginPath();
    c.rect(box.left + 1, box.top + 1, box.right - box.left - 2, box.bottom - box.top - 2);
    c.clip();
    // y = x: where a perfect model's points lie.
    c.strokeStyle = INK_MUTED;
    c.lineWidth = 1.5;
    c.setLineDash([6, 5]);
    c.beginPath();
    c.moveTo(px(lo), py(lo));
    c.lineTo(px(hi), py(hi));
    c.stroke();
    c.setLineDash([]);
    let drawn = 0;
    if (predictions) {
      const r = n <= 300 ? 4 : n <= 2000 ? 3 : 2;
      // As in the scatter: at most MAX_SCATTER points (every stride-th row), and many as one path.
      const stride = Math.ceil(n / MAX_SCATTER);
      const many = n > MANY_POINTS ? [] : null;
      for (let i = 0; i < n && i < predictions.length; i += stride) {
        const t = yTest[i];
        const p = predictions[i];
        if (!(Number.isFinite(t) && Number.isFinite(p))) continue;
        if (many) many.push(px(t), py(p));
        else drawDot(c, px(t), py(p), r, n);
        drawn += 1;
      }
      if (many) {
        c.globalAlpha = 0.6;
        fillSquares(c, new Map([[classColor(0), many]]), r);
        c.globalAlpha = 1;
      }
    }
    c.restore();

    predCanvas.dataset.points = String(drawn);
    const r2 = regReport && Number.isFinite(regReport.r2) ? regReport.r2.toFixed(3) : DASH;
    predCanvas.setAttribute(
      'aria-label',
      predictions
        ? `Predicted against true value for ${drawn} test point${drawn === 1 ? '' : 's'}, R\u00b2 ${r2}; the dashed line marks predicted = true`
        : `Predicted against true value: not trained yet, ${n} test row${n === 1 ? '' : 's'}`,
    );
  }

  /** A prediction's dot; translucent when there are many, so dense regions show. */
  function drawDot(c, x, y, r, count) {
    c.beginPath();
    c.arc(x, y, r, 0, Math.PI * 2);
    c.fillStyle = classColor(0);
    c.globalAlpha = count > 300 ? 0.6 : 0.9;
    c.fill();
    c.globalAlpha = 1;
    if (count <= 2000) {
      c.strokeStyle = POINT_OUTLINE;
      c.lineWidth = 1;
      c.stroke();
    }
  }

  function render() {
    if (!isVisible()) return;
    if (mode === 'regression') {
      renderRegressionTable();
      drawPredictions();
      return;
    }
    renderTables();
    drawScatter();
  }

  function resize() {
    if (!(mode === 'regression' ? predCanvas : canvas).clientWidth) return;
    scheduler.request();
  }

  /** The first channel of each test row's outputs, as many rows as there are targets. */
  function firstChannel(outputs, nRows) {
    if (!outputs) return null;
    const channels = nRows > 0 ? Math.max(1, Math.floor(outputs.length / nRows)) : 1;
    if (channels === 1) return outputs.length > nRows ? outputs.subarray(0, nRows) : outputs;
    const out = new Float64Array(nRows);
    for (let i = 0; i < nRows; i += 1) out[i] = outputs[i * channels];
    return out;
  }

  return {
    update(next) {
      if (!next) return;
      const yTest = next.yTest ?? new Float64Array(0);
      setMode(next.task === 'regression' ? 'regression' : 'classification');
      state = { ...next, yTest };
      if (mode === 'regression') {
        predictions = firstChannel(next.outputs, yTest.length);
        regReport = predictions ? regressionReport(yTest, predictions) : null;
      } else {
        const K = next.classNames?.length ?? 0;
        matrix = next.predicted ? confusionMatrix(yTest, next.predicted, K) : null;
        support = supportOf(yTest, K);
      }
      scheduler.request();
    },
    render: () => scheduler.flush(),
    resize,
    destroy() {
      scheduler.cancel();
      stopObserving();
      stopObservingPred();
      root.remove();
    },
  };
}
