// The weight-image views: coefs_[0] columns as pictures on one shared gray scale, and each
// first-layer unit's most activating test inputs. Pure parts, then both views on a stub canvas.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  activatingLayout,
  courseGridLayout,
  createActivatingView,
  createWeightImagesView,
  firstLayerWeights,
  imageShapeFor,
  topActivating,
  weightGridLayout,
} from '../../web/src/views/weights.js';
import { fixturePixels, fixtureWeights } from './course-fixture.js';

// A [4, 3, 2] net: W0 is 4 x 3 (row-major), W1 3 x 2, then b0 (3) and b1 (2).
const W0 = [
  [0.1, -0.5, 0.3],
  [0.2, 0.4, -0.1],
  [-0.3, 0.8, 0.0],
  [0.05, -0.2, 0.6],
];
const W1 = [0.9, -0.9, 0.1, 0.2, -0.3, 0.4];
const B = [1.5, -2, 0.25, -7, 3]; // larger than any W0 weight: not part of the scale
const VALUES = Float64Array.from([...W0.flat(), ...W1, ...B]);

test('firstLayerWeights reads the columns of coefs_[0] and their shared scale', () => {
  const w = firstLayerWeights(VALUES, [4, 3, 2]);
  assert.equal(w.nInputs, 4);
  assert.equal(w.nUnits, 3);
  assert.deepEqual(Array.from(w.column(1)), [-0.5, 0.4, 0.8, -0.2]);
  assert.deepEqual(Array.from(w.column(0)), [0.1, 0.2, -0.3, 0.05]);
  assert.ok(w.column(2) instanceof Float64Array);
  assert.equal(w.scale, 0.8, 'max |w| over W0 only, not W1 (0.9) or the biases');
  assert.equal(firstLayerWeights(new Float64Array(20), [4, 3, 2]).scale, 0);
  assert.equal(firstLayerWeights(Float64Array.from([-2, 1]), [2, 1]).scale, 2, 'a negative weight sets the scale too');
  assert.throws(() => w.column(3), RangeError);
  assert.throws(() => firstLayerWeights(new Float64Array(5), [4, 3, 2]), RangeError);
});

test('imageShapeFor: a declared shape wins, else perfect squares from 4 up', () => {
  assert.deepEqual(imageShapeFor(64), [8, 8]);
  assert.deepEqual(imageShapeFor(4), [2, 2]);
  assert.deepEqual(imageShapeFor(784), [28, 28]);
  assert.equal(imageShapeFor(5), null);
  assert.equal(imageShapeFor(1), null);
  assert.equal(imageShapeFor(2), null);
  assert.deepEqual(imageShapeFor(64, [4, 16]), [4, 16]);
  assert.deepEqual(imageShapeFor(6, [2, 3]), [2, 3], 'declared shapes need not be square');
  assert.deepEqual(imageShapeFor(64, [5, 5]), [8, 8], 'a declared shape of the wrong size is ignored');
  assert.equal(imageShapeFor(10, null), null);
});

test('topActivating: rows by activation, highest first; ties keep the lower row first; k is capped at nRows', () => {
  const nRows = 5;
  // unit 0: distinct values; unit 1: ties; unit 2 (not asked for below): anything.
  const units = Float32Array.from([
    0.1, 0.9, 0.5, -1, 0.7,
    2, 3, 3, 2, 3,
    9, 9, 9, 9, 9,
  ]);
  const top = topActivating(units, nRows, 2, 3);
  assert.equal(top.length, 2, 'only the first nUnits units');
  assert.ok(top[0] instanceof Int32Array);
  assert.deepEqual(Array.from(top[0]), [1, 4, 2]);
  assert.deepEqual(Array.from(top[1]), [1, 2, 4]);
  const all = topActivating(units, nRows, 3, 10);
  assert.deepEqual(Array.from(all[0]), [1, 4, 2, 0, 3], 'k > nRows: every row, sorted');
  assert.deepEqual(Array.from(all[1]), [1, 2, 4, 0, 3]);
  assert.deepEqual(Array.from(all[2]), [0, 1, 2, 3, 4]);
  assert.deepEqual(Array.from(topActivating(units, nRows, 1, 0)[0]), []);
  const withNaN = topActivating(Float32Array.from([NaN, -5, 1]), 3, 1, 3);
  assert.deepEqual(Array.from(withNaN[0]), [2, 1, 0], 'NaN ranks last');
  assert.throws(() => topActivating(new Float32Array(4), 5, 1, 2), RangeError);
});

