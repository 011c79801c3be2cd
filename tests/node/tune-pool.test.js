// The Tune pool (web/src/tune/pool.js) with fake workers that follow tune-worker.js's messages
// and the runner's fit_range / fit_results contract: a search gives the same result with 1, 2
// or 5 workers, streams every fit once, and cancel, refusals and a failing worker end it in words.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TuneCancelled, TuneRefused, createTunePool, poolSize } from '../../web/src/tune/pool.js';

/** A fake runner: n candidates x 3 splits; a fit's score is a function of its index. */
function fakeRun(job) {
  const n = job.search.param_grid.alpha.length * 3;
  if (job.search.cv === 99) return { status: 2, output: JSON.stringify({ error: { parameter: 'cv', value: 99, message: 'cv must be at most the rows' } }) };
  if (job.search.fit_results) {
    const fits = job.search.fit_results;
    assert.equal(fits.length, n);
    fits.forEach((f, i) => assert.equal(f.fit, i, 'the fits come in order'));
    return { status: 0, output: JSON.stringify({ cv_results_: { mean_test_score: fits.map((f) => f.test_score) }, best_index_: 0 }) };
  }
  const [a, b] = job.search.fit_range;
  const fits = [];
  for (let f = a; f < Math.min(b, n); f += 1) fits.push({ fit: f, test_score: ((f * 7) % 11) / 10, train_score: 1, fit_time: 0.01, score_time: 0.001, warnings: [] });
  return { status: 0, output: JSON.stringify({ n_fits: n, fits }) };
}

/** A Worker stand-in: answers asynchronously, in a random order of delays (as real workers race). */
function fakeWorkers({ failOn = -1 } = {}) {
  const made = [];
  let runs = 0;
  const create = () => {
    const w = {
      terminated: false,
      job: null,
      onmessage: null,
      onerror: null,
      postMessage(m) {
        if (m.type === 'job') {
          w.job = JSON.parse(m.text);
          return;
        }
        setTimeout(() => {
          if (w.terminated) return;
          if (m.type === 'init') return w.onmessage({ data: { id: m.id, type: 'ready' } });
          runs += 1;
          if (runs === failOn) return w.onerror({ message: 'boom', preventDefault() {} });
          const search = { ...w.job.search, ...(m.fitRange ? { fit_range: m.fitRange } : {}), ...(m.fitResults ? { fit_results: m.fitResults } : {}) };
          const r = fakeRun({ ...w.job, search });
          return w.onmessage({ data: { id: m.id, type: 'done', status: r.status, output: r.output } });
        }, Math.floor(Math.random() * 3));
      },
      terminate() {
        w.terminated = true;
      },
    };
    made.push(w);
    return w;
  };
  return { create, made };
}

const job = (cv = 3) => ({ estimator: 'MLPClassifier', X: [[0], [1]], y: [0, 1], search: { kind: 'grid', cv, param_grid: { alpha: [1, 2, 3, 4] } } });

test('poolSize: the cores, capped, and 2 when unknown', () => {
  assert.equal(poolSize(4), 4);
  assert.equal(poolSize(32), 8);
  assert.equal(poolSize(undefined), 2);
  assert.equal(poolSize(1), 1);
});

test('a search gives the same aggregate with 1, 2 or 5 workers, and streams every fit once', async () => {
  const results = [];
  for (const size of [1, 2, 5]) {
    const { create } = fakeWorkers();
    const pool = createTunePool({ size, createWorker: create });
    const seen = [];
    let total = 0;
    const result = await pool.run(job(), { onTotal: (n) => { total = n; }, onFit: (fit, done, n) => { seen.push(fit.fit); assert.equal(n, 12); assert.equal(done, seen.length); } });
    assert.equal(total, 12);
    assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
    results.push(result);
  }
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[2], results[0]);
  assert.equal(results[0].cv_results_.mean_test_score.length, 12);
});

test('a refusal is a TuneRefused naming the parameter', async () => {
  const { create } = fakeWorkers();
  const pool = createTunePool({ size: 2, createWorker: create });
  await assert.rejects(pool.run(job(99)), (e) => e instanceof TuneRefused && e.parameter === 'cv' && /at most the rows/.test(e.message));
});

test('cancel ends the search (TuneCancelled) and its workers; the next search starts fresh ones', async () => {
  const { create, made } = fakeWorkers();
  const pool = createTunePool({ size: 2, createWorker: create });
  const running = pool.run(job(), { onFit: (fit, done) => { if (done === 3) pool.cancel(); } });
  await assert.rejects(running, (e) => e instanceof TuneCancelled);
  assert.ok(made.every((w) => w.terminated), 'the workers are ended');
  const again = await pool.run(job());
  assert.equal(again.cv_results_.mean_test_score.length, 12);
  assert.equal(made.length, 4);
});

test('a worker that fails ends the search with its message', async () => {
  const { create } = fakeWorkers({ failOn: 4 });
  const pool = createTunePool({ size: 2, createWorker: create });
  await assert.rejects(pool.run(job()), /a Tune worker failed: boom/);
});
