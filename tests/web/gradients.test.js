// The vanishing gradient card: the deep-logistic preset is a normal config change (the link
// follows), the chart draws one line per weight layer and one point per epoch, and the
// logistic net's first layer gets far smaller gradients than its last (screenshot in
// test-results/screenshots/gradients.png).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertClean, stepTo, waitBar, waitReady } from './helpers.js';
import { openPage, SCREENSHOTS, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** The chart's counts and its per-layer values of the last epoch (from its aria-label). */
function gradChart(page) {
  return page.evaluate(() => {
    const c = document.querySelector('.grad-canvas');
    const label = c.getAttribute('aria-label') ?? '';
    const values = [...label.matchAll(/W\d+ \([^)]*\) ([^,]+)/g)].map((m) => Number(m[1].replace(/\u2212/g, '-')));
    return { layers: Number(c.dataset.layers), epochs: Number(c.dataset.epochs), values, label };
  });
}

test('the deep-logistic preset trains a 6-layer chart whose first layer gradients vanish', async () => {
  const p = await openPage(env, '?v=1&mi=1000000&nic=inf');
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
    // A few seconds of training for the picture.
    await page.locator('.btn.play').click();
    await page.waitForTimeout(3000);
    await page.locator('.btn.play').click();
    await waitBar(page, "s.state !== 'playing'");
    await page.waitForTimeout(300);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.locator('.col-output').screenshot({ path: path.join(SCREENSHOTS, 'gradients.png') });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
