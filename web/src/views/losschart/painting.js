// The loss chart's painting: a panel's grid, labels and curves, the markers, the epoch axis,
// the headings and the hover's cross-hair and tooltip, from a layout (layout.js).
// chart: { markers, options, hover, size } as in losschart.js.

import { AXIS_LINE, FONT, FONT_BOLD, GRID_LINE, INK, INK_MUTED, drawEpochAxis, drawTooltip, formatCount, formatValue, traceCurve } from '../canvas-util.js';
import { MARKER, seriesLabel, valueAt } from './series.js';

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

/** A panel: its grid, tick labels, curves (clipped) and markers. */
export function drawPanel(chart, c, L, p) {
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
  drawMarkers(chart, c, L, p);
}

/** Each marker: a dashed vertical line through the panel, named at the top of the first panel. */
function drawMarkers(chart, c, L, p) {
  for (const m of chart.markers) {
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

/** The epoch axis: its tick labels, and its name at the right end. */
export function drawXAxis(c, L) {
  c.font = FONT;
  c.fillStyle = INK_MUTED;
  drawEpochAxis(c, L.xt, L.px, L.left, L.plotW, L.bottomY + 5);
}

/** The panels' headings: the name, then a line and the latest value of each series. */
export function drawLegend(c, L) {
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

/** The hover: a vertical line at the epoch under the pointer, its values marked, and a tooltip. */
export function drawHover(chart, c, L) {
  const right = L.left + L.plotW;
  if (chart.hover.x < L.left - 4 || chart.hover.x > right + 4 || !L.panels.length) return;
  const epoch = Math.max(1, Math.min(L.maxEpoch, Math.round(L.ex(chart.hover.x))));
  const x = Math.round(L.px(epoch)) + 0.5;
  c.strokeStyle = 'rgba(17, 20, 24, 0.5)';
  c.lineWidth = 1;
  c.beginPath();
  for (const p of L.panels) {
    c.moveTo(x, p.y);
    c.lineTo(x, p.y + p.h);
  }
  c.stroke();
  /** @type {Array<{ text: string, bold?: boolean, color?: string, marker?: string }>} */
  const rows = [{ text: `epoch ${formatCount(epoch)}`, bold: true }];
  // A marker within 2 pixels of the pointer: its words.
  const near = chart.markers.find((m) => Math.abs(L.px(m.epoch) - L.px(epoch)) <= Math.max(2, L.plotW / L.maxEpoch / 2));
  if (near) rows.push({ text: `${near.label} (epoch ${formatCount(near.epoch)})${near.detail ? `: ${near.detail}` : ''}`, color: MARKER });
  for (const p of L.panels) {
    for (const s of p.members) {
      // Only the epoch under the pointer; a curve measured every k epochs, the nearest measurement.
      const reach = s.data.epochs ? s.data.gap : Math.max(0, chart.options.cadence - 1);
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
      rows.push({ text: `${seriesLabel(s.spec, chart.options.scoreName)} ${formatValue(at.value, 4)}${note}`, color: s.spec.color, marker: 'line' });
    }
  }
  const top = L.panels[0].y;
  drawTooltip(c, x, Math.max(top, chart.hover.y - 30), rows, { x: 0, y: top, w: chart.size.width, h: L.bottomY - top });
}
