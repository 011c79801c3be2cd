// The compact share link: the range coder, the packed point edits (pe=), the 8 KB budget and
// what is left out (lo=), the tab's memory of it, and the data CSV that carries everything.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { dataCsv } from '../../web/src/app/data-csv.js';
import { createLinkKeeper, leftWords } from '../../web/src/app/link-keeper.js';
import { parseCsv } from '../../web/src/data/csv.js';
import { defaultConfig, setPath, validateConfig } from '../../web/src/state/config.js';
import { packEdits, unpackEdits } from '../../web/src/state/edits-link.js';
import { IntModel, RangeDecoder, RangeEncoder, fromBase64Url, toBase64Url } from '../../web/src/state/range-coder.js';
import { MAX_LINK_LENGTH, decode, encode, encodeLink, keepKey, roundCoord } from '../../web/src/state/url.js';

function random(seed) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/** n random clicks on a 600 x 470 pixel plot of moons, a tenth switching the class. */
function clicks(n, seed = 1) {
  const rnd = random(seed);
  let cls = 0;
  return Array.from({ length: n }, () => {
    if (rnd() < 0.1) cls = 1 - cls;
    return [roundCoord(-1.6 + (4.2 * Math.floor(rnd() * 600)) / 600), roundCoord(-1.4 + (3.3 * Math.floor(rnd() * 470)) / 470), cls];
  });
}

/** n points drawn in strokes of 200, about 2 pixels apart on a 540-pixel plot. */
function strokes(n, seed = 7) {
  const rnd = random(seed);
  const at = (px) => roundCoord(-1.75 + (4.5 * px) / 540);
  let [x, y, angle, cls] = [0, 0, 0, 1];
  return Array.from({ length: n }, (_, i) => {
    if (i % 200 === 0) [x, y, angle, cls] = [100 + 340 * rnd(), 100 + 340 * rnd(), rnd() * 2 * Math.PI, 1 - cls];
    angle += (rnd() - 0.5) * 0.3;
    x = Math.min(530, Math.max(10, x + 2 * Math.cos(angle)));
    y = Math.min(530, Math.max(10, y + 2 * Math.sin(angle)));
    return [at(Math.round(x)), at(Math.round(y)), cls];
  });
}

const withEdits = (added, removed = [], base = defaultConfig()) => setPath(base, 'data.edits', { added, removed });
const SHAPE = { width: 3, classes: true, nClasses: 2, nSamples: 300, maxAdded: 100000 };

test('the range coder gives back every integer, signed value and raw bit field it was given', () => {
  const values = [0, 1, 2, 3, 7, 8, 255, 256, 65535, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 40 + 5, 2 ** 52 - 1];
  const signed = [0, -1, 1, -2, 1000, -1000, -(2 ** 40), 2 ** 40];
  const rc = new RangeEncoder();
  const m = new IntModel(2);
  values.forEach((v, k) => rc.int(m, v, k % 2));
  signed.forEach((v) => rc.sint(m, v));
  rc.raw(0xabcdef, 24);
  rc.raw(1, 1);
  const bytes = rc.finish();
  const d = new RangeDecoder(bytes);
  const back = new IntModel(2);
  assert.deepEqual(values.map((_, k) => d.int(back, k % 2)), values);
  assert.deepEqual(signed.map(() => d.sint(back)), signed);
  assert.equal(d.raw(24), 0xabcdef);
  assert.equal(d.raw(1), 1);
  assert.equal(d.overrun, 0);
  // A run of one value costs a fraction of a bit each once the model has learnt it.
  const runs = new RangeEncoder();
  const rm = new IntModel();
  for (let k = 0; k < 8000; k += 1) runs.int(rm, 3);
  assert.ok(runs.finish().length < 200);
});

test('base64url carries any bytes in link-safe characters and refuses other text', () => {
  for (let n = 0; n < 12; n += 1) {
    const bytes = Uint8Array.from({ length: n }, (_, k) => (k * 97 + n * 31) & 0xff);
    const text = toBase64Url(bytes);
    assert.match(text, /^[A-Za-z0-9_-]*$/);
    assert.equal(text.length, Math.ceil((n * 8) / 6));
    assert.deepEqual(fromBase64Url(text), bytes);
  }
  assert.deepEqual(fromBase64Url('-_8'), fromBase64Url('+/8='));
  assert.equal(fromBase64Url('ab$d'), null);
  assert.equal(fromBase64Url('abcde'), null); // 5 characters cannot be whole bytes
});

