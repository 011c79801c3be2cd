// Training curves: a loss panel (loss_curve_, optional per-epoch train/test loss) above a
// score panel (train/test score, early stopping's validation score), epochs on x. Long runs
// are decimated to one min/max column per pixel, so 100,000 epochs draw as fast as 500.
//
// A series is either an array (or typed array) with the value of epoch i + 1 at index i, where
// missing epochs may be NaN/undefined/null (lines join across them), or { epochs, values } for
// values sampled at some epochs (epochs increasing). Its parts, in losschart/: the series'
// shape and look-up (series.js), the layout (layout.js) and the painting (painting.js).

import { BACKGROUND, FONT_FAMILY, INK_MUTED, createScheduler, fitCanvas, formatValue, observeResize, trackPointer } from './canvas-util.js';
import { taskQueue } from '../ui/tasks.js';
import { chartLayout } from './losschart/layout.js';
import { drawHover, drawLegend, drawPanel, drawXAxis } from './losschart/painting.js';
import { SERIES, normalizeSeries, seriesLabel } from './losschart/series.js';

export { SERIES, normalizeSeries, valueAt } from './losschart/series.js';

/**
 * createLossChart(canvas) -> { update(series), setOptions({ logScale, scoreName }), resize, render, destroy }
 * series: { lossCurve, validationScores, trainScores, testScores, trainLosses, testLosses }, any subset,
 * and pinned: [{ label, loss (a series), color }], earlier runs' losses drawn dotted under the rest.
 */
export function createLossChart(canvas) {
  const ctx = canvas.getContext('2d');
  const chart = {
    size: null,
    series: [], // { spec, data }
    markers: [], // [{ epoch, label, detail }]: vertical lines (where fit() stops)
    options: { logScale: false, scoreName: 'score', emptyText: 'Press Play to train', cadence: 1 },
    hover: null,
  };
  const scheduler = createScheduler(render, 'chart', { nextTask: taskQueue() }); // its own redraws in a task after the frame
  const stopObserving = observeResize(canvas, () => resize());
  const labelledByPage = canvas.hasAttribute('aria-label');
  if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'img');

  function render() {
    if (!chart.size) chart.size = fitCanvas(canvas);
    if (!chart.size) return;
    ctx.setTransform(chart.size.dpr, 0, 0, chart.size.dpr, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, chart.size.width, chart.size.height);
    if (!chart.series.length) {
      ctx.font = `14px ${FONT_FAMILY}`;
      ctx.fillStyle = INK_MUTED;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(chart.options.emptyText, chart.size.width / 2, chart.size.height / 2);
      return;
    }
    const L = chartLayout(chart, ctx, chart.size.width, chart.size.height);
    for (const p of L.panels) drawPanel(chart, ctx, L, p);
    drawXAxis(ctx, L);
    drawLegend(ctx, L);
    if (chart.hover) drawHover(chart, ctx, L);
  }

  function describe() {
    if (labelledByPage) return;
    if (!chart.series.length) return canvas.setAttribute('aria-label', `Training curves: ${chart.options.emptyText}`);
    const parts = chart.series.map(({ spec, data }) => `${seriesLabel(spec, chart.options.scoreName)} ${formatValue(data.lastValue, 3)}`);
    const epochs = Math.max(...chart.series.map((s) => s.data.lastEpoch));
    canvas.setAttribute('aria-label', `Training curves after ${epochs} epochs: ${parts.join(', ')}`);
  }

  const stopTracking = trackPointer(canvas, (at) => {
    chart.hover = at;
    scheduler.request();
  });

  function resize() {
    const next = fitCanvas(canvas);
    if (!next) return;
    chart.size = next;
    scheduler.request();
  }

  return {
    update(input = {}) {
      chart.series = [];
      for (const pin of input.pinned ?? []) {
        const data = normalizeSeries(pin.loss);
        const spec = { key: 'pinned', label: `pinned: ${pin.label}`, panel: 'loss', color: pin.color, dash: [2, 3] };
        if (data) chart.series.push({ spec, data });
      }
      if (canvas.dataset) canvas.dataset.pinned = String(chart.series.length);
      for (const spec of SERIES) {
        const data = normalizeSeries(input[spec.key]);
        if (data) chart.series.push({ spec, data });
      }
      chart.markers = (input.markers ?? []).filter((m) => Number.isFinite(m?.epoch) && m.epoch > 0);
      if (canvas.dataset) {
        canvas.dataset.markers = chart.markers.map((m) => m.epoch).join(',');
        canvas.dataset.epoch = String(Math.max(0, ...chart.series.filter((s) => s.spec.key !== 'pinned').map((s) => s.data.lastEpoch)));
      }
      describe();
      scheduler.request();
    },
    /** { logScale, scoreName ('score', 'accuracy', 'R²'), emptyText, cadence (epochs between measurements) }: any subset. */
    setOptions(next = {}) {
      if (Number.isFinite(next.cadence) && next.cadence >= 1) chart.options.cadence = next.cadence;
      if ('logScale' in next) chart.options.logScale = Boolean(next.logScale);
      if (typeof next.scoreName === 'string') chart.options.scoreName = next.scoreName;
      if (typeof next.emptyText === 'string') chart.options.emptyText = next.emptyText;
      describe();
      scheduler.request();
    },
    resize,
    render: () => scheduler.flush(),
    destroy() {
      scheduler.cancel();
      stopObserving();
      stopTracking();
    },
  };
}
