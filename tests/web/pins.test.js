// Compare runs: "Pin run" keeps the run's loss curve and boundary; after a knob changes, the
// chart shows the pinned curve beside the new run's, the boundary its dashed ghost, and a
// copied link brings the pins to a new page (screenshot in test-results/screenshots/pins.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, select, settle, stepTo, testHooks, waitBar, waitPainted, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

const pinned = (page) => page.locator('.chart-box canvas').getAttribute('data-pinned').then(Number);

/** How many pixels of the data plane have the first pin's colour (#CC79A7), give or take. */
const ghostPixels = (page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('.boundary-canvas');
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let k = 0; k < px.length; k += 4) if (Math.abs(px[k] - 204) < 30 && Math.abs(px[k + 1] - 121) < 30 && Math.abs(px[k + 2] - 167) < 30) n += 1;
    return n;
  });

test('a pinned run stays on the chart and the plane while the next run trains, and travels in the link', async () => {
  const p = await openPage(env, '?v=1', { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await waitPainted(page);
    assert.equal(await pinned(page), 0);
    assert.ok(await page.locator('[data-action="clear-pins"]').isDisabled());
    await page.locator('[data-action="pin"]').click();
    assert.match(await page.locator('.pin-bar .pin-note').textContent(), /Train first/);

    await stepTo(page, 5);
    await page.locator('[data-action="pin"]').click();
    await page.waitForFunction(() => document.querySelector('.chart-box canvas').dataset.pinned === '1');
    assert.match(await page.locator('.pin-bar .pin-note').textContent(), /1 pinned/);
    await page.waitForURL(/[?&]pin=\(8(%2C|,)8\)%20relu%20adam/); // the address follows the config

    // One knob changes: a new run, drawn beside the pinned one.
    await select(page, 'activation').selectOption('tanh');
    await waitBar(page, 's.epoch === 0 && s.scoredEpoch === 0'); // the new run
    await stepTo(page, 5);
    assert.equal(await pinned(page), 1);
    await settle(page); // the new run's epoch 5 is drawn, with the pinned boundary
    const ghost = await ghostPixels(page);
    assert.ok(ghost > 30, `the pinned boundary is not drawn (${ghost} pixels of its colour)`);
    await screenshot(page, 'pins', { fullPage: false });

    const copy = await openPage(env, new URL(page.url()).search);
    try {
      await waitReady(copy.page);
      await waitPainted(copy.page);
      await copy.page.waitForFunction(() => document.querySelector('.chart-box canvas').dataset.pinned === '1');
      assert.match(await copy.page.locator('.pin-bar .pin-note').textContent(), /1 pinned/);
      assert.ok((await ghostPixels(copy.page)) > 30, 'the link did not bring the pinned boundary');
      await copy.page.locator('[data-action="clear-pins"]').click();
      await copy.page.waitForFunction(() => document.querySelector('.chart-box canvas').dataset.pinned === '0');
      await copy.page.waitForURL((url) => !url.search.includes('pin='));
      assertClean(copy);
    } finally {
      await copy.context.close();
    }
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
