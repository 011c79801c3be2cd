// The data plane: the model's output as a heatmap under the data points (2-D data), or the
// prediction curve through the points (1-D data). Clicks add points, right/alt/ctrl-clicks
// remove them, hovering reads the model's output. Pure canvas: no engine calls.
//
// The grid (protocol: values[(j * nx + i) * channels + c], row 0 at yMax, column 0 at xMin,
// both ends included) is painted once per update into an nx x ny ImageData and scaled up with
// smoothing. What does not change with the grid is cached in offscreen layers: the frame (axes,
// tick labels, colour bar) and the data points, redrawn only when the data, the rectangle, the
// options or the size change. A grid update then costs one putImageData at grid resolution,
// one scaled drawImage, the grid lines and the contour, and two copies of the layers. While
// the pointer hovers, the picture is kept in a third layer so that moving only draws the
// cross-hair and the tooltip on top of a copy.

import {
  AXIS_LINE,
  BACKGROUND,
  FONT,
  GRID_LINE,
  INK,
  INK_MUTED,
  createLayer,
  createScheduler,
  drawTooltip,
  fitCanvas,
  formatFixed,
  formatTick,
  formatValue,
  niceTicks,
  observeResize,
  timed,
} from './canvas-util.js';
import { chainSegments, classBorders, contourSegments } from './contour.js';
import { paintBinary, paintDiverging, paintMulticlass } from './heatmap.js';
import {
  POINT_OUTLINE,
  SURFACE_STRENGTH,
  binaryLut,
  classColor,
  divergingCss,
  divergingIndex,
  divergingLut,
  regressionScale,
} from './palette.js';

const HIT_RADIUS = 10; // px: how near a right-click must be to remove a point
const CLICK_SLOP = 6; // px: a press that moves further is not a click
const CURVE_COLOR = '#D55E00';
const CONTOUR_COLOR = 'rgba(17, 20, 24, 0.6)';
const DEFAULT_OPTIONS = { discretize: false, showTest: true, showTrain: true, showContour: true };
const AXIS_NAME_SPACE = 16; // px for an axis's name beside its tick labels

/** text, cut with an ellipsis to fit `width` px in the context's font. */
function fitText(c, text, width) {
  if (c.measureText(text).width <= width) return text;
  let n = text.length;
  while (n > 1 && c.measureText(`${text.slice(0, n)}…`).width > width) n -= 1;
  return `${text.slice(0, n)}…`;
}

/**
 * createBoundaryView(canvas, { onAddPoint(x, y, button, event), onRemovePoint(index, part, event) })
 * -> { setData, setGrid, setOptions, setRect, toBlob, resize, render, destroy }
 * The canvas must get its size from CSS (e.g. width: 100%; aspect-ratio: 1).
 */
