// The share link: the whole config in the query string. Pure: no DOM.
//
// encode(config) writes v=2 and only what differs from the defaults of the
// config's dataset (state/dataset-defaults.js: ?v=2&g=spirals is spirals with
// spirals' noise), under the short keys of the PARAMS table, in table order (so a
// link is stable). The dataset itself is written when it is not moons.
// decode(search) never throws: it loads what it can read and lists, in words,
// what it ignored. Links of format 1 and links without a version mean what they
// always meant: their missing values are the page's DEFAULTS, whatever the
// dataset (?v=1&g=spirals has noise 0.2). The long scikit-learn names work too.
//
// The short keys are the link's format, and every key once written is still read: the
// decoded config always uses the page's one vocabulary (scikit-learn's names: data.random_state,
// data.test_size, ...). Names a link may use besides a key: the control's id, its path's last
// part, its label, its former ids (ds: data_random_state, data_seed, seed, 'random_state (data)';
// tf: test_size, test_fraction, testFraction); show= and lock= read the former ids too
// (data_seed, test_fraction, features, stop_at_fit, show_test, log_scale) as the controls they
// now name. tests/fixtures/old-links.json holds
// links decoded before the rename, which must keep giving the same config.
//
// Point edits: pa = added points "x,y,t_x,y,t" (t: class or target value; 1-D
// data: "x,t"), pr = removed rows (indices into the generated train+test rows,
// sorted, as base-36 gaps "3.a.1"); or both packed into pe (state/edits-link.js), which
// encode writes when it is shorter (from a few points on: 3 to 4 characters a point
// instead of 15 to 20).
//
// Links stay under MAX_LINK_LENGTH characters (many servers refuse longer request lines,
// HTTP 414 or 431). What does not fit is left out, oldest pinned runs first, then the last
// added points, and the link says so: lo=ADDED.REMOVED.PINS.KEY counts what was left out;
// KEY is hashText of everything the full link would carry (the page keeps that in the tab,
// app/link-keeper.js, and finds it again on a reload by KEY).
//
// Pinned runs: pin = up to MAX_PINS runs joined by "~", each "label!loss!boundary": loss as
// "epoch,value,epoch,value,..." (3 significant digits), the boundary as polylines in data
// units joined by "_", each "x,y,x,y,..." (2 decimals).
//
// Follow one input: tr=x,y (the position followed, rounded as point edits are) and ts=N (the
// step of its trace shown), read and written by state/trace-link.js. Tune's search: tu=... (state/tune-link.js).
import {
  CONTROL_IDS,
  FORMER_IDS,
  PANEL_IDS,
  DEFAULTS,
  FORMAT_VERSION,
  PARAMS,
  checkValue,
  defaultConfig,
  formatValue,
  getPath,
  nClassesOf,
  nFeaturesOf,
  parseValue,
  sameValue,
  setPath,
  taskOf,
} from './config.js';
import { defaultConfigFor, withDatasetDefaults } from './dataset-defaults.js';
import { hashText, packEdits, pointsText, unpackEdits } from './edits-link.js';
import { lessonById } from './lessons.js';
import { decodeTrace, encodeTrace } from './trace-link.js';
import { decodeTune, encodeTune } from './tune-link.js';

const POINT_DIGITS = 3;
/** The most added points (and removed rows) a link may carry. */
export const MAX_EDITS = 100000;
/** The longest link the page writes, in characters, address included (under 8 KB). */
export const MAX_LINK_LENGTH = 8000;
/** What a link's address (origin and path) is assumed to take when the caller does not say. */
const DEFAULT_PREFIX = 300;
export const MAX_PINS = 3;
const MAX_PIN_SAMPLES = 200; // loss samples per pinned run
const MAX_PIN_LINES = 12; // boundary polylines per pinned run
const MAX_PIN_POINTS = 400; // boundary points per pinned run

/** A coordinate rounded as the link stores it (the page rounds added points at once, so a link reproduces them). */
export const roundCoord = (v) => Number(v.toFixed(POINT_DIGITS)) + 0; // + 0: no -0

// Characters that need no escaping in a query value (RFC 3986 unreserved, plus , which we use).
const escape = (s) => encodeURIComponent(s).replace(/%2C/gi, ',');

