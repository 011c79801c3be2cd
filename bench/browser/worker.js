// The browser side of `npm run bench`: a classic Web Worker, as the playground's training worker.
// Served with the repository root as the web root (bench/browser-runner.js), so that it can load
// the engine from /build/wasm/ and TF.js from /node_modules/.
'use strict';
importScripts('/build/wasm/mlp.js', '/bench/workloads.js');

const log = (message) => postMessage({ type: 'log', message });

onmessage = async ({ data: { repeats, only, tfjs } }) => {
  try {
    const result = { userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency };
    // In a worker, Emscripten looks for mlp.wasm next to the worker's URL: point it at build/wasm.
    const mlp = await createMlpModule({ locateFile: (file) => '/build/wasm/' + file });
    result.ours = await MlpBench.runOurs(mlp, { repeats, only, log: (m) => log('chromium ' + m) });
    if (tfjs) {
      importScripts(
        '/node_modules/@tensorflow/tfjs/dist/tf.min.js',
        '/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js',
      );
      tf.wasm.setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
      if (!(await tf.setBackend('wasm'))) throw new Error("tf.setBackend('wasm') failed");
      await tf.ready();
      result.tfjs = {
        tfjs_version: tf.version.tfjs,
        backend: tf.getBackend(),
        WASM_HAS_SIMD_SUPPORT: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
        WASM_HAS_MULTITHREAD_SUPPORT: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
        threads: tf.wasm.getThreadsCount(),
        cells: await MlpBench.runTf(tf, { repeats, only, log: (m) => log('chromium ' + m) }),
      };
    }
    postMessage({ type: 'done', result });
  } catch (e) {
    postMessage({ type: 'error', message: String(e && e.stack ? e.stack : e) });
  }
};
