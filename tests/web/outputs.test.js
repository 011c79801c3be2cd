// Outputs that explain themselves: each output unit's tile in the network diagram is its own
// map over the plane (P(class k) in class k's colour, P(class 1) for a binary classifier),
// the same values the engine sends in its grid reply; a link shows its weight and the units
// it joins; the page says what the colours mean. The engine's replies are read as they
// arrive (a Worker wrapper installed before the page's scripts), not through the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { weightOffsets } from '../../web/src/views/network.js';
import { OUTPUT_RES, sampleIndex } from '../../web/src/views/output-tiles.js';
import { classRgb } from '../../web/src/views/palette.js';
import { formatValue } from '../../web/src/views/canvas-util.js';
import { assertClean, waitBar, waitReady } from './helpers.js';
import { openPage, screenshot, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

/** Keeps the engine's latest updates' grids and weights (copies) in window.__engine. */
function captureReplies() {
  const Native = window.Worker;
  const kept = { grids: [], weights: [] };
  window.__engine = kept;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const m = e.data;
        if (m?.type !== 'update') return;
        if (m.grid) kept.grids = [...kept.grids.slice(-9), { ...m.grid, epoch: m.epoch, values: m.grid.values.slice() }];
        kept.weights = [...kept.weights.slice(-9), { epoch: m.epoch, layerUnits: Array.from(m.layerUnits), weights: Array.from(m.weights) }];
      });
    }
  };
}

const BOX = '.network-box';
const POPUP = '.network-box .network-popup';

/** Trains to `epoch` (the link's ep=) and waits until the diagram's output tiles show it. */
async function trainedTo(page, epoch) {
  await waitBar(page, `s.state === "paused" && s.epoch === ${epoch} && s.scoredEpoch === ${epoch}`, { timeout: 60_000 });
  await page.waitForFunction((e) => document.querySelector('.network-box')?.dataset.outputsEpoch === String(e), epoch, { timeout: 30_000 });
}

/** Walks the keyboard to output unit u (the last column) and waits for its popup. */
async function focusOutput(page, u) {
  await page.locator(BOX).focus();
  for (let k = 0; k < 4; k += 1) await page.keyboard.press('ArrowRight');
  for (let k = 0; k < 12; k += 1) await page.keyboard.press('ArrowUp');
  for (let k = 0; k < u; k += 1) await page.keyboard.press('ArrowDown');
  await popupShows(page, 'output', `:${u}$`);
}

/** Waits until the popup shows a `kind` ('unit', 'output', 'link') whose data-id matches `pattern`; returns the id. */
async function popupShows(page, kind, pattern = '') {
  await page.waitForFunction(
    ({ sel, k, re }) => {
      const el = document.querySelector(sel);
      return el?.style.display === 'block' && el.dataset.kind === k && new RegExp(re).test(el.dataset.id);
    },
    { sel: POPUP, k: kind, re: pattern },
    { timeout: 10_000, polling: 'raf' },
  );
  return page.locator(POPUP).getAttribute('data-id');
}

/**
 * The popup's enlarged tile against the grid reply of `epoch`: for every 3rd tile point (i, j),
 * the pixel at its centre and the engine's channel `channel` at the grid point the tile shows there.
 */
async function tileAgainstGrid(page, epoch, channel) {
  const meta = await page.evaluate((e) => {
    const g = window.__engine.grids.filter((r) => r.epoch === e).at(-1);
    return g && { nx: g.nx, ny: g.ny, channels: g.channels };
  }, epoch);
  assert.ok(meta, `the grid reply of epoch ${epoch} was seen`);
  const tx = Math.min(OUTPUT_RES, meta.nx);
  const ty = Math.min(OUTPUT_RES, meta.ny);
  const points = [];
  const gx = (i) => sampleIndex(i, tx, meta.nx);
  const gy = (j) => sampleIndex(j, ty, meta.ny);
  for (let j = 1; j < ty - 1; j += 3) {
    for (let i = 1; i < tx - 1; i += 3) {
      // The grid points of the tile points around (i, j): enlarging the tile smooths across them.
      const around = [];
      for (let b = j - 1; b <= j + 1; b += 1) for (let a = i - 1; a <= i + 1; a += 1) around.push([gx(a), gy(b)]);
      points.push({ i, j, gi: gx(i), gj: gy(j), around });
    }
  }
  return page.evaluate(({ e, c, pts, tx, ty }) => {
    const g = window.__engine.grids.filter((r) => r.epoch === e).at(-1);
    const popup = document.querySelector('.network-box .network-popup');
    const [x0, y0, size] = popup.dataset.image.split(',').map(Number);
    const dpr = popup.width / parseFloat(popup.style.width);
    const image = popup.getContext('2d').getImageData(0, 0, popup.width, popup.height);
    const at = (a, b) => g.values[(b * g.nx + a) * g.channels + c];
    return pts.map(({ i, j, gi, gj, around }) => {
      const px = Math.floor((x0 + ((i + 0.5) * size) / tx) * dpr);
      const py = Math.floor((y0 + ((j + 0.5) * size) / ty) * dpr);
      const k = (py * image.width + px) * 4;
      const near = around.map(([a, b]) => at(a, b));
      return { i, j, p: at(gi, gj), spread: Math.max(...near) - Math.min(...near), rgb: [image.data[k], image.data[k + 1], image.data[k + 2]] };
    });
  }, { e: epoch, c: channel, pts: points, tx, ty });
}