function encodePoints(added) {
  return added.map((p) => p.map((v) => String(roundCoord(v))).join(',')).join('_');
}

function encodeRemoved(removed) {
  const sorted = [...new Set(removed)].sort((a, b) => a - b);
  let last = -1;
  return sorted.map((i) => {
    const gap = i - last - 1;
    last = i;
    return gap.toString(36);
  }).join('.');
}

/** The largest epoch a link may ask the page to train to (ep=). */
export const MAX_LINK_EPOCHS = 1e6;

/** The shape of a point of config's data for pe=: { width, classes, nClasses, nSamples }. */
function pointShape(config) {
  const nClasses = nClassesOf(config);
  return { width: nFeaturesOf(config) + 1, classes: nClasses !== null, nClasses: nClasses ?? 0, nSamples: config.data.n_samples };
}

/** The query parts of point edits: pa and pr, or pe when shorter. Returns { parts, length, sizes }. */
function editParts(config, added, removed) {
  const shape = pointShape(config);
  // pa text takes 12 to 20 characters a point, pe 1 to 5: only a few edits can be shorter as text.
  const few = added.length + removed.length <= 64;
  const text = [];
  if (few || !(shape.width >= 2)) {
    if (added.length) text.push(`pa=${escape(encodePoints(added))}`);
    if (removed.length) text.push(`pr=${encodeRemoved(removed)}`);
  }
  const textLength = text.reduce((n, t) => n + t.length + 1, 0);
  if ((few && !text.length) || !(shape.width >= 2)) return { parts: text, length: textLength, sizes: null };
  const packed = packEdits(added, [...new Set(removed)].sort((a, b) => a - b), shape);
  if (few && textLength <= packed.text.length + 4) return { parts: text, length: textLength, sizes: packed.sizes };
  return { parts: [`pe=${packed.text}`], length: packed.text.length + 4, sizes: packed.sizes };
}

/** The key of everything a full link carries (edits and pins): lo='s KEY, the tab's memory's too. */
export function keepKey(config) {
  const { added = [], removed = [] } = config.data.edits ?? {};
  return hashText(`${pointsText(added)}|${[...removed].join('.')}|${(config.pins ?? []).slice(-MAX_PINS).map(encodePin).join('~')}`);
}

/**
 * The query string (without '?') for config. options.epochs: the epoch the run shown has
 * reached (ep=, at the end): opening the link trains to it, so the link gives the same run.
 * options.prefix: the length of what goes before the query (origin, path and '?'); the link
 * stays within MAX_LINK_LENGTH (see encodeLink).
 */
export function encode(config, options = {}) {
  return encodeLink(config, options).query;
}

/**
 * encode, and what it left out: { query, length (of the whole link, prefix included), left }
 * where left is null when the link carries everything, else { added, removed, pins } (how many
 * of each were left out), total ({ added, removed, pins } in the config) and key (keepKey).
 */
