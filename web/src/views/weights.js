// First-layer weights as pictures, and the test inputs each first-layer unit answers most to.
// For image data (the 8 x 8 digits, or a CSV whose feature count is a perfect square) column u
// of coefs_[0] holds one weight per pixel, so it can be looked at as an image, as in
// scikit-learn's "Visualization of MLP weights on MNIST" example: gray colour map, one scale
// shared by every unit. Both views paint unit by unit into an offscreen atlas until a deadline
// (like the features view), then copy tiles out of it without smoothing, so that 8 x 8 pixels
// stay crisp squares. Units are labelled from 1, as in the network diagram.

import { BACKGROUND, FONT, FONT_BOLD, INK, INK_MUTED, MINUS, createScheduler, fitCanvas, formatValue, observeResize, timed } from './canvas-util.js';
import { packRgba, probabilityIndex } from './palette.js';

const GAP = 3;
const PAD = 6;
const HEADING = 20;

/** True when two short lists (or nulls) hold the same values. */
const sameList = (a, b) => a === b || (Boolean(a) && Boolean(b) && a.length === b.length && a.every((v, k) => v === b[k]));
/** Weight tiles: multiples of 8, so an 8 x 8 image gets whole pixels; the smallest comes last. */
const WEIGHT_TILES = [56, 48, 40];
/** Input images in the activating view: smaller, k of them on a row. */
const INPUT_TILES = [40, 32, 24];
const ROW_GAP = 5;
const LABEL_W = 70;
/** The activating view shows this many units at most, then says how many more there are. */
const MAX_ROWS = 64;
const NOTE_HEIGHT = 40;
const BAR_W = 72;
const TILE_BORDER = 'rgba(17, 20, 24, 0.35)';

/** 256 packed grays, black to white. */
const GRAY = Uint32Array.from({ length: 256 }, (_, i) => packRgba(i, i, i));

// ---- pure parts ---------------------------------------------------------------------------

/**
 * The first weight matrix coefs_[0] (layerUnits[0] x layerUnits[1], row-major at the start of
 * the packed parameters): { nInputs, nUnits, scale: the largest |w| (0 when all are zero),
 * column(u): unit u's incoming weights, one per input }. column() reads `values` when called.
 */
export function firstLayerWeights(values, layerUnits) {
  if (!layerUnits || layerUnits.length < 2) throw new RangeError('firstLayerWeights: a net needs at least two layers');
  const nInputs = layerUnits[0];
  const nUnits = layerUnits[1];
  const n = nInputs * nUnits;
  if (!values || values.length < n) throw new RangeError(`firstLayerWeights: ${n} weights expected, got ${values?.length ?? 0}`);
  let scale = 0;
  for (let p = 0; p < n; p += 1) {
    const a = Math.abs(values[p]);
    if (a > scale) scale = a; // NaN never wins
  }
  return {
    nInputs,
    nUnits,
    scale,
    column(u) {
      if (!(Number.isInteger(u) && u >= 0 && u < nUnits)) throw new RangeError(`firstLayerWeights: no unit ${u}`);
      const out = new Float64Array(nInputs);
      for (let i = 0; i < nInputs; i += 1) out[i] = values[i * nUnits + u];
      return out;
    },
  };
}

/**
 * The [rows, cols] to picture nFeatures as: the declared shape when it has nFeatures pixels
 * (a shape that does not fit is ignored), else [s, s] for a perfect square nFeatures >= 4,
 * else null.
 */
export function imageShapeFor(nFeatures, declared = null) {
  if (Array.isArray(declared) && declared.length === 2) {
    const [rows, cols] = declared;
    if (Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0 && rows * cols === nFeatures) return [rows, cols];
  }
  if (!Number.isInteger(nFeatures) || nFeatures < 4) return null;
  const s = Math.round(Math.sqrt(nFeatures));
  return s * s === nFeatures ? [s, s] : null;
}

/**
 * The k rows with the highest values in units[start .. start + nRows), highest first; equal
 * values keep the lower row first, NaN counts as -Infinity. One pass, k is small.
 */
