#!/usr/bin/env node
// M1 of `npm run bench` (issue 16): the course's MNIST configuration on the full Fashion-MNIST set
// (60,000 training and 10,000 test images of Debian's dataset-fashion-mnist, pixels / 255),
//   MLPClassifier(hidden_layer_sizes=(50,), max_iter=10, alpha=1e-4, solver='sgd', tol=1e-4,
//                 random_state=1, learning_rate_init=.1)
// fitted by, each in its own process, one after the other:
//   m1-sklearn    scikit-learn 1.2.1 on this machine (/usr/bin/python3, bench/m1_sklearn.py), with
//                 numpy's BLAS (threadpoolctl, and the libblas file mapped and its Debian package)
//   m1-native     build/native/mlp-bench --sections m1 (float32, float64; -march=native), on the IDX
//                 files ungzipped here with zlib
//   m1-node       build/wasm through the Embind Session in node (bench/m1-node.js), one process per precision
//   m1-chromium   the same in a Web Worker of headless Chromium (bench/m1-browser.js)
// and reports for each: the fit's seconds (median, min, max of MLP_BENCH_M1_REPEATS fits, default 3),
// seconds per epoch, n_iter_, final loss, test accuracy, the largest difference of the loss curve
// from scikit-learn's, and peak memory. Figures, not assertions: the exit status is 0 once the
// report is written, even when a side failed (the report's `failed` lists them).
//   node bench/m1.js OUT.json        (prints the table on stdout; progress on stderr)
// Environment: MLP_BENCH_M1_REPEATS, MLP_BENCH_SKIP (m1-sklearn, m1-native, m1-node, m1-chromium),
// MLP_BENCH_M1_SUBSET=quick (the page's quick subset, the first 10,000 + 2,000 images, everywhere),
// MLP_NATIVE_DIR, MLP_FASHION_MNIST_DIR, MLP_WASM_DIR (read by the node and Chromium sides).
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { readFashionMnist, FASHION_MNIST_DIR } = require('./idx.js');
const { COURSE_PARAMS, SUBSETS } = require('./m1-work.js');

