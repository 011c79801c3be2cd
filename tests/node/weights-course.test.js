// The course's picture of coefs_[0] (scikit-learn's "Visualization of MLP weights on MNIST"):
// matplotlib's Normalize(vmin = 0.5 min, vmax = 0.5 max) then its 256-entry gray colour map,
// emulated byte for byte. Checked by hand here, and against what matplotlib 3.6 drew
// (tests/fixtures/matplotlib_course_gray.json, from tools/make_course_gray_fixture.py).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  COURSE_GRAY,
  colormapIndex,
  courseGray,
  courseGridLayout,
  courseIndex,
  courseRange,
  grayOfIndex,
  weightGridLayout,
  matshowNormalizer,
} from '../../web/src/views/weights.js';
import { createDatasetMemory, datasetDefaults } from '../../web/src/state/dataset-defaults.js';
import { defaultConfig } from '../../web/src/state/config.js';
import { lessonById, lessonConfig } from '../../web/src/state/lessons.js';
import { decode, encode } from '../../web/src/state/url.js';
import { FIXTURE, fixturePixels, fixtureWeights } from './course-fixture.js';

test('the gray colour map: 256 bytes, black to white, 24 of them one below their index as matplotlib truncates', () => {
  assert.deepEqual(Array.from(COURSE_GRAY), FIXTURE.lut);
  assert.equal(COURSE_GRAY[0], 0);
  assert.equal(COURSE_GRAY[255], 255);
  assert.equal(COURSE_GRAY[128], 128);
  assert.equal(COURSE_GRAY[33], 32, '(33 / 255) * 255 is 32.99999...: astype(uint8) truncates');
  assert.equal(COURSE_GRAY[244], 243);
  const off = COURSE_GRAY.filter((g, i) => g !== i).length;
  assert.equal(off, 24);
});

test('the mapping by hand: Normalize, then index floor(x * 256), the ends clipped', () => {
  // vmin -1, vmax 1: x = (v + 1) / 2.
  const g = (v) => courseGray(v, -1, 1);
  assert.equal(g(-1), 0, 'vmin is black');
  assert.equal(g(1), 255, 'vmax is white (x = 1 is index 255, not 256)');
  assert.equal(g(0), 128, 'x = 0.5: index 128');
  assert.equal(g(-0.75), 32, 'x = 0.125: index 32');
  assert.equal(courseIndex(-0.74, -1, 1), 33, 'x = 0.13: 33.28, floored');
  assert.equal(g(-0.74), 32, 'index 33 is byte 32');
  assert.equal(g(0.99), 254, 'x = 0.995: 254.72, floored');
  assert.equal(g(-3), 0, 'under the range: black');
  assert.equal(g(3), 255, 'over it: white');
  assert.equal(courseIndex(-3, -1, 1), -1);
  assert.equal(courseIndex(3, -1, 1), 256);
  assert.equal(g(NaN), 255, 'NaN is matplotlib\'s transparent "bad" colour, over the white axes');
  assert.equal(courseGray(5, 2, 2), 0, 'vmin = vmax: Normalize gives 0, black');
  // The usual case: v -> floor(256 (v - vmin) / (vmax - vmin)), then the byte table.
  const [vmin, vmax] = [-0.125, 0.375];
  for (const v of [-0.2, -0.125, -0.1, 0, 0.01, 0.1, 0.2, 0.3, 0.37, 0.375, 0.5]) {
    const index = Math.min(255, Math.max(0, Math.floor((256 * (v - vmin)) / (vmax - vmin))));
    assert.equal(courseGray(v, vmin, vmax), COURSE_GRAY[index], String(v));
  }
});

test('courseRange: half the minimum and the maximum over all the values given; NaN skipped', () => {
  assert.deepEqual(courseRange([0.2, -0.6, 0.4, 9], 3), { min: -0.6, max: 0.4, vmin: -0.3, vmax: 0.2 });
  assert.deepEqual(courseRange(Float32Array.from([NaN, 2, NaN, -4]), 4), { min: -4, max: 2, vmin: -2, vmax: 1 });
  assert.deepEqual(courseRange([NaN], 1), { min: 0, max: 0, vmin: 0, vmax: 0 });
  assert.deepEqual(courseRange([], 0), { min: 0, max: 0, vmin: 0, vmax: 0 });
});

test('values at and next to the colour map\'s bin edges get the bytes matplotlib gave them', () => {
  const { vmin, vmax } = FIXTURE;
  assert.equal(FIXTURE.edges.length, 37);
  for (const { value, gray } of FIXTURE.edges) assert.equal(courseGray(value, vmin, vmax), gray, `value ${value}`);
});

test('16 units of coefs_[0] drawn as matplotlib\'s matshow drew them, pixel for pixel', () => {
  const w = fixtureWeights();
  const range = courseRange(w, w.length);
  assert.deepEqual([range.vmin, range.vmax], [FIXTURE.vmin, FIXTURE.vmax]);
  const nUnits = FIXTURE.shape[1];
  let checked = 0;
  let normalizeAlone = 0; // pixels where Normalize without matshow's round trip gives another byte
  for (let u = 0; u < nUnits; u += 1) {
    const expected = fixturePixels(u);
    const column = Array.from({ length: 784 }, (_, p) => w[p * nUnits + u]);
    const normalize = matshowNormalizer(Math.min(...column), Math.max(...column), range.vmin, range.vmax);
    column.forEach((v, p) => {
      assert.equal(grayOfIndex(colormapIndex(normalize(v))), expected[p], `unit ${u}, pixel ${p}`);
      if (courseGray(v, range.vmin, range.vmax) !== expected[p]) normalizeAlone += 1;
      checked += 1;
    });
  }
  assert.equal(checked, 16 * 784);
  // These weights are fractions that often sit exactly on a colour's edge: there the round trip
  // through [0.1, 0.9] decides the side (v = 0 is byte 127 in the picture, 128 from Normalize).
  assert.ok(normalizeAlone > 0 && normalizeAlone < 100, `${normalizeAlone} pixels differ without the round trip`);
});

