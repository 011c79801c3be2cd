// The pictures of 28 x 28 image data (as for Fashion-MNIST), on a small CSV file of 784 pixel
// columns and a class label written here: the course's picture of coefs_[0] (units 1-16 on a
// 4 x 4 grid, matplotlib's gray map from vmin = 0.5 min to vmax = 0.5 max), pixel for pixel
// from the weights the engine sent; the gallery of test images, the misclassified ones first,
// with class names; the confusion matrix headed by the class names. The engine's replies are
// read as they arrive (a Worker wrapper installed before the page's scripts). Screenshots:
// test-results/screenshots/image-views-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { colormapIndex, courseGridLayout, courseRange, fitImage, grayOfIndex, matshowNormalizer } from '../../web/src/views/weights.js';
import { assertClean, stepTo, waitBar, waitReady } from './helpers.js';
import { SCREENSHOTS, openPage, screenshot, startBrowser } from './support.js';

let env;
before(async () => {
  env = await startBrowser();
});
after(async () => {
  await env?.close();
});

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const ROWS = 240;
const SIDE = 28;

/**
 * ROWS images of 28 x 28 pixels in [0, 1] (bytes / 255, as Fashion-MNIST's): class k is a bright
 * band of rows (a tenth of the image, at a place of its own) under heavy noise, so that a small
 * net learns many of them and gets others wrong.
 */