const root = path.resolve(__dirname, '..');
const out = process.argv[2] || path.join(root, 'bench-results/m1.json');
const repeats = Math.max(1, Number(process.env.MLP_BENCH_M1_REPEATS || 3));
const skip = new Set((process.env.MLP_BENCH_SKIP || '').split(',').filter(Boolean));
const dataDir = process.env.MLP_FASHION_MNIST_DIR || FASHION_MNIST_DIR;
const subsetName = process.env.MLP_BENCH_M1_SUBSET || 'full';
if (!(subsetName in SUBSETS)) throw new Error(`MLP_BENCH_M1_SUBSET is ${subsetName}: it must be full or quick`);
const size = SUBSETS[subsetName] || { nTrain: 60000, nTest: 10000 };
const nativeDir = path.resolve(process.env.MLP_NATIVE_DIR || path.join(root, 'build/native'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-bench-m1-'));
const log = (msg) => process.stderr.write(`M1: ${msg}\n`);
const node = process.execPath;

/** Runs a child (output to our stderr) that writes JSON to `file`; { error } when it fails. */
function runChild(label, command, args, file) {
  if (skip.has(label)) {
    log(`${label}: skipped (MLP_BENCH_SKIP)`);
    return { skipped: true };
  }
  log(`${label}: ${[command, ...args].join(' ')}  (load average ${os.loadavg()[0].toFixed(2)})`);
  const t0 = Date.now();
  const r = spawnSync(command, args, {
    cwd: root,
    stdio: ['ignore', file ? 2 : 'pipe', 2],
    env: { ...process.env, MLP_BENCH_M1_REPEATS: String(repeats) },
    timeout: 20 * 60 * 1000,
    maxBuffer: 64 << 20,
    encoding: 'utf8',
  });
  const seconds = (Date.now() - t0) / 1000;
  const loadavg = os.loadavg();
  if (r.error || r.status !== 0 || (file && !fs.existsSync(file))) {
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`;
    log(`${label}: FAILED (${why})`);
    return { error: why, seconds };
  }
  log(`${label}: done in ${seconds.toFixed(1)} s`);
  const text = file ? fs.readFileSync(file, 'utf8') : r.stdout;
  return { ...JSON.parse(text), wall_seconds: seconds, loadavg_at_end: loadavg };
}

// ---------------------------------------------------------------------------------------------
// The sides

const sides = {};
if (!fs.existsSync(path.join(dataDir, 'train-images-idx3-ubyte.gz')))
  throw new Error(`M1: no Fashion-MNIST in ${dataDir} (Debian package dataset-fashion-mnist; scripts/bench.sh installs it)`);

sides.sklearn = runChild(
  'm1-sklearn',
  '/usr/bin/python3',
  [path.join(__dirname, 'm1_sklearn.py'), dataDir, String(repeats), String(size.nTrain), String(size.nTest)],
  null,
);

if (!skip.has('m1-native')) {
  // The native section reads ungzipped IDX files (the core links no zlib): the first rows of each
  // (the subset), their count rewritten in the header.
  const data = readFashionMnist(dataDir);
  for (const [name, bytes] of Object.entries(data.raw)) {
    const rows = name.startsWith('train') ? size.nTrain : size.nTest;
    const rank = bytes[3];
    const perRow = rank === 3 ? 28 * 28 : 1;
    const head = Buffer.from(bytes.subarray(0, 4 + 4 * rank));
    head.writeUInt32BE(rows, 4);
    fs.writeFileSync(path.join(tmp, name), Buffer.concat([head, bytes.subarray(4 + 4 * rank, 4 + 4 * rank + rows * perRow)]));
  }
}
const nativeJson = path.join(tmp, 'native.json');
const native = runChild(
  'm1-native',
  path.join(nativeDir, 'mlp-bench'),
  ['--sections', 'm1', '--m1-data', tmp, '--repeats', String(repeats), '--json', nativeJson],
  nativeJson,
);
sides.native = native.m1 ? { float32: native.m1.float32, float64: native.m1.float64, wall_seconds: native.wall_seconds } : native;

sides.node = {};
for (const precision of ['float32', 'float64']) {
  const file = path.join(tmp, `node-${precision}.json`);
  sides.node[precision] = runChild('m1-node', node, [path.join(__dirname, 'm1-node.js'), precision, file], file);
}
const chromiumJson = path.join(tmp, 'chromium.json');
const chromium = runChild('m1-chromium', node, [path.join(__dirname, 'm1-browser.js'), chromiumJson], chromiumJson);
sides.chromium = chromium.runs || chromium;
fs.rmSync(tmp, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// The figures

const sorted = (v) => [...v].sort((a, b) => a - b);
function median(values) {
  const s = sorted(values);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
const reference = sides.sklearn && sides.sklearn.loss_curve_ ? sides.sklearn : null;

/** One row: a fit's figures from `fits` (each with fit_seconds, n_iter_, loss_curve_, test_accuracy). */
function figures(engine, precision, fits, memory) {
  if (!fits || !fits.length) return null;
  const times = fits.map((f) => f.fit_seconds);
  const last = fits[fits.length - 1];
  const row = {
    engine,
    precision,
    fits: times.length,
    fit_seconds_median: median(times),
    fit_seconds_min: Math.min(...times),
    fit_seconds_max: Math.max(...times),
    fit_seconds_all: times,
    n_iter_: last.n_iter_,
    seconds_per_epoch: median(times) / last.n_iter_,
    final_loss: last.loss_curve_[last.loss_curve_.length - 1],
    test_accuracy: last.test_accuracy,
    loss_curve_: last.loss_curve_,
    same_numbers_every_fit: fits.every((f) => JSON.stringify(f.loss_curve_) === JSON.stringify(last.loss_curve_)),
  };
  if (last.epoch_seconds || last.epoch_seconds_last_fit) row.epoch_seconds_last_fit = last.epoch_seconds || last.epoch_seconds_last_fit;
  if (last.data_path) row.data_path = last.data_path;
  if (last.stepping) row.stepping = last.stepping;
  if (reference && engine !== 'scikit-learn') {
    const a = last.loss_curve_;
    const b = reference.loss_curve_;
    const n = Math.min(a.length, b.length);
    let d = 0;
    for (let i = 0; i < n; i += 1) d = Math.max(d, Math.abs(a[i] - b[i]));
    row.loss_curve_max_abs_diff_vs_sklearn = a.length === b.length ? d : null;
    row.same_n_iter_as_sklearn = last.n_iter_ === reference.n_iter_;
    row.test_accuracy_minus_sklearn = last.test_accuracy - reference.test_accuracy;
    row.speedup_vs_sklearn = reference ? median(reference.fit_seconds) / row.fit_seconds_median : null;
    if (precision === 'float64') row.matches_sklearn = row.same_n_iter_as_sklearn && d <= 1e-9 && row.test_accuracy_minus_sklearn === 0;
  }
  if (memory) row.memory = memory;
  return row;
}

const rows = [];
const push = (r) => r && rows.push(r);
if (reference) {
  push({
    ...figures('scikit-learn', 'float64', reference.fit_seconds.map((s) => ({ ...reference, fit_seconds: s }))),
    sklearn: reference.sklearn,
    blas: reference.blas,
    memory: { X_float64_bytes: reference.X_bytes },
  });
}
for (const precision of ['float32', 'float64']) {
  const n = sides.native && sides.native[precision];
  if (n && n.fit_seconds) {
    push(
      figures(
        'ours-native',
        precision,
        n.fit_seconds.map((s, i, all) => ({ ...n, fit_seconds: s, epoch_seconds: i === all.length - 1 ? n.epoch_seconds_last_fit : undefined })),
        { X_bytes: n.X_bytes },
      ),
    );
  }
}
for (const precision of ['float32', 'float64']) {
  const r = sides.node[precision];
  if (r && r.fits) push(figures('ours-wasm-node', precision, r.fits, { ...r.memory, wasm_memory_after_data_bytes: r.fits.at(-1).heap_bytes_after_data }));
}
for (const precision of ['float32', 'float64']) {
  const r = sides.chromium && sides.chromium[precision];
  if (r && r.fits) {
    push(
      figures('ours-wasm-chromium', precision, r.fits, {
        worker_wasm_memory_peak_bytes: r.wasm_memory_peak_bytes,
        renderer_peak_rss_bytes: r.renderer_peak_rss_bytes,
        all_processes_peak_rss_sum_bytes: r.all_processes_peak_rss_sum_bytes,
        processes: r.processes,
      }),
    );
  }
}

const find = (engine, precision) => rows.find((r) => r.engine === engine && r.precision === precision);
const chromium32 = find('ours-wasm-chromium', 'float32');
const goals = {
  chromium_float32_vs_sklearn:
    chromium32 && reference
      ? {
          what: 'float32 in a Chromium worker at least as fast as scikit-learn on this machine',
          sklearn_seconds: median(reference.fit_seconds),
          chromium_float32_seconds: chromium32.fit_seconds_median,
          ratio_sklearn_over_chromium: median(reference.fit_seconds) / chromium32.fit_seconds_median,
          met: chromium32.fit_seconds_median <= median(reference.fit_seconds),
        }
      : null,
  ten_epochs_under_10_s_in_a_tab: chromium32
    ? { what: '10 epochs in under 10 s in a tab (float32, Chromium worker)', seconds: chromium32.fit_seconds_median, met: chromium32.fit_seconds_median < 10 }
    : null,
  float64_matches_sklearn: Object.fromEntries(
    ['ours-native', 'ours-wasm-node', 'ours-wasm-chromium'].map((e) => {
      const r = find(e, 'float64');
      return [e, r ? { n_iter_: r.same_n_iter_as_sklearn, loss_curve_max_abs_diff: r.loss_curve_max_abs_diff_vs_sklearn, test_accuracy_diff: r.test_accuracy_minus_sklearn, met: r.matches_sklearn } : null];
    }),
  ),
};

// ---------------------------------------------------------------------------------------------
// The table

const mb = (b) => (Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(0)} MB` : '-');
const f = (v, d) => (Number.isFinite(v) ? v.toFixed(d) : '-');
const lines = [];
lines.push(
  `M1: the course's MLPClassifier(hidden_layer_sizes=(50,), max_iter=10, alpha=1e-4, solver='sgd', tol=1e-4, random_state=1, ` +
    `learning_rate_init=.1) on Fashion-MNIST ${size.nTrain} + ${size.nTest} (${repeats} fits each; seconds: median [min-max])`,
);
const head = ['side', 'precision', 'fit s', '[min-max]', 's/epoch', 'n_iter_', 'final loss', 'test acc', 'max|dloss| vs sk', 'vs sklearn', 'peak memory'];
const widths = [19, 9, 7, 13, 7, 7, 10, 8, 16, 10, 30];
const fmt = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
lines.push(fmt(head));
lines.push('-'.repeat(widths.reduce((a, b) => a + b + 1, -1)));
for (const r of rows) {
  const m = r.memory || {};
  const memory =
    r.engine === 'ours-wasm-chromium'
      ? `renderer ${mb(m.renderer_peak_rss_bytes)}, wasm ${mb(m.worker_wasm_memory_peak_bytes)}`
      : r.engine === 'ours-wasm-node'
        ? `rss ${mb(m.max_rss_bytes)}, wasm ${mb(m.wasm_memory_bytes)}`
        : r.engine === 'scikit-learn'
          ? `X float64 ${mb(m.X_float64_bytes)}`
          : `X ${mb(m.X_bytes)}`;
  lines.push(
    fmt([
      r.engine,
      r.precision,
      f(r.fit_seconds_median, 2),
      `[${f(r.fit_seconds_min, 2)}-${f(r.fit_seconds_max, 2)}]`,
      f(r.seconds_per_epoch, 3),
      r.n_iter_,
      f(r.final_loss, 6),
      f(r.test_accuracy, 4),
      r.loss_curve_max_abs_diff_vs_sklearn === undefined ? '' : Number(r.loss_curve_max_abs_diff_vs_sklearn).toExponential(1),
      r.speedup_vs_sklearn === undefined ? '' : `${f(r.speedup_vs_sklearn, 2)}x`,
      memory,
    ]),
  );
}
if (reference) {
  const b = reference.blas || {};
  const pools = (b.threadpools || []).map((p) => `${p.internal_api} ${p.version || ''} ${p.num_threads} thread(s)`).join(', ');
  const mapped = (b.blas_mapped || []).map((m) => `${m.file} (${m.package})`).join(', ');
  lines.push(`scikit-learn ${reference.sklearn}, numpy ${b.numpy}; BLAS: ${mapped || '?'}; threadpoolctl: ${pools || 'none found'}`);
}
for (const r of rows.filter((x) => x.data_path || x.stepping)) lines.push(`${r.engine} ${r.precision}: data ${r.data_path}; ${r.stepping}`);
const g = goals.chromium_float32_vs_sklearn;
if (g) lines.push(`goal: float32 in Chromium vs scikit-learn: ${g.chromium_float32_seconds.toFixed(2)} s vs ${g.sklearn_seconds.toFixed(2)} s = ${g.ratio_sklearn_over_chromium.toFixed(2)}x as fast: ${g.met ? 'met' : 'NOT met'}`);
const t = goals.ten_epochs_under_10_s_in_a_tab;
if (t) lines.push(`goal: 10 epochs under 10 s in a tab: ${t.seconds.toFixed(2)} s: ${t.met ? 'met' : 'NOT met'}`);
for (const [e, m] of Object.entries(goals.float64_matches_sklearn))
  if (m && reference) lines.push(`float64 ${e} = scikit-learn (same n_iter_, loss curve within 1e-9, same test accuracy): ${m.met ? 'yes' : 'NO'} (max |d loss| ${Number(m.loss_curve_max_abs_diff).toExponential(2)})`);
const failed = Object.entries({ sklearn: sides.sklearn, native: sides.native, ...Object.fromEntries(Object.entries(sides.node).map(([k, v]) => [`node ${k}`, v])), chromium: sides.chromium })
  .filter(([, v]) => v && v.error)
  .map(([k, v]) => `${k}: ${v.error}`);
for (const x of failed) lines.push(`M1 side failed: ${x}`);
lines.push(`load average at the end ${os.loadavg().map((v) => v.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);

const report = {
  date: new Date().toISOString(),
  workload: {
    name: 'M1',
    estimator: 'MLPClassifier',
    params: COURSE_PARAMS,
    data: `Fashion-MNIST (${dataDir}), ${subsetName}: ${size.nTrain} train + ${size.nTest} test, pixels / 255`,
  },
  repeats,
  rows,
  goals,
  failed,
  lines,
  sides,
};
fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
fs.writeFileSync(out, JSON.stringify(report, null, 1) + '\n');
process.stdout.write(lines.join('\n') + '\n');
process.exit(0);
