// Shared by the node suites: paths, the two job runners, and a tolerant deep comparison.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const nativeRunner = path.join(root, 'build/native/mlp-run');

/** Runs a command with `input` on stdin: { status, stdout, stderr }. */
export function run(command, args, input, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, ...options });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.on('error', () => {}); // a runner that exits before reading its input
    child.stdin.end(input);
  });
}

/** The native runner's answer to a job (synchronously, for small checks). */
export function runNativeSync(job) {
  const r = spawnSync(nativeRunner, ['-'], { input: JSON.stringify(job) });
  return { status: r.status, result: JSON.parse(r.stdout.toString()) };
}

/**
 * Compares two parsed JSON values: same structure, same strings, booleans and nulls;
 * numbers within `tolerance(a, b)`. Returns the path of the first difference, or null.
 */
export function firstDifference(actual, expected, tolerance, where = '$') {
  if (typeof expected === 'number' && typeof actual === 'number')
    return actual === expected || tolerance(actual, expected) ? null : `${where}: ${actual} != ${expected}`;
  if (Array.isArray(expected) || (expected && typeof expected === 'object')) {
    if (Array.isArray(expected) !== Array.isArray(actual) || !actual || typeof actual !== 'object')
      return `${where}: ${JSON.stringify(actual)?.slice(0, 60)} is not like ${JSON.stringify(expected).slice(0, 60)}`;
    const keys = Object.keys(expected);
    if (keys.join() !== Object.keys(actual).join()) return `${where}: keys ${Object.keys(actual)} != ${keys}`;
    for (const k of keys) {
      const d = firstDifference(actual[k], expected[k], tolerance, `${where}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return actual === expected ? null : `${where}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`;
}

/** Fake timers for node tests: setTimer/clearTimer/now; advance(ms) runs the timers that fall due, in order. */
export function fakeClock() {
  const timers = new Map();
  let next = 0;
  const t = {
    ms: 0,
    now: () => t.ms,
    setTimer: (fn, ms) => {
      next += 1;
      timers.set(next, { fn, at: t.ms + ms });
      return next;
    },
    clearTimer: (id) => timers.delete(id),
    /** Timers not run yet. */
    get pending() {
      return timers.size;
    },
    advance(ms) {
      const end = t.ms + ms;
      for (;;) {
        const due = [...timers].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        t.ms = due[1].at;
        due[1].fn();
      }
      t.ms = end;
    },
  };
  return t;
}
