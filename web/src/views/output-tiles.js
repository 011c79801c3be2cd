// The output units' pictures in the network diagram: what each output computes over the input
// plane. A multiclass classifier's output k is P(class k) (its softmax output), a binary one's
// single output is P(class 1) (scikit-learn's one logistic unit), a regressor's is the
// prediction. A probability is drawn from white (0) to its class's colour (1); a prediction on
// the data plane's colour scale, so each tile looks like the plane's colours for its class.
//
// The worker's grid reply carries every output over the plane (200 x 200 points); a tile needs
// far fewer: sampleOutputs() picks the grid points nearest to a res x res lattice (both ends
// included, as in the grid), so every tile pixel is the engine's own value at a grid point.
// createOutputTiles() paints them into an atlas, a tile at a time until a deadline, as the
// hidden units' thumbnails are painted.

import { SURFACE_STRENGTH, classRampLut, divergingLut, probabilityIndex } from './palette.js';

/** Tile resolution: points per side (the hidden units' pictures have 24). */
export const OUTPUT_RES = 40;

/** The grid index (0..n-1) nearest to tile index i of res, both ends included. */
export function sampleIndex(i, res, n) {
  return res > 1 ? Math.round((i * (n - 1)) / (res - 1)) : 0;
}

/**
 * grid: a grid reply { epoch, nx, ny, channels, values } (values[(j * nx + i) * channels + c],
 * row 0 at yMax) -> { outputs, outputsNx, outputsNy, outputsEpoch }: output c at tile point
 * (i, j) in outputs[(c * outputsNy + j) * outputsNx + i] (the layout of the hidden units'
 * pictures), outputsNx = min(res, nx) and the same for y. Null without values.
 */
export function sampleOutputs(grid, res = OUTPUT_RES) {
  const { nx, ny, channels, values } = grid ?? {};
  if (!values || !(nx > 0) || !(ny > 0) || !(channels > 0) || values.length < nx * ny * channels) return null;
  const tx = Math.min(res, nx);
  const ty = Math.min(res, ny);
  const outputs = new Float32Array(channels * tx * ty);
  const cols = Int32Array.from({ length: tx }, (_, i) => sampleIndex(i, tx, nx));
  for (let j = 0; j < ty; j += 1) {
    const row = sampleIndex(j, ty, ny) * nx;
    for (let i = 0; i < tx; i += 1) {
      const from = (row + cols[i]) * channels;
      for (let c = 0; c < channels; c += 1) outputs[(c * ty + j) * tx + i] = values[from + c];
    }
  }
  return { outputs, outputsNx: tx, outputsNy: ty, outputsEpoch: grid.epoch };
}

/** 'regression', 'binary' (one output: P(class 1)) or 'multiclass'. */
export function outputKind(task, nOutputs) {
  if (task === 'regression') return 'regression';
  return nOutputs === 1 ? 'binary' : 'multiclass';
}

/** The class whose probability output `u` gives (binary: class 1), or -1 for a regressor. */
export function outputClass(kind, u) {
  if (kind === 'regression') return -1;
  return kind === 'binary' ? 1 : u;
}

/**
 * Paints values[start .. start + n) mapped from [lo, hi] onto a 256-entry lut (clamped) into
 * px[out ..]; returns the values' { min, max }.
 */
export function paintOutputPlane(values, start, n, lut, px, out, lo = 0, hi = 1) {
  let min = Infinity;
  let max = -Infinity;
  const span = hi > lo ? hi - lo : Infinity;
  for (let p = 0; p < n; p += 1) {
    const v = values[start + p];
    if (v < min) min = v;
    if (v > max) max = v;
    px[out + p] = lut[probabilityIndex((v - lo) / span)];
  }
  return { min, max };
}

const rampLuts = new Map();
const rampLut = (k) => {
  if (!rampLuts.has(k)) rampLuts.set(k, classRampLut(k));
  return rampLuts.get(k);
};
let surfaceLut = null;

/**
 * createOutputTiles(doc) -> { atlas, set(source), paint(deadline), tile(u), get valid, get epoch }
 * source: { outputs, outputsNx, outputsNy, outputsEpoch, kind, range } (range: the regression
 * colour scale [lo, hi], or null for the outputs' own min and max), or null for none.
 * paint() paints the tiles of the latest source until `deadline` (performance.now() ms), at
 * least one per call; the atlas (output u at rows u * outputsNy ..) and tile(u) ({ row, min,
 * max }) change only when all of a source's tiles are done, so the last complete set is shown
 * meanwhile. Returns true when the latest source is painted (valid).
 */
export function createOutputTiles(doc) {
  const atlas = doc.createElement('canvas');
  const ctx = atlas.getContext('2d');
  let image = null;
  let pixels = null;
  let source = null;
  let tiles = new Map();
  let epoch = null;
  let job = null;
  let valid = true;

  function start() {
    if (!source?.outputs) return null;
    const { outputs, outputsNx: nx, outputsNy: ny, kind } = source;
    const plane = nx * ny;
    const count = Math.floor(outputs.length / plane);
    if (!count) return null;
    if (!image || image.width !== nx || image.height !== ny * count) {
      image = ctx.createImageData(nx, ny * count);
      pixels = new Uint32Array(image.data.buffer);
    }
    let lo = 0;
    let hi = 1;
    if (kind === 'regression') {
      surfaceLut ??= divergingLut(SURFACE_STRENGTH);
      [lo, hi] = source.range ?? rangeOf(outputs, 0, plane);
    }
    return { source, next: 0, count, plane, nx, ny, lo, hi, table: new Map() };
  }

  function paint(deadline = Infinity) {
    while (!valid) {
      if (!job) job = start();
      const j = job;
      if (j) {
        const { kind, outputs } = j.source;
        while (j.next < j.count) {
          const u = j.next;
          const lut = kind === 'regression' ? surfaceLut : rampLut(outputClass(kind, u));
          const { min, max } = paintOutputPlane(outputs, u * j.plane, j.plane, lut, pixels, u * j.plane, j.lo, j.hi);
          j.table.set(u, { row: u, min, max, nx: j.nx, ny: j.ny });
          j.next += 1;
          if (j.next < j.count && performance.now() >= deadline) return false;
        }
        if (atlas.width !== image.width || atlas.height !== image.height) {
          atlas.width = image.width;
          atlas.height = image.height;
        }
        ctx.putImageData(image, 0, 0);
      }
      tiles = j ? j.table : new Map();
      epoch = j ? j.source.outputsEpoch ?? null : null;
      job = null;
      valid = !j || j.source === source;
      if (!valid && performance.now() >= deadline) return false;
    }
    return true;
  }

  return {
    atlas,
    set(next) {
      if (next === source) return;
      source = next;
      valid = false;
    },
    paint,
    /** Output u's tile: atlas rows row * ny .. (row + 1) * ny, nx wide; its values' min and max. Null: none. */
    tile(u) {
      return tiles.get(u) ?? null;
    },
    get valid() {
      return valid;
    },
    /** The epoch of the grid the painted tiles come from (null: none painted). */
    get epoch() {
      return epoch;
    },
  };
}

function rangeOf(values, start, n) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let p = start; p < start + n; p += 1) {
    if (values[p] < lo) lo = values[p];
    if (values[p] > hi) hi = values[p];
  }
  if (!(hi >= lo)) return [0, 1];
  return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
}
