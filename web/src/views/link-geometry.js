// Where the network diagram's links run, for pointing at one. A link is the cubic Bézier
// from (x0, y0) to (x1, y1) with both control points halfway across, (m, y0) and (m, y1),
// m = (x0 + x1) / 2 (network.js draws it so). With u = (x - x0) / (x1 - x0) that curve is
//   u(t) = 1.5 t - 1.5 t² + t³   (increasing: u'(t) = 1.5 - 3 t + 3 t² > 0)
//   y(t) = y0 + (y1 - y0) (3 t² - 2 t³)
// so every link between two columns reaches a given x at the same t: finding the link under
// the pointer costs one root per pair of columns and a subtraction per link.

/** The curve parameter t in [0, 1] at which a link reaches u = (x - x0) / (x1 - x0) (clamped). */
export function linkParameter(u) {
  if (!(u > 0)) return 0;
  if (u >= 1) return 1;
  // Newton from t = u converges in a few steps (u' >= 0.75 everywhere); bisection's bracket
  // keeps it inside [0, 1].
  let t = u;
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 30; k += 1) {
    const f = 1.5 * t - 1.5 * t * t + t * t * t - u;
    if (Math.abs(f) < 1e-12) break;
    if (f > 0) hi = t;
    else lo = t;
    const next = t - f / (1.5 - 3 * t + 3 * t * t);
    t = next > lo && next < hi ? next : (lo + hi) / 2;
  }
  return t;
}

/** The point of the link from (x0, y0) to (x1, y1) at x, with the curve's slope dy/dx there. */
export function linkPointAt(x0, y0, x1, y1, x) {
  const t = linkParameter((x - x0) / (x1 - x0));
  const s = 3 * t * t - 2 * t * t * t;
  const dsdu = (6 * t - 6 * t * t) / (1.5 - 3 * t + 3 * t * t);
  return { x, y: y0 + (y1 - y0) * s, slope: ((y1 - y0) * dsdu) / (x1 - x0) };
}

/**
 * The link nearest to (px, py) within `reach` px: { l, from, to, x, y, distance } (from/to: the
 * nodes it joins, x/y: its point under the pointer), or null. cols: the diagram's columns
 * ({ x, nodes: [{ l, u, x, y }] }), links leaving a node at x + half and entering at x - half.
 * The distance is measured across the curve (the vertical gap times the cosine of its slope).
 */
export function nearestLink(cols, half, px, py, reach = 5) {
  let best = null;
  for (let l = 0; l + 1 < cols.length; l += 1) {
    const x0 = cols[l].x + half;
    const x1 = cols[l + 1].x - half;
    if (!(px >= x0 && px <= x1 && x1 > x0)) continue;
    const t = linkParameter((px - x0) / (x1 - x0));
    const s = 3 * t * t - 2 * t * t * t;
    const dsdx = (6 * t - 6 * t * t) / (1.5 - 3 * t + 3 * t * t) / (x1 - x0);
    for (const from of cols[l].nodes) {
      for (const to of cols[l + 1].nodes) {
        const y = from.y + (to.y - from.y) * s;
        const slope = (to.y - from.y) * dsdx;
        const distance = Math.abs(py - y) / Math.sqrt(1 + slope * slope);
        if (distance <= reach && (!best || distance < best.distance)) best = { l, from, to, x: px, y, distance };
      }
    }
  }
  return best;
}

/** The midpoint of the link from (x0, y0) to (x1, y1): where a focused link's popup points. */
export function linkMidpoint(x0, y0, x1, y1) {
  return { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
}