function topRows(units, start, nRows, k) {
  const rows = new Int32Array(k);
  const best = new Float64Array(k);
  let count = 0;
  for (let r = 0; r < nRows; r += 1) {
    let v = units[start + r];
    if (!(v >= -Infinity)) v = -Infinity;
    if (count === k && !(v > best[k - 1])) continue;
    let j = count < k ? count++ : k - 1;
    while (j > 0 && best[j - 1] < v) {
      best[j] = best[j - 1];
      rows[j] = rows[j - 1];
      j -= 1;
    }
    best[j] = v;
    rows[j] = r;
  }
  return rows;
}

/**
 * For each of the first nUnits hidden units (units is unit-major: unit u on row r at
 * units[u * nRows + r]), the min(k, nRows) rows that activate it most, as an Int32Array sorted
 * by activation, highest first; ties put the lower row first.
 */
export function topActivating(units, nRows, nUnits, k) {
  if (!units || units.length < nUnits * nRows) throw new RangeError(`topActivating: ${nUnits * nRows} activations expected, got ${units?.length ?? 0}`);
  const kk = Math.max(0, Math.min(Math.floor(k), nRows));
  return Array.from({ length: nUnits }, (_, u) => topRows(units, u * nRows, nRows, kk));
}

/**
 * The grid of weight tiles for a canvas width: { tile (CSS px), columns, rows, height, gap,
 * left, top (where the first tile goes, below the caption and the legend) }. The tile is the
 * largest of 56, 48 and 40 px that needs no more rows than 40 px tiles would.
 */
export function weightGridLayout(nTiles, width) {
  const n = Math.max(0, Math.floor(nTiles) || 0);
  const inner = Math.max(0, width - 2 * PAD);
  const columnsAt = (tile) => Math.max(1, Math.floor((inner + GAP) / (tile + GAP)));
  const rowsAt = (tile) => Math.ceil(n / columnsAt(tile));
  const fewest = rowsAt(WEIGHT_TILES[WEIGHT_TILES.length - 1]);
  const tile = WEIGHT_TILES.find((t) => rowsAt(t) <= fewest);
  const columns = Math.min(columnsAt(tile), Math.max(1, n));
  const rows = Math.ceil(n / columns);
  const top = PAD + 2 * HEADING;
  const height = top + (rows ? rows * (tile + GAP) - GAP : 0) + PAD;
  return { tile, columns, rows, height, gap: GAP, left: PAD, top };
}

/**
 * The rows of the activating view: { tile, rowHeight, label (width of the "unit u" column),
 * top, shown (units drawn, at most 64), more (units left out), height }.
 */
export function activatingLayout(nUnits, k, width) {
  const n = Math.max(0, Math.floor(nUnits) || 0);
  const inner = width - 2 * PAD - LABEL_W;
  const tile = INPUT_TILES.find((t) => k * (t + GAP) - GAP <= inner) ?? INPUT_TILES[INPUT_TILES.length - 1];
  const shown = Math.min(n, MAX_ROWS);
  const more = n - shown;
  const rowHeight = tile + ROW_GAP;
  const top = PAD + HEADING;
  const height = top + shown * rowHeight + (more > 0 ? HEADING : 0) + PAD;
  return { tile, rowHeight, label: LABEL_W, top, shown, more, height };
}

// ---- painting helpers -----------------------------------------------------------------------

/** Slots of rows x cols pixels in a near-square grid (a tall strip could exceed canvas limits). */
function atlasGrid(nSlots, rows, cols) {
  const per = Math.max(1, Math.ceil(Math.sqrt(nSlots)));
  return {
    width: per * cols,
    height: Math.max(1, Math.ceil(nSlots / per)) * rows,
    x: (s) => (s % per) * cols,
    y: (s) => Math.floor(s / per) * rows,
  };
}

/**
 * One image: pixel (r, c) is src[offset + (r * cols + c) * stride], mapped from lo (black) up
 * with gray = (v - lo) * inv (1 is white; clamped; NaN mid-gray), written into the packed
 * atlas pixels px (atlasW wide) at (ox, oy). Returns the values' [min, max].
 */
