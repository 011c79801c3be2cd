// Fuzz test of the JSON job runner: seeded mutations of small valid jobs (numbers replaced by
// extremes, strings, nulls, arrays and objects; keys dropped, duplicated or added; deep
// nesting; empty arrays; damaged text), each run through the WebAssembly runJob and the native
// runner (build/native/mlp-run --lines, one process for every job). Properties: no trap, no
// crash and no hang; status 0 or 2 only; both runners give the same status and the same error,
// and for seeded jobs the same results bit for bit, every solver and precision (the native runner
// trains on the same portable arithmetic as WebAssembly: cpp/include/mlp/portable_math.hpp).
//
//   MLP_FUZZ_SEED=n      another sequence (default 17); printed on failure with the job
//   MLP_FUZZ_SECONDS=s   time budget (default 25, the share of npm test); MLP_FUZZ_JOBS: cap
//   MLP_FUZZ_JOB=i       replays job i of the sequence only
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

import { loadMlpModule } from '../../web/src/engine/load-node.js';
import { firstDifference, nativeRunner } from './support.js';

const SEED = Number(process.env.MLP_FUZZ_SEED ?? 17);
const SECONDS = Number(process.env.MLP_FUZZ_SECONDS ?? 25);
const MAX_JOBS = Number(process.env.MLP_FUZZ_JOBS ?? 200000);
const ONLY_JOB = process.env.MLP_FUZZ_JOB === undefined ? null : Number(process.env.MLP_FUZZ_JOB);
const HANG_MS = 30000;

