// The test inputs each first-layer unit answers most to (see weights.js).

import { FONT, FONT_BOLD, INK, INK_MUTED, formatValue } from '../canvas-util.js';
import { activatingRowAt, activatingTitleAt } from './hit-test.js';
import { GAP, MAX_ROWS, NOTE_HEIGHT, PAD, TILE_BORDER, activatingLayout, atlasGrid, fitImage } from './layout.js';
import { rangeOf, sameList, topRows, validShape } from './maths.js';
import { clearFrame, doneOrNoted, drawNoteInstead, fitHeight, paintGray, putAtlas } from './painting.js';
import { createViewShell } from './shell.js';

/**
 * createActivatingView(canvas, { isVisible, k, onPick }) -> { update({ layerUnits, units, nRows, xTest, nFeatures, imageShape }), prepare(deadline), render, resize, destroy }
 * A row per first-layer unit (at most 64, then "+N more units"): its label, then the k test
 * inputs that activate it most, strongest first, each as a grayscale image on its own scale
 * (0..max for non-negative pixels, else min..max). The view sets the canvas's CSS height.
 * onPick(row): a click on an image, the test row (from 0) it shows ("Follow one input").
 * @param {HTMLCanvasElement} canvas
 * @param {{ isVisible?: () => boolean, k?: number, onPick?: (row: number) => void }} [options]
 */
export function createActivatingView(canvas, { isVisible = () => true, k = 6, onPick = null } = {}) {
  const K = Math.max(1, Math.floor(k) || 1);
  const ctx = canvas.getContext('2d');
  const atlas = canvas.ownerDocument.createElement('canvas'); // count x k input images, in a grid
  const atlasCtx = atlas.getContext('2d');
  // net: the latest update; shown: what the atlas holds ({ net, note } or { net, nUnits, count,
  // k, shape, grid, top, acts }); job: the painting in progress.
  const state = { net: null, shown: null, job: null };
  let drawn = null; // { layout, count, k, top, acts }
  const shell = createViewShell(canvas, { name: 'activating', isVisible, paint, render, titleAt: (x, y) => activatingTitleAt(drawn, x, y) });
  if (onPick) {
    canvas.style.cursor = 'pointer';
    canvas.addEventListener('click', (e) => {
      const b = canvas.getBoundingClientRect();
      const row = activatingRowAt(drawn, e.clientX - b.left, e.clientY - b.top);
      if (row !== null) onPick(row);
    });
  }

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
    if (doneOrNoted(state, noteFor)) return true;
    const { units, nRows, xTest, nFeatures } = state.net;
    const [rows, cols] = state.net.shape;
    if (!state.job || state.job.net !== state.net) {
      const nUnits = state.net.layerUnits[1];
      const count = Math.min(nUnits, MAX_ROWS);
      const kk = Math.min(K, nRows);
      const grid = atlasGrid(count * kk, rows, cols);
      const image = atlasCtx.createImageData(grid.width, grid.height);
      const top = new Int32Array(count * kk);
      const acts = new Float64Array(count * kk);
      const flat = new Uint8Array(count); // 1: the unit gives every test input the same value (a dead ReLU unit: 0)
      state.job = { net: state.net, nUnits, count, k: kk, grid, next: 0, image, pixels: new Uint32Array(image.data.buffer), top, acts, flat };
    }
    const { count, k: kk, grid } = state.job;
    while (state.job.next < count) {
      const u = state.job.next;
      const best = topRows(units, u * nRows, nRows, kk);
      const [lowest, highest] = rangeOf(units, u * nRows, nRows);
      state.job.flat[u] = lowest === highest ? 1 : 0;
      for (let j = 0; j < kk; j += 1) {
        const r = best[j];
        const slot = u * kk + j;
        state.job.top[slot] = r;
        state.job.acts[slot] = units[u * nRows + r];
        const offset = r * nFeatures;
        const [min, max] = rangeOf(xTest, offset, nFeatures);
        const lo = min >= 0 ? 0 : min;
        const inv = max > lo ? 1 / (max - lo) : 0;
        paintGray(xTest, offset, 1, lo, inv, rows, cols, state.job.pixels, grid.width, grid.x(slot), grid.y(slot));
      }
      state.job.next += 1;
      if (state.job.next < count && performance.now() >= deadline) return false;
    }
    putAtlas(atlas, atlasCtx, state.job.image);
    state.shown = { net: state.net, nUnits: state.job.nUnits, count, k: kk, shape: state.net.shape, grid, top: state.job.top, acts: state.job.acts,
      flat: state.job.flat };
    state.job = null;
    return true;
  }

  function render() {
    if (!isVisible()) return;
    paint();
    const box = fitHeight(canvas, (width) => (!state.shown || state.shown.note ? NOTE_HEIGHT : activatingLayout(state.shown.nUnits, state.shown.k, width, Math.max(...state.shown.shape)).height), shell.width());
    const size = clearFrame(canvas, ctx, box);
    if (!size) return;
    drawn = null;
    if (drawNoteInstead(canvas, ctx, state.shown ? state.shown.note : noteFor(null), 'rows', 'Top test inputs per unit')) return;
    const { nUnits, count, k: kk, shape, grid, top, acts, flat } = state.shown;
    const [rows, cols] = shape;
    const layout = activatingLayout(nUnits, kk, size.width, Math.max(rows, cols));
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
      if (flat[u]) {
        // No input stands out (a ReLU unit that never fires: 0 for all): its top k would be any k.
        ctx.fillStyle = INK_MUTED;
        ctx.fillText(`${formatValue(acts[u * kk], 3)} for every test input: none stands out`, PAD + layout.label, y + tile / 2);
        continue;
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
    drawn = { layout, count, k: kk, top, acts, flat };
    canvas.dataset.rows = String(count);
    canvas.setAttribute(
      'aria-label',
      `${title}${detail}: ${count} of ${nUnits} first-layer unit${nUnits === 1 ? '' : 's'}, ${rows} \u00d7 ${cols} images`,
    );
  }

  return {
    /** New activations (or new data); drawn by prepare()/render() (the caller schedules them). */
    update(next) {
      if (!next?.layerUnits?.length) return;
      const layerUnits = Array.from(next.layerUnits);
      const nFeatures = next.nFeatures ?? layerUnits[0];
      const shape = validShape(next.imageShape, nFeatures);
      // The same activations again (the page updates its views on every reply): nothing to repaint.
      if (state.net && state.net.units === next.units && state.net.xTest === next.xTest && sameList(state.net.shape, shape)) return;
      state.net = {
        layerUnits,
        units: next.units,
        nRows: next.nRows ?? 0,
        xTest: next.xTest,
        nFeatures,
        shape,
      };
    },
    /** Paints the latest update's rows until `deadline`; true while there is more to do. */
    prepare: shell.prepare,
    resize: shell.resize,
    render: shell.render,
    destroy: shell.destroy,
  };
}
