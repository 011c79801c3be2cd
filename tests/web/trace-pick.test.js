// "Follow one input" on data with more than two inputs (issue 14): a row of the Samples table on
// iris traces that sample, and its output is the page's predict_proba for it (the test rows'
// outputs the worker sends with every update, shown in the table's "predicted" column and in the
// row's data-proba: float32 copies, so to 1e-6); Next walks every step, ] moves to the next
// sample, the link (tr=test:N, ts=) reopens the same trace at the same step, and a data point of
// the plane of principal components follows that sample. A digits image (a
// thumbnail of the table, an image of "Inputs that most activate each unit") traces 64 inputs and
// 10 outputs. An embed link with tr= shows the card in the frame (720x540 and a phone's width), a
// sample the data lack is said in the link's banner, and the engine's refusal (a test row of a
// class the training rows never had) is said in the card.
// Screenshots: test-results/screenshots/trace-pick-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { TIMEOUT, assertClean, settle, stepTo, testHooks, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';
import { decode } from '../../web/src/state/url.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** Waits for the card to show a trace of the update after `epoch` (or later) whose note matches `note`. */
async function waitTrace(page, epoch, note = /Following/) {
  await page.waitForFunction(({ e, src }) => {
    const card = document.querySelector('.trace-card');
    return card && !card.hidden && !card.hasAttribute('aria-busy') && card.dataset.output && Number(card.dataset.epoch) >= e && window.__mlpTrace &&
      new RegExp(src).test(card.querySelector('.trace-note')?.textContent ?? '');
  }, { e: epoch, src: note.source }, { timeout: TIMEOUT, polling: 50 });
  return page.evaluate(() => {
    const t = window.__mlpTrace;
    return { point: Array.from(t.point), input: t.input.length, values: Array.from(t.output.values), kind: t.output.kind,
      predicted: t.output.predicted, layers: t.layers.length };
  });
}

/** The address as the page last wrote it, once it carries `pattern`. */
async function addressWith(page, pattern) {
  await page.waitForFunction((src) => new RegExp(src).test(window.location.search), pattern.source, { timeout: TIMEOUT, polling: 50 });
  return page.evaluate(() => window.location.search);
}

const argmax = (values) => values.indexOf(Math.max(...values));

