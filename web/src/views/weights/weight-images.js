// The first-layer weights as one grayscale image per unit (see weights.js), in one of two modes:
// 'course', the course's picture (course.js: the first 16 units on a 4 x 4 grid, matplotlib's
// gray map from vmin = 0.5 x min to vmax = 0.5 x max over all of coefs_[0], values beyond
// clipped), or 'all', every unit on the symmetric scale ±max|w| (0 mid-gray, nothing clipped).

import { FONT, FONT_BOLD, INK, INK_MUTED, MINUS, formatValue } from '../canvas-util.js';
import { COURSE_UNITS, courseRange } from './course.js';
import { weightTitleAt } from './hit-test.js';
import { BAR_W, GAP, HEADING, NOTE_HEIGHT, PAD, TILE_BORDER, atlasGrid, courseGridLayout, fitImage, weightGridLayout } from './layout.js';
import { firstLayerWeights, sameList, validShape } from './maths.js';
import { clearFrame, doneOrNoted, drawNoteInstead, fitHeight, paintCourse, paintGray, putAtlas } from './painting.js';
import { createViewShell } from './shell.js';

/** The view's modes: the course's 4 x 4 picture, or every unit on the symmetric scale. */
export const WEIGHT_MODES = ['course', 'all'];

/** The mode, checked: 'course' or 'all'. */
function checkMode(mode) {
  if (!WEIGHT_MODES.includes(mode)) {
    throw new RangeError(`weight images: mode ${JSON.stringify(mode)} is not one of ${WEIGHT_MODES.join(', ')}`);
  }
  return mode;
}

/**
 * createWeightImagesView(canvas, { isVisible, mode }) -> { update({ layerUnits, weights, imageShape }),
 * setMode(mode), mode(), prepare(deadline), render, resize, destroy }
 * mode 'all' (the default): one grayscale tile per first-layer unit, all on the scale ±max|w|
 * over coefs_[0] (black the most negative weight, mid-gray 0, white the most positive): the
 * symmetric full scale keeps 0 at mid-gray and clips nothing. mode 'course': scikit-learn's
 * MNIST example exactly: the first 16 units, 4 a row, vmin/vmax = 0.5 x min/max over all of
 * coefs_[0] (which saturates the strongest weights). The canvas gets its width from CSS; the
 * view sets its CSS height, data-tiles (the tiles drawn), data-mode, and in course mode
 * data-vmin and data-vmax. Nothing is painted while isVisible() is false.
 * @param {HTMLCanvasElement} canvas
 * @param {{ isVisible?: () => boolean, mode?: string }} [options]
 */
