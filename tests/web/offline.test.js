// Offline use: after one visit the page works with the server gone (its own static server,
// stopped: the failure a user sees, which the service worker's own fetches meet too; in this
// Chromium, context.setOffline(true) fails the service worker's fetches as well, and it is the
// way to fire the 'online' event, used once below), from a
// copy of web/dist in a sub-folder; a bundled dataset that cannot load says it is a network
// problem, leaves the page as it was and loads when the server is back; a new build is offered
// and taken. Screenshots in test-results/screenshots/: offline.png (iris, offline) and
// offline-dataset-failed.png (the message).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { LESSONS, lessonConfig } from '../../web/src/state/lessons.js';
import { encode } from '../../web/src/state/url.js';
import { assertClean, pointCounts, stepTo, waitBar, waitReady } from './helpers.js';
import { DIST, launchChromium, screenshot, watchPage } from './support.js';

const require = createRequire(import.meta.url);
const { startServer } = require('../../scripts/serve.js');

const SUB = 'courses/ml/playground/'; // the copy's sub-path
let browser;
let tmp;

before(async () => {
  if (!fs.existsSync(path.join(DIST, 'sw.js'))) throw new Error('web/dist is not built with its service worker: run npm run build:web');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-offline-'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A copy of web/dist in tmp/<name>/SUB, served by scripts/serve.js; stop() and start() again on the same port. */
async function site(name) {
  const root = path.join(tmp, name);
  fs.cpSync(DIST, path.join(root, SUB), { recursive: true });
  let server = null;
  let port = 0;
  const start = async () => {
    const s = await startServer({ root, port });
    server = s.server;
    port = server.address().port;
  };
  await start();
  return {
    dir: path.join(root, SUB),
    base: `http://127.0.0.1:${port}/${SUB}`,
    start,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A page in its own context; blockWorkers: no service worker (nothing cached). */
async function open(base, query, { blockWorkers = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: blockWorkers ? 'block' : 'allow' });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto(base + query);
  await waitReady(page);
  return { context, page, ...watched };
}

/** Waits until the service worker controls the page and its cache holds every precached file; returns their count. */
async function cached(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    const names = await caches.keys();
    const ours = names.filter((n) => n.startsWith(`mlp-playground ${registration.scope} `));
    if (ours.length !== 1) throw new Error(`caches: ${names.join(', ')}`);
    return (await (await caches.open(ours[0])).keys()).length;
  });
}

const tableInfo = (page) => page.locator('.table-info').textContent();
const banners = (page) => page.evaluate(() => [...document.querySelectorAll('.banner')].map((b) => b.textContent));
const chosen = (page) => page.evaluate(() => document.querySelector('.dataset-picker input:checked')?.value);
// A click (not check(): a dataset that cannot load is unchecked again at once).
const choose = (page, key) => page.locator(`.dataset-picker input[value="${key}"]`).click({ force: true });
const lessonTitle = (page) => page.evaluate(() => {
  const card = document.querySelector('.lesson-card');
  return card && !card.hidden ? card.querySelector('.lesson-title').textContent : null;
});

/** Trains `epochs` more epochs with Play: the epoch counter must get there. */
async function trains(page, epochs) {
  const from = (await waitBar(page, 's.state === "paused" || s.state === "finished"')).epoch;
  await page.locator('.training-bar button[aria-label="Play"]').click();
  const { epoch } = await waitBar(page, `s.epoch >= ${from + epochs}`);
  await page.locator('.training-bar button[aria-label="Pause"]').click();
  return epoch - from;
}

test('after one visit, every action works with the server stopped, from a copy in a sub-folder', async () => {
  const s = await site('a');
  const p = await open(s.base, '?v=1&g=sine');
  try {
    const { page } = p;
    // The page, its assets, the engine and the bundled data: every file of the build but sw.js and
    // Fashion-MNIST's (64 MB: cached when first fetched, not for every visitor: tests/web/fashion.test.js).
    const files = fs.readdirSync(s.dir, { recursive: true })
      .filter((f) => fs.statSync(path.join(s.dir, f)).isFile() && f !== 'sw.js' && !f.startsWith(`data${path.sep}fashion-mnist`));
    assert.equal(await cached(page), files.length, `cached files (the build has ${files.join(', ')})`);
    await s.stop();
    assert.equal(await page.evaluate(() => fetch('favicon.svg?not-cached').then(() => 'answered', () => 'failed')), 'failed', 'the server is down');

    // Reload: the engine loads and trains.
    await page.reload();
    await waitReady(page);
    assert.ok(await trains(page, 5) >= 5, 'training after a reload offline');

    // iris from the sine curve (the stale-state case), then digits, then a generated set.
    await choose(page, 'iris');
    await page.waitForFunction(() => /Iris/.test(document.querySelector('.table-info')?.textContent ?? ''));
    assert.match(await tableInfo(page), /150 samples, 4 features, 3 classes/);
    await page.waitForFunction(() => /112 training and 38 test points/.test(document.querySelector('.boundary-canvas').getAttribute('aria-label') ?? ''));
    assert.ok(await trains(page, 3) >= 3, 'iris trains offline');
    // Its test set's table: the confusion matrix counts the 38 test rows.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="confusion"] tbody td')]
      .reduce((sum, td) => sum + Number(td.textContent), 0) === 38);
    await screenshot(page, 'offline', { fullPage: false });
    await choose(page, 'digits');
    await page.waitForFunction(() => /1797 samples, 64 features, 10 classes/.test(document.querySelector('.table-info')?.textContent ?? ''));
    await stepTo(page, 1);
    await page.waitForFunction(() => document.querySelector('.weights-canvas')?.dataset.tiles > 0);
    // (the choice is made in a task after the click's: until then the bar is still digits' and ready)
    await choose(page, 'spirals');
    await page.waitForFunction(() => /375 training and 125 test points/.test(document.querySelector('.boundary-canvas')?.getAttribute('aria-label') ?? ''));
    await waitReady(page);
    assert.deepEqual(await pointCounts(page), { train: 375, test: 125 });
    // A pasted CSV file.
    await page.locator('.dataset-picker label', { hasText: 'Your CSV' }).click();
    await page.locator('.csv-paste summary').click();
    await page.locator('.csv-paste textarea').fill(['a,b,c', ...Array.from({ length: 30 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2}`)].join('\n'));
    await page.locator('[data-action="csv-paste"]').click();
    await page.locator('.table-info', { hasText: '30 samples, 2 features, 2 classes' }).waitFor();
    await stepTo(page, 1);
    assert.deepEqual(await banners(page), [], 'no message after the datasets');

    // A lesson from the menu (a navigation to its link), and its Next step.
    await page.locator('.lessons-menu').click();
    await page.locator('.menu-item', { hasText: LESSONS[5].title }).click();
    await page.waitForURL(/lesson=digits-weights&step=1/);
    await waitReady(page);
    assert.equal(await lessonTitle(page), `Lesson 6: ${LESSONS[5].title}`);
    await page.locator('[data-action="lesson-next"]').click();
    await page.waitForURL(/step=2/);
    await waitReady(page);
    assert.match(await page.locator('.lesson-step').textContent(), /^step 2 of/);
    assert.ok(await trains(page, 2) >= 2, 'the lesson trains offline');

    // A share link with a hash, and an embed of a lesson step.
    await page.goto(`${s.base}?${encode({ ...lessonConfig(LESSONS[1], 0) })}&ep=4#plot`);
    await waitBar(page, 's.state === "paused" && s.epoch === 4');
    assert.equal(await lessonTitle(page), `Lesson 2: ${LESSONS[1].title}`);
    await page.goto(`${s.base}?${encode(lessonConfig(LESSONS[0], 1))}&embed=1&autoplay=1`);
    await waitBar(page, 's.epoch >= 3');
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('embed')), true);
    // The one request that went to the server: the check above that it is down.
    assertClean({ ...p, errors: p.errors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(e)) });
  } finally {
    await p.context.close();
    await s.stop().catch(() => {});
  }
});

