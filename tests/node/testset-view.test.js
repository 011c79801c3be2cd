// The test-set view's pure parts: the colours of the confusion cells, when its column headers
// stand upright, its headings and axis titles, and the range of the predicted-against-true plot
// (no browser needed). Its scores and its plane have tests of their own: metrics.test.js and
// pca.test.js.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { cellShade, contrastRatio, regressionHeading, sharedRange, testSetHeading, varianceLabel } from '../../web/src/views/testset.js';
import { uprightHeaders } from '../../web/src/views/testset/tables.js';

const close = (a, b, tol = 1e-12) => Math.abs(a - b) <= tol;
const assertClose = (actual, expected, tol, what) => assert.ok(close(actual, expected, tol), `${what}: ${actual}, expected ${expected}`);
const assertVector = (actual, expected, tol, what) => expected.forEach((v, i) => assertClose(actual[i], v, tol, `${what}[${i}]`));
const rgbOf = (css) => (css.startsWith('#') ? [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) : css.match(/\d+/g).slice(0, 3).map(Number));

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

test('confusion headers stand upright for many long class names (Fashion-MNIST), not for digits or iris', () => {
  const fashion = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
  assert.equal(uprightHeaders(fashion), true);
  assert.equal(uprightHeaders(Array.from({ length: 10 }, (_, k) => String(k))), false, 'the digits: short names');
  assert.equal(uprightHeaders(['setosa', 'versicolor', 'virginica']), false, 'three columns fit as they are');
  assert.equal(uprightHeaders(['a', 'b', 'c', 'd', 'long name']), true);
});