/** P read back from a pixel of the ramp white -> colour, and how far the pixel is off that line. */
function readRamp(rgb, color) {
  const d = color.map((v) => 255 - v);
  const seen = rgb.map((v) => 255 - v);
  const p = (seen[0] * d[0] + seen[1] * d[1] + seen[2] * d[2]) / (d[0] ** 2 + d[1] ** 2 + d[2] ** 2);
  const off = Math.hypot(...seen.map((v, c) => v - p * d[c]));
  return { p, off };
}

function checkTile(samples, k, what) {
  const color = classRgb(k);
  let worst = 0;
  const ps = [];
  for (const s of samples) {
    const { p, off } = readRamp(s.rgb, color);
    ps.push(p);
    assert.ok(off < 8, `${what}: pixel ${s.rgb} at (${s.i}, ${s.j}) is not on the white-to-class-${k} ramp (off by ${off.toFixed(1)})`);
    worst = Math.max(worst, Math.abs(p - s.p));
    // The enlarged tile is smoothed: at a tile point's centre it may move a fifth of the way
    // towards its neighbours' values; beyond that, and 1/100 for the colour steps, it is wrong.
    const tolerance = 0.01 + 0.2 * s.spread;
    assert.ok(Math.abs(p - s.p) <= tolerance,
      `${what}: at (${s.i}, ${s.j}) the tile reads P = ${p.toFixed(3)}, the engine says ${s.p.toFixed(3)} (neighbours within ${s.spread.toFixed(3)})`);
  }
  // A map, not the flat bias colour the tiles used to show.
  const spread = Math.max(...ps) - Math.min(...ps);
  assert.ok(spread > 0.3, `${what}: P spans only ${spread.toFixed(2)} over the tile`);
  console.log(`# ${what}: ${samples.length} points, worst |P tile - P engine| = ${worst.toFixed(4)}, P from ${Math.min(...ps).toFixed(2)} to ${Math.max(...ps).toFixed(2)}`);
}

