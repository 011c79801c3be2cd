// Reading a CSV file off the main thread: the loader (web/src/data/csv-loader.js) with a fake
// worker that runs the real worker's protocol, the size limit checked before reading, cancel,
// progress; parseCsv's progress; and the table's copy made in steps (data/tables.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CSV_MAX_BYTES, fileTooLarge, parseCsv } from '../../web/src/data/csv.js';
import { createCsvLoader } from '../../web/src/data/csv-loader.js';
import { copyInSteps } from '../../web/src/data/tables.js';

/** A worker double: records what it is sent; the test answers for it. */
function fakeWorker() {
  const w = { sent: [], terminated: false, onmessage: null, onerror: null };
  w.postMessage = (m) => w.sent.push(m);
  w.terminate = () => {
    w.terminated = true;
  };
  w.reply = (m) => w.onmessage({ data: m });
  return w;
}

test('the loader posts the file to a worker, forwards its progress and resolves with its result', async () => {
  const workers = [];
  const loader = createCsvLoader({ createWorker: () => workers[workers.push(fakeWorker()) - 1] });
  const file = { size: 1234, name: 'a.csv' };
  const seen = [];
  const done = loader.load({ file, name: 'a.csv', options: { task: 'regression' }, onProgress: (f) => seen.push(f) });
  const [w] = workers;
  assert.equal(w.sent.length, 1);
  assert.deepEqual({ ...w.sent[0], file: null }, { id: 1, file: null, text: null, name: 'a.csv', options: { task: 'regression' } });
  assert.equal(w.sent[0].file, file);
  w.reply({ id: 1, type: 'progress', fraction: 0.25 });
  w.reply({ id: 99, type: 'progress', fraction: 0.5 }); // another load's: dropped
  const result = parseCsv('x,y\n1,2\n3,4\n');
  w.reply({ id: 1, type: 'done', result });
  assert.equal(await done, result);
  assert.deepEqual(seen, [0.25]);
  assert.equal(loader.busy, false);
});

test('cancel terminates the worker and resolves the load with null; the next load starts a fresh worker', async () => {
  const workers = [];
  const loader = createCsvLoader({ createWorker: () => workers[workers.push(fakeWorker()) - 1] });
  const first = loader.load({ text: 'a,b\n1,2\n', name: 'pasted data' });
  assert.equal(loader.busy, true);
  loader.cancel();
  assert.equal(await first, null);
  assert.equal(workers[0].terminated, true);
  // A newer load supersedes one still running the same way.
  const second = loader.load({ text: 'x', name: 'one' });
  const third = loader.load({ text: 'y', name: 'two' });
  assert.equal(await second, null);
  assert.equal(workers.length, 3);
  workers[2].reply({ id: workers[2].sent[0].id, type: 'failed', message: 'two could not be read: gone' });
  assert.deepEqual(await third, { error: { message: 'two could not be read: gone', line: null, column: null } });
});

test('a file over the limit is refused before any worker reads it, with its size and the limit', async () => {
  const workers = [];
  const loader = createCsvLoader({ createWorker: () => workers[workers.push(fakeWorker()) - 1] });
  const r = await loader.load({ file: { size: CSV_MAX_BYTES + 1 }, name: 'huge.csv' });
  assert.equal(workers.length, 0);
  assert.equal(r.error.message, 'huge.csv is 100,000,001 bytes (100.0 MB); the largest file the page reads is 100 MB '
    + '(100,000,000 bytes), with at most 100,000 rows, 1,000 columns and 5,000,000 values.');
  assert.equal(fileTooLarge('ok.csv', CSV_MAX_BYTES), null);
});

test('parseCsv reports its progress from 0 to 1, in order', () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => `${i},${i % 3}`).join('\n');
  const seen = [];
  const r = parseCsv(`x,t\n${rows}`, { onProgress: (f) => seen.push(f) });
  assert.equal(r.error, null);
  assert.ok(seen.length >= 8, `${seen.length} reports`);
  assert.ok(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1])), seen.join(' '));
  assert.ok(seen.at(-1) > 0.9);
});

test('copyInSteps copies a big typed array a chunk per task, exactly', async () => {
  const a = Float64Array.from({ length: 1000 }, (_, i) => i * 0.5);
  const copy = await copyInSteps(a, 64);
  assert.ok(copy instanceof Float64Array && copy !== a);
  assert.deepEqual([...copy], [...a]);
  const small = await copyInSteps(a.subarray(0, 10), 64);
  assert.deepEqual([...small], [...a.subarray(0, 10)]);
});
