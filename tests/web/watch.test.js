// Watching a run learn: at the default speed every epoch is drawn; a stop is a place to carry
// on from, not a wall; the chart marks where scikit-learn's fit() stops; the pace never
// changes the run; a link carries the epoch reached; divergence is named in red and fixed in
// one click; a deep logistic net whose first layers' gradients vanish is named stalled, and
// trains on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, barState, checkbox, stepTo, waitBar, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';
import { LESSONS, lessonConfig } from '../../web/src/state/lessons.js';
import { encode } from '../../web/src/state/url.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** Records every epoch the data plane shows (its canvas's data-epoch) from now on. */
const recordDrawnEpochs = (page) =>
  page.evaluate(() => {
    window.__drawn = [];
    const canvas = document.querySelector('.boundary-canvas');
    new MutationObserver(() => window.__drawn.push({ t: performance.now(), epoch: Number(canvas.dataset.epoch) }))
      .observe(canvas, { attributes: true, attributeFilter: ['data-epoch'] });
  });

const barData = (page) => page.locator('.training-bar').evaluate((el) => ({ ...el.dataset }));

test('on the default link at the default speed, the boundary is drawn epoch after epoch', async () => {
  const p = await openPage(env, '');
  try {
    const { page } = p;
    await waitReady(page);
    assert.equal(await page.locator('.field[data-control="speed"] select').inputValue(), '20', 'default: 20 epochs a second');
    await recordDrawnEpochs(page);
    const t0 = await page.evaluate(() => performance.now());
    await page.locator('.training-bar button.play').click();
    // Until the plane shows epoch 15 (a state, not a time: a slow machine only takes longer).
    await page.waitForFunction(() => window.__drawn.some((d) => d.epoch >= 15), null, { timeout: 60_000 });
    const drawn = await page.evaluate(() => window.__drawn.slice());
    const distinct = [...new Set(drawn.map((d) => d.epoch).filter((e) => e > 0))];
    console.log(`# epochs drawn, in order: ${distinct.join(' ')}`);
    // Every epoch, in order, none skipped: up to 20 a second each is drawn.
    assert.deepEqual(distinct.slice(0, 15), Array.from({ length: 15 }, (_, k) => k + 1));
    // Paced, not a burst: epoch k is asked for no sooner than (k - 1) / 20 s after Play.
    const at15 = drawn.find((d) => d.epoch === 15).t - t0;
    assert.ok(at15 >= 14 * 50 - 20, `epoch 15 drawn ${at15.toFixed(0)} ms after Play`);
    await page.locator('.training-bar button.play').click();
    await waitBar(page, 's.state === "paused"');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('spirals with (8, 8) tanh train past the epoch where fit() stops, which the chart marks', async () => {
  const p = await openPage(env, '?v=2&g=spirals&act=tanh&sp=max');
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.training-bar button.play').click();
    await page.waitForFunction(() => Number(document.querySelector('.training-bar').dataset.fitStop) > 0, null, { timeout: 30_000 });
    const stop = Number((await barData(page)).fitStop);
    await waitBar(page, `s.epoch >= ${stop + 300}`, { timeout: 60_000 });
    await page.locator('.training-bar button.play').click();
    await waitBar(page, 's.state === "paused"');
    const bar = await barData(page);
    assert.ok(Number(bar.epoch) > stop + 300, `epoch ${bar.epoch}, fit() stops at ${stop}`);
    const text = await page.locator('.stop-reason').textContent();
    assert.match(text, new RegExp(`fit\\(\\) stops at epoch ${stop}: Training loss did not improve more than tol=0\\.000100 for 10 consecutive epochs`));
    assert.equal(await page.locator('.stop-reason').getAttribute('data-kind'), 'info', 'a stop is not a success (green) nor an error');
    // The marker on the chart, once it has drawn the latest curves.
    await page.waitForFunction((e) => document.querySelector('.chart-box canvas').dataset.markers === String(e), stop);
    const score = Number(bar.epoch) > 0 ? await page.locator('.stat-train-score .stat-value').textContent() : '';
    console.log(`# spirals: fit() stops at epoch ${stop}; trained on to ${bar.epoch}, train accuracy ${score}`);
    await page.locator('.chart-box').scrollIntoViewIfNeeded();
    await screenshot(page, 'spirals-past-fit-stop', { fullPage: false });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('stop where fit() stops pauses there; Step then carries on from that epoch', async () => {
  const p = await openPage(env, '?v=2&g=spirals&act=tanh&sp=max&saf=1');
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.training-bar button.play').click();
    const at = await waitBar(page, 's.state === "paused" && s.epoch > 0', { timeout: 60_000 });
    const bar = await barData(page);
    assert.equal(bar.stoppedAt, 'fit');
    assert.equal(Number(bar.fitStop), at.epoch, 'paused exactly where fit() stops');
    assert.match(await page.locator('.stop-reason').textContent(), /Paused where fit\(\) stops, at epoch \d+: .*Play or Step trains on from here/);
    const lossAtStop = Number(bar.loss);
    await stepTo(page, at.epoch + 2);
    const after2 = await barData(page);
    assert.equal(Number(after2.epoch), at.epoch + 2, 'Step continues: the epoch grows, it does not restart');
    assert.notEqual(Number(after2.loss), lossAtStop);
    // Play carries on too, past the stop, and does not stop there again.
    await page.locator('.training-bar button.play').click();
    await waitBar(page, `s.epoch >= ${at.epoch + 50}`, { timeout: 60_000 });
    await page.locator('.training-bar button.play').click();
    await waitBar(page, 's.state === "paused"');
    // Reset: the same initial weights, epoch 0.
    await page.locator('.training-bar button', { hasText: /^Reset$/ }).click();
    await waitBar(page, 's.epoch === 0 && s.scoredEpoch === 0');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('the pace never changes the run: a slow link reaches the loss of a fast run at the same epoch', async () => {
  const N = 12;
  const lossAt = async (query) => {
    const p = await openPage(env, query);
    try {
      const { page } = p;
      await waitReady(page);
      await page.locator('.training-bar button.play').click();
      await waitBar(page, `s.epoch >= ${N}`, { timeout: 60_000 });
      await page.locator('.training-bar button.play').click();
      const s = await waitBar(page, 's.state === "paused"');
      // The run goes on a little after the click: read the loss curve at epoch N from the chart's data.
      const loss = await page.evaluate((n) => window.__mlpRun?.lossCurve?.[n - 1], N);
      assertClean(p);
      return { loss, epoch: s.epoch };
    } finally {
      await p.context.close();
    }
  };
  const slow = await lossAt('?v=2&sp=5');
  const fast = await lossAt('?v=2&sp=max');
  console.log(`# loss at epoch ${N}: 5 epochs/s ${slow.loss}, fastest ${fast.loss}`);
  assert.ok(Number.isFinite(slow.loss));
  assert.equal(slow.loss, fast.loss);
});

test('a link carries the epoch reached: opening it trains to that epoch and pauses, with the same loss', async () => {
  const p = await openPage(env, '?v=2&sp=max');
  let link;
  let loss;
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 3);
    await page.waitForURL(/ep=3/);
    link = new URL(page.url()).search;
    loss = (await barData(page)).loss;
  } finally {
    await p.context.close();
  }
  const q = await openPage(env, link);
  try {
    const { page } = q;
    await waitBar(page, 's.state === "paused" && s.epoch === 3 && s.scoredEpoch === 3', { timeout: 30_000 });
    assert.equal((await barData(page)).loss, loss);
    assertClean(q);
  } finally {
    await q.context.close();
  }
});

test('a diverging run is named in red with what to try, and one click starts a run that does not diverge', async () => {
  const p = await openPage(env, '?v=1&g=regression&sol=sgd&lri=1&mo=0');
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.training-bar button.play').click();
    await page.waitForFunction(() => document.querySelector('.training-bar').dataset.problem === 'diverged', null, { timeout: 30_000 });
    const reason = page.locator('.stop-reason');
    assert.equal(await reason.getAttribute('data-kind'), 'error');
    assert.match(await reason.textContent(), /Training diverged\. The loss grew from .* Lower learning_rate_init \(now 1\), for example to 0\.1/);
    const color = await reason.evaluate((el) => getComputedStyle(el).color);
    assert.equal(color, 'rgb(179, 38, 30)', 'red');
    await screenshot(page, 'diverged', { fullPage: false });
    // Two fixes: a tenth of the rate (still too much for these unscaled targets), and adam at 0.01.
    assert.equal(await page.locator('[data-action="fix-0"]').textContent(), 'Set learning_rate_init to 0.1');
    await page.locator('[data-action="fix-1"]').click();
    await waitBar(page, 's.epoch === 0');
    assert.equal(await page.locator('.field[data-control="learning_rate_init"] input[type="text"]').first().inputValue(), '0.01');
    assert.equal(await page.locator('.field[data-control="solver"] select').first().inputValue(), 'adam');
    await page.locator('.training-bar button.play').click();
    await waitBar(page, 's.epoch >= 40', { timeout: 60_000 });
    assert.equal((await barData(page)).problem, '');
    await page.locator('.training-bar button.play').click();
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('a network collapsed to one class is named in red, not shown as a finished run', async () => {
  const p = await openPage(env, '?v=2&sol=sgd&lri=10&sp=max');
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.training-bar button.play').click();
    await page.waitForFunction(() => document.querySelector('.training-bar').dataset.problem === 'collapsed', null, { timeout: 30_000 });
    await waitBar(page, 's.state === "paused"');
    assert.match(await page.locator('.stop-reason').textContent(), /collapsed to one class.*Lower learning_rate_init \(now 10\)/);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('the deep logistic net of the vanishing-gradient lesson is named stalled in red, with relu to try, and trains on', async () => {
  const lesson = LESSONS.find((l) => l.id === 'vanishing-gradient');
  const p = await openPage(env, `?${encode(lessonConfig(lesson, 0))}`);
  try {
    const { page } = p;
    await waitReady(page);
    // The lesson's Play pauses where fit() stops (max_iter 20), where the net stalls: without
    // that stop, only the page's health check could pause it.
    await checkbox(page, 'stopAtFit').uncheck();
    await page.locator('.training-bar button.play').click();
    await page.waitForFunction(() => document.querySelector('.training-bar').dataset.problem === 'stalled', null, { timeout: 30_000 });
    const { epoch, state } = await barState(page);
    const reason = page.locator('.stop-reason');
    assert.equal(await reason.getAttribute('data-kind'), 'error');
    const text = await reason.textContent();
    console.log(`# named stalled at epoch ${epoch} (${state}): ${text}`);
    assert.match(text, /^Training has stalled: the first layers' gradients vanish\. .*After 20 epochs the first layer's gradient is 7,468 times smaller than the last's/);
    assert.match(text, /Try activation='relu', or fewer layers/);
    assert.doesNotMatch(text, /Lower learning_rate_init/);
    assert.equal(await page.locator('[data-action="fix-0"]').textContent(), "Use activation='relu'");
    assert.equal(await page.locator('[data-action="fix-1"]').isHidden(), true);
    // Training goes on, still named stalled.
    await waitBar(page, `s.state === "playing" && s.epoch >= ${epoch + 3}`, { timeout: 10_000 });
    assert.equal((await barData(page)).problem, 'stalled');
    // The fix is one click: a ReLU run from epoch 0.
    await page.locator('[data-action="fix-0"]').click();
    await waitBar(page, 's.epoch === 0');
    assert.equal(await page.locator('.field[data-control="activation"] select').first().inputValue(), 'relu');
    assert.equal((await barData(page)).problem, '');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
