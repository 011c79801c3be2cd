// The output units' tiles: which grid points they show, their colours, and the painter that
// spreads them over frames (on a stub canvas).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  OUTPUT_RES,
  createOutputTiles,
  outputClass,
  outputKind,
  paintOutputPlane,
  sampleIndex,
  sampleOutputs,
} from '../../web/src/views/output-tiles.js';
import { SURFACE_STRENGTH, classRampLut, divergingLut } from '../../web/src/views/palette.js';

/** A grid reply whose channel c at point (i, j) is f(i, j, c). */
function gridOf(nx, ny, channels, f, epoch = 7) {
  const values = new Float32Array(nx * ny * channels);
  for (let j = 0; j < ny; j += 1)
    for (let i = 0; i < nx; i += 1)
      for (let c = 0; c < channels; c += 1) values[(j * nx + i) * channels + c] = f(i, j, c);
  return { epoch, xMin: -1, xMax: 1, yMin: -1, yMax: 1, nx, ny, channels, values };
}

test('a tile point takes the nearest grid point, both ends included as in the grid', () => {
  assert.equal(sampleIndex(0, 40, 200), 0);
  assert.equal(sampleIndex(39, 40, 200), 199);
  assert.equal(sampleIndex(20, 40, 200), Math.round((20 * 199) / 39));
  for (let i = 1; i < 40; i += 1) assert.ok(sampleIndex(i, 40, 200) > sampleIndex(i - 1, 40, 200), 'increasing');
  assert.equal(sampleIndex(0, 1, 200), 0);
});

test('sampleOutputs keeps every output channel at the sampled grid points, one plane per output', () => {
  const f = (i, j, c) => c * 100000 + j * 1000 + i; // exact in float32
  const grid = gridOf(200, 200, 3, f);
  const s = sampleOutputs(grid);
  assert.equal(s.outputsNx, OUTPUT_RES);
  assert.equal(s.outputsNy, OUTPUT_RES);
  assert.equal(s.outputsEpoch, 7);
  assert.equal(s.outputs.length, 3 * OUTPUT_RES * OUTPUT_RES);
  for (const [i, j, c] of [[0, 0, 0], [39, 39, 2], [13, 27, 1], [39, 0, 2], [0, 39, 0]]) {
    const want = f(sampleIndex(i, 40, 200), sampleIndex(j, 40, 200), c);
    assert.equal(s.outputs[(c * 40 + j) * 40 + i], want, `(${i}, ${j}) channel ${c}`);
  }
});

test('a 1-D grid (two rows) gives tiles two rows high; a missing or short grid gives none', () => {
  const s = sampleOutputs(gridOf(400, 2, 1, (i) => i));
  assert.equal(s.outputsNx, 40);
  assert.equal(s.outputsNy, 2);
  assert.equal(s.outputs[39], 399);
  assert.equal(sampleOutputs(null), null);
  assert.equal(sampleOutputs({ nx: 10, ny: 10, channels: 2, values: new Float32Array(10) }), null);
});

test('what an output unit is: P(class 1) for a binary classifier, P(class k) for multiclass, the prediction for a regressor', () => {
  assert.equal(outputKind('classification', 1), 'binary');
  assert.equal(outputKind('classification', 4), 'multiclass');
  assert.equal(outputKind('regression', 1), 'regression');
  assert.equal(outputClass('binary', 0), 1);
  assert.equal(outputClass('multiclass', 3), 3);
  assert.equal(outputClass('regression', 0), -1);
});

test('paintOutputPlane maps [lo, hi] onto the lut, clamps, and reports the values\' range', () => {
  const lut = classRampLut(2);
  const px = new Uint32Array(6);
  const r = paintOutputPlane(Float32Array.from([9, 0, 1, 0.5, -3, 2]), 1, 5, lut, px, 1);
  assert.deepEqual([...px.slice(1)], [lut[0], lut[255], lut[128], lut[0], lut[255]]);
  assert.equal(px[0], 0, 'nothing outside the range asked for');
  assert.deepEqual(r, { min: -3, max: 2 });
  const surface = divergingLut(SURFACE_STRENGTH);
  const q = new Uint32Array(3);
  paintOutputPlane(Float32Array.from([-10, 0, 10]), 0, 3, surface, q, 0, -10, 10);
  assert.deepEqual([...q], [surface[0], surface[128], surface[255]], 'a prediction on the regression scale');
});

