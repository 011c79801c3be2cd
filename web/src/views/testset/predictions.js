// For regression: each test row's prediction against its true value, around the dashed
// diagonal predicted = true.
import { AXIS_LINE, BACKGROUND, FONT, FONT_BOLD, GRID_LINE, INK, INK_MUTED, fitCanvas, formatTick, niceTicks } from '../canvas-util.js';
import { classColor } from '../palette.js';
import { DASH, sharedRange } from './labels.js';
import { MANY_POINTS, MAX_SCATTER, drawDot, fillSquares } from './marks.js';

/** The plot's label while it has no points. */
export const PRED_EMPTY_LABEL = 'Predicted against true value on the test set: no points';

/**
 * Draws the predicted-against-true plot on canvas (its 2D context c): n test rows of state's
 * yTest (state null before data), predictions (null before training) and regReport
 * (regressionReport); known: the canvas's CSS size if known (see drawScatter). Sets the canvas's
 * data-points and aria-label.
 */
export function drawPredictions(predCanvas, c, state, predictions, regReport, known = null) {
  const size = fitCanvas(predCanvas, known);
  if (!size) return;
  const { width, height, dpr } = size;
  c.setTransform(dpr, 0, 0, dpr, 0, 0);
  c.fillStyle = BACKGROUND;
  c.fillRect(0, 0, width, height);
  const n = state?.yTest?.length ?? 0;
  predCanvas.dataset.points = '0';
  if (!n) {
    c.font = FONT;
    c.fillStyle = INK_MUTED;
    c.textAlign = 'center';
    c.textBaseline = 'middle';
    c.fillText(state ? 'No test points to show' : 'No data yet', width / 2, height / 2);
    predCanvas.setAttribute('aria-label', PRED_EMPTY_LABEL);
    return;
  }
  const yTest = state.yTest;
  const [lo, hi] = sharedRange(yTest, predictions);
  const { ticks, step } = niceTicks(lo, hi, 5);
  const labels = ticks.map((t) => formatTick(t, step));

  // Legend on the first line: the point marker and the dashed diagonal.
  c.font = FONT;
  c.textBaseline = 'middle';
  c.textAlign = 'left';
  drawDot(c, 13, 12, 4, n);
  c.fillStyle = INK;
  c.fillText('test row', 23, 12);
  const x2 = 23 + c.measureText('test row').width + 16;
  c.strokeStyle = INK_MUTED;
  c.lineWidth = 1.5;
  c.setLineDash([5, 4]);
  c.beginPath();
  c.moveTo(x2, 12.5);
  c.lineTo(x2 + 22, 12.5);
  c.stroke();
  c.setLineDash([]);
  c.fillText('predicted = true', x2 + 28, 12);

  let labelWidth = 0;
  for (const label of labels) labelWidth = Math.max(labelWidth, c.measureText(label).width);
  const box = { left: Math.ceil(30 + labelWidth + 6), top: 28, right: width - 12, bottom: height - 36 };
  if (box.right - box.left < 20 || box.bottom - box.top < 20) return;
  const sx = (box.right - box.left) / (hi - lo);
  const sy = (box.bottom - box.top) / (hi - lo);
  const px = (v) => box.left + (v - lo) * sx;
  const py = (v) => box.bottom - (v - lo) * sy;

  // Grid and tick labels: the same values on both axes.
  c.strokeStyle = GRID_LINE;
  c.lineWidth = 1;
  c.beginPath();
  for (const t of ticks) {
    const x = Math.round(px(t)) + 0.5;
    const y = Math.round(py(t)) + 0.5;
    c.moveTo(x, box.top);
    c.lineTo(x, box.bottom);
    c.moveTo(box.left, y);
    c.lineTo(box.right, y);
  }
  c.stroke();
  c.strokeStyle = AXIS_LINE;
  c.strokeRect(box.left + 0.5, box.top + 0.5, box.right - box.left - 1, box.bottom - box.top - 1);
  c.fillStyle = INK_MUTED;
  c.textAlign = 'center';
  c.textBaseline = 'top';
  ticks.forEach((t, k) => c.fillText(labels[k], px(t), box.bottom + 4));
  c.textAlign = 'right';
  c.textBaseline = 'middle';
  ticks.forEach((t, k) => c.fillText(labels[k], box.left - 5, py(t)));

  c.font = FONT_BOLD;
  c.fillStyle = INK;
  c.textAlign = 'center';
  c.textBaseline = 'bottom';
  c.fillText('true value', (box.left + box.right) / 2, height - 4);
  c.save();
  c.translate(14, (box.top + box.bottom) / 2);
  c.rotate(-Math.PI / 2);
  c.textBaseline = 'middle';
  c.fillText('predicted', 0, 0);
  c.restore();

  c.save();
  c.beginPath();
  c.rect(box.left + 1, box.top + 1, box.right - box.left - 2, box.bottom - box.top - 2);
  c.clip();
  // y = x: where a perfect model's points lie.
  c.strokeStyle = INK_MUTED;
  c.lineWidth = 1.5;
  c.setLineDash([6, 5]);
  c.beginPath();
  c.moveTo(px(lo), py(lo));
  c.lineTo(px(hi), py(hi));
  c.stroke();
  c.setLineDash([]);
  let drawn = 0;
  if (predictions) {
    const r = n <= 300 ? 4 : n <= 2000 ? 3 : 2;
    // As in the scatter: at most MAX_SCATTER points (every stride-th row), and many as one path.
    const stride = Math.ceil(n / MAX_SCATTER);
    const many = n > MANY_POINTS ? [] : null;
    for (let i = 0; i < n && i < predictions.length; i += stride) {
      const t = yTest[i];
      const p = predictions[i];
      if (!(Number.isFinite(t) && Number.isFinite(p))) continue;
      if (many) many.push(px(t), py(p));
      else drawDot(c, px(t), py(p), r, n);
      drawn += 1;
    }
    if (many) {
      c.globalAlpha = 0.6;
      fillSquares(c, new Map([[classColor(0), many]]), r);
      c.globalAlpha = 1;
    }
  }
  c.restore();

  predCanvas.dataset.points = String(drawn);
  const r2 = regReport && Number.isFinite(regReport.r2) ? regReport.r2.toFixed(3) : DASH;
  predCanvas.setAttribute(
    'aria-label',
    predictions
      ? `Predicted against true value for ${drawn} test point${drawn === 1 ? '' : 's'}, R\u00b2 ${r2}; the dashed line marks predicted = true`
      : `Predicted against true value: not trained yet, ${n} test row${n === 1 ? '' : 's'}`,
  );
}
