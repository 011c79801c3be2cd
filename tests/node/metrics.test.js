// The test set's scores (web/src/data/metrics.js): predicted classes from the model's outputs,
// confusion_matrix, classification_report, and r2_score, mean_squared_error and
// mean_absolute_error, against numbers worked by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { classReport, confusionMatrix, predictedClasses, regressionReport } from '../../web/src/data/metrics.js';

const close = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol;
const assertClose = (actual, expected, tol, what) => assert.ok(close(actual, expected, tol), `${what}: ${actual}, expected ${expected}`);

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
