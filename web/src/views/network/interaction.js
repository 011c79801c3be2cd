// The diagram's interaction: pointing at (or tapping) a unit or a link shows it; arrow keys walk
// the units, Enter walks a unit's links, Escape goes back. `view` is the diagram's state
// (network.js), with request() to ask for a redraw.

import { linkMidpoint, nearestLink } from '../link-geometry.js';
import { unitTitle } from './architecture.js';
import { findNode, nodeAt } from './geometry.js';
import { drawPopup, linkText, popupRows } from './popup.js';

const LINK_REACH = 5; // px: how near the pointer must be to a link to point at it

/** Shows a unit (null: nothing); a link shown before is let go. */
export function setHighlight(view, next, by) {
  const same = next && view.highlight && next.l === view.highlight.l && next.u === view.highlight.u;
  if ((same || (!next && !view.highlight)) && !view.link) return;
  view.highlight = next;
  view.highlightBy = next ? by : null;
  view.link = null;
  view.linkBy = null;
  if (next && by === 'keyboard') {
    const rows = popupRows(view, next.l, next.u).map((r) => r.text);
    view.live.textContent = `${unitTitle(view, next.l, next.u)}. ${rows.join('. ')}`;
  }
  view.request();
}

/** Shows a link ({ l, i, j, at }); the same link at another point only moves the popup. */
export function setLink(view, next, by) {
  const same = view.link && next.l === view.link.l && next.i === view.link.i && next.j === view.link.j;
  view.link = next;
  view.linkBy = by;
  if (same && !view.highlight) {
    drawPopup(view);
    return;
  }
  view.highlight = null;
  view.highlightBy = null;
  view.request();
}

export function clearFocus(view) {
  view.walk = null;
  if (view.highlight) setHighlight(view, null);
  else if (view.link) {
    view.link = null;
    view.linkBy = null;
    view.request();
  }
}

/** The shown links of a unit, incoming then outgoing: [{ l, i, j, at }], `at` each link's midpoint. */
export function unitLinks(view, l, u) {
  const g = view.geometry;
  const half = g.node / 2;
  const self = findNode(view, l, u);
  if (!self) return [];
  const mid = (a, b) => linkMidpoint(a.x + half, a.y, b.x - half, b.y);
  const list = [];
  if (l > 0) for (const a of g.cols[l - 1].nodes) list.push({ l: l - 1, i: a.u, j: u, at: mid(a, self) });
  if (l + 1 < g.cols.length) for (const b of g.cols[l + 1].nodes) list.push({ l, i: u, j: b.u, at: mid(self, b) });
  return list;
}

/** The keyboard's walk along a unit's links: the k-th (wrapping), announced. */
export function walkTo(view, k) {
  const list = unitLinks(view, view.walk.l, view.walk.u);
  if (!list.length) return;
  view.walk.k = ((k % list.length) + list.length) % list.length;
  const lk = list[view.walk.k];
  setLink(view, lk, 'keyboard');
  const { title, rows } = linkText(view, lk);
  view.live.textContent = `${title} ${rows[0].text} (${rows[1].text}). Link ${view.walk.k + 1} of ${list.length}.`;
}

export function move(view, dl, du) {
  const g = view.geometry;
  if (!g) return;
  if (!view.highlight) {
    const start = g.cols[Math.min(1, g.cols.length - 1)].nodes[0];
    return setHighlight(view, { l: start.l, u: start.u }, 'keyboard');
  }
  const col = g.cols[view.highlight.l];
  const k = col.nodes.findIndex((nd) => nd.u === view.highlight.u);
  if (du) {
    const nd = col.nodes[Math.max(0, Math.min(col.nodes.length - 1, k + du))];
    return setHighlight(view, { l: nd.l, u: nd.u }, 'keyboard');
  }
  const target = g.cols[Math.max(0, Math.min(g.cols.length - 1, view.highlight.l + dl))];
  const y = col.nodes[k]?.y ?? 0;
  let best = target.nodes[0];
  for (const nd of target.nodes) if (Math.abs(nd.y - y) < Math.abs(best.y - y)) best = nd;
  setHighlight(view, { l: best.l, u: best.u }, 'keyboard');
}

