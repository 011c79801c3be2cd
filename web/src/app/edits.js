// Point edits: the generated data plus the user's added points, minus the
// removed ones. Pure functions (no DOM).
//
// edits = { added: [[x, (y,) t], ...], removed: [generated row, ...] } where a
// generated row counts through the training rows, then the test rows, of the
// data the engine generated. Added points join the training set.

/**
 * The data to train on. base: the engine's data reply for the generated set.
 * Returns { arrays, origin } where arrays is a data.arrays request body and
 * origin[k] says where displayed row k (training rows, then test rows) came
 * from: { added: i } or { row: generated row }. Typed arrays throughout, so a big table costs a
 * few milliseconds; without edits the arrays are base's own (not copied: nothing writes to them).
 */
export function applyEdits(base, edits) {
  const nf = base.nFeatures;
  const nTrain = base.yTrain.length;
  const nTest = base.yTest.length;
  const removed = new Set(edits?.removed ?? []);
  const added = edits?.added ?? [];
  if (!removed.size && !added.length) {
    const { xTrain, yTrain, xTest, yTest } = base;
    // Made when first read (a point is removed by hand): a big table's 100,000 objects would
    // take the page's thread and lengthen every garbage collection after.
    let origin = null;
    return {
      arrays: { nFeatures: nf, nTargets: 1, xTrain, yTrain, xTest, yTest },
      get origin() {
        origin ??= Array.from({ length: nTrain + nTest }, (_, i) => ({ row: i }));
        return origin;
      },
      trainCount: nTrain,
    };
  }
  const origin = new Array(nTrain + added.length + nTest - removed.size);
  let k = 0;
  /** Rows first..first + n of x, y (generated rows from + i) without the removed ones, then `extra` rows. */
  const keep = (x, y, n, from, extra = []) => {
    let kept = n + extra.length;
    for (const r of removed) if (r >= from && r < from + n) kept -= 1;
    const xs = new Float64Array(kept * nf);
    const ys = new Float64Array(kept);
    let m = 0;
    for (let i = 0; i < n; i += 1) {
      if (removed.has(from + i)) continue;
      xs.set(x.subarray(i * nf, (i + 1) * nf), m * nf);
      ys[m] = y[i];
      origin[k++] = { row: from + i };
      m += 1;
    }
    extra.forEach((p, i) => {
      for (let j = 0; j < nf; j += 1) xs[m * nf + j] = p[j];
      ys[m] = p[nf];
      origin[k++] = { added: i };
      m += 1;
    });
    return [xs, ys];
  };
  const [xTrain, yTrain] = keep(base.xTrain, base.yTrain, nTrain, 0, added);
  const trainCount = k;
  const [xTest, yTest] = keep(base.xTest, base.yTest, nTest, nTrain);
  origin.length = k;
  return { arrays: { nFeatures: nf, nTargets: 1, xTrain, yTrain, xTest, yTest }, origin, trainCount };
}

/** edits after removing displayed row k (origin from applyEdits). */
export function removeDisplayed(edits, origin, k) {
  const o = origin[k];
  if (!o) return edits;
  if ('added' in o) return { ...edits, added: edits.added.filter((_, i) => i !== o.added) };
  if (edits.removed.includes(o.row)) return edits;
  return { ...edits, removed: [...edits.removed, o.row].sort((a, b) => a - b) };
}

/**
 * The displayed row nearest to (x, y) within `radius` (in data units, after
 * scaling each axis by sx, sy), or -1. For 1-D data y is the target.
 * onlyTrain: search the training rows only.
 */
export function nearestRow(data, x, y, { radius = Infinity, sx = 1, sy = 1, onlyTrain = false } = {}) {
  const nf = data.nFeatures;
  let best = -1;
  let bestD = radius * radius;
  let k = 0;
  const scan = (xs, ys) => {
    for (let i = 0; i < ys.length; i += 1, k += 1) {
      const px = xs[i * nf];
      const py = nf === 1 ? ys[i] : xs[i * nf + 1];
      const d = ((px - x) / sx) ** 2 + ((py - y) / sy) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = k;
      }
    }
  };
  scan(data.xTrain, data.yTrain);
  if (!onlyTrain) scan(data.xTest, data.yTest);
  return best;
}

/**
 * The plot rectangle for data: padded bounds. For 2-D inputs both axes get the same span when
 * `equal` (generated data: x and y are in the same units, and a circle should look round);
 * a table's columns have their own units (sizes 30-200 against weights 0.3-2.0), so each axis
 * spans its own data (equal: false). 1-D data: x and the target, each their own.
 */
export function dataRect(data, { pad = 0.12, equal = true } = {}) {
  const nf = data.nFeatures;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  const scan = (xs, ys) => {
    for (let i = 0; i < ys.length; i += 1) {
      const px = xs[i * nf];
      const py = nf === 1 ? ys[i] : xs[i * nf + 1];
      if (px < xMin) xMin = px;
      if (px > xMax) xMax = px;
      if (py < yMin) yMin = py;
      if (py > yMax) yMax = py;
    }
  };
  scan(data.xTrain, data.yTrain);
  scan(data.xTest, data.yTest);
  if (!Number.isFinite(xMin)) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  // A constant column still gets a rectangle the grid can cover (4 significant digits apart).
  const span = (lo, hi) => (hi - lo > 1e-3 * Math.max(Math.abs(lo), Math.abs(hi)) ? hi - lo : Math.max(1, Math.abs(lo) * 0.2));
  let sx = span(xMin, xMax);
  let sy = span(yMin, yMax);
  if (nf >= 2 && equal) {
    sx = Math.max(sx, sy);
    sy = sx;
  }
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  const hx = (sx / 2) * (1 + 2 * pad);
  const hy = (sy / 2) * (1 + 2 * pad);
  const nice = (v) => Number(v.toPrecision(4));
  return { xMin: nice(cx - hx), xMax: nice(cx + hx), yMin: nice(cy - hy), yMax: nice(cy + hy) };
}

/** An undo stack of edits (in memory). */
export function createUndo(limit = 100) {
  const stack = [];
  return {
    push(edits) {
      stack.push(edits);
      if (stack.length > limit) stack.shift();
    },
    pop: () => stack.pop(),
    clear: () => {
      stack.length = 0;
    },
    get size() {
      return stack.length;
    },
  };
}

const DATA_KEYS = ['generator', 'n_samples', 'noise', 'factor', 'centers', 'cluster_std', 'n_features', 'random_state', 'test_size'];

/**
 * A store normaliser: new data invalidate the point edits that refer to its rows. Removed rows
 * are dropped whenever the data are generated anew; added points survive a new seed or noise
 * (the same kind of data) and are dropped with a new dataset. onDropped(sameKind, edits) is
 * told when edits were dropped.
 * @param {(sameKind: boolean, edits: object) => void} [onDropped]
 */
export function keepValidEdits(config, prev, onDropped = () => {}) {
  const d = config.data;
  const p = prev.data;
  const regenerated = DATA_KEYS.some((k) => JSON.stringify(d[k]) !== JSON.stringify(p[k]));
  if (!regenerated || (!d.edits.added.length && !d.edits.removed.length)) return config;
  const sameKind = d.generator === p.generator && d.n_features === p.n_features && d.centers === p.centers;
  onDropped(sameKind, d.edits);
  return { ...config, data: { ...d, edits: { added: sameKind ? d.edits.added : [], removed: [] } } };
}
