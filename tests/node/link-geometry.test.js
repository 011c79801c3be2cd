// Finding the network diagram's link under the pointer: the curve's parameter, its points
// against a plain Bézier evaluation, and the nearest link among many.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { linkMidpoint, linkParameter, linkPointAt, nearestLink } from '../../web/src/views/link-geometry.js';

/** The cubic Bézier the diagram draws, by de Casteljau: (x0, y0) -> (x1, y1), controls (m, y0), (m, y1). */
function bezier(x0, y0, x1, y1, t) {
  const m = (x0 + x1) / 2;
  const pts = [[x0, y0], [m, y0], [m, y1], [x1, y1]];
  while (pts.length > 1) {
    for (let k = 0; k + 1 < pts.length; k += 1) pts[k] = [pts[k][0] + (pts[k + 1][0] - pts[k][0]) * t, pts[k][1] + (pts[k + 1][1] - pts[k][1]) * t];
    pts.pop();
  }
  return pts[0];
}

test('linkParameter inverts the curve\'s x: the ends, the middle and points between', () => {
  assert.equal(linkParameter(0), 0);
  assert.equal(linkParameter(1), 1);
  assert.equal(linkParameter(-0.5), 0);
  assert.equal(linkParameter(2), 1);
  assert.ok(Math.abs(linkParameter(0.5) - 0.5) < 1e-12);
  for (const t of [0.01, 0.1, 0.3, 0.77, 0.999]) {
    const u = 1.5 * t - 1.5 * t * t + t ** 3;
    assert.ok(Math.abs(linkParameter(u) - t) < 1e-9, `t = ${t}`);
  }
});

test('linkPointAt lies on the drawn Bézier, with its slope', () => {
  const [x0, y0, x1, y1] = [40, 300, 200, 80];
  for (const t of [0.05, 0.25, 0.5, 0.8]) {
    const [bx, by] = bezier(x0, y0, x1, y1, t);
    const p = linkPointAt(x0, y0, x1, y1, bx);
    assert.ok(Math.abs(p.y - by) < 1e-9, `t = ${t}: ${p.y} vs ${by}`);
    const [bx2, by2] = bezier(x0, y0, x1, y1, t + 1e-6);
    assert.ok(Math.abs(p.slope - (by2 - by) / (bx2 - bx)) < 1e-3, `slope at t = ${t}`);
  }
  assert.deepEqual(linkMidpoint(x0, y0, x1, y1), { x: 120, y: 190 });
  const [mx, my] = bezier(x0, y0, x1, y1, 0.5);
  assert.ok(Math.abs(mx - 120) < 1e-12 && Math.abs(my - 190) < 1e-12, 'the midpoint is on the curve');
});

// Three columns: 2 inputs at x = 50, 3 hidden at x = 200, 1 output at x = 350; nodes 20 px wide.
const node = (l, u, x, y) => ({ l, u, x, y });
const COLS = [
  { x: 50, nodes: [node(0, 0, 50, 100), node(0, 1, 50, 200)] },
  { x: 200, nodes: [node(1, 0, 200, 60), node(1, 1, 200, 150), node(1, 2, 200, 240)] },
  { x: 350, nodes: [node(2, 0, 350, 150)] },
];
const HALF = 10;

test('nearestLink finds the link under the pointer, with the units it joins', () => {
  // On the link from input 1 to hidden 0, a quarter of the way.
  const [x, y] = bezier(60, 200, 190, 60, 0.25);
  const hit = nearestLink(COLS, HALF, x, y + 2);
  assert.equal(hit.l, 0);
  assert.deepEqual([hit.from.u, hit.to.u], [1, 0]);
  assert.ok(Math.abs(hit.y - y) < 1e-9 && hit.distance < 2);
  // Second gap: hidden 2 to the output.
  const [x2, y2] = bezier(210, 240, 340, 150, 0.6);
  const hit2 = nearestLink(COLS, HALF, x2, y2 - 1);
  assert.equal(hit2.l, 1);
  assert.deepEqual([hit2.from.u, hit2.to.u], [2, 0]);
});

test('nothing is found away from the links, over a column or beyond the reach', () => {
  assert.equal(nearestLink(COLS, HALF, 125, 20), null, 'above every link');
  assert.equal(nearestLink(COLS, HALF, 50, 150), null, 'over the input column');
  // Just above the topmost link (input 0 to hidden 0), where no other link runs.
  const [x, y] = bezier(60, 100, 190, 60, 0.2);
  assert.ok(nearestLink(COLS, HALF, x, y - 4.5, 5), 'within the reach');
  assert.equal(nearestLink(COLS, HALF, x, y - 4.5, 3), null, 'beyond a smaller reach');
});

test('the reach is measured across a steep link, not straight down', () => {
  // A steep link: from (0, 0) to (40, 400); halfway its slope is large.
  const cols = [{ x: 0, nodes: [node(0, 0, 0, 0)] }, { x: 40, nodes: [node(1, 0, 40, 400)] }];
  const p = linkPointAt(0, 0, 40, 400, 20);
  assert.ok(Math.abs(p.slope) > 10);
  // 20 px below the curve is under 5 px across it.
  const hit = nearestLink(cols, 0, 20, p.y + 20, 5);
  assert.ok(hit && hit.distance < 5, `distance ${hit?.distance}`);
  assert.equal(nearestLink([{ x: 0, nodes: [node(0, 0, 0, 0)] }, { x: 400, nodes: [node(1, 0, 400, 0)] }], 0, 200, 20, 5), null,
    'a flat link 20 px away is out of reach');
});
