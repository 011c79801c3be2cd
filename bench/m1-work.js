// M1 of `npm run bench`, written once for node and for the Chromium worker (UMD, as workloads.js):
//   node            const M1 = require('./m1-work.js')
//   Web Worker      importScripts('.../bench/m1-work.js')  ->  self.MlpM1
// The course's MNIST configuration, trained through the Embind Session as the page's worker drives
// it, on the full Fashion-MNIST set given as bytes (pixels as uint8, labels 0-9):
//   MLPClassifier(hidden_layer_sizes=(50,), max_iter=10, alpha=1e-4, solver='sgd', tol=1e-4,
//                 random_state=1, learning_rate_init=.1)
// fitM1 times one fit (10 epochs) and its epochs, then scores the test set. The data enter the
// session once, before the clock starts (as the page loads a set once and trains it many times).
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.MlpM1 = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /** The course's parameters under scikit-learn's names. */
  const COURSE_PARAMS = {
    hidden_layer_sizes: [50],
    max_iter: 10,
    alpha: 1e-4,
    solver: 'sgd',
    tol: 1e-4,
    random_state: 1,
    learning_rate_init: 0.1,
  };
  /** Batches per stepBatches call: about what the page's worker runs between two progress messages. */
  const BATCHES_PER_CALL = 25;

  /** MLP_BENCH_M1_SUBSET=quick: the page's quick subset, the first 10,000 training and 2,000 test images. */
  const SUBSETS = { full: null, quick: { nTrain: 10000, nTest: 2000 } };

  /** The first rows of `data` for a subset name ('full': all of it). */
  function subset(data, name) {
    if (!(name in SUBSETS)) throw new Error(`MLP_BENCH_M1_SUBSET is ${name}: it must be full or quick`);
    const size = SUBSETS[name];
    if (!size) return data;
    const d = data.nFeatures;
    return {
      ...data,
      nTrain: size.nTrain,
      nTest: size.nTest,
      trainImages: data.trainImages.subarray(0, size.nTrain * d),
      trainLabels: data.trainLabels.subarray(0, size.nTrain),
      testImages: data.testImages.subarray(0, size.nTest * d),
      testLabels: data.testLabels.subarray(0, size.nTest),
    };
  }

  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

  function check(status, what) {
    if (status && status.ok === false)
      throw new Error(what + ': ' + status.message + ' (' + status.parameter + ' = ' + status.value + ')');
  }

  /** Bytes of the module's WebAssembly memory (its heap as it has grown), or null. */
  function heapBytes(mlp) {
    const heap = mlp.HEAPU8 || mlp.HEAP8;
    return heap ? heap.buffer.byteLength : null;
  }

  /**
   * Writes the data into a session. With the engine's uint8 path (resizeImageData, xTrainBytes,
   * xTestBytes) the pixels stay bytes and are scaled to [0, 1] as batches are formed; without it
   * (an engine before issue 16) they are written as pixels / 255 into the float64 buffers.
   * `data`: { trainImages, trainLabels, testImages, testLabels } (Uint8Array), nTrain, nTest, nFeatures.
   */
  function loadData(mlp, s, data) {
    const { nTrain, nTest, nFeatures } = data;
    let path;
    if (typeof s.resizeImageData === 'function') {
      path = 'uint8 (resizeImageData(..., 255) + xTrainBytes/xTestBytes)';
      check(s.resizeImageData(nTrain, nTest, nFeatures, 255), 'resizeImageData');
      s.xTrainBytes().set(data.trainImages);
      s.xTestBytes().set(data.testImages);
    } else {
      path = 'float64 pixels / 255 (resizeData + xTrain/xTest: no uint8 path in this engine)';
      check(s.resizeData(nTrain, nTest, nFeatures, 1), 'resizeData');
      const scale = (view, bytes) => {
        for (let i = 0; i < bytes.length; i += 1) view[i] = bytes[i] / 255;
      };
      scale(s.xTrain(), data.trainImages);
      scale(s.xTest(), data.testImages);
    }
    // Labels: class codes 0-9, as doubles (Float64Array views).
    const yTrain = s.yTrain();
    for (let i = 0; i < nTrain; i += 1) yTrain[i] = data.trainLabels[i];
    const yTest = s.yTest();
    for (let i = 0; i < nTest; i += 1) yTest[i] = data.testLabels[i];
    check(s.commitData(), 'commitData');
    return path;
  }

  /**
   * One epoch in slices of BATCHES_PER_CALL batches when the engine has stepBatches (the calls end
   * when the epoch count moves on: 60,000 rows in batches of 200 are 300 batches, 12 calls exactly),
   * else step(1).
   */
  function trainEpoch(s, progress) {
    if (typeof s.stepBatches !== 'function') {
      const p = s.step(1);
      check(p.status, 'step');
      return { p, calls: 1 };
    }
    const epoch0 = progress ? progress.epoch : 0;
    let p;
    let calls = 0;
    do {
      p = s.stepBatches(BATCHES_PER_CALL);
      check(p.status, 'stepBatches');
      calls += 1;
    } while (!p.finished && p.epoch === epoch0);
    return { p, calls };
  }

  /**
   * One fit of the course's configuration in `precision` ('float32' | 'float64'), in a fresh session
   * with the data written first. Returns the timings and the fitted model's figures.
   * `sample()` (optional) is called after every epoch (the caller's memory sampling).
   */
  function fitM1(mlp, data, precision, { log = () => {}, sample = () => {} } = {}) {
    const s = new mlp.Session();
    try {
      const params = JSON.stringify(COURSE_PARAMS);
      check(s.configure('MLPClassifier', params, precision), 'configure');
      const t0 = now();
      const dataPath = loadData(mlp, s, data);
      const loadSeconds = (now() - t0) / 1000;
      const heapAfterData = heapBytes(mlp);
      const start = now();
      check(s.configure('MLPClassifier', params, precision), 'configure');
      check(s.reset(), 'reset');
      const epochSeconds = [];
      let last = null;
      let calls = 0;
      for (let guard = 0; guard < 1000; guard += 1) {
        const e0 = now();
        const r = trainEpoch(s, last);
        last = r.p;
        calls += r.calls;
        epochSeconds.push((now() - e0) / 1000);
        sample();
        if (last.finished) break;
      }
      const fitSeconds = (now() - start) / 1000;
      const s0 = now();
      const scores = s.scores();
      check(scores.status, 'scores');
      const scoreSeconds = (now() - s0) / 1000;
      check(s.readHistory(), 'readHistory');
      const lossCurve = Array.from(s.lossCurve());
      log(`${precision}: fit ${fitSeconds.toFixed(2)} s, ${last.epoch} epochs, loss ${last.loss.toFixed(6)}, test accuracy ${scores.test.toFixed(4)}`);
      return {
        precision,
        n_train: data.nTrain,
        n_test: data.nTest,
        data_path: dataPath,
        stepping: typeof s.stepBatches === 'function' ? `stepBatches(${BATCHES_PER_CALL}) calls: ${calls}` : 'step(1) per epoch',
        load_seconds: loadSeconds,
        fit_seconds: fitSeconds,
        epoch_seconds: epochSeconds,
        n_iter_: last.epoch,
        stop_reason: last.stopReason,
        loss_: last.loss,
        loss_curve_: lossCurve,
        train_accuracy: scores.train,
        test_accuracy: scores.test,
        score_seconds: scoreSeconds,
        heap_bytes_after_data: heapAfterData,
        heap_bytes: heapBytes(mlp),
        heap_bytes_in_use: typeof mlp.heapBytesInUse === 'function' ? mlp.heapBytesInUse() : null,
        session_memory_bytes: typeof s.memoryBytes === 'function' ? s.memoryBytes() : null,
      };
    } finally {
      s.delete();
    }
  }

  return { COURSE_PARAMS, BATCHES_PER_CALL, SUBSETS, subset, fitM1, heapBytes };
});
