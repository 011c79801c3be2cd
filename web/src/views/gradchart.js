// Gradient norms per weight layer, epoch by epoch: one line per W_l (the mean Frobenius norm
// of dLoss/dW_l over the epoch's batches), epochs on x, a log axis by default (the norms of a
// deep logistic network span decades: its early layers' gradients vanish). Long runs are
// decimated to one min/max column per pixel, as in the loss chart.

import {
  AXIS_LINE,
  BACKGROUND,
  FONT,
  FONT_FAMILY,
  GRID_LINE,
  INK,
  INK_MUTED,
  createScheduler,
  drawEpochAxis,
  drawTooltip,
  fitCanvas,
  formatCount,
  formatLogTick,
  formatTick,
  formatValue,
  logTicks,
  niceTicks,
  observeResize,
  traceCurve,
  trackPointer,
} from './canvas-util.js';
import { taskQueue } from '../ui/tasks.js';
import { mixRgb, rgbCss } from './palette.js';

/** Early layers warm (vermillion), late layers cool (blue): colour-blind-safe ends. */
const RAMP = [
  [213, 94, 0],
  [204, 121, 167],
  [86, 130, 200],
  [0, 60, 120],
];

/** The colour of weight layer l of n (0 = the first, input -> h1). */
export function layerColor(l, n) {
  const t = n > 1 ? l / (n - 1) : 0;
  const x = t * (RAMP.length - 1);
  const k = Math.min(RAMP.length - 2, Math.floor(x));
  return rgbCss(mixRgb(RAMP[k], RAMP[k + 1], x - k));
}

/** The legend name of weight layer l of n: "W1 (input→h1)", ..., "W3 (h2→output)". */
export function layerLabel(l, n) {
  const from = l === 0 ? 'input' : `h${l}`;
  const to = l === n - 1 ? 'output' : `h${l + 1}`;
  return `W${l + 1} (${from}\u2192${to})`;
}

/**
 * The norms as one series per layer: [{ values: Float64Array (one per epoch), min, max,
 * minPositive, last }], or [] when there is nothing to draw. Rows are epochs, columns layers.
 */
export function splitLayers(gradientNorms, nLayers) {
  if (!gradientNorms || !(nLayers > 0)) return [];
  const epochs = Math.floor(gradientNorms.length / nLayers);
  if (!epochs) return [];
  const out = [];
  for (let l = 0; l < nLayers; l += 1) {
    const values = new Float64Array(epochs);
    let min = Infinity;
    let max = -Infinity;
    let minPositive = Infinity;
    for (let e = 0; e < epochs; e += 1) {
      const v = gradientNorms[e * nLayers + l];
      values[e] = v;
      if (!(v > -Infinity && v < Infinity)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > 0 && v < minPositive) minPositive = v;
    }
    out.push({ values, min, max, minPositive, last: values[epochs - 1] });
  }
  return out;
}

/**
 * createGradientChart(canvas) -> { update({ gradientNorms, nLayers }), setOptions({ logScale, emptyText }),
 * resize, render, destroy }. canvas.dataset.layers / .epochs: the series drawn and their length.
 */
