// The search workload of `npm run bench` (issue 15): a GridSearchCV of MLPClassifier on the
// moons, run by the page's Tune pool (web/src/tune/pool.js) with 1 worker and with one per core,
// in node (worker_threads, bench/tune-node-worker.mjs) and in headless Chromium (the page's own
// panel, its pool sized by the test hook tuneWorkers), and by scikit-learn 1.2.1 on this machine
// (Debian's python3-sklearn, when installed) with n_jobs=1 and n_jobs=-1. Writes JSON:
//   { workload, cores, node: [{ workers, seconds }], chromium: [...], sklearn: [...],
//     identical: true when every run gave the same cv_results_ scores, speedup_node, speedup_chromium }
//   node bench/search-runner.mjs out.json
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

import { createTunePool } from '../web/src/tune/pool.js';
import { loadMlpModule } from '../web/src/engine/load-node.js';

const out = process.argv[2] ?? 'search.json';
const repeats = Math.max(1, Number(process.env.MLP_BENCH_REPEATS || 3));
const cores = Math.max(1, Math.min(os.cpus().length, 8));
const log = (msg) => process.stderr.write(`search: ${msg}\n`);

/** S1: moons (1,000 points, noise 0.3), (20,) adam, alpha x learning_rate_init (12 candidates), 5 folds. */
export const WORKLOAD = {
  name: 'S1',
  label: 'S1 GridSearchCV moons 1000, (20,) adam, 12 candidates x 5 folds',
  data: { n_samples: 1000, noise: 0.3, random_state: 0 },
  params: { hidden_layer_sizes: [20], solver: 'adam', random_state: 0, max_iter: 200 },
  param_grid: { alpha: [0.0001, 0.001, 0.01, 0.1], learning_rate_init: [0.001, 0.01, 0.1] },
  cv: 5,
};

/** The job: the moons made by the engine (the runner's dataset loader), the grid search. */
function jobOf(w) {
  return {
    estimator: 'MLPClassifier',
    params: w.params,
    dataset: { generator: 'make_moons', params: w.data },
    search: { kind: 'grid', param_grid: w.param_grid, cv: w.cv },
  };
}

function nodeWorker() {
  const w = new Worker(new URL('./tune-node-worker.mjs', import.meta.url));
  const facade = {
    onmessage: null,
    onerror: null,
    postMessage: (m) => w.postMessage(m),
    terminate: () => w.terminate(),
  };
  w.on('message', (data) => facade.onmessage?.({ data }));
  w.on('error', (e) => facade.onerror?.({ message: e.message, preventDefault() {} }));
  return facade;
}

const scores = (r) => JSON.stringify([r.cv_results_.mean_test_score, r.cv_results_.std_test_score, r.cv_results_.rank_test_score]);

async function inNode(job) {
  const rows = [];
  let reference = null;
  let identical = true;
  for (const workers of [...new Set([1, cores])]) {
    let best = Infinity;
    for (let k = 0; k < repeats; k += 1) {
      const pool = createTunePool({ size: workers, createWorker: nodeWorker });
      // Workers started and their engines loaded before the clock starts: the page keeps its pool.
      await pool.run({ ...job, search: { ...job.search, param_grid: { alpha: [0.1] }, cv: 2 } });
      const t0 = performance.now();
      const result = await pool.run(job);
      best = Math.min(best, (performance.now() - t0) / 1000);
      reference ??= scores(result);
      identical &&= scores(result) === reference;
      pool.cancel();
    }
    log(`node, ${workers} worker(s): ${best.toFixed(2)} s`);
    rows.push({ workers, seconds: best });
  }
  return { rows, identical, reference };
}

function sklearn(w) {
  const script = `
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import numpy as np
from sklearn.datasets import make_moons
from sklearn.model_selection import GridSearchCV
from sklearn.neural_network import MLPClassifier
import sklearn
w = json.loads(sys.argv[1])
X, y = make_moons(**w["data"])
p = dict(w["params"]); p["hidden_layer_sizes"] = tuple(p["hidden_layer_sizes"])
rows = []
for n_jobs in (1, -1):
    best = 1e9
    for _ in range(${repeats}):
        t = time.perf_counter()
        g = GridSearchCV(MLPClassifier(**p), w["param_grid"], cv=w["cv"], n_jobs=n_jobs).fit(X, y)
        best = min(best, time.perf_counter() - t)
    rows.append({"n_jobs": n_jobs, "seconds": best, "mean_test_score": g.cv_results_["mean_test_score"].tolist()})
print(json.dumps({"version": sklearn.__version__, "rows": rows}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', script, JSON.stringify(w)], { encoding: 'utf8', timeout: 15 * 60 * 1000 });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || 'python3 failed').trim().split('\n').at(-1) };
  return JSON.parse(r.stdout);
}

async function inChromium(job) {
  const { openPage, startBrowser } = await import('../tests/web/support.js');
  const env = await startBrowser();
  const rows = [];
  const results = [];
  try {
    for (const workers of [...new Set([1, cores])]) {
      const p = await openPage(env, '?v=2', { init: `window.__mlpSupervision = { tuneWorkers: ${workers} };` });
      try {
        const { page } = p;
        await page.waitForFunction(() => window.__mlpTune);
        let best = Infinity;
        for (let k = 0; k <= repeats; k += 1) {
          const r = await page.evaluate(async (j) => {
            const t0 = performance.now();
            const result = await window.__mlpTune.pool.run(j);
            return { seconds: (performance.now() - t0) / 1000, result };
          }, job);
          if (k > 0) best = Math.min(best, r.seconds); // the first run starts the workers
          results.push(scores(r.result));
        }
        log(`chromium, ${workers} worker(s): ${best.toFixed(2)} s`);
        rows.push({ workers, seconds: best });
      } finally {
        await p.context.close();
      }
    }
  } finally {
    await env.close();
  }
  return { rows, results };
}

const job = jobOf(WORKLOAD);
const engine = await loadMlpModule();
const whole = engine.runJob(JSON.stringify(job));
if (whole.status !== 0) throw new Error(`the search job failed: ${whole.output}`);
const wholeScores = scores(JSON.parse(whole.output));
const nodeRuns = await inNode(job);
let chromium = { rows: [], results: [] };
try {
  chromium = await inChromium(job);
} catch (e) {
  log(`chromium: ${e.message}`);
  chromium.error = e.message;
}
const py = sklearn(WORKLOAD);
const speed = (rows) => (rows.length === 2 ? rows[0].seconds / rows[1].seconds : null);
const result = {
  workload: WORKLOAD,
  cores,
  repeats,
  node: nodeRuns.rows,
  chromium: chromium.rows,
  ...(chromium.error ? { chromium_error: chromium.error } : {}),
  sklearn: py,
  identical: nodeRuns.identical && nodeRuns.reference === wholeScores && chromium.results.every((s) => s === wholeScores),
  sklearn_equal: Array.isArray(py.rows) && py.rows.every((r) => JSON.stringify(r.mean_test_score) === JSON.stringify(JSON.parse(wholeScores)[0])),
  speedup_node: speed(nodeRuns.rows),
  speedup_chromium: speed(chromium.rows),
};
fs.writeFileSync(out, `${JSON.stringify(result, null, 1)}\n`);
log(`speed-up with ${cores} workers: node ${result.speedup_node?.toFixed(2)}x, chromium ${result.speedup_chromium?.toFixed(2)}x; identical: ${result.identical}`);
