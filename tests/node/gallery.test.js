// The test images' gallery, its pure parts: the misclassified rows first (stable by row index),
// what each tile says with the class names, and the pages.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { galleryOrder, pageBounds, tileWords } from '../../web/src/views/gallery/order.js';
import { thumbnailSize } from '../../web/src/views/samples.js';

const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

test('galleryOrder: misclassified rows first, then the rest, each in row order', () => {
  const yTest = Float64Array.from([0, 1, 2, 6, 6, 9, 0, 3]);
  const predicted = Int32Array.from([0, 2, 2, 0, 6, 7, 6, 3]);
  const { order, wrong } = galleryOrder(yTest, predicted, 10);
  assert.ok(order instanceof Int32Array);
  assert.equal(wrong, 4);
  assert.deepEqual(Array.from(order), [1, 3, 5, 6, 0, 2, 4, 7]);
});

test('galleryOrder: every row exactly once, stable for a big set; none wrong, all wrong', () => {
  const n = 10_000;
  const yTest = Float64Array.from({ length: n }, (_, i) => i % 10);
  const predicted = Int32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? (i + 1) % 10 : i % 10));
  const { order, wrong } = galleryOrder(yTest, predicted, 10);
  assert.equal(wrong, Math.ceil(n / 7));
  const seen = new Uint8Array(n);
  for (const r of order) seen[r] += 1;
  assert.ok(seen.every((c) => c === 1), 'a permutation of the rows');
  for (let k = 1; k < n; k += 1) {
    const sameGroup = (k < wrong) === (k - 1 < wrong);
    if (sameGroup) assert.ok(order[k] > order[k - 1], `stable at ${k}`);
  }
  assert.ok(order.subarray(0, wrong).every((r) => r % 7 === 0));
  const right = galleryOrder(yTest, Int32Array.from(yTest), 10);
  assert.equal(right.wrong, 0);
  assert.deepEqual(Array.from(right.order.subarray(0, 5)), [0, 1, 2, 3, 4]);
  const allWrong = galleryOrder(Float64Array.from([1, 1, 1]), Int32Array.from([0, 0, 0]), 2);
  assert.deepEqual([Array.from(allWrong.order), allWrong.wrong], [[0, 1, 2], 3]);
});

test('galleryOrder: before training every row in order; a label the model never saw is not counted wrong', () => {
  assert.deepEqual(Array.from(galleryOrder(Float64Array.from([2, 0, 1]), null, 3).order), [0, 1, 2]);
  assert.equal(galleryOrder(Float64Array.from([2, 0, 1]), null, 3).wrong, 0);
  assert.equal(galleryOrder(Float64Array.from([2, 0]), Int32Array.from([1]), 3).wrong, 0, 'too few predictions: none');
  const { order, wrong } = galleryOrder(Float64Array.from([5, NaN, 1]), Int32Array.from([0, 0, 0]), 2);
  assert.equal(wrong, 1, 'only row 2 (class 1, predicted 0): 5 and NaN are no class of 2');
  assert.deepEqual(Array.from(order), [2, 0, 1]);
  assert.deepEqual(Array.from(galleryOrder(new Float64Array(0), new Int32Array(0), 2).order), []);
});

test('tileWords: the predicted class by name, the true one when it differs, and a name for screen readers', () => {
  const wrong = tileWords(123, 0, 6, FASHION);
  assert.equal(wrong.caption, 'Shirt (true: T-shirt/top)');
  assert.equal(wrong.wrong, true);
  assert.deepEqual([wrong.predicted, wrong.truth], ['Shirt', 'T-shirt/top']);
  assert.equal(wrong.label, 'Test image 124: predicted Shirt, true class T-shirt/top (misclassified)');
  const right = tileWords(0, 9, 9, FASHION);
  assert.equal(right.caption, 'Ankle boot');
  assert.equal(right.wrong, false);
  assert.equal(right.label, 'Test image 1: predicted Ankle boot, correct');
  const before = tileWords(4, 7, null, FASHION);
  assert.equal(before.caption, 'true: Sneaker');
  assert.equal(before.predicted, null);
  assert.match(before.label, /^Test image 5: true class Sneaker, not predicted yet$/);
  assert.equal(tileWords(0, 3, 8, ['0', '1']).caption, '8 (true: 3)', 'no name: the class index');
  assert.equal(tileWords(0, 1, 0, ['large', 'small']).caption, 'large (true: small)', 'a CSV file\'s class labels');
});

test('pageBounds: pages of 48, the page clamped; no items is one empty page', () => {
  assert.deepEqual(pageBounds(2000, 0, 48), { page: 0, pages: 42, first: 0, last: 48 });
  assert.deepEqual(pageBounds(2000, 41, 48), { page: 41, pages: 42, first: 1968, last: 2000 });
  assert.deepEqual(pageBounds(2000, 99, 48), { page: 41, pages: 42, first: 1968, last: 2000 });
  assert.deepEqual(pageBounds(2000, -3, 48), { page: 0, pages: 42, first: 0, last: 48 });
  assert.deepEqual(pageBounds(0, 2, 48), { page: 0, pages: 1, first: 0, last: 0 });
  assert.deepEqual(pageBounds(5, 0, 0), { page: 0, pages: 5, first: 0, last: 1 }, 'at least one a page');
});

test('the Samples table\'s thumbnails: whole screen pixels per image pixel, 32 px digits, 56 px 28 x 28 images', () => {
  assert.deepEqual(thumbnailSize(8, 8), { width: 32, height: 32 });
  assert.deepEqual(thumbnailSize(28, 28), { width: 56, height: 56 });
  assert.deepEqual(thumbnailSize(4, 16), { width: 48, height: 12 }, 'a 4 x 16 image: 3 pixels each');
  assert.deepEqual(thumbnailSize(100, 100), { width: 100, height: 100 }, 'bigger than 56: one pixel each');
});
