// The canvas views' pure parts (ticks, formats, colours, contours, series, network layout)
// and the boundary view's pointer handling, on a stub canvas (no browser needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createFrameScheduler } from '../../web/src/app/frames.js';
import { createBoundaryView as createBoundary } from '../../web/src/views/boundary.js';
import { formatTick, formatValue, logTicks, niceTicks } from '../../web/src/views/canvas-util.js';
import { cellSegments, classBorders, contourSegments } from '../../web/src/views/contour.js';
import { paintBinary, paintDiverging, paintMulticlass, paintUnitPlane } from '../../web/src/views/heatmap.js';
import { featuresLayout } from '../../web/src/views/features.js';
import { createGradientChart, layerColor, layerLabel, splitLayers } from '../../web/src/views/gradchart.js';
import { normalizeSeries, valueAt } from '../../web/src/views/losschart.js';
import { collapsedUnits, featureOf, parameterOffsets } from '../../web/src/views/network.js';
import * as palette from '../../web/src/views/palette.js';

/** WCAG relative luminance contrast of two [r, g, b] colours. */
function contrast(a, b) {
  const lum = ([r, g, bl]) => {
    const f = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bl);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
const WHITE = [255, 255, 255];
const close = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol;

test('nice ticks are round 1-2-5 steps inside the range', () => {
  assert.deepEqual(niceTicks(0, 1, 5), { ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
  const { ticks, step } = niceTicks(-6, 6, 4);
  assert.equal(step, 5);
  assert.deepEqual(ticks, [-5, 0, 5]);
  const odd = niceTicks(-1.3, 1.8, 6);
  assert.ok(odd.ticks.every((t) => t >= -1.3 && t <= 1.8));
  assert.ok(odd.ticks.includes(0), 'zero is exactly zero, not -0 or 1e-17');
  assert.deepEqual(niceTicks(2, 2).ticks, [2]);
  assert.deepEqual(niceTicks(NaN, 1).ticks, []);
});

test('log ticks label decades, or 1-2-5 inside a single decade', () => {
  assert.deepEqual(logTicks(0.001, 1).major, [0.001, 0.01, 0.1, 1]);
  const narrow = logTicks(0.03, 0.6);
  assert.ok(narrow.major.length >= 2);
  assert.ok(narrow.major.some((v) => close(v, 0.05)) && narrow.major.some((v) => close(v, 0.1)));
});

test('numbers read well: true minus signs, steps decide decimals, exponents for extremes', () => {
  assert.equal(formatTick(-0.5, 0.5), '\u22120.5');
  assert.equal(formatTick(2, 0.25), '2.00');
  assert.equal(formatTick(50000, 10000), '50k');
  assert.equal(formatValue(0.000012346), '1.235e\u22125');
  assert.equal(formatValue(NaN), '\u2013');
  assert.equal(formatValue(-Infinity), '\u2212\u221e');
  assert.equal(formatValue(123.456, 4), '123.5');
});

test('class colours are ten distinct colours and the point outline stands out on white and on every tint', () => {
  assert.equal(new Set(palette.CLASS_COLORS.map((c) => c.toLowerCase())).size, 10);
  const outline = [17, 20, 24];
  for (let k = 0; k < 10; k += 1) {
    assert.ok(contrast(outline, WHITE) >= 3);
    assert.ok(contrast(outline, palette.classTint(k)) >= 3, `outline on the tint of class ${k}`);
  }
});

test('the binary heatmap is white at P = 0.5 and each class tint when certain; discretize shows only the winner', () => {
  assert.deepEqual(palette.binaryRgb(0.5).map(Math.round), [255, 255, 255]);
  assert.deepEqual(palette.binaryRgb(0), palette.classTint(0));
  assert.deepEqual(palette.binaryRgb(1), palette.classTint(1));
  assert.deepEqual(palette.binaryRgb(0.55, true), palette.classTint(1));
  assert.deepEqual(palette.binaryRgb(0.45, true), palette.classTint(0));
  // Shading grows with confidence.
  const dist = (c) => Math.hypot(...c.map((v) => 255 - v));
  assert.ok(dist(palette.binaryRgb(0.6)) < dist(palette.binaryRgb(0.8)));
});

test('the multiclass heatmap fades to white when all classes are equally likely', () => {
  assert.deepEqual(palette.multiclassRgb([0.25, 0.25, 0.25, 0.25]).map(Math.round), [255, 255, 255]);
  assert.deepEqual(palette.multiclassRgb([0, 0, 1, 0]).map(Math.round), palette.classTint(2).map(Math.round));
  assert.deepEqual(palette.multiclassRgb([0.2, 0.5, 0.3], true), palette.classTint(1));
});

test('the diverging map runs blue - near white - orange and clamps', () => {
  const [r0, g0, b0] = palette.divergingRgb(0);
  assert.ok(Math.min(r0, g0, b0) > 235);
  const neg = palette.divergingRgb(-1);
  const pos = palette.divergingRgb(1);
  assert.ok(neg[2] > neg[0], 'negative is blue');
  assert.ok(pos[0] > pos[2], 'positive is orange');
  assert.deepEqual(palette.divergingRgb(-5), neg);
  assert.equal(palette.divergingIndex(-1), 0);
  assert.equal(palette.divergingIndex(1), 255);
  assert.equal(palette.probabilityIndex(NaN), 128);
});

test('packed colours match how an ImageData buffer reads as Uint32', () => {
  const bytes = new Uint8ClampedArray(4);
  new Uint32Array(bytes.buffer)[0] = palette.packRgba(10, 20, 30);
  assert.deepEqual([...bytes], [10, 20, 30, 255]);
  const lut = palette.binaryLut();
  assert.equal(lut.length, 256);
});

const unpack = (px) => {
  const bytes = new Uint8Array(new Uint32Array([px]).buffer);
  return [bytes[0], bytes[1], bytes[2], bytes[3]];
};

test('heatmap painters give the palette colours pixel by pixel', () => {
  const probs = [
    [0.7, 0.1, 0.1, 0.1],
    [0.25, 0.25, 0.25, 0.25],
    [0, 0, 0, 1],
    [0.4, 0.35, 0.25, 0],
  ];
  for (const discretize of [false, true]) {
    const px = new Uint32Array(probs.length);
    paintMulticlass(Float32Array.from(probs.flat()), probs.length, 4, discretize, px);
    probs.forEach((p, k) => {
      const want = palette.multiclassRgb(p, discretize).map(Math.round);
      const got = unpack(px[k]);
      assert.ok(want.every((v, c) => Math.abs(v - got[c]) <= 2), `${p} ${discretize}: ${got} vs ${want}`);
      assert.equal(got[3], 255);
    });
  }
  const bin = new Uint32Array(3);
  paintBinary(new Float32Array([9, 0, 9, 1, 9, 0.5]), 3, 2, 1, palette.binaryLut(), bin);
  assert.deepEqual(unpack(bin[0]).slice(0, 3), palette.classTint(0).map(Math.round));
  assert.deepEqual(unpack(bin[1]).slice(0, 3), palette.classTint(1).map(Math.round));
  const div = new Uint32Array(3);
  const lut = palette.divergingLut(1);
  paintDiverging(new Float32Array([-10, 10, 100]), 3, 1, -10, 10, lut, div);
  assert.deepEqual([...div], [lut[0], lut[255], lut[255]], 'the ends, and clamped beyond them');
});

test('marching squares finds a vertical level line where a linear field crosses it', () => {
  const nx = 5;
  const ny = 4;
  const field = Float32Array.from({ length: nx * ny }, (_, k) => k % nx); // value = column i
  const seg = contourSegments(field, nx, ny, 2.5);
  assert.equal(seg.length / 4, ny - 1);
  for (let s = 0; s < seg.length; s += 4) {
    assert.ok(close(seg[s], 2.5, 1e-6) && close(seg[s + 2], 2.5, 1e-6));
  }
  // Reading one channel of an interleaved grid gives the same line.
  const two = new Float32Array(nx * ny * 2);
  field.forEach((v, k) => (two[k * 2 + 1] = v));
  assert.deepEqual(contourSegments(two, nx, ny, 2.5, [], 2, 1), seg);
});

test('marching squares traces a circle at its radius', () => {
  const n = 41;
  const field = new Float32Array(n * n);
  for (let j = 0; j < n; j += 1) for (let i = 0; i < n; i += 1) field[j * n + i] = Math.hypot(i - 20, j - 20);
  const seg = contourSegments(field, n, n, 10);
  assert.ok(seg.length / 4 > 40);
  for (let s = 0; s < seg.length; s += 2) assert.ok(Math.abs(Math.hypot(seg[s] - 20, seg[s + 1] - 20) - 10) < 0.1);
  assert.deepEqual(contourSegments(new Float32Array([NaN, 1, 0, 0]), 2, 2, 0.5), [], 'NaN cells are skipped');
  const out = [];
  cellSegments(1, -1, 1, -1, 0, 0, out); // a saddle: two segments
  assert.equal(out.length, 8);
});

test('class borders run between three vertical stripes of winning classes', () => {
  const nx = 30;
  const ny = 5;
  const K = 3;
  const values = new Float32Array(nx * ny * K);
  for (let j = 0; j < ny; j += 1)
    for (let i = 0; i < nx; i += 1) {
      const win = i < 10 ? 0 : i < 20 ? 1 : 2;
      for (let k = 0; k < K; k += 1) values[(j * nx + i) * K + k] = k === win ? 0.8 : 0.1;
    }
  const seg = classBorders(values, nx, ny, K);
  const xs = new Set();
  for (let s = 0; s < seg.length; s += 2) xs.add(Math.round(seg[s] * 100) / 100);
  assert.deepEqual([...xs].sort((a, b) => a - b), [9.5, 19.5]);
});

test('contours traced in bands of rows are the contours traced at once', () => {
  const n = 41;
  const field = new Float32Array(n * n);
  for (let j = 0; j < n; j += 1) for (let i = 0; i < n; i += 1) field[j * n + i] = Math.hypot(i - 20, j - 17);
  const banded = [];
  for (let j = 0; j < n - 1; j += 8) contourSegments(field, n, n, 10, banded, 1, 0, j, Math.min(n - 1, j + 8));
  assert.deepEqual(banded, contourSegments(field, n, n, 10));
  // Three classes in wedges around a centre.
  const K = 3;
  const values = new Float32Array(n * n * K);
  for (let j = 0; j < n; j += 1)
    for (let i = 0; i < n; i += 1) {
      const a = Math.atan2(j - 20, i - 20) + Math.PI;
      for (let k = 0; k < K; k += 1) values[(j * n + i) * K + k] = Math.max(0, Math.cos(a - (k * 2 * Math.PI) / 3));
    }
  const whole = classBorders(values, n, n, K);
  assert.ok(whole.length > 0);
  const best = new Uint8Array(n * n);
  const second = new Float32Array(n * n);
  const parts = [];
  for (let j = 0; j < n - 1; j += 5) classBorders(values, n, n, K, parts, best, second, j, Math.min(n - 1, j + 5));
  assert.deepEqual(parts, whole);
});

test('the frame scheduler gives each dirty task a turn with a deadline while the frame budget lasts', () => {
  const frames = [];
  let clock = 100;
  const scheduler = createFrameScheduler({ requestFrame: (f) => frames.push(f), cancelFrame() {}, now: () => clock, budgetMs: 4, spendMs: 10 });
  const seen = [];
  let steps = 3;
  const a = scheduler.task('a', (deadline) => {
    seen.push(['a', deadline]);
    steps -= 1;
    return steps > 0; // more to do: another turn while the frame's budget lasts
  });
  const b = scheduler.task('b', (deadline) => seen.push(['b', deadline]));
  a.request();
  b.request();
  a.request(); // already waiting: runs once
  const frameOf = [];
  while (frames.length) {
    clock += 16;
    const before = seen.length;
    frames.shift()();
    frameOf.push(seen.length - before);
  }
  // Cheap turns share a frame, a task with more to do included.
  assert.deepEqual(seen.map(([name]) => name), ['a', 'b', 'a', 'a']);
  assert.deepEqual(frameOf, [4]);
  assert.deepEqual(seen.map(([, deadline]) => deadline), [120, 120, 120, 120]);

  // A task that always has more: at most TURNS_PER_FRAME turns a frame.
  let spins = 0;
  const spinner = scheduler.task('spinner', () => {
    spins += 1;
    return spins < 100;
  });
  spinner.request();
  clock += 16;
  frames.shift()();
  assert.equal(spins, 4);
  spinner.cancel();
  clock += 16;
  frames.shift()(); // the frame it had asked for: nothing left to do

  // A turn that spends the frame's budget leaves the next task for the next frame.
  const order = [];
  const slow = scheduler.task('slow', () => {
    order.push('slow');
    clock += 12;
  });
  const fast = scheduler.task('fast', () => order.push('fast'));
  slow.request();
  fast.request();
  clock += 16;
  frames.shift()();
  assert.deepEqual(order, ['slow']);
  clock += 16;
  frames.shift()();
  assert.deepEqual(order, ['slow', 'fast']);
});

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
  // 40 rows of heat and 39 rows of contour cells, 8 rows a call, then the picture is put
  // together (putImageData, the contour's polylines) in a call of its own.
  assert.equal(calls, 5 + 5 + 1);
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
  const o = parameterOffsets([2, 3, 1]);
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
