#!/usr/bin/env node
// npm run bench (after scripts/bench.sh has built everything): runs every column in its own
// process, one after the other, on this machine, then prints the table on stdout and writes
// bench-results/bench.json. Progress goes to stderr.
//
// Columns (bench/workloads.js defines W1-W4; cpp/tools/mlp_bench.cpp mirrors it natively; the search
// workload S1 is bench/search-runner.mjs's):
//   ours-native          build/native/mlp-bench --sections reference,compare,kernels
//   ours-wasm-node       bench/node-runner.js ours       (Embind Session, as the page's worker)
//   ours-wasm-chromium   bench/browser-runner.js         (headless Chromium, classic Web Worker)
//   tfjs-wasm, tfjs-cpu  bench/node-runner.js tfjs-wasm|tfjs-cpu  (@tensorflow/tfjs 4.x from npm)
//   ours-play            bench/play-runner.mjs: the page's Play at Fastest (the worker's host), epochs/s
//   search               bench/search-runner.mjs: S1 through the page's Tune pool (1 worker, one per core) in
//                        node and Chromium, and scikit-learn's GridSearchCV (n_jobs=1, -1)
//   M1                   bench/m1.js: the course's MNIST configuration on the full Fashion-MNIST set
//                        (scikit-learn, native, WebAssembly in node and in a Chromium worker; float32
//                        and float64): fit seconds, loss curves against scikit-learn's, peak memory
// plus build/wasm/mlp-bench.js --sections kernels: W3's products against an f32x4 mul+add peak
// measured in the same wasm process.
//
// Environment: MLP_BENCH_REPEATS (default 5), MLP_BENCH_ONLY (workload name substring),
// MLP_BENCH_SKIP (comma-separated columns to leave out: native, wasm-kernels, ours-wasm-node, ours-play,
// ours-wasm-chromium, tfjs-wasm, tfjs-cpu, search, M1; or M1's sides m1-sklearn, m1-native, m1-node,
// m1-chromium), MLP_BENCH_ONLY=M1 (M1 alone), MLP_BENCH_M1_REPEATS (default 3), MLP_BENCH_BROWSER_TFJS=0 (no TF.js in Chromium),
// MLP_BENCH_OUT (default bench-results/bench.json), MLP_WASM_DIR / MLP_NATIVE_DIR (other builds).
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const MlpBench = require('./workloads.js');