export function encodeLink(config, { epochs = 0, prefix = DEFAULT_PREFIX } = {}) {
  const head = [`v=${FORMAT_VERSION}`];
  const own = defaultConfigFor(config.data.generator);
  for (const p of PARAMS) {
    const value = getPath(config, p.path);
    // The dataset against the page's default one; everything else against the dataset's defaults.
    const reference = getPath(p.id === 'generator' ? DEFAULTS : own, p.path);
    if (value === undefined || sameValue(value, reference)) continue;
    head.push(`${p.key}=${escape(formatValue(p, value))}`);
  }
  // The lesson's step, then the input followed and its step (tr=, ts=: trace-link.js).
  const lesson = [...(config.lesson ? [`lesson=${escape(config.lesson.id)}&step=${config.lesson.step}`] : []), ...encodeTrace(config.view?.trace), ...encodeTune(config.view?.tune)];
  const tail = [];
  const e = config.embed ?? {};
  if (e.enabled) tail.push('embed=1');
  if (e.show?.length) tail.push(`show=${e.show.map(escape).join(',')}`);
  if (e.lock?.length) tail.push(`lock=${e.lock.map(escape).join(',')}`);
  if (e.autoplay) tail.push('autoplay=1');
  if (Number.isSafeInteger(epochs) && epochs > 0 && epochs <= MAX_LINK_EPOCHS) tail.push(`ep=${epochs}`);

  const { added = [], removed = [] } = config.data.edits ?? {};
  const pins = (config.pins ?? []).slice(-MAX_PINS);
  const pinText = pins.map(encodePin);
  const compose = (edits, nPins, lo) => [...head, ...edits, ...lesson,
    ...(nPins ? [`pin=${escape(pinText.slice(pins.length - nPins).join('~'))}`] : []), ...tail, ...(lo ? [lo] : [])].join('&');
  const budget = MAX_LINK_LENGTH - prefix;
  const full = editParts(config, added, removed);
  let query = compose(full.parts, pins.length, '');
  if (query.length <= budget) return { query, length: prefix + query.length, left: null };

  // Too long: say what is left out (lo=, its longest form), then drop pins, then points.
  const total = { added: added.length, removed: removed.length, pins: pins.length };
  const key = keepKey(config);
  const loOf = (a, r, p) => `lo=${a}.${r}.${p}.${key}`;
  const loRoom = loOf(total.added, total.removed, total.pins).length + 1;
  const fits = (q) => q.length + loRoom <= budget;
  let nPins = pins.length;
  while (nPins > 0 && !fits(compose(full.parts, nPins, ''))) nPins -= 1;
  let edits = full;
  let nAdded = added.length;
  let nRemoved = removed.length;
  if (!fits(compose(full.parts, nPins, ''))) {
    // The sizes of the packed prefixes give a first guess; then step down until it fits.
    const room = budget - loRoom - compose([], nPins, '').length - 4;
    const sizes = full.sizes ?? [];
    nAdded = 0;
    while (nAdded < sizes.length && Math.ceil(((sizes[nAdded] + 8) * 4) / 3) <= room) nAdded += 1;
    for (;;) {
      edits = editParts(config, added.slice(0, nAdded), removed);
      if (fits(compose(edits.parts, nPins, '')) || nAdded === 0) break;
      nAdded = Math.max(0, Math.floor(nAdded * 0.97) - 1);
    }
    if (!fits(compose(edits.parts, nPins, ''))) {
      nRemoved = 0;
      edits = { parts: [], length: 0, sizes: [] };
    }
  }
  const left = { added: total.added - nAdded, removed: total.removed - nRemoved, pins: total.pins - nPins };
  query = compose(edits.parts, nPins, loOf(left.added, left.removed, left.pins));
  return { query, length: prefix + query.length, left: { ...left, total, key } };
}

/** A pin's label as a link can carry it: no separators, at most 60 characters. */
export const pinLabel = (text) => String(text ?? '').replace(/[!~]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60);

/**
 * What sets a pinned run apart from the current one: the words of its label that the current
 * run's label lacks ("(8,8) relu adam lr=0.01" against "(8,8) tanh adam lr=0.01" gives "relu").
 * The whole label when no word differs (the data changed, say).
 */
export function pinDifference(label, current) {
  const now = new Set(String(current ?? '').split(' '));
  const own = String(label ?? '').split(' ').filter((w) => w && !now.has(w));
  return own.length ? own.join(' ') : label;
}

function encodePin(pin) {
  const loss = [];
  pin.loss.epochs.forEach((e, k) => loss.push(e, Number(pin.loss.values[k].toPrecision(3))));
  const ghost = (pin.ghost ?? []).map((line) => line.map((v) => Number(v.toFixed(2)) + 0).join(',')).join('_');
  return `${pinLabel(pin.label)}!${loss.join(',')}!${ghost}`;
}

