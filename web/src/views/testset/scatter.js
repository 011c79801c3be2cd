// The test set in the plane of the first two principal components: each test row a point
// coloured by its true class, the misclassified ringed, under a legend of the classes.
import { AXIS_LINE, BACKGROUND, FONT, FONT_BOLD, GRID_LINE, INK, INK_MUTED, fitCanvas } from '../canvas-util.js';
import { classColor } from '../palette.js';
import { isClass } from '../../data/metrics.js';
import { varianceLabel } from './labels.js';
import { MANY_POINTS, MAX_SCATTER, drawManyWrong, drawPoint, fillSquares } from './marks.js';
import { thousands } from '../../state/thousands.js';

/** Points whose label is not one of the classes (a malformed file). */
const UNKNOWN_CLASS = '#bbbbbb';
/** Legends list the classes up to this many; beyond it the colours repeat anyway. */
const LEGEND_MAX = 10;

/** The legend: class swatches then the misclassified marker, wrapped to the width; returns its height. */
export function drawLegend(c, width, names) {
  const items = names.length <= LEGEND_MAX ? names.map((name, k) => ({ name, color: classColor(k) })) : [];
  if (names.length > LEGEND_MAX) items.push({ name: `${names.length} classes (colours repeat)`, color: null });
  items.push({ name: 'misclassified', ring: true });
  c.font = FONT;
  c.textBaseline = 'middle';
  c.textAlign = 'left';
  let x = 8;
  let y = 12;
  for (const item of items) {
    const w = 16 + c.measureText(item.name).width + 12;
    if (x > 8 && x + w > width - 8) {
      x = 8;
      y += 18;
    }
    if (item.ring) drawPoint(c, x + 5, y, 3, null, true);
    else if (item.color) drawPoint(c, x + 5, y, 4.5, item.color, false);
    c.fillStyle = item.color === null ? INK_MUTED : INK;
    c.fillText(item.name, x + 15, y);
    x += w;
  }
  return y + 12;
}

/**
 * The ranges the plot spans, [x0, x1, y0, y1], over the n (x, y) pairs of xy that are finite;
 * an empty range widens to +-1 around its value (or [-1, 1]). The view keeps them with the
 * points: a big test set's 25,000 pairs need not be read again at every redraw.
 */
export function plotBounds(xy, n) {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  const spread = (lo, hi) => (hi > lo ? [lo, hi] : Number.isFinite(lo) ? [lo - 1, lo + 1] : [-1, 1]);
  return [...spread(x0, x1), ...spread(y0, y1)];
}

/**
 * Draws the scatter on canvas (its 2D context ctx): state is the view's ({ classNames, yTest,
 * predicted }, or null before data), plot the projected test points ({ xy, n, basis, bounds?
 * (plotBounds) }, or null: a note instead), known the canvas's CSS size if known ({ width,
 * height }: fitCanvas reads no layout). Sets the canvas's data-points, data-wrong and aria-label.
 */