export function createBoundaryView(canvas, { onAddPoint, onRemovePoint } = {}) {
  const ctx = canvas.getContext('2d');
  const doc = canvas.ownerDocument;
  const scene = doc.createElement('canvas'); // the picture without hover decorations (while hovering)
  const sceneCtx = scene.getContext('2d');
  const frame = createLayer(doc); // background, axes, tick labels, colour bar
  const points = createLayer(doc); // the data points (transparent elsewhere)
  const heat = doc.createElement('canvas'); // the grid at its own resolution
  const heatCtx = heat.getContext('2d');
  let heatImage = null;
  let heatPixels = null;

  let data = null; // the data message
  let task = 'classification';
  let nClasses = 2;
  let classNames = null;
  let axes = { x: null, y: null }; // the axes' names (a table's columns), or null: unnamed
  let grid = null;
  let rect = null;
  let options = { ...DEFAULT_OPTIONS };
  let size = null;
  let hover = null; // { x, y } in CSS px
  let heatValid = false;
  let sceneValid = false;
  let pointsVersion = 0; // bumped when the points' look changes (data, options)
  let screenLayout = { key: '', L: null };
  let groups = []; // points by colour: { color, train: Int32Array, test: Int32Array }
  let targetRange = null; // regression colour scale [lo, hi]
  let contour = []; // segments in grid coordinates
  let ghosts = []; // pinned runs' boundaries: { lines: [[x0, y0, x1, y1, ...]] in data units, color }
  let contourLines = []; // the segments joined into polylines
  let contourGrid = null; // the grid they were traced on (the picture shown may be a grid behind)
  let press = null;
  const luts = { binary: binaryLut(false), binaryDiscrete: binaryLut(true), surface: divergingLut(SURFACE_STRENGTH) };
  const labelledByPage = canvas.hasAttribute('aria-label');

  const scheduler = createScheduler(render, 'boundary');
  const stopObserving = observeResize(canvas, () => resize());
  if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'img');
  if (onAddPoint) canvas.style.cursor = 'crosshair';
  canvas.style.touchAction = 'manipulation';

  // ---- what to draw -------------------------------------------------------------------

  const is1d = () => data?.nFeatures === 1;
  const kind = () => {
    if (task === 'regression') return 'regression';
    if (grid && grid.channels >= 3) return 'multiclass';
    return !grid && nClasses > 2 ? 'multiclass' : 'binary';
  };
  const nTargets = () => data?.nTargets ?? 1;
  const label = (k) => classNames?.[k] ?? `class ${k}`;

  /**
   * The data rectangle on screen: the page's (setRect), else the grid's, else the data's.
   * For 1-D data without a page rectangle, y spans the targets.
   */
  function viewRect() {
    if (rect) return rect;
    const base = (grid && { xMin: grid.xMin, xMax: grid.xMax, yMin: grid.yMin, yMax: grid.yMax }) ?? dataBounds();
    if (!is1d()) return base;
    const [lo, hi] = targetBounds() ?? [base.yMin, base.yMax];
    const pad = (hi - lo) * 0.08 || 1;
    return { xMin: base.xMin, xMax: base.xMax, yMin: lo - pad, yMax: hi + pad };
  }

  function dataBounds() {
    const b = { xMin: Infinity, xMax: -Infinity, yMin: Infinity, yMax: -Infinity };
    const nF = data?.nFeatures ?? 2;
    for (const x of data ? [data.xTrain, data.xTest] : []) {
      for (let r = 0; x && r * nF < x.length; r += 1) {
        b.xMin = Math.min(b.xMin, x[r * nF]);
        b.xMax = Math.max(b.xMax, x[r * nF]);
        if (nF > 1) {
          b.yMin = Math.min(b.yMin, x[r * nF + 1]);
          b.yMax = Math.max(b.yMax, x[r * nF + 1]);
        }
      }
    }
    if (!(b.xMax > b.xMin)) Object.assign(b, { xMin: -1, xMax: 1 });
    if (!(b.yMax > b.yMin)) Object.assign(b, { yMin: -1, yMax: 1 });
    const px = (b.xMax - b.xMin) * 0.1;
    const py = (b.yMax - b.yMin) * 0.1;
    return { xMin: b.xMin - px, xMax: b.xMax + px, yMin: b.yMin - py, yMax: b.yMax + py };
  }

  /** [min, max] of the first target over train and test, or null. */
  function targetBounds() {
    return data ? regressionScale(data) : null;
  }

  function regressionRange() {
    if (targetRange) return targetRange;
    if (!grid) return [-1, 1];
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < grid.nx * grid.ny; k += 1) {
      const v = grid.values[k * grid.channels];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi > lo ? [lo, hi] : [lo - 1, lo + 1];
  }

  /** Points grouped by colour, so each colour is one path. */
  function buildGroups() {
    groups = [];
    if (!data) return;
    const nT = nTargets();
    const keyOf = (v) => {
      if (task === 'regression') {
        if (is1d()) return 0;
        const [lo, hi] = targetRange;
        return divergingIndex(((v - lo) / (hi - lo)) * 2 - 1) >> 3; // 32 shades
      }
      return Math.max(0, Math.round(v));
    };
    const colorOf = (key) => {
      if (task !== 'regression') return classColor(key);
      if (is1d()) return classColor(0);
      return divergingCss(((key * 8 + 4) / 255) * 2 - 1);
    };
    const byKey = new Map();
    for (const part of ['train', 'test']) {
      const y = part === 'train' ? data.yTrain : data.yTest;
      const rows = y ? Math.floor(y.length / nT) : 0;
      for (let r = 0; r < rows; r += 1) {
        const key = keyOf(y[r * nT]);
        if (!byKey.has(key)) byKey.set(key, { key, color: colorOf(key), train: [], test: [] });
        byKey.get(key)[part].push(r);
      }
    }
    groups = [...byKey.values()]
      .sort((a, b) => a.key - b.key)
      .map((g) => ({ color: g.color, train: Int32Array.from(g.train), test: Int32Array.from(g.test) }));
  }

  // ---- painting the grid ----------------------------------------------------------------

  // A new grid is painted in bands of rows, the heatmap and then the contour, as many bands
  // per call as fit before a deadline: until V8 has optimised them, these loops take tens of
  // milliseconds over a 200 x 200 grid, too long for one animation frame. Until a job is done
  // the last complete picture is shown (the heat canvas and the contour change only at its end).
  const BAND_ROWS = 8;
  let heatJob = null; // { grid, kind, row, contourRow, segments, ... } while a grid is painted
  let heatShown = true; // the last finished picture has been drawn on screen
  let heatStale = true; // the picture is wrong (new data, options, size), not just a grid behind
  let prepared = false; // a caller paints through prepare(): render() need not paint new grids
  let bestClass = null; // multiclass contour scratch: the winner and the runner-up's probability
  let secondP = null;

  function startHeatJob() {
    if (!grid || is1d()) return null;
    const { nx, ny, channels } = grid;
    if (!heatImage || heatImage.width !== nx || heatImage.height !== ny) {
      heatImage = heatCtx.createImageData(nx, ny);
      heatPixels = new Uint32Array(heatImage.data.buffer);
    }
    const job = { grid, kind: kind(), row: 0, contourRow: 0, segments: [], contour: options.showContour };
    if (job.kind === 'binary') {
      job.offset = channels >= 2 ? 1 : 0;
      job.lut = options.discretize ? luts.binaryDiscrete : luts.binary;
    } else if (job.kind === 'regression') {
      job.contour = false;
      job.range = regressionRange();
    } else {
      job.discretize = options.discretize;
      if (!bestClass || bestClass.length !== nx * ny) {
        bestClass = new Uint8Array(nx * ny);
        secondP = new Float32Array(nx * ny);
      }
    }
    return job;
  }

  /** Paints rows j0 <= j < j1 of the job's grid into heatPixels. */
  function paintRows(job, j0, j1) {
    const { nx, channels, values } = job.grid;
    const p0 = j0 * nx;
    const count = (j1 - j0) * nx;
    const band = values.subarray(p0 * channels, (p0 + count) * channels);
    const px = heatPixels.subarray(p0, p0 + count);
    if (job.kind === 'binary') paintBinary(band, count, channels, job.offset, job.lut, px);
    else if (job.kind === 'regression') paintDiverging(band, count, channels, job.range[0], job.range[1], luts.surface, px);
    else paintMulticlass(band, count, channels, job.discretize, px);
  }

  /** The contour's segments in the cells of rows j0 <= j < j1. */
  function traceRows(job, j0, j1) {
    const { nx, ny, channels, values } = job.grid;
    if (job.kind === 'binary') contourSegments(values, nx, ny, 0.5, job.segments, channels, job.offset, j0, j1);
    else classBorders(values, nx, ny, channels, job.segments, bestClass, secondP, j0, j1);
  }

  /**
   * Goes on painting until `deadline` (performance.now() ms); returns true when the latest
   * grid's picture is complete (heatValid), false when there is more to do. A grid that comes
   * in while another is being painted waits for that one to finish: restarting on every grid
   * would never finish while training sends them faster than a cold page paints.
   */
  function paintHeat(deadline = Infinity) {
    while (!heatValid) {
      if (!heatJob) heatJob = startHeatJob();
      const job = heatJob;
      if (job) {
        const { nx, ny } = job.grid;
        while (job.row < ny) {
          const next = Math.min(ny, job.row + BAND_ROWS);
          paintRows(job, job.row, next);
          job.row = next;
          if (performance.now() >= deadline) return false;
        }
        while (job.contour && job.contourRow < ny - 1) {
          const next = Math.min(ny - 1, job.contourRow + BAND_ROWS);
          traceRows(job, job.contourRow, next);
          job.contourRow = next;
          if (performance.now() >= deadline) return false;
        }
        if (heat.width !== nx || heat.height !== ny) {
          heat.width = nx;
          heat.height = ny;
        }
        heatCtx.putImageData(heatImage, 0, 0);
      }
      contour = job ? job.segments : [];
      contourLines = chainSegments(contour);
      contourGrid = job ? job.grid : null;
      heatJob = null;
      heatValid = !job || job.grid === grid;
      heatShown = false;
      sceneValid = false;
      if (!heatValid && performance.now() >= deadline) return false;
    }
    return true;
  }

  // ---- layout and drawing ---------------------------------------------------------------

  function layout(c, width, height, legendHeight) {
    const r = viewRect();
    const colorBar = task === 'regression' && !is1d();
    const guessW = width - 60 - (colorBar ? 60 : 0);
    const guessH = height - legendHeight - 30;
    const xt = niceTicks(r.xMin, r.xMax, Math.max(2, Math.floor(guessW / 70)));
    const yt = niceTicks(r.yMin, r.yMax, Math.max(2, Math.floor(guessH / 48)));
    c.font = FONT;
    let labelW = 0;
    for (const v of yt.ticks) labelW = Math.max(labelW, c.measureText(formatTick(v, yt.step)).width);
    let barLabelW = 0;
    let bt = null;
    if (colorBar) {
      const [lo, hi] = regressionRange();
      bt = niceTicks(lo, hi, Math.max(2, Math.floor(guessH / 48)));
      for (const v of bt.ticks) barLabelW = Math.max(barLabelW, c.measureText(formatTick(v, bt.step)).width);
    }
    // A named axis gets its name under (x) or left of (y, turned) its tick labels.
    const left = Math.ceil(labelW) + 12 + (axes.y ? AXIS_NAME_SPACE : 0);
    const right = colorBar ? 12 + 12 + 6 + Math.ceil(barLabelW) + 4 : 10;
    const top = 8;
    const bottom = 24 + (axes.x ? AXIS_NAME_SPACE : 0);
    const plot = { x: left, y: top, w: Math.max(10, width - left - right), h: Math.max(10, height - top - bottom - legendHeight) };
    const sx = plot.w / (r.xMax - r.xMin);
    const sy = plot.h / (r.yMax - r.yMin);
    return {
      rect: r,
      plot,
      xt,
      yt,
      bt,
      px: (x) => plot.x + (x - r.xMin) * sx,
      py: (y) => plot.y + (r.yMax - y) * sy,
      dx: (px) => r.xMin + (px - plot.x) / sx,
      dy: (py) => r.yMax - (py - plot.y) / sy,
    };
  }

  function drawScene(c, width, height, legendHeight, scale) {
    const L = layout(c, width, height, legendHeight);
    const { plot } = L;
    c.fillStyle = BACKGROUND;
    c.fillRect(0, 0, width, height);
    c.save();
    c.beginPath();
    c.rect(plot.x, plot.y, plot.w, plot.h);
    c.clip();
    c.fillStyle = '#fbfbfc';
    c.fillRect(plot.x, plot.y, plot.w, plot.h);
    if (grid && !is1d()) drawHeat(c, L);
    drawGridLines(c, L);
    if (!is1d()) drawGhosts(c, L);
    if (grid && !is1d() && contour.length) drawContour(c, L);
    if (grid && is1d()) drawCurve(c, L);
    drawPoints(c, L, scale);
    c.restore();
    c.strokeStyle = AXIS_LINE;
    c.lineWidth = 1;
    c.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);
    drawTickLabels(c, L);
    drawAxisNames(c, L);
    if (L.bt) drawColorBar(c, L);
    if (legendHeight) drawLegend(c, L, width, height - legendHeight + 4);
    return L;
  }

  /** The screen's layout, measured again only when the size, the rectangle or the colour bar change. */
  function currentLayout() {
    const r = viewRect();
    const bar = task === 'regression' && !is1d() ? regressionRange().join() : '';
    const key = [size.width, size.height, r.xMin, r.xMax, r.yMin, r.yMax, bar, axes.x, axes.y].join();
    if (screenLayout.key !== key) {
      screenLayout = { key, L: layout(ctx, size.width, size.height, 0) };
      describeAxes(screenLayout.L);
    }
    return screenLayout.L;
  }

  /**
   * For tests and tools: the rectangle shown, the axes' names and their tick labels as drawn
   * (data-x-min, data-x-max, data-y-min, data-y-max, data-x-name, data-y-name, data-x-ticks and
   * data-y-ticks: the labels joined by "|").
   */
  function describeAxes(L) {
    if (!canvas.dataset) return;
    const ticks = (t) => t.ticks.map((v) => formatTick(v, t.step)).join('|');
    Object.assign(canvas.dataset, {
      xMin: String(L.rect.xMin),
      xMax: String(L.rect.xMax),
      yMin: String(L.rect.yMin),
      yMax: String(L.rect.yMax),
      xName: axes.x ?? '',
      yName: axes.y ?? '',
      xTicks: ticks(L.xt),
      yTicks: ticks(L.yt),
    });
  }

  /** Everything outside the plot area, and the plot's empty background. */
  function drawFrame(c, L) {
    const { plot } = L;
    c.fillStyle = BACKGROUND;
    c.fillRect(0, 0, size.width, size.height);
    c.fillStyle = '#fbfbfc';
    c.fillRect(plot.x, plot.y, plot.w, plot.h);
    drawTickLabels(c, L);
    drawAxisNames(c, L);
    if (L.bt) drawColorBar(c, L);
  }

  function drawPointsLayer(c, L) {
    const { plot } = L;
    c.beginPath();
    c.rect(plot.x, plot.y, plot.w, plot.h);
    c.clip();
    drawPoints(c, L, size.dpr);
  }

  /**
   * The picture for the screen from the cached layers: the frame, the heatmap, the grid lines
   * and the contour (or the 1-D curve), then the points; the same pixels as drawScene.
   */
  function compose(c, L) {
    const { plot } = L;
    const { dpr } = size;
    frame.ensure(`${screenLayout.key}|${dpr}`, canvas.width, canvas.height, dpr, (lc) => drawFrame(lc, L));
    points.ensure(`${screenLayout.key}|${dpr}|${pointsVersion}`, canvas.width, canvas.height, dpr, (lc) => drawPointsLayer(lc, L));
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.drawImage(frame.canvas, 0, 0);
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.save();
    c.beginPath();
    c.rect(plot.x, plot.y, plot.w, plot.h);
    c.clip();
    if (grid && !is1d()) drawHeat(c, L);
    drawGridLines(c, L);
    if (!is1d()) drawGhosts(c, L);
    if (grid && !is1d() && contour.length) drawContour(c, L);
    if (grid && is1d()) drawCurve(c, L);
    c.restore();
    if (data) {
      // Only the plot's part of the points layer (it is clipped to the plot), pixel for pixel.
      const x0 = Math.max(0, Math.floor(plot.x * dpr));
      const y0 = Math.max(0, Math.floor(plot.y * dpr));
      const x1 = Math.min(canvas.width, Math.ceil((plot.x + plot.w) * dpr));
      const y1 = Math.min(canvas.height, Math.ceil((plot.y + plot.h) * dpr));
      c.setTransform(1, 0, 0, 1, 0, 0);
      if (x1 > x0 && y1 > y0) c.drawImage(points.canvas, x0, y0, x1 - x0, y1 - y0, x0, y0, x1 - x0, y1 - y0);
      c.setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    c.strokeStyle = AXIS_LINE;
    c.lineWidth = 1;
    c.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);
  }

  function drawHeat(c, L) {
    const { nx, ny } = grid;
    // Pixel centres sit on the grid points, so the image extends half a cell past the rectangle.
    const hx = (grid.xMax - grid.xMin) / (nx - 1) / 2;
    const hy = (grid.yMax - grid.yMin) / (ny - 1) / 2;
    const x0 = L.px(grid.xMin - hx);
    const x1 = L.px(grid.xMax + hx);
    const y0 = L.py(grid.yMax + hy);
    const y1 = L.py(grid.yMin - hy);
    c.imageSmoothingEnabled = true;
    c.imageSmoothingQuality = 'low'; // bilinear, and fast
    c.drawImage(heat, 0, 0, nx, ny, x0, y0, x1 - x0, y1 - y0);
  }

  function drawGridLines(c, L) {
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
  function drawGhosts(c, L) {
    c.lineWidth = 2;
    c.lineCap = 'round';
    c.setLineDash([6, 4]);
    for (const ghost of ghosts) {
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

  function drawContour(c, L) {
    const g = contourGrid ?? grid;
    const ax = (g.xMax - g.xMin) / (g.nx - 1);
    const ay = (g.yMax - g.yMin) / (g.ny - 1);
    const gx = (i) => L.px(g.xMin + i * ax);
    const gy = (j) => L.py(g.yMax - j * ay);
    c.beginPath();
    for (const line of contourLines) {
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

  function curveValue(i) {
    const { channels, values } = grid;
    if (task === 'regression') return values[i * channels];
    if (channels <= 2) return values[i * channels + (channels === 2 ? 1 : 0)];
    let best = 0;
    for (let c = 1; c < channels; c += 1) if (values[i * channels + c] > values[i * channels + best]) best = c;
    return best;
  }

  function drawCurve(c, L) {
    const { nx } = grid;
    const ax = (grid.xMax - grid.xMin) / (nx - 1);
    const limit = (v) => Math.max(-1e4, Math.min(1e4, v));
    c.beginPath();
    for (let i = 0; i < nx; i += 1) {
      const x = L.px(grid.xMin + i * ax);
      const y = limit(L.py(curveValue(i)));
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

  function pointRadius(plot) {
    const n = data ? data.yTrain.length / nTargets() + (data.yTest?.length ?? 0) / nTargets() : 0;
    const small = Math.min(plot.w, plot.h) < 320;
    return n > 700 || small ? 3.5 : 4.5;
  }

  const pointX = (L, part, r) => L.px((part === 'train' ? data.xTrain : data.xTest)[r * data.nFeatures]);
  const pointY = (L, part, r) =>
    data.nFeatures === 1
      ? L.py((part === 'train' ? data.yTrain : data.yTest)[r * nTargets()])
      : L.py((part === 'train' ? data.xTrain : data.xTest)[r * data.nFeatures + 1]);

  const sprites = new Map();

  /**
   * A point marker pre-rendered at device resolution: filled disc or ring, dark outline.
   * Blitting sprites is much cheaper than filling hundreds of anti-aliased paths.
   */
  function sprite(color, ring, radius, scale) {
    const key = `${color}|${ring}|${radius}|${scale}`;
    let s = sprites.get(key);
    if (s) return s;
    const css = Math.ceil(radius * 2 + 5);
    const canvas = doc.createElement('canvas');
    canvas.width = canvas.height = Math.ceil(css * scale);
    const c = canvas.getContext('2d');
    c.scale(scale, scale);
    drawMarker(c, css / 2, css / 2, radius, color, ring);
    s = { canvas, css };
    if (sprites.size > 400) sprites.clear();
    sprites.set(key, s);
    return s;
  }

  function drawPoints(c, L, scale) {
    if (!data) return;
    const radius = pointRadius(L.plot);
    for (const part of ['train', 'test']) {
      if (part === 'train' ? !options.showTrain : !options.showTest) continue;
      for (const g of groups) {
        const rows = g[part];
        if (!rows.length) continue;
        const s = sprite(g.color, part === 'test', radius, scale);
        const half = s.css / 2;
        for (let k = 0; k < rows.length; k += 1) {
          // Snapped to device pixels, so the sprite is copied, not resampled.
          const x = Math.round((pointX(L, part, rows[k]) - half) * scale) / scale;
          const y = Math.round((pointY(L, part, rows[k]) - half) * scale) / scale;
          c.drawImage(s.canvas, x, y, s.css, s.css);
        }
      }
    }
  }

  function drawTickLabels(c, L) {
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
  function drawAxisNames(c, L) {
    const { plot } = L;
    c.font = FONT;
    c.fillStyle = INK;
    c.textAlign = 'center';
    if (axes.x) {
      c.textBaseline = 'bottom';
      c.fillText(fitText(c, axes.x, plot.w), plot.x + plot.w / 2, plot.y + plot.h + 24 + AXIS_NAME_SPACE - 1);
    }
    if (axes.y) {
      c.save();
      c.translate(2, plot.y + plot.h / 2);
      c.rotate(-Math.PI / 2);
      c.textBaseline = 'top';
      c.fillText(fitText(c, axes.y, plot.h), 0, 0);
      c.restore();
    }
  }

  function drawColorBar(c, L) {
    const { plot, bt } = L;
    const [lo, hi] = regressionRange();
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

  /** Legend items for the exported picture. */
  function legendItems() {
    const items = [];
    if (task !== 'regression') {
      for (let k = 0; k < Math.max(nClasses, grid?.channels >= 3 ? grid.channels : 2); k += 1)
        items.push({ text: label(k), swatch: 'fill', color: classColor(k) });
    }
    const pointColor = task === 'regression' ? (is1d() ? classColor(0) : '#9a9a9a') : '#9a9a9a';
    const hasTest = data?.yTest?.length > 0;
    if (data && options.showTrain) items.push({ text: 'train', swatch: 'fill', color: pointColor });
    if (data && options.showTest && hasTest) items.push({ text: 'test', swatch: 'ring', color: pointColor });
    if (grid && is1d()) items.push({ text: 'prediction', swatch: 'line', color: CURVE_COLOR });
    else if (grid && task !== 'regression' && options.showContour) items.push({ text: 'decision boundary', swatch: 'line', color: CONTOUR_COLOR });
    if (grid && task === 'regression' && !is1d()) items.push({ text: 'colour: prediction / target', swatch: null });
    if (grid && Number.isFinite(grid.epoch)) items.push({ text: `epoch ${grid.epoch}`, swatch: null, muted: true });
    return items;
  }

  function legendHeightFor(c, width) {
    return legendRows(c, width).length * 20 + 14;
  }

  function legendRows(c, width) {
    c.font = FONT;
    const rows = [[]];
    let x = 12;
    for (const item of legendItems()) {
      const w = (item.swatch ? 16 : 0) + c.measureText(item.text).width + 16;
      if (x + w > width - 8 && rows[rows.length - 1].length) {
        rows.push([]);
        x = 12;
      }
      rows[rows.length - 1].push({ ...item, x });
      x += w;
    }
    return rows;
  }

  function drawLegend(c, L, width, top) {
    c.font = FONT;
    c.textBaseline = 'middle';
    c.textAlign = 'left';
    legendRows(c, width).forEach((row, k) => {
      const y = top + 12 + k * 20;
      for (const item of row) {
        let x = item.x;
        if (item.swatch === 'fill' || item.swatch === 'ring') {
          drawMarker(c, x + 5, y, 4.5, item.color, item.swatch === 'ring');
          x += 16;
        } else if (item.swatch === 'line') {
          c.fillStyle = item.color;
          c.fillRect(x, y - 1.5, 12, 3);
          x += 16;
        }
        c.fillStyle = item.muted ? INK_MUTED : INK;
        c.fillText(item.text, x, y);
      }
    });
  }

  // ---- hover ----------------------------------------------------------------------------

  /** The grid channels at data point (x, y), bilinearly interpolated, or null outside. */
  function sample(x, y) {
    if (!grid) return null;
    const { nx, ny, channels, values } = grid;
    const fi = ((x - grid.xMin) / (grid.xMax - grid.xMin)) * (nx - 1);
    const fj = is1d() ? 0 : ((grid.yMax - y) / (grid.yMax - grid.yMin)) * (ny - 1);
    if (!(fi >= 0 && fi <= nx - 1 && fj >= 0 && fj <= ny - 1)) return null;
    const i = Math.min(nx - 2, Math.floor(fi));
    const j = Math.min(ny - 2, Math.floor(fj));
    const u = fi - i;
    const v = fj - j;
    const out = [];
    for (let c = 0; c < channels; c += 1) {
      const at = (ii, jj) => values[(jj * nx + ii) * channels + c];
      out.push((1 - v) * ((1 - u) * at(i, j) + u * at(i + 1, j)) + v * ((1 - u) * at(i, j + 1) + u * at(i + 1, j + 1)));
    }
    return out;
  }

  /** The nearest shown point within HIT_RADIUS px: { index, part } or null. */
  function nearestPoint(L, px, py) {
    if (!data) return null;
    let best = null;
    let bestD = HIT_RADIUS * HIT_RADIUS;
    for (const part of ['train', 'test']) {
      if (part === 'train' ? !options.showTrain : !options.showTest) continue;
      const y = part === 'train' ? data.yTrain : data.yTest;
      const rows = y ? Math.floor(y.length / nTargets()) : 0;
      for (let r = 0; r < rows; r += 1) {
        const d = (pointX(L, part, r) - px) ** 2 + (pointY(L, part, r) - py) ** 2;
        if (d <= bestD) {
          bestD = d;
          best = { index: r, part };
        }
      }
    }
    return best;
  }

  /** Cursor coordinates to a precision that suits the axis: about 1/200 of its range. */
  const coordinate = (v, range) => formatFixed(v, range / 200);

  function hoverRows(L, x, y) {
    const rows = [];
    const out = sample(x, y);
    const X = coordinate(x, L.rect.xMax - L.rect.xMin);
    if (is1d()) {
      rows.push({ text: `${axes.x ?? 'x'} ${X}` });
      if (out) {
        const v = task === 'regression' ? out[0] : out.length === 1 ? out[0] : out[1];
        const name = task === 'regression' ? 'prediction' : out.length <= 2 ? `P(${label(1)})` : 'predicted';
        const value = out.length > 2 && task !== 'regression' ? label(argmax(out)) : formatValue(v, 3);
        rows.push({ text: `${name} ${value}`, color: CURVE_COLOR, marker: 'line' });
      }
    } else {
      rows.push({ text: `${axes.x ?? 'x'} ${X}   ${axes.y ?? 'y'} ${coordinate(y, L.rect.yMax - L.rect.yMin)}` });
      if (out && task === 'regression') {
        const [lo, hi] = regressionRange();
        rows.push({ text: `prediction ${formatValue(out[0], 4)}`, color: divergingCss(((out[0] - lo) / (hi - lo)) * 2 - 1) });
      } else if (out && out.length <= 2) {
        const p = out.length === 2 ? out[1] : out[0];
        rows.push({ text: `P(${label(1)}) ${formatValue(p, 3)}`, color: classColor(p >= 0.5 ? 1 : 0) });
      } else if (out) {
        const order = out.map((p, k) => [p, k]).sort((a, b) => b[0] - a[0]).slice(0, 3);
        for (const [p, k] of order) rows.push({ text: `${label(k)} ${(Math.max(0, p) * 100).toFixed(1)}%`, color: classColor(k) });
      }
    }
    const near = nearestPoint(L, hover.x, hover.y);
    if (near) {
      const ys = near.part === 'train' ? data.yTrain : data.yTest;
      const t = ys[near.index * nTargets()];
      const what = task === 'regression' ? `y ${formatValue(t, 4)}` : label(Math.round(t));
      rows.push({ text: `${near.part} point ${near.index}: ${what}`, muted: true });
    }
    return rows;
  }

  function drawHover(c, L) {
    const { plot } = L;
    const { x: hx, y: hy } = hover;
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
    if (!is1d()) {
      c.moveTo(plot.x, Math.round(hy) + 0.5);
      c.lineTo(plot.x + plot.w, Math.round(hy) + 0.5);
    }
    c.stroke();
    c.setLineDash([]);
    const out = is1d() ? sample(L.dx(hx), 0) : null;
    if (out) {
      // 1-D: the prediction at the cursor's x, marked on the curve.
      const v = task === 'regression' ? out[0] : out.length <= 2 ? out[out.length - 1] : argmax(out);
      c.beginPath();
      c.arc(hx, L.py(v), 4.5, 0, Math.PI * 2);
      c.fillStyle = CURVE_COLOR;
      c.fill();
      c.lineWidth = 1.5;
      c.strokeStyle = '#ffffff';
      c.stroke();
    }
    c.restore();
    drawTooltip(c, hx, hy, hoverRows(L, L.dx(hx), L.dy(hy)), { x: 0, y: 0, w: size.width, h: size.height });
  }

  // ---- frame ----------------------------------------------------------------------------

  function render() {
    if (!size) size = fitCanvas(canvas);
    if (!size) return;
    // The last complete picture is shown while a newer grid is painted in prepare() turns;
    // only a picture made wrong by new data or options is painted here at once.
    if (!heatValid && (heatStale || !prepared)) timed('boundary-heat', paintHeat);
    heatStale = false;
    heatShown = true;
    // For tests and tools: the epoch of the grid on screen (a grid reply's epoch).
    const shownEpoch = contourGrid?.epoch === undefined ? '' : String(contourGrid.epoch);
    if (canvas.dataset && canvas.dataset.epoch !== shownEpoch) canvas.dataset.epoch = shownEpoch;
    // And the rectangle that grid covers ("xMin xMax yMin yMax"), to compare with the axes'.
    const g = contourGrid;
    const gridRect = g ? `${g.xMin} ${g.xMax} ${g.yMin} ${g.yMax}` : '';
    if (canvas.dataset && canvas.dataset.gridRect !== gridRect) canvas.dataset.gridRect = gridRect;
    const L = currentLayout();
    if (!hover) {
      // Straight onto the screen; the hover layer is out of date from now on.
      compose(ctx, L);
      sceneValid = false;
      return;
    }
    if (!sceneValid || scene.width !== canvas.width || scene.height !== canvas.height) {
      if (scene.width !== canvas.width || scene.height !== canvas.height) {
        scene.width = canvas.width;
        scene.height = canvas.height;
      }
      compose(sceneCtx, L);
      sceneValid = true;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(scene, 0, 0);
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    drawHover(ctx, L);
  }

  function invalidate({ heat: h = false, points: p = false } = {}) {
    if (h) {
      heatValid = false;
      heatJob = null;
      heatStale = true;
    }
    if (p) pointsVersion += 1;
    sceneValid = false;
    scheduler.request();
  }

  function describe() {
    if (labelledByPage) return;
    const rows = (y) => (y ? Math.floor(y.length / nTargets()) : 0);
    const what = task === 'regression' ? 'Regression surface' : `Decision regions of ${nClasses} classes`;
    const points = data ? `, ${rows(data.yTrain)} training and ${rows(data.yTest)} test points` : '';
    const named = axes.x && axes.y ? ` (${axes.x} across, ${axes.y} up)` : '';
    canvas.setAttribute('aria-label', `${is1d() ? 'Prediction curve' : what}${named}${points}`);
  }

  // ---- input ----------------------------------------------------------------------------

  const position = (e) => {
    const b = canvas.getBoundingClientRect();
    return { x: e.clientX - b.left, y: e.clientY - b.top };
  };

  function removeAt(e) {
    if (!size || !onRemovePoint) return;
    const { x, y } = position(e);
    const near = nearestPoint(currentLayout(), x, y);
    if (near) onRemovePoint(near.index, near.part, e);
  }

  const listeners = {
    pointerdown(e) {
      if (e.button !== 0) return;
      press = { id: e.pointerId, handled: false, ...position(e) };
    },
    pointerup(e) {
      if (!press || press.id !== e.pointerId) return;
      const p = position(e);
      const moved = Math.hypot(p.x - press.x, p.y - press.y) > CLICK_SLOP;
      const handled = press.handled;
      press = null;
      if (moved || handled || !size) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return removeAt(e);
      const L = currentLayout();
      const { plot } = L;
      if (p.x < plot.x || p.x > plot.x + plot.w || p.y < plot.y || p.y > plot.y + plot.h) return;
      onAddPoint?.(L.dx(p.x), L.dy(p.y), e.button, e);
    },
    pointercancel() {
      press = null;
      hover = null;
      scheduler.request();
    },
    pointermove(e) {
      hover = position(e);
      scheduler.request();
    },
    pointerleave() {
      hover = null;
      scheduler.request();
    },
    contextmenu(e) {
      // Right-click, a long press, or macOS's ctrl-click: then the press must not also add
      // (or remove) a point when it ends.
      e.preventDefault();
      if (press) press.handled = true;
      removeAt(e);
    },
  };
  for (const [type, fn] of Object.entries(listeners)) canvas.addEventListener(type, fn);

  // ---- API ------------------------------------------------------------------------------

  function resize() {
    const next = fitCanvas(canvas);
    if (!next) return;
    size = next;
    invalidate();
  }

  return {
    /**
     * dataMsg: { nFeatures, nTargets, xTrain, yTrain, xTest, yTest } (or null); meta: { task, nClasses,
     * classNames?, axes?: { x, y } } (the axes' names; 1-D: x and the target; null or absent: unnamed).
     */
    setData(dataMsg, meta = {}) {
      data = dataMsg && dataMsg.xTrain ? dataMsg : null;
      task = meta.task === 'regression' ? 'regression' : 'classification';
      classNames = meta.classNames ?? null;
      axes = { x: meta.axes?.x || null, y: meta.axes?.y || null };
      let maxLabel = 1;
      if (data && task === 'classification') {
        for (const y of [data.yTrain, data.yTest]) for (let r = 0; y && r < y.length; r += 1) maxLabel = Math.max(maxLabel, y[r]);
      }
      nClasses = Math.max(2, meta.nClasses ?? Math.round(maxLabel) + 1);
      targetRange = task === 'regression' ? targetBounds() : null;
      buildGroups();
      describe();
      invalidate({ heat: true, points: true });
    },
    /** gridMsg: { xMin, xMax, yMin, yMax, nx, ny, channels, values: Float32Array, epoch? } (or null). */
    setGrid(gridMsg) {
      const next = gridMsg && gridMsg.values ? gridMsg : null;
      // A new grid of the same shape is painted after the one in progress; another shape (or
      // none) makes the picture wrong at once.
      const sameShape = next && grid && next.nx === grid.nx && next.ny === grid.ny && next.channels === grid.channels;
      grid = next;
      if (!sameShape) return invalidate({ heat: true });
      heatValid = false;
      scheduler.request();
    },
    /** { discretize, showTest, showTrain, showContour }: any subset. */
    setOptions(next = {}) {
      for (const key of Object.keys(DEFAULT_OPTIONS)) if (key in next) options[key] = Boolean(next[key]);
      invalidate({ heat: true, points: true });
    },
    /** The data rectangle shown, in data units (1-D data: x and the target's range). */
    /** Pinned runs' boundaries to draw dashed: [{ lines: [[x0, y0, x1, y1, ...]] (data units), color }]. */
    setGhosts(list = []) {
      ghosts = (list ?? []).filter((g) => g && Array.isArray(g.lines));
      invalidate();
    },
    /** The current decision boundary as polylines in data units ([] when there is none). */
    boundaryLines() {
      const g = contourGrid;
      if (!g || is1d()) return [];
      const ax = (g.xMax - g.xMin) / (g.nx - 1);
      const ay = (g.yMax - g.yMin) / (g.ny - 1);
      return contourLines.map((line) => line.map((v, k) => (k % 2 === 0 ? g.xMin + v * ax : g.yMax - v * ay)));
    },
    setRect(r) {
      rect = r && r.xMax > r.xMin && r.yMax > r.yMin ? { xMin: r.xMin, xMax: r.xMax, yMin: r.yMin, yMax: r.yMax } : null;
      invalidate();
    },
    /** A PNG of the picture with a legend, at twice the CSS size. */
    toBlob() {
      const width = size?.width ?? 480;
      const height = size?.height ?? 480;
      const scale = 2;
      const out = doc.createElement('canvas');
      const c = out.getContext('2d');
      const legend = legendHeightFor(c, width);
      out.width = width * scale;
      out.height = (height + legend) * scale;
      c.scale(scale, scale);
      if (!heatValid) paintHeat();
      drawScene(c, width, height + legend, legend, scale);
      return new Promise((resolve, reject) =>
        out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded'))), 'image/png'),
      );
    },
    resize,
    /** Draws now (normally drawing waits for the next animation frame). */
    render: () => scheduler.flush(),
    /**
     * Paints a new grid's heatmap and contour ahead of render(), in bands of rows until
     * `deadline` (performance.now() ms; none by default); returns true when it did some,
     * false when all is ready for render(). A page that calls prepare() once per animation
     * frame until it returns false, then render(), spreads an update over frames of bounded
     * length. The caller draws: the redraw that setGrid() scheduled is cancelled.
     */
    prepare(deadline = Infinity) {
      scheduler.cancel();
      prepared = true;
      if (heatValid || !heatShown) return false; // all painted, or a finished picture to show first
      if (!size) size = fitCanvas(canvas);
      if (!size) return false;
      timed('boundary-heat', () => paintHeat(deadline));
      return true;
    },
    /** True while a newer grid than the one shown waits to be painted (call prepare() again). */
    get busy() {
      return !heatValid;
    },
    destroy() {
      scheduler.cancel();
      stopObserving();
      for (const [type, fn] of Object.entries(listeners)) canvas.removeEventListener(type, fn);
    },
  };
}

function argmax(values) {
  let best = 0;
  for (let k = 1; k < values.length; k += 1) if (values[k] > values[best]) best = k;
  return best;
}

/** A data point: a filled disc (train) or a ring (test), both with a dark outline. */
function drawMarker(c, x, y, radius, color, ring) {
  c.beginPath();
  c.arc(x, y, radius, 0, Math.PI * 2);
  if (ring) {
    // A band of the class colour between two dark edges; the inside stays see-through.
    c.lineWidth = 4;
    c.strokeStyle = POINT_OUTLINE;
    c.stroke();
    c.lineWidth = 2;
    c.strokeStyle = color;
    c.stroke();
  } else {
    c.fillStyle = color;
    c.fill();
    c.lineWidth = 1;
    c.strokeStyle = POINT_OUTLINE;
    c.stroke();
  }
}
