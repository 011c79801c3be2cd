// The weight views' hit tests: the hover text at a point of what was drawn, and the canvas
// title that shows it under the mouse.

import { formatValue } from '../canvas-util.js';
import { GAP, PAD } from './layout.js';

/** Sets canvas.title to titleAt(x, y) (CSS px) under the mouse; '' clears it. Returns a remover. */
export function watchHover(canvas, titleAt) {
  const move = (e) => {
    const b = canvas.getBoundingClientRect();
    const text = titleAt(e.clientX - b.left, e.clientY - b.top) || '';
    if (canvas.title !== text) canvas.title = text;
  };
  const leave = () => {
    if (canvas.title) canvas.title = '';
  };
  canvas.addEventListener('mousemove', move);
  canvas.addEventListener('mouseleave', leave);
  return () => {
    canvas.removeEventListener('mousemove', move);
    canvas.removeEventListener('mouseleave', leave);
  };
}

/**
 * The weight images' hover text at (x, y) (CSS px): the unit under the pointer and its weights'
 * range. drawn: { layout (weightGridLayout), nUnits, lows, highs }, or null ('').
 */
export function weightTitleAt(drawn, x, y) {
  if (!drawn) return '';
  const { layout, nUnits, lows, highs } = drawn;
  const step = layout.tile + GAP;
  const cx = x - layout.left;
  const cy = y - layout.top;
  if (cx < 0 || cy < 0) return '';
  const col = Math.floor(cx / step);
  const row = Math.floor(cy / step);
  if (col >= layout.columns || cx - col * step > layout.tile || cy - row * step > layout.tile) return '';
  const u = row * layout.columns + col;
  if (u >= nUnits) return '';
  return `unit ${u + 1}: weights ${formatValue(lows[u], 3)} to ${formatValue(highs[u], 3)}`;
}

/**
 * The activating view's tile at (x, y) (CSS px): { unit, slot } (slot: its index in top and acts),
 * { unit } beside a unit's tiles (or on the row of a unit drawn without them: flat), or null.
 * drawn: { layout (activatingLayout), count, k, flat? }, or null.
 */
function activatingSlotAt(drawn, x, y) {
  if (!drawn) return null;
  const { layout, count, k: kk } = drawn;
  const cy = y - layout.top;
  if (cy < 0 || x < PAD) return null;
  const u = Math.floor(cy / layout.rowHeight);
  if (u >= count || cy - u * layout.rowHeight > layout.tile) return null;
  const cx = x - PAD - layout.label;
  if (cx < 0 || drawn.flat?.[u]) return { unit: u }; // a unit with no images (the same for every input)
  const j = Math.floor(cx / (layout.tile + GAP));
  if (j >= kk || cx - j * (layout.tile + GAP) > layout.tile) return { unit: u };
  return { unit: u, slot: u * kk + j };
}

/**
 * The activating view's hover text at (x, y): the unit, and the test input (counted from 1)
 * and activation under the pointer. drawn: { layout (activatingLayout), count, k, top, acts }, or null ('').
 */
export function activatingTitleAt(drawn, x, y) {
  const hit = activatingSlotAt(drawn, x, y);
  if (!hit) return '';
  if (hit.slot === undefined) return `unit ${hit.unit + 1}`;
  const { top, acts } = drawn;
  return `unit ${hit.unit + 1}, test input ${top[hit.slot] + 1}: activation ${formatValue(acts[hit.slot], 3)}`;
}

/** The test row (from 0) of the activating view's image at (x, y) (CSS px), or null. drawn: as activatingTitleAt's. */
export function activatingRowAt(drawn, x, y) {
  const hit = activatingSlotAt(drawn, x, y);
  return hit?.slot === undefined ? null : drawn.top[hit.slot];
}