test('iris: a row of the Samples table traces that sample; its output is the page\'s predict_proba; Next, ] and the link', async () => {
  const p = await openPage(env, '?v=2&g=iris', { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 20);
    await settle(page);
    await page.click('.samples-parts [data-part="test"]');
    const row = page.locator('.samples-table tr[data-part="test"][data-index="4"]');
    const proba = (await row.getAttribute('data-proba')).split(' ').map(Number);
    assert.equal(proba.length, 3);
    // Its Follow button, from the keyboard.
    await row.locator('.samples-follow').focus();
    await page.keyboard.press('Enter');
    const trace = await waitTrace(page, 20, /test sample #5 \(class \w+, 4 inputs\)/);
    const rows = await page.evaluate(() => Array.from(window.__mlpSession.rows.xTest.slice(16, 20)));
    assert.deepEqual(trace.point, rows, 'the sample\'s four columns, as the data hold them');
    assert.equal(trace.input, 4);
    assert.equal(trace.kind, 'multiclass');
    trace.values.forEach((v, k) => assert.ok(Math.abs(v - proba[k]) <= 1e-6, `class ${k}: ${v} against the table's ${proba[k]}`));
    assert.equal(trace.predicted, argmax(proba));
    assert.equal(await row.getAttribute('aria-current'), 'true', 'the row followed is marked');
    assert.match(await row.locator('.samples-predicted').textContent(), /\(p = 0\.\d{3}\)/);

    // Next walks every step: 3L + 4 of them for L layers.
    const count = 3 * trace.layers + 4;
    const counter = page.locator('.trace-card .trace-counter');
    const next = page.locator('.trace-card .trace-next');
    for (let k = 2; k <= count; k += 1) {
      await next.click();
      assert.equal(await counter.textContent(), `Step ${k} of ${count}`);
    }
    assert.ok(await next.isDisabled(), 'Next stops at the last step');
    await page.locator('.trace-card .trace-prev').click();

    // ] (in the card) follows the next test sample, at the same step.
    await page.keyboard.press(']');
    const moved = await waitTrace(page, 20, /test sample #6 /);
    const sixth = await page.evaluate(() => Array.from(window.__mlpSession.rows.xTest.slice(20, 24)));
    assert.deepEqual(moved.point, sixth);
    assert.equal(await counter.textContent(), `Step ${count - 1} of ${count}`);
    assert.equal(await page.locator('.samples-table tr[aria-current="true"]').getAttribute('data-index'), '5');
    await page.locator('.trace-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'trace-pick-iris', { fullPage: false });

    // The link: tr=test:6 and the step; opening it shows the same trace at the same step.
    const search = await addressWith(page, new RegExp(`tr=test:6&ts=${count - 2}(&|$)`));
    const link = decode(search);
    assert.deepEqual(link.ignored, []);
    assert.deepEqual(link.config.view.trace, { sample: { part: 'test', index: 5 }, step: count - 2 });
    assert.equal(link.epochs, 20);
    // On the plane of principal components, Follow picks a data point: that sample, all four columns.
    await page.click('[data-action="follow"]');
    const at = await page.evaluate(() => {
      const c = document.querySelector('.boundary-canvas');
      const [x, y, w, h] = c.dataset.plot.split(' ').map(Number);
      const d = window.__mlpSession.display.arrays;
      const [px, py] = [d.xTrain[14], d.xTrain[15]]; // the training row #8
      return { x: x + ((px - c.dataset.xMin) / (c.dataset.xMax - c.dataset.xMin)) * w, y: y + ((c.dataset.yMax - py) / (c.dataset.yMax - c.dataset.yMin)) * h };
    });
    await page.locator('.boundary-canvas').click({ position: at });
    const onPlane = await waitTrace(page, 20, /training sample #8 /);
    assert.deepEqual(onPlane.point, await page.evaluate(() => Array.from(window.__mlpSession.rows.xTrain.slice(28, 32))));
    assertClean(p, 'the page following an iris sample');
    const q = await openPage(env, search, { init: testHooks });
    try {
      const again = await waitTrace(q.page, 20, /test sample #6 /);
      assert.deepEqual(again.values, moved.values, 'the same model, the same sample: the same numbers');
      await q.page.waitForFunction((n) => document.querySelector('.trace-card .trace-counter')?.textContent === `Step ${n - 1} of ${n}`, count,
        { timeout: TIMEOUT });
      assertClean(q, 'the page opened on a link with tr=test:6');
    } finally {
      await q.context.close();
    }
  } finally {
    await p.context.close();
  }
});

test('digits: a picture of the table and an image of the most-activating inputs trace 64 inputs and 10 outputs', async () => {
  const p = await openPage(env, '?v=2&g=digits', { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await stepTo(page, 2);
    await settle(page);
    await page.click('.samples-parts [data-part="test"]');
    await page.locator('.samples-table tr[data-index="2"] .sample-image').click();
    const trace = await waitTrace(page, 2, /test image #3 \(class \d, 64 inputs\)/);
    assert.deepEqual([trace.input, trace.values.length, trace.kind], [64, 10, 'multiclass']);
    const proba = (await page.locator('.samples-table tr[data-index="2"]').getAttribute('data-proba')).split(' ').map(Number);
    trace.values.forEach((v, k) => assert.ok(Math.abs(v - proba[k]) <= 1e-6, `class ${k}: ${v} against ${proba[k]}`));
    assert.equal(await page.locator('.trace-card .trace-input-image').count(), 1, 'the input drawn as its image');

    // The most-activating inputs: the image under the pointer (its title names the test input) is followed.
    await page.locator('.activating-card summary').click();
    const canvas = page.locator('.activating-canvas');
    await page.waitForFunction(() => Number(document.querySelector('.activating-canvas')?.dataset.rows) > 0, null, { timeout: TIMEOUT });
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    const titleAt = async (x, y) => {
      await page.mouse.move(box.x + x, box.y + y);
      return (await canvas.getAttribute('title')) ?? '';
    };
    // The first row with images: a unit that gives every input the same value (a ReLU unit that
    // never fires) has none ("0 for every test input"); the label column names each row's unit.
    let hit = null;
    let y = 60;
    for (let row = 0; row < 16 && !hit && y < box.height; row += 1) {
      for (let x = 10; x < box.width && !hit; x += 6) {
        const m = /test input (\d+):/.exec(await titleAt(x, y));
        if (m) hit = { x, y, n: Number(m[1]) };
      }
      const unit = await titleAt(10, y);
      let next = unit;
      while (y < box.height && (next === unit || !/^unit \d+$/.test(next))) {
        y += 4;
        next = await titleAt(10, y);
      }
      y += 8;
    }
    assert.ok(hit, 'an image of a test input in one of the first rows');
    await page.mouse.click(box.x + hit.x, box.y + hit.y);
    const image = await waitTrace(page, 2, new RegExp(`test image #${hit.n} `));
    assert.deepEqual([image.input, image.values.length], [64, 10]);
    await screenshot(page, 'trace-pick-digits', { fullPage: false });
    assertClean(p, 'the page following a digits image');
  } finally {
    await p.context.close();
  }
});

test('an embed link with tr= shows the card in the frame; a sample the data lack is said in the banner', async () => {
  for (const [name, size] of [['course', { width: 720, height: 540 }], ['phone', { width: 390, height: 700, isMobile: true, hasTouch: true }]]) {
    const p = await openPage(env, '?v=2&g=iris&ep=5&tr=test:2&ts=3&embed=1&show=plane,network,play,step', { init: testHooks, ...size });
    try {
      const { page } = p;
      await waitTrace(page, 5, /test sample #2 /);
      await page.waitForFunction(() => document.querySelector('.trace-card .trace-counter')?.textContent.startsWith('Step 4 of'), null, { timeout: TIMEOUT });
      const card = page.locator('.embed-trace .trace-card');
      assert.equal(await card.isVisible(), true, `${name}: the card is a panel of the embed`);
      const fits = await page.evaluate(() => {
        const panel = document.querySelector('.embed-trace');
        const r = panel.getBoundingClientRect();
        return { left: r.left, right: r.right, width: window.innerWidth, overflow: panel.scrollWidth - panel.clientWidth,
          page: document.documentElement.scrollWidth - window.innerWidth };
      });
      assert.ok(fits.left >= 0 && fits.right <= fits.width, `${name}: the card's panel within the frame's width (${JSON.stringify(fits)})`);
      assert.ok(fits.overflow <= 1 && fits.page <= 0, `${name}: nothing wider than the frame (${JSON.stringify(fits)})`);
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, `trace-pick-embed-${name}`, { fullPage: false });
      assertClean(p, `the embed (${name})`);
    } finally {
      await p.context.close();
    }
  }
  const p = await openPage(env, '?v=2&g=iris&ep=2&tr=test:999', { init: testHooks });
  try {
    await p.page.locator('.banners', { hasText: 'Ignored tr=test:999: the data have 38 test samples (1 to 38).' }).waitFor({ timeout: TIMEOUT });
    // The address is written again without tr= (the link opened with ep=2 already: waiting for
    // ep=2 alone could read the address before it was rewritten).
    await addressWith(p.page, /^(?!.*tr=).*ep=2/);
    assert.doesNotMatch(await p.page.evaluate(() => window.location.search), /tr=/, 'nothing followed');
    assert.equal(await p.page.locator('.trace-card').isHidden(), true);
  } finally {
    await p.context.close();
  }
});

// A CSV whose row 23 (rare) is the only one of its class, and the split puts it in the test rows:
// the model's classes are the training rows' (even, odd), so the engine refuses its label as a target.
const CSV = ['a,b,c,kind', ...Array.from({ length: 40 }, (_, i) => `${i},${(i * 3) % 5},${i % 2},${i === 22 ? 'rare' : i % 2 ? 'odd' : 'even'}`)].join('\n');

test('the engine\'s refusal of a trace is said in the card, not in a banner', async () => {
  const p = await openPage(env, '?v=2', { init: testHooks });
  try {
    const { page } = p;
    await waitReady(page);
    await page.locator('.dataset-picker label', { hasText: 'Your CSV' }).click();
    await page.locator('.csv-paste summary').click();
    await page.locator('.csv-paste textarea').fill(CSV);
    await page.locator('[data-action="csv-paste"]').click();
    await page.locator('.samples-table tbody tr').first().waitFor({ timeout: TIMEOUT });
    await settle(page);
    await page.click('.samples-parts [data-part="test"]');
    const rare = page.locator('.samples-table tr[data-part="test"][data-index="0"]');
    assert.match(await rare.textContent(), /rare/, 'the split puts the rare row first among the test rows');
    await rare.click();
    const error = page.locator('.trace-card .trace-error');
    await error.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(await error.textContent(), 'The engine could not follow this input: the target must be one of the model\'s class codes: 0, 1');
    assert.match(await page.locator('.trace-note').textContent(), /Following the test sample #1 \(class rare, 3 inputs\)/);
    assert.equal(await page.locator('.banners').textContent(), '', 'no banner');
    await page.locator('.trace-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'trace-pick-refusal', { fullPage: false });
    // The next sample is one of a class the model has: followed.
    await page.locator('.trace-card .trace-point-next').click();
    await waitTrace(page, 0, /test sample #2 /);
    assert.equal(await error.isHidden(), true);
    assertClean(p, 'the page refused a trace');
  } finally {
    await p.context.close();
  }
});
