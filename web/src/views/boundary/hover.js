// The data plane's hover: a dashed cross-hair, the prediction marked on a 1-D curve, and a
// tooltip with the coordinates, the model's output and the nearest point.

import { drawTooltip, formatFixed, formatValue } from '../canvas-util.js';
import { classColor, divergingCss } from '../palette.js';
import { nearestPoint, sampleGrid } from './hit-test.js';
import { CURVE_COLOR } from './painting.js';
import { classLabel, is1d, nTargets, regressionRange } from './scene.js';

/** Cursor coordinates to a precision that suits the axis: about 1/200 of its range. */
const coordinate = (v, range) => formatFixed(v, range / 200);

/** The tooltip's rows at data point (x, y): the coordinates, the output there, the nearest point. */
function hoverRows(view, L, x, y) {
  const rows = [];
  const out = sampleGrid(view, x, y);
  const X = coordinate(x, L.rect.xMax - L.rect.xMin);
  if (is1d(view)) {
    rows.push({ text: `${view.axes.x ?? 'x'} ${X}` });
    if (out) {
      const v = view.task === 'regression' ? out[0] : out.length === 1 ? out[0] : out[1];
      const name = view.task === 'regression' ? 'prediction' : out.length <= 2 ? `P(${classLabel(view, 1)})` : 'predicted';
      const value = out.length > 2 && view.task !== 'regression' ? classLabel(view, argmax(out)) : formatValue(v, 3);
      rows.push({ text: `${name} ${value}`, color: CURVE_COLOR, marker: 'line' });
    }
  } else {
    rows.push({ text: `${view.axes.x ?? 'x'} ${X}   ${view.axes.y ?? 'y'} ${coordinate(y, L.rect.yMax - L.rect.yMin)}` });
    if (out && view.task === 'regression') {
      const [lo, hi] = regressionRange(view);
      rows.push({ text: `prediction ${formatValue(out[0], 4)}`, color: divergingCss(((out[0] - lo) / (hi - lo)) * 2 - 1) });
    } else if (out && out.length <= 2) {
      const p = out.length === 2 ? out[1] : out[0];
      rows.push({ text: `P(${classLabel(view, 1)}) ${formatValue(p, 3)}`, color: classColor(p >= 0.5 ? 1 : 0) });
    } else if (out) {
      const order = out.map((p, k) => [p, k]).sort((a, b) => b[0] - a[0]).slice(0, 3);
      for (const [p, k] of order) rows.push({ text: `${classLabel(view, k)} ${(Math.max(0, p) * 100).toFixed(1)}%`, color: classColor(k) });
    }
  }
  const near = nearestPoint(view, L, view.hover.x, view.hover.y);
  if (near) {
    const ys = near.part === 'train' ? view.data.yTrain : view.data.yTest;
    const t = ys[near.index * nTargets(view)];
    const what = view.task === 'regression' ? `y ${formatValue(t, 4)}` : classLabel(view, Math.round(t));
    rows.push({ text: `${near.part} point ${near.index}: ${what}`, muted: true });
  }
  return rows;
}

/** The cross-hair at the pointer (view.hover), the 1-D prediction marked, and the tooltip. */
export function drawHover(view, c, L) {
  const { plot } = L;
  const { x: hx, y: hy } = view.hover;
  if (hx < plot.x || hx > plot.x + plot.w || hy < plot.y || hy > plot.y + plot.h) return;
  const vx = Math.round(hx) + 0.5;
  c.save();
  c.beginPath();
  c.rect(plot.x, plot.y, plot.w, plot.h);
  c.clip();
  c.setLineDash([3, 3]);
  c.strokeStyle = 'rgba(17, 20, 24, 0.45)';
  c.lineWidth = 1;
  c.beginPath();
  c.moveTo(vx, plot.y);
  c.lineTo(vx, plot.y + plot.h);
  if (!is1d(view)) {
    c.moveTo(plot.x, Math.round(hy) + 0.5);
    c.lineTo(plot.x + plot.w, Math.round(hy) + 0.5);
  }
  c.stroke();
  c.setLineDash([]);
  const out = is1d(view) ? sampleGrid(view, L.dx(hx), 0) : null;
  if (out) {
    // 1-D: the prediction at the cursor's x, marked on the curve.
    const v = view.task === 'regression' ? out[0] : out.length <= 2 ? out[out.length - 1] : argmax(out);
    c.beginPath();
    c.arc(hx, L.py(v), 4.5, 0, Math.PI * 2);
    c.fillStyle = CURVE_COLOR;
    c.fill();
    c.lineWidth = 1.5;
    c.strokeStyle = '#ffffff';
    c.stroke();
  }
  c.restore();
  drawTooltip(c, hx, hy, hoverRows(view, L, L.dx(hx), L.dy(hy)), { x: 0, y: 0, w: view.size.width, h: view.size.height });
}

/** The index of the largest value. */
function argmax(values) {
  let best = 0;
  for (let k = 1; k < values.length; k += 1) if (values[k] > values[best]) best = k;
  return best;
}