test('packed point edits read back exactly: classes, regression values, 1-D points, odd values and removed rows', () => {
  const cases = [
    [clicks(500), [0, 1, 2, 50, 299], SHAPE],
    [[[0.5, -0.25, 12.5], [-1, 1, -300.125], [0, 0, 0]], [7], { ...SHAPE, classes: false, nClasses: 0 }],
    [[[0.5, -0.25], [-1, 1]], [], { ...SHAPE, width: 2, classes: false, nClasses: 0 }],
    // Not whole thousandths (an old link may hold them): the text mode.
    [[[1e300, -2e-7, 1], [123456789012.5, 0.001, 0]], [], SHAPE],
    [[], [1, 2, 3, 4, 5, 200], SHAPE],
    [[[0, 0, 9]], [], { ...SHAPE, nClasses: 10 }],
  ];
  for (const [added, removed, shape] of cases) {
    const { text } = packEdits(added, removed, shape);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(unpackEdits(text, shape), { added, removed }, JSON.stringify(added.slice(0, 3)));
  }
  // -0 is written and read as 0.
  assert.deepEqual(unpackEdits(packEdits([[-0, 0.5, 0]], [], SHAPE).text, SHAPE).added, [[0, 0.5, 0]]);
});

test('a damaged pe= is refused with a reason, never loaded wrong: each character changed, the text cut, the shape not matching', () => {
  const added = clicks(40);
  const { text } = packEdits(added, [3, 9], SHAPE);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let refused = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = alphabet[(alphabet.indexOf(text[i]) + 1 + i) % 64];
    const r = unpackEdits(text.slice(0, i) + c + text.slice(i + 1), SHAPE);
    if (r.error) refused += 1;
    // The last character's low bits may be padding: then the points are the same ones.
    else assert.deepEqual(r, { added, removed: [3, 9] }, `character ${i} changed gave other points`);
  }
  // The coder's last bytes hold slack: a change there may leave the points as they were.
  assert.ok(refused >= text.length - 8, `${refused} of ${text.length} changes refused`);
  for (let n = 0; n < text.length - 1; n += 7) assert.ok(unpackEdits(text.slice(0, n), SHAPE).error, `cut at ${n}`);
  assert.match(unpackEdits(text, { ...SHAPE, width: 2 }).error, /points have 3 values, this data 2/);
  assert.match(unpackEdits(text, { ...SHAPE, maxAdded: 10 }).error, /holds 40 added points, more than the 10/);
  assert.match(unpackEdits(text, { ...SHAPE, nSamples: 5 }).error, /removes row 9, beyond n_samples 5/);
  assert.match(unpackEdits('AQ$$', SHAPE).error, /not base64url/);
  assert.match(unpackEdits('Ag', SHAPE).error, /not base64url|format 2 is unknown/);
});

test('links keep today\'s pa/pr for a few edits and read them as before; pe from a few dozen points', () => {
  const few = withEdits([[0.123, -0.5, 1]], [3, 4, 5, 100, 299]);
  assert.match(encode(few), /&pa=0\.123,-0\.5,1&pr=3\.0\.0\.2m\.5i$/);
  const many = withEdits(clicks(200));
  const query = encode(many);
  assert.match(query, /&pe=[A-Za-z0-9_-]+$/);
  assert.ok(query.length < 1000, `200 clicks take ${query.length} characters`);
  assert.deepEqual(decode(query).config, many);
  // Today's links: read as they were, and no longer cut at 5,000 points.
  const old = `v=2&pa=${clicks(6000).map((p) => p.join(',')).join('_')}&pr=1.0.a`;
  const { config, ignored } = decode(old);
  assert.equal(config.data.edits.added.length, 6000);
  assert.deepEqual(config.data.edits.added, clicks(6000));
  assert.deepEqual(config.data.edits.removed, [1, 2, 13]);
  assert.deepEqual(ignored, []);
});

test('a link stays under 8 KB: 6,000 random clicks leave points out and say so (lo=); a drawing of 6,000 travels whole', () => {
  assert.ok(MAX_LINK_LENGTH <= 8000);
  const prefix = 'https://example.org/mlp-playground/?'.length;
  const random = withEdits(clicks(6000), [4, 8]);
  const r = encodeLink(random, { prefix });
  assert.ok(r.length <= MAX_LINK_LENGTH && prefix + r.query.length === r.length, `${r.length} characters`);
  const carried = 6000 - r.left.added;
  assert.ok(carried >= 1800, `only ${carried} random clicks fit`);
  assert.deepEqual({ ...r.left, key: undefined }, { added: 6000 - carried, removed: 0, pins: 0, total: { added: 6000, removed: 2, pins: 0 }, key: undefined });
  assert.equal(r.left.key, keepKey(random));
  const back = decode(r.query);
  assert.deepEqual(back.config.data.edits, { added: clicks(6000).slice(0, carried), removed: [4, 8] });
  assert.deepEqual(back.left, { added: 6000 - carried, removed: 0, pins: 0, key: r.left.key });
  assert.deepEqual(back.ignored, []);
  assert.equal(leftWords(r.left), `${carried.toLocaleString('en-US')} of the 6,000 added points`);

  const drawn = withEdits(strokes(6000));
  const d = encodeLink(drawn, { prefix });
  assert.equal(d.left, null);
  assert.ok(d.length < 5500, `a drawing of 6,000 points takes ${d.length} characters`);
  assert.deepEqual(decode(d.query).config, drawn);
  // How many fit, for the record: about 10,000 drawn points.
  const big = encodeLink(withEdits(strokes(12000)), { prefix });
  assert.ok(12000 - big.left.added >= 9000, `${12000 - big.left.added} drawn points fit`);
});

