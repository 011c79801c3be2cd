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
//
// Its parts, in boundary/: what to show (scene.js), the heatmap and contour painter (heat.js),
// the layout (layout.js), the painting (painting.js), the points (points.js), the exported
// picture's legend (legend.js), hit tests (hit-test.js), the hover (hover.js) and the pointer
// input (input.js).

import { AXIS_LINE, BACKGROUND, createLayer, createScheduler, fitCanvas, formatTick, observeResize, timed } from './canvas-util.js';
import { taskQueue } from '../ui/tasks.js';
import { createHeatPainter } from './boundary/heat.js';
import { drawHover } from './boundary/hover.js';
import { attachInput } from './boundary/input.js';
import { planeLayout } from './boundary/layout.js';
import { drawLegend, legendHeightFor } from './boundary/legend.js';
import { drawAxisNames, drawColorBar, drawContour, drawCurve, drawGhosts, drawGridLines, drawHeat, drawMarker, drawTickLabels } from './boundary/painting.js';
import { createSprites, drawPoints } from './boundary/points.js';
import { buildGroups, is1d, nTargets, regressionRange, targetBounds, viewRect } from './boundary/scene.js';

const DEFAULT_OPTIONS = { discretize: false, showTest: true, showTrain: true, showContour: true };

/**
 * createBoundaryView(canvas, { onAddPoint(x, y, button, event), onRemovePoint(index, part, event) })
 * -> { setData, setGrid, setOptions, setRect, setMarker, toBlob, resize, render, destroy }
 * onAddPoint's fifth argument: the shown data point under the click ({ index, part }), or null.
 * The canvas must get its size from CSS (e.g. width: 100%; aspect-ratio: 1).
 * @param {HTMLCanvasElement} canvas
 * @param {{ onAddPoint?: (x: number, y: number, button: number, event: Event, near: { index: number, part: string } | null) => void,
 *   onRemovePoint?: (index: number, part: string, event: Event) => void }} [handlers]
 */