const root = path.resolve(__dirname, '..');
const started = Date.now();
const loadAtStart = os.loadavg();
const repeats = Math.max(1, Number(process.env.MLP_BENCH_REPEATS || 5));
const only = process.env.MLP_BENCH_ONLY || '';
const skip = new Set((process.env.MLP_BENCH_SKIP || '').split(',').filter(Boolean));
// MLP_BENCH_ONLY=M1: M1 alone (the other columns have no workload of that name). M1 runs when
// MLP_BENCH_ONLY is empty or part of its name.
if (only === 'M1') for (const c of ['native', 'wasm-kernels', 'ours-wasm-node', 'ours-wasm-chromium', 'ours-play', 'tfjs-wasm', 'tfjs-cpu', 'search']) skip.add(c);
if (only && !'M1'.includes(only)) skip.add('M1');
const outPath = path.resolve(root, process.env.MLP_BENCH_OUT || 'bench-results/bench.json');
const wasmDir = path.resolve(process.env.MLP_WASM_DIR || path.join(root, 'build/wasm'));
const nativeDir = path.resolve(process.env.MLP_NATIVE_DIR || path.join(root, 'build/native'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-bench-'));
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Running the columns

/** Runs a child process (stdout and stderr to our stderr) that writes JSON to `file`. */
function runChild(label, command, args, file, env = {}, timeoutMinutes = 15) {
  if (skip.has(label)) {
    log(`${label}: skipped (MLP_BENCH_SKIP)`);
    return { skipped: true };
  }
  const shown = (a) => (a.startsWith(root + path.sep) ? path.relative(root, a) : a === node ? 'node' : a);
  log(`${label}: ${[command, ...args].map(shown).join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(command, args, {
    cwd: root,
    stdio: ['ignore', 2, 2],
    env: { ...process.env, MLP_BENCH_REPEATS: String(repeats), MLP_BENCH_ONLY: only, ...env },
    timeout: timeoutMinutes * 60 * 1000,
  });
  const seconds = (Date.now() - t0) / 1000;
  if (r.error || r.status !== 0 || !fs.existsSync(file)) {
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`;
    log(`${label}: FAILED (${why})`);
    return { error: why, seconds };
  }
  log(`${label}: done in ${seconds.toFixed(1)} s`);
  return { ...JSON.parse(fs.readFileSync(file, 'utf8')), seconds };
}

const node = process.execPath;
const runs = {};
runs.native = runChild(
  'native',
  path.join(nativeDir, 'mlp-bench'),
  ['--sections', 'reference,compare,kernels', '--repeats', String(repeats), '--json', path.join(tmp, 'native.json')]
    .concat(only ? ['--only', only] : []),
  path.join(tmp, 'native.json'),
);
// Kept for the README's `bench-results/native.json` (the native runner's own report).
if (!runs.native.error && !runs.native.skipped) {
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  fs.copyFileSync(path.join(tmp, 'native.json'), path.join(path.dirname(outPath), 'native.json'));
}
runs.wasmKernels = runChild(
  'wasm-kernels',
  node,
  ['--no-experimental-fetch', path.join(wasmDir, 'mlp-bench.js'), '--sections', 'kernels', '--json', path.join(tmp, 'wasm-kernels.json')],
  path.join(tmp, 'wasm-kernels.json'),
);
runs.oursNode = runChild('ours-wasm-node', node, [path.join(__dirname, 'node-runner.js'), 'ours', path.join(tmp, 'ours.json')], path.join(tmp, 'ours.json'));
runs.chromium = runChild(
  'ours-wasm-chromium',
  node,
  [path.join(__dirname, 'browser-runner.js'), path.join(tmp, 'chromium.json')],
  path.join(tmp, 'chromium.json'),
);
runs.play = runChild('ours-play', node, [path.join(__dirname, 'play-runner.mjs'), path.join(tmp, 'play.json')], path.join(tmp, 'play.json'));
runs.tfjsWasm = runChild('tfjs-wasm', node, [path.join(__dirname, 'node-runner.js'), 'tfjs-wasm', path.join(tmp, 'tfjs-wasm.json')], path.join(tmp, 'tfjs-wasm.json'));
runs.tfjsCpu = runChild('tfjs-cpu', node, [path.join(__dirname, 'node-runner.js'), 'tfjs-cpu', path.join(tmp, 'tfjs-cpu.json')], path.join(tmp, 'tfjs-cpu.json'));
runs.search = runChild('search', node, [path.join(__dirname, 'search-runner.mjs'), path.join(tmp, 'search.json')], path.join(tmp, 'search.json'));
runs.m1 = runChild('M1', node, [path.join(__dirname, 'm1.js'), path.join(tmp, 'm1.json')], path.join(tmp, 'm1.json'), {}, 45);
fs.rmSync(tmp, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// Checks: the native side must run the workloads bench/workloads.js defines.

const problems = [];
for (const [label, run] of Object.entries(runs)) if (run.error) problems.push(`${label} failed: ${run.error}`);
for (const entry of (runs.native.compare || []).filter((e) => e.params)) {
  const w = MlpBench.WORKLOADS.find((x) => x.name === entry.name);
  const expected = {
    hidden_layer_sizes: w.hidden,
    activation: w.activation,
    solver: w.solver,
    learning_rate_init: w.learningRate,
    batch_size: w.batchSize,
    max_iter: w.epochs,
  };
  const canonical = (o) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
  if (canonical(entry.params) !== canonical(expected) || entry.n !== w.n || entry.features !== w.features)
    problems.push(`mlp_bench.cpp's ${entry.name} differs from bench/workloads.js: ${JSON.stringify(entry.params)}`);
}

// ---------------------------------------------------------------------------------------------
// The table

const ROWS = [
  { name: 'W1', label: 'W1 fit  2-[8,8]-1 sgd', unit: 'samples_per_s' },
  { name: 'W2', label: 'W2 fit  2-[64,64]-1 adam', unit: 'samples_per_s' },
  { name: 'W3', label: 'W3 fit  784-[100]-10 adam', unit: 'samples_per_s' },
  { name: 'W4 (W1 net)', label: 'W4 grid, W1 net', unit: 'points_per_s' },
  { name: 'W4 (W2 net)', label: 'W4 grid, W2 net', unit: 'points_per_s' },
];
const COLUMNS = [
  ['ours_native', 'ours-native', (n) => (runs.native.compare || []).find((c) => c.name === n)],
  ['ours_wasm_node', 'ours-wasm-node', (n) => (runs.oursNode.cells || []).find((c) => c.name === n)],
  ['ours_wasm_chromium', 'ours-wasm-chromium', (n) => ((runs.chromium.ours || []).find((c) => c.name === n))],
  ['tfjs_wasm', 'tfjs-wasm', (n) => (runs.tfjsWasm.cells || []).find((c) => c.name === n)],
  ['tfjs_cpu', 'tfjs-cpu', (n) => (runs.tfjsCpu.cells || []).find((c) => c.name === n)],
];
const tfjsChromium = (n) => ((runs.chromium.tfjs && runs.chromium.tfjs.cells) || []).find((c) => c.name === n);

function si(v) {
  if (v === undefined || v === null || !Number.isFinite(v)) return '-';
  if (v >= 1e9) return (v / 1e9).toPrecision(3) + 'G';
  if (v >= 1e6) return (v / 1e6).toPrecision(3) + 'M';
  if (v >= 1e3) return (v / 1e3).toPrecision(3) + 'k';
  return v.toPrecision(3);
}
const ratioText = (r) => (Number.isFinite(r) ? (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)) + 'x' : '-');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

const workloads = {};
const targets = [];
const lines = [];
const head = ['workload (float32)', 'unit', ...COLUMNS.map((c) => c[1]), 'wasm/tfjs-wasm', 'target', 'met?'];
const widths = [26, 9, 12, 15, 19, 10, 9, 15, 7, 5];
const row = (cells) => cells.map((c, i) => (i < 2 ? pad(c, widths[i]) : lpad(c, widths[i]))).join(' ');
lines.push(row(head));
lines.push('-'.repeat(widths.reduce((a, b) => a + b + 1, -1)));
for (const r of ROWS) {
  if (only && !r.name.includes(only)) continue;
  const entry = { unit: r.unit.replace(/_/g, ' ').replace(' per ', '/') };
  const values = COLUMNS.map(([key, , find]) => {
    const c = find(r.name);
    if (c) entry[key] = c;
    return c ? c[r.unit] : undefined;
  });
  const tc = tfjsChromium(r.name);
  if (tc) entry.tfjs_wasm_chromium = tc;
  const ratio = values[1] / values[3];
  entry.ratio_ours_wasm_node_vs_tfjs_wasm = Number.isFinite(ratio) ? ratio : null;
  const t = MlpBench.TARGETS[r.name];
  let target = '', met = '';
  if (t) {
    target = `>= ${t.ratio}x`;
    met = Number.isFinite(ratio) ? (ratio >= t.ratio ? 'yes' : 'NO') : '?';
    entry.target_ratio = t.ratio;
    entry.target_met = Number.isFinite(ratio) ? ratio >= t.ratio : null;
    targets.push({ what: `${r.name}: ours-wasm-node / tfjs-wasm >= ${t.ratio}x`, value: entry.ratio_ours_wasm_node_vs_tfjs_wasm, met: entry.target_met });
  }
  const browserVsNode = values[2] / values[1];
  if (Number.isFinite(browserVsNode)) {
    entry.chromium_vs_node = browserVsNode;
    entry.chromium_vs_node_met = browserVsNode >= MlpBench.TARGETS.browserVsNode;
    targets.push({
      what: `${r.name}: ours-wasm-chromium / ours-wasm-node >= ${MlpBench.TARGETS.browserVsNode}`,
      value: browserVsNode,
      met: entry.chromium_vs_node_met,
    });
  }
  workloads[r.name] = entry;
  lines.push(row([r.label, r.unit === 'samples_per_s' ? 'samples/s' : 'points/s', ...values.map(si), ratioText(ratio), target, met]));
}

// Kernels and peak.
const kw = runs.wasmKernels.kernels;
const kn = runs.native.kernels;
const kernels = { wasm_node: kw || null, native: kn || null };
lines.push('');
lines.push(`${pad("kernels: W3's products, float32, batch 200 (GFLOP/s)", 58)} ${lpad('wasm (node)', 12)} ${lpad('native', 10)}`);
const names = (kw || kn || { products: [] }).products.map((p) => p.name);
const kval = (k, i) => (k ? k.products[i].gflops.toFixed(1) : '-');
names.forEach((name, i) => {
  const shape = (kw || kn).products[i].shape;
  lines.push(`  ${pad(`${name} ${shape}`, 56)} ${lpad(kval(kw, i), 12)} ${lpad(kval(kn, i), 10)}`);
});
lines.push(`  ${pad('all three', 56)} ${lpad(kw ? kw.products_gflops.toFixed(1) : '-', 12)} ${lpad(kn ? kn.products_gflops.toFixed(1) : '-', 10)}`);
lines.push(
  `  ${pad('mul+add peak, same process (best pattern)', 56)} ${lpad(kw ? kw.peak.gflops.toFixed(1) : '-', 12)} ${lpad(kn ? kn.peak.gflops.toFixed(1) + '*' : '-', 10)}`,
);
const fraction = kw ? kw.products_fraction_of_peak : NaN;
lines.push(
  `  ${pad(`products / peak (target >= ${MlpBench.TARGETS.kernelVsPeak * 100}% in wasm)`, 56)} ${lpad(Number.isFinite(fraction) ? (100 * fraction).toFixed(0) + '%' : '-', 12)} ${lpad('', 10)}  ${Number.isFinite(fraction) ? (fraction >= MlpBench.TARGETS.kernelVsPeak ? 'met' : 'NOT met') : ''}`,
);
if (kn) lines.push('  * native "peak" is a plain float loop without FMA (-ffp-contract=off), not the machine peak: Eigen uses FMA');
targets.push({ what: `W3 products >= ${MlpBench.TARGETS.kernelVsPeak * 100}% of the f32x4 mul+add peak (wasm, node)`, value: Number.isFinite(fraction) ? fraction : null, met: Number.isFinite(fraction) ? fraction >= MlpBench.TARGETS.kernelVsPeak : null });

// Engine size.
const engine = {};
for (const f of ['mlp.wasm', 'mlp.js']) {
  const file = path.join(wasmDir, f);
  if (!fs.existsSync(file)) continue;
  const bytes = fs.readFileSync(file);
  engine[f] = { bytes: bytes.length, gzip9_bytes: zlib.gzipSync(bytes, { level: 9 }).length };
}
if (engine['mlp.wasm'] && engine['mlp.js']) {
  engine.total_bytes = engine['mlp.wasm'].bytes + engine['mlp.js'].bytes;
  engine.total_gzip9_bytes = engine['mlp.wasm'].gzip9_bytes + engine['mlp.js'].gzip9_bytes;
  const kb = (b) => (b / 1024).toFixed(1) + ' KB';
  lines.push('');
  lines.push(
    `engine size: mlp.wasm ${kb(engine['mlp.wasm'].bytes)} + mlp.js ${kb(engine['mlp.js'].bytes)} = ${kb(engine.total_bytes)}; ` +
      `gzip -9: ${kb(engine['mlp.wasm'].gzip9_bytes)} + ${kb(engine['mlp.js'].gzip9_bytes)} = ${kb(engine.total_gzip9_bytes)}`,
  );
}

// TF.js facts and the browser's TF.js.
const tfInfo = runs.tfjsWasm.cells
  ? `tfjs ${runs.tfjsWasm.tfjs_version}, wasm backend: WASM_HAS_SIMD_SUPPORT=${runs.tfjsWasm.WASM_HAS_SIMD_SUPPORT}, ` +
    `multithread=${runs.tfjsWasm.WASM_HAS_MULTITHREAD_SUPPORT}, threads=${runs.tfjsWasm.threads}`
  : 'tfjs-wasm: not run';
lines.push(tfInfo);
const ctf = runs.chromium.tfjs;
if (ctf && ctf.cells) {
  lines.push(
    `tfjs-wasm in the Chromium worker (SIMD=${ctf.WASM_HAS_SIMD_SUPPORT}): ` +
      ctf.cells.map((c) => `${c.name} ${si(c.samples_per_s || c.points_per_s)}`).join(', '),
  );
}

// Target summary.
lines.push('');
lines.push('targets (reported, not asserted):');
for (const t of targets) {
  const v = t.value === null ? '-' : t.what.includes('products') ? (100 * t.value).toFixed(0) + '%' : t.what.includes('chromium') ? t.value.toFixed(2) : ratioText(t.value);
  lines.push(`  ${pad(t.what, 64)} ${lpad(v, 8)}  ${t.met === null ? '?' : t.met ? 'met' : 'NOT met'}`);
}

// ---------------------------------------------------------------------------------------------
// Machine info and JSON

function cpuModel() {
  try {
    const m = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m);
    return m ? m[1] : os.cpus()[0].model;
  } catch {
    return os.cpus()[0] && os.cpus()[0].model;
  }
}
function emscriptenVersion() {
  const r = spawnSync('emcc', ['--version'], { encoding: 'utf8', env: { ...process.env, NODE_PATH: '/usr/share/nodejs' } });
  return r.status === 0 ? r.stdout.split('\n')[0] : null;
}

const elapsed = (Date.now() - started) / 1000;
const report = {
  date: new Date().toISOString(),
  machine: {
    cpu: cpuModel(),
    cores: os.cpus().length,
    loadavg_at_start: loadAtStart,
    loadavg_at_end: os.loadavg(),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: runs.chromium.chromium_version || runs.m1.sides?.chromium?.float32?.chromium_version || null,
    chromium_user_agent: runs.chromium.userAgent || null,
    emscripten: emscriptenVersion(),
    tfjs: runs.tfjsWasm.tfjs_version || runs.tfjsCpu.tfjs_version || null,
    tfjs_wasm_paths: runs.tfjsWasm.wasm_paths || null,
    WASM_HAS_SIMD_SUPPORT: runs.tfjsWasm.WASM_HAS_SIMD_SUPPORT ?? null,
    WASM_HAS_MULTITHREAD_SUPPORT: runs.tfjsWasm.WASM_HAS_MULTITHREAD_SUPPORT ?? null,
    tfjs_wasm_threads: runs.tfjsWasm.threads ?? null,
  },
  settings: {
    repeats_requested: repeats,
    statistic:
      'median of the timed repeats after a warm-up (JavaScript sides: runs until at least 1 s has passed, so that V8 ' +
      'has tiered up the WebAssembly; native: one run); samples/s = points * epochs / seconds, points/s for W4',
    slow_cells:
      'a cell whose (last) warm-up run takes > 20 s, or whose repeats would take > 60 s, gets fewer repeats: see each cell\'s "repeats"',
    only: only || null,
    skipped: [...skip],
    workloads: MlpBench.WORKLOADS.map((w) => ({ ...w, sklearn_params: MlpBench.sklearnParams(w) })),
    grid: MlpBench.GRID,
    precision: 'float32 everywhere',
    timed: {
      ours_native: 'construct MLPClassifier/MLPRegressor<float> + fit(X, y) (W4: forward(X) on a prebuilt grid)',
      ours_wasm: 'Session.configure + reset + step(epochs) (W4: evaluateGrid(200x200) + copy of grid())',
      tfjs: 'tf.sequential + compile + model.fit (W4: model.predict(grid, {batchSize: 40000}) + dataSync())',
    },
  },
  workloads,
  kernels,
  play: runs.play.cells || null,
  search: runs.search.error || runs.search.skipped ? null : runs.search,
  m1: runs.m1.error || runs.m1.skipped ? null : { rows: runs.m1.rows, goals: runs.m1.goals, failed: runs.m1.failed },
  engine_size: engine,
  targets,
  problems,
  elapsed_s: elapsed,
  runs,
};
fs.mkdirSync(path.dirname(outPath), { recursive: true });
fs.writeFileSync(outPath, JSON.stringify(report, null, 2) + '\n');

lines.push('');
lines.push(
  `machine: ${report.machine.cpu}, ${report.machine.cores} cores, node ${report.machine.node}, chromium ${report.machine.chromium || '-'}; ` +
    `median of ${repeats} repeats after a warm-up; load average ${loadAtStart[0].toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end`,
);
const fewer = [];
for (const [name, e] of Object.entries(workloads))
  for (const key of Object.keys(e))
    if (e[key] && e[key].repeats !== undefined && e[key].repeats < repeats) fewer.push(`${key} ${name}: ${e[key].repeats}`);
if (fewer.length) lines.push(`fewer repeats for slow cells: ${fewer.join(', ')}`);
for (const cell of runs.play.cells || []) {
  lines.push(`play (Fastest, the page's worker loop with its grid): ${cell.name}: ${Math.round(cell.epochs_per_s)} epochs/s, ` +
    `curves measured every ${cell.metrics_every} epoch(s)`);
}
const search = runs.search;
if (search && search.node) {
  const row = (rows) => (rows || []).map((r) => `${r.workers} worker${r.workers === 1 ? '' : 's'} ${r.seconds.toFixed(2)} s`).join(', ');
  const py = (search.sklearn.rows || []).map((r) => `n_jobs=${r.n_jobs} ${r.seconds.toFixed(2)} s`).join(', ') || search.sklearn.error;
  lines.push(`search ${search.workload.label}: node ${row(search.node)} (${search.speedup_node?.toFixed(2)}x); ` +
    `chromium ${row(search.chromium)} (${search.speedup_chromium?.toFixed(2)}x); scikit-learn ${py}; ` +
    `same numbers with any number of workers: ${search.identical}, equal to scikit-learn's: ${search.sklearn_equal}`);
  if (!search.identical) problems.push('the search gave different numbers with different numbers of workers');
}
if (runs.m1.lines) {
  lines.push('');
  lines.push(...runs.m1.lines);
  for (const x of runs.m1.failed || []) problems.push(`M1 ${x}`);
}
lines.push(`wrote ${path.relative(process.cwd(), outPath) || outPath} (${elapsed.toFixed(0)} s)`);
for (const p of problems) lines.push(`PROBLEM: ${p}`);
process.stdout.write(lines.join('\n') + '\n');
process.exit(problems.length ? 1 : 0);
