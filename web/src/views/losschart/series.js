// The loss chart's series: the ones it knows (names, panels, colours) and their one shape,
// with the look-up a hover makes. Pure: no canvas.
//
// A series is either an array (or typed array) with the value of epoch i + 1 at index i, where
// missing epochs may be NaN/undefined/null (lines join across them), or { epochs, values } for
// values sampled at some epochs (epochs increasing).

const TRAIN = '#0072B2';
const TEST = '#D55E00';
const VALIDATION = '#009E73';
/** The colour of the vertical markers (where fit() stops). */
export const MARKER = '#6b4f9e';

/** The series the chart knows, in legend order. */
export const SERIES = [
  { key: 'lossCurve', label: 'train', panel: 'loss', color: TRAIN, dash: null },
  { key: 'trainLosses', label: 'train (full pass)', panel: 'loss', color: TRAIN, dash: [5, 3] },
  { key: 'testLosses', label: 'test', panel: 'loss', color: TEST, dash: null },
  { key: 'trainScores', label: 'train', panel: 'score', color: TRAIN, dash: null },
  { key: 'testScores', label: 'test', panel: 'score', color: TEST, dash: null },
  { key: 'validationScores', label: 'validation', panel: 'score', color: VALIDATION, dash: null },
];

/** The series' full name, as the tooltip says it: "train loss", "test accuracy". */
export const seriesLabel = (spec, scoreName) => `${spec.label} ${spec.panel === 'score' ? scoreName : 'loss'}`;

/**
 * A series in one shape: { epochs (null: epoch = index + 1), values, n, count (finite values),
 * min, max, minPositive, lastIndex, lastEpoch, lastValue }, or null when it has no finite value.
 */
export function normalizeSeries(input) {
  if (!input) return null;
  let epochs = null;
  let values = input;
  if (!Array.isArray(input) && !ArrayBuffer.isView(input)) {
    if (!input.values) return null;
    values = input.values;
    epochs = input.epochs ?? null;
  }
  // Plain arrays may hold holes, null or strings: one typed copy with NaN for those, so the
  // drawing loops only ever see numbers.
  if (!ArrayBuffer.isView(values)) values = Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN));
  const n = epochs ? Math.min(epochs.length, values.length) : values.length;
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  let last = -1;
  let count = 0;
  for (let i = 0; i < n; i += 1) {
    const v = values[i];
    if (!(v > -Infinity && v < Infinity)) continue; // NaN or infinite
    count += 1;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
    last = i;
  }
  if (!count) return null;
  const lastEpoch = epochs ? epochs[last] : last + 1;
  // Sampled series: the widest gap between samples (how far a hover may look for a value).
  let gap = 1;
  if (epochs) for (let i = 1; i < n; i += 1) gap = Math.max(gap, epochs[i] - epochs[i - 1]);
  return { epochs, values, n, count, min, max, minPositive, lastIndex: last, lastEpoch, lastValue: values[last], gap };
}

/**
 * The finite value nearest to `epoch`, at most `maxDistance` epochs away: { epoch, value } or
 * null. A hover asks for the epoch under the pointer (0 away for a series measured every epoch),
 * never for a value from elsewhere on the curve.
 */
export function valueAt(series, epoch, maxDistance = Infinity) {
  const { epochs, values, n } = series;
  const ok = (i) => i >= 0 && i < n && values[i] > -Infinity && values[i] < Infinity;
  if (!epochs) {
    const exact = Math.round(epoch) - 1;
    const i0 = Number.isFinite(maxDistance) ? exact : Math.max(0, Math.min(n - 1, exact));
    for (let d = 0; d < n && d <= maxDistance; d += 1) {
      if (ok(i0 - d)) return { epoch: i0 - d + 1, value: values[i0 - d] };
      if (ok(i0 + d)) return { epoch: i0 + d + 1, value: values[i0 + d] };
      if (i0 - d < 0 && i0 + d >= n) break;
    }
    return null;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (epochs[mid] < epoch) lo = mid + 1;
    else hi = mid;
  }
  for (let d = 0; d < n; d += 1) {
    const cand = [lo - 1 - d, lo + d].filter(ok);
    if (cand.length) {
      const i = cand.reduce((a, b) => (Math.abs(epochs[a] - epoch) <= Math.abs(epochs[b] - epoch) ? a : b));
      return Math.abs(epochs[i] - epoch) <= maxDistance ? { epoch: epochs[i], value: values[i] } : null;
    }
    if (lo - 1 - d < 0 && lo + d >= n) break;
  }
  return null;
}
