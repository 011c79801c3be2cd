#!/usr/bin/env node
// Picks the ten class colours of web/src/views/palette.js (CLASS_COLORS) and prints them with
// their closest pairs. A dev tool only: the page uses the committed list, and
// tests/node/palette.test.js checks the properties it was picked for.
//
//     node tools/pick-class-colors.mjs
//
// How: every sRGB colour on a 5-step grid that has 3:1 contrast on white (WCAG's minimum for
// graphics), L* >= 35 (its region tint stays coloured and the points' dark outline shows) and
// a chroma C*ab >= 30 (a colour, not a grey) is a candidate. Class 0 stays the playground's
// blue (#0072B2) and class 1 a darker orange than Okabe-Ito's (#D97800, 3.2:1 on white where
// #E69F00 has 2.3:1). Then, greedily, the next class is the candidate whose smallest
// difference to the classes already chosen is largest, where a difference is the smallest
// CIEDE2000 among normal vision, protanopia, deuteranopia and tritanopia (Machado et al. 2009)
// of the colours themselves and (times 1.5) of their region tints. So each prefix - the
// colours of 3, 5 or 8 classes - is as far apart as this greedy order gets it.
import { VISIONS, ciede2000, contrastRatio, rgbToLab, simulate } from '../web/src/views/color-vision.js';
import { TINT_STRENGTH, hexToRgb } from '../web/src/views/palette.js';

const FIXED = ['#0072B2', '#D97800'];
const COUNT = 10;
const STEP = 5;
const TINT_WEIGHT = 1.5;
const WHITE = [255, 255, 255];

const toHex = (rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('').toUpperCase()}`;
const tint = (rgb) => rgb.map((v) => 255 + (v - 255) * TINT_STRENGTH);
const seen = (rgb) => ({
  rgb,
  labs: VISIONS.map((v) => rgbToLab(simulate(rgb, v))),
  tints: VISIONS.map((v) => rgbToLab(simulate(tint(rgb), v))),
});

function difference(a, b) {
  let d = Infinity;
  for (let v = 0; v < VISIONS.length; v += 1) {
    d = Math.min(d, ciede2000(a.labs[v], b.labs[v]), TINT_WEIGHT * ciede2000(a.tints[v], b.tints[v]));
  }
  return d;
}

const candidates = [];
for (let r = 0; r < 256; r += STEP)
  for (let g = 0; g < 256; g += STEP)
    for (let b = 0; b < 256; b += STEP) {
      const rgb = [r, g, b];
      if (contrastRatio(rgb, WHITE) < 3) continue;
      const [L, A, B] = rgbToLab(rgb);
      if (L >= 35 && Math.hypot(A, B) >= 30) candidates.push(seen(rgb));
    }

const chosen = FIXED.map((h) => seen(hexToRgb(h)));
while (chosen.length < COUNT) {
  let best = null;
  let bestD = -1;
  for (const c of candidates) {
    let d = Infinity;
    for (const o of chosen) {
      d = Math.min(d, difference(c, o));
      if (d <= bestD) break;
    }
    if (d > bestD) {
      bestD = d;
      best = c;
    }
  }
  chosen.push(best);
}

console.log(JSON.stringify(chosen.map((c) => toHex(c.rgb))));
for (const n of [3, 5, 8, 10]) {
  const words = VISIONS.map((v, vi) => {
    let d = Infinity;
    for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) d = Math.min(d, ciede2000(chosen[i].labs[vi], chosen[j].labs[vi]));
    return `${v} ${d.toFixed(1)}`;
  });
  console.log(`first ${n}: smallest CIEDE2000 ${words.join(', ')}`);
}
console.log(`contrast on white: ${chosen.map((c) => contrastRatio(c.rgb, WHITE).toFixed(2)).join(' ')}`);
