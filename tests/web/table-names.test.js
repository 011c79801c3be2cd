// Tables with their own names, in the page: "Your CSV" before a file is a calm prompt and
// sends nothing to the engine; a pasted two-column CSV whose columns are a hundred times apart
// gets an axis per column, each spanning its data and named by its header, the engine's grid
// over the same rectangle, outputs named by the classes, and a model JSON whose classes_ are the
// labels and whose feature_names_in_ are the columns; iris named by species (screenshot: table-names.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { assertClean, menuItem, settle, stepTo, testHooks, waitBar, waitPainted, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

// Sizes 30..200 against weights 0.3..2.0; three kinds of fruit, text labels.
const KINDS = ['apple', 'fig', 'plum'];
const FRUIT = ['size,weight,kind', ...Array.from({ length: 60 }, (_, i) => {
  const k = i % 3;
  const size = 30 + 60 * k + ((i * 7) % 11);
  const weight = 0.3 + 0.6 * k + ((i * 3) % 7) * 0.015;
  return `${i === 0 ? 200 : size},${i === 1 ? '2.0' : weight.toFixed(3)},${KINDS[k]}`;
})].join('\n');

/**
 * Records the types of the requests the page sends the training worker (window.__sent). The
 * supervisor's pings (one a second, whatever the data) are left out.
 */
function recordRequests() {
  window.__sent = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function postMessage(message, ...rest) {
    if (message?.type !== 'ping' && message?.type !== 'sync') window.__sent.push(message?.type); // not the heartbeat or a test's settle
    return post.call(this, message, ...rest);
  };
}

/** The boundary canvas' description of its axes (data-* attributes the view sets). */
const axes = (page) =>
  page.evaluate(() => {
    const d = document.querySelector('.boundary-canvas').dataset;
    const grid = d.gridRect ? d.gridRect.split(' ').map(Number) : null;
    return { xMin: Number(d.xMin), xMax: Number(d.xMax), yMin: Number(d.yMin), yMax: Number(d.yMax), xName: d.xName,
      yName: d.yName, xTicks: d.xTicks.split('|'), yTicks: d.yTicks.split('|'), grid };
  });

