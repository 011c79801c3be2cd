// Links that always load. 6,000 points at random (5,950 from an old-style pa= link, which the
// page reads whole, the last 50 clicked through the page's own click path): the address and the share
// dialog's link stay under 8 KB, what they leave out is said in words, a reload keeps every point
// (kept in the tab), and the data's CSV file carries them all. A drawing of 6,000 points
// travels whole in a link.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { defaultConfig } from '../../web/src/state/config.js';
import { decode, encode, MAX_LINK_LENGTH } from '../../web/src/state/url.js';
import { assertClean, pointCounts, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

const N = 6000;
const TRAIN = 225; // the default moons' training rows
const LIMIT = 8 * 1024;
const CLICKS = 50;

/** n points at random over the moons' plot, as pa= text (x,y,class at the page's 3 decimals). */
function randomPoints(n) {
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const points = [];
  for (let i = 0; i < n; i += 1) points.push(`${(-1 + 3.5 * rnd()).toFixed(3)},${(-0.8 + 2.2 * rnd()).toFixed(3)},${rnd() < 0.5 ? 0 : 1}`);
  return points.join('_');
}

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/**
 * Clicks the plot n times at random as a mouse does (pointerdown then pointerup on the canvas:
 * the boundary view's own handlers, then the page's point editor), 300 clicks per task; a tenth
 * of the clicks switch the class (shift), as a student does.
 */
async function clickPoints(page, n, total) {
  await page.evaluate(async (count) => {
    const canvas = document.querySelector('.boundary-canvas');
    const b = canvas.getBoundingClientRect();
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    let shift = false;
    for (let i = 0; i < count; i += 1) {
      const x = Math.round(b.width * (0.2 + 0.6 * rnd()));
      const y = Math.round(b.height * (0.2 + 0.6 * rnd()));
      if (rnd() < 0.1) shift = !shift;
      const at = { clientX: b.left + x, clientY: b.top + y, pointerId: 1, button: 0, shiftKey: shift, bubbles: true, pointerType: 'mouse' };
      canvas.dispatchEvent(new PointerEvent('pointerdown', at));
      canvas.dispatchEvent(new PointerEvent('pointerup', at));
      if (i % 300 === 299) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }, n);
  await page.waitForFunction((want) => document.querySelector('.edit-summary')?.textContent.startsWith(`${want} added`), total,
    { timeout: 120_000, polling: 200 });
}

/** The page's address once it has caught up with the edits: its points plus what it says it left out make n. */
async function settledAddress(page, n) {
  for (;;) {
    const url = page.url();
    const { config, left } = decode(new URL(url).search);
    if (config.data.edits.added.length + (left?.added ?? 0) === n) return { url, config, left };
    await page.waitForFunction((before) => window.location.href !== before, url, { polling: 50 });
  }
}

test(`${N} randomly clicked points: the address and the shared link stay under 8 KB, the page says what they leave out, a reload keeps all`, async () => {
  const p = await openPage(env);
  try {
    const { page } = p;
    await page.goto(`${page.url().split('?')[0]}?pa=${randomPoints(N - CLICKS)}`);
    await waitReady(page);
    await clickPoints(page, CLICKS, N);
    await page.waitForFunction((want) => /(\d+) training/.exec(document.querySelector('.boundary-canvas').getAttribute('aria-label'))?.[1] === String(want),
      TRAIN + N, { timeout: 60_000 });

    const { url, config, left } = await settledAddress(page, N);
    const carried = config.data.edits.added.length;
    assert.ok(url.length < LIMIT && url.length <= MAX_LINK_LENGTH, `the address is ${url.length} characters`);
    assert.ok(left && left.added === N - carried, `the address says what it left out: ${JSON.stringify(left)}`);
    assert.ok(carried > 1500, `the address carries only ${carried} points`);

    // The note says it in words, with the figures.
    const note = page.locator('.output-panel .link-note');
    await note.waitFor();
    const text = await note.textContent();
    assert.match(text, new RegExp(`${carried.toLocaleString('en-US')} of the 6,000 added points`));
    assert.match(text, /under 8,000 characters/);
    assert.match(text, /kept in this tab/);
    await note.scrollIntoViewIfNeeded();
    await screenshot(page, 'long-link-note', { fullPage: false });

    // Copy link: the share dialog says the same and offers the link that fits and the data.
    await page.locator('.header-actions > button', { hasText: 'Copy link' }).click();
    const dialog = page.locator('dialog.link-dialog[open]');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /6,000 added points/);
    const shared = await dialog.locator('textarea').inputValue();
    assert.ok(shared.length < LIMIT, `the shared link is ${shared.length} characters`);
    assert.equal(decode(new URL(shared).search).config.data.edits.added.length, carried);
    const [file] = await Promise.all([page.waitForEvent('download'), dialog.locator('[data-action="download-data"]').click()]);
    const csv = fs.readFileSync(await file.path(), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'x,y,class');
    assert.equal(csv.length - 1, 300 + N, 'the CSV holds every training and test row');
    await screenshot(page, 'long-link-dialog', { fullPage: false });
    await dialog.locator('.dialog-close').click();

    // A reload of the address finds all 6,000 points (kept in the tab).
    await page.reload();
    await waitReady(page);
    await page.waitForFunction((want) => /(\d+) training/.exec(document.querySelector('.boundary-canvas').getAttribute('aria-label'))?.[1] === String(want),
      TRAIN + N, { timeout: 60_000 });
    assert.deepEqual(await pointCounts(page), { train: TRAIN + N, test: 75 });
    assert.ok(page.url().length < LIMIT);
    await note.waitFor();

    // The shared link opened elsewhere (no tab memory): the points it carries, and words for the rest.
    const other = await openPage(env, new URL(shared).search);
    try {
      await waitReady(other.page);
      assert.deepEqual(await pointCounts(other.page), { train: TRAIN + carried, test: 75 });
      const banner = other.page.locator('[data-banner="link-left"]');
      await banner.waitFor();
      assert.match(await banner.textContent(), new RegExp(`${(N - carried).toLocaleString('en-US')} added points`));
      assertClean(other, 'the shared link');
    } finally {
      await other.context.close();
    }
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

/** n points drawn in strokes of 200 (about 2 pixels apart on a 540-pixel plot of moons), as the page rounds them. */
function drawing(n) {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const at = (px) => Number((-1.75 + (4.5 * px) / 540).toFixed(3)) + 0;
  const added = [];
  let x = 0;
  let y = 0;
  let angle = 0;
  let cls = 1;
  for (let i = 0; i < n; i += 1) {
    if (i % 200 === 0) {
      [x, y, angle, cls] = [100 + 340 * rnd(), 100 + 340 * rnd(), rnd() * 2 * Math.PI, 1 - cls];
    }
    angle += (rnd() - 0.5) * 0.3;
    x = Math.min(530, Math.max(10, x + 2 * Math.cos(angle)));
    y = Math.min(530, Math.max(10, y + 2 * Math.sin(angle)));
    added.push([at(Math.round(x)), at(Math.round(y)), cls]);
  }
  return added;
}

test(`${N} points drawn in strokes travel whole in a link under 8 KB, and the page keeps its address under 8 KB too`, async () => {
  const config = defaultConfig();
  config.data.edits = { added: drawing(N), removed: [3, 4, 5, 17] };
  const query = `?${encode(config)}`;
  assert.ok(query.length < 6000, `the query is ${query.length} characters`);
  const p = await openPage(env, query);
  try {
    const { page } = p;
    await waitReady(page);
    assert.deepEqual(await pointCounts(page), { train: TRAIN - 4 + N, test: 75 });
    const { url, config: back, left } = await settledAddress(page, N);
    assert.equal(left, null, 'nothing is left out');
    assert.deepEqual(back.data.edits, config.data.edits);
    assert.ok(url.length < LIMIT, `the address is ${url.length} characters`);
    assert.ok(await page.locator('.output-panel .link-note').isHidden());
    await screenshot(page, 'long-link-drawing', { fullPage: false });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
