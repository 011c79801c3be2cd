// "Follow one input" in the share link (issue 14): tr=x,y is the input followed (a position of
// the plane, rounded as the link rounds point edits), or tr=train:N / tr=test:N a sample of the
// data (the training or test row #N, counted from 1 as the page says it: data with more than two
// inputs, a table's row or a digits image); ts=N is the step of its trace shown (trace-steps.js
// stepToLink). In the config: view.trace = null | { point: [x, y], step } |
// { sample: { part: 'train' | 'test', index (from 0) }, step }. Whether a sample's row exists is
// known once the data are (app/trace-follow.js says so then). Pure: no DOM. url.js writes and
// reads these keys through this module.
import { isPlanar } from './queries.js';
import { stepToLink } from './trace-steps.js';

/** The largest step index a link may say (a trace of a 40-layer net has 124 steps). */
export const MAX_TRACE_STEP = 9999;
/** The largest sample number a link may say (a CSV file's rows are limited well below it). */
export const MAX_TRACE_SAMPLE = 99999999;

const POINT_DIGITS = 3;
const round = (v) => Number(v.toFixed(POINT_DIGITS)) + 0; // + 0: no -0
const NUMBER = /^\s*-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;
const short = (s, n = 40) => (s.length > n ? `${s.slice(0, n - 3)}...` : s);
const SAMPLE = /^(train|test):(\d{1,8})$/;
const PARTS = ['train', 'test'];

/** A sample { part, index } made right, or null. */
function normalizeSample(sample) {
  const s = /** @type {any} */ (sample);
  if (!s || !PARTS.includes(s.part) || !Number.isInteger(s.index) || s.index < 0 || s.index >= MAX_TRACE_SAMPLE) return null;
  return { part: s.part, index: s.index };
}

/**
 * A sample's words in the link: "train:12" for { part: 'train', index: 11 } (counted from 1).
 * @param {{ part: string, index: number }} sample
 */
export const sampleToLink = (sample) => `${sample.part}:${sample.index + 1}`;

/**
 * A view.trace value made right: { point: [x, y] rounded as the link writes it, step: a
 * non-negative integer } or { sample: { part, index }, step }, or null when `trace` is not one.
 * @param {unknown} trace
 * @returns {{ point: [number, number], step: number } | { sample: { part: string, index: number }, step: number } | null}
 */
export function normalizeTrace(trace) {
  const t = /** @type {any} */ (trace);
  const step = Number.isInteger(t?.step) && t.step >= 0 ? Math.min(t.step, MAX_TRACE_STEP) : 0;
  if (t && t.sample !== undefined) {
    const sample = normalizeSample(t.sample);
    return sample ? { sample, step } : null;
  }
  if (!t || !Array.isArray(t.point) || t.point.length !== 2 || !t.point.every(Number.isFinite)) return null;
  return { point: [round(t.point[0]), round(t.point[1])], step };
}

/**
 * What is wrong with a config's view.trace, in words, or null when it is null or right.
 * @param {unknown} trace
 */
export function traceProblem(trace) {
  if (trace === null || trace === undefined) return null;
  const t = /** @type {any} */ (trace);
  if (t?.sample !== undefined) {
    if (!normalizeSample(t.sample)) return `the sample followed must be { part: 'train' or 'test', index: an integer from 0 to ${MAX_TRACE_SAMPLE - 1} }`;
  } else if (!Array.isArray(t?.point) || t.point.length !== 2 || !t.point.every(Number.isFinite)) return 'the input followed must be a point [x, y] of finite numbers';
  if (!Number.isInteger(t.step) || t.step < 0 || t.step > MAX_TRACE_STEP) return `the step must be an integer from 0 to ${MAX_TRACE_STEP}`;
  return null;
}

/**
 * The link's parts for a view.trace: ['tr=x,y'] (a sample: 'tr=train:N') and 'ts=N' after it
 * when the step is not the first; [] when nothing is followed.
 * @param {unknown} trace
 * @returns {string[]}
 */
export function encodeTrace(trace) {
  const t = normalizeTrace(trace);
  if (!t) return [];
  const what = 'sample' in t ? sampleToLink(t.sample) : t.point.join(',');
  return [`tr=${what}`, ...(t.step > 0 ? [`ts=${stepToLink(t.step)}`] : [])];
}

/**
 * view.trace from a link's tr= and ts= (byKey: the link's keys and values), or null. What
 * cannot be used is said in `ignored` ("Ignored tr=...: ..."). Never throws.
 * @param {Map<string, string>} byKey
 * @param {object} config the link's config so far (its data decide whether a point can be followed)
 * @param {string[]} ignored
 */
export function decodeTrace(byKey, config, ignored) {
  const tr = byKey.get('tr');
  const ts = byKey.get('ts');
  if (tr === undefined) {
    if (ts !== undefined) ignored.push(`Ignored ts=${short(ts, 10)}: it is the step of a followed input, and the link follows none (tr=).`);
    return null;
  }
  // The step, read once the input is known to be usable (a bad tr= says only that).
  const stepOf = () => {
    if (ts === undefined || /^\d{1,4}$/.test(ts)) return ts === undefined ? 0 : Number(ts);
    ignored.push(`Ignored ts=${short(ts, 10)}: the step must be an integer from 0 to ${MAX_TRACE_STEP}.`);
    return 0;
  };
  const sample = SAMPLE.exec(tr.trim());
  if (sample) {
    if (Number(sample[2]) >= 1) return normalizeTrace({ sample: { part: sample[1], index: Number(sample[2]) - 1 }, step: stepOf() });
    ignored.push(`Ignored tr=${short(tr)}: samples are counted from 1 (tr=${sample[1]}:1 is the first).`);
    return null;
  }
  const parts = tr.split(',');
  const point = parts.map((s) => (NUMBER.test(s) ? Number(s) : NaN));
  if (point.length !== 2 || !point.every(Number.isFinite)) {
    ignored.push(`Ignored tr=${short(tr)}: the input to follow must be x,y (two numbers), or train:N or test:N (a sample of the data).`);
    return null;
  }
  if (!isPlanar(config)) {
    ignored.push(`Ignored tr=${short(tr)}: only a point of the plane can be followed, and this data has more inputs (a sample of it is tr=train:N or tr=test:N).`);
    return null;
  }
  return normalizeTrace({ point, step: stepOf() });
}
