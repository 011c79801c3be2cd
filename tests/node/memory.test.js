// The engine's memory, estimated before a run is sent (web/src/engine/memory.js): against the
// WebAssembly module's own heap, and the refusal that names rows, inputs, layers and bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { dataShape, describeMemory, estimateBytes, formatBytes, memoryProblem } from '../../web/src/engine/memory.js';
import { loadMlpModule } from '../../web/src/engine/load-node.js';

const classifier = (params, precision = 'float64') => ({ estimator: 'MLPClassifier', params, precision });

test('the data shape comes from a generate request or from the arrays (rows, inputs, classes)', () => {
  assert.deepEqual(dataShape({ generate: { generator: 'make_blobs', params: { n_samples: 400, centers: 3 } }, split: { test_size: 0.25 } }),
    { rows: 300, testRows: 100, inputs: 2, nTargets: 1, nClasses: 3 });
  const arrays = { nFeatures: 4, xTrain: new Float64Array(40), yTrain: Float64Array.from({ length: 10 }, (_, i) => i % 3) };
  assert.deepEqual(dataShape({ arrays, split: { test_size: 0.2 }, features: { derived: ['x2'] } }),
    { rows: 8, testRows: 2, inputs: 5, nTargets: 1, nClasses: 3 });
});

test('the estimate follows the peak of the engine\'s heap on three runs (node, the WebAssembly build)', async () => {
  const runs = [
    { rows: 8000, inputs: 20, params: { hidden_layer_sizes: [256, 256], solver: 'adam' } },
    { rows: 8000, inputs: 20, params: { hidden_layer_sizes: [256, 256], solver: 'lbfgs' } },
    { rows: 4000, inputs: 10, params: { hidden_layer_sizes: [512, 512], solver: 'sgd' } },
  ];
  for (const { rows, inputs, params } of runs) {
    const m = await loadMlpModule(); // a fresh heap: its size after the run is the run's peak
    const s = new m.Session();
    try {
      s.setKeepTraining(true, 1);
      s.configure('MLPClassifier', JSON.stringify({ ...params, max_iter: 5 }), 'float64');
      const test = rows / 4;
      const train = rows - test;
      s.resizeData(train, test, inputs, 1);
      s.xTrain().set(Float64Array.from({ length: train * inputs }, (_, i) => Math.sin(i)));
      s.yTrain().set(Float64Array.from({ length: train }, (_, i) => i % 3));
      s.xTest().set(Float64Array.from({ length: test * inputs }, (_, i) => Math.cos(i)));
      s.yTest().set(Float64Array.from({ length: test }, (_, i) => i % 3));
      assert.ok(s.commitData().ok);
      assert.ok(s.step(1).status.ok);
      assert.ok(s.evaluateGrid(-1, 1, -1, 1, 200, 200).ok);
      const heap = m.HEAP8.buffer.byteLength;
      const est = estimateBytes(classifier(params), { rows: train, testRows: test, inputs, nTargets: 1, nClasses: 3 });
      console.log(`# ${rows} x ${inputs}, ${params.solver} (${params.hidden_layer_sizes}): heap ${formatBytes(heap)}, ` +
        `in use ${formatBytes(m.heapBytesInUse())}, estimate ${formatBytes(est)}`);
      assert.ok(est >= 0.6 * heap && est <= 1.6 * heap, `estimate ${formatBytes(est)}, heap ${formatBytes(heap)}`);
    } finally {
      s.delete();
    }
  }
});

test('a run too large is refused with rows x inputs, the layer sizes and the bytes', () => {
  const shape = { rows: 75_000, testRows: 25_000, inputs: 10, nTargets: 1, nClasses: 2 };
  const wide = classifier({ hidden_layer_sizes: [512, 512, 512], solver: 'lbfgs' });
  const problem = memoryProblem(wide, shape);
  assert.equal(problem.parameter, 'memory');
  assert.match(problem.message, /^100,000 rows x 10 inputs with layers \(10, 512, 512, 512, 1\) in float64 need about \d+(\.\d)? GB/);
  assert.match(problem.message, /limited to 2\.0 GB/);
  // The same net with adam trains on batches of 200: it fits.
  assert.equal(memoryProblem(classifier({ hidden_layer_sizes: [512, 512, 512], solver: 'adam' }), shape), null);
  // The page's default run is tiny.
  const small = estimateBytes(classifier({ hidden_layer_sizes: [8, 8] }), dataShape({ generate: { params: { n_samples: 300 } } }));
  assert.ok(small < 4 * 2 ** 20, formatBytes(small));
  assert.match(describeMemory(classifier({ hidden_layer_sizes: [8, 8] }, 'float32'), shape), /in float32 need about/);
  assert.equal(memoryProblem(null, shape), null, 'nothing to estimate without a configuration');
});
