// Training curves: a loss panel (loss_curve_, optional per-epoch train/test loss) above a
// score panel (train/test score, early stopping's validation score), epochs on x. Long runs
// are decimated to one min/max column per pixel, so 100,000 epochs draw as fast as 500.
//
// A series is either an array (or typed array) with the value of epoch i + 1 at index i, where
// missing epochs may be NaN/undefined/null (lines join across them), or { epochs, values } for
// values sampled at some epochs (epochs increasing).

import {
  AXIS_LINE,
  BACKGROUND,
  FONT,
  FONT_BOLD,
  FONT_FAMILY,
  GRID_LINE,
  INK,
  INK_MUTED,
  createScheduler,
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

const TRAIN = '#0072B2';
const TEST = '#D55E00';
const VALIDATION = '#009E73';
const MARKER = '#6b4f9e';

/** The series the chart knows, in legend order. */
export const SERIES = [
  { key: 'lossCurve', label: 'train', panel: 'loss', color: TRAIN, dash: null },
  { key: 'trainLosses', label: 'train (full pass)', panel: 'loss', color: TRAIN, dash: [5, 3] },
  { key: 'testLosses', label: 'test', panel: 'loss', color: TEST, dash: null },
  { key: 'trainScores', label: 'train', panel: 'score', color: TRAIN, dash: null },
  { key: 'testScores', label: 'test', panel: 'score', color: TEST, dash: null },
  { key: 'validationScores', label: 'validation', panel: 'score', color: VALIDATION, dash: null },
];

/**
 * A series in one shape: { epochs (null: epoch = index + 1), values, n, count (finite values),
 * min, max, minPositive, lastIndex, lastEpoch, lastValue }, or null when it has no finite value.
 */
export function normalizeSeries(input) {
  if (!input) return null;
  let epochs = null;
  let values = input;
  if (!Array.isArray(input) && !ArrayBuffer.isView(input)) {
    if (!input.values) return null;
    values = input.values;
    epochs = input.epochs ?? null;
  }
  // Plain arrays may hold holes, null or strings: one typed copy with NaN for those, so the
  // drawing loops only ever see numbers.
  if (!ArrayBuffer.isView(values)) values = Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN));
  const n = epochs ? Math.min(epochs.length, values.length) : values.length;
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  let last = -1;
  let count = 0;
  for (let i = 0; i < n; i += 1) {
    const v = values[i];
    if (!(v > -Infinity && v < Infinity)) continue; // NaN or infinite
    count += 1;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
    last = i;
  }
  if (!count) return null;
  const lastEpoch = epochs ? epochs[last] : last + 1;
  // Sampled series: the widest gap between samples (how far a hover may look for a value).
  let gap = 1;
  if (epochs) for (let i = 1; i < n; i += 1) gap = Math.max(gap, epochs[i] - epochs[i - 1]);
  return { epochs, values, n, count, min, max, minPositive, lastIndex: last, lastEpoch, lastValue: values[last], gap };
}

/**
 * The finite value nearest to `epoch`, at most `maxDistance` epochs away: { epoch, value } or
 * null. A hover asks for the epoch under the pointer (0 away for a series measured every epoch),
 * never for a value from elsewhere on the curve.
 */
export function valueAt(series, epoch, maxDistance = Infinity) {
  const { epochs, values, n } = series;
  const ok = (i) => i >= 0 && i < n && values[i] > -Infinity && values[i] < Infinity;
  if (!epochs) {
    const exact = Math.round(epoch) - 1;
    const i0 = Number.isFinite(maxDistance) ? exact : Math.max(0, Math.min(n - 1, exact));
    for (let d = 0; d < n && d <= maxDistance; d += 1) {
      if (ok(i0 - d)) return { epoch: i0 - d + 1, value: values[i0 - d] };
      if (ok(i0 + d)) return { epoch: i0 + d + 1, value: values[i0 + d] };
      if (i0 - d < 0 && i0 + d >= n) break;
    }
    return null;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (epochs[mid] < epoch) lo = mid + 1;
    else hi = mid;
  }
  for (let d = 0; d < n; d += 1) {
    const cand = [lo - 1 - d, lo + d].filter(ok);
    if (cand.length) {
      const i = cand.reduce((a, b) => (Math.abs(epochs[a] - epoch) <= Math.abs(epochs[b] - epoch) ? a : b));
      return Math.abs(epochs[i] - epoch) <= maxDistance ? { epoch: epochs[i], value: values[i] } : null;
    }
    if (lo - 1 - d < 0 && lo + d >= n) break;
  }
  return null;
}

