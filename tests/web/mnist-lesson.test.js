// Lesson 12, "The MNIST example at full size", followed in Chromium as a student would: the full
// Fashion-MNIST set loads (the worker fetches its 55 MB), Play trains the course's configuration in
// float64 until fit() stops at max_iter, and the page shows the numbers the text gives (scikit-learn
// 1.2.1's own); Next opens the weights step (the course's 4x4 picture, black and white at half the
// range the text quotes), the confusion step (its counts in the confusion matrix) and the quick
// subset. Each step's numbers are read from what the page draws: the curves' history, the matrix and
// the picture's legend (screenshots in test-results/screenshots/mnist-lesson-*.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, waitBar, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';
import { lessonById, lessonConfig } from '../../web/src/state/lessons.js';
import { encode } from '../../web/src/state/url.js';

const LOAD = 180_000; // the full set and ten float64 epochs, on a busy machine
const lesson = lessonById('mnist-full');

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** The words the text of step k (0-based) says for its check on `metric` (after `epoch`, or of `of`). */
const says = (k, metric, { epoch, of } = {}) => lesson.steps[k].checks
  .find((c) => c.metric === metric && c.says && (epoch === undefined || c.epoch === epoch) && c.of === of).says;
/** The value as the text writes it (the same decimals). */
function asWritten(value, text) {
  const decimals = text.replace('%', '').split('.')[1]?.length ?? 0;
  return text.endsWith('%') ? `${(value * 100).toFixed(decimals)}%` : value.toFixed(decimals);
}

/** The page's curves after epoch e (1-based): loss_curve_ and the measured accuracies. */
async function curvesAt(page, e) {
  const h = await page.evaluate(() => window.__mlpSession.history);
  return { loss: h.lossCurve[e - 1], firstLoss: h.lossCurve[0], train: h.trainScores[e - 1], test: h.testScores[e - 1] };
}

/** The confusion matrix as the page shows it: { names, counts[t][p] }. */
function confusion(page) {
  return page.evaluate(() => {
    const table = [...document.querySelectorAll('table')].find((t) => t.textContent.includes('true \\ predicted'));
    const rows = [...table.querySelectorAll('tr')].slice(1);
    return {
      names: rows.map((r) => r.cells[0].textContent.trim()),
      counts: rows.map((r) => [...r.cells].slice(1).map((c) => Number(c.textContent.trim()))),
    };
  });
}

const cardText = (page) => page.locator('.lesson-text').textContent();
const hooks = () => {
  window.__mlpSupervision = {};
};

test('lesson 12: the course\'s MNIST example on the full Fashion-MNIST set, step by step, with the numbers its text gives', async () => {
  const p = await openPage(env, `?${encode(lessonConfig(lesson, 0))}`, { init: hooks });
  try {
    const { page } = p;
    // Step 1: the course's configuration on 60,000 + 10,000 images, trained to fit()'s stop.
    await waitReady(page, { timeout: LOAD });
    assert.equal(await cardText(page), lesson.steps[0].text);
    await page.locator('.btn.play').click();
    await waitBar(page, 's.state !== "playing" && s.epoch >= 10', { timeout: LOAD });
    const { loss, firstLoss, train, test: testScore } = await curvesAt(page, 10);
    assert.equal(asWritten(firstLoss, says(0, 'loss', { epoch: 1 })), says(0, 'loss', { epoch: 1 }));
    assert.equal(asWritten(loss, says(0, 'loss', { epoch: 10 })), says(0, 'loss', { epoch: 10 }));
    assert.equal(asWritten(train, says(0, 'trainScore')), says(0, 'trainScore'));
    assert.equal(asWritten(testScore, says(0, 'testScore')), says(0, 'testScore'));
    await screenshot(page, 'mnist-lesson-1', { fullPage: false });

    // Step 2: the weights as the course draws them; the legend's black and white are half the range the text quotes.
    await page.locator('[data-action="lesson-next"]').click();
    await page.waitForURL(/lesson=mnist-full&step=2/);
    await waitBar(page, 's.epoch >= 10 && s.state !== "playing"', { timeout: LOAD });
    assert.equal(await cardText(page), lesson.steps[1].text);
    // The link trained as fast as it could: its curves are still measured to the last epoch (the same run as step 1's).
    const trained = await curvesAt(page, 10);
    assert.equal(asWritten(trained.test, says(0, 'testScore')), says(0, 'testScore'), 'the accuracy curve reaches epoch 10');
    const picture = await page.locator('.weights-canvas').evaluate((c) => ({ ...c.dataset, label: c.getAttribute('aria-label') }));
    assert.equal(picture.mode, 'course');
    assert.equal(picture.tiles, '16');
    // vmin and vmax: half of coefs_[0]'s min and max, which the text gives to 3 decimals.
    assert.equal(asWritten(2 * Number(picture.vmin), says(1, 'coefsMin')), says(1, 'coefsMin'));
    assert.equal(asWritten(2 * Number(picture.vmax), says(1, 'coefsMax')), says(1, 'coefsMax'));
    await screenshot(page, 'mnist-lesson-2', { fullPage: true });

    // Step 3: the confusion counts the text gives.
    await page.locator('[data-action="lesson-next"]').click();
    await page.waitForURL(/lesson=mnist-full&step=3/);
    await waitBar(page, 's.epoch >= 10 && s.state !== "playing"', { timeout: LOAD });
    const m = await confusion(page);
    assert.equal(m.names[6], 'Shirt');
    for (const c of lesson.steps[2].checks.filter((x) => x.metric === 'confusion')) {
      const [t, q] = c.of.split('.').map(Number);
      assert.equal(String(m.counts[t][q]), c.says, `${m.names[t]} predicted as ${m.names[q]}`);
      assert.equal(c.says, says(2, 'confusion', { of: c.of }));
    }
    assert.ok(m.counts.every((row) => row.reduce((a, b) => a + b, 0) === 1000), 'each class has 1,000 test images');

    // Step 4: the quick subset, trained to the same stop.
    await page.locator('[data-action="lesson-next"]').click();
    await page.waitForURL(/lesson=mnist-full&step=4/);
    await waitBar(page, 's.state !== "loading" && s.epoch === 0', { timeout: LOAD });
    assert.equal(await cardText(page), lesson.steps[3].text);
    await page.locator('.btn.play').click();
    await waitBar(page, 's.state !== "playing" && s.epoch >= 10', { timeout: LOAD });
    const quick = await curvesAt(page, 10);
    assert.equal(asWritten(quick.train, says(3, 'trainScore')), says(3, 'trainScore'));
    assert.equal(asWritten(quick.test, says(3, 'testScore')), says(3, 'testScore'));
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
