// The loss chart's layout: the panels (loss above score), their scales and ticks, the epoch
// axis and the headings' legend rows. Measures text with the context it is given, draws nothing.
// chart: { series: [{ spec, data }], markers: [{ epoch }], options: { logScale, scoreName, cadence } }.

import { FONT, FONT_BOLD, formatLogTick, formatTick, formatValue, logTicks, niceTicks } from '../canvas-util.js';

/**
 * The chart's layout in a width x height box: { panels: [{ name, log?, members, y, h, map,
 * grid, labels, header, headerY, x, w }], left, plotW, maxEpoch, xt, px(epoch), ex(x), bottomY }.
 */
export function chartLayout(chart, c, width, height) {
  c.font = FONT;
  const bottom = 22;
  const maxEpoch = Math.max(2, ...chart.series.map((s) => s.data.lastEpoch), ...chart.markers.map((m) => m.epoch));
  const kinds = ['loss', 'score'].filter((k) => chart.series.some((s) => s.spec.panel === k));
  // Headings start at the plot's left edge; they wrap within an estimate of its width.
  const headers = kinds.map((k) => legendRows(chart, c, k, width - 64));
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
    const p = k === 'loss' ? lossPanel(chart, y, heights[n]) : scorePanel(chart, y, heights[n]);
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

function lossPanel(chart, y, h) {
  const members = chart.series.filter((s) => s.spec.panel === 'loss');
  const tickCount = Math.max(2, Math.floor(h / 36));
  if (chart.options.logScale) {
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

function scorePanel(chart, y, h) {
  const members = chart.series.filter((s) => s.spec.panel === 'score');
  const min = Math.min(...members.map((s) => s.data.min));
  const max = Math.max(...members.map((s) => s.data.max));
  // A stable axis: 0..1 for accuracies; R² may dip below 0 (clipped at -1).
  const lo = Math.max(-1, Math.min(0, min));
  const hi = Math.max(1, max);
  const t = niceTicks(lo, hi, Math.max(2, Math.floor(h / 30)));
  const map = (v) => y + h - ((v - lo) / (hi - lo)) * h;
  return {
    name: chart.options.scoreName,
    members,
    y,
    h,
    map,
    grid: t.ticks,
    labels: t.ticks.map((v) => ({ v, text: formatTick(v, t.step) })),
  };
}

/** A panel's heading: its name, then each series with its latest value, wrapped to rows. */
export function legendRows(chart, c, kind, width) {
  const every = chart.options.cadence > 1 ? ` (measured every ${chart.options.cadence} epochs)` : '';
  const name = kind === 'loss' ? (chart.options.logScale ? 'loss (log scale)' : 'loss') : `${chart.options.scoreName}${every}`;
  c.font = FONT_BOLD;
  /** @type {Array<Array<{ text: string, x: number, bold?: boolean, spec?: object }>>} */
  const rows = [[{ text: name, x: 8, bold: true }]];
  let x = 8 + c.measureText(name).width + 14;
  c.font = FONT;
  for (const { spec, data } of chart.series) {
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
