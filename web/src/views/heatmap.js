// Grid values -> heatmap pixels (packed RGBA, a Uint32Array view of an ImageData). Pure
// functions over typed arrays: one pass, no allocation, so a 200 x 200 grid paints in well
// under a millisecond.

import { LITTLE_ENDIAN, classTint, confidenceShade, divergingIndex, probabilityIndex } from './palette.js';

/** Binary: pixel p from P(class 1) = values[p * stride + offset], through a 256-entry lut. */
export function paintBinary(values, n, stride, offset, lut, px) {
  for (let p = 0; p < n; p += 1) px[p] = lut[probabilityIndex(values[p * stride + offset])];
}

/** Regression: values[p * stride] mapped from [lo, hi] onto a 256-entry diverging lut (clamped). */
export function paintDiverging(values, n, stride, lo, hi, lut, px) {
  const scale = 2 / (hi - lo);
  for (let p = 0; p < n; p += 1) px[p] = lut[divergingIndex((values[p * stride] - lo) * scale - 1)];
}

/**
 * One hidden unit's picture: values[start .. start + n) scaled by their largest |value| onto a
 * 256-entry diverging lut, written to px[out ..]. Returns the values' { min, max }.
 */
export function paintUnitPlane(values, start, n, lut, px, out) {
  let min = Infinity;
  let max = -Infinity;
  for (let p = start; p < start + n; p += 1) {
    const v = values[p];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = Math.max(Math.abs(min), Math.abs(max));
  const inv = scale > 0 ? 1 / scale : 0;
  for (let p = 0; p < n; p += 1) px[out + p] = lut[divergingIndex(values[start + p] * inv)];
  return { min, max };
}

const SHADE = Float32Array.from({ length: 256 }, (_, i) => confidenceShade(i / 255));
const tintTables = new Map();

/** The class tints of K classes as one flat [r, g, b, r, g, b, ...] table. */
function tintTable(K) {
  let t = tintTables.get(K);
  if (!t) {
    t = new Float32Array(K * 3);
    for (let c = 0; c < K; c += 1) t.set(classTint(c), c * 3);
    tintTables.set(K, t);
  }
  return t;
}

/**
 * Multiclass: the class tints weighted by the K probabilities at values[p * K + c], faded
 * towards white as the top probability falls to chance (1 / K); with discretize, the tint
 * of the most probable class. Same colours as palette.multiclassRgb, inlined for speed.
 */
export function paintMulticlass(values, n, K, discretize, px) {
  const t = tintTable(K);
  const chance = 1 / K;
  const confScale = 255 / (1 - chance);
  for (let p = 0; p < n; p += 1) {
    const o = p * K;
    let best = 0;
    let bestP = -1;
    let sum = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    for (let c = 0; c < K; c += 1) {
      const q = values[o + c] > 0 ? values[o + c] : 0;
      if (q > bestP) {
        bestP = q;
        best = c;
      }
      sum += q;
      r += q * t[c * 3];
      g += q * t[c * 3 + 1];
      b += q * t[c * 3 + 2];
    }
    let s = 1;
    if (discretize) {
      r = t[best * 3];
      g = t[best * 3 + 1];
      b = t[best * 3 + 2];
    } else if (sum > 0) {
      r /= sum;
      g /= sum;
      b /= sum;
      const conf = (bestP / sum - chance) * confScale;
      s = SHADE[conf <= 0 ? 0 : conf >= 255 ? 255 : conf | 0];
    } else {
      r = g = b = 255;
    }
    const R = (255 + (r - 255) * s + 0.5) | 0;
    const G = (255 + (g - 255) * s + 0.5) | 0;
    const B = (255 + (b - 255) * s + 0.5) | 0;
    px[p] = LITTLE_ENDIAN ? ((255 << 24) | (B << 16) | (G << 8) | R) >>> 0 : ((R << 24) | (G << 16) | (B << 8) | 255) >>> 0;
  }
}