export function drawScatter(canvas, ctx, state, plot, known = null) {
  const size = fitCanvas(canvas, known);
  if (!size) return;
  const { width, height, dpr } = size;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  const names = (state?.classNames ?? []).map(String);
  if (!plot) {
    ctx.font = FONT;
    ctx.fillStyle = INK_MUTED;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(state ? 'No test points to show' : 'No data yet', width / 2, height / 2);
    canvas.dataset.points = '0';
    canvas.dataset.wrong = '0';
    canvas.setAttribute('aria-label', 'Test set in the plane of the first two principal components: no points');
    return;
  }
  const top = drawLegend(ctx, width, names) + 4;
  const box = { left: 40, top, right: width - 10, bottom: height - 30 };
  if (box.right - box.left < 20 || box.bottom - box.top < 20) return;

  const { xy, n, basis } = plot;
  const [x0, x1, y0, y1] = plot.bounds ?? plotBounds(xy, n);
  const r = n <= 300 ? 4 : n <= 2000 ? 3 : 2;
  // The outermost points' rings (r + 4 with their halo) stay inside the frame, with 2 px to spare.
  const inset = r + 6;
  const sx = (box.right - box.left - 2 * inset) / (x1 - x0);
  const sy = (box.bottom - box.top - 2 * inset) / (y1 - y0);
  const px = (x) => box.left + inset + (x - x0) * sx;
  const py = (y) => box.bottom - inset - (y - y0) * sy;

  // Frame, and the axes through the mean of the training rows when they cross the plot.
  ctx.strokeStyle = GRID_LINE;
  ctx.lineWidth = 1;
  ctx.beginPath();
  if (x0 < 0 && x1 > 0) {
    ctx.moveTo(Math.round(px(0)) + 0.5, box.top);
    ctx.lineTo(Math.round(px(0)) + 0.5, box.bottom);
  }
  if (y0 < 0 && y1 > 0) {
    ctx.moveTo(box.left, Math.round(py(0)) + 0.5);
    ctx.lineTo(box.right, Math.round(py(0)) + 0.5);
  }
  ctx.stroke();
  ctx.strokeStyle = AXIS_LINE;
  ctx.strokeRect(box.left + 0.5, box.top + 0.5, box.right - box.left - 1, box.bottom - box.top - 1);

  ctx.font = FONT_BOLD;
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(varianceLabel(0, basis.explained[0]), (box.left + box.right) / 2, height - 8);
  ctx.save();
  ctx.translate(16, (box.top + box.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(varianceLabel(1, basis.explained[1]), 0, 0);
  ctx.restore();

  const { yTest, predicted } = state;
  const K = names.length;
  const colorOf = (t) => (isClass(t, K) ? classColor(t) : UNKNOWN_CLASS);
  const wrongRows = [];
  let drawn = 0;
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left + 1, box.top + 1, box.right - box.left - 2, box.bottom - box.top - 2);
  ctx.clip();
  // Many points (a big CSV file's test set) are drawn as small squares, a colour at a time, and
  // their rings as squares too: round points one by one, or paths of thousands of shapes, take
  // the page (and the rasterizer) tens to hundreds of milliseconds.
  const many = n > MANY_POINTS;
  const squares = new Map(); // colour -> [x, y, ...] of the correct points (many)
  // At most MAX_SCATTER points, every stride-th row: more would only overplot (and take long).
  const stride = Math.ceil(n / MAX_SCATTER);
  for (let i = 0; i < n; i += stride) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
    drawn += 1;
    const wrong = Boolean(predicted) && i < predicted.length && predicted[i] !== yTest[i];
    // The misclassified go last, so no correct point hides their ring.
    if (wrong) wrongRows.push(i);
    else if (!many) drawPoint(ctx, px(x), py(y), r, colorOf(yTest[i]), false);
    else {
      const color = colorOf(yTest[i]);
      if (!squares.has(color)) squares.set(color, []);
      squares.get(color).push(px(x), py(y));
    }
  }
  if (many) {
    fillSquares(ctx, squares, r);
    drawManyWrong(ctx, wrongRows, (i) => px(xy[2 * i]), (i) => py(xy[2 * i + 1]), r, (i) => colorOf(yTest[i]));
  } else {
    for (const i of wrongRows) drawPoint(ctx, px(xy[2 * i]), py(xy[2 * i + 1]), r, colorOf(yTest[i]), true);
  }
  ctx.restore();

  canvas.dataset.points = String(drawn);
  canvas.dataset.wrong = String(wrongRows.length);
  const pcs = `${varianceLabel(0, basis.explained[0])}, ${varianceLabel(1, basis.explained[1])}`;
  const outcome = predicted ? `${wrongRows.length} misclassified (ringed)` : 'not classified yet';
  const sample = stride > 1 ? ` (every ${stride === 2 ? '2nd' : stride === 3 ? '3rd' : `${stride}th`} of ${thousands(n)} test rows)` : '';
  canvas.setAttribute('aria-label', `Test set in the plane of the first two principal components (${pcs}): ${drawn} point${drawn === 1 ? '' : 's'}${sample} coloured by true class, ${outcome}`);
}