test('pinned runs that do not fit are left out first, the oldest first; then points', () => {
  const pin = (k) => ({
    label: `run ${k}`,
    loss: { epochs: Array.from({ length: 150 }, (_, i) => i + 1), values: Array.from({ length: 150 }, (_, i) => Number((1 / (i + 1 + k)).toPrecision(3))) },
    ghost: [Array.from({ length: 600 }, (_, i) => Number(((i % 2 ? -1 : 1) * ((i * 7919 + k) % 300) / 100).toFixed(2)) + 0)],
  });
  const config = { ...withEdits(clicks(1000)), pins: [pin(1), pin(2), pin(3)] };
  const r = encodeLink(config);
  assert.ok(r.length <= MAX_LINK_LENGTH);
  assert.ok(r.left.pins >= 1 && r.left.added === 0, JSON.stringify(r.left));
  const back = decode(r.query).config;
  assert.deepEqual(back.pins.map((p) => p.label), ['run 1', 'run 2', 'run 3'].slice(r.left.pins));
  assert.equal(back.data.edits.added.length, 1000);
});

test('the tab keeps what the address leaves out, and gives it back only for the same link', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)), removeItem: (k) => store.delete(k) };
  const keeper = createLinkKeeper({ storage, path: '/mlp/' });
  const config = withEdits(clicks(3000), [5]);
  const { query, left } = encodeLink(config);
  assert.equal(keeper.keep(config, left.key), true);
  const opened = decode(query);
  assert.deepEqual(keeper.take(opened.config, opened.left), { edits: config.data.edits, pins: [] });
  assert.equal(keeper.take(opened.config, { ...opened.left, key: '00000000' }), null, 'another link');
  assert.equal(keeper.take(opened.config, null), null);
  assert.equal(createLinkKeeper({ storage, path: '/other/' }).take(opened.config, opened.left), null, 'another page');
  // Damaged memory is not used.
  const [name, text] = [...store][0];
  store.set(name, text.replace('"added":[[', '"added":[[9,'));
  assert.equal(keeper.take(opened.config, opened.left), null);
  store.set(name, '{not json');
  assert.equal(keeper.take(opened.config, opened.left), null);
  keeper.clear();
  assert.equal(store.size, 0);
  // Storage refused (full, or off in a frame): keep says so, take finds nothing.
  const refusing = createLinkKeeper({ storage: { setItem() { throw new Error('QuotaExceededError'); }, getItem() { throw new Error('SecurityError'); } }, path: '/' });
  assert.equal(refusing.keep(config, left.key), false);
  assert.equal(refusing.take(opened.config, opened.left), null);
  assert.equal(createLinkKeeper({ storage: null, path: '/' }).keep(config, left.key), false);
});

test('lo= that cannot be read is reported and ignored', () => {
  for (const bad of ['x', '1.2.3', '1.2.3.zzzzzzzz', '-1.0.0.0123abcd', '99999999.0.0.0123abcd']) {
    const r = decode(`v=2&lo=${bad}`);
    assert.equal(r.left, null, bad);
    assert.match(r.ignored.join(' '), /Ignored lo=.*ADDED\.REMOVED\.PINS\.KEY/, bad);
  }
  assert.deepEqual(decode('v=2&lo=12.0.1.0123abcd').left, { added: 12, removed: 0, pins: 1, key: '0123abcd' });
});

test('the data CSV holds every training and test row, and the page\'s CSV reader gives the same numbers back', () => {
  const arrays = { nFeatures: 2, nTargets: 1, xTrain: Float64Array.from([0.1, -0.2, 1e-7, 3]), yTrain: Float64Array.from([0, 1]),
    xTest: Float64Array.from([2.5, 1 / 3]), yTest: Float64Array.from([1]) };
  const text = dataCsv(arrays, ['x', 'y', 'class']);
  assert.equal(text, `x,y,class\n0.1,-0.2,0\n1e-7,3,1\n2.5,${1 / 3},1\n`);
  const parsed = parseCsv(text);
  assert.equal(parsed.error, null);
  assert.equal(parsed.task, 'classification');
  assert.equal(parsed.nSamples, 3);
  assert.deepEqual([...parsed.X], [0.1, -0.2, 1e-7, 3, 2.5, 1 / 3]);
  assert.deepEqual(validateConfig(defaultConfig()), []);
});