function paintGray(src, offset, stride, lo, inv, rows, cols, px, atlasW, ox, oy) {
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; r += 1) {
    const out = (oy + r) * atlasW + ox;
    const base = offset + r * cols * stride;
    for (let c = 0; c < cols; c += 1) {
      const v = src[base + c * stride];
      if (v < min) min = v;
      if (v > max) max = v;
      px[out + c] = GRAY[probabilityIndex((v - lo) * inv)];
    }
  }
  return [min, max];
}

/** The [min, max] of n values from src[offset]. */
function rangeOf(src, offset, n) {
  let min = Infinity;
  let max = -Infinity;
  for (let p = offset; p < offset + n; p += 1) {
    const v = src[p];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/**
 * Where an image of rows x cols goes in a square tile: whole CSS pixels per image pixel when
 * the tile is big enough, centred. { dx, dy, w, h }.
 */
function fitImage(tile, rows, cols) {
  const side = Math.max(rows, cols);
  const p = tile >= side ? Math.floor(tile / side) : tile / side;
  const w = cols * p;
  const h = rows * p;
  return { dx: Math.round((tile - w) / 2), dy: Math.round((tile - h) / 2), w, h };
}

/** A shape [rows, cols] with exactly n pixels, else null. */
function validShape(shape, n) {
  if (!Array.isArray(shape) || shape.length !== 2) return null;
  const [rows, cols] = shape;
  return Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0 && rows * cols === n ? [rows, cols] : null;
}

function drawNote(ctx, text) {
  ctx.font = FONT;
  ctx.fillStyle = INK_MUTED;
  ctx.fillText(text, PAD, PAD + 4);
}

/** Sets canvas.title to titleAt(x, y) (CSS px) under the mouse; '' clears it. Returns a remover. */
function watchHover(canvas, titleAt) {
  const move = (e) => {
    const b = canvas.getBoundingClientRect();
    const text = titleAt(e.clientX - b.left, e.clientY - b.top) || '';
    if (canvas.title !== text) canvas.title = text;
  };
  const leave = () => {
    if (canvas.title) canvas.title = '';
  };
  canvas.addEventListener('mousemove', move);
  canvas.addEventListener('mouseleave', leave);
  return () => {
    canvas.removeEventListener('mousemove', move);
    canvas.removeEventListener('mouseleave', leave);
  };
}

// ---- the weight images ----------------------------------------------------------------------

/**
 * createWeightImagesView(canvas, { isVisible }) -> { update({ layerUnits, values, imageShape }), prepare(deadline), render, resize, destroy }
 * One grayscale tile per first-layer unit, all on the scale ±max|w| over coefs_[0] (black the
 * most negative weight, mid-gray 0, white the most positive). scikit-learn's MNIST example
 * uses vmin/vmax = 0.5 x min/max, which saturates the strongest weights; the symmetric full
 * scale used here keeps 0 at mid-gray and clips nothing. The canvas gets its width from CSS;
 * the view sets its CSS height. Nothing is painted while isVisible() is false.
 */
export function createWeightImagesView(canvas, { isVisible = () => true } = {}) {
  const ctx = canvas.getContext('2d');
  const atlas = canvas.ownerDocument.createElement('canvas'); // every unit's picture, in a grid
  const atlasCtx = atlas.getContext('2d');
  let net = null;
  let shown = null; // what the atlas holds: { net, note } or { net, nUnits, shape, scale, grid, lows, highs }
  let job = null; // { net, w, grid, next, image, pixels, lows, highs }
  let drawn = null; // the last drawn grid, for the hover: { layout, nUnits, lows, highs }
  const scheduler = createScheduler(render, 'weights');
  const stopObserving = observeResize(canvas, () => resize());
  const stopHover = watchHover(canvas, titleAt);
  if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'img');

  function noteFor(n) {
    if (!n) return 'Press Play or Step to see the weights';
    if (n.layerUnits.length < 3) return 'No hidden layer: no first-layer weights to picture';
    if (!n.shape) return 'Weight images need image data: a square number of features, like the 8 \u00d7 8 digits';
    if (!n.values || n.values.length < n.layerUnits[0] * n.layerUnits[1]) return 'Press Play or Step to see the weights';
    return null;
  }

  /** Paints the latest weights into an ImageData, unit by unit until `deadline`; true when done. */
  function paint(deadline = Infinity) {
    if (!net || shown?.net === net) return true;
    const note = noteFor(net);
    if (note) {
      shown = { net, note };
      job = null;
      return true;
    }
    const [rows, cols] = net.shape;
    if (!job || job.net !== net) {
      const w = firstLayerWeights(net.values, net.layerUnits);
      const grid = atlasGrid(w.nUnits, rows, cols);
      const image = atlasCtx.createImageData(grid.width, grid.height);
      const lows = new Float64Array(w.nUnits);
      const highs = new Float64Array(w.nUnits);
      job = { net, w, grid, next: 0, image, pixels: new Uint32Array(image.data.buffer), lows, highs };
    }
    const { w, grid } = job;
    const s = w.scale > 0 ? w.scale : 1; // all zero: everything mid-gray
    while (job.next < w.nUnits) {
      const u = job.next;
      // Column u of the row-major nInputs x nUnits matrix: start at u, stride nUnits.
      const [lo, hi] = paintGray(net.values, u, w.nUnits, -s, 0.5 / s, rows, cols, job.pixels, grid.width, grid.x(u), grid.y(u));
      job.lows[u] = lo;
      job.highs[u] = hi;
      job.next += 1;
      if (job.next < w.nUnits && performance.now() >= deadline) return false;
    }
    if (atlas.width !== job.image.width || atlas.height !== job.image.height) {
      atlas.width = job.image.width;
      atlas.height = job.image.height;
    }
    atlasCtx.putImageData(job.image, 0, 0);
    shown = { net, nUnits: w.nUnits, shape: net.shape, scale: w.scale, grid, lows: job.lows, highs: job.highs };
    job = null;
    return true;
  }

  function fitHeight() {
    const width = canvas.clientWidth;
    if (!width) return;
    const height = !shown || shown.note ? NOTE_HEIGHT : weightGridLayout(shown.nUnits, width).height;
    if (canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
  }

  function render() {
    if (!isVisible()) return;
    paint();
    fitHeight();
    const size = fitCanvas(canvas);
    if (!size) return;
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    drawn = null;
    if (!shown || shown.note) {
      const note = shown?.note ?? noteFor(null);
      drawNote(ctx, note);
      canvas.dataset.tiles = '0';
      canvas.setAttribute('aria-label', `First-layer weights: ${note}`);
      return;
    }
    const { nUnits, shape, scale, grid } = shown;
    const [rows, cols] = shape;
    const layout = weightGridLayout(nUnits, size.width);
    const { tile, columns, left, top } = layout;
    const s = formatValue(scale, 2);

    // Caption, then the legend: a black-to-white bar and what its ends mean.
    const title = 'First-layer weights';
    const detail = `: ${nUnits} unit${nUnits === 1 ? '' : 's'}, shared scale \u00b1${s}`;
    ctx.font = FONT_BOLD;
    ctx.fillStyle = INK;
    ctx.fillText(title, PAD, PAD);
    const titleW = ctx.measureText(title).width;
    ctx.font = FONT;
    ctx.fillText(detail, PAD + titleW, PAD);
    const barY = PAD + HEADING + 2;
    const bar = ctx.createLinearGradient(PAD, 0, PAD + BAR_W, 0);
    bar.addColorStop(0, '#000000');
    bar.addColorStop(1, '#ffffff');
    ctx.fillStyle = bar;
    ctx.fillRect(PAD, barY, BAR_W, 10);
    ctx.strokeStyle = TILE_BORDER;
    ctx.lineWidth = 1;
    ctx.strokeRect(PAD - 0.5, barY - 0.5, BAR_W + 1, 11);
    const legend = `black ${MINUS}${s} \u00b7 gray 0 \u00b7 white +${s}`;
    ctx.fillStyle = INK_MUTED;
    ctx.fillText(legend, PAD + BAR_W + 8, barY - 1);

    // Tiles: nearest-neighbour, so each image pixel is a crisp square.
    ctx.imageSmoothingEnabled = false;
    const fit = fitImage(tile, rows, cols);
    ctx.strokeStyle = TILE_BORDER;
    for (let u = 0; u < nUnits; u += 1) {
      const x = left + (u % columns) * (tile + GAP) + fit.dx;
      const y = top + Math.floor(u / columns) * (tile + GAP) + fit.dy;
      ctx.drawImage(atlas, grid.x(u), grid.y(u), cols, rows, x, y, fit.w, fit.h);
      ctx.strokeRect(x - 0.5, y - 0.5, fit.w + 1, fit.h + 1);
    }
    ctx.imageSmoothingEnabled = true;
    drawn = { layout, nUnits, lows: shown.lows, highs: shown.highs };
    canvas.dataset.tiles = String(nUnits);
    canvas.setAttribute('aria-label', `${title}${detail}; one ${rows} \u00d7 ${cols} image per unit, ${legend}`);
  }

  /** The hover text at (x, y): the unit under the pointer and its weights' range. */
  function titleAt(x, y) {
    if (!drawn) return '';
    const { layout, nUnits, lows, highs } = drawn;
    const step = layout.tile + GAP;
    const cx = x - layout.left;
    const cy = y - layout.top;
    if (cx < 0 || cy < 0) return '';
    const col = Math.floor(cx / step);
    const row = Math.floor(cy / step);
    if (col >= layout.columns || cx - col * step > layout.tile || cy - row * step > layout.tile) return '';
    const u = row * layout.columns + col;
    if (u >= nUnits) return '';
    return `unit ${u + 1}: weights ${formatValue(lows[u], 3)} to ${formatValue(highs[u], 3)}`;
  }

  function resize() {
    if (!canvas.clientWidth) return;
    scheduler.request();
  }

  return {
    /** New weights (or a new net); drawn by prepare()/render() (the caller schedules them). */
    update(next) {
      if (!next?.layerUnits?.length) return;
      const layerUnits = Array.from(next.layerUnits);
      const shape = validShape(next.imageShape, layerUnits[0]);
      // The same weights again (the page updates its views on every reply): nothing to repaint.
      if (net && net.values === next.values && sameList(net.layerUnits, layerUnits) && sameList(net.shape, shape)) return;
      net = { layerUnits, values: next.values, shape };
    },
    /** Paints the latest update's tiles until `deadline`; true while there is more to do. */
    prepare(deadline = Infinity) {
      scheduler.cancel();
      if (!isVisible()) return false;
      return !timed('weights-paint', () => paint(deadline));
    },
    resize,
    render: () => scheduler.flush(),
    destroy() {
      scheduler.cancel();
      stopObserving();
      stopHover();
    },
  };
}

// ---- the test inputs each unit likes most -------------------------------------------------

/**
 * createActivatingView(canvas, { isVisible, k }) -> { update({ layerUnits, units, nRows, xTest, nFeatures, imageShape }), prepare(deadline), render, resize, destroy }
 * A row per first-layer unit (at most 64, then "+N more units"): its label, then the k test
 * inputs that activate it most, strongest first, each as a grayscale image on its own scale
 * (0..max for non-negative pixels, else min..max). The view sets the canvas's CSS height.
 */
export function createActivatingView(canvas, { isVisible = () => true, k = 6 } = {}) {
  const K = Math.max(1, Math.floor(k) || 1);
  const ctx = canvas.getContext('2d');
  const atlas = canvas.ownerDocument.createElement('canvas'); // count x k input images, in a grid
  const atlasCtx = atlas.getContext('2d');
  let net = null;
  let shown = null; // { net, note } or { net, nUnits, count, k, shape, grid, top, acts }
  let job = null;
  let drawn = null; // { layout, count, k, top, acts }
  const scheduler = createScheduler(render, 'activating');
  const stopObserving = observeResize(canvas, () => resize());
  const stopHover = watchHover(canvas, titleAt);
  if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'img');

  function noteFor(n) {
    if (!n) return 'Press Play or Step to see the inputs each unit responds to';
    if (n.layerUnits.length < 3) return 'No hidden layer: nothing to show';
    if (!n.shape) return 'Input images need image data: a square number of features, like the 8 \u00d7 8 digits';
    if (!(n.nRows > 0) || !n.xTest || n.xTest.length < n.nRows * n.nFeatures) return 'No test inputs yet';
    if (!n.units || n.units.length < n.layerUnits[1] * n.nRows) return 'Press Play or Step to see the inputs each unit responds to';
    return null;
  }

  /** Finds and paints each unit's top inputs, unit by unit until `deadline`; true when done. */
  function paint(deadline = Infinity) {
    if (!net || shown?.net === net) return true;
    const note = noteFor(net);
    if (note) {
      shown = { net, note };
      job = null;
      return true;
    }
    const { units, nRows, xTest, nFeatures } = net;
    const [rows, cols] = net.shape;
    if (!job || job.net !== net) {
      const nUnits = net.layerUnits[1];
      const count = Math.min(nUnits, MAX_ROWS);
      const kk = Math.min(K, nRows);
      const grid = atlasGrid(count * kk, rows, cols);
      const image = atlasCtx.createImageData(grid.width, grid.height);
      const top = new Int32Array(count * kk);
      const acts = new Float64Array(count * kk);
      job = { net, nUnits, count, k: kk, grid, next: 0, image, pixels: new Uint32Array(image.data.buffer), top, acts };
    }
    const { count, k: kk, grid } = job;
    while (job.next < count) {
      const u = job.next;
      const best = topRows(units, u * nRows, nRows, kk);
      for (let j = 0; j < kk; j += 1) {
        const r = best[j];
        const slot = u * kk + j;
        job.top[slot] = r;
        job.acts[slot] = units[u * nRows + r];
        const offset = r * nFeatures;
        const [min, max] = rangeOf(xTest, offset, nFeatures);
        const lo = min >= 0 ? 0 : min;
        const inv = max > lo ? 1 / (max - lo) : 0;
        paintGray(xTest, offset, 1, lo, inv, rows, cols, job.pixels, grid.width, grid.x(slot), grid.y(slot));
      }
      job.next += 1;
      if (job.next < count && performance.now() >= deadline) return false;
    }
    if (atlas.width !== job.image.width || atlas.height !== job.image.height) {
      atlas.width = job.image.width;
      atlas.height = job.image.height;
    }
    atlasCtx.putImageData(job.image, 0, 0);
    shown = { net, nUnits: job.nUnits, count, k: kk, shape: net.shape, grid, top: job.top, acts: job.acts };
    job = null;
    return true;
  }

  function fitHeight() {
    const width = canvas.clientWidth;
    if (!width) return;
    const height = !shown || shown.note ? NOTE_HEIGHT : activatingLayout(shown.nUnits, shown.k, width).height;
    if (canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
  }

  function render() {
    if (!isVisible()) return;
    paint();
    fitHeight();
    const size = fitCanvas(canvas);
    if (!size) return;
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    drawn = null;
    if (!shown || shown.note) {
      const note = shown?.note ?? noteFor(null);
      drawNote(ctx, note);
      canvas.dataset.rows = '0';
      canvas.setAttribute('aria-label', `Top test inputs per unit: ${note}`);
      return;
    }
    const { nUnits, count, k: kk, shape, grid, top, acts } = shown;
    const [rows, cols] = shape;
    const layout = activatingLayout(nUnits, kk, size.width);
    const { tile, rowHeight } = layout;

    const title = `Top ${kk} test input${kk === 1 ? '' : 's'}`;
    const detail = ' per first-layer unit, strongest first (each image on its own gray scale)';
    ctx.font = FONT_BOLD;
    ctx.fillStyle = INK;
    ctx.fillText(title, PAD, PAD);
    const titleW = ctx.measureText(title).width;
    ctx.font = FONT;
    ctx.fillStyle = INK_MUTED;
    ctx.fillText(detail, PAD + titleW, PAD);

    const fit = fitImage(tile, rows, cols);
    ctx.strokeStyle = TILE_BORDER;
    ctx.lineWidth = 1;
    for (let u = 0; u < count; u += 1) {
      const y = layout.top + u * rowHeight;
      ctx.font = FONT;
      ctx.fillStyle = INK;
      ctx.textBaseline = 'middle';
      if (tile >= 32) {
        ctx.fillText(`unit ${u + 1}`, PAD, y + tile / 2 - 8);
        ctx.fillStyle = INK_MUTED;
        ctx.fillText(`max ${formatValue(acts[u * kk], 3)}`, PAD, y + tile / 2 + 8);
      } else {
        ctx.fillText(`unit ${u + 1}`, PAD, y + tile / 2);
      }
      ctx.imageSmoothingEnabled = false;
      for (let j = 0; j < kk; j += 1) {
        const slot = u * kk + j;
        const x = PAD + layout.label + j * (tile + GAP) + fit.dx;
        ctx.drawImage(atlas, grid.x(slot), grid.y(slot), cols, rows, x, y + fit.dy, fit.w, fit.h);
        ctx.strokeRect(x - 0.5, y + fit.dy - 0.5, fit.w + 1, fit.h + 1);
      }
      ctx.imageSmoothingEnabled = true;
    }
    ctx.textBaseline = 'top';
    if (layout.more > 0) {
      ctx.font = FONT;
      ctx.fillStyle = INK_MUTED;
      ctx.fillText(`+${layout.more} more unit${layout.more === 1 ? '' : 's'}`, PAD, layout.top + count * rowHeight + 4);
    }
    drawn = { layout, count, k: kk, top, acts };
    canvas.dataset.rows = String(count);
    canvas.setAttribute(
      'aria-label',
      `${title}${detail}: ${count} of ${nUnits} first-layer unit${nUnits === 1 ? '' : 's'}, ${rows} \u00d7 ${cols} images`,
    );
  }

  /** The hover text at (x, y): the unit, and the test input (counted from 1) and activation under the pointer. */
  function titleAt(x, y) {
    if (!drawn) return '';
    const { layout, count, k: kk, top, acts } = drawn;
    const cy = y - layout.top;
    if (cy < 0 || x < PAD) return '';
    const u = Math.floor(cy / layout.rowHeight);
    if (u >= count || cy - u * layout.rowHeight > layout.tile) return '';
    const cx = x - PAD - layout.label;
    if (cx < 0) return `unit ${u + 1}`;
    const j = Math.floor(cx / (layout.tile + GAP));
    if (j >= kk || cx - j * (layout.tile + GAP) > layout.tile) return `unit ${u + 1}`;
    const slot = u * kk + j;
    return `unit ${u + 1}, test input ${top[slot] + 1}: activation ${formatValue(acts[slot], 3)}`;
  }

  function resize() {
    if (!canvas.clientWidth) return;
    scheduler.request();
  }

  return {
    /** New activations (or new data); drawn by prepare()/render() (the caller schedules them). */
    update(next) {
      if (!next?.layerUnits?.length) return;
      const layerUnits = Array.from(next.layerUnits);
      const nFeatures = next.nFeatures ?? layerUnits[0];
      const shape = validShape(next.imageShape, nFeatures);
      // The same activations again (the page updates its views on every reply): nothing to repaint.
      if (net && net.units === next.units && net.xTest === next.xTest && sameList(net.shape, shape)) return;
      net = {
        layerUnits,
        units: next.units,
        nRows: next.nRows ?? 0,
        xTest: next.xTest,
        nFeatures,
        shape,
      };
    },
    /** Paints the latest update's rows until `deadline`; true while there is more to do. */
    prepare(deadline = Infinity) {
      scheduler.cancel();
      if (!isVisible()) return false;
      return !timed('activating-paint', () => paint(deadline));
    },
    resize,
    render: () => scheduler.flush(),
    destroy() {
      scheduler.cancel();
      stopObserving();
      stopHover();
    },
  };
}
