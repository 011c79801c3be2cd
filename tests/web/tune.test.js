// Tune in Chromium: a grid search over alpha and hidden_layer_sizes on the moons runs in the
// page's pool of workers, shows its fits as they come (the progress bar), then the heatmap, the
// cv_results_ table and the best candidate; its numbers are the engine's for the same job run
// whole in node (so the pool, whatever its size, changes nothing); "Use the best" loads the
// best candidate into the model; the link carries the search; cancel stops a search in words.
// Screenshots: test-results/screenshots/tune-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { loadMlpModule } from '../../web/src/engine/load-node.js';
import { testHooks, waitBar } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

let env;
let engine;
before(async () => {
  env = await startBrowser();
  engine = await loadMlpModule();
});
after(async () => {
  await env?.close();
});

const message = (page) => page.locator('.tune-message');
const SMALL = '?v=2&h=6&mi=300';

async function fill(page, { kind = 'grid', first, second, cv = '3' }) {
  await page.locator('.tune-panel select[aria-label="Kind of search"]').selectOption(kind);
  if (first) {
    await page.locator('.tune-panel select[aria-label="Hyperparameter 1"]').selectOption(first[0]);
    await page.locator('.tune-panel input[aria-label="Values of hyperparameter 1"]').fill(first[1]);
  }
  if (second) {
    await page.locator('.tune-panel select[aria-label="Hyperparameter 2"]').selectOption(second[0]);
    await page.locator('.tune-panel input[aria-label="Values of hyperparameter 2"]').fill(second[1]);
  }
  await page.locator('.tune-panel input[aria-label="cv (folds)"]').fill(cv);
}

test('a grid search runs in the pool and gives the engine\'s numbers for the whole job; the best loads into the model', async () => {
  const p = await openPage(env, SMALL, { init: testHooks });
  try {
    const { page } = p;
    await waitBar(page, "s.state !== 'loading'");
    await page.locator('.tune-panel').scrollIntoViewIfNeeded();
    await fill(page, { first: ['alpha', '0.0001, 0.1, 1'], second: ['hidden_layer_sizes', '(2,), (6,)'] });
    await page.locator('[data-action="tune-run"]').click();
    await page.locator('.tune-progress:not([hidden])').waitFor();
    await message(page).filter({ hasText: /^Done: 18 fits/ }).waitFor({ timeout: 300_000 });
    await screenshot(page, 'tune-grid', { fullPage: false });
    const { job, result, size } = await page.evaluate(() => ({ job: window.__mlpTune.state.job, result: window.__mlpTune.state.result, size: window.__mlpTune.pool?.size }));
    // The same job, run whole (no fit_range) by the engine in node.
    const whole = engine.runJob(JSON.stringify(job));
    assert.equal(whole.status, 0, whole.output);
    const expected = JSON.parse(whole.output);
    for (const key of ['mean_test_score', 'std_test_score', 'rank_test_score', 'mean_train_score', 'split0_test_score', 'split2_test_score']) {
      assert.deepEqual(result.cv_results_[key], expected.cv_results_[key], key);
    }
    assert.deepEqual(result.best_params_, expected.best_params_);
    assert.equal(result.best_index_, expected.best_index_);
    console.log(`# ${size ?? '?'} workers; best ${JSON.stringify(result.best_params_)} ${result.best_score_}`);
    // The table: one row per candidate, rank 1 first.
    const rows = page.locator('[data-testid="tune-results"] tbody tr');
    assert.equal(await rows.count(), 6);
    assert.equal((await rows.nth(0).locator('td').nth(0).textContent()).trim(), '1');
    const best = result.best_params_;
    assert.match(await page.locator('.tune-summary').textContent(), new RegExp(`mean CV accuracy ${result.best_score_.toFixed(4)}`));
    // The link carries the search.
    assert.match(page.url(), /tu=g~3~alpha:0\.0001,0\.1,1~hidden_layer_sizes:2,6/);
    await page.locator('[data-action="tune-best"]').click();
    // The model's controls take the best candidate (the link then says it too).
    await page.waitForFunction((b) => {
      const q = new URLSearchParams(window.location.search);
      const alpha = Number(q.get('a') ?? 0.0001);
      const h = (q.get('h') ?? '').split('_').map(Number);
      return alpha === b.alpha && JSON.stringify(h) === JSON.stringify(b.hidden_layer_sizes);
    }, best);
    assert.match(await message(page).textContent(), /^Loaded alpha = /);
  } finally {
    await p.context.close();
  }
});

test('a link with tu= fills the form; a validation curve draws; a search cancelled says so', async () => {
  const p = await openPage(env, `${SMALL}&tu=v~3~alpha:0.0001,0.01,1,10`, { init: testHooks });
  try {
    const { page } = p;
    await waitBar(page, "s.state !== 'loading'");
    await page.locator('.tune-panel').scrollIntoViewIfNeeded();
    assert.equal(await page.locator('.tune-panel select[aria-label="Kind of search"]').inputValue(), 'validation_curve');
    assert.equal(await page.locator('.tune-panel input[aria-label="Values of hyperparameter 1"]').inputValue(), '0.0001, 0.01, 1, 10');
    assert.match(await message(page).textContent(), /The link carries this search/);
    await page.locator('[data-action="tune-run"]').click();
    await message(page).filter({ hasText: /^Done: 12 fits/ }).waitFor({ timeout: 300_000 });
    assert.equal(await page.locator('canvas.tune-chart').isVisible(), true);
    assert.equal(await page.locator('[data-testid="tune-results"] tbody tr').count(), 4);
    await screenshot(page, 'tune-validation-curve', { fullPage: false });

    await fill(page, { kind: 'grid', first: ['alpha', '0.0001, 0.001, 0.01, 0.1, 1, 10'], second: ['hidden_layer_sizes', '(2,), (4,), (6,)'], cv: '5' });
    await page.locator('[data-action="tune-run"]').click();
    await page.waitForFunction(() => window.__mlpTune.state.fits.length >= 2);
    await page.locator('[data-action="tune-cancel"]').click();
    await message(page).filter({ hasText: /^Cancelled after \d+ of 90 fits\./ }).waitFor();
    assert.equal(await page.locator('[data-action="tune-run"]').isEnabled(), true);
    // Bad values are refused in words before anything runs.
    await fill(page, { kind: 'grid', first: ['alpha', '0.1, -1'], second: ['hidden_layer_sizes', '(2,)'] });
    await page.locator('[data-action="tune-run"]').click();
    await message(page).filter({ hasText: 'alpha = -1: alpha must be a number in [0, 100]; got -1' }).waitFor();
    assert.deepEqual(p.errors ?? [], []);
  } finally {
    await p.context.close();
  }
});
