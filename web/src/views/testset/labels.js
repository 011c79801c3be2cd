// The test-set view's words and axes: its headings, the PCA plot's axis titles and the shared
// range of the predicted-against-true plot's axes.

export const DASH = '\u2014';

/** An axis title: "PC1 (73% of variance)"; one decimal under 10 %. */
export function varianceLabel(index, explained) {
  const pct = Math.max(0, explained) * 100;
  return `PC${index + 1} (${pct.toFixed(pct < 10 ? 1 : 0)}% of variance)`;
}

/** The summary line above the tables. */
export function testSetHeading(nSamples, accuracy) {
  const a = Number.isFinite(accuracy) ? accuracy.toFixed(3) : DASH;
  return `Test set: ${nSamples} sample${nSamples === 1 ? '' : 's'} \u00b7 accuracy ${a}`;
}

/** The summary line above the regression scores: "Test set: 30 samples · R² 0.912". */
export function regressionHeading(nSamples, r2) {
  const a = Number.isFinite(r2) ? r2.toFixed(3) : DASH;
  return `Test set: ${nSamples} sample${nSamples === 1 ? '' : 's'} \u00b7 R\u00b2 ${a}`;
}

/**
 * The [lo, hi] range both axes of the predicted-against-true plot share: the smallest and
 * largest finite value of either array, padded by 5 % of the span on each side. A single
 * value v gets v +- 10 % of |v| (+-1 for 0); no finite values give [-1, 1].
 */
export function sharedRange(a, b = null) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of [a, b]) {
    if (!values) continue;
    for (let i = 0; i < values.length; i += 1) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) return [-1, 1];
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
  // A pad lost to rounding (subnormal values) would leave an empty range to divide by.
  return lo - pad < hi + pad ? [lo - pad, hi + pad] : [lo - 1, hi + 1];
}
