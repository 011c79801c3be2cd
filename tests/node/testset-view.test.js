// The test-set view's pure parts: predicted classes from the model's outputs, the confusion
// matrix, classification_report's scores, the PCA plane the test points are drawn in, the
// regression scores (r2_score, MSE, MAE) and the range of the predicted-against-true plot, and
// the colours and labels of the tables and the plot (no browser needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  cellShade,
  classReport,
  confusionMatrix,
  contrastRatio,
  createPca2,
  pca2,
  predictedClasses,
  regressionHeading,
  regressionReport,
  sharedRange,
  symmetricEigen,
  testSetHeading,
  varianceLabel,
} from '../../web/src/views/testset.js';

const close = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol;
const assertClose = (actual, expected, tol, what) => assert.ok(close(actual, expected, tol), `${what}: ${actual}, expected ${expected}`);
const assertVector = (actual, expected, tol, what) => expected.forEach((v, i) => assertClose(actual[i], v, tol, `${what}[${i}]`));
const rgbOf = (css) => (css.startsWith('#') ? [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) : css.match(/\d+/g).slice(0, 3).map(Number));

/** A small deterministic generator (an LCG), so the random matrices are the same every run. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('one output channel is P(class 1): class 1 only above 0.5, as LabelBinarizer thresholds', () => {
  const p = new Float32Array([0.5, 0.5000001, 0, 1, 0.49, NaN]);
  assert.deepEqual(Array.from(predictedClasses(p, 6, 1)), [0, 1, 0, 1, 0, 0]);
  assert.ok(predictedClasses(p, 6, 1) instanceof Int32Array);
  assert.equal(predictedClasses(p, 0, 1).length, 0);
});

test('several channels: argmax, the first maximum winning ties as numpy does; NaN never wins', () => {
  const values = new Float32Array([
    0.2, 0.4, 0.4, // tie between 1 and 2: 1
    0.5, 0.5, 0, // tie between 0 and 1: 0
    1, 1, 1, // all equal: 0
    0.1, 0.2, 0.7,
    NaN, 0.3, 0.2,
  ]);
  assert.deepEqual(Array.from(predictedClasses(values, 5, 3)), [1, 0, 0, 2, 1]);
});

test('the confusion matrix has true classes in rows, predictions in columns, and skips labels outside the classes', () => {
  // The last two rows are not counted: true label 5 is no class, nor is prediction 7.
  const yTrue = new Float64Array([0, 0, 0, 1, 1, 2, 2, 2, 3, 5, 1]);
  const yPred = new Int32Array([0, 0, 1, 1, 0, 2, 2, 1, 1, 0, 7]);
  const m = confusionMatrix(yTrue, yPred, 4);
  assert.ok(m instanceof Int32Array);
  assert.deepEqual(Array.from(m), [
    2, 1, 0, 0,
    1, 1, 0, 0,
    0, 1, 2, 0,
    0, 1, 0, 0,
  ]);
  // Fractional or negative labels are no class index either; a shorter yPred limits the rows.
  assert.deepEqual(Array.from(confusionMatrix([0.5, -1, 1, 1], [0, 0, 1], 2)), [0, 0, 0, 1]);
});

test('classReport gives classification_report numbers, 0 for a class never predicted', () => {
  const m = confusionMatrix([0, 0, 0, 1, 1, 2, 2, 2, 3], [0, 0, 1, 1, 0, 2, 2, 1, 1], 4);
  const r = classReport(m, 4);
  assert.equal(r.total, 9);
  assertClose(r.accuracy, 5 / 9, 1e-12, 'accuracy');
  const expected = [
    { precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 },
    { precision: 1 / 4, recall: 1 / 2, f1: 1 / 3, support: 2 },
    { precision: 1, recall: 2 / 3, f1: 0.8, support: 3 },
    { precision: 0, recall: 0, f1: 0, support: 1 }, // never predicted: no precision, 0
  ];
  expected.forEach((e, k) => {
    for (const key of ['precision', 'recall', 'f1']) assertClose(r.perClass[k][key], e[key], 1e-12, `class ${k} ${key}`);
    assert.equal(r.perClass[k].support, e.support);
  });
  assertClose(r.macro.precision, 23 / 48, 1e-12, 'macro precision');
  assertClose(r.macro.recall, 11 / 24, 1e-12, 'macro recall');
  assertClose(r.macro.f1, 0.45, 1e-12, 'macro f1');
  assertClose(r.weighted.precision, 11 / 18, 1e-12, 'weighted precision');
  assertClose(r.weighted.recall, 5 / 9, 1e-12, 'weighted recall is accuracy');
  assertClose(r.weighted.f1, 76 / 135, 1e-12, 'weighted f1');
});

test('classReport: macro averages skip classes absent from both labels; an empty matrix gives zeros, not NaN', () => {
  // Class 2 occurs nowhere: like classification_report(y_true, y_pred), it is not averaged.
  const r = classReport(confusionMatrix([0, 1], [0, 0], 3), 3);
  assertClose(r.macro.precision, (1 / 2 + 0) / 2, 1e-12, 'macro precision');
  assertClose(r.macro.recall, (1 + 0) / 2, 1e-12, 'macro recall');
  assertClose(r.macro.f1, (2 / 3 + 0) / 2, 1e-12, 'macro f1');
  assert.deepEqual(r.perClass[2], { precision: 0, recall: 0, f1: 0, support: 0 });
  const empty = classReport(new Int32Array(4), 2);
  assert.equal(empty.total, 0);
  assert.equal(empty.accuracy, 0);
  assert.deepEqual(empty.macro, { precision: 0, recall: 0, f1: 0 });
  assert.deepEqual(empty.weighted, { precision: 0, recall: 0, f1: 0 });
});

test('symmetricEigen finds known eigenpairs, largest first', () => {
  const a = new Float64Array([2, 1, 0, 1, 2, 0, 0, 0, 5]);
  const { values, vectors } = symmetricEigen(a, 3);
  assertVector(values, [5, 3, 1], 1e-12, 'values');
  const s = Math.SQRT1_2;
  const aligned = (v, e, what) => assertClose(Math.abs(v.reduce((sum, x, i) => sum + x * e[i], 0)), 1, 1e-12, what);
  aligned(vectors[0], [0, 0, 1], 'vector of 5');
  aligned(vectors[1], [s, s, 0], 'vector of 3');
  aligned(vectors[2], [s, -s, 0], 'vector of 1');
});

test('symmetricEigen on random symmetric matrices: A v = lambda v and orthonormal vectors', () => {
  const random = lcg(7);
  for (const p of [1, 2, 5, 17, 40]) {
    const a = new Float64Array(p * p);
    for (let i = 0; i < p; i += 1) for (let j = i; j < p; j += 1) a[i * p + j] = a[j * p + i] = random() * 2 - 1;
    const { values, vectors } = symmetricEigen(a.slice(), p);
    assert.equal(vectors.length, p);
    for (let k = 1; k < p; k += 1) assert.ok(values[k] <= values[k - 1], 'sorted largest first');
    vectors.forEach((v, k) => {
      for (let i = 0; i < p; i += 1) {
        let av = 0;
        for (let j = 0; j < p; j += 1) av += a[i * p + j] * v[j];
        assertClose(av, values[k] * v[i], 1e-11, `p=${p} (A v - lambda v)[${i}] of vector ${k}`);
      }
      vectors.forEach((w, l) => {
        const dot = v.reduce((sum, x, i) => sum + x * w[i], 0);
        assertClose(dot, k === l ? 1 : 0, 1e-11, `p=${p} v${k}.v${l}`);
      });
    });
  }
});

test('pca2 of points along y = 2x: the first component is (1, 2)/sqrt 5 and explains nearly everything', () => {
  // Points on the line, each nudged by a tiny step along the normal (-2, 1)/sqrt 5. The nudges
  // sum to 0 and are symmetric in t, so they are uncorrelated with t: the line stays exact.
  const nudge = [1e-3, -1e-3, 0, 0, 0, -1e-3, 1e-3];
  const X = new Float64Array(nudge.length * 2);
  nudge.forEach((eps, i) => {
    const t = i - 3;
    X[2 * i] = 10 + t - (2 * eps) / Math.sqrt(5);
    X[2 * i + 1] = -4 + 2 * t + eps / Math.sqrt(5);
  });
  const basis = pca2(X, nudge.length, 2);
  const r5 = Math.sqrt(5);
  assertVector(basis.components[0], [1 / r5, 2 / r5], 1e-12, 'pc1');
  // Sign rule: the entry of largest |value| is positive, so (2, -1), not (-2, 1).
  assertVector(basis.components[1], [2 / r5, -1 / r5], 1e-12, 'pc2');
  assert.ok(basis.explained[0] > 0.99999, `explained ${basis.explained[0]}`);
  assertClose(basis.explained[0] + basis.explained[1], 1, 1e-12, 'two features: the ratios add to 1');
  assertVector(basis.mean, [10, -4], 1e-12, 'mean');
  assert.deepEqual(Array.from(basis.project(basis.mean, 1)), [0, 0]);
  // A point one unit along the line from the mean lands at (1, 0).
  const along = basis.project(new Float64Array([10 + 1 / r5, -4 + 2 / r5]), 1);
  assertVector(along, [1, 0], 1e-12, 'projection');
});

test('pca2 of axis-aligned data: variances 6 and 2/3 explain 90 % and 10 %', () => {
  const X = new Float64Array([3, 0, -3, 0, 0, 1, 0, -1]);
  const basis = pca2(X, 4, 2);
  assertVector(basis.components[0], [1, 0], 1e-12, 'pc1');
  assertVector(basis.components[1], [0, 1], 1e-12, 'pc2');
  assertVector(basis.explained, [0.9, 0.1], 1e-12, 'explained');
  assertVector(basis.project(X, 4), [3, 0, -3, 0, 0, 1, 0, -1], 1e-12, 'projection');
  assertVector(basis.project(X), [3, 0, -3, 0, 0, 1, 0, -1], 1e-12, 'row count defaults to all rows');
});

test('pca2 gives a constant column no weight and the mean projects to the origin', () => {
  // Column 1 is always 7; columns 0 and 2 vary together.
  const rows = [[1, 7, 2], [2, 7, 4.1], [3, 7, 5.9], [4, 7, 8], [5, 7, 10.2]];
  const X = Float64Array.from(rows.flat());
  const basis = pca2(X, rows.length, 3);
  for (const c of basis.components) {
    assert.ok(c.every(Number.isFinite));
    assert.equal(c[1], 0, 'the constant column takes no part');
  }
  assertClose(basis.components[0].reduce((s, x) => s + x * x, 0), 1, 1e-12, 'unit length');
  assert.ok(basis.components[0][2] > basis.components[0][0] && basis.components[0][0] > 0, 'sign rule and direction');
  assert.equal(basis.mean[1], 7);
  assertVector(basis.project(basis.mean, 1), [0, 0], 1e-12, 'mean');
  assert.ok(basis.explained.every((r) => r >= 0 && r <= 1));
});

test('pca2 stays finite on degenerate data: all constant, one row, one feature, no rows, missing values', () => {
  const finite = (basis) => {
    assert.ok(basis.components.every((c) => c.every(Number.isFinite)));
    assert.ok(basis.explained.every(Number.isFinite));
    assert.ok(basis.mean.every(Number.isFinite));
  };
  const constant = pca2(new Float64Array([5, 1, 5, 1, 5, 1]), 3, 2);
  finite(constant);
  assert.deepEqual(constant.explained, [0, 0]);
  assert.deepEqual(Array.from(constant.project(new Float64Array([5, 1]), 1)), [0, 0]);

  const single = pca2(new Float64Array([1, 2, 3]), 1, 3);
  finite(single);
  assert.deepEqual(single.explained, [0, 0]);
  assert.deepEqual(Array.from(single.project(new Float64Array([1, 2, 3]), 1)), [0, 0]);

  const line = pca2(new Float64Array([1, 2, 3, 4]), 4, 1);
  finite(line);
  assert.deepEqual(Array.from(line.components[0]), [1]);
  assert.deepEqual(Array.from(line.components[1]), [0]);
  assert.deepEqual(line.explained, [1, 0]);
  assert.deepEqual(Array.from(line.project(new Float64Array([4]), 1)), [1.5, 0]);

  const none = pca2(new Float64Array(0), 0, 4);
  finite(none);
  assert.deepEqual(none.explained, [0, 0]);

  // One varying column among constant ones: it is the first component, the second is zero.
  const lone = pca2(new Float64Array([3, 1, 9, 3, 2, 9, 3, 4, 9]), 3, 3);
  finite(lone);
  assert.deepEqual(Array.from(lone.components[0]), [0, 1, 0]);
  assert.deepEqual(Array.from(lone.components[1]), [0, 0, 0]);
  assert.deepEqual(lone.explained, [1, 0]);

  // A missing value counts as its column's mean.
  const gaps = pca2(new Float64Array([0, 0, NaN, 1, 2, 2]), 3, 2);
  finite(gaps);
  assertVector(gaps.mean, [1, 1], 1e-12, 'mean over the values present');
  assert.ok(Array.from(gaps.project(new Float64Array([NaN, NaN]), 1)).every((v) => v === 0));
});

test('pca2 on 64 features finds the planted plane', () => {
  // Rows are a * u + b * w + noise with |a| >> |b| >> noise, u and w orthogonal unit vectors.
  const p = 64;
  const n = 200;
  const random = lcg(42);
  const u = new Float64Array(p).fill(1 / 8);
  const w = Float64Array.from({ length: p }, (_, j) => (j < 32 ? 1 : -1) / 8);
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i += 1) {
    const a = (random() - 0.5) * 20;
    const b = (random() - 0.5) * 4;
    for (let j = 0; j < p; j += 1) X[i * p + j] = a * u[j] + b * w[j] + (random() - 0.5) * 0.01;
  }
  const basis = pca2(X, n, p);
  const dot = (x, y) => x.reduce((s, v, j) => s + v * y[j], 0);
  assertClose(Math.abs(dot(basis.components[0], u)), 1, 1e-4, 'pc1 along u');
  assertClose(Math.abs(dot(basis.components[1], w)), 1, 1e-4, 'pc2 along w');
  assertClose(dot(basis.components[0], basis.components[1]), 0, 1e-10, 'orthogonal');
  assert.ok(basis.explained[0] > basis.explained[1] && basis.explained[0] + basis.explained[1] > 0.999);
});

test('confusion cells: blue on the diagonal, orange-red off it, deeper with the share, text readable at 4.5:1', () => {
  const hit = rgbOf(cellShade(9, 10, true).background);
  const miss = rgbOf(cellShade(9, 10, false).background);
  assert.ok(hit[2] > hit[0], 'diagonal is blue');
  assert.ok(miss[0] > miss[2], 'off-diagonal is orange-red');
  assert.equal(cellShade(0, 10, true).background, null, 'an empty cell stays white');
  const depth = (css) => 255 * 3 - rgbOf(css).reduce((s, v) => s + v, 0);
  assert.ok(depth(cellShade(1, 10, false).background) < depth(cellShade(5, 10, false).background));
  for (const diagonal of [true, false]) {
    for (let count = 1; count <= 200; count += 1) {
      const { background, color } = cellShade(count, 200, diagonal);
      const ratio = contrastRatio(rgbOf(background), rgbOf(color));
      assert.ok(ratio >= 4.5, `${count}/200 ${diagonal ? 'diagonal' : 'off-diagonal'}: contrast ${ratio.toFixed(2)}`);
    }
  }
});

test('labels: the heading with 3 decimals or a dash, the axes with their share of variance', () => {
  assert.equal(testSetHeading(30, 0.96666), 'Test set: 30 samples \u00b7 accuracy 0.967');
  assert.equal(testSetHeading(1, 1), 'Test set: 1 sample \u00b7 accuracy 1.000');
  assert.equal(testSetHeading(360, NaN), 'Test set: 360 samples \u00b7 accuracy \u2014');
  assert.equal(varianceLabel(0, 0.7312), 'PC1 (73% of variance)');
  assert.equal(varianceLabel(1, 0.0561), 'PC2 (5.6% of variance)');
});

test('regressionReport: a perfect fit has R\u00b2 1 and no error', () => {
  const y = new Float64Array([1, 2, 3, 4]);
  assert.deepEqual(regressionReport(y, new Float32Array([1, 2, 3, 4])), { r2: 1, mse: 0, mae: 0, n: 4 });
});

test('regressionReport: predicting the mean everywhere has R\u00b2 0', () => {
  // Mean 2.5: errors 1.5, 0.5, 0.5, 1.5; squares 2.25, 0.25, 0.25, 2.25.
  const r = regressionReport([1, 2, 3, 4], [2.5, 2.5, 2.5, 2.5]);
  assert.equal(r.r2, 0);
  assertClose(r.mse, 5 / 4, 1e-15, 'mse');
  assertClose(r.mae, 1, 1e-15, 'mae');
  assert.equal(r.n, 4);
});

test('regressionReport matches r2_score, mean_squared_error and mean_absolute_error by hand', () => {
  // scikit-learn's documentation example: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8].
  // Errors 0.5, -0.5, 0, -1: SS_res = 1.5, |e| sums to 2. Mean 2.875: SS_tot = 29.1875.
  const r = regressionReport([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
  assertClose(r.r2, 1 - 1.5 / 29.1875, 1e-15, 'r2');
  assertClose(r.r2, 0.9486081370449679, 1e-15, "r2_score's value");
  assertClose(r.mse, 0.375, 1e-15, 'mse');
  assertClose(r.mae, 0.5, 1e-15, 'mae');
  assert.equal(r.n, 4);
  // Worse than the mean: negative, unbounded below. Errors -3, 3 around mean 1.5 (SS_tot 0.5).
  assertClose(regressionReport([1, 2], [4, -1]).r2, 1 - 18 / 0.5, 1e-12, 'negative r2');
});

test('regressionReport on a constant target: 1 for exact predictions, else 0 (force_finite)', () => {
  assert.equal(regressionReport([7, 7, 7], [7, 7, 7]).r2, 1);
  const wrong = regressionReport([7, 7, 7], [7, 8, 7]);
  assert.equal(wrong.r2, 0);
  assertClose(wrong.mse, 1 / 3, 1e-15, 'mse');
  assertClose(wrong.mae, 1 / 3, 1e-15, 'mae');
  // 0.1 three times sums to 0.30000000000000004: the mean must still be 0.1 exactly.
  assert.equal(regressionReport([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]).r2, 1);
  assert.equal(regressionReport([0.1, 0.1, 0.1], [0.1, 0.2, 0.1]).r2, 0);
});

test('regressionReport skips rows where either value is not finite, and rows past the shorter array', () => {
  // The documentation example again, with a missing target, a NaN and an infinite prediction.
  const yTrue = new Float64Array([3, NaN, -0.5, 2, 5, 7, 1]);
  const yPred = new Float32Array([2.5, 1, 0, 2, Infinity, 8, NaN]);
  const r = regressionReport(yTrue, yPred);
  assert.equal(r.n, 4);
  assertClose(r.r2, 0.9486081370449679, 1e-15, 'r2');
  assertClose(r.mse, 0.375, 1e-15, 'mse');
  assertClose(r.mae, 0.5, 1e-15, 'mae');
  // A NaN row would otherwise break the constant-target rule: [NaN, 4, 4] is constant.
  assert.equal(regressionReport([NaN, 4, 4], [0, 4, 4]).r2, 1);
  assert.equal(regressionReport([1, 2, 3, 4, 5], [1, 2, 3]).n, 3);
});

test('regressionReport with fewer than two rows: R\u00b2 undefined as in r2_score, no rows no scores', () => {
  const one = regressionReport([2], [3]);
  assert.ok(Number.isNaN(one.r2));
  assert.equal(one.mse, 1);
  assert.equal(one.mae, 1);
  assert.equal(one.n, 1);
  const none = regressionReport([NaN, 1], [1, NaN]);
  assert.equal(none.n, 0);
  assert.ok([none.r2, none.mse, none.mae].every(Number.isNaN));
  assert.equal(regressionReport(new Float64Array(0), null).n, 0);
});

test('regression labels and the shared range of the predicted-against-true axes', () => {
  assert.equal(regressionHeading(30, 0.91234), 'Test set: 30 samples \u00b7 R\u00b2 0.912');
  assert.equal(regressionHeading(1, -2.5), 'Test set: 1 sample \u00b7 R\u00b2 -2.500');
  assert.equal(regressionHeading(20, NaN), 'Test set: 20 samples \u00b7 R\u00b2 \u2014');
  // Over both arrays, padded by 5 % of the span (12 here) on either side; NaN ignored.
  assertVector(sharedRange([0, 10, NaN], new Float32Array([-2, 8])), [-2.6, 10.6], 1e-12, 'range');
  assertVector(sharedRange([0, 10], null), [-0.5, 10.5], 1e-12, 'targets only (before training)');
  assertVector(sharedRange([5, 5], [5]), [4.5, 5.5], 1e-12, 'one value');
  assert.deepEqual(sharedRange([0, 0], [0]), [-1, 1]);
  assert.deepEqual(sharedRange([NaN], [Infinity]), [-1, 1]);
  assert.deepEqual(sharedRange([]), [-1, 1]);
});

test('createPca2 in steps (a step per look at a fake clock) gives what pca2 gives in one go, projection included', () => {
  const rand = lcg(7);
  const n = 2000;
  const p = 5;
  const X = Float64Array.from({ length: n * p }, (_, k) => (k % p === 1 ? 3 * rand() : rand()) + (k % p));
  const whole = pca2(X, n, p);
  let t = 0;
  const clock = () => (t += 1); // every look at the clock passes the deadline: one chunk of rows per step
  const job = createPca2(X, n, p, clock);
  let steps = 0;
  while (job.advance(t)) steps += 1;
  assert.ok(steps >= 10, `${steps} steps`); // 2 passes over 2,000 rows, 256 rows a step
  assert.deepEqual([...job.result.mean], [...whole.mean]);
  assert.deepEqual(job.result.components.map((c) => [...c]), whole.components.map((c) => [...c]));
  assert.deepEqual(job.result.explained, whole.explained);
  const projection = job.result.projectInSteps(X, n, clock);
  let more = 0;
  while (projection.advance(t)) more += 1;
  assert.ok(more >= 5, `${more} projection steps`);
  assert.deepEqual([...projection.result], [...whole.project(X, n)]);
});
