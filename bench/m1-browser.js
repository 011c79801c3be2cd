#!/usr/bin/env node
// M1 in headless Chromium (playwright-core, /usr/bin/chromium): bench/browser/m1.html starts a
// classic Web Worker (bench/browser/m1-worker.js) that fetches Fashion-MNIST's IDX files from a
// local server, ungzips them and trains the course's configuration. One browser per precision, so
// that each process's peak RSS (VmHWM in /proc/<pid>/status) is this precision's; the worker runs
// in the renderer process, so the renderer's peak includes the worker's WebAssembly memory.
//   node bench/m1-browser.js OUT.json [float32,float64]
// Environment: MLP_BENCH_M1_REPEATS (default 3), MLP_BENCH_M1_SUBSET (full or quick), MLP_WASM_DIR,
// MLP_FASHION_MNIST_DIR, CHROMIUM.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { launchChromium } = require('../scripts/chromium.js');
const { startServer } = require('../scripts/serve.js');
const { FASHION_MNIST_DIR } = require('./idx.js');

const root = path.resolve(__dirname, '..');
const out = process.argv[2];
const precisions = (process.argv[3] || 'float32,float64').split(',');
const repeats = Math.max(1, Number(process.env.MLP_BENCH_M1_REPEATS || 3));
const subsetName = process.env.MLP_BENCH_M1_SUBSET || 'full';
const wasmDir = path.resolve(process.env.MLP_WASM_DIR || path.join(root, 'build/wasm'));
const dataDir = process.env.MLP_FASHION_MNIST_DIR || FASHION_MNIST_DIR;
const log = (msg) => process.stderr.write(`M1 chromium: ${msg}\n`);

/** A temporary web root holding only links to what the page needs. */
function webRoot() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-bench-m1-'));
  fs.mkdirSync(path.join(dir, 'build/wasm'), { recursive: true });
  fs.symlinkSync(path.join(root, 'bench'), path.join(dir, 'bench'));
  fs.symlinkSync(dataDir, path.join(dir, 'fashion-mnist'));
  for (const f of ['mlp.js', 'mlp.wasm']) fs.symlinkSync(path.join(wasmDir, f), path.join(dir, 'build/wasm', f));
  return dir;
}

/**
 * The processes below `pid` (this node process: playwright starts Chromium as its child), pid
 * excluded: pid, type (--type=... of Chromium's command line; 'browser' without one), status fields.
 */
function descendants(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      /* gone */
    }
  }
  const all = [];
  const walk = (p) => {
    all.push(p);
    for (const c of children.get(p) || []) walk(c);
  };
  walk(pid);
  return all.slice(1).map((p) => {
    try {
      // Chromium rewrites its command line as one string (arguments joined by spaces).
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const type = (cmd.match(/--type=(\S+)/) || [null, 'browser'])[1];
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) || [0, 0])[1]) * 1024;
      return { pid: p, name: path.basename(cmd.split(' ')[0]), type, vmhwm_bytes: kb('VmHWM'), vmrss_bytes: kb('VmRSS') };
    } catch {
      return null;
    }
  }).filter(Boolean);
}

async function runPrecision(url, precision) {
  const browser = await launchChromium();
  const pid = process.pid;
  const peaks = new Map(); // pid -> the largest VmRSS sampled (VmHWM is read at the end too)
  const poll = setInterval(() => {
    for (const p of descendants(pid)) peaks.set(p.pid, Math.max(peaks.get(p.pid) || 0, p.vmrss_bytes));
  }, 250);
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`console: ${m.text()}`);
    });
    let shown = 0;
    const progress = setInterval(async () => {
      try {
        const lines = await page.evaluate((n) => window.benchLog.slice(n), shown);
        shown += lines.length;
        lines.forEach((l) => log(`${precision} ${l}`));
      } catch {
        /* busy or closing */
      }
    }, 500);
    let result;
    try {
      await page.goto(`${url}bench/browser/m1.html?precision=${precision}&repeats=${repeats}&subset=${encodeURIComponent(subsetName)}`);
      result = await page.evaluate(() => window.benchDone);
    } finally {
      clearInterval(progress);
    }
    if (errors.length) throw new Error(errors.join('\n'));
    const processes = descendants(pid).map((p) => ({ ...p, sampled_peak_rss_bytes: peaks.get(p.pid) || null }));
    const renderers = processes.filter((p) => p.type === 'renderer');
    return {
      ...result,
      precision,
      chromium_version: browser.version(),
      processes,
      renderer_peak_rss_bytes: renderers.length ? Math.max(...renderers.map((p) => p.vmhwm_bytes)) : null,
      all_processes_peak_rss_sum_bytes: processes.reduce((a, p) => a + p.vmhwm_bytes, 0),
    };
  } finally {
    clearInterval(poll);
    await browser.close();
  }
}

async function main() {
  if (!out) throw new Error('usage: node bench/m1-browser.js OUT.json [float32,float64]');
  const dir = webRoot();
  const { server, url } = await startServer({ root: dir, port: 0 });
  try {
    const runs = {};
    for (const precision of precisions) runs[precision] = await runPrecision(url, precision);
    fs.writeFileSync(out, JSON.stringify({ engine: 'ours-wasm-chromium', served_from: url, wasm_dir: wasmDir, runs }, null, 1) + '\n');
  } finally {
    server.closeAllConnections();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`M1 chromium: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
