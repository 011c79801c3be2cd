// The data plane's painting: the heatmap scaled up, the grid lines, pinned runs' boundaries,
// the contour or the 1-D curve, the tick labels, the axes' names and the colour bar, from a
// layout (layout.js) and the view's state (boundary.js).

import { AXIS_LINE, FONT, GRID_LINE, INK, INK_MUTED, formatTick } from '../canvas-util.js';
import { divergingCss } from '../palette.js';
import { AXIS_NAME_SPACE } from './layout.js';
import { regressionRange } from './scene.js';

export const CURVE_COLOR = '#D55E00';
export const CONTOUR_COLOR = 'rgba(17, 20, 24, 0.6)';

/** text, cut with an ellipsis to fit `width` px in the context's font. */
function fitText(c, text, width) {
  if (c.measureText(text).width <= width) return text;
  let n = text.length;
  while (n > 1 && c.measureText(`${text.slice(0, n)}…`).width > width) n -= 1;
  return `${text.slice(0, n)}…`;
}

/** The heat canvas (one pixel per grid point) drawn over the grid's rectangle, smoothed. */
export function drawHeat(view, c, L, heat) {
  const { nx, ny } = view.grid;
  // Pixel centres sit on the grid points, so the image extends half a cell past the rectangle.
  const hx = (view.grid.xMax - view.grid.xMin) / (nx - 1) / 2;
  const hy = (view.grid.yMax - view.grid.yMin) / (ny - 1) / 2;
  const x0 = L.px(view.grid.xMin - hx);
  const x1 = L.px(view.grid.xMax + hx);
  const y0 = L.py(view.grid.yMax + hy);
  const y1 = L.py(view.grid.yMin - hy);
  c.imageSmoothingEnabled = true;
  c.imageSmoothingQuality = 'low'; // bilinear, and fast
  c.drawImage(heat, 0, 0, nx, ny, x0, y0, x1 - x0, y1 - y0);
}

/** The grid lines at the ticks, and the axes through the origin a little stronger. */
export function drawGridLines(c, L) {
  const { plot } = L;
  c.lineWidth = 1;
  c.beginPath();
  for (const v of L.xt.ticks) {
    const x = Math.round(L.px(v)) + 0.5;
    c.moveTo(x, plot.y);
    c.lineTo(x, plot.y + plot.h);
  }
  for (const v of L.yt.ticks) {
    const y = Math.round(L.py(v)) + 0.5;
    c.moveTo(plot.x, y);
    c.lineTo(plot.x + plot.w, y);
  }
  c.strokeStyle = GRID_LINE;
  c.stroke();
  // The axes through the origin, a little stronger.
  c.beginPath();
  if (L.rect.xMin < 0 && L.rect.xMax > 0) {
    const x = Math.round(L.px(0)) + 0.5;
    c.moveTo(x, plot.y);
    c.lineTo(x, plot.y + plot.h);
  }
  if (L.rect.yMin < 0 && L.rect.yMax > 0) {
    const y = Math.round(L.py(0)) + 0.5;
    c.moveTo(plot.x, y);
    c.lineTo(plot.x + plot.w, y);
  }
  c.strokeStyle = 'rgba(31, 35, 40, 0.2)';
  c.stroke();
}

/** Pinned runs' decision boundaries, dashed, under the current one. */
export function drawGhosts(view, c, L) {
  c.lineWidth = 2;
  c.lineCap = 'round';
  c.setLineDash([6, 4]);
  for (const ghost of view.ghosts) {
    c.beginPath();
    for (const line of ghost.lines) {
      c.moveTo(L.px(line[0]), L.py(line[1]));
      for (let k = 2; k + 1 < line.length; k += 2) c.lineTo(L.px(line[k]), L.py(line[k + 1]));
    }
    c.strokeStyle = ghost.color;
    c.stroke();
  }
  c.setLineDash([]);
  c.lineCap = 'butt';
}

/** The decision boundary traced on the grid shown (contourLines, grid units). */
export function drawContour(view, c, L) {
  const g = view.contourGrid ?? view.grid;
  const ax = (g.xMax - g.xMin) / (g.nx - 1);
  const ay = (g.yMax - g.yMin) / (g.ny - 1);
  const gx = (i) => L.px(g.xMin + i * ax);
  const gy = (j) => L.py(g.yMax - j * ay);
  c.beginPath();
  for (const line of view.contourLines) {
    c.moveTo(gx(line[0]), gy(line[1]));
    for (let k = 2; k < line.length; k += 2) c.lineTo(gx(line[k]), gy(line[k + 1]));
  }
  c.lineWidth = 1.5;
  c.lineCap = 'round';
  c.lineJoin = 'round';
  c.strokeStyle = CONTOUR_COLOR;
  c.stroke();
  c.lineCap = 'butt';
  c.lineJoin = 'miter';
}

