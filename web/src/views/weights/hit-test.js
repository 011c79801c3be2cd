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
 * The activating view's hover text at (x, y): the unit, and the test input (counted from 1)
 * and activation under the pointer. drawn: { layout (activatingLayout), count, k, top, acts }, or null ('').
 */
export function activatingTitleAt(drawn, x, y) {
  if (!drawn) return '';
  const { layout, count, k: kk, top, acts } = drawn;
  const cy = y - layout.top;
  if (cy < 0 || x < PAD) return '';
  const u = Math.floor(cy / layout.rowHeight);
  if (u >= count || cy - u * layout.rowHeight > layout.tile) return '';
  const cx = x - PAD - layout.label;
  if (cx < 0) return `unit ${u + 1}`;
  const j = Math.floor(cx / (layout.tile + GAP));
  if (j >= kk || cx - j * (layout.tile + GAP) > layout.tile) return `unit ${u + 1}`;
  const slot = u * kk + j;
  return `unit ${u + 1}, test input ${top[slot] + 1}: activation ${formatValue(acts[slot], 3)}`;
}
