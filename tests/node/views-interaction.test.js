// The views' drawing and interaction with a stub canvas: the boundary view's bands, clicks and
// grids, the loss series, the network's layout, the gradient chart and the hidden features.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createBoundaryView as createBoundary } from '../../web/src/views/boundary.js';
import { paintUnitPlane } from '../../web/src/views/heatmap.js';
import { featuresLayout } from '../../web/src/views/features.js';
import { createGradientChart, layerColor, layerLabel, splitLayers } from '../../web/src/views/gradchart.js';
import { normalizeSeries, valueAt } from '../../web/src/views/losschart.js';
import { collapsedUnits, featureOf, weightOffsets } from '../../web/src/views/network.js';
import * as palette from '../../web/src/views/palette.js';

test('the boundary view paints a new grid a band of rows per prepare() call when the deadline has passed', () => {
  const canvas = stubCanvas(300, 300);
  const view = createBoundary(canvas, {});
  const nx = 50;
  const ny = 40;
  const values = Float32Array.from({ length: nx * ny }, (_, k) => (k % nx) / nx);
  view.setData({ nFeatures: 2, nTargets: 1, xTrain: new Float64Array([0, 0]), yTrain: new Float64Array([1]) }, { task: 'classification', nClasses: 2 });
  const grid = { xMin: -1, xMax: 1, yMin: -1, yMax: 1, nx, ny, channels: 1, values };
  view.setGrid(grid);
  let calls = 0;
  while (view.prepare(0)) calls += 1;
  // The picture's layout (its tick labels measured), its frame and its points, a call each
  // (the first picture is drawn from scratch); then 40 rows of heat and 39 rows of contour
  // cells, 8 rows a call, then the picture is put together (putImageData, the contour's
  // polylines) in a call of its own.
  assert.equal(calls, 3 + 5 + 5 + 1);
  view.render();
  assert.equal(view.busy, false);
  // The next grid: without a deadline, all at once.
  view.setGrid({ ...grid, values: values.map((v) => 1 - v) });
  assert.equal(view.busy, true);
  calls = 0;
  while (view.prepare(Infinity)) calls += 1;
  assert.equal(calls, 1);
  view.render();
  // A grid that comes while another is half painted waits for it: the first one is finished
  // and shown, then the second is painted (not restarted on every grid, which would starve).
  view.setGrid({ ...grid, values: values.map((v) => v * 0.5) });
  assert.equal(view.prepare(0), true);
  view.setGrid({ ...grid, values: values.map((v) => v * 0.25) });
  view.render(); // shows the last complete picture; paints nothing
  calls = 1;
  while (view.prepare(0)) calls += 1;
  assert.equal(calls, 11, 'the first grid finished');
  assert.equal(view.busy, true, 'the second grid still to paint');
  view.render();
  calls = 0;
  while (view.prepare(0)) calls += 1;
  assert.equal(calls, 11, 'then the second');
  view.render();
  assert.equal(view.busy, false);
  view.destroy();
});

test('loss series: dense arrays with holes and sampled { epochs, values } both read', () => {
  const dense = normalizeSeries([0.9, undefined, 0.5, NaN, 0.2]);
  assert.equal(dense.count, 3);
  assert.equal(dense.lastEpoch, 5);
  assert.equal(dense.min, 0.2);
  assert.deepEqual(valueAt(dense, 2), { epoch: 1, value: 0.9 }, 'a hole reads its nearest neighbour');
  assert.deepEqual(valueAt(dense, 100), { epoch: 5, value: 0.2 });
  const sparse = normalizeSeries({ epochs: [1, 10, 20], values: [0.5, 0.8, 0.9] });
  assert.equal(sparse.lastEpoch, 20);
  assert.deepEqual(valueAt(sparse, 12), { epoch: 10, value: 0.8 });
  assert.deepEqual(valueAt(sparse, 17), { epoch: 20, value: 0.9 });
  // A hover reads the epoch under the pointer, or the nearest measurement within reach: never
  // a value from elsewhere on the curve.
  assert.equal(valueAt(dense, 2, 0), null);
  assert.deepEqual(valueAt(dense, 3, 0), { epoch: 3, value: 0.5 });
  assert.deepEqual(valueAt(dense, 4, 1), { epoch: 3, value: 0.5 });
  assert.equal(valueAt(dense, 100, 0), null, 'beyond the curve: nothing');
  assert.equal(valueAt(sparse, 15, 4), null);
  assert.equal(sparse.gap, 10);
  assert.equal(normalizeSeries([]), null);
  assert.equal(normalizeSeries([NaN, null]), null);
  assert.equal(normalizeSeries(new Float64Array([1e-3, 2])).minPositive, 1e-3);
});