export function createWeightImagesView(canvas, { isVisible = () => true, mode: initialMode = 'all' } = {}) {
  let mode = checkMode(initialMode);
  const ctx = canvas.getContext('2d');
  const atlas = canvas.ownerDocument.createElement('canvas'); // every tile's picture, in a grid
  const atlasCtx = atlas.getContext('2d');
  // net: the latest update; shown: what the atlas holds ({ net, note } or { net, mode, nUnits,
  // count, shape, scale, range, grid, lows, highs }); job: the painting in progress ({ net, w,
  // range, count, grid, next, image, pixels, lows, highs }).
  const state = { net: null, shown: null, job: null };
  let drawn = null; // the last drawn grid, for the hover: { layout, nUnits, lows, highs }
  const shell = createViewShell(canvas, { name: 'weights', isVisible, paint, render, titleAt: (x, y) => weightTitleAt(drawn, x, y) });

  function noteFor(n) {
    if (!n) return 'Press Play or Step to see the weights';
    if (n.layerUnits.length < 3) return 'No hidden layer: no first-layer weights to picture';
    if (!n.shape) return 'Weight images need image data: a square number of features, like the 8 \u00d7 8 digits';
    if (!n.weights || n.weights.length < n.layerUnits[0] * n.layerUnits[1]) return 'Press Play or Step to see the weights';
    return null;
  }

  /** Paints the latest weights into an ImageData, unit by unit until `deadline`; true when done. */
  function paint(deadline = Infinity) {
    if (doneOrNoted(state, noteFor)) return true;
    const [rows, cols] = state.net.shape;
    if (!state.job || state.job.net !== state.net) {
      const w = firstLayerWeights(state.net.weights, state.net.layerUnits);
      // The course's limits are over all of coefs_[0], not only the units it draws.
      const range = mode === 'course' ? courseRange(state.net.weights, w.nInputs * w.nUnits) : null;
      const count = mode === 'course' ? Math.min(COURSE_UNITS, w.nUnits) : w.nUnits;
      const grid = atlasGrid(count, rows, cols);
      const image = atlasCtx.createImageData(grid.width, grid.height);
      const lows = new Float64Array(count);
      const highs = new Float64Array(count);
      state.job = { net: state.net, w, range, count, grid, next: 0, image, pixels: new Uint32Array(image.data.buffer), lows, highs };
    }
    const { w, range, count, grid, pixels } = state.job;
    const s = w.scale > 0 ? w.scale : 1; // all zero: everything mid-gray
    while (state.job.next < count) {
      const u = state.job.next;
      // Column u of the row-major nInputs x nUnits matrix: start at u, stride nUnits.
      const [lo, hi] = range
        ? paintCourse(state.net.weights, u, w.nUnits, range.vmin, range.vmax, rows, cols, pixels, grid.width, grid.x(u), grid.y(u))
        : paintGray(state.net.weights, u, w.nUnits, -s, 0.5 / s, rows, cols, pixels, grid.width, grid.x(u), grid.y(u));
      state.job.lows[u] = lo;
      state.job.highs[u] = hi;
      state.job.next += 1;
      if (state.job.next < count && performance.now() >= deadline) return false;
    }
    putAtlas(atlas, atlasCtx, state.job.image);
    state.shown = { net: state.net, mode, nUnits: w.nUnits, count, shape: state.net.shape, scale: w.scale, range, grid,
      lows: state.job.lows, highs: state.job.highs };
    state.job = null;
    return true;
  }

  /** The grid of what is shown, at this width. */
  function layoutFor(shown, width) {
    const side = Math.max(...shown.shape);
    return shown.range ? courseGridLayout(shown.count, width, side) : weightGridLayout(shown.count, width, side);
  }

  /**
   * The caption's detail and the legend's words: { detail, legend } (what the aria-label says),
   * each with shorter forms for a narrow canvas (details: [...], legends: [...], longest first).
   */
  function wordsFor({ nUnits, count, scale, range }) {
    if (range) {
      const lo = formatValue(range.vmin, 3);
      const hi = formatValue(range.vmax, 3);
      const detail = `, as in the course: units 1\u2013${count} of ${nUnits}, vmin = \u00bd min = ${lo}, vmax = \u00bd max = ${hi}`;
      const legend = `black \u2264 ${lo} \u00b7 white \u2265 ${hi} (values beyond are clipped)`;
      return {
        detail,
        legend,
        details: [detail, `, as in the course: units 1\u2013${count} of ${nUnits}`, ', as in the course'],
        legends: [legend, `black \u2264 ${lo} \u00b7 white \u2265 ${hi}`],
      };
    }
    const v = formatValue(scale, 2);
    const detail = `: ${nUnits} unit${nUnits === 1 ? '' : 's'}, shared scale \u00b1${v}`;
    const legend = `black ${MINUS}${v} \u00b7 gray 0 \u00b7 white +${v}`;
    return { detail, legend, details: [detail, `: ${nUnits} unit${nUnits === 1 ? '' : 's'}`], legends: [legend] };
  }

  /** The first of texts (longest first) that fits in `room` px with the context's font, else the last. */
  const fitting = (texts, room) => texts.find((t) => ctx.measureText(t).width <= room) ?? texts[texts.length - 1];

  function render() {
    if (!isVisible()) return;
    paint();
    const box = fitHeight(canvas, (width) => (!state.shown || state.shown.note ? NOTE_HEIGHT : layoutFor(state.shown, width).height), shell.width());
    const size = clearFrame(canvas, ctx, box);
    if (!size) return;
    drawn = null;
    canvas.dataset.mode = mode;
    delete canvas.dataset.vmin;
    delete canvas.dataset.vmax;
    if (drawNoteInstead(canvas, ctx, state.shown ? state.shown.note : noteFor(null), 'tiles', 'First-layer weights')) return;
    const { count, shape, grid, range } = state.shown;
    const [rows, cols] = shape;
    const layout = layoutFor(state.shown, size.width);
    const { tile, columns, left, top } = layout;
    const { detail, legend, details, legends } = wordsFor(state.shown);

    // Caption, then the legend: a black-to-white bar and what its ends mean.
    const title = 'First-layer weights';
    ctx.font = FONT_BOLD;
    ctx.fillStyle = INK;
    ctx.fillText(title, PAD, PAD);
    const titleW = ctx.measureText(title).width;
    ctx.font = FONT;
    ctx.fillText(fitting(details, size.width - 2 * PAD - titleW), PAD + titleW, PAD);
    const barY = PAD + HEADING + 2;
    const bar = ctx.createLinearGradient(PAD, 0, PAD + BAR_W, 0);
    bar.addColorStop(0, '#000000');
    bar.addColorStop(1, '#ffffff');
    ctx.fillStyle = bar;
    ctx.fillRect(PAD, barY, BAR_W, 10);
    ctx.strokeStyle = TILE_BORDER;
    ctx.lineWidth = 1;
    ctx.strokeRect(PAD - 0.5, barY - 0.5, BAR_W + 1, 11);
    ctx.fillStyle = INK_MUTED;
    ctx.fillText(fitting(legends, size.width - 2 * PAD - BAR_W - 8), PAD + BAR_W + 8, barY - 1);

    // Tiles: nearest-neighbour (matshow's interpolation), so each image pixel is a crisp square.
    ctx.imageSmoothingEnabled = false;
    const fit = fitImage(tile, rows, cols);
    ctx.strokeStyle = TILE_BORDER;
    for (let u = 0; u < count; u += 1) {
      const x = left + (u % columns) * (tile + GAP) + fit.dx;
      const y = top + Math.floor(u / columns) * (tile + GAP) + fit.dy;
      ctx.drawImage(atlas, grid.x(u), grid.y(u), cols, rows, x, y, fit.w, fit.h);
      ctx.strokeRect(x - 0.5, y - 0.5, fit.w + 1, fit.h + 1);
    }
    ctx.imageSmoothingEnabled = true;
    drawn = { layout, nUnits: count, lows: state.shown.lows, highs: state.shown.highs };
    canvas.dataset.tiles = String(count);
    if (range) {
      canvas.dataset.vmin = String(range.vmin);
      canvas.dataset.vmax = String(range.vmax);
    }
    canvas.setAttribute('aria-label', `${title}${detail}; one ${rows} \u00d7 ${cols} image per unit, ${legend}`);
  }

  return {
    /** New weights (or a new net); drawn by prepare()/render() (the caller schedules them). */
    update(next) {
      if (!next?.layerUnits?.length) return;
      const layerUnits = Array.from(next.layerUnits);
      const shape = validShape(next.imageShape, layerUnits[0]);
      // The same weights again (the page updates its views on every reply): nothing to repaint.
      if (state.net && state.net.weights === next.weights && sameList(state.net.layerUnits, layerUnits) && sameList(state.net.shape, shape)) return;
      state.net = { layerUnits, weights: next.weights, shape };
    },
    /** 'course' or 'all' (see above): the tiles are painted again by prepare()/render(). */
    setMode(next) {
      const m = checkMode(next);
      if (m === mode) return;
      mode = m;
      state.shown = null;
      state.job = null;
    },
    mode: () => mode,
    /** Paints the latest update's tiles until `deadline`; true while there is more to do. */
    prepare: shell.prepare,
    resize: shell.resize,
    render: shell.render,
    destroy: shell.destroy,
  };
}
