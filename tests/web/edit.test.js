// Editing on the page: points added by clicking the plot (and undone), and
// invalid values typed into fields (the page's own check, then the engine's).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, barState, checkbox, field, fieldError, pointCounts, stepTo, typeInto, waitReady } from './helpers.js';
import { openPage, startBrowser } from './support.js';
import { decode } from '../../web/src/state/url.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** The added points of the page's address (pa= or pe=, read by the page's own decoder), [[x, y, class], ...]. */
async function addedInUrl(page) {
  // The address follows the config after a short delay: wait until it agrees with the edit summary.
  for (;;) {
    const url = page.url();
    const added = decode(new URL(url).search).config.data.edits.added;
    const summary = await page.locator('.edit-summary').textContent();
    if (String(added.length) === (/^(\d+) added/.exec(summary)?.[1] ?? '0')) return added;
    await page.waitForFunction((before) => window.location.href !== before, url, { polling: 50 });
  }
}

test('clicking the plot adds points to the training data; undo takes them back', async () => {
  const p = await openPage(env);
  try {
    const { page } = p;
    await waitReady(page);
    await page.waitForFunction(() => /training and \d+ test points/.test(document.querySelector('.boundary-canvas').getAttribute('aria-label') ?? ''));
    const start = await pointCounts(page);
    assert.deepEqual(start, { train: 225, test: 75 });
    const summary = page.locator('.edit-summary');
    const undo = page.locator('[data-control="edit"] button', { hasText: 'Undo' });
    assert.equal(await summary.textContent(), 'No edits');
    assert.ok(await undo.isDisabled());

    const canvas = page.locator('.boundary-canvas');
    const box = await canvas.boundingBox();
    await canvas.click({ position: { x: box.width * 0.5, y: box.height * 0.3 } });
    await page.waitForFunction((n) => document.querySelector('.boundary-canvas').getAttribute('aria-label').includes(`${n} training`), start.train + 1);
    assert.equal(await summary.textContent(), '1 added · 0 removed');
    let added = await addedInUrl(page);
    assert.equal(added.length, 1);
    assert.equal(added[0][2], 0, 'a click adds a point of class 0');
    // Shift-click: the other class.
    await canvas.click({ position: { x: box.width * 0.6, y: box.height * 0.7 }, modifiers: ['Shift'] });
    await page.waitForFunction((n) => document.querySelector('.boundary-canvas').getAttribute('aria-label').includes(`${n} training`), start.train + 2);
    added = await addedInUrl(page);
    assert.deepEqual(added.map((pt) => pt[2]), [0, 1]);
    assert.ok(added[0][0] < added[1][0] && added[0][1] > added[1][1], `the points are not where they were clicked: ${JSON.stringify(added)}`);
    assert.deepEqual(await pointCounts(page), { train: start.train + 2, test: start.test });
    // The engine trains on the new data.
    await waitReady(page);
    await stepTo(page, 1);

    // Ctrl+Z undoes the last edit, the Undo button the one before.
    assert.ok(await undo.isEnabled());
    await page.keyboard.press('Control+z');
    await page.waitForFunction((n) => document.querySelector('.boundary-canvas').getAttribute('aria-label').includes(`${n} training`), start.train + 1);
    assert.deepEqual((await addedInUrl(page)).map((pt) => pt[2]), [0]);
    await undo.click();
    await page.waitForFunction((n) => document.querySelector('.boundary-canvas').getAttribute('aria-label').includes(`${n} training`), start.train);
    assert.deepEqual(await addedInUrl(page), []);
    assert.equal(await summary.textContent(), 'No edits');
    assert.ok(await undo.isDisabled());
    assert.deepEqual(await pointCounts(page), start);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('an invalid value typed in a field is refused with a message naming it; the page keeps working', async () => {
  const p = await openPage(env);
  try {
    const { page } = p;
    await waitReady(page);

    // The page's own check: alpha = -1.
    await typeInto(page, 'alpha', '-1');
    const alphaError = fieldError(page, 'alpha');
    await alphaError.waitFor();
    assert.match(await alphaError.textContent(), /^alpha must be a number in \[0, 100\]; got -1$/);
    assert.equal(await field(page, 'alpha').getAttribute('aria-invalid'), 'true');
    assert.equal(await field(page, 'alpha').inputValue(), '-1', 'the typed text is kept for correction');
    // Not applied: the run goes on with the old alpha.
    await stepTo(page, 2);
    assert.equal(new URL(page.url()).searchParams.get('a'), null);
    await typeInto(page, 'alpha', '0.001');
    await alphaError.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => new URLSearchParams(window.location.search).get('a') === '0.001');

    // A value the page accepts but the engine refuses: a validation set of one sample.
    await typeInto(page, 'n_samples', '20');
    await checkbox(page, 'early_stopping').check();
    await typeInto(page, 'validation_fraction', '0.01');
    const banner = page.locator('[data-banner="engine-error"]');
    await banner.waitFor();
    assert.match(await banner.textContent(), /The engine refused this setting/);
    assert.match(await banner.textContent(), /validation_fraction: /);
    const vfError = fieldError(page, 'validation_fraction');
    assert.ok(await vfError.isVisible(), 'the validation_fraction field does not show the engine error');
    assert.match(await vfError.textContent(), /validation/);
    await banner.locator('button', { hasText: 'Go to validation_fraction' }).click();
    await page.waitForFunction(() => document.activeElement?.closest('[data-control="validation_fraction"]'));

    // A good value clears the error and training goes on.
    await typeInto(page, 'validation_fraction', '0.5');
    await banner.waitFor({ state: 'detached' });
    await vfError.waitFor({ state: 'hidden' });
    await waitReady(page);
    await stepTo(page, (await barState(page)).scoredEpoch + 3);
    assert.equal(await page.locator('.field-error:not([hidden])').count(), 0);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