test('weightGridLayout: 40-56 px tiles that all fit, taller with more tiles', () => {
  for (const [n, width] of [[50, 600], [1, 600], [10, 300], [100, 900], [64, 200], [500, 1200]]) {
    const g = weightGridLayout(n, width);
    assert.ok(g.tile >= 40 && g.tile <= 56, `tile ${g.tile}`);
    assert.ok(g.columns * g.rows >= n, `${n} tiles in ${g.columns} x ${g.rows}`);
    assert.ok(g.columns === 1 || g.left + g.columns * (g.tile + g.gap) - g.gap <= width, 'the grid fits the width');
    assert.ok(g.height >= g.top + g.rows * g.tile);
  }
  assert.ok(weightGridLayout(100, 600).height > weightGridLayout(10, 600).height);
  assert.ok(weightGridLayout(50, 300).height > weightGridLayout(50, 900).height, 'a narrow canvas needs more rows');
  const few = weightGridLayout(4, 600);
  assert.equal(few.tile, 56, 'few units get the big tiles');
  assert.equal(few.columns, 4);
  assert.equal(few.rows, 1);
  assert.equal(weightGridLayout(0, 600).rows, 0);
});

test('activatingLayout: at most 64 rows, then a note line', () => {
  const a = activatingLayout(50, 6, 600);
  assert.equal(a.shown, 50);
  assert.equal(a.more, 0);
  const b = activatingLayout(100, 6, 600);
  assert.equal(b.shown, 64);
  assert.equal(b.more, 36);
  assert.ok(b.height > a.height);
  assert.ok(activatingLayout(50, 6, 200).tile < a.tile, 'smaller images on a narrow canvas');
});

// ---- the views on a stub canvas ---------------------------------------------------------------

/** A canvas whose 2D context records drawImage and fillText calls; its atlases are kept in made[]. */
function stubCanvas(width, height, made = []) {
  const listeners = {};
  const calls = { drawImage: [], fillText: [], putImageData: [] };
  const ctx = new Proxy(
    {},
    {
      get(target, key) {
        if (key in target) return target[key];
        if (key === 'measureText') return (s) => ({ width: String(s).length * 7 });
        if (key === 'createImageData') return (w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) });
        if (key === 'createLinearGradient') return () => ({ addColorStop() {} });
        if (key in calls) return (...args) => calls[key].push(args);
        return () => {};
      },
      set(target, key, value) {
        target[key] = value;
        return true;
      },
    },
  );
  const canvas = {
    width,
    height,
    clientWidth: width,
    clientHeight: height,
    style: {},
    dataset: {},
    attributes: {},
    calls,
    getContext: () => ctx,
    hasAttribute: (k) => k in canvas.attributes,
    setAttribute: (k, v) => (canvas.attributes[k] = v),
    getBoundingClientRect: () => ({ left: 0, top: 0, width, height }),
    addEventListener: (type, fn) => (listeners[type] = fn),
    removeEventListener: (type) => delete listeners[type],
    ownerDocument: {
      createElement: () => {
        const c = stubCanvas(1, 1);
        made.push(c);
        return c;
      },
    },
    fire: (type, e) => listeners[type]?.(e),
    listening: () => Object.keys(listeners),
  };
  return canvas;
}

/** The gray level of atlas pixel (x, y) from the last putImageData. */
function grayAt(atlas, x, y) {
  const [image] = atlas.calls.putImageData.at(-1);
  const p = (y * image.width + x) * 4;
  const [r, g, b, a] = image.data.slice(p, p + 4);
  assert.ok(r === g && g === b && a === 255, 'gray and opaque');
  return r;
}