test('a bundled dataset that cannot load says so, keeps the run, and loads when the server is back (nothing cached)', async () => {
  const s = await site('b');
  const p = await open(s.base, '?v=1&g=sine', { blockWorkers: true });
  try {
    const { page } = p;
    await stepTo(page, 3);
    await s.stop();
    await choose(page, 'iris');
    await page.waitForFunction(() => document.querySelector('[data-banner="data-load"]'));
    const [message] = await banners(page);
    assert.match(message, /The Iris dataset could not load: back to Sine/);
    assert.match(message, /could not reach the server to load the iris dataset from data\/iris\.json: the network or the server is down/);
    assert.doesNotMatch(message, /Unknown label type/);
    // The previous state: the sine curve, trained to epoch 3 again, and it trains on.
    await waitBar(page, 's.state === "paused" && s.epoch === 3 && s.scoredEpoch === 3');
    assert.equal(await chosen(page), 'sine');
    assert.match(page.url(), /g=sine/);
    await stepTo(page, 4);
    assert.equal((await banners(page)).length, 1, `only the dataset's message: ${await banners(page)}`);
    await screenshot(page, 'offline-dataset-failed', { fullPage: false });

    // The server is back: Retry loads iris.
    await s.start();
    await page.locator('[data-banner="data-load"] .banner-action', { hasText: 'Retry' }).click();
    await page.waitForFunction(() => /150 samples/.test(document.querySelector('.table-info')?.textContent ?? ''));
    assert.equal(await chosen(page), 'iris');
    await stepTo(page, 2);
    assert.deepEqual(await banners(page), []);

    // Offline as the browser knows it: digits fail, and load by themselves when it is online again.
    await p.context.setOffline(true);
    await choose(page, 'digits');
    await page.waitForFunction(() => /you seem to be offline/.test(document.querySelector('[data-banner="data-load"]')?.textContent ?? ''));
    assert.equal(await chosen(page), 'iris');
    await p.context.setOffline(false);
    await page.waitForFunction(() => /1797 samples/.test(document.querySelector('.table-info')?.textContent ?? ''));
    assert.equal(await chosen(page), 'digits');
    await stepTo(page, 1);
    assert.deepEqual(await banners(page), []);
    const unexpected = p.errors.filter((e) => !/Failed to load resource: net::ERR_(CONNECTION_REFUSED|INTERNET_DISCONNECTED)/.test(e));
    assert.deepEqual(unexpected, []);
  } finally {
    await p.context.close();
    await s.stop().catch(() => {});
  }
});

