// Fuzzing the share link (state/url.js with its packed edits). Properties:
// - round trip: a random valid configuration with random point edits and pinned runs, written by
//   encodeLink, reads back as the same configuration, or, when it does not fit in MAX_LINK_LENGTH,
//   as the part lo= says it carries (the first points, the last pins) with the counts left out;
// - every written link is at most MAX_LINK_LENGTH characters;
// - a mutated or garbage link never throws and always gives a valid configuration (valid
//   settings, points of the data's width and classes, removed rows in range, readable pins).
// Seeded: MLP_FUZZ_SEED replays a run; MLP_FUZZ_SECONDS (default 10) bounds it in time.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { GENERATORS, PARAMS, defaultConfig, nClassesOf, nFeaturesOf, setPath, validateConfig } from '../../web/src/state/config.js';
import { defaultConfigFor } from '../../web/src/state/dataset-defaults.js';
import { LESSONS } from '../../web/src/state/lessons.js';
import { MAX_LINK_LENGTH, MAX_PINS, decode, encodeLink, pinLabel } from '../../web/src/state/url.js';

const SEED = Number(process.env.MLP_FUZZ_SEED ?? 20261204);
const SECONDS = Number(process.env.MLP_FUZZ_SECONDS ?? 10);
const MAX_ITERATIONS = 200_000;

/** A seeded generator (mulberry32): rnd() in [0, 1), int(n) in 0..n-1, pick(list). */
function makeRandom(seed) {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(rnd() * n);
  return { rnd, int, pick: (list) => list[int(list.length)] };
}

const PLANAR = Object.keys(GENERATORS).filter((g) => !GENERATORS[g].table && (GENERATORS[g].nFeatures ?? 0) <= 2 && GENERATORS[g].nFeatures);

/** A value of the precision the page keeps (3 decimals), now and then an odd one an old link may hold. */
function coordinate(r) {
  const k = r.int(20);
  if (k === 0) return r.pick([1e300, -2e-7, 123456789012.5, 0.0005, -0, 1e21, 9007199254740.991]); // eslint-disable-line no-loss-of-precision
  if (k === 1) return Number((r.rnd() * 2000 - 1000).toFixed(3)) + 0;
  return Number((r.rnd() * 6 - 3).toFixed(3)) + 0;
}

/** A random valid configuration of a planar dataset, with edits, pins, a lesson and embed options. */
function randomConfig(r) {
  let config = defaultConfigFor(r.pick(PLANAR));
  // A few choices of the table changed (enums and switches: every value allowed).
  for (const p of PARAMS) {
    if (r.rnd() > 0.15 || p.group === 'data') continue;
    const candidates = p.type === 'enum' ? p.options : p.type === 'bool' ? [true, false] : null;
    if (candidates?.length) config = setPath(config, p.path, r.pick(candidates));
  }
  if (r.rnd() < 0.5) config = setPath(config, 'data.n_samples', 10 + 10 * r.int(300));
  if (validateConfig(config).length) config = defaultConfigFor(config.data.generator);
  const width = nFeaturesOf(config) + 1;
  const nClasses = nClassesOf(config);
  const sizes = [0, 1, 3, 30, 300, 2500, 7000];
  const nAdded = r.rnd() < 0.85 ? r.int(40) : r.pick(sizes);
  const drawn = r.rnd() < 0.5;
  let [x, y] = [0, 0];
  const added = Array.from({ length: nAdded }, () => {
    const p = [];
    if (drawn) {
      x = Number((x + (r.int(7) - 3) * 0.007).toFixed(3)) + 0;
      y = Number((y + (r.int(7) - 3) * 0.007).toFixed(3)) + 0;
      p.push(x, y);
    } else p.push(coordinate(r), coordinate(r));
    p.length = width - 1;
    p.push(nClasses === null ? coordinate(r) : r.int(nClasses));
    return p;
  });
  const n = config.data.n_samples;
  const removed = [...new Set(Array.from({ length: r.rnd() < 0.7 ? r.int(10) : r.int(n) }, () => r.int(n)))].sort((a, b) => a - b);
  config = setPath(config, 'data.edits', { added, removed });
  const pins = Array.from({ length: r.rnd() < 0.7 ? 0 : 1 + r.int(MAX_PINS) }, (_, k) => {
    const nLoss = 1 + r.int(150);
    const line = () => Array.from({ length: 2 * (2 + r.int(100)) }, () => Number((r.rnd() * 6 - 3).toFixed(2)) + 0);
    return {
      label: pinLabel(`run ${k} ${r.pick(['relu', 'tanh!', '~x', 'é ü'])}`) || `run ${k + 1}`,
      loss: { epochs: Array.from({ length: nLoss }, (_, i) => 1 + 2 * i), values: Array.from({ length: nLoss }, () => Number((r.rnd() * 3).toPrecision(3))) },
      ghost: Array.from({ length: r.int(3) }, line),
    };
  });
  config = { ...config, pins };
  if (r.rnd() < 0.1) {
    const lesson = r.pick(LESSONS);
    config = { ...config, lesson: { id: lesson.id, step: 1 + r.int(lesson.steps.length) } };
  }
  if (r.rnd() < 0.1) config = { ...config, embed: { enabled: true, show: ['plane', 'noise'], lock: ['noise'], autoplay: r.rnd() < 0.5 } };
  return config;
}

