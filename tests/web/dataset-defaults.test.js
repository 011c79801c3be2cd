// Per-dataset defaults on the page: choosing Spirals in the Data panel sets spirals' own noise
// and n_samples; the noise the user types stays through other changes and comes back after a
// visit to another dataset; links old (v=1) and new (v=2) mean what they meant when written.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertClean, field, pointCounts, typeInto, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** Picks a dataset tile in the Data panel, as a user clicks it. */
const choose = (page, label) => page.locator('.dataset-picker label.tile', { hasText: new RegExp(`^${label}$`) }).click();

/** Waits until the noise and n_samples fields show these values. */
async function waitFields(page, noise, nSamples) {
  await page.waitForFunction(([nz, n]) => {
    const value = (id) => document.querySelector(`.field[data-control="${id}"] input[type="text"]`)?.value;
    return value('noise') === nz && value('n_samples') === n;
  }, [noise, nSamples], { polling: 50 });
}

/** Waits until the page's address (which follows the config after a short delay) has these values. */
async function waitAddress(page, expected) {
  await page.waitForFunction((want) => {
    const params = new URLSearchParams(window.location.search);
    return Object.entries(want).every(([k, v]) => (v === null ? !params.has(k) : params.get(k) === v));
  }, expected, { polling: 50 });
}

/** Waits until the plot shows the generated set (its point count). */
async function waitPoints(page, train, test) {
  await page.waitForFunction((label) => (document.querySelector('.boundary-canvas')?.getAttribute('aria-label') ?? '').includes(label),
    `${train} training and ${test} test points`, { polling: 50 });
}

test('choosing Spirals sets its noise; the typed noise survives other changes and comes back after Moons', async () => {
  const p = await openPage(env);
  try {
    const { page } = p;
    await waitReady(page);
    await waitFields(page, '0.2', '300');

    await choose(page, 'Spirals');
    await waitFields(page, '0.04', '500');
    await waitPoints(page, 375, 125);
    await waitReady(page);
    await waitAddress(page, { v: '2', g: 'spirals', nz: null, n: null });
    await screenshot(page, 'dataset-defaults-spirals', { fullPage: false });

    // The user's noise, then another change (one more hidden layer): the noise stays.
    await typeInto(page, 'noise', '0.1');
    await waitAddress(page, { g: 'spirals', nz: '0.1' });
    await page.locator('.layers-editor button', { hasText: '+ Layer' }).click();
    assert.equal(await page.locator('.layers-editor .layers-summary').textContent(), '(8, 8, 8)');
    await waitAddress(page, { g: 'spirals', nz: '0.1', h: '8_8_8' });
    assert.equal(await field(page, 'noise').inputValue(), '0.1');
    assert.equal(await field(page, 'n_samples').inputValue(), '500');
    await waitReady(page);

    // Moons: moons' values; the layers carry over.
    await choose(page, 'Moons');
    await waitFields(page, '0.2', '300');
    await waitPoints(page, 225, 75);
    await waitAddress(page, { g: null, nz: null, n: null, h: '8_8_8' });
    assert.equal(await page.locator('.layers-editor .layers-summary').textContent(), '(8, 8, 8)');
    await waitReady(page);

    // Back to Spirals: the typed noise.
    await choose(page, 'Spirals');
    await waitFields(page, '0.1', '500');
    await waitPoints(page, 375, 125);
    await waitAddress(page, { v: '2', g: 'spirals', nz: '0.1', n: null });
    await waitReady(page);
    assert.equal(await page.locator('.banner').count(), 0);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('an old link (v=1) keeps its meaning, and the page rewrites it as v=2 with the same values', async () => {
  const old = await openPage(env, '?v=1&g=spirals');
  let fresh = null;
  try {
    const { page } = old;
    await waitReady(page);
    await waitFields(page, '0.2', '300');
    await waitPoints(page, 225, 75);
    await waitAddress(page, { v: '2', g: 'spirals', n: '300', nz: '0.2' });
    assert.equal(await page.locator('.banner').count(), 0, 'a v=1 link is not a damaged link');
    assertClean(old, 'the page of the v=1 link');

    fresh = await openPage(env, '?v=2&g=spirals');
    await waitReady(fresh.page);
    await waitFields(fresh.page, '0.04', '500');
    assert.deepEqual(await pointCounts(fresh.page), { train: 375, test: 125 });
    assertClean(fresh, 'the page of the v=2 link');
  } finally {
    await old.context.close();
    await fresh?.context.close();
  }
});
