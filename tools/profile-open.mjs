// Figures for opening the page by a link (issue 16: each lesson step is a link), in headless
// Chromium against the built page (web/dist, served by scripts/serve.js): the main thread's long
// tasks (PerformanceObserver 'longtask', observing from the page's first script) from the
// navigation until the first model is shown, and when that was.
//
//   npm run build:web && node tools/profile-open.mjs [--link '?v=2&g=moons'] [--runs 5]
//
// Each run is a fresh browser context (nothing cached, the service worker installing, as on a
// first visit). Prints one line per run and a summary. Not a test: the figures depend on the
// machine and its load.
import { parseArgs } from 'node:util';

import { recordLongTasks, waitReady } from '../tests/web/helpers.js';
import { openPage, startBrowser } from '../tests/web/support.js';

const { values: opts } = parseArgs({
  options: {
    link: { type: 'string', default: '?v=2&g=moons' },
    runs: { type: 'string', default: '5' },
  },
});

const env = await startBrowser();
const all = [];
try {
  for (let run = 1; run <= Number(opts.runs); run += 1) {
    const { page, context } = await openPage(env, opts.link, { init: recordLongTasks });
    await waitReady(page, { timeout: 180_000 });
    const shownAt = await page.evaluate(() => performance.now());
    await page.waitForTimeout(500); // the frames that show the first model
    const tasks = await page.evaluate(() => window.__longTasks.map((t) => ({ start: Math.round(t.start), ms: Math.round(t.duration) })));
    all.push(tasks);
    const text = tasks.map((t) => `${t.ms} ms at ${t.start}`).join(', ') || 'none';
    console.log(`run ${run}: first model shown at ${Math.round(shownAt)} ms; tasks over 50 ms: ${text}`);
    await context.close();
  }
} finally {
  await env.close();
}
const durations = all.flat().map((t) => t.ms);
console.log(JSON.stringify({
  link: opts.link,
  runs: all.length,
  runsWithNone: all.filter((t) => !t.length).length,
  longTasks: durations.length,
  longestMs: durations.length ? Math.max(...durations) : 0,
}));
