// Tune's pictures on canvas: the score curve (a validation curve, a learning curve, or a search
// over one hyperparameter: the training and the cross-validation score, each with its spread
// over the folds) and the heatmap of the mean CV score over two hyperparameters.
import { AXIS_LINE, BACKGROUND, FONT, FONT_BOLD, GRID_LINE, INK, INK_MUTED, fitCanvas, formatValue, niceTicks, formatTick } from '../canvas-util.js';

const TRAIN = '#d1495b';
const TEST = '#2b6cb0';

/** Viridis-like ramp, t in [0, 1] -> css colour (low scores dark purple, high yellow). */
const RAMP = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
function rampCss(t) {
  if (!Number.isFinite(t)) return 'rgb(220, 220, 220)';
  const x = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const c = RAMP[i].map((v, k) => Math.round(v + (RAMP[i + 1][k] - v) * f));
  return `rgb(${c.join(', ')})`;
}
/** Dark text on the light end of the ramp, white on the dark end. */
const textOn = (t) => (Number.isFinite(t) && t > 0.6 ? INK : '#ffffff');

/** The canvas sized to its box and cleared: { c, width, height } (CSS pixels), or null when not shown. */
function clear(canvas) {
  const size = fitCanvas(canvas);
  if (!size) return null;
  const { width, height, dpr } = size;
  const c = canvas.getContext('2d');
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  c.fillStyle = BACKGROUND;
  c.fillRect(0, 0, width, height);
  return { c, width, height };
}

/** The axes' names: x centred under the box, y turned up along its left edge at x = yAt. */
function axisTitles(c, { xLabel, yLabel, box, height, yAt }) {
  c.fillStyle = INK;
  c.font = FONT_BOLD;
  c.textAlign = 'center';
  c.textBaseline = 'top';
  c.fillText(xLabel, (box.left + box.right) / 2, height - 18);
  c.save();
  c.translate(yAt, (box.top + box.bottom) / 2);
  c.rotate(-Math.PI / 2);
  c.textBaseline = 'middle';
  c.fillText(yLabel, 0, 0);
  c.restore();
}

/**
 * Draws the score curve. points: [{ label, x?, train: {mean, std}, test: {mean, std} }] in x
 * order (x: a number for a numeric axis, e.g. training sizes; else the points are evenly
 * spaced and labelled); xLabel, yLabel: the axes' names; best: the index to mark, or -1.
 */
export function drawScoreCurve(canvas, { points, xLabel, yLabel, best = -1 }) {
  const blank = clear(canvas);
  if (!blank) return;
  const { c, width, height } = blank;
  const box = { left: 52, top: 28, right: width - 14, bottom: height - 42 };
  if (!points.length || box.right - box.left < 40) return;
  const values = points.flatMap((p) => [p.train, p.test]).flatMap((s) => [s.mean - s.std, s.mean + s.std]).filter(Number.isFinite);
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (hi - lo < 0.02) [lo, hi] = [lo - 0.01, hi + 0.01];
  const pad = (hi - lo) * 0.06;
  lo -= pad;
  hi += pad;
  const numeric = points.every((p) => Number.isFinite(p.x));
  const xs = numeric ? points.map((p) => p.x) : points.map((_, i) => i);
  const [x0, x1] = numeric ? [Math.min(...xs), Math.max(...xs)] : [-0.5, points.length - 0.5];
  const span = x1 - x0 || 1;
  const px = (x) => box.left + ((x - (numeric && x1 === x0 ? x0 - 0.5 : x0)) / (numeric && x1 === x0 ? 1 : span)) * (box.right - box.left);
  const py = (y) => box.bottom - ((y - lo) / (hi - lo)) * (box.bottom - box.top);

  c.font = FONT;
  c.lineWidth = 1;
  const { ticks, step } = niceTicks(lo, hi, 5);
  c.textAlign = 'right';
  c.textBaseline = 'middle';
  for (const t of ticks) {
    c.strokeStyle = GRID_LINE;
    c.beginPath();
    c.moveTo(box.left, Math.round(py(t)) + 0.5);
    c.lineTo(box.right, Math.round(py(t)) + 0.5);
    c.stroke();
    c.fillStyle = INK_MUTED;
    c.fillText(formatTick(t, step), box.left - 6, py(t));
  }
  c.strokeStyle = AXIS_LINE;
  c.strokeRect(box.left + 0.5, box.top + 0.5, box.right - box.left - 1, box.bottom - box.top - 1);
  c.textAlign = 'center';
  c.textBaseline = 'top';
  const every = Math.max(1, Math.ceil((points.length * 54) / (box.right - box.left)));
  points.forEach((p, i) => {
    if (i % every === 0) c.fillText(p.label, px(xs[i]), box.bottom + 6);
  });
  axisTitles(c, { xLabel, yLabel, box, height, yAt: 14 });

  for (const [key, colour] of [['train', TRAIN], ['test', TEST]]) {
    const shown = points.map((p, i) => ({ i, s: p[key] })).filter(({ s }) => Number.isFinite(s.mean));
    if (!shown.length) continue;
    c.fillStyle = `${colour}33`;
    c.beginPath();
    shown.forEach(({ i, s }, k) => (k ? c.lineTo : c.moveTo).call(c, px(xs[i]), py(s.mean + s.std)));
    for (let k = shown.length - 1; k >= 0; k -= 1) c.lineTo(px(xs[shown[k].i]), py(shown[k].s.mean - shown[k].s.std));
    c.closePath();
    c.fill();
    c.strokeStyle = colour;
    c.lineWidth = 2;
    c.beginPath();
    shown.forEach(({ i, s }, k) => (k ? c.lineTo : c.moveTo).call(c, px(xs[i]), py(s.mean)));
    c.stroke();
    c.fillStyle = colour;
    for (const { i, s } of shown) {
      c.beginPath();
      c.arc(px(xs[i]), py(s.mean), 3, 0, 2 * Math.PI);
      c.fill();
    }
  }
  if (best >= 0 && Number.isFinite(points[best]?.test.mean)) {
    c.strokeStyle = INK;
    c.lineWidth = 1.5;
    c.beginPath();
    c.arc(px(xs[best]), py(points[best].test.mean), 7, 0, 2 * Math.PI);
    c.stroke();
  }
  // The legend, top left.
  c.font = FONT;
  c.textAlign = 'left';
  c.textBaseline = 'middle';
  let x = box.left;
  for (const [text, colour] of [['training score', TRAIN], ['cross-validation score (mean ± std over folds)', TEST]]) {
    c.fillStyle = colour;
    c.fillRect(x, 10, 14, 4);
    c.fillStyle = INK;
    c.fillText(text, x + 18, 12);
    x += 26 + c.measureText(text).width;
  }
}