export function createBoundaryView(canvas, { onAddPoint, onRemovePoint } = {}) {
  const ctx = canvas.getContext('2d');
  const doc = canvas.ownerDocument;
  const scene = doc.createElement('canvas'); // the picture without hover decorations (while hovering)
  const sceneCtx = scene.getContext('2d');
  const frame = createLayer(doc); // background, axes, tick labels, colour bar
  const points = createLayer(doc); // the data points (transparent elsewhere)
  // The view's state, read by its parts (boundary/): what is shown and what is up to date.
  const view = {
    data: null, // the data message
    task: 'classification',
    nClasses: 2,
    classNames: null,
    axes: { x: null, y: null }, // the axes' names (a table's columns), or null: unnamed
    grid: null,
    rect: null,
    options: { ...DEFAULT_OPTIONS },
    size: null,
    hover: null, // { x, y } in CSS px
    heatValid: false,
    sceneValid: false,
    pointsVersion: 0, // bumped when the points' look changes (data, options)
    screenLayout: { key: '', L: null },
    groups: [], // points by colour: { color, train: Int32Array, test: Int32Array }
    targetRange: null, // regression colour scale [lo, hi]
    contour: [], // segments in grid coordinates
    ghosts: [], // pinned runs' boundaries: { lines: [[x0, y0, x1, y1, ...]] in data units, color }
    contourLines: [], // the segments joined into polylines
    contourGrid: null, // the grid they were traced on (the picture shown may be a grid behind)
    heatShown: true, // the last finished picture has been drawn on screen
    heatStale: true, // the picture is wrong (new data, options, size), not just a grid behind
    prepared: false, // a caller paints through prepare(): render() need not paint new grids
    marker: null, // the input followed ({ x, y } in data units), ringed above the points
  };
  const heat = createHeatPainter(doc, view); // the grid at its own resolution
  const sprite = createSprites(doc);
  const labelledByPage = canvas.hasAttribute('aria-label');

  const scheduler = createScheduler(render, 'boundary', { nextTask: taskQueue() }); // its own redraws in a task after the frame
  const stopObserving = observeResize(canvas, () => resize());
  if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'img');
  if (onAddPoint) canvas.style.cursor = 'crosshair';
  canvas.style.touchAction = 'manipulation';

  function drawScene(c, width, height, legendHeight, scale) {
    const L = planeLayout(view, c, width, height, legendHeight);
    const { plot } = L;
    c.fillStyle = BACKGROUND;
    c.fillRect(0, 0, width, height);
    c.save();
    c.beginPath();
    c.rect(plot.x, plot.y, plot.w, plot.h);
    c.clip();
    c.fillStyle = '#fbfbfc';
    c.fillRect(plot.x, plot.y, plot.w, plot.h);
    if (view.grid && !is1d(view)) drawHeat(view, c, L, heat.canvas);
    drawGridLines(c, L);
    if (!is1d(view)) drawGhosts(view, c, L);
    if (view.grid && !is1d(view) && view.contour.length) drawContour(view, c, L);
    if (view.grid && is1d(view)) drawCurve(view, c, L);
    drawPoints(view, c, L, scale, sprite);
    c.restore();
    c.strokeStyle = AXIS_LINE;
    c.lineWidth = 1;
    c.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);
    drawTickLabels(c, L);
    drawAxisNames(view, c, L);
    if (L.bt) drawColorBar(view, c, L);
    if (legendHeight) drawLegend(view, c, L, width, height - legendHeight + 4);
    return L;
  }

  /** The screen's layout, measured again only when the size, the rectangle or the colour bar change. */
  function currentLayout() {
    const r = viewRect(view);
    const bar = view.task === 'regression' && !is1d(view) ? regressionRange(view).join() : '';
    const key = [view.size.width, view.size.height, r.xMin, r.xMax, r.yMin, r.yMax, bar, view.axes.x, view.axes.y].join();
    if (view.screenLayout.key !== key) {
      view.screenLayout = { key, L: planeLayout(view, ctx, view.size.width, view.size.height, 0) };
      describeAxes(view.screenLayout.L);
    }
    return view.screenLayout.L;
  }

  /**
   * For tests and tools: the rectangle shown, the axes' names and their tick labels as drawn
   * (data-x-min, data-x-max, data-y-min, data-y-max, data-x-name, data-y-name, data-x-ticks and
   * data-y-ticks: the labels joined by "|"), and the plot's box in CSS px (data-plot: "x y w h").
   */
  function describeAxes(L) {
    if (!canvas.dataset) return;
    const ticks = (t) => t.ticks.map((v) => formatTick(v, t.step)).join('|');
    Object.assign(canvas.dataset, {
      xMin: String(L.rect.xMin),
      xMax: String(L.rect.xMax),
      yMin: String(L.rect.yMin),
      yMax: String(L.rect.yMax),
      xName: view.axes.x ?? '',
      yName: view.axes.y ?? '',
      xTicks: ticks(L.xt),
      yTicks: ticks(L.yt),
      plot: `${L.plot.x} ${L.plot.y} ${L.plot.w} ${L.plot.h}`,
    });
  }

  /** Everything outside the plot area, and the plot's empty background. */
  function drawFrame(c, L) {
    const { plot } = L;
    c.fillStyle = BACKGROUND;
    c.fillRect(0, 0, view.size.width, view.size.height);
    c.fillStyle = '#fbfbfc';
    c.fillRect(plot.x, plot.y, plot.w, plot.h);
    drawTickLabels(c, L);
    drawAxisNames(view, c, L);
    if (L.bt) drawColorBar(view, c, L);
  }

  function drawPointsLayer(c, L) {
    const { plot } = L;
    c.beginPath();
    c.rect(plot.x, plot.y, plot.w, plot.h);
    c.clip();
    drawPoints(view, c, L, view.size.dpr, sprite);
  }

  const ensureFrame = (L) => frame.ensure(`${view.screenLayout.key}|${view.size.dpr}`, canvas.width, canvas.height, view.size.dpr, (lc) => drawFrame(lc, L));
  const ensurePoints = (L) => points.ensure(`${view.screenLayout.key}|${view.size.dpr}|${view.pointsVersion}`, canvas.width, canvas.height, view.size.dpr,
    (lc) => drawPointsLayer(lc, L));
  /**
   * One step of the work a new picture needs before it is composed: the layout (its tick labels
   * measured), the frame's layer, the points' layer. Each is several milliseconds the first
   * time (a canvas's first text, thousands of points), so a picture drawn from scratch is three
   * short tasks rather than one long one. Returns true when it did one (there may be more).
   */
  function prepareLayers() {
    const key = view.screenLayout.key;
    const L = currentLayout();
    if (view.screenLayout.key !== key) return true;
    return ensureFrame(L) || ensurePoints(L);
  }

  /**
   * The picture for the screen from the cached layers: the frame, the heatmap, the grid lines
   * and the contour (or the 1-D curve), then the points; the same pixels as drawScene.
   */
  function compose(c, L) {
    const { plot } = L;
    const { dpr } = view.size;
    ensureFrame(L);
    ensurePoints(L);
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.drawImage(frame.canvas, 0, 0);
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.save();
    c.beginPath();
    c.rect(plot.x, plot.y, plot.w, plot.h);
    c.clip();
    if (view.grid && !is1d(view)) drawHeat(view, c, L, heat.canvas);
    drawGridLines(c, L);
    if (!is1d(view)) drawGhosts(view, c, L);
    if (view.grid && !is1d(view) && view.contour.length) drawContour(view, c, L);
    if (view.grid && is1d(view)) drawCurve(view, c, L);
    c.restore();
    if (view.data) {
      // Only the plot's part of the points layer (it is clipped to the plot), pixel for pixel.
      const x0 = Math.max(0, Math.floor(plot.x * dpr));
      const y0 = Math.max(0, Math.floor(plot.y * dpr));
      const x1 = Math.min(canvas.width, Math.ceil((plot.x + plot.w) * dpr));
      const y1 = Math.min(canvas.height, Math.ceil((plot.y + plot.h) * dpr));
      c.setTransform(1, 0, 0, 1, 0, 0);
      if (x1 > x0 && y1 > y0) c.drawImage(points.canvas, x0, y0, x1 - x0, y1 - y0, x0, y0, x1 - x0, y1 - y0);
      c.setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    if (view.marker) {
      c.save();
      c.beginPath();
      c.rect(plot.x, plot.y, plot.w, plot.h);
      c.clip();
      drawMarker(c, L, view.marker);
      c.restore();
    }
    c.strokeStyle = AXIS_LINE;
    c.lineWidth = 1;
    c.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);
  }

  /** whole: the picture at once (render() of the API), else it may be done in steps (its own redraws). */
  function render(whole = false) {
    if (!view.size) view.size = fitCanvas(canvas);
    if (!view.size) return;
    // Drawn at its own request (its first picture, a new size, new points): a layer per frame
    // until the picture can be composed. render() of the API draws it all at once.
    if (!whole && prepareLayers()) {
      scheduler.request();
      return;
    }
    // The last complete picture is shown while a newer grid is painted in prepare() turns;
    // only a picture made wrong by new data or options is painted here at once.
    if (!view.heatValid && (view.heatStale || !view.prepared)) timed('boundary-heat', heat.paint);
    view.heatStale = false;
    view.heatShown = true;
    // For tests and tools: the epoch of the grid on screen (a grid reply's epoch).
    const shownEpoch = view.contourGrid?.epoch === undefined ? '' : String(view.contourGrid.epoch);
    if (canvas.dataset && canvas.dataset.epoch !== shownEpoch) canvas.dataset.epoch = shownEpoch;
    // And the rectangle that grid covers ("xMin xMax yMin yMax"), to compare with the axes'.
    const g = view.contourGrid;
    const gridRect = g ? `${g.xMin} ${g.xMax} ${g.yMin} ${g.yMax}` : '';
    if (canvas.dataset && canvas.dataset.gridRect !== gridRect) canvas.dataset.gridRect = gridRect;
    const L = currentLayout();
    if (!view.hover) {
      // Straight onto the screen; the hover layer is out of date from now on.
      compose(ctx, L);
      view.sceneValid = false;
      return;
    }
    if (!view.sceneValid || scene.width !== canvas.width || scene.height !== canvas.height) {
      if (scene.width !== canvas.width || scene.height !== canvas.height) {
        scene.width = canvas.width;
        scene.height = canvas.height;
      }
      compose(sceneCtx, L);
      view.sceneValid = true;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(scene, 0, 0);
    ctx.setTransform(view.size.dpr, 0, 0, view.size.dpr, 0, 0);
    drawHover(view, ctx, L);
  }

  function invalidate({ heat: h = false, points: p = false } = {}) {
    if (h) {
      view.heatValid = false;
      heat.reset();
      view.heatStale = true;
    }
    if (p) view.pointsVersion += 1;
    view.sceneValid = false;
    scheduler.request();
  }

  function describe() {
    if (labelledByPage) return;
    const rows = (y) => (y ? Math.floor(y.length / nTargets(view)) : 0);
    const what = view.task === 'regression' ? 'Regression surface' : `Decision regions of ${view.nClasses} classes`;
    const points = view.data ? `, ${rows(view.data.yTrain)} training and ${rows(view.data.yTest)} test points` : '';
    const named = view.axes.x && view.axes.y ? ` (${view.axes.x} across, ${view.axes.y} up)` : '';
    canvas.setAttribute('aria-label', `${is1d(view) ? 'Prediction curve' : what}${named}${points}`);
  }

  const detachInput = attachInput(canvas, view, {
    onAddPoint,
    onRemovePoint,
    currentLayout: () => currentLayout(),
    request: () => scheduler.request(),
  });

  // ---- API ------------------------------------------------------------------------------

  function resize() {
    const next = fitCanvas(canvas);
    if (!next) return;
    view.size = next;
    invalidate();
  }

  return {
    /**
     * dataMsg: { nFeatures, nTargets, xTrain, yTrain, xTest, yTest } (or null); meta: { task, nClasses,
     * classNames?, axes?: { x, y } } (the axes' names; 1-D: x and the target; null or absent: unnamed).
     */
    setData(dataMsg, meta = {}) {
      view.data = dataMsg && dataMsg.xTrain ? dataMsg : null;
      view.task = meta.task === 'regression' ? 'regression' : 'classification';
      view.classNames = meta.classNames ?? null;
      view.axes = { x: meta.axes?.x || null, y: meta.axes?.y || null };
      let maxLabel = 1;
      if (view.data && view.task === 'classification') {
        for (const y of [view.data.yTrain, view.data.yTest]) for (let r = 0; y && r < y.length; r += 1) maxLabel = Math.max(maxLabel, y[r]);
      }
      view.nClasses = Math.max(2, meta.nClasses ?? Math.round(maxLabel) + 1);
      view.targetRange = view.task === 'regression' ? targetBounds(view) : null;
      buildGroups(view);
      describe();
      invalidate({ heat: true, points: true });
    },
    /** gridMsg: { xMin, xMax, yMin, yMax, nx, ny, channels, values: Float32Array, epoch? } (or null). */
    setGrid(gridMsg) {
      const next = gridMsg && gridMsg.values ? gridMsg : null;
      // A new grid of the same shape is painted after the one in progress; another shape (or
      // none) makes the picture wrong at once.
      const sameShape = next && view.grid && next.nx === view.grid.nx && next.ny === view.grid.ny && next.channels === view.grid.channels;
      view.grid = next;
      if (!sameShape) return invalidate({ heat: true });
      view.heatValid = false;
      scheduler.request();
    },
    /** { discretize, showTest, showTrain, showContour }: any subset. */
    setOptions(next = {}) {
      for (const key of Object.keys(DEFAULT_OPTIONS)) if (key in next) view.options[key] = Boolean(next[key]);
      invalidate({ heat: true, points: true });
    },
    /** The input followed ("Follow one input"): { x, y } in data units, ringed above the points; null: none. */
    setMarker(marker) {
      const next = marker && Number.isFinite(marker.x) && Number.isFinite(marker.y) ? { x: marker.x, y: marker.y } : null;
      if (next?.x === view.marker?.x && next?.y === view.marker?.y) return;
      view.marker = next;
      if (canvas.dataset) {
        if (next) canvas.dataset.marker = `${next.x} ${next.y}`;
        else delete canvas.dataset.marker;
      }
      invalidate();
    },
    /** Pinned runs' boundaries to draw dashed: [{ lines: [[x0, y0, x1, y1, ...]] (data units), color }]. */
    setGhosts(list = []) {
      view.ghosts = (list ?? []).filter((g) => g && Array.isArray(g.lines));
      invalidate();
    },
    /** The current decision boundary as polylines in data units ([] when there is none). */
    boundaryLines() {
      const g = view.contourGrid;
      if (!g || is1d(view)) return [];
      const ax = (g.xMax - g.xMin) / (g.nx - 1);
      const ay = (g.yMax - g.yMin) / (g.ny - 1);
      return view.contourLines.map((line) => line.map((v, k) => (k % 2 === 0 ? g.xMin + v * ax : g.yMax - v * ay)));
    },
    /** The data rectangle shown, in data units (1-D data: x and the target's range). */
    setRect(r) {
      view.rect = r && r.xMax > r.xMin && r.yMax > r.yMin ? { xMin: r.xMin, xMax: r.xMax, yMin: r.yMin, yMax: r.yMax } : null;
      invalidate();
    },
    /** A PNG of the picture with a legend, at twice the CSS size. */
    toBlob() {
      const width = view.size?.width ?? 480;
      const height = view.size?.height ?? 480;
      const scale = 2;
      const out = doc.createElement('canvas');
      const c = out.getContext('2d');
      const legend = legendHeightFor(view, c, width);
      out.width = width * scale;
      out.height = (height + legend) * scale;
      c.scale(scale, scale);
      if (!view.heatValid) heat.paint();
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
      view.prepared = true;
      if (!view.size) view.size = fitCanvas(canvas);
      if (!view.size) return false;
      if (prepareLayers()) return true;
      if (view.heatValid || !view.heatShown) return false; // all painted, or a finished picture to show first
      timed('boundary-heat', () => heat.paint(deadline));
      return true;
    },
    /** True while a newer grid than the one shown waits to be painted (call prepare() again). */
    get busy() {
      return !view.heatValid;
    },
    destroy() {
      scheduler.cancel();
      stopObserving();
      detachInput();
    },
  };
}
