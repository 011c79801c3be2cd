// Fashion-MNIST in the page (issue 16): the quick subset chosen from the Data panel loads with a
// progress bar (the worker fetches it), says what it is and credits it, trains an epoch to a
// sane test accuracy; after one visit it loads with the server gone (the service worker's data
// cache); Cancel stops the full set mid-load and goes back. The main thread's long tasks while
// loading and training are printed (figures, not
// assertions: timings belong in the benchmarks). Screenshot: test-results/screenshots/fashion.png.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { recordLongTasks, stat, stepTo, waitReady } from './helpers.js';
import { DIST, launchChromium, screenshot, watchPage } from './support.js';

const require = createRequire(import.meta.url);
const { startServer } = require('../../scripts/serve.js');

let browser;
let server;
let base;
before(async () => {
  // dist's parent served: the page at /dist/, as a sub-path.
  ({ server } = await startServer({ root: path.dirname(DIST), port: 0 }));
  base = `http://127.0.0.1:${server.address().port}/dist/`;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** Installed before the page's scripts: records whether the loading bar showed, its words, and the progress within an epoch. */
function watchLoadBar() {
  window.__loadBar = { shown: false, texts: [], batches: [] };
  new MutationObserver(() => {
    const bar = document.querySelector('[data-testid="image-load"]');
    if (bar && !bar.hidden) {
      window.__loadBar.shown = true;
      const text = bar.querySelector('.image-load-text')?.textContent ?? '';
      if (text && window.__loadBar.texts.at(-1) !== text) window.__loadBar.texts.push(text);
    }
    const batch = document.querySelector('.stat-batch');
    if (batch && !batch.hidden && window.__loadBar.batches.at(-1) !== batch.textContent) window.__loadBar.batches.push(batch.textContent);
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** The longest main-thread task since `from` (ms on the page's clock), and how many went over 50 ms. */
const longTasksSince = (page, from) =>
  page.evaluate((t) => {
    const tasks = window.__longTasks.filter((e) => e.start >= t);
    return { longest: Math.max(0, ...tasks.map((e) => Math.round(e.duration))), over50: tasks.filter((e) => e.duration > 50).length };
  }, from);

test('the quick subset loads with a progress bar, is credited and trains an epoch to a sane test accuracy', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(recordLongTasks);
  await context.addInitScript(watchLoadBar);
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto(base);
  await waitReady(page);
  const t0 = await page.evaluate(() => performance.now());
  await page.locator('.dataset-picker label', { hasText: 'Fashion-MNIST 28x28 (quick' }).click();
  // The note says what the set is and why; the credit names its authors and licence.
  const info = page.locator('[data-testid="image-set-info"]');
  await info.waitFor({ state: 'visible' });
  assert.match(await info.textContent(), /drop-in replacement for MNIST.*Debian does not package MNIST/s);
  assert.match(await info.textContent(), /Zalando Research.*Xiao.*Rasul.*Vollgraf.*MIT licence/s);
  // The course's configuration is set; test_size is hidden (the fixed split).
  assert.ok(await page.locator('.field[data-control="test_size"]').isHidden());
  await waitReady(page);
  const t1 = await page.evaluate(() => performance.now());
  const bar = await page.evaluate(() => window.__loadBar);
  assert.ok(bar.shown, 'the progress bar showed');
  // Its words: megabytes of the set's 9.4 MB and the percent (it goes once the set is in).
  assert.ok(bar.texts.some((t) => /^\d+\.\d of 9\.4 MB \(\d+%\)$/.test(t)), bar.texts.join(' | '));
  await stepTo(page, 1);
  const t2 = await page.evaluate(() => performance.now());
  // Progress within the epoch (50 minibatches of 200 images) was shown while it trained.
  const batches = await page.evaluate(() => window.__loadBar.batches);
  assert.ok(batches.some((t) => /^epoch 1 of 10, batch ([1-9]|[1-4]\d)\/50$/.test(t)), batches.join(' | '));
  const testScore = Number.parseFloat(await stat(page, 'test-score')) / 100; // "79.5%"
  assert.ok(testScore > 0.5 && testScore <= 1, `test accuracy after 1 epoch: ${testScore}`);
  const loading = await longTasksSince(page, t0);
  const training = await page.evaluate(([a]) => window.__longTasks.filter((e) => e.start >= a), [t1]);
  console.log(`fashion quick: loaded in ${Math.round(t1 - t0)} ms (longest main-thread task from the choice on: ${loading.longest} ms, ` +
    `${loading.over50} over 50 ms); 1 epoch in ${Math.round(t2 - t1)} ms (longest task while training: ` +
    `${Math.max(0, ...training.map((e) => Math.round(e.duration)))} ms); test accuracy ${testScore}`);
  await screenshot(page, 'fashion');
  assert.deepEqual(watched.errors, []);
  await context.close();
});

test('after one visit the quick subset loads with the server gone (the service worker keeps it)', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // The first visit installs the service worker; the set is chosen once it controls the page
  // (fetched before, on a first visit, it is not kept: the worker was not the service worker's yet).
  await page.goto(base);
  await waitReady(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await page.goto(`${base}?v=2&g=fashion`);
  await waitReady(page);
  // The data cache holds the manifest and the set's four files once their streams are read.
  const kept = () => page.evaluate(async () => {
    const data = (await caches.keys()).find((n) => n.startsWith('mlp-playground-data '));
    return data ? (await (await caches.open(data)).keys()).map((r) => new URL(r.url).pathname.split('/').at(-1)).sort() : [];
  });
  let files = await kept();
  for (let i = 0; i < 100 && files.length < 5; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    files = await kept();
  }
  assert.deepEqual(files, ['manifest.json', 'quick-test-images.u8', 'quick-test-labels.u8', 'quick-train-images.u8', 'quick-train-labels.u8']);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  const offline = await context.newPage();
  const watched = watchPage(offline);
  await offline.goto(`${base}?v=2&g=fashion`);
  await waitReady(offline);
  assert.equal(await offline.locator('.table-info').isVisible(), true);
  assert.match(await offline.locator('.table-info').textContent(), /10,000 training \+ 2,000 test images/);
  assert.deepEqual(watched.errors, []);
  await context.close();
  ({ server } = await startServer({ root: path.dirname(DIST), port: Number(new URL(base).port) })); // back, on the same port
});

test('Cancel stops the full set mid-load and goes back to the data before, with a way to load it again', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  // The training images held back a moment: Cancel comes while they load.
  await context.route('**/full-train-images.u8*', async (route) => {
    await new Promise((r) => setTimeout(r, 2000));
    await route.continue().catch(() => {});
  });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto(base);
  await waitReady(page);
  await page.locator('.dataset-picker label', { hasText: 'Fashion-MNIST 28x28 (full' }).click();
  const bar = page.locator('[data-testid="image-load"]');
  await bar.waitFor({ state: 'visible' });
  // The bar shows "Starting…" until the worker's first loading reply brings the total.
  await page.waitForFunction(() => /of 55\.0 MB/.test(document.querySelector('[data-testid="image-load"]')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.match(await bar.textContent(), /of 55\.0 MB/);
  await page.locator('[data-action="cancel-load"]').click();
  const banner = page.locator('[data-banner="data-load"]');
  await banner.waitFor({ state: 'visible' });
  assert.match(await banner.textContent(), /Loading Fashion-MNIST 28x28 \(full.*cancelled: back to Moons/);
  await waitReady(page);
  assert.ok(await bar.isHidden());
  assert.equal(await page.locator('.dataset-picker input[value="moons"]').isChecked(), true);
  assert.deepEqual(watched.errors, []);
  await context.close();
});