test('a link to a bundled dataset opened while its file cannot load waits, says why, and trains once it loads', async () => {
  const s = await site('c');
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.route('**/data/iris.json', (route) => route.abort('internetdisconnected'));
    await page.goto(`${s.base}?v=1&g=iris&ep=3`);
    await page.waitForFunction(() => document.querySelector('[data-banner="data-load"]'));
    assert.match((await banners(page))[0], /^The Iris dataset could not load.*could not reach the server to load the iris dataset/);
    assert.equal(await chosen(page), 'iris');
    await page.unroute('**/data/iris.json');
    await page.locator('[data-banner="data-load"] .banner-action').click();
    // The link's epoch is reached once the data are there.
    await waitBar(page, 's.state === "paused" && s.epoch === 3');
    assert.match(await tableInfo(page), /150 samples/);
  } finally {
    await context.close();
    await s.stop();
  }
});

test('a new build is offered to the open page and taken with Reload; the old cache is deleted', async () => {
  const s = await site('d');
  const p = await open(s.base, '?v=1&g=circles');
  try {
    const { page } = p;
    await cached(page);
    const oldCaches = await page.evaluate(() => caches.keys());
    // A new build: another page and so another version.
    const index = path.join(s.dir, 'index.html');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<head>', '<head>\n    <meta name="build" content="new" />'));
    const sw = path.join(s.dir, 'sw.js');
    fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(/"version":"([0-9a-f]+)"/, '"version":"$1-new"'));
    await page.reload();
    await waitReady(page);
    await page.waitForFunction(() => document.querySelector('[data-banner="update"]'), null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.querySelector('meta[name="build"]')), null, 'the old page still runs');
    await page.locator('[data-banner="update"] .banner-action', { hasText: 'Reload' }).click();
    await page.waitForFunction(() => document.querySelector('meta[name="build"]')?.content === 'new');
    await waitReady(page);
    assert.match(page.url(), /g=circles/, 'the settings come back');
    const newCaches = await page.evaluate(() => caches.keys());
    assert.equal(newCaches.length, 1);
    assert.notDeepEqual(newCaches, oldCaches);
    // And the new version works offline.
    await s.stop();
    await page.reload();
    await waitReady(page);
    assert.equal(await page.evaluate(() => document.querySelector('meta[name="build"]')?.content), 'new');
  } finally {
    await p.context.close();
    await s.stop().catch(() => {});
  }
});

test('an engine file that cannot load says it is a network problem, and once it arrives the engine starts (nothing cached)', async () => {
  const s = await site('e');
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    await context.route('**/engine/mlp.wasm', (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    await page.goto(`${s.base}?v=1`);
    // The supervised worker (engine/client.js) says so and tries again by itself; Retry now asks at once.
    await page.waitForFunction(() => document.querySelector('[data-banner="engine-lost"]'));
    const [message] = await banners(page);
    assert.match(message, /^The training engine could not load: a network problem/);
    assert.match(message, /could not reach the server to load the engine \(engine\/mlp\.wasm\)/);
    await context.unroute('**/engine/mlp.wasm');
    const retry = page.locator('[data-banner="engine-lost"] .banner-action');
    if (await retry.count()) await retry.click({ timeout: 5000 }).catch(() => {}); // gone if the page's own retry came first
    await waitBar(page, "s.state !== 'loading'", { timeout: 30_000 });
    assert.ok(await trains(page, 3) >= 3, 'the engine trains after Retry');
    assert.deepEqual(await banners(page), []);
  } finally {
    await context.close();
    await s.stop();
  }
});
