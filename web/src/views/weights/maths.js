// The weight views' pure maths: the first weight matrix read as one column per unit, the image
// shape of a feature count, and each unit's most activating rows. No canvas, no DOM.

/** True when two short lists (or nulls) hold the same values. */
export const sameList = (a, b) => a === b || (Boolean(a) && Boolean(b) && a.length === b.length && a.every((v, k) => v === b[k]));

/**
 * The first weight matrix coefs_[0] (layerUnits[0] x layerUnits[1], row-major at the start of
 * the packed weights): { nInputs, nUnits, scale: the largest |w| (0 when all are zero),
 * column(u): unit u's incoming weights, one per input }. column() reads `weights` when called.
 */
export function firstLayerWeights(weights, layerUnits) {
  if (!layerUnits || layerUnits.length < 2) throw new RangeError('firstLayerWeights: a net needs at least two layers');
  const nInputs = layerUnits[0];
  const nUnits = layerUnits[1];
  const n = nInputs * nUnits;
  if (!weights || weights.length < n) throw new RangeError(`firstLayerWeights: ${n} weights expected, got ${weights?.length ?? 0}`);
  let scale = 0;
  for (let p = 0; p < n; p += 1) {
    const a = Math.abs(weights[p]);
    if (a > scale) scale = a; // NaN never wins
  }
  return {
    nInputs,
    nUnits,
    scale,
    column(u) {
      if (!(Number.isInteger(u) && u >= 0 && u < nUnits)) throw new RangeError(`firstLayerWeights: no unit ${u}`);
      const out = new Float64Array(nInputs);
      for (let i = 0; i < nInputs; i += 1) out[i] = weights[i * nUnits + u];
      return out;
    },
  };
}

/**
 * The [rows, cols] to picture nFeatures as: the declared shape when it has nFeatures pixels
 * (a shape that does not fit is ignored), else [s, s] for a perfect square nFeatures >= 4,
 * else null.
 */
export function imageShapeFor(nFeatures, declared = null) {
  if (Array.isArray(declared) && declared.length === 2) {
    const [rows, cols] = declared;
    if (Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0 && rows * cols === nFeatures) return [rows, cols];
  }
  if (!Number.isInteger(nFeatures) || nFeatures < 4) return null;
  const s = Math.round(Math.sqrt(nFeatures));
  return s * s === nFeatures ? [s, s] : null;
}

/**
 * The k rows with the highest values in units[start .. start + nRows), highest first; equal
 * values keep the lower row first, NaN counts as -Infinity. One pass, k is small.
 */
export function topRows(units, start, nRows, k) {
  const rows = new Int32Array(k);
  const best = new Float64Array(k);
  let count = 0;
  for (let r = 0; r < nRows; r += 1) {
    let v = units[start + r];
    if (!(v >= -Infinity)) v = -Infinity;
    if (count === k && !(v > best[k - 1])) continue;
    let j = count < k ? count++ : k - 1;
    while (j > 0 && best[j - 1] < v) {
      best[j] = best[j - 1];
      rows[j] = rows[j - 1];
      j -= 1;
    }
    best[j] = v;
    rows[j] = r;
  }
  return rows;
}

/**
 * For each of the first nUnits hidden units (units is unit-major: unit u on row r at
 * units[u * nRows + r]), the min(k, nRows) rows that activate it most, as an Int32Array sorted
 * by activation, highest first; ties put the lower row first.
 */
export function topActivating(units, nRows, nUnits, k) {
  if (!units || units.length < nUnits * nRows) throw new RangeError(`topActivating: ${nUnits * nRows} activations expected, got ${units?.length ?? 0}`);
  const kk = Math.max(0, Math.min(Math.floor(k), nRows));
  return Array.from({ length: nUnits }, (_, u) => topRows(units, u * nRows, nRows, kk));
}

/** The [min, max] of n values from src[offset]. */
export function rangeOf(src, offset, n) {
  let min = Infinity;
  let max = -Infinity;
  for (let p = offset; p < offset + n; p += 1) {
    const v = src[p];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** A shape [rows, cols] with exactly n pixels, else null. */
export function validShape(shape, n) {
  if (!Array.isArray(shape) || shape.length !== 2) return null;
  const [rows, cols] = shape;
  return Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0 && rows * cols === n ? [rows, cols] : null;
}
