// M1 in Chromium: a classic Web Worker, as the playground's training worker. It fetches the four
// gzipped IDX files of Fashion-MNIST from the local server (bench/m1-browser.js serves Debian's
// /usr/share/datasets/fashion-mnist as /fashion-mnist/), ungzips them with DecompressionStream,
// keeps the bytes and trains through the Embind Session (bench/m1-work.js).
'use strict';
importScripts('/build/wasm/mlp.js', '/bench/m1-work.js');

const log = (message) => postMessage({ type: 'log', message });
const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

async function fetchIdx(name) {
  const response = await fetch('/fashion-mnist/' + name + '.gz');
  if (!response.ok) throw new Error(`/fashion-mnist/${name}.gz: HTTP ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 8) throw new Error(name + ': not an IDX file of unsigned bytes');
  const rank = bytes[3];
  const view = new DataView(bytes.buffer);
  const shape = [];
  for (let i = 0; i < rank; i += 1) shape.push(view.getUint32(4 + 4 * i, false));
  return { shape, data: bytes.subarray(4 + 4 * rank) };
}

onmessage = async ({ data: { precision, repeats, subset } }) => {
  try {
    const t0 = performance.now();
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(FILES.map(fetchIdx));
    const fetchSeconds = (performance.now() - t0) / 1000;
    const all = {
      trainImages: trainImages.data,
      trainLabels: trainLabels.data,
      testImages: testImages.data,
      testLabels: testLabels.data,
      nTrain: trainLabels.data.length,
      nTest: testLabels.data.length,
      nFeatures: trainImages.shape[1] * trainImages.shape[2],
    };
    const data = MlpM1.subset(all, subset);
    log(`fetched and ungzipped in ${fetchSeconds.toFixed(2)} s`);
    // In a worker, Emscripten looks for mlp.wasm next to the worker's URL: point it at build/wasm.
    const mlp = await createMlpModule({ locateFile: (file) => '/build/wasm/' + file });
    let peakHeap = 0;
    const sample = () => {
      peakHeap = Math.max(peakHeap, MlpM1.heapBytes(mlp) || 0);
    };
    const fits = [];
    for (let r = 0; r < repeats; r += 1)
      fits.push(MlpM1.fitM1(mlp, data, precision, { log: (m) => log(`${r + 1}/${repeats} ${m}`), sample }));
    postMessage({
      type: 'done',
      result: { userAgent: navigator.userAgent, fetch_seconds: fetchSeconds, fits, wasm_memory_peak_bytes: peakHeap },
    });
  } catch (e) {
    postMessage({ type: 'error', message: String(e && e.stack ? e.stack : e) });
  }
};
