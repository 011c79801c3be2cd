// The workloads of `npm run bench`, written once for every JavaScript side:
//   node            const MlpBench = require('./workloads.js')
//   Web Worker      importScripts('.../bench/workloads.js')  ->  self.MlpBench
// (UMD: no module system needed, so a classic worker can load it.)
//
//   W1  2 -> [8,8] tanh -> 1 sigmoid, log-loss, sgd lr 0.03 (no momentum), 500 points, batch 10, 20 epochs
//   W2  2 -> [64,64] relu -> 1 identity, squared error, adam lr 1e-3, 1000 points, batch 32, 10 epochs
//   W3  784 -> [100] relu -> 10 softmax, log-loss, adam lr 1e-3, 10000 random points, batch 200, 2 epochs
//   W4  the W1 and W2 nets, forward pass only, on a 200 x 200 grid over [-1.5, 1.5]^2 (40,000 points)
// All float32, alpha 0 (TF.js has no L2 term), shuffled every epoch, exactly the given epochs
// (tol 0, n_iter_no_change "inf", max_iter = epochs). cpp/tools/mlp_bench.cpp mirrors these
// definitions and the data generator for the native side (section "compare").
//
// Figures: samples/s = points * epochs / seconds (W1-W3), points/s = 40000 / seconds (W4); the
// median over `repeats` timed runs after a warm-up (at least one run and one second: timeRuns).
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.MlpBench = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const WORKLOADS = [
    {
      name: 'W1',
      estimator: 'MLPClassifier',
      data: 'two-class-2d',
      n: 500,
      features: 2,
      seed: 1,
      hidden: [8, 8],
      activation: 'tanh',
      solver: 'sgd',
      learningRate: 0.03,
      batchSize: 10,
      epochs: 20,
      outputs: 1,
      outActivation: 'sigmoid',
      tfLoss: 'binaryCrossentropy',
    },
    {
      name: 'W2',
      estimator: 'MLPRegressor',
      data: 'smooth-regression-2d',
      n: 1000,
      features: 2,
      seed: 2,
      hidden: [64, 64],
      activation: 'relu',
      solver: 'adam',
      learningRate: 1e-3,
      batchSize: 32,
      epochs: 10,
      outputs: 1,
      outActivation: 'linear',
      tfLoss: 'meanSquaredError',
    },
    {
      name: 'W3',
      estimator: 'MLPClassifier',
      data: 'uniform-784-10-classes',
      n: 10000,
      features: 784,
      seed: 3,
      hidden: [100],
      activation: 'relu',
      solver: 'adam',
      learningRate: 1e-3,
      batchSize: 200,
      epochs: 2,
      outputs: 10,
      outActivation: 'softmax',
      tfLoss: 'categoricalCrossentropy',
    },
  ];
  /** W4: the nets of these workloads, evaluated on this grid. */
  const GRID = { nets: ['W1', 'W2'], nx: 200, ny: 200, xmin: -1.5, xmax: 1.5, ymin: -1.5, ymax: 1.5 };
  /** Targets of the issue (reported, not asserted). ratio = ours-wasm-node / tfjs-wasm. */
  const TARGETS = {
    W1: { ratio: 100 },
    W2: { ratio: 20 },
    W3: { ratio: 6 },
    'W4 (W2 net)': { ratio: 3 },
    browserVsNode: 0.7, // ours-wasm-chromium >= 70% of ours-wasm-node
    kernelVsPeak: 0.7, // W3 products >= 70% of the measured f32x4 mul+add peak
  };
  /** A cell whose warm-up run takes longer than this many seconds gets fewer timed repeats. */
  const CELL_BUDGET_S = 60;
  const SLOW_REPEAT_S = 20;
  /** Warm-up: at least one run and at least this many seconds of runs. */
  const WARMUP_S = 1;

  const now =
    typeof performance !== 'undefined' && performance.now
      ? () => performance.now() / 1000
      : () => Date.now() / 1000;

  /** mulberry32: a small seeded generator; doubles in [0, 1). mlp_bench.cpp has the same. */
  function rng(seed) {
    let a = seed >>> 0;
    return function next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** The synthetic data of a workload: x (n * features, row-major) and y (n labels or targets). */
  function makeData(w) {
    const next = rng(w.seed);
    const x = new Float64Array(w.n * w.features);
    const y = new Float64Array(w.n);
    for (let i = 0; i < w.n; ++i) {
      const row = x.subarray(i * w.features, (i + 1) * w.features);
      if (w.data === 'two-class-2d' || w.data === 'smooth-regression-2d') {
        row[0] = 2 * next() - 1;
        row[1] = 2 * next() - 1;
      } else {
        for (let j = 0; j < w.features; ++j) row[j] = next();
      }
      if (w.data === 'two-class-2d') y[i] = row[1] > 0.5 * Math.sin(3 * row[0]) ? 1 : 0;
      else if (w.data === 'smooth-regression-2d') y[i] = Math.sin(3 * row[0]) * Math.cos(2 * row[1]) + 0.5 * row[0] * row[1];
      else y[i] = Math.min(9, Math.floor(next() * 10));
    }
    return { x, y };
  }

  /** scikit-learn parameters (as a Session's configure takes them) of a workload. */
  function sklearnParams(w) {
    const p = {
      hidden_layer_sizes: w.hidden,
      activation: w.activation,
      solver: w.solver,
      learning_rate_init: w.learningRate,
      batch_size: w.batchSize,
      max_iter: w.epochs,
      alpha: 0,
      shuffle: true,
      tol: 0,
      n_iter_no_change: 'inf',
      random_state: 0,
    };
    if (w.solver === 'sgd') Object.assign(p, { momentum: 0, nesterovs_momentum: false });
    return p;
  }

  /** The points of the W4 grid, row-major (x, y) pairs, top row first (as Session.evaluateGrid). */
  function gridPoints() {
    const { nx, ny, xmin, xmax, ymin, ymax } = GRID;
    const p = new Float32Array(nx * ny * 2);
    for (let j = 0; j < ny; ++j)
      for (let i = 0; i < nx; ++i) {
        p[2 * (j * nx + i)] = xmin + (i * (xmax - xmin)) / (nx - 1);
        p[2 * (j * nx + i) + 1] = ymax - (j * (ymax - ymin)) / (ny - 1);
      }
    return p;
  }

  function median(values) {
    const s = values.slice().sort((a, b) => a - b);
    const n = s.length;
    return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  /** Repeats: fewer when the warm-up shows a repeat would blow the cell's time budget. */
  function repeatsAfter(warmupSeconds, requested) {
    if (warmupSeconds <= SLOW_REPEAT_S && warmupSeconds * requested <= CELL_BUDGET_S) return requested;
    return Math.max(1, Math.min(requested, Math.floor(CELL_BUDGET_S / warmupSeconds)));
  }

  /**
   * Times fn (sync or async): a warm-up of at least one run and WARMUP_S seconds, then the
   * repeats. Why that long: V8 first runs WebAssembly on its baseline compiler (Liftoff) and
   * swaps in optimised code compiled in the background; measured on W1, the first ~25 runs
   * (half a second) go from 95 ms down to the steady 6 ms.
   */
  async function timeRuns(requested, fn) {
    const warmupStart = now();
    let t = warmupStart;
    let warmupRuns = 0;
    let lastWarmup = 0;
    do {
      t = now();
      await fn();
      lastWarmup = now() - t;
      ++warmupRuns;
    } while (now() - warmupStart < WARMUP_S);
    const repeats = repeatsAfter(lastWarmup, requested);
    const times = [];
    for (let r = 0; r < repeats; ++r) {
      t = now();
      await fn();
      times.push(now() - t);
    }
    return {
      median_s: median(times),
      min_s: Math.min(...times), // the least disturbed run, for a loaded machine
      times_s: times,
      repeats,
      repeats_requested: requested,
      warmup_runs: warmupRuns,
      warmup_s: now() - warmupStart - times.reduce((a, b) => a + b, 0),
    };
  }

  function cell(name, timing, work, unit, extra) {
    return Object.assign({ name }, timing, { [unit]: work / timing.median_s }, extra);
  }

  function wanted(name, only) {
    return !only || name.indexOf(only) >= 0;
  }

  function check(status, what) {
    if (!status.ok) throw new Error(what + ': ' + status.parameter + ': ' + status.message);
  }

  /**
   * Our engine through the Embind Session, as the page's worker drives it. `mlp` is the module
   * (createMlpModule's result). Synchronous work inside; returns a promise of the cells.
   */
  async function runOurs(mlp, { repeats = 5, only = '', log = () => {} } = {}) {
    const cells = [];
    const grid = GRID;
    for (const w of WORKLOADS) {
      const wantFit = wanted(w.name, only);
      const wantGrid = grid.nets.includes(w.name) && wanted('W4', only);
      if (!wantFit && !wantGrid) continue;
      const s = new mlp.Session();
      try {
        const params = JSON.stringify(sklearnParams(w));
        check(s.configure(w.estimator, params, 'float32'), w.name + ' configure');
        const { x, y } = makeData(w);
        check(s.resizeData(w.n, 0, w.features, 1), w.name + ' resizeData');
        s.xTrain().set(x); // views: taken after the last allocating call, written at once
        s.yTrain().set(y);
        check(s.commitData(), w.name + ' commitData');
        let last = null;
        const fit = () => {
          check(s.configure(w.estimator, params, 'float32'), 'configure');
          check(s.reset(), 'reset');
          last = s.step(w.epochs);
          check(last.status, 'step');
          if (!last.finished || last.epoch !== w.epochs) throw new Error(w.name + ' ran ' + last.epoch + ' epochs');
        };
        if (wantFit) {
          log('ours ' + w.name + ' fit');
          const timing = await timeRuns(repeats, fit);
          cells.push(
            cell(w.name, timing, w.n * w.epochs, 'samples_per_s', {
              timed: 'Session.configure + reset + step(epochs), float32 (data written once before, through the views)',
              final_loss: last.loss,
            }),
          );
        } else {
          fit();
        }
        if (wantGrid) {
          log('ours W4 (' + w.name + ' net)');
          let sum = 0;
          const timing = await timeRuns(repeats, () => {
            check(s.evaluateGrid(grid.xmin, grid.xmax, grid.ymin, grid.ymax, grid.nx, grid.ny), 'evaluateGrid');
            const out = s.grid().slice();
            sum += out[0];
          });
          cells.push(
            cell('W4 (' + w.name + ' net)', timing, grid.nx * grid.ny, 'points_per_s', {
              timed: 'Session.evaluateGrid(200 x 200) + copy of grid() out of the module',
              checksum: sum,
            }),
          );
        }
      } finally {
        s.delete();
      }
    }
    return cells;
  }

  /** A fresh TF.js model and optimiser for a workload (Glorot-uniform weights, zero biases). */
  function tfModel(tf, w) {
    const model = tf.sequential();
    w.hidden.forEach((units, l) =>
      model.add(
        tf.layers.dense(
          Object.assign(
            { units, activation: w.activation, kernelInitializer: tf.initializers.glorotUniform({ seed: l }) },
            l === 0 ? { inputShape: [w.features] } : {},
          ),
        ),
      ),
    );
    model.add(
      tf.layers.dense({
        units: w.outputs,
        activation: w.outActivation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: w.hidden.length }),
      }),
    );
    // The optimisers of scikit-learn's solvers: plain SGD (momentum 0); adam with its epsilon.
    const optimizer = w.solver === 'sgd' ? tf.train.sgd(w.learningRate) : tf.train.adam(w.learningRate, 0.9, 0.999, 1e-8);
    model.compile({ optimizer, loss: w.tfLoss });
    return { model, optimizer };
  }

  /** TF.js on whatever backend is set (tf.setBackend before). Returns a promise of the cells. */
  async function runTf(tf, { repeats = 5, only = '', log = () => {} } = {}) {
    const cells = [];
    const grid = GRID;
    const gridX = tf.tensor2d(gridPoints(), [grid.nx * grid.ny, 2]);
    for (const w of WORKLOADS) {
      const wantFit = wanted(w.name, only);
      const wantGrid = grid.nets.includes(w.name) && wanted('W4', only);
      if (!wantFit && !wantGrid) continue;
      const { x, y } = makeData(w);
      const xs = tf.tensor2d(Float32Array.from(x), [w.n, w.features]);
      const ys =
        w.outputs === 1
          ? tf.tensor2d(Float32Array.from(y), [w.n, 1])
          : tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), w.outputs).toFloat());
      let last = null;
      let lastLoss = NaN;
      const fit = async () => {
        if (last) {
          last.model.dispose();
          last.optimizer.dispose();
        }
        last = tfModel(tf, w);
        const history = await last.model.fit(xs, ys, { batchSize: w.batchSize, epochs: w.epochs, shuffle: true, verbose: 0 });
        lastLoss = history.history.loss[history.history.loss.length - 1];
      };
      const tensorsBefore = tf.memory().numTensors;
      if (wantFit) {
        log('tfjs-' + tf.getBackend() + ' ' + w.name + ' fit');
        const timing = await timeRuns(repeats, fit);
        cells.push(
          cell(w.name, timing, w.n * w.epochs, 'samples_per_s', {
            timed: 'tf.sequential + compile + model.fit(xs, ys, {batchSize, epochs, shuffle: true, verbose: 0}) (tensors made once before)',
            final_loss: lastLoss,
          }),
        );
      } else {
        await fit();
      }
      if (wantGrid) {
        log('tfjs-' + tf.getBackend() + ' W4 (' + w.name + ' net)');
        let sum = 0;
        const timing = await timeRuns(repeats, () => {
          const out = last.model.predict(gridX, { batchSize: grid.nx * grid.ny });
          sum += out.dataSync()[0];
          out.dispose();
        });
        cells.push(
          cell('W4 (' + w.name + ' net)', timing, grid.nx * grid.ny, 'points_per_s', {
            timed: 'model.predict(grid, {batchSize: 40000}) + dataSync() (grid tensor made once before)',
            checksum: sum,
          }),
        );
      }
      last.model.dispose();
      last.optimizer.dispose();
      const leaked = tf.memory().numTensors - tensorsBefore;
      if (leaked > 0) log('tfjs ' + w.name + ': ' + leaked + ' tensors not disposed');
      xs.dispose();
      ys.dispose();
    }
    gridX.dispose();
    return cells;
  }

  return { WORKLOADS, GRID, TARGETS, rng, makeData, sklearnParams, gridPoints, median, runOurs, runTf, now };
});
