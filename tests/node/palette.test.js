// The class colours and the colour maths they are checked with: CIEDE2000 against Sharma et
// al.'s published test pairs, Machado et al.'s dichromacy simulation against the confusions it
// is known for, then the palette itself: distinct to everyone, on white, in its regions.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  DICHROMACY,
  VISIONS,
  ciede2000,
  closestPair,
  contrastRatio,
  distance,
  linearToSrgb,
  rgbToLab,
  simulate,
  srgbToLinear,
} from '../../web/src/views/color-vision.js';
import * as palette from '../../web/src/views/palette.js';

const WHITE = [255, 255, 255];
const hex = (h) => palette.hexToRgb(h);

// G. Sharma, W. Wu, E. N. Dalal (2005), Table 1: L*a*b* pairs and their CIEDE2000 difference.
const SHARMA = [
  [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
  [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
  [[50, 2.8361, -74.02], [50, 0, -82.7485], 3.4412],
  [[50, -1.3802, -84.2814], [50, 0, -82.7485], 1.0],
  [[50, -1.1848, -84.8006], [50, 0, -82.7485], 1.0],
  [[50, -0.9009, -85.5211], [50, 0, -82.7485], 1.0],
  [[50, 0, 0], [50, -1, 2], 2.3669],
  [[50, -1, 2], [50, 0, 0], 2.3669],
  [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
  [[50, 2.49, -0.001], [50, -2.49, 0.001], 7.1792],
  [[50, 2.49, -0.001], [50, -2.49, 0.0011], 7.2195],
  [[50, 2.49, -0.001], [50, -2.49, 0.0012], 7.2195],
  [[50, -0.001, 2.49], [50, 0.0009, -2.49], 4.8045],
  [[50, -0.001, 2.49], [50, 0.001, -2.49], 4.8045],
  [[50, -0.001, 2.49], [50, 0.0011, -2.49], 4.7461],
  [[50, 2.5, 0], [50, 0, -2.5], 4.3065],
  [[50, 2.5, 0], [73, 25, -18], 27.1492],
  [[50, 2.5, 0], [61, -5, 29], 22.8977],
  [[50, 2.5, 0], [56, -27, -3], 31.903],
  [[50, 2.5, 0], [58, 24, 15], 19.4535],
  [[50, 2.5, 0], [50, 3.1736, 0.5854], 1.0],
  [[50, 2.5, 0], [50, 3.2972, 0], 1.0],
  [[50, 2.5, 0], [50, 1.8634, 0.5757], 1.0],
  [[50, 2.5, 0], [50, 3.2592, 0.335], 1.0],
  [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  [[63.0109, -31.0961, -5.8663], [62.8187, -29.7946, -4.0864], 1.263],
  [[61.2901, 3.7196, -5.3901], [61.4292, 2.248, -4.962], 1.8731],
  [[35.0831, -44.1164, 3.7933], [35.0232, -40.0716, 1.5901], 1.8645],
  [[22.7233, 20.0904, -46.694], [23.0331, 14.973, -42.5619], 2.0373],
  [[36.4612, 47.858, 18.3852], [36.2715, 50.5065, 21.2231], 1.4146],
  [[90.8027, -2.0831, 1.441], [91.1528, -1.6435, 0.0447], 1.4441],
  [[90.9257, -0.5406, -0.9208], [88.6381, -0.8985, -0.7239], 1.5381],
  [[6.7747, -0.2908, -2.4247], [5.8714, -0.0985, -2.2286], 0.6377],
  [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
];

test('CIEDE2000 gives the 34 differences of Sharma, Wu and Dalal\'s test data to 4 decimals, both ways round', () => {
  for (const [a, b, want] of SHARMA) {
    assert.ok(Math.abs(ciede2000(a, b) - want) < 5e-5, `${a} vs ${b}: ${ciede2000(a, b)} != ${want}`);
    assert.ok(Math.abs(ciede2000(b, a) - want) < 5e-5, `${b} vs ${a}: symmetric`);
  }
  assert.equal(ciede2000([40, 10, -20], [40, 10, -20]), 0);
});

test('sRGB goes to CIELAB under D65: white is L* 100, pure red and blue where the standard puts them', () => {
  const close = (got, want, tol) => got.every((v, i) => Math.abs(v - want[i]) < tol);
  assert.ok(close(rgbToLab(WHITE), [100, 0, 0], 1e-3));
  assert.ok(close(rgbToLab([0, 0, 0]), [0, 0, 0], 1e-9));
  assert.ok(close(rgbToLab([255, 0, 0]), [53.24, 80.09, 67.2], 0.01), `${rgbToLab([255, 0, 0])}`);
  assert.ok(close(rgbToLab([0, 0, 255]), [32.3, 79.19, -107.86], 0.01), `${rgbToLab([0, 0, 255])}`);
  for (const c of [0, 10, 128, 200, 255]) assert.ok(Math.abs(linearToSrgb(srgbToLinear(c)) - c) < 1e-9);
});

test('the dichromacy simulation leaves greys alone and merges the colours each deficiency confuses', () => {
  for (const [name, m] of Object.entries(DICHROMACY)) {
    for (const row of m) assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-5, `${name}: a row sums to 1`);
    for (const g of [0, 90, 200, 255]) assert.ok(simulate([g, g, g], name).every((v) => Math.abs(v - g) < 0.05), `${name} keeps grey ${g}`);
  }
  // matplotlib's tab10 orange and green, red and green, blue and green.
  const [orange, green, red, blue] = ['#ff7f0e', '#2ca02c', '#d62728', '#1f77b4'].map(hex);
  assert.ok(distance(orange, green) > 50 && distance(orange, green, 'protanopia') < 3, 'protanopia: orange = green');
  assert.ok(distance(red, green) > 70 && distance(red, green, 'deuteranopia') < 6, 'deuteranopia: red ~ green');
  assert.ok(distance(orange, green, 'tritanopia') > 50 && distance(red, green, 'tritanopia') > 50, 'tritanopia keeps red-green');
  assert.ok(distance(blue, green, 'protanopia') > 45 && distance(blue, green, 'deuteranopia') > 45, 'red-green blindness keeps blue-green');
  assert.ok(distance(blue, green, 'tritanopia') < distance(blue, green) / 3, 'tritanopia: blue ~ green');
  assert.throws(() => simulate(WHITE, 'achromatopsia'));
});

test('WCAG contrast: black on white is 21:1, a colour on itself 1:1', () => {
  assert.ok(Math.abs(contrastRatio([0, 0, 0], WHITE) - 21) < 1e-9);
  assert.equal(contrastRatio([120, 30, 200], [120, 30, 200]), 1);
  assert.ok(Math.abs(contrastRatio(hex('#767676'), WHITE) - 4.54) < 0.01);
});

// ---- the palette -------------------------------------------------------------------------

const COLORS = palette.CLASS_COLORS.map(hex);
const TINTS = COLORS.map((_, k) => palette.classTint(k));

/** The closest pair of the first n colours under every vision: [{ vision, d, i, j }]. */
const closest = (colors, n) => VISIONS.map((vision) => ({ vision, ...closestPair(colors, vision, n) }));

test('ten class colours, each with 3:1 contrast on white (WCAG\'s minimum for graphics)', () => {
  assert.equal(new Set(palette.CLASS_COLORS.map((c) => c.toLowerCase())).size, 10);
  COLORS.forEach((c, k) => assert.ok(contrastRatio(c, WHITE) >= 3, `class ${k} ${palette.CLASS_COLORS[k]}: ${contrastRatio(c, WHITE).toFixed(2)}:1`));
  assert.equal(palette.classColor(0), '#0072B2', 'class 0 stays the playground\'s blue');
});

test('the class colours stay apart for normal vision and under protanopia, deuteranopia and tritanopia', () => {
  // CIEDE2000 of about 10 and more tells small marks apart; the first classes get more room.
  for (const [n, min] of [[3, 20], [5, 14], [10, 10]]) {
    for (const { vision, d, i, j } of closest(COLORS, n)) {
      assert.ok(d >= min, `first ${n} classes, ${vision}: classes ${i} and ${j} differ by ${d.toFixed(1)} < ${min}`);
    }
  }
});

test('the class regions (tints) stay apart for everyone too', () => {
  for (const [n, min] of [[5, 10], [10, 7]]) {
    for (const { vision, d, i, j } of closest(TINTS, n)) {
      assert.ok(d >= min, `tints of the first ${n} classes, ${vision}: ${i} and ${j} differ by ${d.toFixed(1)} < ${min}`);
    }
  }
  // Every region is visibly coloured, not near white.
  TINTS.forEach((t, k) => assert.ok(distance(t, WHITE) >= 12, `tint of class ${k} is too close to white`));
});

test('the previous palette (Okabe-Ito with sky blue fifth) fails those checks, which is why it changed', () => {
  const old = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#8C564B', '#8E8E8E', '#332288'].map(hex);
  assert.ok(contrastRatio(old[1], WHITE) < 3, 'its orange is 2.3:1 on white');
  assert.ok(closest(old, 5).some(({ d }) => d < 14), 'five classes: a pair too close for someone');
  const oldTints = old.map((c) => palette.mixRgb(WHITE, c, palette.TINT_STRENGTH));
  const blueSky = closestPair([oldTints[0], oldTints[4]]).d;
  const newBlueFifth = closestPair([TINTS[0], TINTS[4]]).d;
  assert.ok(blueSky < 10 && newBlueFifth > blueSky * 2, `blue and sky-blue regions: ${blueSky.toFixed(1)}, now ${newBlueFifth.toFixed(1)}`);
});

test('an output unit\'s colour runs from white at P = 0 to its class colour at P = 1, clamped', () => {
  assert.deepEqual(palette.classRampRgb(3, 0), WHITE);
  assert.deepEqual(palette.classRampRgb(3, 1), palette.classRgb(3));
  assert.deepEqual(palette.classRampRgb(3, 7), palette.classRgb(3));
  assert.deepEqual(palette.classRampRgb(3, NaN), WHITE);
  const lut = palette.classRampLut(2);
  assert.equal(lut.length, 256);
  assert.equal(lut[255], palette.packRgba(...palette.classRgb(2)));
  assert.equal(lut[0], palette.packRgba(255, 255, 255));
});

test('the regression colour scale is the targets\' range over train and test, widened when flat', () => {
  assert.deepEqual(palette.regressionScale({ yTrain: [3, -1, 2], yTest: [5] }), [-1, 5]);
  assert.deepEqual(palette.regressionScale({ yTrain: [2, 2], yTest: [] }), [1, 3]);
  assert.deepEqual(palette.regressionScale({ yTrain: [1, 10, 2, 20], yTest: [0, 30], nTargets: 2 }), [0, 2]);
  assert.equal(palette.regressionScale({ yTrain: [], yTest: [] }), null);
  assert.equal(palette.regressionScale(null), null);
});