test('Your CSV before a file asks for one, calmly, and sends nothing to the engine', async () => {
  const p = await openPage(env, '?v=2', { init: [recordRequests, testHooks] });
  try {
    const { page } = p;
    await waitReady(page);
    const sentBefore = await page.evaluate(() => window.__sent.length);
    await page.locator('.dataset-picker label', { hasText: 'Your CSV' }).click();
    await page.locator('.csv-prompt').waitFor();
    assert.match(await page.locator('.csv-prompt').textContent(), /Choose, drop or paste a CSV file/);
    const status = page.locator('.csv-status');
    assert.match(await status.textContent(), /No file loaded yet\. Choose, drop or paste a CSV file/);
    assert.equal(await status.evaluate((el) => el.classList.contains('error')), false, 'a prompt, not an error');
    // Once the worker has answered everything sent before: no refusal came back, and no banner or red field says so.
    await settle(page);
    assert.equal(await page.locator('.banner').count(), 0, await page.locator('.banners').textContent());
    assert.equal(await page.locator('.boundary-box').isHidden(), true, 'no plot of the data before');
    assert.equal(await page.locator('.training-bar').getAttribute('data-epoch'), '0');
    const sent = await page.evaluate((n) => window.__sent.slice(n), sentBefore);
    assert.deepEqual(sent.filter((type) => type !== 'pause'), [], `sent ${sent.join(', ')}`);
    // Play and Step wait for the file too.
    await page.locator('.training-bar button[aria-label="Play"]').click();
    await page.locator('.training-bar button', { hasText: /^Step$/ }).click();
    assert.deepEqual(await page.evaluate((n) => window.__sent.slice(n).filter((t) => t !== 'pause'), sentBefore), []);
    // No model of the data before is exported either.
    await menuItem(page, 'Export', 'Model (JSON)');
    await page.locator('.toast:not([hidden])', { hasText: 'no CSV file is loaded yet' }).waitFor({ timeout: 10_000 });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('a pasted CSV with columns 100x apart: an axis per column, named; outputs and classes_ by label', async () => {
  const p = await openPage(env, '?v=2&h=6');
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.dataset-picker label', { hasText: 'Your CSV' }).click();
    await page.locator('.csv-paste summary').click();
    await page.locator('.csv-paste textarea').fill(FRUIT);
    await page.locator('[data-action="csv-paste"]').click();
    // Parsed in a worker: wait for the status to say so.
    await page.locator('.csv-status', { hasText: /60 rows, 2 features; 3 classes in "kind": apple, fig, plum/ }).waitFor();
    await page.locator('.table-info', { hasText: '60 samples, 2 features, 3 classes' }).waitFor();
    assert.equal(await page.locator('.csv-prompt').isHidden(), true);
    await waitBar(page, 's.scoredEpoch === 0');
    await stepTo(page, 3);
    await waitPainted(page);
    await page.waitForFunction(() => document.querySelector('.boundary-canvas').dataset.gridRect);

    // Each axis spans its own column (with a margin), named by the header.
    const a = await axes(page);
    assert.equal(a.xName, 'size');
    assert.equal(a.yName, 'weight');
    assert.ok(a.xMin < 30 && a.xMin > 0 && a.xMax > 200 && a.xMax < 240, JSON.stringify(a));
    assert.ok(a.yMin < 0.3 && a.yMin > 0 && a.yMax > 2.0 && a.yMax < 2.5, JSON.stringify(a));
    // The tick labels read the columns' own ranges: hundreds across, fractions up.
    assert.ok(a.xTicks.map(Number).some((v) => v >= 150), a.xTicks.join(' '));
    assert.ok(a.yTicks.map(Number).every((v) => v <= 2.5) && a.yTicks.some((t) => t.includes('.')), a.yTicks.join(' '));
    // The engine's grid covers the same rectangle.
    assert.deepEqual(a.grid, [a.xMin, a.xMax, a.yMin, a.yMax]);
    assert.match(await page.locator('.boundary-canvas').getAttribute('aria-label'), /size across, weight up/);

    // The network's inputs are the columns, its outputs the classes.
    const network = await page.locator('.network-box').getAttribute('aria-label');
    assert.match(network, /2 inputs \(size, weight\)/);
    assert.match(network, /3 outputs \(P\(apple\), P\(fig\), P\(plum\)\)/);
    // The point editor's classes too.
    assert.deepEqual(await page.locator('.class-picker .class-swatch').allTextContents(), KINDS);
    await screenshot(page, 'table-names');

    // Export > Model (JSON): the labels, the columns, scikit-learn's fitted attributes.
    const [download] = await Promise.all([page.waitForEvent('download'), menuItem(page, 'Export', 'Model (JSON)')]);
    const model = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(model.classes_, KINDS);
    assert.deepEqual(model.feature_names_in_, ['size', 'weight']);
    assert.deepEqual([model.n_features_in_, model.n_layers_, model.n_outputs_, model.n_iter_], [2, 3, 3, 3]);
    assert.equal(model.loss_, model.loss_curve_.at(-1));

    // With StandardScaler and a derived feature: the scaler and the derived name travel with the model.
    assert.deepEqual(await page.locator('.features .chip').allTextContents(),
      ['size²', 'weight²', 'size·weight', 'sin(size)', 'sin(weight)']);
    await page.locator('.field[data-control="standardize"] input[type="checkbox"]').check();
    await page.locator('.features label', { hasText: 'size²' }).click();
    await page.waitForFunction(() => /3 inputs \(size, weight, size²\)/.test(document.querySelector('.network-box').getAttribute('aria-label')));
    await waitBar(page, 's.scoredEpoch === 0');
    await stepTo(page, 1);
    const [again] = await Promise.all([page.waitForEvent('download'), menuItem(page, 'Export', 'Model (JSON)')]);
    const scaled = JSON.parse(fs.readFileSync(await again.path(), 'utf8'));
    assert.deepEqual(scaled.feature_names_in_, ['size', 'weight', 'size^2']);
    assert.deepEqual(scaled.features.derived, ['x2']);
    assert.equal(scaled.features.mean_.length, 3);
    assert.ok(scaled.features.mean_[0] > 50 * scaled.features.mean_[1], 'the scaler is fitted on the raw columns');
    assert.equal(await page.locator('.banner').count(), 0);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('iris names its outputs and its model by species, its columns as scikit-learn does, its plane by component', async () => {
  const p = await openPage(env, '?v=2&g=iris&h=5');
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 2);
    assert.match(await page.locator('.network-box').getAttribute('aria-label'),
      /3 outputs \(P\(setosa\), P\(versicolor\), P\(virginica\)\)/);
    await page.waitForFunction(() => document.querySelector('.boundary-canvas').dataset.xName === 'PC1');
    assert.equal(await page.locator('.boundary-canvas').getAttribute('data-y-name'), 'PC2');
    const [download] = await Promise.all([page.waitForEvent('download'), menuItem(page, 'Export', 'Model (JSON)')]);
    const model = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(model.classes_, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(model.feature_names_in_, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    assert.deepEqual([model.n_features_in_, model.n_outputs_], [4, 3]);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