test('the weight view paints one gray tile per first-layer unit on one shared scale', () => {
  const made = [];
  const canvas = stubCanvas(600, 300, made);
  const view = createWeightImagesView(canvas);
  view.render();
  assert.equal(canvas.dataset.tiles, '0', 'no weights yet: a note');
  view.update({ layerUnits: [4, 3, 2], weights: VALUES, imageShape: [2, 2] });
  assert.equal(view.prepare(), false, 'everything painted');
  view.render();
  assert.equal(canvas.dataset.tiles, '3');
  assert.equal(canvas.calls.drawImage.length, 3);
  assert.match(canvas.attributes['aria-label'], /3 units, shared scale \u00b10\.8/);
  const texts = canvas.calls.fillText.map(([t]) => t).join('\n');
  assert.match(texts, /: 3 units, shared scale \u00b10\.8/);
  assert.match(texts, /black \u22120\.8 \u00b7 gray 0 \u00b7 white \+0\.8/);
  assert.equal(canvas.style.height, `${weightGridLayout(3, 600).height}px`);
  // Unit 2's column [0.3, -0.1, 0, 0.6] on the scale +-0.8: gray 0 is mid-gray, 0.8 white.
  const atlas = made[0];
  const [source, sx, sy, sw, sh, x, y, w, h] = canvas.calls.drawImage[2];
  assert.equal(source, atlas, 'tiles are copied from the atlas');
  assert.deepEqual([sw, sh], [2, 2], 'one 2 x 2 image per tile');
  const g = weightGridLayout(3, 600);
  assert.equal(w, h);
  assert.equal(w % 2, 0, 'whole screen pixels per image pixel');
  assert.ok(x >= g.left + 2 * (g.tile + g.gap) && x + w <= g.left + 3 * g.tile + 2 * g.gap && y >= g.top);
  assert.equal(grayAt(atlas, sx + 1, sy + 1), Math.round(((0.6 + 0.8) / 1.6) * 255));
  assert.equal(grayAt(atlas, sx, sy + 1), 128, 'a zero weight is mid-gray');
  const [, ux, uy] = canvas.calls.drawImage[1];
  assert.equal(grayAt(atlas, ux, uy + 1), 255, 'the largest weight (0.8, unit 1) is white');
  // Hover over the second tile.
  canvas.fire('mousemove', { clientX: g.left + g.tile + g.gap + 5, clientY: g.top + 5 });
  assert.match(canvas.title, /^unit 2: weights \u22120\.5 to 0\.8$/);
  canvas.fire('mouseleave', {});
  assert.equal(canvas.title, '');
  view.destroy();
  assert.deepEqual(canvas.listening(), []);
});