/** The problems of a decoded configuration ([] when it is valid). */
function problems(config) {
  const out = validateConfig(config).map((p) => `${p.id}: ${p.message}`);
  const width = nFeaturesOf(config) + 1;
  const nClasses = nClassesOf(config);
  const { added, removed } = config.data.edits;
  added.forEach((p, i) => {
    const ok = Array.isArray(p) && p.length === width && p.every(Number.isFinite) &&
      (nClasses === null || (Number.isInteger(p[width - 1]) && p[width - 1] >= 0 && p[width - 1] < nClasses));
    if (!ok) out.push(`added point ${i}: ${JSON.stringify(p)}`);
  });
  removed.forEach((r, i) => {
    if (!Number.isInteger(r) || r < 0 || r >= config.data.n_samples || (i > 0 && r <= removed[i - 1])) out.push(`removed ${i}: ${r}`);
  });
  if (!Array.isArray(config.pins) || config.pins.length > MAX_PINS) out.push('pins');
  for (const pin of config.pins ?? []) {
    if (!pin.loss.epochs.length || pin.loss.epochs.length !== pin.loss.values.length || !pin.loss.values.every(Number.isFinite)) out.push('pin loss');
  }
  return out;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,~!%&=?#+/ ';
const KEYS = ['v', 'g', 'n', 'nz', 'h', 'a', 'pa', 'pr', 'pe', 'lo', 'pin', 'lesson', 'step', 'embed', 'show', 'lock', 'ep', '__proto__', 'constructor'];

/** A damaged copy of a link: characters changed, inserted or cut, parts repeated or swapped, the packed text replaced. */
function mutate(r, query) {
  let q = query;
  const times = 1 + r.int(4);
  for (let k = 0; k < times; k += 1) {
    const at = r.int(q.length + 1);
    switch (r.int(10)) {
      case 0: q = q.slice(0, at) + r.pick(ALPHABET) + q.slice(at + 1); break;
      case 1: q = q.slice(0, at) + r.pick(ALPHABET) + q.slice(at); break;
      case 2: q = q.slice(0, at); break;
      case 3: q = q.slice(0, at) + q.slice(at + 1 + r.int(20)); break;
      case 4: q = `${q}&${r.pick(KEYS)}=${q.slice(at, at + r.int(40))}`; break;
      case 5: q = q.replace(/pe=[^&]*/, () => `pe=${Array.from({ length: r.int(200) }, () => r.pick('AQBCDabz09-_')).join('')}`); break;
      case 6: q = q.replace(/lo=[^&]*/, `lo=${r.int(1e7)}.${r.int(9)}.${r.int(9)}.${r.int(2 ** 32).toString(16).padStart(8, '0')}`); break;
      case 7: q = q.replace(/(pa|pe)=/, r.pick(['pa=', 'pe=', 'pr='])); break;
      case 8: q = `${q.replace(/&?(pa|pe)=[^&]*/g, '')}&pa=${points(r)}`; break;
      default: q = `${q.replace(/&?(pr|pe)=[^&]*/g, '')}&pr=${Array.from({ length: r.int(30) }, () => r.int(2000).toString(36)).join(r.pick(['.', ',', '_']))}`;
    }
  }
  return q;
}

/** pa= text of numbers near the valid ones: 1 to 4 values a point, classes in and out of range, odd numbers. */
function points(r) {
  const value = () => r.pick(['0', '1', '2', '9', '12', '-1', '1.5', '0.25', '-3.75', '1e999', 'NaN', '', '1e-400', '7e300', '.5']);
  return Array.from({ length: 1 + r.int(20) }, () => Array.from({ length: 1 + r.int(4) }, value).join(',')).join('_');
}

function garbage(r) {
  return Array.from({ length: r.int(6) }, () => `${r.pick(KEYS)}=${Array.from({ length: r.int(60) }, () => r.pick(ALPHABET)).join('')}`).join('&');
}

/** The config a link carries when lo= left some of config out: the first points, the last pins. */
function carried(config, left) {
  const pins = config.pins.slice(-MAX_PINS);
  return {
    ...config,
    data: { ...config.data, edits: {
      added: config.data.edits.added.slice(0, config.data.edits.added.length - left.added),
      removed: left.removed ? [] : config.data.edits.removed,
    } },
    pins: pins.slice(left.pins),
  };
}

/** The config as the link writes it: points rounded as the page rounds them (an odd 0.0005 becomes 0.001). */
function asWritten(config) {
  const round = (v) => Number(v.toFixed(3)) + 0;
  return setPath(config, 'data.edits', { ...config.data.edits, added: config.data.edits.added.map((p) => p.map(round)) });
}

test(`fuzz: share links round-trip, stay under ${MAX_LINK_LENGTH} characters, and damaged ones never throw (seed ${SEED}, ${SECONDS} s)`, () => {
  const r = makeRandom(SEED);
  const end = Date.now() + SECONDS * 1000;
  const counts = { roundTrips: 0, cut: 0, mutated: 0, garbage: 0 };
  let input = '';
  try {
    for (let i = 0; i < MAX_ITERATIONS && Date.now() < end; i += 1) {
      const config = asWritten(randomConfig(r));
      input = `config ${JSON.stringify(config).slice(0, 2000)}`;
      const epochs = r.rnd() < 0.2 ? 1 + r.int(1000) : 0;
      const prefix = 20 + r.int(400);
      const { query, left, length } = encodeLink(config, { epochs, prefix });
      input = `query ${query}`;
      assert.ok(length === prefix + query.length && length <= MAX_LINK_LENGTH, `the link is ${length} characters`);
      const back = decode(query);
      assert.deepEqual(back.ignored, []);
      assert.equal(back.epochs, epochs);
      if (left) {
        counts.cut += 1;
        assert.deepEqual(back.left, { added: left.added, removed: left.removed, pins: left.pins, key: left.key });
        assert.deepEqual(back.config, carried(config, left));
      } else {
        assert.equal(back.left, null);
        assert.deepEqual(back.config, config);
      }
      counts.roundTrips += 1;

      for (const damaged of [mutate(r, query), mutate(r, query), garbage(r)]) {
        input = `damaged ${damaged}`;
        const result = decode(damaged);
        assert.ok(Array.isArray(result.ignored));
        assert.deepEqual(problems(result.config), []);
      }
      counts.mutated += 2;
      counts.garbage += 1;
    }
  } catch (e) {
    console.error(`fuzz-link failed with MLP_FUZZ_SEED=${SEED}; the input:\n${input}`);
    throw e;
  }
  console.log(`fuzz-link seed ${SEED}: ${JSON.stringify(counts)}`);
  assert.ok(counts.roundTrips > 0);
});

test('fuzz regressions: values an old link may hold and the page rounds, decoded as the page keeps them', () => {
  const config = setPath(defaultConfig(), 'data.edits', { added: [[1e21, -0, 0], [0.0005, 9007199254740.991, 1]], removed: [] }); // eslint-disable-line no-loss-of-precision
  const back = decode(encodeLink(config).query).config.data.edits.added;
  assert.deepEqual(back, [[1e21, 0, 0], [0.001, 9007199254740.991, 1]]); // eslint-disable-line no-loss-of-precision
});
