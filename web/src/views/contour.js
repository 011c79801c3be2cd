// Marching squares: the level line of a field sampled on a regular grid.

/**
 * Appends the segments where `field` crosses `level` to `out` as x0, y0, x1, y1 in grid
 * coordinates (column i, row j, fractional). The field is an nx x ny grid read as
 * field[(j * nx + i) * stride + offset], so one channel of an interleaved grid works too.
 * Cells with a NaN corner are skipped; saddles are resolved by the cell's mean.
 * Only the cells of rows j0 <= j < j1 (all by default): a big grid can be traced in bands.
 * Returns out.
 */
export function contourSegments(field, nx, ny, level, out = [], stride = 1, offset = 0, j0 = 0, j1 = ny - 1) {
  for (let j = j0; j < j1 && j + 1 < ny; j += 1) {
    for (let i = 0; i + 1 < nx; i += 1) {
      const a = field[(j * nx + i) * stride + offset] - level;
      const b = field[(j * nx + i + 1) * stride + offset] - level;
      const c = field[((j + 1) * nx + i + 1) * stride + offset] - level;
      const d = field[((j + 1) * nx + i) * stride + offset] - level;
      if ((a >= 0) === (b >= 0) && (b >= 0) === (c >= 0) && (c >= 0) === (d >= 0)) continue;
      cellSegments(a, b, c, d, i, j, out);
    }
  }
  return out;
}

/**
 * The zero crossings of one cell, given its corner values (level already subtracted):
 * a top left (i, j), b top right, c bottom right, d bottom left. Appends 0-2 segments.
 */
export function cellSegments(a, b, c, d, i, j, out) {
  const code = (a >= 0 ? 1 : 0) | (b >= 0 ? 2 : 0) | (c >= 0 ? 4 : 0) | (d >= 0 ? 8 : 0);
  if (code === 0 || code === 15 || Number.isNaN(a + b + c + d)) return;
  // The crossings on the four edges; only the ones a case uses are finite.
  // (Plain numbers, not closures: captured loop variables would cost an allocation per cell.)
  const tx = i + a / (a - b); // top edge, y = j
  const ry = j + b / (b - c); // right edge, x = i + 1
  const bx = i + d / (d - c); // bottom edge, y = j + 1
  const ly = j + a / (a - d); // left edge, x = i
  switch (code) {
    case 1:
    case 14:
      out.push(tx, j, i, ly);
      break;
    case 2:
    case 13:
      out.push(tx, j, i + 1, ry);
      break;
    case 3:
    case 12:
      out.push(i, ly, i + 1, ry);
      break;
    case 4:
    case 11:
      out.push(i + 1, ry, bx, j + 1);
      break;
    case 6:
    case 9:
      out.push(tx, j, bx, j + 1);
      break;
    case 7:
    case 8:
      out.push(i, ly, bx, j + 1);
      break;
    case 5: // a and c above: the cell's mean says whether they connect through the middle
      if (a + b + c + d >= 0) out.push(tx, j, i + 1, ry, i, ly, bx, j + 1);
      else out.push(tx, j, i, ly, i + 1, ry, bx, j + 1);
      break;
    case 10: // b and d above
      if (a + b + c + d >= 0) out.push(tx, j, i, ly, i + 1, ry, bx, j + 1);
      else out.push(tx, j, i + 1, ry, i, ly, bx, j + 1);
      break;
    default:
      break;
  }
}

/**
 * The borders between the most probable classes of a K-channel probability grid
 * (values[(j * nx + i) * K + k]): for each class, the zero line of its probability minus the
 * best of the others, traced only in cells whose corners disagree on the winner.
 * best (Uint8Array) and second (Float32Array) are nx * ny scratch buffers. Only the cells
 * of rows j0 <= j < j1 (all by default), as contourSegments. Returns out.
 */
export function classBorders(
  values,
  nx,
  ny,
  K,
  out = [],
  best = new Uint8Array(nx * ny),
  second = new Float32Array(nx * ny),
  j0 = 0,
  j1 = ny - 1,
) {
  const last = Math.min(j1, ny - 1);
  // The winners on the band's rows and the row below its last cells.
  for (let p = j0 * nx; p < (last + 1) * nx; p += 1) {
    let b = 0;
    let s = -Infinity;
    for (let c = 1; c < K; c += 1) {
      const v = values[p * K + c];
      if (v > values[p * K + b]) {
        s = values[p * K + b];
        b = c;
      } else if (v > s) s = v;
    }
    best[p] = b;
    second[p] = s;
  }
  // Class c's margin at point p: how far it is ahead of (or behind) the best other class.
  const margin = (p, c) => values[p * K + c] - (best[p] === c ? second[p] : values[p * K + best[p]]);
  for (let j = j0; j < last; j += 1) {
    for (let i = 0; i + 1 < nx; i += 1) {
      const pa = j * nx + i;
      const pb = pa + 1;
      const pc = pb + nx;
      const pd = pa + nx;
      const ba = best[pa];
      if (ba === best[pb] && ba === best[pc] && ba === best[pd]) continue;
      const seen = [ba, best[pb], best[pc], best[pd]];
      for (let k = 0; k < 4; k += 1) {
        const c = seen[k];
        if (seen.indexOf(c) !== k) continue; // each class once per cell
        cellSegments(margin(pa, c), margin(pb, c), margin(pc, c), margin(pd, c), i, j, out);
      }
    }
  }
  return out;
}

/**
 * Joins segments (x0, y0, x1, y1, ... as contourSegments and classBorders append them) that
 * share end points into polylines: an array of flat [x0, y0, x1, y1, ...] arrays. Stroking a
 * few polylines is much cheaper than stroking hundreds of separate segments with round caps,
 * and looks the same with round joins. Marching squares computes a crossing from the same two
 * corner values in both cells of an edge, so shared end points are exactly equal.
 */
export function chainSegments(segments) {
  const n = segments.length >> 2;
  const at = new Map(); // "x,y" -> [end, end] with end = segment * 2 + (0: start, 1: finish)
  const key = (e) => `${segments[(e >> 1) * 4 + (e & 1) * 2]},${segments[(e >> 1) * 4 + (e & 1) * 2 + 1]}`;
  for (let e = 0; e < n * 2; e += 1) {
    const k = key(e);
    const list = at.get(k);
    if (list) list.push(e);
    else at.set(k, [e]);
  }
  const used = new Uint8Array(n);
  /** From end e (an unused segment's end), the points reached by walking on. */
  const walk = (e, out) => {
    for (;;) {
      const next = at.get(key(e))?.find((f) => !used[f >> 1]);
      if (next === undefined) return out;
      used[next >> 1] = 1;
      const other = next ^ 1;
      out.push(segments[(other >> 1) * 4 + (other & 1) * 2], segments[(other >> 1) * 4 + (other & 1) * 2 + 1]);
      e = other;
    }
  };
  const lines = [];
  for (let s = 0; s < n; s += 1) {
    if (used[s]) continue;
    used[s] = 1;
    const forward = walk(s * 2 + 1, [segments[s * 4], segments[s * 4 + 1], segments[s * 4 + 2], segments[s * 4 + 3]]);
    const backward = walk(s * 2, []);
    if (!backward.length) {
      lines.push(forward);
      continue;
    }
    // backward holds the points before the start, nearest first: reverse them in pairs.
    const line = [];
    for (let i = backward.length - 2; i >= 0; i -= 2) line.push(backward[i], backward[i + 1]);
    lines.push(line.concat(forward));
  }
  return lines;
}
