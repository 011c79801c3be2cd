// A run's problems named for a student: divergence (the engine's words, what to try, a fix),
// a network collapsed to one class (every training row one class for COLLAPSE_EPOCHS epochs
// without improving), but not a slow start or lopsided data, and a stall: a collapse whose
// first layers' gradients vanish, which a lower rate would not mend (and which does not pause).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { defaultConfig, setPath } from '../../web/src/state/config.js';
import { COLLAPSE_EPOCHS, VANISHING_RATIO, hasCollapsed, layerGradients, majorityShare, runProblem } from '../../web/src/state/health.js';

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
  assert.equal(p.pauses, true, 'the page pauses a diverged run');
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

/** A deep net's config (five hidden layers): sgd at 0.1 with `activation`. */
const deep = (activation, solver = 'sgd') => [['model.hidden_layer_sizes', [16, 16, 16, 16, 16]], ['model.solver', solver],
  ['model.learning_rate_init', 0.1], ['model.activation', activation]].reduce((c, [k, v]) => setPath(c, k, v), defaultConfig());

/** A collapsed history of `epochs` epochs with six weight layers' gradient norms, the last epoch's first/last = `ratio`. */
function withNorms(epochs, ratio) {
  const h = history(epochs);
  const gradientNorms = new Float64Array(epochs * 6).fill(1e-2);
  gradientNorms[(epochs - 1) * 6] = 1e-2 * ratio;
  return { ...h, gradientNorms, nLayers: 6 };
}

test('a collapse whose first layer\'s gradient vanishes has stalled: relu to try, and training goes on', () => {
  const ratio = 1 / 7468.4;
  const p = runProblem({ config: deep('logistic'), progress: { diverged: false }, history: withNorms(30, ratio), majorityShare: 0.5,
    task: 'classification' });
  assert.equal(p.kind, 'stalled');
  assert.equal(p.title, "Training has stalled: the first layers' gradients vanish");
  assert.match(p.text, /After 30 epochs the first layer's gradient is 7,468 times smaller than the last's/);
  assert.match(p.text, /logistic layer/);
  assert.match(p.text, /Try activation='relu', or fewer layers/);
  assert.doesNotMatch(p.text, /Lower learning_rate_init/);
  assert.deepEqual(p.fixes, [{ label: "Use activation='relu'", changes: { 'model.activation': 'relu' } }]);
  assert.ok(!p.pauses, 'a stalled run is not paused');
  // The latest epoch decides: earlier epochs' norms do not count.
  assert.deepEqual(layerGradients(withNorms(30, ratio)), { first: 1e-2 * ratio, last: 1e-2, epoch: 30 });
  // tanh too; a first layer at exactly 0 is said so.
  assert.equal(runProblem({ config: deep('tanh'), history: withNorms(30, 0), majorityShare: 0.5, task: 'classification' }).kind,
    'stalled');
  assert.match(runProblem({ config: deep('tanh'), history: withNorms(30, 0), majorityShare: 0.5, task: 'classification' }).text,
    /gradient is 0, the last's 0\.01:/);
  // Once stalled, a run stays stalled while it collapses, though its gradients no longer vanish; a
  // run that was not stalled has collapsed.
  const stall = runProblem({ config: deep('logistic'), history: withNorms(30, ratio), majorityShare: 0.5, task: 'classification' });
  const later = (previous) => runProblem({ config: deep('logistic'), history: withNorms(32, 0.01), majorityShare: 0.5,
    task: 'classification', previous });
  assert.equal(later(stall).kind, 'stalled');
  assert.match(later(stall).text, /After 32 epochs the first layer's gradient is 100 times smaller/);
  assert.equal(later(null).kind, 'collapsed');
  // Not a collapse (one epoch short): nothing to say, whatever the gradients.
  assert.equal(runProblem({ config: deep('logistic'), history: { ...withNorms(30, ratio), topShares: history(30, { from: 12 }).topShares },
    majorityShare: 0.5, task: 'classification' }), null);
});

test('a collapse is still a collapse (paused, a lower rate to try) where the gradients do not vanish, with lbfgs, or with ReLU', () => {
  const collapsed = (config, h) => runProblem({ config, progress: {}, history: h, majorityShare: 0.5, task: 'classification' });
  // The first layer's gradient just at VANISHING_RATIO times the last's, or larger: not vanishing.
  for (const ratio of [VANISHING_RATIO, 0.01, 1]) {
    const p = collapsed(deep('logistic'), withNorms(30, ratio));
    assert.equal(p.kind, 'collapsed', `ratio ${ratio}`);
    assert.equal(p.pauses, true);
    assert.match(p.text, /Lower learning_rate_init \(now 0\.1\)/);
  }
  // No per-epoch gradients (lbfgs has none; nor has a history without norms), or one weight layer's worth.
  assert.equal(collapsed(deep('logistic', 'lbfgs'), withNorms(30, 1e-6)).kind, 'collapsed');
  assert.equal(collapsed(deep('logistic'), history(30)).kind, 'collapsed');
  assert.equal(collapsed(deep('logistic'), { ...history(30), gradientNorms: new Float64Array([1e-9]), nLayers: 1 }).kind, 'collapsed');
  // ReLU units that died: a collapse, whatever their gradients.
  assert.equal(collapsed(deep('relu'), withNorms(30, 1e-6)).kind, 'collapsed');
  // A diverged run is diverged first.
  assert.equal(runProblem({ config: deep('logistic'), progress: { diverged: true, stopReason: 'x' }, history: withNorms(30, 1e-6),
    majorityShare: 0.5, task: 'classification' }).kind, 'diverged');
});

test('majorityShare is the largest class\'s share', () => {
  assert.equal(majorityShare([0, 1, 1, 1]), 0.75);
  assert.ok(Number.isNaN(majorityShare([])));
});
