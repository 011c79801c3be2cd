// A run's problems named for a student: divergence (the engine's words, what to try, a fix)
// and a network collapsed to one class (every training row one class for COLLAPSE_EPOCHS
// epochs without improving), but not a slow start or lopsided data.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { defaultConfig, setPath } from '../../web/src/state/config.js';
import { COLLAPSE_EPOCHS, hasCollapsed, majorityShare, runProblem } from '../../web/src/state/health.js';

const sgd = (lr) => setPath(setPath(defaultConfig(), 'model.solver', 'sgd'), 'model.learning_rate_init', lr);

/** A history of `epochs` epochs where every row gets one class from epoch `from` on, the loss flat at `loss`. */
function history(epochs, { from = 1, loss = 0.69, falling = false } = {}) {
  const topShares = [];
  const trainLosses = [];
  for (let e = 1; e <= epochs; e += 1) {
    topShares.push(e >= from ? 1 : 0.55);
    trainLosses.push(falling ? loss * 0.97 ** e : loss);
  }
  return { topShares, trainLosses };
}

test('a diverged run: the engine\'s words once, a tenth of the rate to try, and the fix as config changes', () => {
  const progress = { diverged: true, stopReason: 'The loss grew from 3348 (epoch 1) to 2.679e+85 at epoch 2: training diverged.' };
  const p = runProblem({ config: sgd(1), progress, history: null, majorityShare: NaN, task: 'regression' });
  assert.equal(p.kind, 'diverged');
  assert.equal(p.title, 'Training diverged');
  assert.equal(p.text, "The loss grew from 3348 (epoch 1) to 2.679e+85 at epoch 2. Lower learning_rate_init (now 1), " +
    "for example to 0.1, or use solver='adam'.");
  assert.deepEqual(p.fixes, [
    { label: 'Set learning_rate_init to 0.1', changes: { 'model.learning_rate_init': 0.1 } },
    // A tenth can still be too much (sgd on make_regression's unscaled targets): adam at 0.01 recovers.
    { label: 'Use adam at learning_rate_init 0.01', changes: { 'model.solver': 'adam', 'model.learning_rate_init': 0.01 } },
  ]);
  // lbfgs has no rate: scale the inputs, then another solver.
  const lbfgs = setPath(defaultConfig(), 'model.solver', 'lbfgs');
  assert.deepEqual(runProblem({ config: lbfgs, progress, task: 'regression' }).fixes.map((f) => f.changes),
    [{ 'data.standardize': true }, { 'model.solver': 'adam', 'model.learning_rate_init': 0.01 }]);
  assert.deepEqual(runProblem({ config: setPath(lbfgs, 'data.standardize', true), progress, task: 'regression' }).fixes.map((f) => f.changes),
    [{ 'model.solver': 'adam', 'model.learning_rate_init': 0.01 }]);
});

test('a collapse is one class for every row over COLLAPSE_EPOCHS measured epochs, with a flat loss', () => {
  assert.equal(hasCollapsed(history(COLLAPSE_EPOCHS + 5, { from: 6 }), 0.5), true);
  assert.equal(hasCollapsed(history(COLLAPSE_EPOCHS + 5, { from: 7 }), 0.5), false, 'one epoch short');
  assert.equal(hasCollapsed(history(40, { falling: true }), 0.5), false, 'a slow start whose loss falls');
  assert.equal(hasCollapsed(history(40), 0.95), false, 'data that are 95% one class');
  // Epochs not measured (NaN, a cadence) are skipped, not counted.
  const sparse = history(80);
  for (let i = 0; i < 80; i += 2) sparse.topShares[i] = NaN;
  assert.equal(hasCollapsed(sparse, 0.5), true);
  sparse.topShares[79] = 0.9;
  assert.equal(hasCollapsed(sparse, 0.5), false);

  const p = runProblem({ config: sgd(10), progress: { diverged: false }, history: history(30), majorityShare: 0.5, task: 'classification' });
  assert.equal(p.kind, 'collapsed');
  assert.match(p.text, /its ReLU units have probably died/);
  assert.deepEqual(p.fixes[0].changes, { 'model.learning_rate_init': 1 });
  assert.equal(runProblem({ config: sgd(10), progress: {}, history: history(30), majorityShare: 0.5, task: 'regression' }), null);
});

test('majorityShare is the largest class\'s share', () => {
  assert.equal(majorityShare([0, 1, 1, 1]), 0.75);
  assert.ok(Number.isNaN(majorityShare([])));
});