export function createGradientChart(canvas) {
  const ctx = canvas.getContext('2d');
  let size = null;
  let layers = []; // splitLayers' output
  let epochs = 0;
  const options = { logScale: true, emptyText: 'Press Play to train' };
  let hover = null;
  const scheduler = createScheduler(render, 'gradients', { nextTask: taskQueue() }); // its own redraws in a task after the frame
  const stopObserving = observeResize(canvas, () => resize());
  const labelledByPage = canvas.hasAttribute('aria-label');
  if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'img');
  if (!canvas.dataset) canvas.dataset = {};

  function legendRows(c, width) {
    const n = layers.length;
    const rows = [[]];
    let x = 0;
    c.font = FONT;
    for (let l = 0; l < n; l += 1) {
      const text = layerLabel(l, n);
      const w = 18 + c.measureText(text).width + 12;
      if (x + w > width && rows.at(-1).length) {
        rows.push([]);
        x = 0;
      }
      rows.at(-1).push({ l, text, x });
      x += w;
    }
    return rows;
  }

  function layout(c, width, height) {
    const legend = legendRows(c, width - 16);
    const top = 4 + legend.length * 18 + 4;
    const bottom = 22;
    const h = Math.max(20, height - top - bottom);
    const maxEpoch = Math.max(2, epochs);
    let map;
    let grid;
    let labels;
    const log = options.logScale;
    if (log) {
      let lo = Math.min(...layers.map((s) => s.minPositive));
      let hi = Math.max(...layers.map((s) => s.max));
      if (!Number.isFinite(lo) || !(hi > 0)) [lo, hi] = [0.1, 1];
      const span = Math.max(Math.log10(hi) - Math.log10(lo), 0.3);
      const l0 = Math.log10(lo) - span * 0.05;
      const l1 = Math.log10(hi) + span * 0.05;
      const ticks = logTicks(10 ** l0, 10 ** l1);
      map = (v) => (v > 0 ? top + h - ((Math.log10(v) - l0) / (l1 - l0)) * h : NaN);
      grid = [...ticks.major, ...ticks.minor];
      labels = ticks.major.map((v) => ({ v, text: formatLogTick(v) }));
    } else {
      const hi = Math.max(...layers.map((s) => s.max)) * 1.06 || 1;
      const t = niceTicks(0, hi, Math.max(2, Math.floor(h / 36)));
      map = (v) => top + h - (v / hi) * h;
      grid = t.ticks;
      labels = t.ticks.map((v) => ({ v, text: formatTick(v, t.step) }));
    }
    c.font = FONT;
    let labelW = 0;
    for (const t of labels) labelW = Math.max(labelW, c.measureText(t.text).width);
    const left = Math.max(34, Math.ceil(labelW) + 12);
    const plotW = Math.max(10, width - left - 12);
    const xt = niceTicks(0, maxEpoch, Math.max(2, Math.floor(plotW / 80)));
    if (xt.step < 1) {
      xt.step = 1;
      xt.ticks = Array.from({ length: maxEpoch + 1 }, (_, i) => i);
    }
    const px = (epoch) => left + (epoch / maxEpoch) * plotW;
    return { legend, top, h, left, plotW, maxEpoch, xt, px, map, grid, labels, log, ex: (x) => ((x - left) / plotW) * maxEpoch };
  }

  function drawLayer(c, L, s, color) {
    const { values } = s;
    const n = values.length;
    const scale = L.plotW / L.maxEpoch;
    const bad = (v) => !(v > -Infinity && v < Infinity) || (L.log && v <= 0);
    c.beginPath();
    traceCurve(c, { values, n, left: L.left, scale, plotW: L.plotW, map: L.map, log: L.log });
    c.lineJoin = 'round';
    c.lineWidth = 1.75;
    c.strokeStyle = color;
    c.stroke();
    if (n === 1 && !bad(values[0])) {
      c.beginPath();
      c.arc(L.left + scale, L.map(values[0]), 2.5, 0, Math.PI * 2);
      c.fillStyle = color;
      c.fill();
    }
  }

  function drawFrame(c, L) {
    const { left, top, plotW, h } = L;
    c.lineWidth = 1;
    c.strokeStyle = GRID_LINE;
    c.beginPath();
    for (const v of L.grid) {
      const y = Math.round(L.map(v)) + 0.5;
      c.moveTo(left, y);
      c.lineTo(left + plotW, y);
    }
    for (const v of L.xt.ticks) {
      const x = Math.round(L.px(v)) + 0.5;
      c.moveTo(x, top);
      c.lineTo(x, top + h);
    }
    c.stroke();
    c.strokeStyle = AXIS_LINE;
    c.strokeRect(left - 0.5, top - 0.5, plotW + 1, h + 1);
    c.font = FONT;
    c.fillStyle = INK_MUTED;
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    for (const { v, text } of L.labels) c.fillText(text, left - 6, Math.round(L.map(v)) + 0.5);
    drawEpochAxis(c, L.xt, L.px, left, plotW, top + h + 5);
  }

  function drawLegend(c, L) {
    c.textBaseline = 'middle';
    c.textAlign = 'left';
    c.font = FONT;
    const n = layers.length;
    L.legend.forEach((row, k) => {
      const y = 4 + k * 18 + 9;
      for (const item of row) {
        const x = 8 + item.x;
        c.strokeStyle = layerColor(item.l, n);
        c.lineWidth = 2.5;
        c.beginPath();
        c.moveTo(x, y);
        c.lineTo(x + 14, y);
        c.stroke();
        c.fillStyle = INK;
        c.fillText(item.text, x + 18, y);
      }
    });
  }

  function drawHover(c, L) {
    const right = L.left + L.plotW;
    if (hover.x < L.left - 4 || hover.x > right + 4) return;
    const epoch = Math.max(1, Math.min(epochs, Math.round(L.ex(hover.x))));
    const x = Math.round(L.px(epoch)) + 0.5;
    c.strokeStyle = 'rgba(17, 20, 24, 0.5)';
    c.lineWidth = 1;
    c.beginPath();
    c.moveTo(x, L.top);
    c.lineTo(x, L.top + L.h);
    c.stroke();
    /** @type {Array<{ text: string, bold?: boolean, color?: string, marker?: string }>} */
    const rows = [{ text: `epoch ${formatCount(epoch)}: \u2016\u2202loss/\u2202W\u2016`, bold: true }];
    const n = layers.length;
    // Late layers first, as they stack on a log axis.
    for (let l = n - 1; l >= 0; l -= 1) {
      const v = layers[l].values[epoch - 1];
      const color = layerColor(l, n);
      const y = L.map(v);
      if (y >= L.top && y <= L.top + L.h) {
        c.beginPath();
        c.arc(x, y, 3.5, 0, Math.PI * 2);
        c.fillStyle = color;
        c.fill();
        c.strokeStyle = '#fff';
        c.lineWidth = 1.5;
        c.stroke();
      }
      rows.push({ text: `${layerLabel(l, n)} ${formatValue(v, 3)}`, color, marker: 'line' });
    }
    drawTooltip(c, x, Math.max(L.top, hover.y - 30), rows, { x: 0, y: L.top, w: size.width, h: L.h + 22 });
  }

  function render() {
    if (!size) size = fitCanvas(canvas);
    if (!size) return;
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, size.width, size.height);
    if (!layers.length) {
      ctx.font = `14px ${FONT_FAMILY}`;
      ctx.fillStyle = INK_MUTED;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(options.emptyText, size.width / 2, size.height / 2);
      return;
    }
    const L = layout(ctx, size.width, size.height);
    drawFrame(ctx, L);
    ctx.save();
    ctx.beginPath();
    ctx.rect(L.left, L.top, L.plotW, L.h);
    ctx.clip();
    layers.forEach((s, l) => drawLayer(ctx, L, s, layerColor(l, layers.length)));
    ctx.restore();
    drawLegend(ctx, L);
    if (hover) drawHover(ctx, L);
  }

  function describe() {
    canvas.dataset.layers = String(layers.length);
    canvas.dataset.epochs = String(epochs);
    if (labelledByPage) return;
    if (!layers.length) return canvas.setAttribute('aria-label', `Gradient norms per layer: ${options.emptyText}`);
    const n = layers.length;
    const parts = layers.map((s, l) => `${layerLabel(l, n)} ${formatValue(s.last, 3)}`);
    canvas.setAttribute('aria-label', `Gradient norms per layer after ${epochs} epochs: ${parts.join(', ')}`);
  }

  const stopTracking = trackPointer(canvas, (at) => {
    hover = at;
    scheduler.request();
  });

  function resize() {
    const next = fitCanvas(canvas);
    if (!next) return;
    size = next;
    scheduler.request();
  }

  describe();

  return {
    /** { gradientNorms: epochs x layers row-major, nLayers: the number of weight layers }. */
    update({ gradientNorms = null, nLayers = 0 } = {}) {
      layers = splitLayers(gradientNorms, nLayers);
      epochs = layers.length ? layers[0].values.length : 0;
      describe();
      scheduler.request();
    },
    /** { logScale, emptyText }: any subset. */
    setOptions(next = {}) {
      if ('logScale' in next) options.logScale = Boolean(next.logScale);
      if (typeof next.emptyText === 'string') options.emptyText = next.emptyText;
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