/**
 * Draws the heatmap of mean CV scores: cols and rows are the two hyperparameters' value labels,
 * cell(i, j) -> { mean, done } (column i, row j; done: the fits in so far); best: [i, j] or null.
 */
export function drawHeatmap(canvas, { cols, rows, cell, xLabel, yLabel, best = null }) {
  const blank = clear(canvas);
  if (!blank) return;
  const { c, width, height } = blank;
  c.font = FONT;
  const rowLabelWidth = Math.max(...rows.map((r) => c.measureText(r).width), 10);
  const box = { left: Math.ceil(rowLabelWidth) + 34, top: 10, right: width - 10, bottom: height - 44 };
  const cw = (box.right - box.left) / cols.length;
  const ch = (box.bottom - box.top) / rows.length;
  if (cw < 8 || ch < 8) return;
  const means = [];
  for (let i = 0; i < cols.length; i += 1) for (let j = 0; j < rows.length; j += 1) means.push(cell(i, j).mean);
  const finite = means.filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const t = (v) => (hi > lo ? (v - lo) / (hi - lo) : 1);
  c.textAlign = 'center';
  c.textBaseline = 'middle';
  for (let i = 0; i < cols.length; i += 1) {
    for (let j = 0; j < rows.length; j += 1) {
      const { mean, done } = cell(i, j);
      const x = box.left + i * cw;
      const y = box.top + j * ch;
      c.fillStyle = done ? rampCss(t(mean)) : '#eef0f2';
      c.fillRect(x + 1, y + 1, cw - 2, ch - 2);
      if (done && cw > 34 && ch > 14) {
        c.fillStyle = textOn(t(mean));
        c.fillText(formatValue(mean, 3), x + cw / 2, y + ch / 2);
      }
    }
  }
  if (best) {
    c.strokeStyle = INK;
    c.lineWidth = 2.5;
    c.strokeRect(box.left + best[0] * cw + 1.5, box.top + best[1] * ch + 1.5, cw - 3, ch - 3);
  }
  c.fillStyle = INK_MUTED;
  c.textBaseline = 'top';
  cols.forEach((label, i) => c.fillText(label, box.left + (i + 0.5) * cw, box.bottom + 5));
  c.textAlign = 'right';
  c.textBaseline = 'middle';
  rows.forEach((label, j) => c.fillText(label, box.left - 6, box.top + (j + 0.5) * ch));
  axisTitles(c, { xLabel, yLabel, box, height, yAt: 12 });
}
