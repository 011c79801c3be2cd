// The test set's scores, as scikit-learn computes them: the predicted class of each row from the
// model's outputs (MLPClassifier.predict), confusion_matrix, classification_report, and
// r2_score, mean_squared_error and mean_absolute_error for regression. Pure functions on typed
// arrays (the page's test-set view shows them; node tests check them).

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
export const isClass = (v, nClasses) => v >= 0 && v < nClasses && v === Math.floor(v);

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
export const ratio = (a, b) => (b > 0 ? a / b : 0);

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