/** Keys while walking a unit's links: up/down the links, left/right to the unit at that end, Enter/Escape back. */
export function walkKey(view, key) {
  const lk = view.link;
  if (key === 'ArrowUp' || key === 'ArrowDown') return walkTo(view, view.walk.k + (key === 'ArrowUp' ? -1 : 1));
  const back = view.walk;
  view.walk = null;
  if (key === 'ArrowLeft' && lk) return setHighlight(view, { l: lk.l, u: lk.i }, 'keyboard');
  if (key === 'ArrowRight' && lk) return setHighlight(view, { l: lk.l + 1, u: lk.j }, 'keyboard');
  return setHighlight(view, { l: back.l, u: back.u }, 'keyboard');
}

/** What is under a point: a unit ({ l, u }), a link ({ link }) or null. */
export function pointAt(view, p) {
  const nd = nodeAt(view, p.x, p.y);
  if (nd) return { l: nd.l, u: nd.u };
  const lk = view.geometry && p.y > view.geometry.header ? nearestLink(view.geometry.cols, view.geometry.node / 2, p.x, p.y, LINK_REACH) : null;
  return lk ? { link: { l: lk.l, i: lk.from.u, j: lk.to.u, at: { x: lk.x, y: lk.y } } } : null;
}
export function showAt(view, p) {
  const hit = pointAt(view, p);
  if (hit) view.walk = null;
  if (hit?.link) setLink(view, hit.link, 'pointer');
  else if (hit) setHighlight(view, hit, 'pointer');
  return hit;
}

/** Listens to the pointer on view.canvas and the keys on view.container; returns detach(). */
export function attachInteraction(view) {
  const position = (e) => {
    const b = view.canvas.getBoundingClientRect();
    return { x: e.clientX - b.left, y: e.clientY - b.top };
  };
  const canvasListeners = {
    pointermove(e) {
      if (!showAt(view, position(e)) && (view.highlightBy === 'pointer' || view.linkBy === 'pointer')) clearFocus(view);
    },
    pointerleave(e) {
      if ((view.highlightBy === 'pointer' || view.linkBy === 'pointer') && e.pointerType !== 'touch') clearFocus(view);
    },
    pointerdown(e) {
      // Touch has no hover: a tap shows a unit or a link, a tap elsewhere hides it.
      if (e.pointerType !== 'touch') return;
      if (!showAt(view, position(e))) clearFocus(view);
    },
  };
  const containerListeners = {
    keydown(e) {
      const moves = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
      if (!view.net) return;
      if (view.walk && (moves[e.key] || e.key === 'Enter' || e.key === 'Escape')) {
        e.preventDefault();
        walkKey(view, e.key);
      } else if (moves[e.key]) {
        e.preventDefault();
        move(view, ...moves[e.key]);
      } else if (e.key === 'Enter' && view.highlight) {
        e.preventDefault();
        view.walk = { l: view.highlight.l, u: view.highlight.u, k: 0 };
        walkTo(view, 0);
      } else if (e.key === 'Escape' && (view.highlight || view.link)) {
        e.preventDefault();
        clearFocus(view);
      }
    },
    focus() {
      if (!view.highlight && !view.link && view.net) move(view, 0, 0);
    },
    blur() {
      if (view.highlightBy === 'keyboard' || view.linkBy === 'keyboard') clearFocus(view);
    },
  };
  for (const [t, fn] of Object.entries(canvasListeners)) view.canvas.addEventListener(t, fn);
  for (const [t, fn] of Object.entries(containerListeners)) view.container.addEventListener(t, fn);
  return () => {
    for (const [t, fn] of Object.entries(canvasListeners)) view.canvas.removeEventListener(t, fn);
    for (const [t, fn] of Object.entries(containerListeners)) view.container.removeEventListener(t, fn);
  };
}
