// The data plane's pointer input: a click adds a point (the handler also hears of the data point
// under it), a right-click (or a long press, or alt/ctrl/meta with a click) removes the nearest
// one, and moving sets view.hover.

import { nearestPoint } from './hit-test.js';

const CLICK_SLOP = 6; // px: a press that moves further is not a click

/**
 * attachInput(canvas, view, { onAddPoint, onRemovePoint, currentLayout, request }) -> detach()
 * currentLayout(): the screen's layout; request(): asks for a redraw.
 */
export function attachInput(canvas, view, { onAddPoint, onRemovePoint, currentLayout, request }) {
  let press = null;
  const position = (e) => {
    const b = canvas.getBoundingClientRect();
    return { x: e.clientX - b.left, y: e.clientY - b.top };
  };

  function removeAt(e) {
    if (!view.size || !onRemovePoint) return;
    const { x, y } = position(e);
    const near = nearestPoint(view, currentLayout(), x, y);
    if (near) onRemovePoint(near.index, near.part, e);
  }

  const listeners = {
    pointerdown(e) {
      if (e.button !== 0) return;
      press = { id: e.pointerId, handled: false, ...position(e) };
    },
    pointerup(e) {
      if (!press || press.id !== e.pointerId) return;
      const p = position(e);
      const moved = Math.hypot(p.x - press.x, p.y - press.y) > CLICK_SLOP;
      const handled = press.handled;
      press = null;
      if (moved || handled || !view.size) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return removeAt(e);
      const L = currentLayout();
      const { plot } = L;
      if (p.x < plot.x || p.x > plot.x + plot.w || p.y < plot.y || p.y > plot.y + plot.h) return;
      onAddPoint?.(L.dx(p.x), L.dy(p.y), e.button, e, nearestPoint(view, L, p.x, p.y));
    },
    pointercancel() {
      press = null;
      view.hover = null;
      request();
    },
    pointermove(e) {
      view.hover = position(e);
      request();
    },
    pointerleave() {
      view.hover = null;
      request();
    },
    contextmenu(e) {
      // Right-click, a long press, or macOS's ctrl-click: then the press must not also add
      // (or remove) a point when it ends.
      e.preventDefault();
      if (press) press.handled = true;
      removeAt(e);
    },
  };
  for (const [type, fn] of Object.entries(listeners)) canvas.addEventListener(type, fn);
  return () => {
    for (const [type, fn] of Object.entries(listeners)) canvas.removeEventListener(type, fn);
  };
}