test('the course mode draws units 1-16 on a 4 x 4 grid, pixel for pixel as matplotlib drew them, scaled over all units', () => {
  const made = [];
  const canvas = stubCanvas(800, 300, made);
  const view = createWeightImagesView(canvas, { mode: 'course' });
  assert.equal(view.mode(), 'course');
  // A [784, 50, 10] net: coefs_[0] is the fixture's formula over 50 units (units 1-16 as drawn by matplotlib).
  const nUnits = 50;
  const weights = Float64Array.from({ length: 784 * nUnits + nUnits * 10 + 60 }, (_, i) => (i < 784 * nUnits ? 0 : 5));
  weights.set(fixtureWeights(nUnits));
  view.update({ layerUnits: [784, nUnits, 10], weights, imageShape: [28, 28] });
  assert.equal(view.prepare(), false);
  view.render();
  assert.equal(canvas.dataset.tiles, '16');
  assert.equal(canvas.dataset.mode, 'course');
  assert.deepEqual([Number(canvas.dataset.vmin), Number(canvas.dataset.vmax)], [-0.05, 0.05], 'half the min and max of coefs_[0], not the biases');
  assert.match(canvas.attributes['aria-label'], /as in the course: units 1\u201316 of 50, vmin = \u00bd min = \u22120\.05, vmax = \u00bd max = 0\.05/);
  assert.equal(canvas.calls.drawImage.length, 16);
  const atlas = made[0];
  const layout = courseGridLayout(16, 800, 28);
  assert.equal(layout.tile, 112);
  canvas.calls.drawImage.forEach(([source, sx, sy, sw, sh, x, y, w, h], u) => {
    assert.equal(source, atlas);
    assert.deepEqual([sw, sh, w, h], [28, 28, 112, 112], 'four screen pixels per weight');
    assert.deepEqual([x, y], [layout.left + (u % 4) * (112 + layout.gap), layout.top + Math.floor(u / 4) * (112 + layout.gap)]);
    const expected = fixturePixels(u);
    for (let p = 0; p < 784; p += 1) {
      const g = grayAt(atlas, sx + (p % 28), sy + Math.floor(p / 28));
      if (g !== expected[p]) assert.fail(`unit ${u + 1}, pixel ${p}: ${g}, matplotlib drew ${expected[p]}`);
    }
  });
  // The limits are over every unit: a larger weight in unit 41 (not drawn) changes them.
  const wider = weights.slice();
  wider[40] = -0.4;
  view.update({ layerUnits: [784, nUnits, 10], weights: wider, imageShape: [28, 28] });
  view.render();
  assert.deepEqual([Number(canvas.dataset.vmin), Number(canvas.dataset.vmax)], [-0.2, 0.05]);
  // The other mode: all 50 units on the symmetric scale; the course's limits are gone.
  view.setMode('all');
  view.render();
  assert.equal(canvas.dataset.tiles, '50');
  assert.equal(canvas.dataset.mode, 'all');
  assert.equal(canvas.dataset.vmin, undefined);
  assert.match(canvas.attributes['aria-label'], /50 units, shared scale \u00b10\.4/);
  const [, , , sw, , , , w] = canvas.calls.drawImage.at(-1);
  assert.deepEqual([sw, w], [28, 56], 'all units: two screen pixels per weight');
  assert.throws(() => view.setMode('matplotlib'), /weight images: mode "matplotlib" is not one of course, all/);
  assert.throws(() => createWeightImagesView(stubCanvas(10, 10), { mode: 'x' }), RangeError);
  view.destroy();
});

test('the weight view shows a note without image data or without a hidden layer', () => {
  const canvas = stubCanvas(400, 200);
  const view = createWeightImagesView(canvas);
  view.update({ layerUnits: [4, 3, 2], weights: VALUES, imageShape: null });
  view.render();
  assert.equal(canvas.dataset.tiles, '0');
  assert.match(canvas.attributes['aria-label'], /image data/);
  view.update({ layerUnits: [4, 2], weights: new Float64Array(10), imageShape: [2, 2] });
  view.render();
  assert.equal(canvas.dataset.tiles, '0');
  assert.match(canvas.attributes['aria-label'], /No hidden layer/);
  view.update({ layerUnits: [4, 3, 2], weights: VALUES, imageShape: [3, 3] });
  view.render();
  assert.equal(canvas.dataset.tiles, '0', 'a shape that does not match the inputs is no shape');
  view.destroy();
});

test('the weight view paints nothing while hidden and spreads big nets over prepare() turns', () => {
  let visible = false;
  const canvas = stubCanvas(800, 300);
  const view = createWeightImagesView(canvas, { isVisible: () => visible });
  const layerUnits = [64, 200, 10];
  const weights = Float64Array.from({ length: 64 * 200 + 200 * 10 + 210 }, (_, i) => Math.sin(i));
  view.update({ layerUnits, weights, imageShape: [8, 8] });
  assert.equal(view.prepare(), false);
  view.render();
  assert.equal(canvas.dataset.tiles, undefined, 'a closed panel costs nothing');
  visible = true;
  assert.equal(view.prepare(performance.now() - 1), true, 'a past deadline leaves work for later');
  let turns = 1;
  while (view.prepare(performance.now() - 1)) turns += 1;
  assert.ok(turns > 1);
  view.render();
  assert.equal(canvas.dataset.tiles, '200');
  view.destroy();
});

