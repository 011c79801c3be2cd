#!/usr/bin/env node
// Fashion-MNIST as page assets: `npm run build:web` runs this before `vite build`.
//
//   node scripts/fashion-mnist-assets.js [SOURCE_DIR] [OUT_DIR]
//     SOURCE_DIR  the four gzipped IDX files of Debian's dataset-fashion-mnist
//                 (default /usr/share/datasets/fashion-mnist)
//     OUT_DIR     default build/fashion-mnist; Vite copies it to dist/data/fashion-mnist/
//
// Writes, for the full set (60,000 + 10,000) and the quick subset (the first 10,000 training
// and the first 2,000 test images), the pixels as raw uint8 (row-major, 784 bytes an image,
// no IDX header) and the labels as uint8, plus manifest.json (class names, shape, counts, byte
// sizes, source, licence, credit) and LICENSE.txt (the package's copyright file: the MIT notice
// travels with the copies). Why raw bytes: the worker fetches them straight into the
// engine's uint8 buffers (no parsing; 47 MB for the full training images, gzipped in transit
// only if the host does so). Idempotent: when the manifest records the same source files
// (names, sizes, times) and every output has its recorded size, it does nothing.
// Fails with a clear message when the package is missing or an IDX header is not as expected.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const DEFAULT_SOURCE = '/usr/share/datasets/fashion-mnist';
const DEFAULT_OUT = path.resolve(__dirname, '..', 'build', 'fashion-mnist');

/** The class names in label order (Zalando Research's README). */
const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const ROWS = 28;
const COLS = 28;
/** The two sets: how many of the training and test images each takes (from the start of each file). */
const SETS = { quick: { train: 10000, test: 2000 }, full: { train: 60000, test: 10000 } };
const SOURCES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
};
const FORMAT = 'mlp-playground-images';
/** Debian's copyright file of the package: its MIT (Expat) notice travels with the copies (LICENSE.txt). */
const DEFAULT_COPYRIGHT = '/usr/share/doc/dataset-fashion-mnist/copyright';
/** Written when the copyright file is missing (a hand-made source folder): the notice itself. */
const NOTICE =
  'Fashion-MNIST: Copyright (c) 2017 Zalando SE, https://tech.zalando.com\n' +
  'Licence: MIT (Expat). Source: https://github.com/zalandoresearch/fashion-mnist\n';
const VERSION = 1;

/**
 * The body of an IDX file after checking its header: magic 0x00000803 (uint8, 3 dims) for
 * images of rows x cols, 0x00000801 (uint8, 1 dim) for labels; the count and the body's length
 * must agree. Throws an Error naming the file and what is wrong.
 * @param {Buffer} bytes the decompressed file
 * @param {'images'|'labels'} kind
 * @returns {{ count: number, body: Buffer }}
 */
function readIdx(bytes, kind, name = 'IDX file') {
  const dims = kind === 'images' ? 3 : 1;
  const head = 4 + 4 * dims;
  const fail = (what) => {
    throw new Error(`${name}: ${what}`);
  };
  if (bytes.length < head) fail(`${bytes.length} bytes: too short for an IDX ${kind} header (${head} bytes)`);
  const magic = bytes.readUInt32BE(0);
  const want = 0x0800 + dims;
  if (magic !== want) fail(`magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x${want.toString(16).padStart(8, '0')} (uint8 ${kind})`);
  const count = bytes.readUInt32BE(4);
  let perItem = 1;
  if (kind === 'images') {
    const rows = bytes.readUInt32BE(8);
    const cols = bytes.readUInt32BE(12);
    if (rows !== ROWS || cols !== COLS) fail(`images of ${rows}x${cols}, expected ${ROWS}x${COLS}`);
    perItem = rows * cols;
  }
  if (bytes.length !== head + count * perItem) fail(`${bytes.length - head} bytes of data for ${count} ${kind}, expected ${count * perItem}`);
  return { count, body: bytes.subarray(head) };
}

/** Every label is a class index (0..9); throws naming the first that is not. */
function checkLabels(labels, name) {
  for (let i = 0; i < labels.length; i += 1) {
    if (labels[i] >= CLASS_NAMES.length) throw new Error(`${name}: label ${i} is ${labels[i]}, not a class index 0..${CLASS_NAMES.length - 1}`);
  }
}

/** The output file's name for a set, a part (train/test) and a kind (images/labels). */
const fileName = (set, part, kind) => `${set}-${part}-${kind}.u8`;

/** What the manifest records of the sources, to tell whether the outputs are up to date. */
function sourceStamp(sourceDir) {
  return Object.values(SOURCES).map((f) => {
    const st = fs.statSync(path.join(sourceDir, f));
    return { file: f, bytes: st.size, mtimeMs: Math.round(st.mtimeMs) };
  });
}

