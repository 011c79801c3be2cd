// Data that are tables, not points of the plane: the bundled digits (the sixth lesson) reach
// scikit-learn's test accuracy and show one weight image per hidden unit; iris shows its
// confusion matrix and PCA plane; a CSV file pasted, uploaded or bad; a link that names a CSV
// file it cannot carry (screenshots in test-results/screenshots/digits.png and csv.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { encode } from '../../web/src/state/url.js';
import { LESSONS, lessonConfig } from '../../web/src/state/lessons.js';
import { assertClean, pointCounts, stepTo, waitBar, waitPainted, waitReady } from './helpers.js';
import { ROOT, openPage, screenshot, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

const REFERENCE = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'sklearn_reference.json'), 'utf8'));

/** The confusion matrix as shown: rows of counts (true class by predicted class). */
const confusion = (page) =>
  page.evaluate(() => {
    const table = document.querySelector('[data-testid="confusion"]');
    if (!table) return null;
    return [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent)));
  });

const accuracyOf = (matrix) => {
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  return matrix.reduce((sum, row, k) => sum + row[k], 0) / total;
};

test('the digits lesson reaches scikit-learn\'s test accuracy and shows one weight image per hidden unit', async () => {
  const reference = REFERENCE.cases.find((c) => c.id === 'digits_sgd_50_mnistlike');
  const lesson = LESSONS.find((l) => l.id === 'digits-weights');
  const config = lessonConfig(lesson, 0);
  // The lesson is the reference run: same data, split and parameters.
  for (const [name, value] of Object.entries(reference.params_set)) {
    assert.deepEqual(config.model[name], value, name);
  }
  assert.deepEqual([config.data.test_size, config.data.random_state], [REFERENCE.split.test_size, REFERENCE.split.random_state]);
  // scikit-learn's fit() ends at max_iter = 10: the page pauses there.
  const p = await openPage(env, `?${encode({ ...config, train: { ...config.train, stopAtFit: true } })}`);
  try {
    const { page } = p;
    await waitReady(page);
    assert.equal(await page.locator('.boundary-box').isHidden(), true, 'no plane for 64 inputs');
    await page.locator('.training-bar button[aria-label="Play"]').click();
    await waitBar(page, "s.state === 'paused' && s.epoch === 10 && s.scoredEpoch === 10", { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('.testset-view [data-epoch]')?.dataset.epoch === '10',
      null, { timeout: 30_000 });
    const matrix = await confusion(page);
    assert.equal(matrix.length, 10);
    assert.equal(matrix.flat().reduce((a, b) => a + b, 0), 540);
    const accuracy = accuracyOf(matrix);
    const { min, max } = reference.spread.test_score;
    console.log(`# digits test accuracy ${accuracy.toFixed(4)}; scikit-learn's spread over seeds ${min.toFixed(4)}..${max.toFixed(4)}, ` +
      `random_state 1: ${reference.main.test_score.toFixed(4)}`);
    assert.ok(accuracy >= min, `test accuracy ${accuracy} below scikit-learn's spread (${min})`);
    // One tile per unit of the first hidden layer.
    await page.waitForFunction(() => document.querySelector('.weights-canvas').dataset.tiles === '50');
    // The inputs that most activate each unit: one row per unit once opened.
    await page.locator('.activating-card summary').click();
    await page.waitForFunction(() => document.querySelector('.activating-canvas').dataset.rows === '50', null, { timeout: 15_000 });
    await page.locator('.testset-view').scrollIntoViewIfNeeded();
    await screenshot(page, 'digits');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('iris shows its confusion matrix, per-class scores, and its data and boundary in the PCA plane', async () => {
  const p = await openPage(env, '?v=1&g=iris&h=10');
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 5);
    await page.waitForFunction(() => document.querySelector('.pca-canvas')?.dataset.points === '38');
    const matrix = await confusion(page);
    assert.deepEqual([matrix.length, matrix[0].length], [3, 3]);
    const classes = await page.locator('[data-testid="class-scores"] tbody tr th').allTextContents();
    assert.deepEqual(classes.slice(0, 3), ['setosa', 'versicolor', 'virginica']);
    assert.match(await page.locator('.table-info').textContent(), /Fisher \(1936\)/, 'the data are attributed');
    assert.equal(await page.locator('.features').isHidden(), true, 'derived features need a plane');
    // Iris's first two principal components hold 98% of its variance: the data and the boundary in their plane.
    assert.match(await page.locator('.plane-note').textContent(), /PC1 9\d%, PC2 \d%/);
    assert.equal(await page.locator('.boundary-box').isVisible(), true);
    await waitPainted(page);
    const counts = await pointCounts(page);
    assert.equal(counts.train, 112, JSON.stringify(counts));
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

const GOOD_CSV = ['width;height;kind', ...Array.from({ length: 40 }, (_, i) => {
  const big = i % 2 === 0;
  return `${(big ? 3 : 1) + (i % 5) * 0.1};${(big ? 2.5 : 0.5) + (i % 3) * 0.1};${big ? 'large' : 'small'}`;
})].join('\n');

test('a pasted CSV file trains; a bad one says where and keeps the data in use; upload and drop work too', async () => {
  const p = await openPage(env, '?v=1');
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.dataset-picker label', { hasText: 'Your CSV' }).click();
    const status = page.locator('.csv-status');
    await page.locator('.csv-paste summary').click();
    await page.locator('.csv-paste textarea').fill(GOOD_CSV);
    await page.locator('[data-action="csv-paste"]').click();
    // Parsed in a worker: the status says so when it is done.
    await status.filter({ hasText: /40 rows, 2 features; 2 classes in "kind": large, small/ }).waitFor();
    // Two features: a plane, with its boundary.
    await page.locator('.table-info', { hasText: '40 samples, 2 features, 2 classes' }).waitFor();
    await waitBar(page, 's.scoredEpoch === 0');
    assert.equal(await page.locator('.boundary-box').isVisible(), true);
    await stepTo(page, 2);

    // A bad cell: the message names the line and the column; the text and the data stay.
    const bad = GOOD_CSV.replace('\n1.1;0.6;small', '\n1.1;oops;small');
    assert.notEqual(bad, GOOD_CSV);
    await page.locator('.csv-paste textarea').fill(bad);
    await page.locator('[data-action="csv-paste"]').click();
    await status.filter({ hasText: /Line 3, column "height" \(2\): "oops" is not a number/ }).waitFor();
    assert.equal(await page.locator('.csv-paste textarea').inputValue(), bad, 'the text is kept');
    assert.ok(Number(await page.locator('.training-bar').getAttribute('data-scored-epoch')) >= 2, 'the run in use stays');

    // Choosing the target column: "width" as a regression target from "height" and "kind" fails
    // (kind is text), with the column named.
    await page.locator('.csv-paste textarea').fill(GOOD_CSV);
    await page.locator('[data-action="csv-paste"]').click();
    await status.filter({ hasText: /40 rows, 2 features/ }).waitFor();
    await page.locator('.csv-options select').first().selectOption('0');
    await status.filter({ hasText: /column "kind" \(3\).*not a number/ }).waitFor();

    // A file: four features and three classes, no header: a confusion matrix, and the PCA plane
    // only if its first two components hold 80% of the variance of the training rows.
    const rows = Array.from({ length: 30 }, (_, i) => `${i % 3},${(i * 7) % 5},${(i * 3) % 4},${i % 2},${['a', 'b', 'c'][i % 3]}`);
    await page.locator('.csv-import input[type="file"]').setInputFiles({ name: 'four.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await page.locator('.csv-status', { hasText: 'four.csv: 30 rows, 4 features; 3 classes' }).waitFor();
    await page.locator('.table-info', { hasText: '30 samples, 4 features, 3 classes' }).waitFor();
    await waitBar(page, 's.scoredEpoch === 0');
    await stepTo(page, 1);
    await page.waitForFunction(() => document.querySelector('[data-testid="confusion"]')?.dataset.total === '8');
    const note = (await page.locator('.plane-note').isVisible()) ? await page.locator('.plane-note').textContent() : '';
    const shares = /PC1 (\d+)%, PC2 (\d+)%/.exec(note);
    assert.equal(await page.locator('.boundary-box').isVisible(), Boolean(shares), note);
    if (shares) assert.ok(Number(shares[1]) + Number(shares[2]) >= 79, note);
    assert.equal(await page.locator('.weights-card').isHidden(), true, 'four features are no image (16 or more, square, are)');
    await screenshot(page, 'csv');

    // Dropped on the Data panel: the same as choosing the file.
    const dropped = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      return transfer;
    }, GOOD_CSV);
    await page.dispatchEvent('.data-panel', 'dragover', { dataTransfer: dropped });
    assert.equal(await page.locator('.data-panel.drop-target').count(), 1, 'the panel shows it takes the drop');
    await page.dispatchEvent('.data-panel', 'drop', { dataTransfer: dropped });
    await page.locator('.csv-status', { hasText: 'dropped.csv: 40 rows, 2 features' }).waitFor();
    assert.equal(await page.locator('.data-panel.drop-target').count(), 0);

    // A numeric target with three features: a regression, scored by R² with predicted against true.
    const wave = Array.from({ length: 40 }, (_, i) => `${i / 10},${(i % 7) / 7},${(i % 3) - 1},${(i / 10 + (i % 3)).toFixed(2)}`);
    await page.locator('.csv-import input[type="file"]').setInputFiles({ name: 'wave.csv', mimeType: 'text/csv',
      buffer: Buffer.from(['a,b,c,target', ...wave].join('\n')) });
    await page.locator('.csv-status', { hasText: 'wave.csv: 40 rows, 3 features; regression on "target"' }).waitFor();
    await page.locator('.table-info', { hasText: '40 samples, 3 features, a numeric target' }).waitFor();
    await waitBar(page, 's.scoredEpoch === 0');
    await stepTo(page, 3);
    await page.waitForFunction(() => document.querySelector('.pred-canvas')?.dataset.points === '10');
    assert.equal(await page.locator('[data-testid="confusion"]').count(), 0);
    assert.match(await page.locator('[data-testid="regression-scores"]').textContent(), /R²/);
    assert.match(await page.locator('.stat-test-score .stat-label').first().textContent(), /R²/);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('a link made with a CSV file says the file must be loaded again', async () => {
  const p = await openPage(env, '?v=1&g=csv&h=4');
  try {
    const { page } = p;
    await page.locator('.banner', { hasText: 'a link cannot carry' }).waitFor();
    assert.match(await page.locator('.csv-status').textContent(), /No file loaded yet/);
    assert.equal(await page.locator('.csv-import').isVisible(), true);
    assertClean(p, 'the page');
  } finally {
    await p.context.close();
  }
});
