// Where the page's main thread spends its long tasks while a big CSV file loads and trains:
// loads a 100,000 x 50 CSV file (25 MB, the one of tests/web/big-csv.test.js) through the file
// input, trains EPOCHS epochs, and records a Chromium performance trace with the V8 sampling
// profiler. Prints each main-thread task over the limit: its length, the timeline events it ran
// (script, layout, style, paint, GC) and the functions with the most self time in it.
//
//   npx vite build web --minify false   (function names as written; rebuild minified after)
//   node tools/profile-big-csv.mjs [--limit 50] [--rows 100000] [--trace out.json] [--runs 1]
//   node tools/profile-big-csv.mjs --read out.json   (the report of a trace recorded before)
// --cpu 10 also reports the tasks whose thread CPU time is over 10 ms, however long they took;
// --samples off leaves the sampling profiler out (less overhead: the tasks' times, not their functions).
//
// The trace's own overhead (sampling every 100 us) makes tasks a little longer than without it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { writeBigCsv } from '../tests/web/big-csv-file.js';
import { waitBar } from '../tests/web/helpers.js';
import { openPage, startBrowser } from '../tests/web/support.js';

const { values: opts } = parseArgs({
  options: {
    limit: { type: 'string', default: '50' },
    rows: { type: 'string', default: '100000' },
    columns: { type: 'string', default: '50' },
    epochs: { type: 'string', default: '3' },
    trace: { type: 'string' },
    runs: { type: 'string', default: '1' },
    top: { type: 'string', default: '8' },
    read: { type: 'string' },
    cpu: { type: 'string' },
    samples: { type: 'string', default: 'on' },
  },
});
const LIMIT_US = Number(opts.limit) * 1000;
const ROWS = Number(opts.rows);
const COLUMNS = Number(opts.columns);
const EPOCHS = Number(opts.epochs);
const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  ...(opts.samples === 'off' ? [] : ['disabled-by-default-v8.cpu_profiler']),
].join(',');

/** Trace events nested per thread: each complete event gets its parent and depth. */
function nest(events) {
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !(e.dur >= 0)) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const e of list) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      e.parent = stack.at(-1) ?? null;
      e.children = [];
      if (e.parent) e.parent.children.push(e);
      stack.push(e);
    }
  }
  return byThread;
}

