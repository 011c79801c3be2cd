#!/usr/bin/env node
// One column of `npm run bench` in its own node process (no JIT or heap state shared between
// engines):
//   node bench/node-runner.js ours|tfjs-wasm|tfjs-cpu OUT.json
// ours       build/wasm/mlp.js + mlp.wasm (or MLP_WASM_DIR) through the Embind Session
// tfjs-wasm  @tensorflow/tfjs with @tensorflow/tfjs-backend-wasm (its SIMD build when supported)
// tfjs-cpu   @tensorflow/tfjs's pure-JS CPU backend
// Environment: MLP_BENCH_REPEATS (default 5), MLP_BENCH_ONLY (a workload name substring).
// Progress goes to stderr; stdout is not used (TF.js prints its hints there, so console.log is
// sent to stderr too).
'use strict';

const fs = require('fs');
const path = require('path');
const MlpBench = require('./workloads.js');

const root = path.resolve(__dirname, '..');
const [mode, out] = process.argv.slice(2);
const repeats = Math.max(1, Number(process.env.MLP_BENCH_REPEATS || 5));
const only = process.env.MLP_BENCH_ONLY || '';
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
console.log = console.info = (...args) => process.stderr.write(args.join(' ') + '\n');

async function ours() {
  const dir = path.resolve(process.env.MLP_WASM_DIR || path.join(root, 'build/wasm'));
  const createMlpModule = require(path.join(dir, 'mlp.js'));
  const mlp = await createMlpModule({ wasmBinary: fs.readFileSync(path.join(dir, 'mlp.wasm')) });
  const cells = await MlpBench.runOurs(mlp, { repeats, only, log });
  return { engine: 'ours-wasm-node', wasm_dir: dir, cells };
}

async function tfjs(backend) {
  const tf = require('@tensorflow/tfjs');
  const info = { engine: `tfjs-${backend}`, tfjs_version: tf.version.tfjs };
  if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    // The package's dist/ folder on disk, with the trailing slash (a prefix, not a directory).
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
    wasm.setWasmPaths(dist);
    info.wasm_paths = dist;
    info.backend_version = wasm.version_wasm;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`backend is ${tf.getBackend()}, not ${backend}`);
  if (backend === 'wasm') {
    info.WASM_HAS_SIMD_SUPPORT = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.WASM_HAS_MULTITHREAD_SUPPORT = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    info.threads = require('@tensorflow/tfjs-backend-wasm').getThreadsCount();
  }
  info.cells = await MlpBench.runTf(tf, { repeats, only, log });
  return info;
}

async function main() {
  if (!out) throw new Error('usage: node bench/node-runner.js ours|tfjs-wasm|tfjs-cpu OUT.json');
  let result;
  if (mode === 'ours') result = await ours();
  else if (mode === 'tfjs-wasm') result = await tfjs('wasm');
  else if (mode === 'tfjs-cpu') result = await tfjs('cpu');
  else throw new Error(`unknown mode ${mode}`);
  result.repeats_requested = repeats;
  result.node = process.version;
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench: ${mode}: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