function decodePins(text, ignored) {
  const pins = [];
  const parts = text.split('~');
  if (parts.length > MAX_PINS) ignored.push(`Ignored ${parts.length - MAX_PINS} pinned run${parts.length - MAX_PINS > 1 ? 's' : ''} beyond the first ${MAX_PINS}.`);
  parts.slice(0, MAX_PINS).forEach((part, n) => {
    const [label = '', lossText = '', ghostText = ''] = part.split('!');
    const nums = (t) => (t ? t.split(',').map((v) => (v.trim() === '' ? NaN : Number(v))) : []);
    const loss = nums(lossText);
    const epochs = [];
    const values = [];
    let ok = loss.length >= 2 && loss.length % 2 === 0 && loss.length / 2 <= MAX_PIN_SAMPLES;
    for (let k = 0; ok && k < loss.length; k += 2) {
      ok = Number.isInteger(loss[k]) && loss[k] >= 1 && (!epochs.length || loss[k] > epochs.at(-1)) && Number.isFinite(loss[k + 1]);
      epochs.push(loss[k]);
      values.push(loss[k + 1]);
    }
    const ghost = ghostText ? ghostText.split('_').map(nums) : [];
    const points = ghost.reduce((sum, line) => sum + line.length / 2, 0);
    const ghostOk = ghost.length <= MAX_PIN_LINES && points <= MAX_PIN_POINTS &&
      ghost.every((line) => line.length >= 4 && line.length % 2 === 0 && line.every(Number.isFinite));
    if (!ok || !ghostOk) {
      ignored.push(`Ignored pinned run ${n + 1} (${short(label || part, 30)}): its ${ok ? 'boundary' : 'loss curve'} could not be read.`);
      return;
    }
    pins.push({ label: pinLabel(label) || `run ${n + 1}`, loss: { epochs, values }, ghost });
  });
  return pins;
}

/**
 * The names a link may use for a parameter: its short key first, then the long ones. Its path's
 * last part only when no other control has it as its id (data.random_state's is the model's
 * random_state).
 */
function namesOf(p) {
  const leaf = p.path.split('.').pop();
  const own = leaf === p.id || !CONTROL_IDS.includes(leaf);
  return [...new Set([p.key, p.id, ...(own ? [leaf] : []), p.label, ...(p.formerIds ?? []), ...(p.aliases ?? [])])];
}

const short = (s, n = 40) => (s.length > n ? `${s.slice(0, n - 3)}...` : s);

/** The added points of pa= text ("x,y,t_x,y,t"), checked by checkPoints. */
function decodePoints(text, config, ignored) {
  const points = text.split(/[_;|~]/).filter(Boolean)
    .map((chunk) => chunk.split(',').map((s) => (/^\s*-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(s) ? Number(s) : NaN)));
  return checkPoints(points, config, ignored);
}

/**
 * The points (arrays of numbers) that fit config's data, rounded as the page rounds them: as
 * many values as inputs + 1, all finite, a class in range. The others are counted in ignored.
 */
export function checkPoints(points, config, ignored) {
  const width = nFeaturesOf(config) + 1;
  const nClasses = nClassesOf(config);
  const added = [];
  let bad = 0;
  let over = 0;
  for (const p of points) {
    const labelOk = nClasses === null || (Number.isInteger(p[width - 1]) && p[width - 1] >= 0 && p[width - 1] < nClasses);
    if (added.length >= MAX_EDITS) over += 1;
    else if (!Array.isArray(p) || p.length !== width || !p.every(Number.isFinite) || !labelOk) bad += 1;
    else added.push(p.map(roundCoord));
  }
  if (over) ignored.push(`Ignored ${over} added point${over > 1 ? 's' : ''} beyond the first ${MAX_EDITS} (the most a link may add).`);
  if (bad) {
    const what = taskOf(config) === 'classification' ? `x,y,class with class 0 to ${nClasses - 1}` : width === 2 ? 'x,value' : 'x,y,value';
    ignored.push(`Ignored ${bad} added point${bad > 1 ? 's' : ''} that could not be read (each must be ${what}).`);
  }
  return added;
}

/** The removed rows that fit config's data: sorted, unique, below n_samples (the others counted in ignored). */
export function checkRemoved(rows, config, ignored) {
  const ok = [...new Set(rows)].filter((r) => Number.isSafeInteger(r) && r >= 0 && r < config.data.n_samples).sort((a, b) => a - b);
  const bad = rows.length - ok.length;
  if (bad) ignored.push(`Ignored ${bad} removed point${bad > 1 ? 's' : ''} that could not be read or lie beyond n_samples.`);
  return ok.slice(0, MAX_EDITS);
}

/** What lo= says was left out of a link: { added, removed, pins, key }, or null when it cannot be read. */
function decodeLeft(text) {
  const m = /^(\d{1,7})\.(\d{1,7})\.(\d)\.([0-9a-f]{8})$/.exec(text);
  if (!m) return null;
  return { added: Number(m[1]), removed: Number(m[2]), pins: Number(m[3]), key: m[4] };
}

