// The vanishing gradient card: the deep-logistic preset is a normal config change (the link
// follows), the chart draws one line per weight layer and one point per epoch, and the
// logistic net's first layer gets far smaller gradients than its last (screenshot in
// test-results/screenshots/gradients.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertClean, settle, stepTo, testHooks, waitBar, waitReady } from './helpers.js';
import { openPage, SCREENSHOTS, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** The chart's counts and its per-layer values of the last epoch (from its aria-label). */
function gradChart(page, selector = '.grad-canvas') {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const label = c.getAttribute('aria-label') ?? '';
    const values = [...label.matchAll(/W\d+ \([^)]*\) ([^,]+)/g)].map((m) => Number(m[1].replace(/\u2212/g, '-')));
    return { layers: Number(c.dataset.layers), epochs: Number(c.dataset.epochs), values, label };
  }, selector);
}

test('the deep-logistic preset trains a 6-layer chart whose first layer gradients vanish', async () => {
  const p = await openPage(env, '?v=1&mi=1000000&nic=inf', { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.grad-card button', { hasText: 'Deep logistic' }).click();
    await page.waitForFunction(() => /act=logistic/.test(window.location.search) && /sol=sgd/.test(window.location.search), null, { timeout: 5000 });
    // The new run (epoch 0) replaces the old one's numbers.
    await waitBar(page, 's.scoredEpoch === 0 && s.epoch === 0');
    await stepTo(page, 5);
    await page.waitForFunction(() => document.querySelector('.grad-canvas')?.dataset.epochs === '5', null, { timeout: 10_000 });
    let chart = await gradChart(page);
    assert.equal(chart.layers, 6, chart.label);
    assert.equal(chart.epochs, 5);

    await stepTo(page, 30);
    await page.waitForFunction(() => document.querySelector('.grad-canvas')?.dataset.epochs === '30', null, { timeout: 10_000 });
    chart = await gradChart(page);
    assert.equal(chart.layers, 6);
    assert.equal(chart.values.length, 6, chart.label);
    const [first, last] = [chart.values[0], chart.values[5]];
    console.log(`# deep logistic after ${chart.epochs} epochs: |dL/dW1| ${first}, |dL/dW6| ${last}`);
    assert.ok(first > 0 && last > 0, chart.label);
    assert.ok(first * 100 < last, `the first layer's gradient (${first}) is not far below the last's (${last})`);
    // Some training for the picture: to epoch 60 (at the default 20 a second, each drawn).
    await page.locator('.btn.play').click();
    await waitBar(page, 's.epoch >= 60', { timeout: 60_000 });
    await page.locator('.btn.play').click();
    await waitBar(page, "s.state !== 'playing'");
    await settle(page);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator('.gradients-card').screenshot({ path: path.join(SCREENSHOTS, 'gradients.png') });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('"Compare both" shows the deep logistic run\'s gradients beside the deep ReLU run\'s', async () => {
  const p = await openPage(env, '?v=1');
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('[data-action="compare-gradients"]').click();
    await page.locator('.gradients-card .pin-note', { hasText: 'Left: logistic' }).waitFor({ timeout: 120_000 });
    const kept = await gradChart(page, '.grad-compare-canvas');
    const current = await gradChart(page, '.grad-canvas');
    assert.deepEqual([kept.layers, kept.epochs, current.layers, current.epochs], [6, 30, 6, 30], `${kept.label} | ${current.label}`);
    console.log(`# after 30 epochs: logistic |dL/dW1| ${kept.values[0]}, |dL/dW6| ${kept.values[5]}; ` +
      `relu |dL/dW1| ${current.values[0]}, |dL/dW6| ${current.values[5]}`);
    assert.ok(kept.values[0] * 100 < kept.values[5], `logistic's first layer did not stall: ${kept.label}`);
    assert.ok(current.values[0] > kept.values[0] * 100, `relu's first layer is not learning: ${current.label}`);
    assert.equal(await page.locator('.grad-compare').isVisible(), true);
    await page.waitForFunction(() => document.querySelector('.chart-box canvas').dataset.pinned === '1');
    // The address follows the current run (the ReLU one) once the page has written it: wait for it.
    await page.waitForFunction(() => /(^|&|\?)pin=/.test(window.location.search) && !window.location.search.includes('act=logistic'),
      undefined, { timeout: 10_000 });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator('.gradients-card').screenshot({ path: path.join(SCREENSHOTS, 'gradients-compare.png') });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
