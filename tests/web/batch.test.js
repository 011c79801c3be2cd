// Batch size as a lesson: "Compare all three" trains stochastic, mini-batch and full-batch sgd
// for 30 epochs each from the same weights, pins the first two and leaves the three loss curves
// overlaid (screenshot in test-results/screenshots/batch-sizes.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, waitBar, waitPainted, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

test('the batch-size presets overlay stochastic, mini-batch and full-batch loss curves', async () => {
  const p = await openPage(env, '?v=1');
  try {
    const { page } = p;
    await waitReady(page);
    await waitPainted(page);
    await page.locator('.batch-card summary').click();
    await page.locator('[data-action="compare-batches"]').click();
    await page.waitForFunction(() => /solid: full batch/.test(document.querySelector('.batch-card .pin-note').textContent), null, { timeout: 60_000 });
    // The chart takes its turn with the other views: it may draw the pins a few frames later.
    await page.waitForFunction(() => document.querySelector('.chart-box canvas').dataset.pinned === '2');
    const bar = await waitBar(page, 's.state === "paused" && s.scoredEpoch === 30');
    assert.equal(bar.epoch, 30);

    // The link holds the full-batch run's knobs and the two pinned curves.
    await page.waitForURL(/pin=/);
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('sol'), 'sgd');
    assert.equal(params.get('mi'), '30');
    assert.equal(params.get('bs'), '225', 'full batch: the 225 training points');
    const pins = params.get('pin').split('~').map((pin) => {
      const [label, loss] = pin.split('!');
      const values = loss.split(',').map(Number);
      return { label, epochs: values.filter((_, k) => k % 2 === 0), last: values.at(-1) };
    });
    assert.deepEqual(pins.map((pin) => pin.label.match(/batch=(\d+)/)?.[1]), ['1', '32']);
    assert.deepEqual(pins.map((pin) => pin.epochs.at(-1)), [30, 30]);
    // The lesson: per epoch, many small steps get further than one big one.
    const fullLoss = Number(await page.locator('.training-bar').evaluate((el) => el.dataset.loss));
    assert.ok(pins[0].last < pins[1].last, `batch 1 (${pins[0].last}) should end below batch 32 (${pins[1].last})`);
    assert.ok(pins[1].last < fullLoss, `batch 32 (${pins[1].last}) should end below full batch (${fullLoss})`);
    console.log(`# loss after 30 epochs: batch 1 ${pins[0].last}, batch 32 ${pins[1].last}, full batch ${fullLoss}`);
    await screenshot(page, 'batch-sizes', { fullPage: false });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
