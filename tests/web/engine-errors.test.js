// An engine error reaches the control it names: the worker names a setting as the page's control
// does (scikit-learn's name, the core's too: test_size), so the field shows the
// message and the banner's "Go to" focuses it (screenshot: engine-error.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

test("a split that leaves no training rows is shown at test_size, named test_size, and Go to focuses it", async () => {
  // Three rows with test_size 0.9: train_test_split would put ceil(2.7) = 3 rows in the test part.
  const p = await openPage(env, '?v=2&h=6&tf=0.9', { width: 1280, height: 900 });
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.dataset-picker label', { hasText: 'Your CSV' }).click();
    await page.locator('.csv-paste summary').click();
    await page.locator('.csv-paste textarea').fill('a,b,label\n1,2,x\n3,4,y\n5,6,x\n');
    await page.locator('[data-action="csv-paste"]').click();
    const field = page.locator('[data-control="test_size"]').filter({ hasText: 'no training rows would be left' });
    await field.waitFor();
    const banner = page.locator('[data-banner="engine-error"]');
    const go = banner.locator('.banner-action', { hasText: 'Go to test_size' });
    await go.waitFor();
    const text = await banner.textContent();
    assert.match(text, /The engine refused this setting/);
    assert.match(text, /test_size: no training rows would be left/);
    assert.doesNotMatch(text, /test_fraction/);
    // Only the test_size field shows it; the data's random_state field beside it shows nothing.
    const errors = await page.evaluate(() => [...document.querySelectorAll('[data-control]')]
      .filter((el) => /no training rows/.test(el.querySelector('.field-error')?.textContent ?? ''))
      .map((el) => el.dataset.control));
    assert.deepEqual([...new Set(errors)], ['test_size']);
    await screenshot(page, 'engine-error');
    await go.click();
    await page.waitForFunction(() => document.activeElement?.closest('[data-control]')?.dataset.control === 'test_size');
    assertClean(p, 'the page with an engine error');
  } finally {
    await p.context.close();
  }
});
