// The page stays responsive while a big net trains: no main-thread task over
// 50 ms (the Long Tasks API) while a 2 -> [64, 64, 64] -> 1 net trains on
// 2,000 points for a few seconds.
//
// A task's length is wall-clock time, and the test machines are shared virtual machines
// with 2 CPUs, one of them taken by training. Their scheduler and their host sometimes stop
// the page's thread for tens of milliseconds whatever it runs: we measured tasks of 60 ms to
// 1.2 s in which the page's own script ran a few milliseconds, and a real-time probe thread
// that woke 15-100 ms late on both CPUs about once a second. About one 3-second window in
// eight catches such a stop. So the page gets up to WINDOWS windows of training and must
// keep one of them entirely free of long tasks; every window's tasks are printed. A page
// whose own work makes long tasks fails every window.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, barState, recordLongTasks, waitBar, waitPainted, waitReady } from './helpers.js';
import { openPage, startBrowser } from './support.js';

const TRAIN_MS = 3000;
const WINDOWS = 3;
// The issue's budget; MLP_LONGTASK_MS=... overrides it (e.g. to compare machines).
const LIMIT_MS = Number(process.env.MLP_LONGTASK_MS ?? 50);

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

test(`no long task over ${LIMIT_MS} ms while a [64, 64, 64] net trains on 2,000 points`, async () => {
  const p = await openPage(env, '?v=1&n=2000&h=64_64_64&mi=1000000&nic=inf', { init: recordLongTasks });
  try {
    const { page } = p;
    assert.ok(await page.evaluate(() => window.__longTasksObserved), 'the browser does not report long tasks');
    await waitReady(page);
    await waitPainted(page);
    assert.equal(await page.locator('.layers-editor .layers-summary').textContent(), '(64, 64, 64)');
    const loadTasks = await page.evaluate(() => window.__longTasks.slice());

    const windows = [];
    for (let w = 0; w < WINDOWS; w += 1) {
      const t0 = await page.evaluate(() => performance.now());
      await page.locator('.btn.play').click();
      await waitBar(page, 's.state === "playing" && s.scoredEpoch >= 1');
      const startEpoch = (await barState(page)).epoch;
      await page.waitForTimeout(TRAIN_MS); // the measurement window: training goes on by itself
      const playing = await barState(page);
      assert.equal(playing.state, 'playing', 'training stopped early');
      await page.locator('.btn.play').click();
      await waitBar(page, 's.state === "paused"');
      const t1 = await page.evaluate(() => performance.now());

      const tasks = await page.evaluate(({ from, to }) => window.__longTasks.filter((t) => t.start >= from && t.start <= to), { from: t0, to: t1 });
      const over = tasks.filter((t) => t.duration > LIMIT_MS).map((t) => Math.round(t.duration));
      const max = Math.max(0, ...tasks.map((t) => t.duration));
      console.log(`# window ${w + 1}: long tasks while training ${((t1 - t0) / 1000).toFixed(1)} s (${playing.epoch - startEpoch} epochs): ` +
        `${tasks.length}, max ${max.toFixed(0)} ms`);
      assert.ok(playing.epoch - startEpoch >= 2, `only ${playing.epoch - startEpoch} epochs trained`);
      windows.push(over);
      if (!over.length) break;
    }
    const loadMax = Math.max(0, ...loadTasks.map((t) => t.duration));
    console.log(`# while loading: ${loadTasks.length} long tasks, max ${loadMax.toFixed(0)} ms`);
    assert.ok(windows.some((over) => !over.length),
      `every one of ${WINDOWS} windows had long tasks over ${LIMIT_MS} ms while training: ${windows.map((over) => `[${over.join(', ')}] ms`).join(', ')}`);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
