#!/usr/bin/env node
// M1 in node: the WebAssembly build (build/wasm or MLP_WASM_DIR) through the Embind Session, on
// Fashion-MNIST read from Debian's IDX files with zlib, in one precision per process (so that the
// process's peak RSS is this precision's):
//   node bench/m1-node.js float32|float64 OUT.json
// Environment: MLP_BENCH_M1_REPEATS (default 3), MLP_BENCH_M1_SUBSET (full, the default, or quick),
// MLP_FASHION_MNIST_DIR.
'use strict';

const fs = require('fs');
const path = require('path');
const M1 = require('./m1-work.js');
const { readFashionMnist, FASHION_MNIST_DIR } = require('./idx.js');

const root = path.resolve(__dirname, '..');
const [precision, out] = process.argv.slice(2);
const repeats = Math.max(1, Number(process.env.MLP_BENCH_M1_REPEATS || 3));
const log = (msg) => process.stderr.write(`M1 node: ${msg}\n`);

async function main() {
  if (!['float32', 'float64'].includes(precision) || !out) throw new Error('usage: node bench/m1-node.js float32|float64 OUT.json');
  const dir = path.resolve(process.env.MLP_WASM_DIR || path.join(root, 'build/wasm'));
  const createMlpModule = require(path.join(dir, 'mlp.js'));
  const mlp = await createMlpModule({ wasmBinary: fs.readFileSync(path.join(dir, 'mlp.wasm')) });
  const t0 = performance.now();
  const all = readFashionMnist(process.env.MLP_FASHION_MNIST_DIR || FASHION_MNIST_DIR);
  delete all.raw; // only the bytes stay
  const data = M1.subset(all, process.env.MLP_BENCH_M1_SUBSET || 'full');
  const readSeconds = (performance.now() - t0) / 1000;
  const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k]);
  };
  const fits = [];
  for (let r = 0; r < repeats; r += 1) {
    fits.push(M1.fitM1(mlp, data, precision, { log: (m) => log(`${r + 1}/${repeats} ${m}`), sample }));
  }
  sample();
  const result = {
    engine: 'ours-wasm-node',
    precision,
    wasm_dir: dir,
    node: process.version,
    read_idx_seconds: readSeconds,
    fits,
    memory: {
      max_rss_bytes: process.resourceUsage().maxRSS * 1024,
      sampled_peak: peak,
      wasm_memory_bytes: M1.heapBytes(mlp),
      note: 'maxRSS: the whole process (the IDX bytes read, the module, its WebAssembly memory); sampled after each epoch',
    },
  };
  fs.writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`M1 node: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
