// The marks of the test set's plots: round points (ringed when misclassified), and for many
// points small squares a colour at a time, which the page's thread draws much faster.
import { INK } from '../canvas-util.js';
import { POINT_OUTLINE, classColor } from '../palette.js';

/** Above this many test points the scatter draws squares in batches (see drawScatter). */
export const MANY_POINTS = 2000;
/** The scatter shows at most this many test points (an even sample of the rows): more would only overplot. */
export const MAX_SCATTER = 1500;

/** A point of colour (none: the ring alone) at (x, y) of radius r; wrong: ringed, with a white halo. */
export function drawPoint(c, x, y, r, color, wrong) {
  if (color) {
    c.beginPath();
    c.arc(x, y, r, 0, Math.PI * 2);
    c.fillStyle = color;
    c.fill();
    c.strokeStyle = POINT_OUTLINE;
    c.lineWidth = 1;
    c.stroke();
  }
  if (wrong) {
    // A white halo keeps the dark ring apart from the point's own outline.
    c.beginPath();
    c.arc(x, y, r + 2.5, 0, Math.PI * 2);
    c.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    c.lineWidth = 3;
    c.stroke();
    c.strokeStyle = INK;
    c.lineWidth = 1.6;
    c.stroke();
  }
}

/** Squares of side 2r centred on [x, y, ...], a colour at a time (colour -> coordinates). */
export function fillSquares(c, byColor, r) {
  for (const [color, xy] of byColor) {
    c.fillStyle = color;
    for (let k = 0; k < xy.length; k += 2) c.fillRect(xy[k] - r, xy[k + 1] - r, 2 * r, 2 * r);
  }
}

/** The misclassified among many points: their squares, then square rings. */
export function drawManyWrong(c, rows, xOf, yOf, r, colorOf) {
  if (!rows.length) return;
  const squares = new Map();
  for (const i of rows) {
    const color = colorOf(i);
    if (!squares.has(color)) squares.set(color, []);
    squares.get(color).push(xOf(i), yOf(i));
  }
  fillSquares(c, squares, r);
  // One pass of ink (no white halo as round points have): every canvas call costs the page's thread.
  const side = 2 * r + 3;
  c.strokeStyle = INK;
  c.lineWidth = 1.2;
  for (const i of rows) c.strokeRect(xOf(i) - r - 1.5, yOf(i) - r - 1.5, side, side);
}

/** A prediction's dot; translucent when there are many, so dense regions show. */
export function drawDot(c, x, y, r, count) {
  c.beginPath();
  c.arc(x, y, r, 0, Math.PI * 2);
  c.fillStyle = classColor(0);
  c.globalAlpha = count > 300 ? 0.6 : 0.9;
  c.fill();
  c.globalAlpha = 1;
  if (count <= 2000) {
    c.strokeStyle = POINT_OUTLINE;
    c.lineWidth = 1;
    c.stroke();
  }
}
