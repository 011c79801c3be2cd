// Search jobs (issue 15) through the WebAssembly runJob: the scores scikit-learn 1.2.1 computes
// (tests/fixtures/sklearn_search.json, made by tools/make_fixtures.py --search) to 1e-10, the same
// result as the native runner (times aside), the worker pool's contract (fits run in ranges and
// given back as fit_results aggregate to the whole run), and bad search input named.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { loadMlpModule } from '../../web/src/engine/load-node.js';
import { firstDifference, root, runNativeSync } from './support.js';

const mlp = await loadMlpModule();

const fixtures = JSON.parse(fs.readFileSync(path.join(root, 'tests/fixtures/sklearn_search.json'), 'utf8')).cases;
const fixture = (id) => fixtures.find((c) => c.id === id);

/** The WebAssembly runner's status and parsed result for a job. */
function runWasm(job) {
  const { status, output } = mlp.runJob(JSON.stringify(job));
  return { status, result: JSON.parse(output) };
}

/** The result without what is measured (the times) and, for comparisons with scikit-learn, its warnings. */
function withoutTimes(result, dropWarnings = false) {
  const copy = structuredClone(result);
  if (copy.cv_results_)
    for (const key of ['mean_fit_time', 'std_fit_time', 'mean_score_time', 'std_score_time']) delete copy.cv_results_[key];
  if (dropWarnings) delete copy.warnings;
  return copy;
}

const within1e10 = (a, b) => Math.abs(a - b) <= 1e-10;

/** A copy with every object's keys in sorted order (firstDifference compares key order). */
function sortedKeys(v) {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys(v[k])]));
  return v;
}

const CASES = ['grid_multiclass_lbfgs', 'grid_regression_sgd', 'random_lists_seed', 'validation_curve_alpha',
  'learning_curve_fractions', 'rare_class_warning'];

for (const id of CASES) {
  test(`${id}: WebAssembly gives scikit-learn's scores to 1e-10`, () => {
    const c = fixture(id);
    const { status, result } = runWasm(c.job);
    assert.equal(status, 0, JSON.stringify(result).slice(0, 300));
    const expected = withoutTimes(c.expected, true);
    const got = withoutTimes(result, true);
    // Only the keys scikit-learn has (the result adds precision).
    for (const key of Object.keys(got)) if (!(key in expected)) delete got[key];
    if (got.cv_results_) for (const key of Object.keys(got.cv_results_)) assert.ok(key in expected.cv_results_, key);
    assert.equal(firstDifference(sortedKeys(got), sortedKeys(expected), within1e10), null);
  });
}

test('the WebAssembly and native runners give the same search results (times aside)', () => {
  for (const id of ['grid_binary_adam', 'learning_curve_absolute', 'failed_fits_error_score']) {
    const job = fixture(id).job;
    const wasm = runWasm(job);
    const native = runNativeSync(job);
    assert.equal(wasm.status, native.status, id);
    assert.deepEqual(withoutTimes(wasm.result), withoutTimes(native.result), id);
  }
});

test('the StratifiedKFold warning for a class smaller than n_splits comes first', () => {
  const { result } = runWasm(fixture('rare_class_warning').job);
  assert.equal(result.warnings[0], 'The least populated class in y has only 2 members, which is less than n_splits=3.');
});

test('fits run in 3 ranges through WebAssembly aggregate to the whole run', () => {
  for (const id of ['random_lists_seed', 'validation_curve_alpha', 'learning_curve_fractions']) {
    const job = structuredClone(fixture(id).job);
    const whole = runWasm(job);
    assert.equal(whole.status, 0);
    job.search.fit_range = [0, 0];
    const nFits = runWasm(job).result.n_fits;
    assert.ok(nFits >= 3, id);
    const cuts = [0, Math.floor(nFits / 3), Math.floor((2 * nFits) / 3), nFits];
    const fits = [];
    for (let part = 0; part < 3; part++) {
      job.search.fit_range = [cuts[part], cuts[part + 1]];
      const some = runWasm(job);
      assert.equal(some.status, 0);
      assert.equal(some.result.n_fits, nFits);
      assert.deepEqual(some.result.fits.map((f) => f.fit), Array.from({ length: cuts[part + 1] - cuts[part] }, (_, i) => cuts[part] + i));
      fits.push(...some.result.fits);
    }
    delete job.search.fit_range;
    job.search.fit_results = fits.reverse(); // any order
    const joined = runWasm(job);
    assert.equal(joined.status, 0, JSON.stringify(joined.result).slice(0, 300));
    assert.deepEqual(withoutTimes(joined.result), withoutTimes(whole.result), id);
  }
});

test('bad search input gets status 2 naming the parameter', () => {
  const base = fixture('grid_regression_sgd').job;
  const bad = [
    [{ kind: 'grid', param_grid: { alpah: [1] } }, 'search.param_grid.alpah'],
    [{ kind: 'grid', param_grid: { alpha: [] } }, 'search.param_grid.alpha'],
    [{ kind: 'random', param_distributions: { alpha: [1] }, n_iter: 0 }, 'search.n_iter'],
    [{ kind: 'grid', param_grid: { alpha: [1] }, cv: 1 }, 'search.cv'],
    [{ kind: 'learning_curve', train_sizes: [0, 0.5] }, 'search.train_sizes'],
    [{ kind: 'grid', param_grid: { alpha: [1] }, fit_range: [0, 99] }, 'search.fit_range'],
  ];
  for (const [search, parameter] of bad) {
    const { status, result } = runWasm({ ...base, search });
    assert.equal(status, 2, parameter);
    assert.equal(result.error.parameter, parameter);
  }
});