test('wide layers collapse to their first and last five units', () => {
  assert.deepEqual(collapsedUnits(12).shown, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const wide = collapsedUnits(256);
  assert.deepEqual(wide.shown, [0, 1, 2, 3, 4, 251, 252, 253, 254, 255]);
  assert.equal(wide.hidden, 246);
  assert.equal(wide.markerAfter, 4);
});

test('parameter offsets follow the packed layout: every W_l row-major, then every b_l', () => {
  const o = weightOffsets([2, 3, 1]);
  assert.deepEqual(o, { W: [0, 6], b: [9, 12], total: 13 });
});

test('input labels name the derived features the diagram can picture', () => {
  assert.equal(featureOf('x'), 'x');
  assert.equal(featureOf('X₂'), 'y');
  assert.equal(featureOf('x²'), 'x²');
  assert.equal(featureOf('sin(y)'), 'sin y');
  assert.equal(featureOf('petal width'), null);
});

// ---- the boundary view on a stub canvas ----------------------------------------------------

function stubCanvas(width, height) {
  const listeners = {};
  const ctx = new Proxy(
    {},
    {
      get(target, key) {
        if (key in target) return target[key];
        if (key === 'measureText') return (s) => ({ width: String(s).length * 7 });
        if (key === 'createImageData') return (w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) });
        if (key === 'createLinearGradient') return () => ({ addColorStop() {} });
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
    attributes: {},
    getContext: () => ctx,
    hasAttribute: (k) => k in canvas.attributes,
    setAttribute: (k, v) => (canvas.attributes[k] = v),
    getBoundingClientRect: () => ({ left: 0, top: 0, width, height }),
    addEventListener: (type, fn) => (listeners[type] = fn),
    removeEventListener: (type) => delete listeners[type],
    ownerDocument: { createElement: () => stubCanvas(width, height) },
    fire: (type, e) => listeners[type]?.({ button: 0, pointerId: 1, timeStamp: 0, preventDefault() {}, ...e }),
  };
  return canvas;
}

test('the boundary view turns clicks into data coordinates and right-clicks into the nearest point', () => {
  const added = [];
  const removed = [];
  const canvas = stubCanvas(400, 400);
  const view = createBoundary(canvas, {
    onAddPoint: (x, y, button) => added.push([x, y, button]),
    onRemovePoint: (index, part) => removed.push([index, part]),
  });
  view.setRect({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
  const data = {
    nFeatures: 2,
    nTargets: 1,
    xTrain: new Float64Array([0, 0, 0.5, 0.5]),
    yTrain: new Float64Array([0, 1]),
    xTest: new Float64Array([-0.5, -0.5]),
    yTest: new Float64Array([1]),
  };
  view.setData(data, { task: 'classification', nClasses: 2 });
  view.render();
  // Find where (0.5, 0.5) and (-0.5, -0.5) are on screen: the plot's corners map to the rect.
  // Probe: a click at a pixel returns the data point under it; invert with two clicks.
  canvas.fire('pointerdown', { clientX: 100, clientY: 100 });
  canvas.fire('pointerup', { clientX: 100, clientY: 100 });
  canvas.fire('pointerdown', { clientX: 300, clientY: 300 });
  canvas.fire('pointerup', { clientX: 300, clientY: 300 });
  assert.equal(added.length, 2);
  const [[x1, y1], [x2, y2]] = added;
  assert.ok(x2 > x1 && y2 < y1, 'x grows rightwards, y upwards');
  const px = (x) => 100 + ((x - x1) / (x2 - x1)) * 200;
  const py = (y) => 100 + ((y - y1) / (y2 - y1)) * 200;
  canvas.fire('contextmenu', { clientX: px(0.5) + 3, clientY: py(0.5) - 2 });
  canvas.fire('pointerdown', { clientX: px(-0.5), clientY: py(-0.5), altKey: true });
  canvas.fire('pointerup', { clientX: px(-0.5), clientY: py(-0.5), altKey: true });
  canvas.fire('contextmenu', { clientX: px(-0.9), clientY: py(0.9) }); // nothing near
  assert.deepEqual(removed, [[1, 'train'], [0, 'test']]);
  assert.equal(added.length, 2, 'an alt-click removes, it does not add');
  // A drag is not a click.
  canvas.fire('pointerdown', { clientX: 200, clientY: 200 });
  canvas.fire('pointerup', { clientX: 230, clientY: 200 });
  assert.equal(added.length, 2);
  view.destroy();
});

test('the boundary view draws every kind of grid without throwing', () => {
  const canvas = stubCanvas(300, 300);
  const view = createBoundary(canvas, {});
  const grid = (channels, fill) => ({
    xMin: -1, xMax: 1, yMin: -1, yMax: 1, nx: 8, ny: 8, channels, epoch: 3,
    values: Float32Array.from({ length: 64 * channels }, fill),
  });
  const data2 = { nFeatures: 2, nTargets: 1, xTrain: new Float64Array([0, 0]), yTrain: new Float64Array([2]) };
  view.setData(data2, { task: 'classification', nClasses: 3 });
  view.setGrid(grid(3, (_, k) => (k % 3 === 0 ? 0.6 : 0.2)));
  view.setOptions({ discretize: true, showTest: false });
  view.render();
  view.setData(data2, { task: 'regression' });
  view.setGrid(grid(1, (_, k) => k));
  view.render();
  view.setData({ nFeatures: 1, nTargets: 1, xTrain: new Float64Array([0, 1]), yTrain: new Float64Array([3, 4]) }, { task: 'regression' });
  view.setGrid(grid(1, (_, k) => k % 8));
  view.render();
  view.setGrid(null);
  view.setData(null);
  view.render();
  assert.match(canvas.attributes['aria-label'], /Decision regions|Regression|Prediction/);
  view.destroy();
});


// ---- the gradient chart on a stub canvas ---------------------------------------------------

test('gradient chart: one series per weight layer, one point per epoch, an empty state', () => {
  const canvas = stubCanvas(400, 220);
  canvas.dataset = {};
  const chart = createGradientChart(canvas);
  assert.equal(canvas.dataset.layers, '0');
  assert.equal(canvas.dataset.epochs, '0');
  chart.render();
  assert.match(canvas.attributes['aria-label'], /Press Play to train/);
  // 5 epochs x 3 layers, row-major: epoch e, layer l -> 10^(l - 3) * (e + 1).
  const norms = Float64Array.from({ length: 15 }, (_, k) => 10 ** ((k % 3) - 3) * (Math.floor(k / 3) + 1));
  chart.update({ gradientNorms: norms, nLayers: 3 });
  assert.equal(canvas.dataset.layers, '3');
  assert.equal(canvas.dataset.epochs, '5');
  const series = splitLayers(norms, 3);
  assert.deepEqual(Array.from(series[0].values), [0.001, 0.002, 0.003, 0.004, 0.005]);
  assert.equal(series[2].last, 0.5);
  chart.render();
  assert.match(canvas.attributes['aria-label'], /after 5 epochs: W1 \(input→h1\) 0\.005/);
  canvas.fire('pointermove', { clientX: 200, clientY: 100 });
  chart.render(); // the hover read-out draws without throwing
  chart.setOptions({ logScale: false });
  chart.render();
  // A long run decimates and still reports every epoch.
  chart.update({ gradientNorms: Float64Array.from({ length: 20000 * 2 }, (_, k) => 1 + (k % 7)), nLayers: 2 });
  chart.render();
  assert.equal(canvas.dataset.epochs, '20000');
  chart.setOptions({ emptyText: 'lbfgs reports no per-epoch gradients' });
  chart.update({});
  chart.render();
  assert.equal(canvas.dataset.layers, '0');
  assert.equal(canvas.dataset.epochs, '0');
  assert.match(canvas.attributes['aria-label'], /lbfgs reports no per-epoch gradients/);
  chart.destroy();
});

test('gradient chart legend names each weight layer and ramps colours from early to late', () => {
  assert.equal(layerLabel(0, 6), 'W1 (input\u2192h1)');
  assert.equal(layerLabel(2, 6), 'W3 (h2\u2192h3)');
  assert.equal(layerLabel(5, 6), 'W6 (h5\u2192output)');
  assert.equal(layerLabel(0, 1), 'W1 (input\u2192output)');
  const colours = Array.from({ length: 6 }, (_, l) => layerColor(l, 6));
  assert.equal(new Set(colours).size, 6);
  assert.deepEqual(splitLayers(new Float64Array(0), 3), []);
  assert.deepEqual(splitLayers(null, 3), []);
});

test('hidden features: one tile per unit, rows per layer, bigger tiles for narrow layers', () => {
  const small = featuresLayout([8, 6], 500);
  assert.equal(small.tile, 44);
  assert.equal(small.columns, 10);
  assert.deepEqual(small.layers.map((l) => [l.l, l.n]), [[1, 8], [2, 6]]);
  assert.ok(small.layers[1].y > small.layers[0].y + small.tile, 'layer 2 below layer 1');
  const wide = featuresLayout([64, 64, 64], 500);
  assert.equal(wide.tile, 24);
  assert.equal(wide.columns, 18);
  // 64 units in rows of 18: 4 rows a layer.
  assert.equal(wide.layers[1].y - wide.layers[0].y, 20 + 4 * 27 + 4);
  assert.equal(featuresLayout([], 500).layers.length, 0);
});

test('a unit picture is scaled by its largest |value|: the extreme end of the lut, zero in the middle', () => {
  const lut = palette.divergingLut(1);
  const px = new Uint32Array(6);
  const range = paintUnitPlane(new Float32Array([9, -2, 0, 1, 0.5, 3]), 1, 4, lut, px, 2);
  assert.deepEqual(range, { min: -2, max: 1 });
  assert.deepEqual([...px], [0, 0, lut[0], lut[128], lut[palette.divergingIndex(0.5)], lut[palette.divergingIndex(0.25)]]);
  paintUnitPlane(new Float32Array(3), 0, 3, lut, px, 0); // all zero: the middle colour
  assert.deepEqual([...px.slice(0, 3)], [lut[128], lut[128], lut[128]]);
});
