// The point edits of a share link, packed (pe=): the added points as integers at the
// precision the page keeps them (coordinates and values in thousandths, classes as they
// are), each column coded against the same column of the previous point (or against the
// column's minimum, whichever is shorter), then the adaptive range coder of range-coder.js
// and base64url. Pure; no DOM.
//
// Bytes: [format = 1] then, range coded: mode (0 deltas, 1 offsets from the minimum, 2 the
// pa= text, for values that are not whole thousandths), the counts, the removed rows (as gaps),
// the added points point by point, and a 24-bit check of the whole. A random click on a
// 600-pixel plot costs about 3 bytes; a point of a drawn stroke about 1 (tests/node/edits-link).
import { IntModel, RangeDecoder, RangeEncoder, fromBase64Url, toBase64Url } from './range-coder.js';

export const PACK_FORMAT = 1;
const SCALE = 1000; // the page rounds coordinates to 3 decimals (url.js roundCoord)
const MAX_UNITS = 2 ** 50; // |value * SCALE| beyond this: the text mode
const MAX_WIDTH = 65; // inputs + target (digits: 64 inputs)
const TEXT_CHARS = '0123456789.-,_e+';

/** A 32-bit FNV-1a hash of a string, as 8 hex digits. */
export function hashText(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The added points as the pa= text: "x,y,t_x,y,t". */
export const pointsText = (added) => added.map((p) => p.join(',')).join('_');

// A 24-bit check of the edits: FNV-1a over the 32-bit halves of every value's float64.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
function checkOf(added, removed) {
  let h = 0x811c9dc5;
  const mix = (v) => {
    f64[0] = v + 0; // -0 is read back as 0
    h = Math.imul(h ^ u32[0], 0x01000193);
    h = Math.imul(h ^ u32[1], 0x01000193);
  };
  mix(added.length);
  for (const p of added) for (const v of p) mix(v);
  mix(removed.length);
  for (const r of removed) mix(r);
  return (h >>> 8) & 0xffffff;
}

const units = (v) => Math.round(v * SCALE);
const exact = (v) => Number.isFinite(v) && Math.abs(v) * SCALE < MAX_UNITS && units(v) / SCALE === v;

// The models of one packing, made when first used (a decoder of a damaged link makes few).
class Models {
  constructor() {
    this.count = new IntModel();
    this.gap = new IntModel(2);
    this.cols = [];
    /** @type {IntModel | undefined} */
    this.clsModel = undefined;
    /** @type {IntModel | undefined} */
    this.minModel = undefined;
    /** @type {IntModel | undefined} */
    this.textModel = undefined;
  }

  col(j) {
    this.cols[j] ??= new IntModel(8);
    return this.cols[j];
  }

  get cls() {
    this.clsModel ??= new IntModel(17);
    return this.clsModel;
  }

  get min() {
    this.minModel ??= new IntModel();
    return this.minModel;
  }

  get text() {
    this.textModel ??= new IntModel(TEXT_CHARS.length + 1);
    return this.textModel;
  }
}

// The context of a delta: the size of the previous delta of the column (strokes move steadily).
const deltaCtx = (prev) => Math.min(7, Math.ceil(Math.log2(prev + 1) / 2));

function encodeWith(mode, added, removed, width, classes) {
  const rc = new RangeEncoder();
  const m = new Models();
  rc.raw(mode, 2);
  rc.int(m.count, added.length);
  rc.int(m.count, width);
  rc.int(m.count, removed.length);
  let last = -1;
  let gap = 1;
  for (const r of removed) {
    rc.int(m.gap, r - last - 1, gap === 0 ? 0 : 1); // runs of neighbouring rows (a brush) cost little
    gap = r - last - 1;
    last = r;
  }
  const sizes = [];
  if (mode === 2) {
    const text = pointsText(added);
    rc.int(m.count, text.length);
    let prev = TEXT_CHARS.length;
    for (const c of text) {
      const k = TEXT_CHARS.indexOf(c);
      rc.int(m.text, k, prev);
      prev = k;
    }
  } else {
    const valueCols = classes ? width - 1 : width;
    const mins = [];
    for (let j = 0; j < valueCols; j += 1) {
      let lo = 0;
      for (const p of added) lo = Math.min(lo, units(p[j]));
      mins.push(lo);
      if (mode === 1) rc.int(m.min, -lo);
    }
    const prev = new Array(width).fill(0);
    const ctx = new Array(width).fill(0);
    for (const p of added) {
      for (let j = 0; j < valueCols; j += 1) {
        const u = units(p[j]);
        if (mode === 1) rc.int(m.col(j), u - mins[j]);
        else {
          const d = u - prev[j];
          rc.sint(m.col(j), d, ctx[j]);
          ctx[j] = deltaCtx(Math.abs(d));
          prev[j] = u;
        }
      }
      if (classes) {
        rc.int(m.cls, p[width - 1], Math.min(prev[width - 1], 16));
        prev[width - 1] = p[width - 1];
      }
      sizes.push(rc.out.length + rc.cacheSize);
    }
  }
  rc.raw(checkOf(added, removed), 24);
  return { bytes: rc.finish(), sizes };
}

/**
 * Packs point edits: added [[x, (y,) t], ...] (values as the page rounds them), removed (sorted
 * unique row indices). shape: { width (inputs + 1), classes (true when t is a class) }.
 * Returns { text (base64url, without the key), sizes } where sizes[k] is about the bytes
 * the first k + 1 added points take (for choosing how many fit; about 4/3 characters each).
 */
export function packEdits(added, removed, { width, classes }) {
  const numeric = added.every((p) => p.every((v, j) => (classes && j === width - 1 ? Number.isInteger(v) && v >= 0 : exact(v))));
  const tries = numeric ? [encodeWith(0, added, removed, width, classes), encodeWith(1, added, removed, width, classes)]
    : [encodeWith(2, added, removed, width, classes)];
  const best = tries.reduce((a, b) => (b.bytes.length < a.bytes.length ? b : a));
  const bytes = new Uint8Array(best.bytes.length + 1);
  bytes[0] = PACK_FORMAT;
  bytes.set(best.bytes, 1);
  return { text: toBase64Url(bytes), sizes: best.sizes };
}

/**
 * Reads pe= text. shape: { width, classes, nClasses, nSamples, maxAdded }. Never throws.
 * Returns { added, removed } or { error } (in words) when the text is damaged: its check
 * fails, it ends early, or a count, class or row is out of range.
 */
export function unpackEdits(text, { width, classes, nClasses = 0, nSamples, maxAdded }) {
  const bytes = fromBase64Url(text);
  if (!bytes || bytes.length < 2) return { error: 'it is not base64url text' };
  if (bytes[0] !== PACK_FORMAT) return { error: `its format ${bytes[0]} is unknown (this page reads ${PACK_FORMAT})` };
  const rc = new RangeDecoder(bytes, 1);
  const m = new Models();
  const ended = () => rc.overrun > 8;
  const mode = rc.raw(2);
  const nAdded = rc.int(m.count);
  const w = rc.int(m.count);
  const nRemoved = rc.int(m.count);
  if (mode === 3) return { error: 'its mode is unknown' };
  if (w !== width || w > MAX_WIDTH) return { error: `its points have ${w} values, this data ${width}` };
  if (nAdded > maxAdded) return { error: `it holds ${nAdded} added points, more than the ${maxAdded} a link may add` };
  if (nRemoved > nSamples) return { error: `it removes ${nRemoved} points of ${nSamples}` };
  const removed = [];
  let last = -1;
  let gap = 1;
  for (let k = 0; k < nRemoved && !ended(); k += 1) {
    gap = rc.int(m.gap, gap === 0 ? 0 : 1);
    const r = last + gap + 1;
    if (r >= nSamples) return { error: `it removes row ${r}, beyond n_samples ${nSamples}` };
    removed.push(r);
    last = r;
  }
  const added = [];
  if (mode === 2) {
    const n = rc.int(m.count);
    if (n > maxAdded * width * 24) return { error: 'its text is too long' };
    let s = '';
    let prev = TEXT_CHARS.length;
    for (let k = 0; k < n && !ended(); k += 1) {
      const c = rc.int(m.text, prev);
      if (c >= TEXT_CHARS.length) return { error: 'its text holds a character a number has not' };
      s += TEXT_CHARS[c];
      prev = c;
    }
    for (const chunk of s ? s.split('_') : []) {
      const p = chunk.split(',').map(Number);
      if (p.length !== width || !p.every(Number.isFinite)) return { error: 'a point of its text could not be read' };
      added.push(p);
    }
  } else {
    const valueCols = classes ? width - 1 : width;
    const mins = [];
    for (let j = 0; j < valueCols; j += 1) mins.push(mode === 1 ? -rc.int(m.min) : 0);
    const prev = new Array(width).fill(0);
    const ctx = new Array(width).fill(0);
    for (let i = 0; i < nAdded && !ended(); i += 1) {
      const p = [];
      for (let j = 0; j < valueCols; j += 1) {
        if (mode === 1) p.push((mins[j] + rc.int(m.col(j))) / SCALE);
        else {
          const d = rc.sint(m.col(j), ctx[j]);
          ctx[j] = deltaCtx(Math.abs(d));
          prev[j] += d;
          p.push(prev[j] / SCALE);
        }
      }
      if (classes) {
        const c = rc.int(m.cls, Math.min(prev[width - 1], 16));
        if (c >= nClasses) return { error: `a point has class ${c}; this data has classes 0 to ${nClasses - 1}` };
        p.push(c);
        prev[width - 1] = c;
      }
      if (!p.every((v) => Number.isFinite(v) && Math.abs(v) * SCALE < MAX_UNITS)) return { error: 'a point lies out of range' };
      added.push(p.map((v) => v + 0));
    }
  }
  if (ended() || added.length !== nAdded) return { error: 'it ends early (cut off?)' };
  if (rc.raw(24) !== checkOf(added, removed)) return { error: 'its check does not match (the text was changed or cut)' };
  return { added, removed };
}