// ---- the painter, on a stub canvas --------------------------------------------------------

function stubDoc() {
  const puts = [];
  const doc = {
    puts,
    createElement: () => ({
      width: 0,
      height: 0,
      getContext: () => ({
        createImageData: (w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
        putImageData: (image) => puts.push(image),
      }),
    }),
  };
  return doc;
}

const source = (grid, kind = 'multiclass', range = null) => ({ ...sampleOutputs(grid), kind, range });

test('the tiles of a source are painted a tile at a time until the deadline, then shown together', () => {
  const doc = stubDoc();
  const tiles = createOutputTiles(doc);
  assert.equal(tiles.valid, true, 'nothing to paint yet');
  assert.equal(tiles.epoch, null);
  const s = source(gridOf(200, 200, 4, (i, j, c) => (c === 0 ? i / 199 : 0.25), 12));
  tiles.set(s);
  assert.equal(tiles.valid, false);
  assert.equal(tiles.paint(0), false, 'a deadline already passed: one tile, then it yields');
  assert.equal(tiles.tile(0), null, 'nothing shown before all are painted');
  assert.equal(doc.puts.length, 0);
  while (!tiles.paint(0));
  assert.equal(doc.puts.length, 1, 'one putImageData for all four');
  assert.equal(tiles.epoch, 12);
  assert.deepEqual(tiles.tile(0), { row: 0, min: 0, max: 1, nx: 40, ny: 40 });
  assert.equal(tiles.tile(3).row, 3);
  assert.ok(Math.abs(tiles.tile(3).min - 0.25) < 1e-7);
  // Channel 0 of a multiclass net is class 0's ramp: white on the left, class 0's colour on the right.
  const image = doc.puts[0];
  const px = new Uint32Array(image.data.buffer);
  const lut = classRampLut(0);
  assert.equal(px[0], lut[0]);
  assert.equal(px[39], lut[255]);
  assert.equal(px[3 * 1600], classRampLut(3)[64], 'class 3 at P = 0.25');
});

test('a binary output is drawn in class 1\'s colour; a regression on the given scale, else its own range', () => {
  const doc = stubDoc();
  const tiles = createOutputTiles(doc);
  tiles.set(source(gridOf(50, 50, 1, () => 1), 'binary'));
  tiles.paint();
  assert.equal(new Uint32Array(doc.puts[0].data.buffer)[0], classRampLut(1)[255]);
  tiles.set(source(gridOf(50, 50, 1, (i) => i), 'regression', [0, 98]));
  tiles.paint();
  const surface = divergingLut(SURFACE_STRENGTH);
  let px = new Uint32Array(doc.puts[1].data.buffer);
  assert.equal(px[0], surface[0]);
  assert.equal(px[39], surface[128], "49 on [0, 98]: the middle");
  tiles.set(source(gridOf(50, 50, 1, (i) => i), 'regression', null));
  tiles.paint();
  px = new Uint32Array(doc.puts[2].data.buffer);
  assert.equal(px[39], surface[255], 'no scale given: the tile\'s own maximum is the top');
});

test('a source that comes in while another is painted waits for it; none clears the tiles', () => {
  const doc = stubDoc();
  const tiles = createOutputTiles(doc);
  const first = source(gridOf(40, 40, 3, () => 0.5, 1));
  const second = source(gridOf(40, 40, 3, () => 0.5, 2));
  tiles.set(first);
  tiles.paint(0);
  tiles.set(second);
  while (!tiles.paint(0));
  assert.equal(tiles.epoch, 2, 'the latest painted next, without restarting the first');
  assert.equal(doc.puts.length, 2);
  tiles.set(null);
  assert.equal(tiles.paint(), true);
  assert.equal(tiles.tile(0), null);
  assert.equal(tiles.epoch, null);
});
