// The units' marks while a trace is shown (view.trace, views/trace/overlay.js): a ring around
// each unit the trace's step has reached, coloured by the sign of its value (a going forward,
// delta going back) and as thick as |value| is large against its column's largest, with the
// value written under the unit where the column leaves room; the column the step is about gets
// a pale band behind its header. `view` is the diagram's state (network.js).

import { FONT_FAMILY, INK, formatValue, roundRectPath } from '../canvas-util.js';
import { divergingCss } from '../palette.js';

const LABEL_ROOM = 12; // px between a unit's square and the next one's needed to write its value

/** True when a trace's overlay is of a network of these layer widths (input first). */
export function traceFits(overlay, layerUnits) {
  if (overlay.units.length !== layerUnits.length || overlay.links.length !== layerUnits.length - 1) return false;
  return (
    overlay.units.every((u, l) => !u || u.length === layerUnits[l]) &&
    overlay.links.every((v, l) => !v || v.length === layerUnits[l] * layerUnits[l + 1])
  );
}

/** Rings (and values, where there is room) on the units the trace's step has reached. */
export function drawTraceMarks(view, c) {
  const t = view.trace;
  const g = view.geometry;
  if (!t || !g) return;
  const s = g.node;
  const room = g.pitch - s >= LABEL_ROOM;
  c.save();
  c.font = `10px ${FONT_FAMILY}`;
  c.textAlign = 'center';
  c.textBaseline = 'top';
  for (const col of g.cols) {
    const values = t.units[col.l];
    if (!values) continue;
    if (col.l === t.focus) {
      c.fillStyle = 'rgba(29, 95, 168, 0.12)';
      roundRectPath(c, col.x - Math.max(s, 26) / 2 - 4, 2, Math.max(s, 26) + 8, 32, 6);
      c.fill();
    }
    let max = 0;
    for (const v of values) if (Math.abs(v) > max) max = Math.abs(v);
    for (const nd of col.nodes) {
      const v = values[nd.u];
      if (!Number.isFinite(v)) continue;
      const m = max > 0 ? Math.abs(v) / max : 0;
      const sign = v < 0 ? -1 : 1;
      roundRectPath(c, nd.x - s / 2 - 2, nd.y - s / 2 - 2, s + 4, s + 4, Math.min(6, s / 5));
      c.lineWidth = 1 + 2.5 * m;
      c.strokeStyle = m === 0 ? 'rgba(120, 120, 120, 0.6)' : divergingCss(sign * (0.45 + 0.55 * m));
      c.stroke();
      if (room) {
        c.fillStyle = INK;
        c.fillText(formatValue(v, 3), nd.x, nd.y + s / 2 + 2);
      }
    }
  }
  c.restore();
}
