// Hidden units as learned features, layer by layer: every hidden unit's output over the input
// plane (the engine's evaluateUnits), one small tile each, a row of tiles per layer. Blue is
// negative, orange positive, each tile scaled by its own largest |output| as in the network
// diagram's thumbnails. The tiles are painted unit by unit until a deadline, so a big net
// spreads the work over frames; the picture changes when all are painted.

import { BACKGROUND, FONT, FONT_BOLD, INK, INK_MUTED, createScheduler, fitCanvas, observeResize, timed } from './canvas-util.js';
import { taskQueue } from '../ui/tasks.js';
import { paintUnitPlane } from './heatmap.js';
import { divergingLut } from './palette.js';

const GAP = 3;
const HEADING = 20;
const PAD = 6;

/**
 * Rows of tiles for a width: { tile (CSS px: bigger when the layers are narrow), columns,
 * layers: [{ l, n, y }], height }.
 */
export function featuresLayout(hiddenUnits, width) {
  const widest = Math.max(0, ...hiddenUnits);
  const tile = widest <= 12 ? 44 : widest <= 32 ? 32 : 24;
  const columns = Math.max(1, Math.floor((width - 2 * PAD + GAP) / (tile + GAP)));
  const layers = [];
  let y = PAD;
  hiddenUnits.forEach((n, k) => {
    layers.push({ l: k + 1, n, y });
    y += HEADING + Math.ceil(n / columns) * (tile + GAP) + 4;
  });
  return { tile, columns, layers, height: Math.max(y + PAD, 60) };
}

/**
 * createFeaturesView(canvas, { isVisible }) -> { update({ layerUnits, units, unitsNx, unitsNy }), prepare(deadline), render, resize, destroy }
 * The canvas gets its width from CSS; the view sets its CSS height to fit the tiles. Nothing
 * is painted while isVisible() is false (a closed panel costs nothing while training).
 */
export function createFeaturesView(canvas, { isVisible = () => true } = {}) {
  const ctx = canvas.getContext('2d');
  const doc = canvas.ownerDocument;
  const atlas = doc.createElement('canvas'); // every hidden unit's picture, stacked vertically
  const atlasCtx = atlas.getContext('2d');
  const lut = divergingLut(1);
  let net = null;
  let painted = null; // the net whose pictures are in the atlas
  let job = null; // { net, next, image, pixels }
  let size = null;
  const scheduler = createScheduler(render, 'features', { nextTask: taskQueue() }); // its own redraws in a task after the frame
  const stopObserving = observeResize(canvas, () => resize());
  if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'img');

  const hiddenOf = (n) => (n ? Array.from(n.layerUnits).slice(1, -1) : []);

  function fitHeight() {
    const width = canvas.clientWidth;
    if (!width) return;
    const { height } = featuresLayout(hiddenOf(net), width);
    if (canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
  }

  /** Paints the latest units into an ImageData, unit by unit until `deadline`; true when done. */
  function paint(deadline = Infinity) {
    if (!net || painted === net) return true;
    const { units, unitsNx: nx, unitsNy: ny } = net;
    const total = hiddenOf(net).reduce((a, b) => a + b, 0);
    const plane = nx * ny;
    if (!units || !plane || units.length < total * plane) {
      painted = net;
      return true;
    }
    if (!job || job.net !== net) {
      const image = atlasCtx.createImageData(nx, ny * Math.max(1, total));
      job = { net, next: 0, image, pixels: new Uint32Array(image.data.buffer) };
    }
    while (job.next < total) {
      paintUnitPlane(units, job.next * plane, plane, lut, job.pixels, job.next * plane);
      job.next += 1;
      if (job.next < total && performance.now() >= deadline) return false;
    }
    if (atlas.width !== job.image.width || atlas.height !== job.image.height) {
      atlas.width = job.image.width;
      atlas.height = job.image.height;
    }
    atlasCtx.putImageData(job.image, 0, 0);
    painted = net;
    job = null;
    return true;
  }

  function render() {
    if (!isVisible()) return;
    fitHeight();
    size = fitCanvas(canvas);
    if (!size) return;
    paint();
    const hidden = hiddenOf(painted);
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    if (!hidden.length || !painted?.units) {
      ctx.font = FONT;
      ctx.fillStyle = INK_MUTED;
      ctx.fillText(hidden.length ? 'Press Play or Step to see the units' : 'No hidden layer: nothing to show', PAD, PAD);
      canvas.dataset.tiles = '0';
      canvas.setAttribute('aria-label', 'Hidden features: none yet');
      return;
    }
    const { tile, columns, layers } = featuresLayout(hidden, size.width);
    const { unitsNx: nx, unitsNy: ny } = painted;
    ctx.imageSmoothingEnabled = true;
    let row = 0;
    for (const layer of layers) {
      ctx.font = FONT_BOLD;
      ctx.fillStyle = INK;
      ctx.fillText(`hidden ${layer.l}`, PAD, layer.y);
      const titleW = ctx.measureText(`hidden ${layer.l}`).width;
      ctx.font = FONT;
      ctx.fillStyle = INK_MUTED;
      ctx.fillText(`${layer.n} unit${layer.n === 1 ? '' : 's'}`, PAD + titleW + 8, layer.y);
      for (let u = 0; u < layer.n; u += 1) {
        const x = PAD + (u % columns) * (tile + GAP);
        const y = layer.y + HEADING + Math.floor(u / columns) * (tile + GAP);
        ctx.drawImage(atlas, 0, (row + u) * ny, nx, ny, x, y, tile, tile);
        ctx.strokeStyle = 'rgba(17, 20, 24, 0.35)';
        ctx.lineWidth = 1;
        ctx.strokeRect(x - 0.5, y - 0.5, tile + 1, tile + 1);
      }
      row += layer.n;
    }
    canvas.dataset.tiles = String(row);
    canvas.dataset.layers = String(layers.length);
    canvas.setAttribute('aria-label', `Hidden features: ${layers.map((l) => `layer ${l.l}, ${l.n} units`).join('; ')}`);
  }

  function resize() {
    if (!canvas.clientWidth) return;
    scheduler.request();
  }

  return {
    /** A new net or new pictures; drawn by prepare()/render() (the caller schedules them). */
    update(next) {
      if (!next?.layerUnits?.length) return;
      net = { ...next };
    },
    /** Paints the latest update's tiles until `deadline`; true while there is more to do. */
    prepare(deadline = Infinity) {
      scheduler.cancel();
      if (!isVisible()) return false;
      return !timed('features-paint', () => paint(deadline));
    },
    resize,
    render: () => scheduler.flush(),
    destroy() {
      scheduler.cancel();
      stopObserving();
    },
  };
}
