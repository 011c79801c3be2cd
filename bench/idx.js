// IDX files (the MNIST / Fashion-MNIST format), gzipped, read in node with zlib:
//   magic 0x00 0x00 0x08 <rank>, then <rank> big-endian uint32 sizes, then the unsigned bytes.
//   const { readIdx, readFashionMnist } = require('./idx.js')
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

/** Debian's dataset-fashion-mnist installs the four files here. */
const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
};

/** Parses IDX bytes (already ungzipped): { shape, data } with data a Uint8Array view on `bytes`. */
function parseIdx(bytes, name = 'IDX data') {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08)
    throw new Error(`${name}: not an IDX file of unsigned bytes (magic ${Array.from(bytes.subarray(0, 4)).join(',')})`);
  const rank = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = [];
  for (let i = 0; i < rank; i += 1) shape.push(view.getUint32(4 + 4 * i, false));
  const offset = 4 + 4 * rank;
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== offset + count) throw new Error(`${name}: ${bytes.length - offset} bytes of data for shape ${shape.join('x')}`);
  return { shape, data: bytes.subarray(offset) };
}

/** A gzipped IDX file: { shape, data, raw } (raw: the ungzipped file). */
function readIdx(file) {
  const raw = zlib.gunzipSync(fs.readFileSync(file));
  return { ...parseIdx(raw, file), raw };
}

/**
 * The four files of Fashion-MNIST: { trainImages, trainLabels, testImages, testLabels } (Uint8Array),
 * nTrain, nTest, nFeatures (28 x 28 = 784), and `raw`: the ungzipped files by name (for the native side).
 */
function readFashionMnist(dir = FASHION_MNIST_DIR) {
  const out = { dir, raw: {} };
  for (const [key, file] of Object.entries(FILES)) {
    const idx = readIdx(path.join(dir, file));
    out[key] = idx.data;
    out.raw[file.replace(/\.gz$/, '')] = idx.raw;
    if (key === 'trainImages' || key === 'testImages') out[key + 'Shape'] = idx.shape;
  }
  out.nTrain = out.trainLabels.length;
  out.nTest = out.testLabels.length;
  out.nFeatures = out.trainImagesShape[1] * out.trainImagesShape[2];
  return out;
}

module.exports = { FASHION_MNIST_DIR, FILES, parseIdx, readIdx, readFashionMnist };
