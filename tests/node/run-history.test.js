// A run's curves grown from params replies that each carry only the epochs not sent before.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createRunHistory } from '../../web/src/app/run-history.js';

/** An update reply for epochs from + 1 .. to of a net with two weight layers. */
const reply = (from, to) => {
  const epochs = Array.from({ length: to - from }, (_, k) => from + k + 1);
  return {
    historyFrom: from,
    layerUnits: [2, 3, 1],
    lossCurve: epochs.map((e) => 1 / e),
    validationScores: [],
    gradientNorms: epochs.flatMap((e) => [e, 10 * e]),
    metrics: epochs.flatMap((e) => [e / 100, e / 200, 2 / e, 3 / e, 0.5]),
  };
};

test('replies append their epochs; views read every epoch in order', () => {
  const h = createRunHistory();
  h.append(reply(0, 3));
  h.append(reply(3, 200)); // past the first capacity (64): the arrays grow
  assert.equal(h.epochs, 200);
  assert.equal(h.series('lossCurve').length, 200);
  assert.equal(h.series('lossCurve')[149], 1 / 150);
  assert.equal(h.series('trainScores')[199], 2);
  assert.equal(h.series('testLosses')[0], 3);
  assert.equal(h.series('topShares').length, 200);
  assert.equal(h.nLayers, 2);
  assert.deepEqual(Array.from(h.gradientNorms().subarray(0, 4)), [1, 10, 2, 20]);
  assert.equal(h.series('validationScores').length, 0);
});

test('a reply from an earlier point replaces what came after it', () => {
  const h = createRunHistory();
  h.append(reply(0, 10));
  h.append({ ...reply(5, 7), lossCurve: [42, 43] });
  assert.equal(h.epochs, 7);
  assert.deepEqual(Array.from(h.series('lossCurve').subarray(4)), [1 / 5, 42, 43]);
  assert.equal(h.gradientNorms().length, 14);
  // Another architecture: the gradient norms start again.
  h.append({ ...reply(7, 8), layerUnits: [2, 1] });
  assert.equal(h.nLayers, 1);
});
