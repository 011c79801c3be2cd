// The first-layer weights as one grayscale image per unit (see weights.js).

import { FONT, FONT_BOLD, INK, INK_MUTED, MINUS, createScheduler, formatValue, observeResize, timed } from '../canvas-util.js';
import { weightTitleAt, watchHover } from './hit-test.js';
import { BAR_W, GAP, HEADING, NOTE_HEIGHT, PAD, TILE_BORDER, atlasGrid, fitImage, weightGridLayout } from './layout.js';
import { firstLayerWeights, sameList, validShape } from './maths.js';
import { clearFrame, drawNote, fitHeight, paintGray } from './painting.js';

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
  const stopHover = watchHover(canvas, (x, y) => weightTitleAt(drawn, x, y));
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

  function render() {
    if (!isVisible()) return;
    paint();
    fitHeight(canvas, (width) => (!shown || shown.note ? NOTE_HEIGHT : weightGridLayout(shown.nUnits, width).height));
    const size = clearFrame(canvas, ctx);
    if (!size) return;
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
