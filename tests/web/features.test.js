// Hidden features, layer by layer: the closed panel costs nothing; opened, it shows one tile per
// hidden unit of every layer, coloured (screenshot in test-results/screenshots/features.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, settle, stepTo, testHooks, waitPainted, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

const tiles = (page) =>
  page.evaluate(() => {
    const c = document.querySelector('.features-canvas');
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    for (let k = 0; k < px.length; k += 16) colours.add((px[k] << 16) | (px[k + 1] << 8) | px[k + 2]);
    return { tiles: c.dataset.tiles, layers: c.dataset.layers, colours: colours.size, label: c.getAttribute('aria-label') };
  });

test('the hidden-features panel shows one tile per hidden unit, layer by layer', async () => {
  const p = await openPage(env, '?v=1&h=8_6', { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await waitPainted(page);
    assert.equal((await tiles(page)).tiles, undefined, 'nothing drawn while the panel is closed');
    await page.locator('.features-card summary').click();
    await page.waitForFunction(() => document.querySelector('.features-canvas').dataset.tiles === '14');
    await stepTo(page, 3);
    await settle(page); // epoch 3's tiles are drawn
    const shown = await tiles(page);
    assert.equal(shown.tiles, '14');
    assert.equal(shown.layers, '2');
    assert.match(shown.label, /layer 1, 8 units; layer 2, 6 units/);
    assert.ok(shown.colours > 50, `the tiles look blank (${shown.colours} colours)`);
    await page.locator('.features-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'features', { fullPage: false });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
