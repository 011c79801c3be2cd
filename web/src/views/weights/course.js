// The course's picture of coefs_[0], as scikit-learn's "Visualization of MLP weights on MNIST"
// draws it with matplotlib:
//
//     vmin, vmax = mlp.coefs_[0].min(), mlp.coefs_[0].max()
//     for coef, ax in zip(mlp.coefs_[0].T, axes.ravel()):   # a 4 x 4 grid: the first 16 units
//         ax.matshow(coef.reshape(28, 28), cmap=plt.cm.gray, vmin=0.5 * vmin, vmax=0.5 * vmax)
//
// Emulated exactly here, as matplotlib 3.6 draws it (checked pixel for pixel against what it
// drew, tests/fixtures/matplotlib_course_gray.json):
// - matshow draws with nearest-neighbour interpolation, and float data take a round trip first
//   (AxesImage._make_image): each image's values, and vmin and vmax with them, are rescaled from
//   the image's own [min, max] to [0.1, 0.9], resampled, and scaled back. Nearest-neighbour
//   resampling copies values, but the round trip's rounding moves a value that sits exactly on
//   a colour's edge to either side of it (0 between -0.05 and 0.05 is byte 127 in the picture,
//   128 from Normalize alone): matshowNormalizer() does the same arithmetic;
// - Normalize: x = (v - vmin) / (vmax - vmin), in float64 (vmin == vmax: x = 0, black);
// - Colormap: index floor(x * 256); x == 1 is index 255; below 0 is the 'under' colour and above
//   255 the 'over' colour, which for gray are its ends (black, white); NaN is the 'bad' colour,
//   transparent: the white of the axes;
// - bytes: matplotlib turns its float LUT (i / 255, computed by interpolation) into bytes with
//   (lut * 255).astype(uint8), which truncates: 24 entries (33, 37, ..., 244) come out one below
//   their index. COURSE_GRAY holds the 256 bytes.
// Pure numbers: no canvas, no DOM.

/** Units the course's grid shows (its first 16 columns of coefs_[0]), 4 a row. */
export const COURSE_UNITS = 16;
export const COURSE_COLUMNS = 4;

/** The LUT entries whose byte is one below their index (matplotlib 3.6's (lut * 255).astype(uint8)). */
const TRUNCATED = [33, 37, 41, 45, 49, 53, 57, 61, 66, 74, 82, 90, 98, 106, 114, 122, 132, 148, 164, 180, 196, 212, 228, 244];

/** The gray colour map's 256 bytes, as matplotlib draws them (black 0 to white 255). */
export const COURSE_GRAY = (() => {
  const lut = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (const i of TRUNCATED) lut[i] = i - 1;
  return lut;
})();

/**
 * The course's colour limits over the first n values of weights (coefs_[0], every unit):
 * { min, max, vmin: 0.5 * min, vmax: 0.5 * max }. NaN values are skipped (numpy's min would
 * be NaN; a diverged net gets its picture anyway); no finite value: all four are 0.
 */
export function courseRange(weights, n) {
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < n; p += 1) {
    const v = weights[p];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) min = max = 0;
  return { min, max, vmin: 0.5 * min, vmax: 0.5 * max };
}

/** The colour map's index of x (Normalize's output): 0..255, -1 under 0, 256 over 1, NaN for NaN. */
export function colormapIndex(x) {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -1;
  if (x === 1) return 255;
  const i = Math.floor(x * 256);
  return i > 255 ? 256 : i;
}

/** The gray byte of a colour map index (colormapIndex): the ends for under and over, white for NaN. */
export function grayOfIndex(i) {
  if (Number.isNaN(i)) return 255; // 'bad': transparent, over the white axes
  return COURSE_GRAY[i < 0 ? 0 : i > 255 ? 255 : i];
}

/**
 * The colour map's index of value v between vmin and vmax through Normalize alone: 0..255, -1
 * under the range, 256 above it, NaN for NaN.
 */
export function courseIndex(v, vmin, vmax) {
  return colormapIndex(vmin === vmax ? (Number.isNaN(v) ? NaN : 0) : (v - vmin) / (vmax - vmin));
}

/** The gray byte (0 black .. 255 white) of value v through Normalize(vmin, vmax) and the gray map. */
export function courseGray(v, vmin, vmax) {
  return grayOfIndex(courseIndex(v, vmin, vmax));
}

/**
 * What matshow normalises an image's values with (AxesImage._make_image for float64 data):
 * (v) => x, Normalize's output after the round trip through [0.1, 0.9]. aMin, aMax: the image's
 * own minimum and maximum (one unit's 784 weights), vmin and vmax: the colour limits. Data
 * beyond vmid ± 1e7 (vmax - vmin) are clipped there first, as matplotlib does.
 */
export function matshowNormalizer(aMin, aMax, vmin, vmax) {
  const dv = vmax - vmin;
  const vmid = vmin + dv / 2;
  let lo = aMin;
  let hi = aMax;
  const newMin = vmid - dv * 1e7;
  const newMax = vmid + dv * 1e7;
  const clipLo = newMin < aMin ? -Infinity : newMin;
  const clipHi = newMax > aMax ? Infinity : newMax;
  if (clipLo > -Infinity) lo = newMin;
  if (clipHi < Infinity) hi = newMax;
  // A_scaled -= a_min; /= (a_max - a_min) / 0.8 (when they differ); += 0.1; resampled; -= 0.1;
  // *= the same factor; += a_min. Dividing and multiplying by 1 are exact: c = 1 skips them.
  const c = lo !== hi ? (hi - lo) / 0.8 : 1;
  const roundTrip = (v) => ((((v - lo) / c) + 0.1 - 0.1) * c) + lo;
  const sVmin = roundTrip(vmin);
  const sVmax = roundTrip(vmax);
  if (sVmin === sVmax) return (v) => (Number.isNaN(v) ? NaN : 0);
  const span = sVmax - sVmin;
  return (v) => (roundTrip(Math.min(clipHi, Math.max(clipLo, v))) - sVmin) / span;
}
