// "Follow one input" on the page (issue 14): on moons trained a few epochs, Follow in the point
// tools, a click on the plane shows the trace of that position; its output is the model's
// predict_proba there, compared with a forward pass of the exported model (the Export's
// coefs_ and intercepts_, float64, in this test) to 1e-12; Next walks every step to the last; a
// click on a data point follows it with its label as the target, and ] moves to the next one;
// the address carries tr= and ts=, and opening it shows the same trace at the same step.
// Screenshots: test-results/screenshots/trace-*.png, desktop and phone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TIMEOUT, assertClean, stepTo, testHooks, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';
import { decode } from '../../web/src/state/url.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

const ACTIVATIONS = {
  identity: (z) => z,
  logistic: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  relu: (z) => Math.max(0, z),
};

/** predict_proba's first column... of the exported model (scikit-learn's layout) at one input row, in float64. */
function forward(model, row) {
  let a = row;
  const L = model.coefs_.length;
  for (let l = 0; l < L; l += 1) {
    const W = model.coefs_[l];
    const b = model.intercepts_[l];
    const f = l === L - 1 ? ACTIVATIONS[model.out_activation_] : ACTIVATIONS[model.params.activation];
    a = b.map((bj, j) => f(a.reduce((sum, ai, i) => sum + ai * W[i][j], bj)));
  }
  return a;
}

/** Waits for the card to show a trace of the update after `epoch` (or later). */
async function waitTrace(page, epoch) {
  await page.waitForFunction((e) => {
    const card = document.querySelector('.trace-card');
    return card && !card.hidden && !card.hasAttribute('aria-busy') && card.dataset.output && Number(card.dataset.epoch) >= e && window.__mlpTrace;
  }, epoch, { timeout: TIMEOUT, polling: 50 });
}

/** The plot's box (CSS px) and its rectangle (data units), as the boundary view says them. */
async function plotOf(page) {
  return page.locator('.boundary-canvas').evaluate((c) => {
    const [x, y, w, h] = c.dataset.plot.split(' ').map(Number);
    return { x, y, w, h, xMin: Number(c.dataset.xMin), xMax: Number(c.dataset.xMax), yMin: Number(c.dataset.yMin), yMax: Number(c.dataset.yMax) };
  });
}
const toPx = (plot, x, y) => ({
  x: plot.x + ((x - plot.xMin) / (plot.xMax - plot.xMin)) * plot.w,
  y: plot.y + ((plot.yMax - y) / (plot.yMax - plot.yMin)) * plot.h,
});

/** The address as the page last wrote it, once it carries `pattern`. */
async function addressWith(page, pattern) {
  await page.waitForFunction((src) => new RegExp(src).test(window.location.search), pattern.source, { timeout: TIMEOUT, polling: 50 });
  return page.evaluate(() => window.location.search);
}

test('a click on the plane follows that position: its output is predict_proba there, Next walks every step, the link reopens it', async () => {
  const p = await openPage(env, '', { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 3);
    await page.click('[data-action="follow"]');
    assert.equal(await page.locator('.edit-tools').getAttribute('data-mode'), 'follow');
    assert.equal(await page.locator('.trace-card').isVisible(), true, 'the Follow button opens the card');
    // Top left of the plot: no data point there (moons lie lower and to the right).
    const plot = await plotOf(page);
    await page.locator('.boundary-canvas').click({ position: { x: plot.x + 0.04 * plot.w, y: plot.y + 0.04 * plot.h } });
    await waitTrace(page, 3);
    const note = await page.locator('.trace-note').textContent();
    assert.match(note, /^Following the point \(-?\d[\d.]*, -?\d[\d.]*\) of the plane\.$/);
    const trace = await page.evaluate(() => {
      const t = window.__mlpTrace;
      return { point: t.point, input: Array.from(t.input), values: Array.from(t.output.values), target: Array.from(t.output.target),
        predicted: t.output.predicted, layers: t.layers.length, precision: t.precision };
    });
    assert.equal(trace.precision, 'float64');
    assert.deepEqual(trace.input, trace.point, 'no scaler, no derived features: a(0) is the point');
    // The ring on the plane is at the point followed.
    assert.equal(await page.locator('.boundary-canvas').getAttribute('data-marker'), `${trace.point[0]} ${trace.point[1]}`);
    // predict_proba at that point, from the exported model in float64 (this test's own forward pass).
    const model = JSON.parse(await page.evaluate(() => window.__mlpSession.exportModel()));
    const [expected] = forward(model, trace.point);
    assert.ok(Math.abs(trace.values[0] - expected) <= 1e-12, `the trace's output ${trace.values[0]}, predict_proba ${expected}`);
    // No target: the predicted class is the Y of the backward pass.
    assert.deepEqual(trace.target, [trace.predicted]);
    assert.equal(trace.predicted, Number(expected > 0.5));

    // Next walks every step: 3L + 4 of them for L layers.
    const count = 3 * trace.layers + 4;
    const counter = page.locator('.trace-card .trace-counter');
    assert.equal(await counter.textContent(), `Step 1 of ${count}`);
    const next = page.locator('.trace-card .trace-next');
    for (let k = 2; k <= count; k += 1) {
      await next.click();
      assert.equal(await counter.textContent(), `Step ${k} of ${count}`);
    }
    assert.ok(await next.isDisabled(), 'Next stops at the last step');
    await page.locator('.trace-card .trace-prev').click();
    assert.equal(await counter.textContent(), `Step ${count - 1} of ${count}`);
    await page.evaluate(() => document.querySelector('.network-box').scrollIntoView({ block: 'start' }));
    await screenshot(page, 'trace-desktop', { fullPage: false });

    // The address: tr= the point (rounded as point edits are), ts= the step (0-based), ep= the epoch.
    const search = await addressWith(page, new RegExp(`ts=${count - 2}(&|$)`));
    const link = decode(search);
    assert.deepEqual(link.ignored, []);
    assert.deepEqual(link.config.view.trace, { point: trace.point.map((v) => Number(v.toFixed(3)) + 0), step: count - 2 });
    assert.equal(link.epochs, 3);
    assertClean(p, 'the page following a point');

    // The link reopens the same trace at the same step.
    const q = await openPage(env, search, { init: testHooks });
    try {
      await waitTrace(q.page, 3);
      await q.page.waitForFunction((n) => document.querySelector('.trace-card .trace-counter')?.textContent === `Step ${n - 1} of ${n}`, count,
        { timeout: TIMEOUT });
      const again = await q.page.evaluate(() => ({ point: window.__mlpTrace.point, values: Array.from(window.__mlpTrace.output.values) }));
      assert.deepEqual(again.point, link.config.view.trace.point);
      const [there] = forward(model, again.point);
      assert.ok(Math.abs(again.values[0] - there) <= 1e-12, `${again.values[0]} against ${there}`);
      assert.equal(await q.page.locator('.edit-tools').getAttribute('data-mode'), 'add', 'a link follows its point without changing the tools');
      assertClean(q, 'the page opened on a link with tr= and ts=');
    } finally {
      await q.context.close();
    }
  } finally {
    await p.context.close();
  }
});