/** The sampled CPU profile of one thread: [{ ts, frame }] where frame is 'name (file:line)'. */
function samplesOf(events, pid, tid) {
  const starts = new Map();
  for (const e of events) if (e.name === 'Profile' && e.pid === pid) starts.set(e.id, { tid: e.tid, ts: e.args.data.startTime });
  const out = [];
  for (const [id, start] of starts) {
    if (start.tid !== tid) continue;
    const nodes = new Map();
    let t = start.ts;
    for (const e of events) {
      if (e.name !== 'ProfileChunk' || e.id !== id || e.pid !== pid) continue;
      const profile = e.args.data.cpuProfile ?? {};
      for (const n of profile.nodes ?? []) {
        const f = n.callFrame;
        const file = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
        nodes.set(n.id, { frame: `${f.functionName || '(anonymous)'}${file ? ` (${file})` : ''}`, parent: n.parent });
      }
      const deltas = e.args.data.timeDeltas ?? [];
      (profile.samples ?? []).forEach((node, k) => {
        t += deltas[k] ?? 0;
        out.push({ ts: t, node });
      });
    }
    for (const s of out) {
      s.frame = nodes.get(s.node)?.frame ?? `node ${s.node}`;
      s.stack = [];
      for (let n = nodes.get(s.node); n; n = nodes.get(n.parent)) if (!s.stack.includes(n.frame)) s.stack.push(n.frame);
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** Self time (ms) per function in [from, to): each sample counts until the next one. */
function selfTimes(samples, from, to) {
  const times = new Map();
  for (let k = 0; k + 1 < samples.length; k += 1) {
    const s = samples[k];
    if (s.ts < from || s.ts >= to) continue;
    const dt = Math.min(samples[k + 1].ts, to) - s.ts;
    times.set(s.frame, (times.get(s.frame) ?? 0) + dt / 1000);
  }
  return [...times].sort((a, b) => b[1] - a[1]);
}

/** Total time (ms) per function in [from, to), its callees' included. */
function totalTimes(samples, from, to) {
  const times = new Map();
  for (let k = 0; k + 1 < samples.length; k += 1) {
    const s = samples[k];
    if (s.ts < from || s.ts >= to) continue;
    const dt = Math.min(samples[k + 1].ts, to) - s.ts;
    for (const f of s.stack) if (f !== '(root)') times.set(f, (times.get(f) ?? 0) + dt / 1000);
  }
  return [...times].sort((a, b) => b[1] - a[1]);
}

/** The timeline events a task ran, one level down, totalled by name (script events named by their function). */
function childTimes(task) {
  const times = new Map();
  const visit = (e, depth) => {
    // Script entry points and rendering steps are the interesting level; RunTask wrappers are looked through.
    if (depth < 3 && e.children.length && /RunTask|ThreadController|SchedulerTask|RunMicrotasks/.test(e.name)) {
      for (const c of e.children) visit(c, depth + 1);
      return;
    }
    const d = e.args?.data;
    const what = d?.functionName ? `${e.name} ${d.functionName}` : d?.type ? `${e.name} ${d.type}` : e.name;
    const [wall, cpu] = times.get(what) ?? [0, 0];
    times.set(what, [wall + e.dur / 1000, cpu + (e.tdur ?? e.dur) / 1000]);
  };
  for (const c of task.children) visit(c, 0);
  return [...times].sort((a, b) => b[1][0] - a[1][0]);
}

async function profileOnce(env, file, run) {
  const p = await openPage(env, '?v=1&g=csv&h=8&mi=1000000&nic=inf');
  const { page } = p;
  try {
    await waitBar(page, "s.state !== 'loading'");
    await page.locator('.csv-status').filter({ hasText: 'No file loaded yet' }).waitFor();
    await env.browser.startTracing(page, { categories: CATEGORIES.split(',') });
    await page.evaluate(() => performance.mark('profile-start'));
    await page.locator('.csv-import input[type="file"]').setInputFiles(file);
    await page.locator('.csv-status').filter({ hasText: /100,000 rows|rows, \d+ features/ }).waitFor({ timeout: 120_000 });
    await waitBar(page, 's.scoredEpoch === 0', { timeout: 120_000 });
    await page.evaluate(() => performance.mark('profile-loaded'));
    await page.locator('.training-bar button[aria-label="Play"]').click();
    await waitBar(page, `s.scoredEpoch >= ${EPOCHS}`, { timeout: 120_000 });
    await page.locator('.training-bar button[aria-label="Pause"]').click();
    await waitBar(page, "s.state === 'paused'");
    await page.waitForFunction(() => document.querySelector('[data-testid="confusion"]'), null, { timeout: 60_000 });
    await page.evaluate(() => performance.mark('profile-end'));
    const buffer = await env.browser.stopTracing();
    if (opts.trace) fs.writeFileSync(opts.runs === '1' ? opts.trace : opts.trace.replace(/(\.json)?$/, `-${run}$1`), buffer);
    return JSON.parse(buffer.toString('utf8'));
  } finally {
    await p.context.close();
  }
}

function report(trace, run) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const marks = events.filter((e) => e.name === 'profile-start' || e.name === 'profile-end' || e.name === 'profile-loaded');
  const from = Math.min(...marks.filter((e) => e.name === 'profile-start').map((e) => e.ts));
  const to = Math.max(...marks.filter((e) => e.name === 'profile-end').map((e) => e.ts));
  const mark = marks.find((e) => e.name === 'profile-start');
  const loaded = marks.find((e) => e.name === 'profile-loaded')?.ts ?? Infinity;
  const phase = (e) => (e.ts < loaded ? 'loading' : 'training');
  const threads = nest(events);
  const main = threads.get(`${mark.pid}:${mark.tid}`) ?? [];
  const samples = samplesOf(events, mark.pid, mark.tid);
  const tasks = main.filter((e) => !e.parent && e.ts >= from && e.ts <= to);
  const long = tasks.filter((e) => e.dur > LIMIT_US || e.tdur > Number(opts.cpu ?? Infinity) * 1000);
  const top = Number(opts.top);
  console.log(`# run ${run}: ${((to - from) / 1e6).toFixed(1)} s, ${tasks.length} main-thread tasks, ${tasks.filter((e) => e.dur > LIMIT_US).length} over ${LIMIT_US / 1000} ms `
    + `(max ${(Math.max(0, ...tasks.map((e) => e.dur)) / 1000).toFixed(0)} ms), ${samples.length} CPU samples`);
  for (const task of long) {
    console.log(`\n## task at ${((task.ts - from) / 1e6).toFixed(2)} s (${phase(task)}): ${(task.dur / 1000).toFixed(0)} ms (thread CPU ${((task.tdur ?? NaN) / 1000).toFixed(0)} ms)`);
    console.log('   ran (wall/CPU ms):', childTimes(task).slice(0, top).map(([n, [wall, cpu]]) => `${n} ${wall.toFixed(1)}/${cpu.toFixed(1)}`).join('; '));
    console.log('   self time (ms):');
    for (const [name, ms] of selfTimes(samples, task.ts, task.ts + task.dur).slice(0, top)) console.log(`     ${ms.toFixed(1).padStart(7)}  ${name}`);
    console.log('   total time, callees included (ms):');
    for (const [name, ms] of totalTimes(samples, task.ts, task.ts + task.dur).slice(0, 2 * top)) console.log(`     ${ms.toFixed(1).padStart(7)}  ${name}`);
  }
  if (loaded !== Infinity) console.log(`# run ${run}: loading took ${((loaded - from) / 1e6).toFixed(1)} s`);
  for (const ph of ['loading', 'training']) {
    const mine = tasks.filter((e) => phase(e) === ph);
    const walls = mine.map((e) => e.dur / 1000).sort((a, b) => b - a);
    const cpu = mine.map((e) => (e.tdur ?? 0) / 1000).sort((a, b) => b - a);
    console.log(`# run ${run}, ${ph}: ${mine.length} tasks; longest wall [${walls.slice(0, 8).map((c) => c.toFixed(0)).join(', ')}]; longest CPU [${cpu.slice(0, 8).map((c) => c.toFixed(0)).join(', ')}]`);
  }
  const cpus = tasks.map((e) => (e.tdur ?? 0) / 1000).sort((a, b) => b - a);
  console.log(`# run ${run}: thread CPU per task: max ${cpus[0]?.toFixed(0)} ms; over 50 ms ${cpus.filter((c) => c > 50).length}, `
    + `over 30 ms ${cpus.filter((c) => c > 30).length}, over 16 ms ${cpus.filter((c) => c > 16).length}; the ten longest [${cpus.slice(0, 10).map((c) => c.toFixed(0)).join(', ')}]`);
  const busy = tasks.filter((e) => e.tdur > LIMIT_US);
  console.log(`\n# run ${run}: tasks whose thread CPU time is over ${LIMIT_US / 1000} ms: [${busy.map((e) => Math.round(e.tdur / 1000)).join(', ')}]`);
  return long.map((e) => `${Math.round(e.dur / 1000)}/${Math.round(e.tdur / 1000)}`);
}

if (opts.read) {
  report(JSON.parse(fs.readFileSync(opts.read, 'utf8')), 1);
  process.exit(0);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-profile-'));
const file = path.join(dir, 'big.csv');
writeBigCsv(file, ROWS, COLUMNS);
const env = await startBrowser();
try {
  const all = [];
  for (let run = 1; run <= Number(opts.runs); run += 1) all.push(report(await profileOnce(env, file, run), run));
  console.log(`\n# tasks over ${LIMIT_US / 1000} ms per run (wall/CPU ms): ${all.map((l) => `[${l.join(', ')}]`).join(' ')}`);
} finally {
  await env.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
