// Figures for Fashion-MNIST in the page (issue 16), in headless Chromium against the built page
// (web/dist, served by scripts/serve.js, no service worker): the time from choosing the set in
// the Data panel to its data shown and to the first model, the main thread's long tasks
// (PerformanceObserver 'longtask') while loading and while training, and the time per epoch.
//
//   npm run build:web && node tools/profile-fashion.mjs [--set full|quick] [--precision float32|float64] [--epochs 2]
//   --trace out.json records a Chromium trace of the loading and training (read it with
//   node tools/profile-big-csv.mjs --read out.json [--limit 30]: each task over the limit named, with its
//   wall and thread CPU time, split at the marks profile-start / profile-loaded / profile-end into
//   loading and training; build with --minify false).
//
// Prints one line per phase. Not a test: the figures depend on the machine and its load.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

import { recordLongTasks, waitBar, waitReady } from '../tests/web/helpers.js';
import { DIST, launchChromium } from '../tests/web/support.js';

const { values: opts } = parseArgs({
  options: {
    set: { type: 'string', default: 'full' },
    precision: { type: 'string', default: 'float32' },
    epochs: { type: 'string', default: '2' },
    trace: { type: 'string' },
  },
});
/** What profile-big-csv.mjs reads: the tasks, the timeline's events and the V8 sampling profiler. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'toplevel', 'blink.user_timing'];
const require = createRequire(import.meta.url);
const { startServer } = require('../scripts/serve.js');

const { server } = await startServer({ root: path.dirname(DIST), port: 0 });
const base = `http://127.0.0.1:${server.address().port}/dist/`;
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  await context.addInitScript(recordLongTasks);
  const page = await context.newPage();
  await page.goto(`${base}?v=2&p=${opts.precision}`);
  await waitReady(page);
  const clock = () => page.evaluate(() => performance.now());
  const tasks = (from, to) => page.evaluate(([a, b]) => window.__longTasks.filter((e) => e.start >= a && e.start < b).map((e) => Math.round(e.duration)), [from, to]);
  const describe = (list) => `longest main-thread task ${Math.max(0, ...list)} ms, ${list.filter((d) => d > 50).length} over 50 ms`;

  if (opts.trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  // The marks profile-big-csv.mjs --read splits the trace by (loading, training).
  const mark = (name) => page.evaluate((n) => performance.mark(n), name);
  await mark('profile-start');
  const t0 = await clock();
  await page.locator('.dataset-picker label', { hasText: `Fashion-MNIST 28x28 (${opts.set}` }).click();
  await page.waitForFunction(() => { const el = document.querySelector('.table-info'); return el && !el.hidden; }, null, { timeout: 300_000, polling: 20 });
  const t1 = await clock();
  await waitReady(page, { timeout: 300_000 });
  const t2 = await clock();
  console.log(`load ${opts.set}: data shown ${Math.round(t1 - t0)} ms, first model ${Math.round(t2 - t0)} ms; ${describe(await tasks(t0, t2))}`);

  await mark('profile-loaded');
  const epochs = Number(opts.epochs);
  const t3 = await clock();
  await page.locator('.training-bar button[aria-label="Play"]').click();
  let seenBatch = '';
  const poll = setInterval(async () => {
    const text = await page.locator('.stat-batch').textContent().catch(() => '');
    if (text) seenBatch = text;
  }, 200);
  await waitBar(page, `s.epoch >= ${epochs}`, { timeout: 600_000 });
  const t4 = await clock();
  clearInterval(poll);
  await page.locator('.training-bar button[aria-label="Pause"]').click();
  await mark('profile-end');
  if (opts.trace) fs.writeFileSync(opts.trace, await browser.stopTracing());
  console.log(`train ${opts.set} ${opts.precision}: ${epochs} epochs in ${Math.round(t4 - t3)} ms ` +
    `(${Math.round((t4 - t3) / epochs)} ms an epoch, with the page's updates); ${describe(await tasks(t3, t4))}; ` +
    `bar seen: "${seenBatch}"`);
  for (const n of ['train-score', 'test-score']) console.log(`${n}: ${await page.locator(`.stat-${n} .stat-value`).textContent()}`);
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