function decodeRemoved(text, config, ignored) {
  const removed = [];
  let last = -1;
  let bad = 0;
  for (const gapText of text.split(/[.,_]/).filter(Boolean)) {
    const gap = /^[0-9a-z]+$/i.test(gapText) ? parseInt(gapText, 36) : NaN;
    const i = last + gap + 1;
    if (!Number.isSafeInteger(gap) || i >= config.data.n_samples || removed.length >= MAX_EDITS) {
      bad += 1;
      continue;
    }
    removed.push(i);
    last = i;
  }
  if (bad) ignored.push(`Ignored ${bad} removed point${bad > 1 ? 's' : ''} that could not be read or lie beyond n_samples.`);
  return removed;
}

function decodeIdList(name, text, ignored) {
  // A former id (data_seed, test_fraction) names the control it became.
  const ids = text.split(/[,\s]+/).filter(Boolean).map((id) => (Object.hasOwn(FORMER_IDS, id) ? FORMER_IDS[id] : id));
  // show= may name panels too (plane, loss, network, lesson); lock= only controls.
  const known = name === 'show' ? [...CONTROL_IDS, ...PANEL_IDS] : CONTROL_IDS;
  const unknown = ids.filter((id) => !known.includes(id));
  const what = name === 'show' ? 'control or panel' : 'control';
  if (unknown.length) ignored.push(`Ignored unknown ${what}${unknown.length > 1 ? 's' : ''} in ${name}: ${unknown.map((u) => short(u, 20)).join(', ')}.`);
  return [...new Set(ids.filter((id) => known.includes(id)))];
}

/**
 * True when a link's version (the text of v=, or undefined) writes values relative to the
 * dataset's own defaults: format 2 and any newer one. Format 1, no version, and versions that
 * never existed (v=0, v=abc) are read as format 1 was, against the page's DEFAULTS.
 */
export function isDatasetRelative(version) {
  if (version === undefined || !/^\s*\d+\s*$/.test(version)) return false;
  return Number(version) >= 2;
}

const KNOWN_VERSIONS = ['1', String(FORMAT_VERSION)];

/**
 * Reads a query string (with or without '?', or a URLSearchParams).
 * Returns { config, ignored: [messages], epochs, left } (epochs: the ep= to train to, 0 if none;
 * left: what the link's writer left out, lo=, as { added, removed, pins, key }, or null). Never throws.
 */
