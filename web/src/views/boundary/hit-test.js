// What is under a point of the data plane: the model's output there (the grid interpolated)
// and the nearest shown data point.

import { pointX, pointY } from './layout.js';
import { is1d, nTargets } from './scene.js';

const HIT_RADIUS = 10; // px: how near a right-click must be to remove a point

/** The grid channels at data point (x, y), bilinearly interpolated, or null outside. */
export function sampleGrid(view, x, y) {
  if (!view.grid) return null;
  const { nx, ny, channels, values } = view.grid;
  const fi = ((x - view.grid.xMin) / (view.grid.xMax - view.grid.xMin)) * (nx - 1);
  const fj = is1d(view) ? 0 : ((view.grid.yMax - y) / (view.grid.yMax - view.grid.yMin)) * (ny - 1);
  if (!(fi >= 0 && fi <= nx - 1 && fj >= 0 && fj <= ny - 1)) return null;
  const i = Math.min(nx - 2, Math.floor(fi));
  const j = Math.min(ny - 2, Math.floor(fj));
  const u = fi - i;
  const v = fj - j;
  const out = [];
  for (let c = 0; c < channels; c += 1) {
    const at = (ii, jj) => values[(jj * nx + ii) * channels + c];
    out.push((1 - v) * ((1 - u) * at(i, j) + u * at(i + 1, j)) + v * ((1 - u) * at(i, j + 1) + u * at(i + 1, j + 1)));
  }
  return out;
}


/** The nearest shown point within HIT_RADIUS px of (px, py): { index, part } or null. */
export function nearestPoint(view, L, px, py) {
  if (!view.data) return null;
  let best = null;
  let bestD = HIT_RADIUS * HIT_RADIUS;
  for (const part of ['train', 'test']) {
    if (part === 'train' ? !view.options.showTrain : !view.options.showTest) continue;
    const y = part === 'train' ? view.data.yTrain : view.data.yTest;
    const rows = y ? Math.floor(y.length / nTargets(view)) : 0;
    for (let r = 0; r < rows; r += 1) {
      const d = (pointX(view, L, part, r) - px) ** 2 + (pointY(view, L, part, r) - py) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = { index: r, part };
      }
    }
  }
  return best;
}

