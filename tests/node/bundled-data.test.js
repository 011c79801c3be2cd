// The bundled datasets (web/public/data/*.json, web/src/data/datasets.js): shapes, classes
// and values as scikit-learn 1.2.1's load_iris() and load_digits() give them (the expected
// numbers below were read from those functions by hand; the tests never run Python).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { BUNDLED_DATASETS, decodeBundled, loadBundled } from '../../web/src/data/datasets.js';
import { root } from './support.js';

const dataDir = path.join(root, 'web/public/data');
const readJson = (name) => JSON.parse(fs.readFileSync(path.join(dataDir, `${name}.json`), 'utf8'));
const iris = decodeBundled(readJson('iris'));
const digits = decodeBundled(readJson('digits'));
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

const row = (d, i) => [...d.X.subarray(i * d.nFeatures, (i + 1) * d.nFeatures)];
const counts = (d) => d.classNames.map((_, k) => d.y.filter((v) => v === k).length);
/** sum of X[i][j] * ((i * p + j) % 997) * scale, exact in double for integer-valued X * scale. */
function checksum(d, scale = 1) {
  let s = 0;
  for (let k = 0; k < d.X.length; k++) s += Math.round(d.X[k] * scale) * (k % 997);
  return s;
}

test('iris is 150 x 4 with three classes of 50, as load_iris gives it', () => {
  assert.equal(iris.nSamples, 150);
  assert.equal(iris.nFeatures, 4);
  assert.equal(iris.X.length, 600);
  assert.ok(iris.X instanceof Float64Array && iris.y instanceof Float64Array);
  assert.deepEqual(iris.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(iris.featureNames, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
  assert.equal(iris.imageShape, null);
  assert.equal(iris.task, 'classification');
  assert.deepEqual(counts(iris), [50, 50, 50]);
});

test('iris values match load_iris at spot rows and over the whole array', () => {
  assert.deepEqual(row(iris, 0), [5.1, 3.5, 1.4, 0.2]);
  assert.deepEqual(row(iris, 50), [7.0, 3.2, 4.7, 1.4]);
  assert.deepEqual(row(iris, 100), [6.3, 3.3, 6.0, 2.5]);
  assert.deepEqual(row(iris, 149), [5.9, 3.0, 5.1, 1.8]);
  assert.deepEqual([iris.y[0], iris.y[50], iris.y[100], iris.y[149]], [0, 1, 2, 2]);
  // Every value has one decimal; tenths summed per column and weighted over the array.
  const tenths = [0, 1, 2, 3].map((j) => iris.X.filter((_, k) => k % 4 === j).reduce((a, v) => a + Math.round(v * 10), 0));
  assert.deepEqual(tenths, [8765, 4586, 5637, 1799]);
  assert.equal(checksum(iris, 10), 6905133);
  for (const v of iris.X) assert.equal(Math.round(v * 10) / 10, v);
});

test('digits is 1797 x 64 integers 0..16 in ten classes, 8x8 images', () => {
  assert.equal(digits.nSamples, 1797);
  assert.equal(digits.nFeatures, 64);
  assert.equal(digits.X.length, 1797 * 64);
  assert.deepEqual(digits.imageShape, [8, 8]);
  assert.deepEqual(digits.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(digits.featureNames[0], 'pixel_0_0');
  assert.equal(digits.featureNames[9], 'pixel_1_1');
  assert.equal(digits.featureNames[63], 'pixel_7_7');
  assert.deepEqual(counts(digits), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  let zeros = 0;
  let sixteens = 0;
  for (const v of digits.X) {
    assert.ok(Number.isInteger(v) && v >= 0 && v <= 16);
    if (v === 0) zeros++;
    if (v === 16) sixteens++;
  }
  assert.equal(zeros, 56272);
  assert.equal(sixteens, 10456);
});

test('digits values match load_digits at spot rows and over the whole array', () => {
  const expected = {
    0: ['005d910000dfaf5003f20b8004c008800580098004b01c7002e5ac00006da000', 0],
    1: ['000cd500000bg900003fg60007fgg200001gg300001gg600001gg600000bga00', 1],
    2: ['0004fc00003gfe00008d8g000016fb00018df10009gg500003dggb500003bg90', 2],
    1000: ['001e2000000g5000000ea000000bg1000003e60000008c0000aedg83002bcfgf', 1],
    1796: ['00ae810002ge610000ff8f00005gga0000cffc0004g64g6008ga8g80018cec10', 8],
  };
  for (const [i, [pixels, label]] of Object.entries(expected)) {
    assert.deepEqual(row(digits, Number(i)), [...pixels].map((c) => BASE36.indexOf(c)), `row ${i}`);
    assert.equal(digits.y[i], label, `label ${i}`);
  }
  // The first image, as load_digits().images[0] shows it.
  assert.deepEqual(row(digits, 0).slice(8, 16), [0, 0, 13, 15, 10, 15, 5, 0]);
  assert.deepEqual([...digits.y.subarray(0, 20)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([...digits.y.subarray(1792)], [9, 0, 8, 9, 8]);
  assert.equal(digits.X.reduce((a, v) => a + v, 0), 561718);
  assert.equal(checksum(digits), 279351792);
});

test('the menu metadata agrees with the files, and the files carry their attribution', () => {
  for (const [name, d] of [['iris', iris], ['digits', digits]]) {
    const meta = BUNDLED_DATASETS[name];
    assert.equal(d.name, name);
    assert.equal(d.title, meta.title);
    assert.equal(d.nSamples, meta.nSamples);
    assert.equal(d.nFeatures, meta.nFeatures);
    assert.equal(d.classNames.length, meta.nClasses);
    assert.deepEqual(d.imageShape, meta.imageShape);
    assert.match(d.attribution, /scikit-learn/);
    assert.match(d.source, /^https:\/\/archive\.ics\.uci\.edu\//);
    assert.ok(d.description.length > 50);
  }
  assert.match(iris.attribution, /Fisher \(1936\)/);
  assert.match(digits.attribution, /Alpaydin and C\. Kaynak \(1998\)/);
});

test('the digits file stays small: one byte per pixel', () => {
  const bytes = fs.statSync(path.join(dataDir, 'digits.json')).size;
  assert.ok(bytes < 140_000, `${bytes} bytes`);
});

test('decodeBundled accepts text and rejects damaged files with a message naming the dataset', () => {
  assert.equal(decodeBundled(fs.readFileSync(path.join(dataDir, 'iris.json'), 'utf8')).nSamples, 150);
  const damaged = (edit) => {
    const d = readJson('digits');
    edit(d);
    return () => decodeBundled(d);
  };
  assert.throws(damaged((d) => { d.version = 2; }), /bundled dataset "digits": not a mlp-playground-dataset version 1 file/);
  assert.throws(damaged((d) => { d.X.pop(); }), /X has 1796 rows, expected 1797/);
  assert.throws(damaged((d) => { d.y.pop(); }), /y has 1796 values, expected 1797/);
  assert.throws(damaged((d) => { d.X[3] = d.X[3].slice(1); }), /row 3 has 63 values, expected 64/);
  assert.throws(damaged((d) => { d.X[5] = `#${d.X[5].slice(1)}`; }), /row 5, value 0: "#" is not a base-36 digit/);
  assert.throws(damaged((d) => { d.y[7] = 10; }), /y\[7\] = 10 is not a class index/);
  assert.throws(damaged((d) => { d.encoding = 'hex'; }), /unknown encoding "hex"/);
});

test('loadBundled fetches data/<name>.json from the page base and decodes it', async () => {
  const requested = [];
  const fileFetch = async (url) => {
    requested.push(url.href);
    const file = new URL(url.href.replace('https://example.org/app/', pathToFileURL(`${root}/web/public/`).href));
    if (!fs.existsSync(file)) return { ok: false, status: 404 };
    return { ok: true, status: 200, json: async () => JSON.parse(fs.readFileSync(file, 'utf8')) };
  };
  const d = await loadBundled('digits', 'https://example.org/app/index.html', { fetch: fileFetch });
  assert.equal(d.nSamples, 1797);
  assert.deepEqual(requested, ['https://example.org/app/data/digits.json']);
  await assert.rejects(loadBundled('../secret', 'https://example.org/app/', { fetch: fileFetch }), /no bundled dataset named/);
  const missing = async () => ({ ok: false, status: 404 });
  await assert.rejects(loadBundled('iris', 'https://example.org/app/', { fetch: missing }),
    /could not load the iris dataset from https:\/\/example\.org\/app\/data\/iris\.json: HTTP 404/);
  const offline = async () => {
    throw new TypeError('Failed to fetch');
  };
  await assert.rejects(loadBundled('iris', 'https://example.org/app/', { fetch: offline }), /Failed to fetch/);
});