export function decode(search) {
  const ignored = [];
  let config = defaultConfig();
  let epochs = 0;
  let left = null;
  let entries;
  try {
    const params = search instanceof URLSearchParams ? search : new URLSearchParams(String(search ?? '').replace(/^[?#]/, ''));
    entries = [...params.entries()];
  } catch {
    return { config, ignored: ['The link could not be read; the defaults are loaded.'], epochs, left };
  }
  try {
    const byKey = new Map();
    for (const [k, v] of entries) {
      if (k === '') continue; // stray & or = in a pasted link
      if (byKey.has(k)) ignored.push(`Ignored a repeated ${short(k, 20)}=${short(v)} (the first one is used).`);
      else byKey.set(k, v);
    }
    const version = byKey.get('v');
    const relative = isDatasetRelative(version);
    // Missing values: the dataset's defaults (format 2), or the page's whatever the dataset (format 1).
    const fallback = () => (relative ? defaultConfigFor(config.data.generator) : DEFAULTS);
    if (relative) config = withDatasetDefaults(config);
    if (version !== undefined && !KNOWN_VERSIONS.includes(version)) {
      const n = Number(version);
      ignored.push(Number.isInteger(n) && n > FORMAT_VERSION
        ? `This link was made by a newer version of the playground (v=${short(version, 10)}); what could be read is loaded.`
        : `Unknown link version v=${short(version, 10)}; what could be read is loaded.`);
    }
    // The dataset first: the other values are checked against it (noise range, point width).
    const ordered = [...PARAMS].sort((a, b) => (a.id === 'generator' ? -1 : b.id === 'generator' ? 1 : a.id === 'n_samples' ? -1 : 0));
    const seen = new Set();
    for (const p of ordered) {
      const names = namesOf(p).filter((k) => byKey.has(k));
      if (!names.length) continue;
      const name = names[0];
      for (const n of names) seen.add(n);
      if (names.length > 1) ignored.push(`Ignored ${names.slice(1).join(', ')}: ${p.label} is given as ${name} already.`);
      const text = byKey.get(name);
      const { value, error } = parseValue(p, text, config);
      if (error) ignored.push(`Ignored ${name}=${short(text)}: ${error}.`);
      else config = setPath(config, p.path, value);
      // The dataset comes first: the values that follow overwrite its defaults.
      if (p.id === 'generator' && relative) config = withDatasetDefaults(config);
    }
    // Values read before the dataset's range was known are checked again.
    for (const p of PARAMS) {
      const error = checkValue(p, getPath(config, p.path), config);
      if (error) {
        ignored.push(`Ignored ${p.key}: ${error}.`);
        config = setPath(config, p.path, getPath(fallback(), p.path));
      }
    }
    const edits = { added: [], removed: [] };
    if (byKey.has('pe')) {
      if (byKey.has('pa') || byKey.has('pr')) ignored.push('Ignored pa and pr: the point edits are given as pe already.');
      const shape = pointShape(config);
      const packed = shape.width >= 2 ? unpackEdits(byKey.get('pe'), { ...shape, maxAdded: MAX_EDITS })
        : { error: 'this data has no points to edit' };
      if (packed.error) ignored.push(`Ignored the point edits (pe=${short(byKey.get('pe'), 20)}): ${packed.error}.`);
      else {
        edits.added = checkPoints(packed.added, config, ignored);
        edits.removed = checkRemoved(packed.removed, config, ignored);
      }
    } else {
      if (byKey.has('pa')) edits.added = decodePoints(byKey.get('pa'), config, ignored);
      if (byKey.has('pr')) edits.removed = decodeRemoved(byKey.get('pr'), config, ignored);
    }
    config.data.edits = edits;
    if (byKey.has('lo')) {
      left = decodeLeft(byKey.get('lo'));
      if (!left) ignored.push(`Ignored lo=${short(byKey.get('lo'), 30)}: it must be ADDED.REMOVED.PINS.KEY (what the link left out).`);
    }
    config.pins = byKey.has('pin') ? decodePins(byKey.get('pin'), ignored) : [];
    config.lesson = null;
    if (byKey.has('lesson')) {
      const lesson = lessonById(byKey.get('lesson'));
      const step = Number(byKey.get('step') ?? 1);
      if (!lesson) ignored.push(`Ignored lesson=${short(byKey.get('lesson'), 30)}: there is no such lesson.`);
      else if (!Number.isInteger(step) || step < 1 || step > lesson.steps.length) {
        ignored.push(`Ignored step=${short(byKey.get('step'), 10)}: the lesson "${lesson.title}" has steps 1 to ${lesson.steps.length}.`);
        config.lesson = { id: lesson.id, step: 1 };
      } else config.lesson = { id: lesson.id, step };
    }
    config.view.trace = decodeTrace(byKey, config, ignored);
    config.view.tune = decodeTune(byKey, config, ignored);
    const flag = (k) => byKey.has(k) && ['1', 'true', 'yes', 'on', ''].includes(byKey.get(k).toLowerCase());
    config.embed = {
      enabled: flag('embed'),
      show: byKey.has('show') ? decodeIdList('show', byKey.get('show'), ignored) : [],
      lock: byKey.has('lock') ? decodeIdList('lock', byKey.get('lock'), ignored) : [],
      autoplay: flag('autoplay'),
    };
    if (byKey.has('ep')) {
      const text = byKey.get('ep');
      const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
      if (Number.isSafeInteger(n) && n <= MAX_LINK_EPOCHS) epochs = n;
      else ignored.push(`Ignored ep=${short(text)}: the epochs to train must be an integer from 0 to ${MAX_LINK_EPOCHS}.`);
    }
    const known = new Set(['v', 'pa', 'pr', 'pe', 'lo', 'pin', 'lesson', 'step', 'embed', 'show', 'lock', 'autoplay', 'ep', 'tr', 'ts', 'tu', ...seen]);
    for (const k of byKey.keys()) {
      if (known.has(k)) continue;
      ignored.push(`Ignored unknown parameter ${short(k, 20)}=${short(byKey.get(k))}.`);
    }
  } catch (e) {
    // A bug must not blank the page: keep what was read so far.
    ignored.push(`Part of the link could not be read (${String(e?.message ?? e)}).`);
  }
  return { config, ignored, epochs, left };
}
