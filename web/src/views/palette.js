// Colours shared by the views: class colours, their heatmap tints, the blue-white-orange
// diverging map (regression surfaces, weights, unit thumbnails) and probability -> colour.
// Colours are [r, g, b] arrays (0-255) or CSS strings; lookup tables hold packed RGBA as a
// little-endian Uint32 view of ImageData sees it.

/**
 * Ten class colours, told apart with normal colour vision and with protanopia, deuteranopia
 * and tritanopia: blue, orange, dark red, plum, sage green, pink, magenta, dark green,
 * periwinkle, violet. Each has 3:1 contrast on white (WCAG's minimum for graphics); the
 * order puts the most distinct first, so that 3 or 5 classes get the widest spread.
 * tools/pick-class-colors.mjs picked them (CIEDE2000 after Machado et al.'s simulation, see
 * color-vision.js); tests/node/palette.test.js checks those properties. Points are drawn with
 * POINT_OUTLINE on top.
 */
export const CLASS_COLORS = [
  '#0072B2',
  '#D97800',
  '#AA0000',
  '#82415A',
  '#6EA073',
  '#BE82AA',
  '#BE1982',
  '#37693C',
  '#5F91FF',
  '#5500F5',
];
export const POINT_OUTLINE = 'rgba(17, 20, 24, 0.88)';
/** How far a class tint goes from white towards the class colour at full confidence. */
export const TINT_STRENGTH = 0.55;
/** The same for the diverging map when it is the background of points (regression). */
export const SURFACE_STRENGTH = 0.62;

const WHITE = [255, 255, 255];

/** Diverging stops: negative = blue, zero = near white, positive = orange. */
/** @type {Array<[number, number[]]>} */
const DIVERGING_STOPS = [
  [-1, [12, 70, 140]],
  [-0.5, [86, 150, 207]],
  [0, [246, 246, 244]],
  [0.5, [243, 166, 84]],
  [1, [179, 82, 10]],
];

