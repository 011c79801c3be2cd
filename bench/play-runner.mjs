// The page's Play at "Fastest", without the page: the worker's host (web/src/engine/worker-host.js)
// on the WebAssembly build in node, with real timers, the page's 200x200 grid and 24x24 unit
// pictures on every update, training past fit()'s stop with the per-epoch curves measured on the
// host's cadence. Reports epochs per second per case (median of the repeats) as JSON:
//   node bench/play-runner.mjs OUT.json
// Environment: MLP_BENCH_REPEATS (default 5), MLP_WASM_DIR (another build), MLP_PLAY_SECONDS (default 3).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadMlpModule } from '../web/src/engine/load-node.js';
import { createWorkerHost } from '../web/src/engine/worker-host.js';

const out = process.argv[2];
const repeats = Math.max(1, Number(process.env.MLP_BENCH_REPEATS || 5));
const seconds = Math.max(0.5, Number(process.env.MLP_PLAY_SECONDS || 3));
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wasmDir = path.resolve(process.env.MLP_WASM_DIR || path.join(root, 'build/wasm'));

const NO_STOP = { max_iter: 10_000_000, n_iter_no_change: 'inf', random_state: 0 };
/** The page's defaults on moons, a bigger net on more points, and the 64-pixel digits. */
const CASES = [
  { name: 'moons 300, (8,8) relu adam (the page default)', estimator: 'MLPClassifier',
    params: { hidden_layer_sizes: [8, 8], learning_rate_init: 0.01, ...NO_STOP },
    data: { generator: 'make_moons', params: { n_samples: 300, noise: 0.2, random_state: 0 } }, grid: true },
  { name: 'moons 5000, (64,64) relu adam', estimator: 'MLPClassifier',
    params: { hidden_layer_sizes: [64, 64], learning_rate_init: 0.01, ...NO_STOP },
    data: { generator: 'make_moons', params: { n_samples: 5000, noise: 0.2, random_state: 0 } }, grid: true },
  { name: 'spirals 500, (8,8) tanh adam', estimator: 'MLPClassifier',
    params: { hidden_layer_sizes: [8, 8], activation: 'tanh', learning_rate_init: 0.01, ...NO_STOP },
    data: { generator: 'spirals', params: { n_samples: 500, noise: 0.04, random_state: 0 } }, grid: true },
];
const GRID = { xMin: -2, xMax: 3, yMin: -1.5, yMax: 2, nx: 200, ny: 200, units: { nx: 24, ny: 24 } };

const modulePromise = loadMlpModule(wasmDir);

/** One timed Play: epochs per second after a one-second warm-up, and the measuring cadence it chose. */
async function play(c) {
  let last = null;
  let update = null;
  let runId = 0;
  const host = createWorkerHost({
    createModule: () => modulePromise,
    post: (m) => {
      if (m.type === 'progress') last = m;
      if (m.type === 'update') update = m;
    },
  });
  const send = (type, fields = {}) => host.handle({ type, runId: ++runId, ...fields });
  await send('init');
  await send('configure', { estimator: c.estimator, params: c.params, precision: 'float64' });
  await send('data', { generate: c.data, split: { test_size: 0.25, random_state: 0 } });
  if (c.grid) await host.handle({ type: 'grid', runId, ...GRID });
  await host.handle({ type: 'play', runId });
  await new Promise((r) => setTimeout(r, 1000));
  const e0 = last.epoch;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const rate = (last.epoch - e0) / ((performance.now() - t0) / 1000);
  await host.handle({ type: 'pause', runId });
  host.dispose();
  return { rate, metricsEvery: update?.metricsEvery ?? null };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cells = [];
for (const c of CASES) {
  const runs = [];
  for (let r = 0; r < repeats; r += 1) runs.push(await play(c));
  const cell = {
    name: c.name,
    epochs_per_s: median(runs.map((x) => x.rate)),
    runs_epochs_per_s: runs.map((x) => Math.round(x.rate)),
    metrics_every: runs.at(-1).metricsEvery,
    seconds,
  };
  process.stderr.write(`bench: play ${c.name}: ${Math.round(cell.epochs_per_s)} epochs/s (curves every ${cell.metrics_every})\n`);
  cells.push(cell);
}
fs.writeFileSync(out, JSON.stringify({ cells }, null, 2));
process.exit(0);
