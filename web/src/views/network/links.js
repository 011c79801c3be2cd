// The diagram's links: the weights (width by |w| relative to the layer's largest, colour by
// sign), drawn as one path per strength step and sign, and one link emphasised. While a trace
// is shown (view.trace, views/trace/overlay.js), a link's value is the trace's instead: its
// contribution w a or its gradient, scaled the same way; links the trace's step has not reached
// have no value and are drawn thin and grey. `view` is the diagram's state (network.js).

import { divergingCss } from '../palette.js';

const LINK_LEVELS = 16; // link strengths are drawn in this many steps, one path per step and sign

/** coefs_[l][i, j], or NaN when the weights are missing. */
export function weight(view, l, i, j) {
  const v = view.net.weights?.[view.offsets.W[l] + i * view.net.layerUnits[l + 1] + j];
  return typeof v === 'number' ? v : NaN;
}

/** intercepts_[l - 1][u] (NaN for an input, or missing). */
export function bias(view, l, u) {
  if (l === 0) return NaN;
  const v = view.net.weights?.[view.offsets.b[l - 1] + u];
  return typeof v === 'number' ? v : NaN;
}

/** What link (l, i, j) shows: the trace's value while a trace is shown, else the weight (NaN: none). */
export function linkValue(view, l, i, j) {
  if (!view.trace) return weight(view, l, i, j);
  const v = view.trace.links[l]?.[i * view.net.layerUnits[l + 1] + j];
  return typeof v === 'number' ? v : NaN;
}

/** The largest |value| of the links of layer l: linkValue's scale (0 when there are none). */
export function linkScale(view, l) {
  if (!view.trace) return layerMaxAbs(view, l);
  let m = 0;
  for (const v of view.trace.links[l] ?? []) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/** The largest |w| of coefs_[l] (0 when the weights are missing). */
export function layerMaxAbs(view, l) {
  const n = view.net.layerUnits[l] * view.net.layerUnits[l + 1];
  let m = 0;
  const v = view.net.weights;
  if (!v || v.length < view.offsets.total) return 0;
  for (let k = view.offsets.W[l]; k < view.offsets.W[l] + n; k += 1) {
    const a = Math.abs(v[k]);
    if (a > m) m = a;
  }
  return m;
}

/**
 * Every shown link of layers first..last (of their shown units fromStart <= k < fromEnd); with
 * `only` ({ l, u }), just that unit's links, drawn emphasised. Width and colour grow with
 * |w| (linkValue: the trace's value while one is shown) relative to the layer's largest; the strengths are rounded to LINK_LEVELS steps so
 * that each step and sign is one path (a few dozen strokes, not one per link), drawn
 * weakest first: strong links on top.
 */
export function drawLinks(view, c, only = null, first = 0, last = Infinity, fromStart = 0, fromEnd = Infinity) {
  const g = view.geometry;
  const half = g.node / 2;
  const maxWidth = linkMaxWidth(view);
  const top = LINK_LEVELS - 1;
  // Bucket k * 2 + (w < 0 ? 1 : 0) for strength level k; the last bucket: no weight known.
  const buckets = Array.from({ length: LINK_LEVELS * 2 + 1 }, () => []);
  for (let l = first; l + 1 < g.cols.length && l <= last; l += 1) {
    if (only && only.l !== l && only.l !== l + 1) continue;
    const from = only?.l === l ? g.cols[l].nodes.filter((nd) => nd.u === only.u) : g.cols[l].nodes.slice(fromStart, fromEnd);
    const to = only?.l === l + 1 ? g.cols[l + 1].nodes.filter((nd) => nd.u === only.u) : g.cols[l + 1].nodes;
    const maxAbs = linkScale(view, l);
    for (const a of from) {
      for (const b of to) {
        const w = linkValue(view, l, a.u, b.u);
        let k = LINK_LEVELS * 2;
        if (!Number.isNaN(w) && maxAbs !== 0) k = Math.min(top, Math.round((Math.abs(w) / maxAbs) * top)) * 2 + (w < 0 ? 1 : 0);
        buckets[k].push(a, b);
      }
    }
  }
  const path = (list) => {
    c.beginPath();
    for (let i = 0; i < list.length; i += 2) {
      const a = list[i];
      const b = list[i + 1];
      const mid = (a.x + b.x) / 2;
      c.moveTo(a.x + half, a.y);
      c.bezierCurveTo(mid, a.y, mid, b.y, b.x - half, b.y);
    }
  };
  const unknown = buckets[LINK_LEVELS * 2];
  if (unknown.length) {
    path(unknown);
    c.lineWidth = only ? 1.6 : 1;
    c.strokeStyle = 'rgba(120, 120, 120, 0.35)';
    c.stroke();
  }
  for (let k = 0; k < LINK_LEVELS * 2; k += 1) {
    if (!buckets[k].length) continue;
    const m = (k >> 1) / top;
    const sign = k & 1 ? -1 : 1;
    path(buckets[k]);
    const width = 0.4 + (maxWidth - 0.4) * m;
    c.lineWidth = only ? width + 0.6 : width;
    c.strokeStyle = divergingCss(sign * (0.45 + 0.55 * m), only ? 0.45 + 0.55 * m : 0.22 + 0.78 * m);
    c.stroke();
  }
}

/** The widest link (|w| the layer's largest): thinner when the columns are close, or they would merge into a blur. */
export function linkMaxWidth(view) {
  return Math.max(1.2, Math.min(4, view.geometry.pitch * 0.16, view.geometry.spacing * 0.05));
}

/** One link, from node a to node b, emphasised: the link pointed at or walked to. */
export function drawLink(view, c, a, b) {
  const half = view.geometry.node / 2;
  const w = linkValue(view, a.l, a.u, b.u);
  const maxAbs = linkScale(view, a.l);
  const m = maxAbs > 0 && Number.isFinite(w) ? Math.min(1, Math.abs(w) / maxAbs) : 0;
  const mid = (a.x + b.x) / 2;
  c.beginPath();
  c.moveTo(a.x + half, a.y);
  c.bezierCurveTo(mid, a.y, mid, b.y, b.x - half, b.y);
  c.lineWidth = 0.4 + (linkMaxWidth(view) - 0.4) * m + 1.6;
  c.strokeStyle = Number.isFinite(w) ? divergingCss((w < 0 ? -1 : 1) * (0.45 + 0.55 * m)) : 'rgba(120, 120, 120, 0.8)';
  c.stroke();
}