test('each output tile of a 3-class classifier is P(class k) over the plane in class k\'s colour, as the engine computes it', async () => {
  const p = await openPage(env, '?v=2&g=blobs&c=3&sp=max&ep=150', { init: captureReplies });
  try {
    const { page } = p;
    await waitReady(page);
    await trainedTo(page, 150);
    for (let k = 0; k < 3; k += 1) {
      await focusOutput(page, k);
      checkTile(await tileAgainstGrid(page, 150, k), k, `P(class ${k})`);
    }
    // Pointing at a tile enlarges it too.
    const at = (await page.locator(POPUP).getAttribute('data-at')).split(',').map(Number);
    await page.keyboard.press('Escape');
    await page.locator(BOX).blur();
    const box = await page.locator(BOX).boundingBox();
    await page.mouse.move(box.x + at[0], box.y + at[1]);
    await popupShows(page, 'output', ':2$');
    checkTile(await tileAgainstGrid(page, 150, 2), 2, 'P(class 2), by the pointer');
    await page.locator('.network-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'output-tiles', { fullPage: false });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('a binary classifier\'s single output tile is P(class 1) in class 1\'s colour', async () => {
  const p = await openPage(env, '?v=2&sp=max&ep=100', { init: captureReplies });
  try {
    const { page } = p;
    await waitReady(page);
    await trainedTo(page, 100);
    await focusOutput(page, 0);
    const samples = await tileAgainstGrid(page, 100, 0);
    checkTile(samples, 1, 'P(class 1) of moons');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('a link shows its weight and the two units it joins, by keyboard and by pointer', async () => {
  const p = await openPage(env, '?v=2&sp=max&ep=20', { init: captureReplies });
  try {
    const { page } = p;
    await waitReady(page);
    await trainedTo(page, 20);
    const weightOf = (id) =>
      page.evaluate((e) => {
        const m = window.__engine.weights.filter((r) => r.epoch === e).at(-1);
        return { layerUnits: m.layerUnits, weights: m.weights };
      }, 20).then(({ layerUnits, weights }) => {
        const [l, i, j] = id.split(':').map(Number);
        return weights[weightOffsets(layerUnits).W[l] + i * layerUnits[l + 1] + j];
      });
    // Keyboard: the first unit of hidden layer 1, then Enter walks its links (x first).
    await page.locator(BOX).focus();
    await page.keyboard.press('Enter');
    const popup = page.locator(POPUP);
    assert.equal(await popupShows(page, 'link'), '0:0:0');
    let text = await popup.getAttribute('data-text');
    const w = await weightOf('0:0:0');
    assert.ok(text.startsWith(`w = ${formatValue(w, 3)} | from x to h1,1 | coefs_[0][0, 0]`), text);
    const live = await page.locator(`${BOX} [aria-live]`).textContent();
    assert.match(live, /^w = .* from x to h1,1 \(coefs_\[0\]\[0, 0\]\)\. Link 1 of \d+\.$/);
    await page.keyboard.press('ArrowDown');
    await popupShows(page, 'link', '^0:1:0$');
    assert.match(await popup.getAttribute('data-text'), /from y to h1,1/);
    const at = (await popup.getAttribute('data-at')).split(',').map(Number);
    await page.keyboard.press('Escape');
    assert.equal(await popupShows(page, 'unit'), '1:0', 'Escape goes back to the unit');
    await page.locator(BOX).blur();
    // Pointer: over the middle of that link (another may cross there: whichever is shown, its own weight).
    const box = await page.locator(BOX).boundingBox();
    await page.mouse.move(box.x + at[0], box.y + at[1]);
    const id = await popupShows(page, 'link');
    text = await popup.getAttribute('data-text');
    assert.ok(text.startsWith(`w = ${formatValue(await weightOf(id), 3)} | from `), `${id}: ${text}`);
    await page.locator('.network-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'link-hover', { fullPage: false });
    // Off the links: nothing.
    await page.mouse.move(box.x + 3, box.y + box.height - 3);
    await page.waitForFunction(() => document.querySelector('.network-box .network-popup')?.style.display === 'none');
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('the legends say what the colours mean: the classes under the plane, outputs and links under the network', async () => {
  const p = await openPage(env, '?v=2&g=blobs&c=5');
  try {
    const { page } = p;
    await waitReady(page);
    const plane = page.locator('.output-panel [data-legend="plane"]');
    await page.waitForFunction(() => document.querySelector('[data-legend="plane"]')?.dataset.classes === '5');
    assert.ok(await plane.isVisible());
    assert.deepEqual(await plane.locator('.legend-class').allTextContents(), ['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
    const swatches = await plane.locator('.legend-dot').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    assert.deepEqual(swatches, [0, 1, 2, 3, 4].map((k) => `rgb(${classRgb(k).join(', ')})`));
    const network = page.locator('.network-panel [data-legend="network"]');
    assert.ok(await network.isVisible());
    const text = await network.textContent();
    assert.match(text, /P\(class k\)/);
    assert.match(text, /positive weight/);
    assert.match(text, /negative weight/);
    assert.match(text, /\|w\|/);
    assertClean(p);
  } finally {
    await p.context.close();
  }
  // A regressor: the colour scale with its numbers.
  const q = await openPage(env, '?v=2&g=plane');
  try {
    const { page } = q;
    await waitReady(page);
    await page.waitForFunction(() => document.querySelector('[data-legend="plane"]')?.dataset.task === 'regression');
    const ticks = await page.locator('[data-legend="plane"] .legend-tick').allTextContents();
    assert.ok(ticks.length >= 3 && ticks.every((t) => /^[−\d.]+k?$/.test(t)), `ticks: ${ticks}`);
    assert.match(await page.locator('[data-legend="network"]').textContent(), /prediction/);
    await page.locator('.output-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'legend-regression', { fullPage: false });
    assertClean(q);
  } finally {
    await q.context.close();
  }
});
