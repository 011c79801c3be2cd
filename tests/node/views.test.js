// The canvas views' pure parts (ticks, formats, colours, contours, series, network layout)
// and the boundary view's pointer handling, on a stub canvas (no browser needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createFrameScheduler } from '../../web/src/app/frames.js';
import { createScheduler, formatTick, formatValue, logTicks, niceTicks } from '../../web/src/views/canvas-util.js';
import { cellSegments, classBorders, contourSegments } from '../../web/src/views/contour.js';
import { paintBinary, paintDiverging, paintMulticlass } from '../../web/src/views/heatmap.js';
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

test('a view\'s scheduler: flush() asks for the whole picture, its own redraws may draw in steps', async () => {
  const calls = [];
  const scheduler = createScheduler((whole) => calls.push(whole), 'test');
  scheduler.flush();
  assert.deepEqual(calls, [true]);
  scheduler.request();
  scheduler.request(); // coalesced
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(calls, [true, false]);
});
