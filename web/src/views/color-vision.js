// How far apart two colours look, to people with normal colour vision and with the common
// colour-vision deficiencies: the maths the class colours are chosen and tested by
// (tools/pick-class-colors.mjs, tests/node/palette.test.js). Pure functions on [r, g, b]
// arrays (sRGB, 0-255); nothing here runs while the page draws.
//
// - sRGB -> CIELAB (D65 white), IEC 61966-2-1's transfer curve and CIE 15's Lab formulas.
// - CIEDE2000 colour difference: G. Sharma, W. Wu, E. N. Dalal (2005), "The CIEDE2000
//   color-difference formula: implementation notes, supplementary test data, and
//   mathematical observations", Color Research & Application 30(1), 21-30. A difference of
//   about 1 is just noticeable side by side; small marks need 10 or more to be named apart.
// - Dichromacy (protanopia, deuteranopia, tritanopia) as seen: G. M. Machado, M. M. Oliveira,
//   L. A. F. Fernandes (2009), "A physiologically-based model for simulation of color vision
//   deficiency", IEEE TVCG 15(6), 1291-1298: one 3 x 3 matrix per deficiency at severity
//   1.0, applied to linear RGB.
// - WCAG 2 relative luminance and contrast ratio.

/** sRGB channel (0-255) -> linear light (0-1). */
export function srgbToLinear(c) {
  const x = c / 255;
  return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
}

/** Linear light (0-1, clamped) -> sRGB channel (0-255, not rounded). */
export function linearToSrgb(v) {
  const x = Math.max(0, Math.min(1, v));
  return 255 * (x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055);
}

const D65 = [0.95047, 1, 1.08883];
const LAB_EPS = (6 / 29) ** 3;

/** [r, g, b] (0-255) -> [L*, a*, b*] under D65. */
export function rgbToLab(rgb) {
  const [r, g, b] = rgb.map(srgbToLinear);
  const xyz = [
    0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
    0.2126729 * r + 0.7151522 * g + 0.072175 * b,
    0.0193339 * r + 0.119192 * g + 0.9503041 * b,
  ];
  const [fx, fy, fz] = xyz.map((v, i) => {
    const t = v / D65[i];
    return t > LAB_EPS ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29;
  });
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

const DEG = Math.PI / 180;
const POW25_7 = 25 ** 7;

/** Hue angle in degrees, [0, 360); 0 for a neutral colour. */
function hueDegrees(b, a) {
  if (a === 0 && b === 0) return 0;
  const h = Math.atan2(b, a) / DEG;
  return h < 0 ? h + 360 : h;
}

/** CIEDE2000 difference of two Lab colours (kL = kC = kH = 1), after Sharma et al.'s notes. */
export function ciede2000(lab1, lab2) {
  const [L1, a1, b1] = lab1;
  const [L2, a2, b2] = lab2;
  const Cab = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cab ** 7 / (Cab ** 7 + POW25_7)));
  const a1p = (1 + G) * a1;
  const a2p = (1 + G) * a2;
  const C1 = Math.hypot(a1p, b1);
  const C2 = Math.hypot(a2p, b2);
  const h1 = hueDegrees(b1, a1p);
  const h2 = hueDegrees(b2, a2p);
  const dL = L2 - L1;
  const dC = C2 - C1;
  let dh = 0;
  if (C1 * C2 !== 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(C1 * C2) * Math.sin((dh / 2) * DEG);
  const Lm = (L1 + L2) / 2;
  const Cm = (C1 + C2) / 2;
  let hm = h1 + h2;
  if (C1 * C2 !== 0) {
    if (Math.abs(h1 - h2) <= 180) hm = (h1 + h2) / 2;
    else hm = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
  }
  const T =
    1 -
    0.17 * Math.cos((hm - 30) * DEG) +
    0.24 * Math.cos(2 * hm * DEG) +
    0.32 * Math.cos((3 * hm + 6) * DEG) -
    0.2 * Math.cos((4 * hm - 63) * DEG);
  const dTheta = 30 * Math.exp(-(((hm - 275) / 25) ** 2));
  const RC = 2 * Math.sqrt(Cm ** 7 / (Cm ** 7 + POW25_7));
  const SL = 1 + (0.015 * (Lm - 50) ** 2) / Math.sqrt(20 + (Lm - 50) ** 2);
  const SC = 1 + 0.045 * Cm;
  const SH = 1 + 0.015 * Cm * T;
  const RT = -Math.sin(2 * dTheta * DEG) * RC;
  const l = dL / SL;
  const c = dC / SC;
  const hh = dH / SH;
  return Math.sqrt(l * l + c * c + hh * hh + RT * c * hh);
}

/** Machado et al. (2009), Table 1 at severity 1.0: linear RGB -> linear RGB as the dichromat sees it. */
export const DICHROMACY = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** The vision types the palette is checked under: normal and the three dichromacies. */
export const VISIONS = ['normal', ...Object.keys(DICHROMACY)];

/** [r, g, b] (0-255) as seen with `vision` ('normal' or a key of DICHROMACY). */
export function simulate(rgb, vision) {
  if (vision === 'normal') return rgb.slice();
  const m = DICHROMACY[vision];
  if (!m) throw new Error(`unknown vision ${vision}`);
  const lin = rgb.map(srgbToLinear);
  return m.map((row) => linearToSrgb(row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]));
}

/** CIEDE2000 between two sRGB colours as seen with `vision`. */
export function distance(rgb1, rgb2, vision = 'normal') {
  return ciede2000(rgbToLab(simulate(rgb1, vision)), rgbToLab(simulate(rgb2, vision)));
}

/** WCAG 2 relative luminance of an sRGB colour (the standard's 0.03928 threshold). */
export function relativeLuminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio (1 to 21). */
export function contrastRatio(rgb1, rgb2) {
  const [hi, lo] = [relativeLuminance(rgb1), relativeLuminance(rgb2)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The closest pair among colours as seen with `vision`: { d, i, j } (CIEDE2000), over the
 * first n colours (all by default).
 */
export function closestPair(colors, vision = 'normal', n = colors.length) {
  const labs = colors.slice(0, n).map((c) => rgbToLab(simulate(c, vision)));
  let best = { d: Infinity, i: -1, j: -1 };
  for (let i = 0; i < labs.length; i += 1)
    for (let j = i + 1; j < labs.length; j += 1) {
      const d = ciede2000(labs[i], labs[j]);
      if (d < best.d) best = { d, i, j };
    }
  return best;
}