function curveValue(view, i) {
  const { channels, values } = view.grid;
  if (view.task === 'regression') return values[i * channels];
  if (channels <= 2) return values[i * channels + (channels === 2 ? 1 : 0)];
  let best = 0;
  for (let c = 1; c < channels; c += 1) if (values[i * channels + c] > values[i * channels + best]) best = c;
  return best;
}

/** 1-D data: the prediction curve, on a white halo. */
export function drawCurve(view, c, L) {
  const { nx } = view.grid;
  const ax = (view.grid.xMax - view.grid.xMin) / (nx - 1);
  const limit = (v) => Math.max(-1e4, Math.min(1e4, v));
  c.beginPath();
  for (let i = 0; i < nx; i += 1) {
    const x = L.px(view.grid.xMin + i * ax);
    const y = limit(L.py(curveValue(view, i)));
    if (i === 0) c.moveTo(x, y);
    else c.lineTo(x, y);
  }
  c.lineJoin = 'round';
  c.lineWidth = 4.5;
  c.strokeStyle = 'rgba(255, 255, 255, 0.85)';
  c.stroke();
  c.lineWidth = 2.5;
  c.strokeStyle = CURVE_COLOR;
  c.stroke();
}

/** The ticks and their labels under the plot (x) and left of it (y). */
export function drawTickLabels(c, L) {
  const { plot } = L;
  c.font = FONT;
  c.fillStyle = INK_MUTED;
  c.strokeStyle = AXIS_LINE;
  c.lineWidth = 1;
  c.textAlign = 'center';
  c.textBaseline = 'top';
  c.beginPath();
  for (const v of L.xt.ticks) {
    const x = Math.round(L.px(v)) + 0.5;
    c.moveTo(x, plot.y + plot.h);
    c.lineTo(x, plot.y + plot.h + 4);
    c.fillText(formatTick(v, L.xt.step), x, plot.y + plot.h + 6);
  }
  c.textAlign = 'right';
  c.textBaseline = 'middle';
  for (const v of L.yt.ticks) {
    const y = Math.round(L.py(v)) + 0.5;
    c.moveTo(plot.x - 4, y);
    c.lineTo(plot.x, y);
    c.fillText(formatTick(v, L.yt.step), plot.x - 6, y);
  }
  c.stroke();
}

/** The axes' names, centred on the plot: x under its tick labels, y turned, left of its own. */
export function drawAxisNames(view, c, L) {
  const { plot } = L;
  c.font = FONT;
  c.fillStyle = INK;
  c.textAlign = 'center';
  if (view.axes.x) {
    c.textBaseline = 'bottom';
    c.fillText(fitText(c, view.axes.x, plot.w), plot.x + plot.w / 2, plot.y + plot.h + 24 + AXIS_NAME_SPACE - 1);
  }
  if (view.axes.y) {
    c.save();
    c.translate(2, plot.y + plot.h / 2);
    c.rotate(-Math.PI / 2);
    c.textBaseline = 'top';
    c.fillText(fitText(c, view.axes.y, plot.h), 0, 0);
    c.restore();
  }
}

/** Regression: the colour bar right of the plot, with its ticks. */
export function drawColorBar(view, c, L) {
  const { plot, bt } = L;
  const [lo, hi] = regressionRange(view);
  const x = plot.x + plot.w + 12;
  const w = 12;
  const grad = c.createLinearGradient(0, plot.y + plot.h, 0, plot.y);
  for (let s = 0; s <= 8; s += 1) grad.addColorStop(s / 8, divergingCss((s / 8) * 2 - 1));
  c.fillStyle = grad;
  c.fillRect(x, plot.y, w, plot.h);
  c.strokeStyle = AXIS_LINE;
  c.strokeRect(x - 0.5, plot.y - 0.5, w + 1, plot.h + 1);
  c.font = FONT;
  c.fillStyle = INK_MUTED;
  c.textAlign = 'left';
  c.textBaseline = 'middle';
  c.beginPath();
  for (const v of bt.ticks) {
    const y = Math.round(plot.y + plot.h - ((v - lo) / (hi - lo)) * plot.h) + 0.5;
    c.moveTo(x + w, y);
    c.lineTo(x + w + 4, y);
    c.fillText(formatTick(v, bt.step), x + w + 6, y);
  }
  c.stroke();
}

/**
 * The input followed (issue 14, "Follow one input"): a ring around (x, y) (data units) with
 * short cross-hair ticks, dark on a white halo so that it shows on either class's colour.
 */
export function drawMarker(c, L, marker) {
  const x = L.px(marker.x);
  const y = L.py(marker.y);
  const ring = (width, color) => {
    c.lineWidth = width;
    c.strokeStyle = color;
    c.beginPath();
    c.arc(x, y, 9, 0, 2 * Math.PI);
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      c.moveTo(x + dx * 12, y + dy * 12);
      c.lineTo(x + dx * 18, y + dy * 18);
    }
    c.stroke();
  };
  c.save();
  ring(5, 'rgba(255, 255, 255, 0.9)');
  ring(2, '#111827');
  c.restore();
}