test('a click on a data point follows it with its label as the target; ] moves to the next point; closing clears it', async () => {
  const p = await openPage(env, '', { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 2);
    await page.click('[data-action="follow"]');
    const data = await page.evaluate(() => {
      const d = window.__mlpSession.display.arrays;
      return { x: Array.from(d.xTrain.slice(0, 4)), y: Array.from(d.yTrain.slice(0, 2)) };
    });
    const plot = await plotOf(page);
    const at = toPx(plot, data.x[0], data.x[1]);
    await page.locator('.boundary-canvas').click({ position: at });
    await waitTrace(page, 2);
    const first = await page.evaluate(() => ({ point: window.__mlpTrace.point, target: Array.from(window.__mlpTrace.output.target) }));
    assert.deepEqual(first.point, [data.x[0], data.x[1]], 'the data point\'s own coordinates');
    assert.deepEqual(first.target, [data.y[0]], 'its label is the target');
    assert.match(await page.locator('.trace-note').textContent(), new RegExp(`^Following the training point #1 \\(class ${data.y[0]}\\) at `));
    // ] while the card has focus: the next training point.
    await page.locator('.trace-card .trace-panel').focus();
    await page.keyboard.press(']');
    await page.waitForFunction((x) => window.__mlpTrace?.point[0] === x, data.x[2], { timeout: TIMEOUT });
    const second = await page.evaluate(() => Array.from(window.__mlpTrace.output.target));
    assert.deepEqual(second, [data.y[1]]);
    assert.match(await page.locator('.trace-note').textContent(), /^Following the training point #2 /);
    assert.ok(await page.locator('.trace-card .trace-point-prev').isEnabled());
    // Close: the card, the ring and the address's tr= go.
    await page.locator('.trace-card .trace-close').click();
    assert.equal(await page.locator('.trace-card').isVisible(), false);
    assert.equal(await page.locator('.boundary-canvas').getAttribute('data-marker'), null);
    await page.waitForFunction(() => !/[?&]tr=/.test(window.location.search), null, { timeout: TIMEOUT });
    assertClean(p, 'the page following a data point');
  } finally {
    await p.context.close();
  }
});

test('on a phone the card fits the screen: a tap in Follow mode follows the point', async () => {
  const p = await openPage(env, '', { init: testHooks, width: 390, height: 844, isMobile: true, hasTouch: true });
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 2);
    await page.click('[data-action="follow"]');
    const plot = await plotOf(page);
    await page.locator('.boundary-canvas').tap({ position: { x: plot.x + 0.04 * plot.w, y: plot.y + 0.04 * plot.h } });
    await waitTrace(page, 2);
    const card = page.locator('.trace-card');
    await card.scrollIntoViewIfNeeded();
    const box = await card.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the card spans ${box.x}..${box.x + box.width} px of 390`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'nothing scrolls sideways');
    await screenshot(page, 'trace-phone', { fullPage: false });
    assertClean(p, 'the page on a phone');
  } finally {
    await p.context.close();
  }
});