export function hexToRgb(hex) {
  const h = hex.replace('#', '');
  const n = parseInt(h.length === 3 ? h.replace(/./g, '$&$&') : h, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function rgbCss(rgb, alpha = 1) {
  const [r, g, b] = rgb.map((c) => Math.round(c));
  return alpha >= 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${+alpha.toFixed(3)})`;
}

/** a + (b - a) t, per channel. */
export function mixRgb(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function classColor(k) {
  const n = CLASS_COLORS.length;
  return CLASS_COLORS[((k % n) + n) % n];
}

export function classRgb(k) {
  return hexToRgb(classColor(k));
}

/** The heatmap colour of class k at full confidence: the class colour towards white. */
export function classTint(k, strength = TINT_STRENGTH) {
  return mixRgb(WHITE, classRgb(k), strength);
}

/** The diverging map at t in [-1, 1] (clamped; NaN gives grey). */
export function divergingRgb(t) {
  if (Number.isNaN(t)) return [200, 200, 200];
  const x = Math.max(-1, Math.min(1, t));
  for (let s = 1; s < DIVERGING_STOPS.length; s += 1) {
    const [t1, c1] = DIVERGING_STOPS[s];
    if (x <= t1) {
      const [t0, c0] = DIVERGING_STOPS[s - 1];
      return mixRgb(c0, c1, (x - t0) / (t1 - t0));
    }
  }
  return DIVERGING_STOPS[DIVERGING_STOPS.length - 1][1].slice();
}

export function divergingCss(t, alpha = 1) {
  return rgbCss(divergingRgb(t), alpha);
}

/**
 * Confidence -> how much colour a heatmap pixel gets (0: white, 1: the full tint). A mild
 * curve so that 75 % sure already reads as clearly coloured, and 50 % stays white.
 */
export function confidenceShade(confidence) {
  const c = Math.max(0, Math.min(1, confidence));
  return Math.sqrt(c) * 0.85 + c * 0.15;
}

/** The binary heatmap colour for P(class 1) = p: class 0 tint - white - class 1 tint. */
export function binaryRgb(p, discretize = false, tints = [classTint(0), classTint(1)]) {
  const q = Math.max(0, Math.min(1, Number.isNaN(p) ? 0.5 : p));
  const k = q >= 0.5 ? 1 : 0;
  if (discretize) return tints[k].slice();
  return mixRgb(WHITE, tints[k], confidenceShade(Math.abs(2 * q - 1)));
}

/**
 * The multiclass heatmap colour for probabilities probs[0..K-1]: the class tints weighted by
 * their probabilities, faded to white as the top probability falls towards 1/K. With
 * discretize, the tint of the most probable class.
 */
export function multiclassRgb(probs, discretize = false, tints = null) {
  const K = probs.length;
  const t = tints ?? Array.from({ length: K }, (_, k) => classTint(k));
  let best = 0;
  let sum = 0;
  const rgb = [0, 0, 0];
  for (let k = 0; k < K; k += 1) {
    const p = Math.max(0, probs[k] || 0);
    if (p > probs[best]) best = k;
    sum += p;
    rgb[0] += p * t[k][0];
    rgb[1] += p * t[k][1];
    rgb[2] += p * t[k][2];
  }
  if (discretize) return t[best].slice();
  if (!(sum > 0)) return WHITE.slice();
  const mixed = rgb.map((c) => c / sum);
  const confidence = K > 1 ? (probs[best] / sum - 1 / K) / (1 - 1 / K) : 1;
  return mixRgb(WHITE, mixed, confidenceShade(confidence));
}

export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One RGBA pixel as a Uint32 view of ImageData.data holds it. */
export function packRgba(r, g, b, a = 255) {
  const [R, G, B] = [r, g, b].map((c) => Math.max(0, Math.min(255, Math.round(c))));
  return LITTLE_ENDIAN ? ((a << 24) | (B << 16) | (G << 8) | R) >>> 0 : ((R << 24) | (G << 16) | (B << 8) | a) >>> 0;
}

/** 256 packed colours of binaryRgb for p = i / 255. */
export function binaryLut(discretize = false) {
  const lut = new Uint32Array(256);
  const tints = [classTint(0), classTint(1)];
  for (let i = 0; i < 256; i += 1) lut[i] = packRgba(...binaryRgb(i / 255, discretize, tints));
  return lut;
}

/** 256 packed colours of the diverging map for t = i / 255 * 2 - 1, faded towards white by 1 - strength. */
export function divergingLut(strength = 1) {
  const lut = new Uint32Array(256);
  for (let i = 0; i < 256; i += 1) lut[i] = packRgba(...mixRgb(WHITE, divergingRgb((i / 255) * 2 - 1), strength));
  return lut;
}

/**
 * An output unit's colour for P(class k) = p: white at 0, class k's colour at 1, mixed
 * linearly, so that equal steps in probability are equal steps towards the class colour.
 */
export function classRampRgb(k, p) {
  const q = Math.max(0, Math.min(1, Number.isNaN(p) ? 0 : p));
  return mixRgb(WHITE, classRgb(k), q);
}

/** 256 packed colours of classRampRgb(k, i / 255). */
export function classRampLut(k) {
  const lut = new Uint32Array(256);
  for (let i = 0; i < 256; i += 1) lut[i] = packRgba(...classRampRgb(k, i / 255));
  return lut;
}

/**
 * The regression colour scale: [min, max] of the first target over the training and test
 * rows ({ yTrain, yTest, nTargets? }), widened by 1 each way when all are equal; null with
 * no rows. The data plane and the output tile both colour predictions on it.
 */
export function regressionScale(arrays) {
  let lo = Infinity;
  let hi = -Infinity;
  const nT = arrays?.nTargets ?? 1;
  for (const y of arrays ? [arrays.yTrain, arrays.yTest] : []) {
    for (let r = 0; y && r * nT < y.length; r += 1) {
      const v = y[r * nT];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(hi >= lo)) return null;
  return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
}

/** Lookup index for a probability (0..1) or a diverging value (-1..1), clamped; NaN -> middle. */
export function probabilityIndex(p) {
  return p >= 1 ? 255 : p > 0 ? (p * 255 + 0.5) | 0 : p <= 0 ? 0 : 128;
}

export function divergingIndex(t) {
  return probabilityIndex((t + 1) * 0.5);
}