/**
 * createLossChart(canvas) -> { update(series), setOptions({ logScale, scoreName }), resize, render, destroy }
 * series: { lossCurve, validationScores, trainScores, testScores, trainLosses, testLosses }, any subset,
 * and pinned: [{ label, loss (a series), color }], earlier runs' losses drawn dotted under the rest.
 */
export function createLossChart(canvas) {
  const ctx = canvas.getContext('2d');
  let size = null;
  let series = []; // { spec, data }
  let markers = []; // [{ epoch, label, detail }]: vertical lines (where fit() stops)
  let options = { logScale: false, scoreName: 'score', emptyText: 'Press Play to train', cadence: 1 };
  let hover = null;
  const scheduler = createScheduler(render, 'chart');
  const stopObserving = observeResize(canvas, () => resize());
  const labelledByPage = canvas.hasAttribute('aria-label');
  if (!canvas.hasAttribute('role')) canvas.setAttribute('role', 'img');

  /** The series' full name, as the tooltip says it: "train loss", "test accuracy". */
  const label = (spec) => `${spec.label} ${spec.panel === 'score' ? options.scoreName : 'loss'}`;

  function layout(c, width, height) {
    c.font = FONT;
    const bottom = 22;
    const maxEpoch = Math.max(2, ...series.map((s) => s.data.lastEpoch), ...markers.map((m) => m.epoch));
    const kinds = ['loss', 'score'].filter((k) => series.some((s) => s.spec.panel === k));
    // Headings start at the plot's left edge; they wrap within an estimate of its width.
    const headers = kinds.map((k) => legendRows(c, k, width - 64));
    const gap = kinds.length === 2 ? 10 : 0;
    const top = 4;
    const avail = Math.max(20, height - top - bottom - gap - headers.reduce((a, h) => a + h.length * 18 + 2, 0));
    const heights = kinds.length === 2 ? [Math.round(avail * 0.58), avail - Math.round(avail * 0.58)] : [avail];
    const panels = [];
    let y = top;
    kinds.forEach((k, n) => {
      const header = headers[n];
      const hy = y;
      y += header.length * 18 + 2;
      const p = k === 'loss' ? lossPanel(y, heights[n]) : scorePanel(y, heights[n]);
      p.header = header;
      p.headerY = hy;
      panels.push(p);
      y += heights[n] + gap;
    });
    let labelW = 0;
    for (const p of panels) for (const t of p.labels) labelW = Math.max(labelW, c.measureText(t.text).width);
    const left = Math.max(34, Math.ceil(labelW) + 12);
    const right = 12;
    const plotW = Math.max(10, width - left - right);
    const xt = niceTicks(0, maxEpoch, Math.max(2, Math.floor(plotW / 80)));
    if (xt.step < 1) {
      xt.step = 1;
      xt.ticks = Array.from({ length: maxEpoch + 1 }, (_, i) => i);
    }
    const px = (epoch) => left + (epoch / maxEpoch) * plotW;
    for (const p of panels) Object.assign(p, { x: left, w: plotW });
    return { panels, left, plotW, maxEpoch, xt, px, ex: (x) => ((x - left) / plotW) * maxEpoch, bottomY: height - bottom };
  }

  function lossPanel(y, h) {
    const members = series.filter((s) => s.spec.panel === 'loss');
    const tickCount = Math.max(2, Math.floor(h / 36));
    if (options.logScale) {
      let lo = Math.min(...members.map((s) => s.data.minPositive));
      let hi = Math.max(...members.map((s) => s.data.max));
      if (!Number.isFinite(lo) || !(hi > 0)) [lo, hi] = [0.1, 1];
      const span = Math.max(Math.log10(hi) - Math.log10(lo), 0.3);
      const l0 = Math.log10(lo) - span * 0.05;
      const l1 = Math.log10(hi) + span * 0.05;
      const ticks = logTicks(10 ** l0, 10 ** l1);
      const map = (v) => (v > 0 ? y + h - ((Math.log10(v) - l0) / (l1 - l0)) * h : NaN);
      return {
        name: 'loss (log scale)',
        log: true,
        members,
        y,
        h,
        map,
        grid: [...ticks.major, ...ticks.minor],
        labels: ticks.major.map((v) => ({ v, text: formatLogTick(v) })),
      };
    }
    const lo = Math.min(0, ...members.map((s) => s.data.min));
    const hi = Math.max(...members.map((s) => s.data.max)) * 1.06 || 1;
    const t = niceTicks(lo, hi, tickCount);
    const map = (v) => y + h - ((v - lo) / (hi - lo)) * h;
    return { name: 'loss', members, y, h, map, grid: t.ticks, labels: t.ticks.map((v) => ({ v, text: formatTick(v, t.step) })) };
  }

  function scorePanel(y, h) {
    const members = series.filter((s) => s.spec.panel === 'score');
    const min = Math.min(...members.map((s) => s.data.min));
    const max = Math.max(...members.map((s) => s.data.max));
    // A stable axis: 0..1 for accuracies; R² may dip below 0 (clipped at -1).
    const lo = Math.max(-1, Math.min(0, min));
    const hi = Math.max(1, max);
    const t = niceTicks(lo, hi, Math.max(2, Math.floor(h / 30)));
    const map = (v) => y + h - ((v - lo) / (hi - lo)) * h;
    return {
      name: options.scoreName,
      members,
      y,
      h,
      map,
      grid: t.ticks,
      labels: t.ticks.map((v) => ({ v, text: formatTick(v, t.step) })),
    };
  }

  /** A panel's heading: its name, then each series with its latest value, wrapped to rows. */
  function legendRows(c, kind, width) {
    const every = options.cadence > 1 ? ` (measured every ${options.cadence} epochs)` : '';
    const name = kind === 'loss' ? (options.logScale ? 'loss (log scale)' : 'loss') : `${options.scoreName}${every}`;
    c.font = FONT_BOLD;
    const rows = [[{ text: name, x: 8, bold: true }]];
    let x = 8 + c.measureText(name).width + 14;
    c.font = FONT;
    for (const { spec, data } of series) {
      if (spec.panel !== kind) continue;
      const text = `${spec.label} ${formatValue(data.lastValue, 4)}`;
      const w = 18 + c.measureText(text).width + 14;
      if (x + w > width) {
        rows.push([]);
        x = 8;
      }
      rows[rows.length - 1].push({ spec, text, x });
      x += w;
    }
    return rows;
  }

  function drawSeries(c, L, panel, s) {
    const { epochs, values, n } = s.data;
    const map = panel.map;
    const scale = L.plotW / L.maxEpoch;
    c.beginPath();
    // A log axis cannot show values <= 0.
    traceCurve(c, { values, epochs, n, left: L.left, scale, plotW: L.plotW, map, log: panel.log });
    c.setLineDash(s.spec.dash ?? []);
    c.lineJoin = 'round';
    c.lineWidth = 1.75;
    c.strokeStyle = s.spec.color;
    c.stroke();
    c.setLineDash([]);
    if (s.data.count === 1) {
      // A single epoch: a dot, or nothing would show.
      c.beginPath();
      c.arc(L.left + s.data.lastEpoch * scale, map(s.data.lastValue), 2.5, 0, Math.PI * 2);
      c.fillStyle = s.spec.color;
      c.fill();
    }
  }

  function drawPanel(c, L, p) {
    c.lineWidth = 1;
    c.strokeStyle = GRID_LINE;
    c.beginPath();
    for (const v of p.grid) {
      const y = Math.round(p.map(v)) + 0.5;
      c.moveTo(p.x, y);
      c.lineTo(p.x + p.w, y);
    }
    for (const v of L.xt.ticks) {
      const x = Math.round(L.px(v)) + 0.5;
      c.moveTo(x, p.y);
      c.lineTo(x, p.y + p.h);
    }
    c.stroke();
    c.strokeStyle = AXIS_LINE;
    c.strokeRect(p.x - 0.5, p.y - 0.5, p.w + 1, p.h + 1);
    c.font = FONT;
    c.fillStyle = INK_MUTED;
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    for (const { v, text } of p.labels) c.fillText(text, p.x - 6, Math.round(p.map(v)) + 0.5);
    c.save();
    c.beginPath();
    c.rect(p.x, p.y, p.w, p.h);
    c.clip();
    for (const s of p.members) drawSeries(c, L, p, s);
    c.restore();
    drawMarkers(c, L, p);
  }

  /** Each marker: a dashed vertical line through the panel, named at the top of the first panel. */
  function drawMarkers(c, L, p) {
    for (const m of markers) {
      const x = Math.round(L.px(m.epoch)) + 0.5;
      c.save();
      c.strokeStyle = MARKER;
      c.lineWidth = 1.5;
      c.setLineDash([4, 3]);
      c.beginPath();
      c.moveTo(x, p.y);
      c.lineTo(x, p.y + p.h);
      c.stroke();
      c.restore();
      if (p !== L.panels[0]) continue;
      c.font = FONT;
      const text = `${m.label} (${formatCount(m.epoch)})`;
      const w = c.measureText(text).width;
      // To the right of the line, or to its left near the right edge; on a white chip.
      const right = x + 4 + w <= p.x + p.w;
      const tx = right ? x + 4 : x - 4 - w;
      c.fillStyle = 'rgba(255, 255, 255, 0.85)';
      c.fillRect(tx - 2, p.y + 2, w + 4, 16);
      c.fillStyle = MARKER;
      c.textAlign = 'left';
      c.textBaseline = 'middle';
      c.fillText(text, tx, p.y + 10);
    }
  }

  function drawXAxis(c, L) {
    c.font = FONT;
    c.fillStyle = INK_MUTED;
    c.textBaseline = 'top';
    const y = L.bottomY + 5;
    const right = L.left + L.plotW;
    // The axis name at the right end; tick labels that would collide with it are left out.
    c.textAlign = 'right';
    c.fillText('epoch', right, y);
    const nameLeft = right - c.measureText('epoch').width - 8;
    c.textAlign = 'center';
    for (const v of L.xt.ticks) {
      const text = formatTick(v, L.xt.step);
      const w = c.measureText(text).width;
      const x = Math.max(L.px(v), L.left + w / 2 - 4);
      if (x + w / 2 > nameLeft) continue;
      c.fillText(text, x, y);
    }
  }

  function drawLegend(c, L) {
    c.textBaseline = 'middle';
    c.textAlign = 'left';
    for (const p of L.panels) {
      p.header.forEach((row, k) => {
        const y = p.headerY + k * 18 + 9;
        for (const item of row) {
          if (item.bold) {
            c.font = FONT_BOLD;
            c.fillStyle = INK;
            c.fillText(item.text, p.x + item.x - 8, y);
            continue;
          }
          const x = p.x + item.x - 8;
          c.strokeStyle = item.spec.color;
          c.lineWidth = 2.5;
          c.setLineDash(item.spec.dash ?? []);
          c.beginPath();
          c.moveTo(x, y);
          c.lineTo(x + 14, y);
          c.stroke();
          c.setLineDash([]);
          c.font = FONT;
          c.fillStyle = INK;
          c.fillText(item.text, x + 18, y);
        }
      });
    }
  }

  function drawHover(c, L) {
    const right = L.left + L.plotW;
    if (hover.x < L.left - 4 || hover.x > right + 4 || !L.panels.length) return;
    const epoch = Math.max(1, Math.min(L.maxEpoch, Math.round(L.ex(hover.x))));
    const x = Math.round(L.px(epoch)) + 0.5;
    c.strokeStyle = 'rgba(17, 20, 24, 0.5)';
    c.lineWidth = 1;
    c.beginPath();
    for (const p of L.panels) {
      c.moveTo(x, p.y);
      c.lineTo(x, p.y + p.h);
    }
    c.stroke();
    const rows = [{ text: `epoch ${formatCount(epoch)}`, bold: true }];
    // A marker within 2 pixels of the pointer: its words.
    const near = markers.find((m) => Math.abs(L.px(m.epoch) - L.px(epoch)) <= Math.max(2, L.plotW / L.maxEpoch / 2));
    if (near) rows.push({ text: `${near.label} (epoch ${formatCount(near.epoch)})${near.detail ? `: ${near.detail}` : ''}`, color: MARKER });
    for (const p of L.panels) {
      for (const s of p.members) {
        // Only the epoch under the pointer; a curve measured every k epochs, the nearest measurement.
        const reach = s.data.epochs ? s.data.gap : Math.max(0, options.cadence - 1);
        const at = valueAt(s.data, epoch, reach);
        if (!at) continue;
        const y = p.map(at.value);
        if (y >= p.y && y <= p.y + p.h) {
          c.beginPath();
          c.arc(L.px(at.epoch), y, 3.5, 0, Math.PI * 2);
          c.fillStyle = s.spec.color;
          c.fill();
          c.strokeStyle = '#fff';
          c.lineWidth = 1.5;
          c.stroke();
        }
        const note = at.epoch !== epoch ? ` (epoch ${formatCount(at.epoch)})` : '';
        rows.push({ text: `${label(s.spec)} ${formatValue(at.value, 4)}${note}`, color: s.spec.color, marker: 'line' });
      }
    }
    const top = L.panels[0].y;
    drawTooltip(c, x, Math.max(top, hover.y - 30), rows, { x: 0, y: top, w: size.width, h: L.bottomY - top });
  }

  function render() {
    if (!size) size = fitCanvas(canvas);
    if (!size) return;
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, size.width, size.height);
    if (!series.length) {
      ctx.font = `14px ${FONT_FAMILY}`;
      ctx.fillStyle = INK_MUTED;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(options.emptyText, size.width / 2, size.height / 2);
      return;
    }
    const L = layout(ctx, size.width, size.height);
    for (const p of L.panels) drawPanel(ctx, L, p);
    drawXAxis(ctx, L);
    drawLegend(ctx, L);
    if (hover) drawHover(ctx, L);
  }

  function describe() {
    if (labelledByPage) return;
    if (!series.length) return canvas.setAttribute('aria-label', `Training curves: ${options.emptyText}`);
    const parts = series.map(({ spec, data }) => `${label(spec)} ${formatValue(data.lastValue, 3)}`);
    const epochs = Math.max(...series.map((s) => s.data.lastEpoch));
    canvas.setAttribute('aria-label', `Training curves after ${epochs} epochs: ${parts.join(', ')}`);
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

  return {
    update(input = {}) {
      series = [];
      for (const pin of input.pinned ?? []) {
        const data = normalizeSeries(pin.loss);
        const spec = { key: 'pinned', label: `pinned: ${pin.label}`, panel: 'loss', color: pin.color, dash: [2, 3] };
        if (data) series.push({ spec, data });
      }
      if (canvas.dataset) canvas.dataset.pinned = String(series.length);
      for (const spec of SERIES) {
        const data = normalizeSeries(input[spec.key]);
        if (data) series.push({ spec, data });
      }
      markers = (input.markers ?? []).filter((m) => Number.isFinite(m?.epoch) && m.epoch > 0);
      if (canvas.dataset) {
        canvas.dataset.markers = markers.map((m) => m.epoch).join(',');
        canvas.dataset.epoch = String(Math.max(0, ...series.filter((s) => s.spec.key !== 'pinned').map((s) => s.data.lastEpoch)));
      }
      describe();
      scheduler.request();
    },
    /** { logScale, scoreName ('score', 'accuracy', 'R²'), emptyText, cadence (epochs between measurements) }: any subset. */
    setOptions(next = {}) {
      if (Number.isFinite(next.cadence) && next.cadence >= 1) options.cadence = next.cadence;
      if ('logScale' in next) options.logScale = Boolean(next.logScale);
      if (typeof next.scoreName === 'string') options.scoreName = next.scoreName;
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
