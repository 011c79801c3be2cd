// Leak check: many create/configure/generate/train/read/delete cycles leave the
// module's malloc heap where it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadMlpModule } from '../../web/src/engine/load-node.js';

const mlp = await loadMlpModule();

/** One session's life: every call the worker makes, every view read, then delete(). */
function cycle(i) {
  const s = new mlp.Session();
  const estimator = i % 2 ? 'MLPClassifier' : 'MLPRegressor';
  const solver = ['adam', 'sgd', 'lbfgs'][i % 3];
  s.configure(estimator, JSON.stringify({ hidden_layer_sizes: [4], solver, max_iter: 3, random_state: i }), 'float32');
  s.generate(i % 2 ? 'make_moons' : 'sine', '{"n_samples": 24, "random_state": 0}', 0.25, i);
  let p;
  do p = s.step(1);
  while (p.status.ok && !p.finished);
  s.scores();
  s.evaluateGrid(-1, 1, -1, 1, 8, 8);
  s.readParameters();
  s.readHistory();
  const copies = [s.grid(), s.parameters(), s.lossCurve(), s.gradientNorms(), s.xTrain()].map((v) => v.slice());
  s.layerUnits();
  s.importModel(s.exportModel());
  s.configure('MLPClassifier', '{"alpha": -1}', 'float64'); // errors allocate and free too
  s.delete();
  return copies;
}

test('1,000 session cycles leave heapBytesInUse flat', () => {
  for (let i = 0; i < 30; i++) cycle(i); // allocations made once (caches, first growth)
  const before = mlp.heapBytesInUse();
  for (let i = 0; i < 1000; i++) cycle(i);
  assert.equal(mlp.heapBytesInUse(), before);
});

test('runJob leaves heapBytesInUse flat', () => {
  const job = '{"estimator": "MLPClassifier", "X": [[0], [1], [2]], "y": [0, 1, 1], "params": {"max_iter": 3}}';
  for (let i = 0; i < 10; i++) mlp.runJob(job);
  const before = mlp.heapBytesInUse();
  for (let i = 0; i < 200; i++) {
    mlp.runJob(job);
    mlp.runJob('{"estimator": 1}');
  }
  assert.equal(mlp.heapBytesInUse(), before);
});