/** mulberry32: a small seeded generator of floats in [0, 1). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Values written as they are into the JSON text (numbers JavaScript cannot hold, deep nesting).
class Raw {
  constructor(text) {
    this.text = text;
  }
}
// An object written with its entries as given, duplicate keys included.
class Entries {
  constructor(entries) {
    this.entries = entries.map(([k, v]) => Object.assign([k, v], { isEntry: true }));
  }
}

function serialize(v) {
  if (v instanceof Raw) return v.text;
  if (v instanceof Entries) return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${serialize(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(serialize).join(',')}]`;
  if (v && typeof v === 'object') return serialize(new Entries(Object.entries(v)));
  return JSON.stringify(v) ?? 'null';
}

const moons = { generator: 'make_moons', params: { n_samples: 30, noise: 0.2, random_state: 0 } };
const SEED_JOBS = [
  { estimator: 'MLPClassifier', params: { hidden_layer_sizes: [4], max_iter: 5, random_state: 0 }, dataset: moons,
    X_test: [[0.5, 0.2], [-1, 0.5]], y_test: [1, 0] },
  { estimator: 'MLPRegressor', params: { hidden_layer_sizes: [3], solver: 'lbfgs', max_iter: 5, random_state: 1 },
    dataset: { generator: 'sine', params: { n_samples: 20, noise: 0.1, random_state: 2 } } },
  { estimator: 'MLPClassifier', precision: 'float32',
    params: { hidden_layer_sizes: [5, 3], solver: 'sgd', batch_size: 8, early_stopping: true, n_iter_no_change: 2,
      validation_fraction: 0.2, max_iter: 6, random_state: 3, learning_rate: 'adaptive' },
    dataset: { generator: 'xor', params: { n_samples: 40, noise: 0.1, random_state: 4 } } },
  { estimator: 'MLPClassifier', params: { hidden_layer_sizes: 3, max_iter: 3, random_state: 5, activation: 'tanh' },
    X: [[0, 0], [1, 1], [0, 1], [1, 0], [0.5, 0.5]], y: ['a', 'b', 'a', 'b', 'c'],
    calls: [{ method: 'partial_fit', classes: ['a', 'b', 'c'] }, { method: 'partial_fit', X: [[1, 2]], y: ['c'] }] },
  { estimator: 'MLPRegressor', precision: 'float32', params: { hidden_layer_sizes: [4], max_iter: 4, random_state: 6 },
    dataset: { generator: 'make_regression', params: { n_samples: 15, n_features: 3, n_informative: 2, n_targets: 2,
      noise: 1, random_state: 7 } },
    X_test: [[0, 1, 2]] },
  { estimator: 'MLPClassifier', params: { hidden_layer_sizes: [2], random_state: 8 },
    dataset: { generator: 'make_blobs', params: { n_samples: 12, centers: 3, n_features: 2, random_state: 9 } },
    init: { coefs: [[[0.1, -0.2], [0.3, 0.4]], [[0.5, -0.5, 0.2], [0.1, 0.2, -0.3]]], intercepts: [[0, 0.1], [0.2, 0, -0.1]] },
    calls: [], X_test: [[0, 0], [5, -3]], y_test: [0, 1] },
  { estimator: 'MLPClassifier',
    params: { hidden_layer_sizes: [3], solver: 'lbfgs', l1: 0.01, activation: 'leaky_relu', leaky_slope: 0.1,
      max_iter: 5, max_fun: 50, random_state: 10 },
    dataset: { generator: 'make_blobs', params: { n_samples: 16, centers: [[0, 0], [2, 2]], cluster_std: [0.5, 1],
      center_box: [-1, 1], random_state: 11 } } },
  { estimator: 'MLPRegressor',
    params: { hidden_layer_sizes: [2], max_iter: 3, warm_start: true, dropout: 0.2, init: 'he', random_state: 12 },
    dataset: { generator: 'plane', params: { n_samples: 20, random_state: 13 } },
    init: { coefs: [[[0.1, 0.2], [0.3, -0.1]], [[0.5], [-0.5]]], intercepts: [[0, 0], [0.1]] },
    calls: [{ method: 'fit' }, { method: 'fit' }] },
  { estimator: 'MLPClassifier',
    params: { hidden_layer_sizes: [4], solver: 'sgd', learning_rate: 'invscaling', nesterovs_momentum: false,
      momentum: 0.5, power_t: 0.3, alpha: 0.01, tol: 0.001, shuffle: false, max_iter: 4, random_state: 14 },
    dataset: { generator: 'make_circles', params: { n_samples: 24, factor: 0.5, noise: 0.05, random_state: 15 } },
    output: ['X', 'y'] },
  { estimator: 'MLPRegressor', params: { hidden_layer_sizes: [2], max_iter: 2, random_state: 16, batch_size: 4,
      n_iter_no_change: 'inf', beta_1: 0.5, beta_2: 0.9, epsilon: 1e-6, verbose: 0 },
    X: [[1], [2], [3], [4], [5]], y: [[1, 2], [2, 3], [3, 4], [4, 5], [5, 6]], X_test: [[6]], y_test: [[6, 7]] },
  { estimator: 'MLPClassifier', params: { hidden_layer_sizes: [3], max_iter: 3, random_state: 17 },
    dataset: { generator: 'spirals', params: { n_samples: 20, noise: 0.05, random_state: 18 } }, calls: [] },
];

// The faults the issue reports, run first every time (and in test_limits.cpp / test_runner_cli.cpp).
const deep = (depth) => new Raw('['.repeat(depth) + ']'.repeat(depth));
const REGRESSIONS = [
  { estimator: 'MLPRegressor', params: { hidden_layer_sizes: 4294967295, solver: 'lbfgs' },
    dataset: { generator: 'sine', params: { n_samples: 20, random_state: 0 } } },
  { estimator: 'MLPRegressor', params: { hidden_layer_sizes: 4294967297, solver: 'lbfgs', max_iter: 3, random_state: 0 },
    dataset: { generator: 'sine', params: { n_samples: 20, random_state: 0 } } },
  { estimator: 'MLPClassifier', params: { alpha: deep(70000) }, X: [[0], [1]], y: [0, 1] },
  { estimator: 'MLPClassifier', params: { hidden_layer_sizes: [3], max_iter: 5, random_state: 0, shuffle: false },
    X: [[1.1e300], [1], [2]], y: [1, 2, 3] },
];

const EXTREMES = [0, -1, 1, 2, 0.5, -0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53,
  1e300, -1e300, 1.1e300, 1e-300, 5e-324, Number.MAX_VALUE, 1000, new Raw('1e999'), new Raw('-0'), new Raw('2.0'),
  new Raw('1E2'), new Raw('18446744073709551615'), new Raw('18446744073709551616'), new Raw('-9223372036854775809'),
  new Raw('9223372036854775807')];
const STRINGS = ['', 'auto', 'inf', '-inf', 'nan', 'Infinity', 'relu', 'lbfgs', 'sgd', 'float32', 'fit', 'partial_fit',
  'make_blobs', 'MLPRegressor', 'x'.repeat(300), '\u0000', 'é✓'];
const SHAPES = [null, true, false, [], {}, [1], [[1]], [[1, 2], [3]], [[]], [null], { a: 1 }, [[0.5, 0.5]], [0, 1, 2]];
const KEYS = ['X', 'y', 'X_test', 'y_test', 'calls', 'init', 'dataset', 'params', 'output', 'precision', 'estimator',
  'hidden_layer_sizes', 'batch_size', 'max_iter', 'random_state', 'n_samples', 'classes', 'coefs', 'centers', 'bogus'];

/** Every [parent, key] in the tree (arrays by index), the root's children first. */
function places(v, out = []) {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([v, i]); places(x, out); });
  else if (v instanceof Entries) v.entries.forEach((e) => { out.push([e, 1]); places(e[1], out); });
  else if (v && typeof v === 'object' && !(v instanceof Raw))
    Object.keys(v).forEach((k) => { out.push([v, k]); places(v[k], out); });
  return out;
}

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

