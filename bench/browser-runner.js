#!/usr/bin/env node
// The ours-wasm-chromium column of `npm run bench` (and, optionally, TF.js-wasm in the browser):
// serves the needed files on 127.0.0.1 (a random port), opens bench/browser/index.html in
// headless Chromium (playwright-core, /usr/bin/chromium), whose classic Web Worker imports
// build/wasm/mlp.js and bench/workloads.js and runs the workloads; results come back by
// postMessage.
//   node bench/browser-runner.js OUT.json
// Environment: MLP_BENCH_REPEATS, MLP_BENCH_ONLY, MLP_WASM_DIR (another build),
// MLP_BENCH_BROWSER_TFJS=0 (skip TF.js-wasm in the browser), CHROMIUM (default /usr/bin/chromium).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { launchChromium } = require('../scripts/chromium.js');
const { startServer } = require('../scripts/serve.js');

const root = path.resolve(__dirname, '..');
const out = process.argv[2];
const repeats = Math.max(1, Number(process.env.MLP_BENCH_REPEATS || 5));
const only = process.env.MLP_BENCH_ONLY || '';
const tfjs = process.env.MLP_BENCH_BROWSER_TFJS !== '0';
const wasmDir = path.resolve(process.env.MLP_WASM_DIR || path.join(root, 'build/wasm'));
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

/** A temporary web root holding only links to what the page needs. */
function webRoot() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-bench-web-'));
  fs.mkdirSync(path.join(dir, 'build/wasm'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules/@tensorflow'), { recursive: true });
  fs.symlinkSync(path.join(root, 'bench'), path.join(dir, 'bench'));
  for (const f of ['mlp.js', 'mlp.wasm']) fs.symlinkSync(path.join(wasmDir, f), path.join(dir, 'build/wasm', f));
  for (const p of ['tfjs', 'tfjs-backend-wasm'])
    fs.symlinkSync(path.join(root, 'node_modules/@tensorflow', p), path.join(dir, 'node_modules/@tensorflow', p));
  return dir;
}

async function main() {
  if (!out) throw new Error('usage: node bench/browser-runner.js OUT.json');
  const dir = webRoot();
  const { server, url } = await startServer({ root: dir, port: 0 });
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`chromium console: ${m.text()}`);
    });
    // Progress: poll the page's log (the worker's messages) while it runs.
    let shown = 0;
    const poll = setInterval(async () => {
      try {
        const lines = await page.evaluate((n) => window.benchLog.slice(n), shown);
        shown += lines.length;
        lines.forEach((l) => log(l));
      } catch {
        /* page busy or closing */
      }
    }, 500);
    const query = `?repeats=${repeats}&only=${encodeURIComponent(only)}&tfjs=${tfjs ? 1 : 0}`;
    await page.goto(`${url}bench/browser/index.html${query}`);
    let result;
    try {
      result = await page.evaluate(() => window.benchDone);
    } finally {
      clearInterval(poll);
    }
    if (errors.length) throw new Error(errors.join('\n'));
    result.chromium_version = browser.version();
    result.repeats_requested = repeats;
    result.wasm_dir = wasmDir;
    result.served_from = url;
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  } finally {
    if (browser) await browser.close();
    server.closeAllConnections();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench: chromium: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