/** True when outDir's manifest was made from these sources and every file it lists has its size. */
function upToDate(outDir, stamp) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8'));
  } catch {
    return false;
  }
  if (manifest.format !== FORMAT || manifest.version !== VERSION) return false;
  if (JSON.stringify(manifest.sourceFiles) !== JSON.stringify(stamp)) return false;
  if (!fs.existsSync(path.join(outDir, 'LICENSE.txt'))) return false;
  return Object.values(manifest.sets).every((s) =>
    Object.values(s.files).every((f) => {
      try {
        return fs.statSync(path.join(outDir, f.path)).size === f.bytes;
      } catch {
        return false;
      }
    }),
  );
}

/** A clear message for a missing package or file. */
function missingMessage(sourceDir, file) {
  return (
    `Fashion-MNIST not found: ${path.join(sourceDir, file)} does not exist.\n` +
    "It comes from Debian's package dataset-fashion-mnist: run `npm run setup` " +
    '(or `apt-get install dataset-fashion-mnist`) and build again.'
  );
}

/**
 * Converts the IDX files in sourceDir into outDir (see the header). Returns
 * { skipped: boolean, manifest }. Throws an Error with a clear message on a missing file or a bad header.
 * @param {{ sourceDir?: string, outDir?: string, sets?: typeof SETS, log?: (s: string) => void }} [options]
 */
function buildAssets({ sourceDir = DEFAULT_SOURCE, outDir = DEFAULT_OUT, sets = SETS, copyright = DEFAULT_COPYRIGHT, log = () => {} } = {}) {
  for (const f of Object.values(SOURCES)) {
    if (!fs.existsSync(path.join(sourceDir, f))) throw new Error(missingMessage(sourceDir, f));
  }
  const stamp = sourceStamp(sourceDir);
  if (upToDate(outDir, stamp)) {
    log(`Fashion-MNIST assets up to date in ${outDir}`);
    return { skipped: true, manifest: JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) };
  }
  const parts = {};
  for (const [key, file] of Object.entries(SOURCES)) {
    const kind = key.endsWith('Images') ? 'images' : 'labels';
    const { count, body } = readIdx(zlib.gunzipSync(fs.readFileSync(path.join(sourceDir, file))), kind, file);
    if (kind === 'labels') checkLabels(body, file);
    parts[key] = { count, body };
  }
  for (const part of ['train', 'test']) {
    if (parts[`${part}Images`].count !== parts[`${part}Labels`].count) {
      throw new Error(`Fashion-MNIST ${part}: ${parts[`${part}Images`].count} images but ${parts[`${part}Labels`].count} labels`);
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  const manifestSets = {};
  for (const [set, counts] of Object.entries(sets)) {
    const files = {};
    for (const part of ['train', 'test']) {
      const n = counts[part];
      if (n > parts[`${part}Images`].count) throw new Error(`Fashion-MNIST ${set}: ${n} ${part} images asked for, the files hold ${parts[`${part}Images`].count}`);
      for (const kind of ['images', 'labels']) {
        const bytes = parts[`${part}${kind === 'images' ? 'Images' : 'Labels'}`].body.subarray(0, n * (kind === 'images' ? ROWS * COLS : 1));
        const name = fileName(set, part, kind);
        fs.writeFileSync(path.join(outDir, name), bytes);
        files[`${part}${kind === 'images' ? 'Images' : 'Labels'}`] = { path: name, bytes: bytes.length };
      }
    }
    manifestSets[set] = { nTrain: counts.train, nTest: counts.test, files };
  }
  const manifest = {
    format: FORMAT,
    version: VERSION,
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    imageShape: [ROWS, COLS],
    pixelMax: 255,
    classNames: CLASS_NAMES,
    sets: manifestSets,
    source: "Debian's package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/: the four original IDX files, gzipped)",
    homepage: 'https://github.com/zalandoresearch/fashion-mnist',
    licence: 'MIT',
    licenceFile: 'LICENSE.txt',
    credit:
      'Fashion-MNIST by Zalando Research: Han Xiao, Kashif Rasul and Roland Vollgraf, "Fashion-MNIST: a Novel Image ' +
      'Dataset for Benchmarking Machine Learning Algorithms", arXiv:1708.07747, 2017. MIT licence.',
    sourceFiles: stamp,
  };
  const licenceText = fs.existsSync(copyright)
    ? `Fashion-MNIST, as packaged by Debian (dataset-fashion-mnist): its copyright file follows.\n\n${fs.readFileSync(copyright, 'utf8')}`
    : NOTICE;
  fs.writeFileSync(path.join(outDir, 'LICENSE.txt'), licenceText);
  // The manifest last: a build interrupted before it is not taken for an up-to-date one.
  fs.writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`Fashion-MNIST assets written to ${outDir}`);
  return { skipped: false, manifest };
}

module.exports = { buildAssets, readIdx, CLASS_NAMES, SETS, SOURCES, DEFAULT_OUT, fileName };

if (require.main === module) {
  const [sourceDir = DEFAULT_SOURCE, outDir = DEFAULT_OUT] = process.argv.slice(2);
  try {
    buildAssets({ sourceDir, outDir: path.resolve(outDir), log: (s) => console.log(s) });
  } catch (e) {
    console.error(`fashion-mnist-assets: ${e.message}`);
    process.exit(1);
  }
}