function imageCsv() {
  let seed = 7;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const header = [...Array.from({ length: SIDE * SIDE }, (_, p) => `px${p}`), 'label'].join(',');
  const lines = [header];
  for (let r = 0; r < ROWS; r += 1) {
    const k = r % CLASSES.length;
    const cells = new Array(SIDE * SIDE);
    for (let p = 0; p < SIDE * SIDE; p += 1) {
      const band = Math.floor((Math.floor(p / SIDE) * 10) / SIDE) === k;
      cells[p] = (Math.round(band ? 140 + rand() * 115 : rand() * 140) / 255).toFixed(3);
    }
    lines.push(`${cells.join(',')},${CLASSES[k]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Keeps the engine's latest weights (a copy) in window.__weights. */
function captureWeights() {
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const m = e.data;
        if (m?.type === 'update' && m.weights) window.__weights = { epoch: m.epoch, layerUnits: Array.from(m.layerUnits), weights: Array.from(m.weights) };
      });
    }
  };
}

/** Scrolls the element's top to just below the sticky training bar (for a screenshot). */
const scrollBelowBar = (page, selector) =>
  page.evaluate((sel) => {
    const bar = document.querySelector('.training-bar').getBoundingClientRect();
    window.scrollBy(0, document.querySelector(sel).getBoundingClientRect().top - bar.bottom - 8);
  }, selector);

test('28 x 28 images: the course\'s 4 x 4 picture of coefs_[0] pixel for pixel, the gallery misclassified first, class names', async () => {
  // The course's solver and learning rate, 20 hidden units (16 of them in the course's picture).
  const p = await openPage(env, '?v=1&g=csv&h=20&sol=sgd&lri=0.1', { init: captureWeights });
  try {
    const { page } = p;
    await waitBar(page, "s.state !== 'loading'");
    await page.locator('.csv-import input[type="file"]').setInputFiles({ name: 'images.csv', mimeType: 'text/csv', buffer: Buffer.from(imageCsv()) });
    await page.locator('.csv-status', { hasText: 'images.csv: 240 rows, 784 features; 10 classes' }).waitFor();
    await waitBar(page, 's.scoredEpoch === 0');
    await stepTo(page, 3);

    // A CSV file's weights show all units on the symmetric scale; the course's picture is one click away.
    const canvas = page.locator('.weights-canvas');
    await page.waitForFunction(() => document.querySelector('.weights-canvas')?.dataset.tiles === '20');
    assert.equal(await canvas.getAttribute('data-mode'), 'all');
    const course = page.locator('.weight-modes button[data-mode="course"]');
    assert.equal(await course.getAttribute('aria-pressed'), 'false');
    await course.click();
    assert.equal(await course.getAttribute('aria-pressed'), 'true');
    // The pick is a setting of the page: the address carries it (a CSV file's own picture is every unit).
    await page.waitForFunction(() => /[?&]wm=course(&|$)/.test(location.search));
    await page.waitForFunction(() => {
      const c = document.querySelector('.weights-canvas');
      return c?.dataset.mode === 'course' && c.dataset.tiles === '16';
    });
    const { weights, layerUnits, epoch } = await page.evaluate(() => window.__weights);
    assert.equal(epoch, 3);
    assert.deepEqual(layerUnits.slice(0, 2), [784, 20]);
    const nUnits = layerUnits[1];
    const range = courseRange(weights, 784 * nUnits);
    assert.equal(Number(await canvas.getAttribute('data-vmin')), range.vmin, 'half the smallest weight of coefs_[0]');
    assert.equal(Number(await canvas.getAttribute('data-vmax')), range.vmax);
    // Every pixel of the 16 tiles, read at the centre of its block of screen pixels (in the page:
    // only those 16 x 784 RGB triples cross over).
    const cssWidth = await canvas.evaluate((c) => c.clientWidth);
    const layout = courseGridLayout(16, cssWidth, SIDE);
    const fit = fitImage(layout.tile, SIDE, SIDE);
    const scale = fit.w / SIDE;
    assert.ok(Number.isInteger(scale) && scale >= 2, `whole screen pixels per weight: ${scale}`);
    const centres = [];
    for (let u = 0; u < 16; u += 1) {
      const x0 = layout.left + (u % 4) * (layout.tile + layout.gap) + fit.dx;
      const y0 = layout.top + Math.floor(u / 4) * (layout.tile + layout.gap) + fit.dy;
      for (let i = 0; i < 784; i += 1) {
        centres.push(x0 + (i % SIDE) * scale + Math.floor(scale / 2), y0 + Math.floor(i / SIDE) * scale + Math.floor(scale / 2));
      }
    }
    const drawn = await canvas.evaluate((c, xy) => {
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const rgb = [];
      for (let k = 0; k < xy.length; k += 2) {
        const at = (xy[k + 1] * c.width + xy[k]) * 4;
        rgb.push(data[at], data[at + 1], data[at + 2]);
      }
      return { width: c.width, cssWidth: c.clientWidth, rgb };
    }, centres);
    assert.equal(drawn.width, drawn.cssWidth, 'one canvas pixel per CSS pixel (deviceScaleFactor 1)');
    let mismatches = 0;
    for (let u = 0; u < 16; u += 1) {
      const column = Array.from({ length: 784 }, (_, i) => weights[i * nUnits + u]);
      const normalize = matshowNormalizer(Math.min(...column), Math.max(...column), range.vmin, range.vmax);
      for (let i = 0; i < 784; i += 1) {
        const expected = grayOfIndex(colormapIndex(normalize(column[i])));
        const at = (u * 784 + i) * 3;
        if (drawn.rgb[at] !== expected || drawn.rgb[at + 1] !== expected || drawn.rgb[at + 2] !== expected) mismatches += 1;
      }
    }
    assert.equal(mismatches, 0, `${mismatches} of ${16 * 784} pixels differ from the course's mapping`);
    await scrollBelowBar(page, '.weights-card');
    await screenshot(page, 'image-views-course', { fullPage: false });

    // The confusion matrix: headed by the class names, rows and columns alike; ten long names
    // stand upright, so that the columns are as narrow as their counts.
    const columns = await page.locator('[data-testid="confusion"] thead th').allTextContents();
    const rowNames = await page.locator('[data-testid="confusion"] tbody th').allTextContents();
    assert.deepEqual(new Set(columns.slice(1)), new Set(CLASSES));
    assert.deepEqual(rowNames, columns.slice(1));
    assert.equal(await page.locator('[data-testid="confusion"] thead th.upright').count(), 10);
    const widest = await page.locator('[data-testid="confusion"] thead th.upright').evaluateAll((els) => Math.max(...els.map((e) => e.offsetWidth)));
    assert.ok(widest < 50, `upright headers ${widest} px wide`);
    await scrollBelowBar(page, '[data-testid="confusion"]');
    await screenshot(page, 'image-views-confusion', { fullPage: false });
    const total = Number(await page.locator('[data-testid="confusion"]').getAttribute('data-total'));
    assert.equal(total, 60);
    const hits = await page.locator('[data-testid="confusion"] td.hit').allTextContents();
    const wrong = total - hits.reduce((s, t) => s + Number(t), 0);

    // The gallery: the misclassified test images first (in row order), each named; then the rest.
    const card = page.locator('.gallery-card');
    await card.locator('summary').click();
    await page.waitForFunction((n) => document.querySelector('.gallery-card')?.dataset.wrong === String(n), wrong);
    assert.ok(wrong > 0 && wrong < 60, `${wrong} misclassified`);
    const tiles = await page.locator('.gallery-tile').evaluateAll((els) => els.map((b) => ({
      row: Number(b.dataset.row), wrong: b.classList.contains('wrong'), text: b.textContent, label: b.getAttribute('aria-label'),
    })));
    assert.equal(tiles.length, 48, 'a page of 48');
    const shownWrong = Math.min(wrong, 48);
    tiles.forEach((t, k) => {
      assert.equal(t.wrong, k < shownWrong, `tile ${k + 1}`);
      if (t.wrong) {
        const m = /^(.+) \(true: (.+)\)$/.exec(t.text);
        assert.ok(m && CLASSES.includes(m[1]) && CLASSES.includes(m[2]) && m[1] !== m[2], t.text);
        assert.equal(t.label, `Test image ${t.row + 1}: predicted ${m[1]}, true class ${m[2]} (misclassified). Follow it through the network`);
      } else {
        assert.ok(CLASSES.includes(t.text.trim()), t.text);
      }
      if (k > 0 && tiles[k - 1].wrong === t.wrong) assert.ok(t.row > tiles[k - 1].row, 'row order within each part');
    });
    assert.match(await page.locator('.gallery-info').textContent(), new RegExp(`^Images 1\u201348 of 60; ${wrong} misclassified \\(shown first\\)$`));
    await scrollBelowBar(page, '.gallery-card');
    await screenshot(page, 'image-views-gallery', { fullPage: false });
    // Page Down turns the page (a tile has the focus): the last page holds images 49-60.
    await page.locator('.gallery-tile').first().focus();
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('.gallery-card')?.dataset.page === '1');
    assert.equal(await page.locator('.gallery-tile').count(), 12);
    assert.equal(await page.locator('[data-action="gallery-next"]').isDisabled(), true);
    await page.keyboard.press('PageUp');
    await page.waitForFunction(() => document.querySelector('.gallery-card')?.dataset.page === '0');
    // A tile follows its test row through the network.
    await page.locator('.gallery-tile').first().click();
    await page.locator('.samples-table tr.followed').waitFor();
    // The tile followed is framed (and only it), as its row of the Samples table is.
    await page.locator('.gallery-tile.followed[aria-current="true"]').waitFor();
    assert.equal(await page.locator('.gallery-tile.followed').count(), 1);
    assert.equal(await page.locator('.gallery-tile.followed').getAttribute('data-row'),
      await page.locator('.gallery-tile').first().getAttribute('data-row'));

    // The inputs that most activate each unit: 28 x 28 images, one row per unit.
    await page.locator('.activating-card summary').click();
    await page.waitForFunction(() => document.querySelector('.activating-canvas')?.dataset.rows === '20');
    await scrollBelowBar(page, '.activating-card');
    await screenshot(page, 'image-views-activating', { fullPage: false });

    // On a phone: the page does not scroll sideways (the confusion matrix scrolls in its box).
    await page.setViewportSize({ width: 390, height: 800 });
    await page.waitForFunction(() => document.querySelector('.weights-canvas')?.clientWidth < 390);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
    await page.locator('.weights-card').screenshot({ path: path.join(SCREENSHOTS, 'image-views-phone.png') });
    assertClean(p);
  } finally {
    await p.context.close();
  }
});

test('a link\'s weight picture: ?g=digits&wm=course opens on the course\'s picture; All units takes wm= out of the address', async () => {
  const p = await openPage(env, '?v=2&g=digits&wm=course');
  try {
    const { page } = p;
    await waitReady(page);
    const course = page.locator('.weight-modes button[data-mode="course"]');
    const all = page.locator('.weight-modes button[data-mode="all"]');
    assert.deepEqual([await course.getAttribute('aria-pressed'), await all.getAttribute('aria-pressed')], ['true', 'false']);
    await page.waitForFunction(() => document.querySelector('.weights-canvas')?.dataset.mode === 'course');
    await all.click();
    await page.waitForFunction(() => !/[?&]wm=/.test(location.search) && document.querySelector('.weights-canvas')?.dataset.mode === 'all');
    assert.deepEqual([await course.getAttribute('aria-pressed'), await all.getAttribute('aria-pressed')], ['false', 'true']);
    assertClean(p);
  } finally {
    await p.context.close();
  }
});