/** One mutation of the tree under root (in place); returns the new root. */
function mutate(r, root) {
  const where = places(root);
  if (where.length === 0) return pick(r, SHAPES);
  const [parent, key] = pick(r, where);
  const kind = Math.floor(r() * 10);
  const value = parent[key];
  if (kind <= 3) parent[key] = pick(r, EXTREMES);
  else if (kind === 4) parent[key] = pick(r, STRINGS);
  else if (kind === 5) parent[key] = structuredClone(pick(r, SHAPES));
  else if (kind === 6) parent[key] = r() < 0.7 ? [value] : deep(pick(r, [2, 50, 100, 101, 1000, 100000]));
  else if (Array.isArray(parent) && !parent.isEntry) {
    if (kind === 7) parent.splice(key, 1);
    else if (kind === 8) parent.splice(key, 0, structuredClone(value));
    else parent.length = key;
  } else if (parent.isEntry) {
    parent[key] = pick(r, EXTREMES);
  } else {
    // An object: drop the key, write it twice, or add another one.
    const entries = Object.entries(parent);
    const at = entries.findIndex(([k]) => k === key);
    if (kind === 7) entries.splice(at, 1);
    else if (kind === 8) entries.push([key, r() < 0.5 ? structuredClone(value) : pick(r, EXTREMES)]);
    else entries.push([pick(r, KEYS), r() < 0.5 ? structuredClone(value) : pick(r, SHAPES)]);
    const replacement = new Entries(entries);
    return replace(root, parent, replacement);
  }
  return root;
}

/** root with `node` replaced by `replacement` (found by identity). */
function replace(root, node, replacement) {
  if (root === node) return replacement;
  for (const [parent, key] of places(root)) if (parent[key] === node) parent[key] = replacement;
  return root;
}

/** Job i of the sequence: its bytes. */
function makeJob(i) {
  if (i < REGRESSIONS.length) return Buffer.from(serialize(REGRESSIONS[i]));
  const r = random((SEED * 2654435761) ^ (i * 40503));
  let job = structuredClone(pick(r, SEED_JOBS));
  const n = r() < 0.6 ? 1 : 2 + Math.floor(r() * 2);
  for (let k = 0; k < n; ++k) job = mutate(r, job);
  let bytes = Buffer.from(serialize(job));
  const damage = r();
  if (damage < 0.03) bytes = bytes.subarray(0, Math.floor(r() * bytes.length));
  else if (damage < 0.05) {
    const at = Math.floor(r() * bytes.length);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([pick(r, [0x22, 0x5b, 0x7d, 0xff, 0x00, 0x2c])]),
      bytes.subarray(at)]);
  }
  return bytes;
}

