// Dev tool: the WebAssembly engine in node on the full Fashion-MNIST set (60,000 + 10,000) with
// the course's configuration: the heap's size after loading and after training, the session's
// own estimate (memoryBytes), the time per epoch, and the progress reported within an epoch.
//
//   node tools/fashion-mnist-heap.mjs [float32|float64] [epochs]   (after npm run build:wasm)
//
// Reads the IDX files of Debian's dataset-fashion-mnist with node's zlib.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import { loadMlpModule } from '../web/src/engine/load-node.js';

const DIR = '/usr/share/datasets/fashion-mnist';
const precision = process.argv[2] ?? 'float32';
const epochs = Number(process.argv[3] ?? 10);

/** The payload of a gzipped IDX file (after its header of 4 + 4 x dims bytes). */
function idx(name) {
  const data = gunzipSync(readFileSync(`${DIR}/${name}`));
  return data.subarray(4 + 4 * data[3]);
}

const mlp = await loadMlpModule();
const heap = () => mlp.HEAP8.buffer.byteLength;
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
console.log(`heap at start: ${mb(heap())}`);

const s = new mlp.Session();
const params = { hidden_layer_sizes: [50], max_iter: epochs, alpha: 1e-4, solver: 'sgd', tol: 1e-4,
  random_state: 1, learning_rate_init: 0.1 };
let status = s.configure('MLPClassifier', JSON.stringify(params), precision);
if (!status.ok) throw new Error(status.message);
status = s.resizeImageData(60000, 10000, 784, 255);
if (!status.ok) throw new Error(status.message);
s.xTrainBytes().set(idx('train-images-idx3-ubyte.gz'));
s.xTestBytes().set(idx('t10k-images-idx3-ubyte.gz'));
s.yTrain().set(Float64Array.from(idx('train-labels-idx1-ubyte.gz')));
s.yTest().set(Float64Array.from(idx('t10k-labels-idx1-ubyte.gz')));
status = s.commitData();
if (!status.ok) throw new Error(status.message);
console.log(`heap after loading: ${mb(heap())} (session holds ${mb(s.memoryBytes())})`);

const start = performance.now();
let p;
let calls = 0;
let longest = 0;
do {
  const t = performance.now();
  p = s.stepBatches(30); // about 6,000 rows a call
  longest = Math.max(longest, performance.now() - t);
  ++calls;
  if (!p.status.ok) throw new Error(p.status.message);
  if (p.batch === 0) console.log(`epoch ${p.epoch}: loss ${p.loss.toFixed(6)} (${((performance.now() - start) / 1000).toFixed(2)} s)`);
} while (!p.finished);
const seconds = (performance.now() - start) / 1000;
const scores = s.scores();
console.log(`${precision}: ${p.epoch} epochs in ${seconds.toFixed(2)} s (${(seconds / p.epoch).toFixed(2)} s/epoch), ` +
  `${calls} stepBatches(30) calls, the longest ${longest.toFixed(0)} ms; ${p.batches} batches per epoch`);
console.log(`train accuracy ${scores.train.toFixed(4)}, test accuracy ${scores.test.toFixed(4)}`);
console.log(`heap after training and scoring: ${mb(heap())} (session holds ${mb(s.memoryBytes())}, ` +
  `malloc in use ${mb(mlp.heapBytesInUse())})`);
s.delete();
