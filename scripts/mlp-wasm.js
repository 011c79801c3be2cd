#!/usr/bin/env node
// npm run -s mlp -- JOB.json|-   : runs one JSON job through the WebAssembly build.
// stdout, stdin and the exit status are those of the native runner (mlp-run):
// one JSON line; 0 success, 2 bad input, 1 internal failure. The build is made
// first only when build/wasm/mlp.js is missing (its output goes to stderr, on failure).
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

function ensureBuilt(dir) {
  if (fs.existsSync(path.join(dir, 'mlp.js'))) return;
  const build = spawnSync('npm', ['run', '-s', 'build:wasm'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  if (build.status !== 0) {
    process.stderr.write(Buffer.concat([build.stdout ?? Buffer.alloc(0), build.stderr ?? Buffer.alloc(0)]));
    process.stderr.write('mlp: building the WebAssembly module failed\n');
    process.exit(1);
  }
}

/** The job's bytes, or the runner's error object when the file cannot be read. */
function readJob(arg) {
  if (arg === '-') return { bytes: fs.readFileSync(0) };
  try {
    // npm runs scripts from the package root; resolve JOB paths against the caller's directory.
    return { bytes: fs.readFileSync(path.resolve(process.env.INIT_CWD ?? process.cwd(), arg)) };
  } catch {
    return { error: { message: `cannot read the job file ${arg}`, parameter: 'job', value: arg } };
  }
}

async function main(args) {
  if (args.length !== 1) {
    process.stderr.write('usage: mlp-run JOB.json   (or - to read the job from stdin)\n');
    return 2;
  }
  const job = readJob(args[0]);
  if (job.error) {
    process.stdout.write(`${JSON.stringify({ error: job.error })}\n`);
    return 2;
  }
  const { loadMlpModule, wasmDir } = await import('../web/src/engine/load-node.js');
  ensureBuilt(wasmDir);
  const module = await loadMlpModule();
  // The bytes go in as they are (Embind copies a Uint8Array into a std::string), as mlp-run reads them.
  const { status, output } = module.runJob(new Uint8Array(job.bytes.buffer, job.bytes.byteOffset, job.bytes.length));
  process.stdout.write(`${output}\n`);
  return status;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e) => {
    process.stderr.write(`mlp: ${e?.stack ?? e}\n`);
    process.exitCode = 1;
  },
);
