// The colours of the test set's confusion matrix: a cell's shade by its share of the row, with
// text that stays readable (WCAG contrast 4.5:1).
import { INK, INK_MUTED } from '../canvas-util.js';
import { mixRgb, rgbCss } from '../palette.js';

const WHITE = [255, 255, 255];
/** Full-row shades of the confusion cells: dark enough for white text at 4.5:1. */
const HIT_RGB = [24, 86, 150];
const MISS_RGB = [166, 54, 3];
const INK_RGB = [31, 35, 40];

/** WCAG relative luminance of an [r, g, b] colour (0-255). */
function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two [r, g, b] colours. */
export function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colours of a confusion cell holding `count` of its row's `rowTotal` samples: { background,
 * color } as CSS strings, or null background for an empty cell. Blue on the diagonal (right),
 * orange-red off it (wrong); the share of the row sets the depth, through a square root so
 * that a few errors in a big row still show. Mid-depth colours where neither dark nor white
 * text would reach 4.5:1 are skipped: the shade deepens until white text does.
 */
export function cellShade(count, rowTotal, diagonal) {
  if (!(count > 0 && rowTotal > 0)) return { background: null, color: count > 0 ? rgbCss(INK_RGB) : INK_MUTED };
  const target = diagonal ? HIT_RGB : MISS_RGB;
  // Rounded as CSS will show it, so the contrast checks see the colour actually drawn.
  const shadeAt = (t) => mixRgb(WHITE, target, t).map(Math.round);
  let depth = 0.12 + 0.88 * Math.sqrt(Math.min(1, count / rowTotal));
  let rgb = shadeAt(depth);
  if (contrastRatio(rgb, INK_RGB) >= 4.5) return { background: rgbCss(rgb), color: INK };
  while (contrastRatio(rgb, WHITE) < 4.5 && depth < 1) {
    depth = Math.min(1, depth + 0.02);
    rgb = shadeAt(depth);
  }
  return { background: rgbCss(rgb), color: '#ffffff' };
}
