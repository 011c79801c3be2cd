// scripts/serve.js: serves its folder only, never redirects off the site, and accepts the long
// links the page writes (point edits in the query).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const require = createRequire(import.meta.url);
const { startServer } = require('../../scripts/serve.js');

let root;
let server;
let port;
before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-test-'));
  fs.mkdirSync(path.join(root, 'data'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>home</title>');
  fs.writeFileSync(path.join(root, 'data', 'index.html'), 'data');
  ({ server } = await startServer({ root, port: 0 }));
  port = server.address().port;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

/** A raw GET of `target` exactly as written (no client normalisation): { status, headers, body }. */
function get(target) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a folder without its slash is redirected within the site, keeping the query', async () => {
  const r = await get('/data?v=2&g=spirals');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, './data/?v=2&g=spirals');
  assert.equal(new URL(r.headers.location, `http://127.0.0.1:${port}/data?v=2`).href, `http://127.0.0.1:${port}/data/?v=2&g=spirals`);
});

test('no redirect leaves the site, whatever the path holds', async () => {
  for (const target of ['/%2F%2Fevil.example%2F..%2Fdata', '//evil.example/../data', '/%5C%5Cevil.example%2F..%2Fdata',
    '/http:%2F%2Fevil.example%2F..%2Fdata']) {
    const r = await get(target);
    if (r.status !== 301) continue;
    const to = new URL(r.headers.location, `http://127.0.0.1:${port}${target.startsWith('//') ? '/' : target}`);
    assert.equal(to.host, `127.0.0.1:${port}`, `${target} redirects to ${r.headers.location}`);
  }
});

test('files outside the folder are not served', async () => {
  for (const target of ['/../package.json', '/%2E%2E/package.json', '/data/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd']) {
    const r = await get(target);
    assert.ok([403, 404].includes(r.status), `${target}: ${r.status}`);
  }
});

test('a link of 60 KB (thousands of added points) is served, not refused with 431', async () => {
  const long = `/?v=2&pa=${'0.123_0.456_1~'.repeat(4500)}`;
  assert.ok(long.length > 60_000);
  const r = await get(long);
  assert.equal(r.status, 200);
  assert.match(r.body, /<title>home<\/title>/);
});