test('the activating view draws each unit\u2019s top test inputs, at most 64 rows', () => {
  const made = [];
  const canvas = stubCanvas(600, 300, made);
  const view = createActivatingView(canvas, { k: 3 });
  view.render();
  assert.equal(canvas.dataset.rows, '0', 'no data yet: a note');
  // 4 test rows of 2 x 2 images; 3 first-layer units (+ 2 second-layer units after them).
  const nRows = 4;
  const xTest = Float64Array.from([0, 1, 2, 4, -1, 0, 1, 3, 5, 5, 5, 5, 0, 0, 0, 8]);
  const units = Float32Array.from([
    1, 4, 2, 3,
    0, 0, 1, 0,
    5, 1, 1, 7,
    9, 9, 9, 9,
    9, 9, 9, 9,
  ]);
  view.update({ layerUnits: [4, 3, 2, 2], units, nRows, xTest, nFeatures: 4, imageShape: [2, 2] });
  assert.equal(view.prepare(), false);
  view.render();
  assert.equal(canvas.dataset.rows, '3');
  assert.equal(canvas.calls.drawImage.length, 9, '3 units x 3 inputs');
  const labels = canvas.calls.fillText.map(([t]) => t);
  assert.ok(labels.includes('unit 1') && labels.includes('unit 3'));
  // Unit 1's best input is test row 1 ([-1, 0, 1, 3]: min..max), unit 3's is row 3 ([0, 0, 0, 8]: 0..max).
  const atlas = made[0];
  const [, ax, ay] = canvas.calls.drawImage[0];
  assert.deepEqual([grayAt(atlas, ax, ay), grayAt(atlas, ax + 1, ay + 1)], [0, 255]);
  assert.equal(grayAt(atlas, ax + 1, ay), Math.round((1 / 4) * 255));
  const [, bx, by] = canvas.calls.drawImage[6];
  assert.deepEqual([grayAt(atlas, bx, by), grayAt(atlas, bx + 1, by + 1)], [0, 255]);
  // Hover over unit 3's first image.
  const L = activatingLayout(3, 3, 600);
  canvas.fire('mousemove', { clientX: 6 + L.label + 2, clientY: L.top + 2 * L.rowHeight + 2 });
  assert.equal(canvas.title, 'unit 3, test input 4: activation 7');
  // Many units: 64 rows, then "+N more units".
  const many = 70;
  view.update({
    layerUnits: [4, many, 2],
    units: Float32Array.from({ length: many * nRows }, (_, i) => i % 5),
    nRows,
    xTest,
    nFeatures: 4,
    imageShape: [2, 2],
  });
  view.render();
  assert.equal(canvas.dataset.rows, '64');
  assert.ok(canvas.calls.fillText.some(([t]) => t === '+6 more units'));
  view.update({ layerUnits: [4, 2], units: null, nRows, xTest, nFeatures: 4, imageShape: [2, 2] });
  view.render();
  assert.equal(canvas.dataset.rows, '0');
  view.destroy();
});

test('the activating view says a unit gives every test input the same value (a dead ReLU unit) instead of showing arbitrary inputs', () => {
  const canvas = stubCanvas(600, 300, []);
  const view = createActivatingView(canvas, { k: 3 });
  const nRows = 4;
  const xTest = Float64Array.from([0, 1, 2, 4, -1, 0, 1, 3, 5, 5, 5, 5, 0, 0, 0, 8]);
  // Unit 2 is 0 for every input (never fires); units 1 and 3 rank their inputs.
  const units = Float32Array.from([1, 4, 2, 3, 0, 0, 0, 0, 5, 1, 1, 7]);
  view.update({ layerUnits: [4, 3, 2], units, nRows, xTest, nFeatures: 4, imageShape: [2, 2] });
  view.prepare();
  view.render();
  assert.equal(canvas.dataset.rows, '3');
  assert.equal(canvas.calls.drawImage.length, 6, 'units 1 and 3 only');
  assert.ok(canvas.calls.fillText.some(([t]) => t === '0 for every test input: none stands out'));
  // Its row has no images to hover or follow.
  const L = activatingLayout(3, 3, 600);
  canvas.fire('mousemove', { clientX: 6 + L.label + 2, clientY: L.top + L.rowHeight + 2 });
  assert.equal(canvas.title, 'unit 2');
  canvas.fire('mousemove', { clientX: 6 + L.label + 2, clientY: L.top + 2 * L.rowHeight + 2 });
  assert.equal(canvas.title, 'unit 3, test input 4: activation 7');
  view.destroy();
});
