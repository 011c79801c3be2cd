// The first-layer weights as one grayscale image per unit (see weights.js).

import { FONT, FONT_BOLD, INK, INK_MUTED, MINUS, formatValue } from '../canvas-util.js';
import { weightTitleAt } from './hit-test.js';
import { BAR_W, GAP, HEADING, NOTE_HEIGHT, PAD, TILE_BORDER, atlasGrid, fitImage, weightGridLayout } from './layout.js';
import { firstLayerWeights, sameList, validShape } from './maths.js';
import { clearFrame, doneOrNoted, drawNoteInstead, fitHeight, paintGray, putAtlas } from './painting.js';
import { createViewShell } from './shell.js';

/**
 * createWeightImagesView(canvas, { isVisible }) -> { update({ layerUnits, weights, imageShape }), prepare(deadline), render, resize, destroy }
 * One grayscale tile per first-layer unit, all on the scale ±max|w| over coefs_[0] (black the
 * most negative weight, mid-gray 0, white the most positive). scikit-learn's MNIST example
 * uses vmin/vmax = 0.5 x min/max, which saturates the strongest weights; the symmetric full
 * scale used here keeps 0 at mid-gray and clips nothing. The canvas gets its width from CSS;
 * the view sets its CSS height. Nothing is painted while isVisible() is false.
 * @param {HTMLCanvasElement} canvas
 * @param {{ isVisible?: () => boolean }} [options]
 */
export function createWeightImagesView(canvas, { isVisible = () => true } = {}) {
  const ctx = canvas.getContext('2d');
  const atlas = canvas.ownerDocument.createElement('canvas'); // every unit's picture, in a grid
  const atlasCtx = atlas.getContext('2d');
  // net: the latest update; shown: what the atlas holds ({ net, note } or { net, nUnits, shape,
  // scale, grid, lows, highs }); job: the painting in progress ({ net, w, grid, next, image,
  // pixels, lows, highs }).
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
      const grid = atlasGrid(w.nUnits, rows, cols);
      const image = atlasCtx.createImageData(grid.width, grid.height);
      const lows = new Float64Array(w.nUnits);
      const highs = new Float64Array(w.nUnits);
      state.job = { net: state.net, w, grid, next: 0, image, pixels: new Uint32Array(image.data.buffer), lows, highs };
    }
    const { w, grid } = state.job;
    const s = w.scale > 0 ? w.scale : 1; // all zero: everything mid-gray
    while (state.job.next < w.nUnits) {
      const u = state.job.next;
      // Column u of the row-major nInputs x nUnits matrix: start at u, stride nUnits.
      const [lo, hi] = paintGray(state.net.weights, u, w.nUnits, -s, 0.5 / s, rows, cols, state.job.pixels, grid.width, grid.x(u), grid.y(u));
      state.job.lows[u] = lo;
      state.job.highs[u] = hi;
      state.job.next += 1;
      if (state.job.next < w.nUnits && performance.now() >= deadline) return false;
    }
    putAtlas(atlas, atlasCtx, state.job.image);
    state.shown = { net: state.net, nUnits: w.nUnits, shape: state.net.shape, scale: w.scale, grid, lows: state.job.lows, highs: state.job.highs };
    state.job = null;
    return true;
  }

  function render() {
    if (!isVisible()) return;
    paint();
    const box = fitHeight(canvas, (width) => (!state.shown || state.shown.note ? NOTE_HEIGHT : weightGridLayout(state.shown.nUnits, width).height), shell.width());
    const size = clearFrame(canvas, ctx, box);
    if (!size) return;
    drawn = null;
    if (drawNoteInstead(canvas, ctx, state.shown ? state.shown.note : noteFor(null), 'tiles', 'First-layer weights')) return;
    const { nUnits, shape, scale, grid } = state.shown;
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
    drawn = { layout, nUnits, lows: state.shown.lows, highs: state.shown.highs };
    canvas.dataset.tiles = String(nUnits);
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
    /** Paints the latest update's tiles until `deadline`; true while there is more to do. */
    prepare: shell.prepare,
    resize: shell.resize,
    render: shell.render,
    destroy: shell.destroy,
  };
}
