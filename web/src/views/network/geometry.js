// The diagram's layout: a column per layer, the shown units' places, the "+N more" markers,
// and which unit is under a point. Measures the labels with the context it is given.

import { FONT } from '../canvas-util.js';
import { collapsedUnits, inputLabel, outputLabel } from './architecture.js';

/**
 * The layout for a width x height diagram: { cols: [{ l, n, x, nodes: [{ l, u, x, y }], marker:
 * { x, y, count } | null }], node (a unit's side, CSS px), pitch, spacing, header, width, height }.
 */
export function computeGeometry(view, ctx, width, height) {
  const units = view.net.layerUnits;
  const L = units.length;
  ctx.font = FONT;
  const columns = units.map((n) => ({ n, ...collapsedUnits(n) }));
  // Only the labels drawn (the shown units') are measured: 784 inputs (28x28 images) cost
  // 20 ms of measureText on the page's thread, for ten labels drawn.
  let leftLabel = 0;
  for (const i of columns[0].shown) leftLabel = Math.max(leftLabel, ctx.measureText(inputLabel(view, i)).width);
  let rightLabel = 0;
  for (const j of columns[L - 1].shown) rightLabel = Math.max(rightLabel, ctx.measureText(outputLabel(view, j)).width);
  const maxSlots = Math.max(...columns.map((c) => c.shown.length + (c.hidden ? 1 : 0)));
  const header = 38;
  const bottom = 8;
  const left = Math.ceil(leftLabel) + 12;
  const right = Math.ceil(rightLabel) + 12;
  const availH = Math.max(20, height - header - bottom);
  const pitch = Math.min(availH / maxSlots, 58);
  const spanW = Math.max(20, width - left - right);
  let node = Math.max(8, Math.min(40, pitch * 0.74));
  const spacing = L > 1 ? (spanW - node) / (L - 1) : 0;
  if (L > 1) node = Math.max(6, Math.min(node, spacing * 0.42));
  const cols = columns.map((c, l) => {
    const x = left + node / 2 + l * spacing;
    const slots = c.shown.length + (c.hidden ? 1 : 0);
    const y0 = header + (availH - slots * pitch) / 2 + pitch / 2;
    const nodes = [];
    let slot = 0;
    let marker = null;
    c.shown.forEach((u, k) => {
      nodes.push({ l, u, x, y: y0 + slot * pitch });
      slot += 1;
      if (k === c.markerAfter) {
        marker = { x, y: y0 + slot * pitch, count: c.hidden };
        slot += 1;
      }
    });
    return { l, n: c.n, x, nodes, marker };
  });
  return { cols, node, pitch, spacing, header, width, height };
}

/** The shown unit at (px, py) (CSS px, within 3 px of its square), or null. */
export function nodeAt(view, px, py) {
  if (!view.geometry) return null;
  const half = view.geometry.node / 2 + 3;
  for (const col of view.geometry.cols) {
    if (Math.abs(px - col.x) > half) continue;
    for (const nd of col.nodes) if (Math.abs(py - nd.y) <= half) return nd;
  }
  return null;
}

/** Unit u of layer l where it is shown, or null (collapsed, or no layout). */
export const findNode = (view, l, u) => view.geometry?.cols[l]?.nodes.find((nd) => nd.u === u) ?? null;
