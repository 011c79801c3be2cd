// scripts/fashion-mnist-assets.js: IDX headers checked, raw uint8 files of the right sizes, the
// subset taken from the start of each file, a second run skipped, a missing package explained.
// On tiny IDX files made here (the real 30 MB ones are not needed).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, test } from 'node:test';

const require = createRequire(import.meta.url);
const { buildAssets, readIdx, CLASS_NAMES, SOURCES } = require('../../scripts/fashion-mnist-assets.js');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fashion-assets-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** An IDX file: magic, dims, then the bytes. */
function idx(magic, dims, body) {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(body)]);
}

/** Image i's pixels all equal i % 256; label i is i % 10. */
function fakeSource(dir, nTrain, nTest, { magic = 0x803 } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const images = (n) => idx(magic, [n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, k) => Math.floor(k / 784) % 256));
  const labels = (n) => idx(0x801, [n], Uint8Array.from({ length: n }, (_, i) => i % 10));
  fs.writeFileSync(path.join(dir, SOURCES.trainImages), zlib.gzipSync(images(nTrain)));
  fs.writeFileSync(path.join(dir, SOURCES.trainLabels), zlib.gzipSync(labels(nTrain)));
  fs.writeFileSync(path.join(dir, SOURCES.testImages), zlib.gzipSync(images(nTest)));
  fs.writeFileSync(path.join(dir, SOURCES.testLabels), zlib.gzipSync(labels(nTest)));
  return dir;
}

const SETS = { quick: { train: 5, test: 2 }, full: { train: 12, test: 4 } };

test('the sets are written as raw uint8 without headers, the subset from the start of each file', () => {
  const src = fakeSource(path.join(tmp, 'src'), 12, 4);
  const out = path.join(tmp, 'out');
  const { skipped, manifest } = buildAssets({ sourceDir: src, outDir: out, sets: SETS });
  assert.equal(skipped, false);
  assert.deepEqual(manifest.classNames, CLASS_NAMES);
  assert.deepEqual(manifest.imageShape, [28, 28]);
  assert.equal(manifest.licence, 'MIT');
  assert.match(fs.readFileSync(path.join(out, 'LICENSE.txt'), 'utf8'), /Zalando SE/);
  assert.match(manifest.credit, /Zalando Research/);
  assert.match(manifest.credit, /Xiao, Kashif Rasul and Roland Vollgraf/);
  assert.deepEqual([manifest.sets.quick.nTrain, manifest.sets.quick.nTest, manifest.sets.full.nTrain, manifest.sets.full.nTest], [5, 2, 12, 4]);
  for (const set of Object.values(manifest.sets)) {
    for (const f of Object.values(set.files)) assert.equal(fs.statSync(path.join(out, f.path)).size, f.bytes);
  }
  const quickTrain = fs.readFileSync(path.join(out, 'quick-train-images.u8'));
  assert.equal(quickTrain.length, 5 * 784);
  assert.equal(quickTrain[4 * 784], 4); // image 4's first pixel: no header before it
  assert.deepEqual([...fs.readFileSync(path.join(out, 'full-test-labels.u8'))], [0, 1, 2, 3]);
  assert.deepEqual([...fs.readFileSync(path.join(out, 'quick-train-labels.u8'))], [0, 1, 2, 3, 4]);
});

test('a second run with the same sources does nothing; a lost output file is made again', () => {
  const src = path.join(tmp, 'src');
  const out = path.join(tmp, 'out');
  assert.equal(buildAssets({ sourceDir: src, outDir: out, sets: SETS }).skipped, true);
  fs.rmSync(path.join(out, 'full-train-images.u8'));
  assert.equal(buildAssets({ sourceDir: src, outDir: out, sets: SETS }).skipped, false);
  assert.equal(fs.statSync(path.join(out, 'full-train-images.u8')).size, 12 * 784);
});

test('a missing package is named, with how to install it', () => {
  assert.throws(() => buildAssets({ sourceDir: path.join(tmp, 'none'), outDir: path.join(tmp, 'o2') }), /dataset-fashion-mnist.*npm run setup/s);
});

test('IDX headers are checked: magic number, image shape, length', () => {
  assert.throws(() => readIdx(idx(0x801, [1, 28, 28], new Uint8Array(784)), 'images', 'x.gz'), /x\.gz: magic number 0x00000801, expected 0x00000803/);
  assert.throws(() => readIdx(idx(0x803, [1, 27, 28], new Uint8Array(756)), 'images', 'x.gz'), /27x28, expected 28x28/);
  assert.throws(() => readIdx(idx(0x801, [3], new Uint8Array(2)), 'labels', 'y.gz'), /2 bytes of data for 3 labels, expected 3/);
  assert.throws(() => readIdx(Buffer.alloc(3), 'labels', 'y.gz'), /too short/);
  const bad = fakeSource(path.join(tmp, 'bad'), 12, 4, { magic: 0x802 });
  assert.throws(() => buildAssets({ sourceDir: bad, outDir: path.join(tmp, 'o3'), sets: SETS }), /train-images-idx3-ubyte\.gz: magic number/);
});

test('a set larger than the files is refused', () => {
  assert.throws(
    () => buildAssets({ sourceDir: path.join(tmp, 'src'), outDir: path.join(tmp, 'o4'), sets: { full: { train: 13, test: 4 } } }),
    /13 train images asked for, the files hold 12/,
  );
});