/** True when both runs must give the same numbers: every random_state the job uses is given. */
function seeded(bytes) {
  let job;
  try {
    job = JSON.parse(bytes.toString());
  } catch {
    return true; // malformed: an error, the same in both
  }
  const given = (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32;
  if (!job || typeof job !== 'object' || !job.params || typeof job.params !== 'object') return false;
  if (!given(job.params.random_state)) return false;
  if (job.dataset !== undefined && !given(job.dataset?.params?.random_state)) return false;
  return true;
}

/** The native runner in --lines mode: run(bytes) -> {status, result}, one job at a time. */
function startNative() {
  const child = spawn(nativeRunner, ['--lines'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = '';
  let waiting = null;
  let exited = null;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    const nl = buffer.indexOf('\n');
    if (nl >= 0 && waiting) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const w = waiting;
      waiting = null;
      w.resolve(JSON.parse(line));
    }
  });
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    if (waiting) waiting.reject(new Error(`mlp-run --lines died (exit ${code}, signal ${signal})`));
  });
  child.stdin.on('error', () => {});
  return {
    run(bytes) {
      if (exited) return Promise.reject(new Error(`mlp-run --lines died (exit ${exited.code}, signal ${exited.signal})`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms (a hang)`)), HANG_MS);
        waiting = {
          resolve: (v) => { clearTimeout(timer); resolve(v); },
          reject: (e) => { clearTimeout(timer); reject(e); },
        };
        child.stdin.write(Buffer.concat([bytes, Buffer.from('\n')]));
      });
    },
    stop() {
      child.stdin.end();
      child.kill();
    },
  };
}

/** Numbers compare bit for bit: no tolerance (-0 and 0 are the same number in JSON). */
const exactly = () => false;

/** Why the two answers to one job are not acceptable, or null. */
function problem(bytes, wasm, native) {
  if (wasm.trap) return `the WebAssembly runner trapped: ${wasm.trap}`;
  if (![0, 2].includes(native.status)) return `native status ${native.status}`;
  if (![0, 2].includes(wasm.status)) return `WebAssembly status ${wasm.status}`;
  if (wasm.status !== native.status) return `status ${wasm.status} (WebAssembly) != ${native.status} (native)`;
  if (wasm.status === 2) {
    const d = firstDifference(wasm.result, native.result, exactly);
    return d && `different errors: ${d}`;
  }
  // A job without a random_state draws its seed in each runner: the same status is all it can share.
  if (!seeded(bytes)) return null;
  const d = firstDifference(wasm.result, native.result, exactly);
  return d && `different results: ${d}`;
}

test(`fuzzed jobs: no trap, status 0 or 2, WebAssembly and native agree (seed ${SEED})`, async (t) => {
  const mlp = await loadMlpModule();
  const native = startNative();
  const start = Date.now();
  const counts = { jobs: 0, ok: 0, errors: 0, compared: 0 };
  try {
    for (let i = ONLY_JOB ?? 0; i < MAX_JOBS; ++i) {
      if (ONLY_JOB === null && i >= REGRESSIONS.length && Date.now() - start > SECONDS * 1000) break;
      const bytes = makeJob(i);
      if (bytes.length === 0 || /^\s*$/.test(bytes.toString('latin1'))) continue; // no line to send
      let wasm;
      try {
        const { status, output } = mlp.runJob(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
        wasm = { status, result: JSON.parse(output) };
      } catch (e) {
        wasm = { trap: String(e) };
      }
      let nativeAnswer;
      try {
        nativeAnswer = await native.run(bytes);
      } catch (e) {
        nativeAnswer = { status: String(e.message) };
      }
      const why = problem(bytes, wasm, nativeAnswer);
      if (why) {
        const text = bytes.toString();
        assert.fail(`${why}\nreplay: MLP_FUZZ_SEED=${SEED} MLP_FUZZ_JOB=${i} node --test tests/node/fuzz-runner.test.js\n` +
          `job (${bytes.length} bytes): ${text.length > 2000 ? `${text.slice(0, 2000)}...` : text}\n` +
          `WebAssembly: ${JSON.stringify(wasm).slice(0, 1000)}\nnative: ${JSON.stringify(nativeAnswer).slice(0, 1000)}`);
      }
      counts.jobs += 1;
      counts[wasm.status === 0 ? 'ok' : 'errors'] += 1;
      if (wasm.status === 0 && seeded(bytes)) counts.compared += 1;
      if (ONLY_JOB !== null) break;
    }
  } finally {
    native.stop();
  }
  t.diagnostic(`seed ${SEED}: ${counts.jobs} jobs in ${((Date.now() - start) / 1000).toFixed(1)} s: ${counts.ok} ` +
    `trained (${counts.compared} compared bit for bit), ${counts.errors} errors (status 2)`);
  assert.ok(counts.jobs >= Math.min(ONLY_JOB === null ? 50 : 1, MAX_JOBS), 'the budget ran at least a few jobs');
});