test('matshowNormalizer: the round trip keeps values off the edges where Normalize puts them; flat images are black', () => {
  const n = matshowNormalizer(-0.1, 0.1, -0.05, 0.05);
  for (const v of [-0.2, -0.0499, -0.013, 0.031, 0.0499, 0.3]) assert.equal(colormapIndex(n(v)), courseIndex(v, -0.05, 0.05), String(v));
  assert.equal(colormapIndex(n(0)), 127, 'exactly on the edge of 128: rounded below it');
  assert.equal(courseIndex(0, -0.05, 0.05), 128);
  const flat = matshowNormalizer(0.2, 0.2, 0.1, 0.1);
  assert.equal(flat(0.2), 0, 'vmin = vmax: Normalize gives 0');
  assert.equal(grayOfIndex(colormapIndex(matshowNormalizer(0.2, 0.2, -1, 1)(0.2))), courseGray(0.2, -1, 1), 'a flat image: no scaling');
  // Far beyond the colour range (1e7 times it), values are clipped before the round trip.
  const wild = matshowNormalizer(-1e12, 1e12, -1, 1);
  assert.equal(colormapIndex(wild(-1e12)), -1);
  assert.equal(colormapIndex(wild(1e12)), 256);
  assert.equal(grayOfIndex(colormapIndex(wild(0))), 128);
});

test('courseGridLayout: 4 tiles a row, whole multiples of the image side, at most 120 px', () => {
  const wide = courseGridLayout(16, 800, 28);
  assert.deepEqual([wide.columns, wide.rows, wide.tile], [4, 4, 112], '4 screen pixels per weight');
  assert.equal(wide.height, wide.top + 4 * 112 + 3 * wide.gap + 6);
  const phone = courseGridLayout(16, 300, 28);
  assert.deepEqual([phone.columns, phone.tile], [4, 56]);
  assert.ok(4 * phone.tile + 3 * phone.gap <= 300 - 12);
  assert.equal(courseGridLayout(16, 800, 8).tile, 120, '8 x 8 digits: 15 pixels per weight');
  const few = courseGridLayout(3, 800, 28);
  assert.deepEqual([few.columns, few.rows], [3, 1], 'fewer than 16 units: one row');
  const tiny = courseGridLayout(16, 100, 28);
  assert.ok(tiny.tile < 28 && tiny.tile >= 8, 'too narrow for whole pixels: what fits');
});

test('weightGridLayout for 28 x 28 images: two screen pixels per weight when four tiles fit a row, else one', () => {
  const wide = weightGridLayout(50, 600, 28);
  assert.equal(wide.tile, 56);
  assert.equal(wide.columns, Math.floor((600 - 12 + wide.gap) / (56 + wide.gap)));
  assert.equal(weightGridLayout(50, 200, 28).tile, 28, 'too narrow for four 56 px tiles');
  assert.equal(weightGridLayout(50, 600).tile % 8, 0, 'the digits keep their 40-56 px tiles');
});

test('the course\'s picture is the default for Fashion-MNIST (quick and full), all units for other data; a link carries a pick', () => {
  assert.equal(datasetDefaults('fashion')['view.weightMode'], 'course');
  assert.equal(datasetDefaults('fashion-full')['view.weightMode'], 'course');
  for (const g of ['digits', 'csv', 'iris', 'moons']) assert.equal(datasetDefaults(g)['view.weightMode'], 'all', g);
  // Choosing a set gives its own picture; a pick holds on that set and comes back with it.
  const memory = createDatasetMemory();
  const moons = defaultConfig();
  const onSet = (config, generator) => memory.switchDataset({ ...config, data: { ...config.data, generator } }, config);
  const fashion = onSet(moons, 'fashion');
  assert.equal(fashion.view.weightMode, 'course');
  const picked = { ...fashion, view: { ...fashion.view, weightMode: 'all' } };
  const digits = onSet(picked, 'digits');
  assert.equal(digits.view.weightMode, 'all');
  assert.equal(onSet({ ...digits, view: { ...digits.view, weightMode: 'course' } }, 'fashion').view.weightMode, 'all', 'the pick on fashion');
  // The link: the set's own picture is not written; the other is, and reads back.
  assert.doesNotMatch(encode(fashion), /(^|&)wm=/);
  assert.match(encode(picked), /(^|&)wm=all(&|$)/);
  assert.equal(decode(`?${encode(picked)}`).config.view.weightMode, 'all');
  assert.equal(decode('?v=2&g=fashion').config.view.weightMode, 'course');
  assert.equal(decode('?v=2&g=digits&wm=course').config.view.weightMode, 'course');
  // The MNIST lesson's steps draw the course's picture, and their links need not say so.
  const mnist = lessonById('mnist-full');
  for (let step = 0; step < mnist.steps.length; step += 1) {
    const config = lessonConfig(mnist, step);
    assert.equal(config.view.weightMode, 'course', `step ${step + 1}`);
    assert.doesNotMatch(encode(config), /(^|&)wm=/, `step ${step + 1}`);
    assert.equal(decode(`?${encode(config)}`).config.view.weightMode, 'course', `step ${step + 1}`);
  }
});
