// Offline use in node: the build's precache list and version (offlinePlugin in web/vite.config.js),
// the service worker's routing and cache housekeeping (run in a vm with fake caches and fetch),
// and the words of a request that never reached the server (web/src/data/network.js).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

import { SHOWN_WAIT_MS, registerOfflineWhenReady } from '../../web/src/app/offline-prompt.js';
import { offlinePlugin } from '../../web/vite.config.js';
import { fetchOrExplain, isNetworkError, isNetworkMessage, networkError } from '../../web/src/data/network.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SW_SOURCE = fs.readFileSync(path.join(ROOT, 'web', 'src', 'offline', 'service-worker.js'), 'utf8');

/** Runs the plugin's closeBundle on a folder holding `files` ({ name: text }); returns sw.js's PRECACHE. */
function build(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const plugin = offlinePlugin();
  plugin.configResolved({ root: dir, build: { outDir: '.' } });
  plugin.closeBundle.handler();
  const sw = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
  return JSON.parse(/const PRECACHE = (\{.*\});/.exec(sw)[1]);
}

test('the build lists every file but the page and sw.js, and its version follows their contents', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-sw-'));
  try {
    const files = { 'index.html': '<!doctype html>', 'assets/index-1.js': 'a', 'engine/mlp.wasm': 'w', 'data/iris.json': '{}' };
    const first = build(dir, files);
    assert.deepEqual(first.files, ['assets/index-1.js', 'data/iris.json', 'engine/mlp.wasm']);
    assert.match(first.version, /^[0-9a-f]{16}$/);
    assert.equal(build(dir, {}).version, first.version, 'the same build, the same version (sw.js itself does not count)');
    assert.notEqual(build(dir, { 'data/iris.json': '{"x":1}' }).version, first.version, 'a changed file');
    assert.notEqual(build(dir, { 'index.html': '<!doctype html><p>' }).version, first.version, 'a changed page');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The service worker in a vm: its listeners, over fake caches (name -> Map url -> body) and a fake network. */
function serviceWorker({ scope, files, caches: initial = {}, network = (url) => `net ${url}` }) {
  const source = SW_SOURCE.replace("/* PRECACHE */ { version: 'dev', files: [] }", JSON.stringify({ version: 'v2', files }));
  const stores = new Map(Object.entries(initial).map(([n, entries]) => [n, new Map(entries)]));
  const listeners = {};
  const fetched = [];
  const store = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const m = stores.get(name);
    return {
      put: async (url, response) => m.set(String(url), response.body),
      match: async (url) => (m.has(String(url)) ? { body: m.get(String(url)), cached: true } : undefined),
    };
  };
  const self = {
    registration: { scope },
    clients: { claim: async () => {} },
    skipWaiting: () => {},
    addEventListener: (type, fn) => {
      listeners[type] = fn;
    },
  };
  const context = {
    self,
    URL,
    Request: class {
      constructor(url) {
        this.url = String(url);
      }
    },
    Response: class {},
    caches: {
      open: async (name) => store(name),
      keys: async () => [...stores.keys()],
      delete: async (name) => stores.delete(name),
    },
    fetch: async (request) => {
      const url = request.url ?? String(request);
      fetched.push(url);
      return { ok: true, status: 200, redirected: false, body: network(url) };
    },
  };
  vm.runInNewContext(source, context);
  /** What the worker answers a request: the response, or null when it lets the browser fetch. */
  const request = async (url, { mode = 'no-cors', method = 'GET' } = {}) => {
    let answer = null;
    listeners.fetch({ request: { url, mode, method }, respondWith: (p) => { answer = p; } });
    return answer ? await answer : null;
  };
  const run = async (type) => {
    let done;
    listeners[type]({ waitUntil: (p) => { done = p; } });
    await done;
  };
  return { stores, fetched, request, run };
}

test('the service worker caches the build, answers every link to the page from the cache and leaves the rest alone', async () => {
  const scope = 'https://school.example/courses/ml/';
  const sw = serviceWorker({ scope, files: ['assets/index-1.js', 'data/iris.json'] });
  await sw.run('install');
  const cache = sw.stores.get(`mlp-playground ${scope} v2`);
  assert.deepEqual([...cache.keys()].sort(), [scope, `${scope}assets/index-1.js`, `${scope}data/iris.json`]);
  sw.fetched.length = 0;
  // Navigations to the page, with a share, lesson or embed query and a hash, or by index.html.
  for (const link of ['', '?v=2&g=iris&ep=3', '?lesson=batch&step=2&embed=1#plot', 'index.html?v=2']) {
    const answer = await sw.request(scope + link, { mode: 'navigate' });
    assert.deepEqual(answer, { body: `net ${scope}`, cached: true }, link);
  }
  assert.deepEqual(await sw.request(`${scope}data/iris.json`), { body: `net ${scope}data/iris.json`, cached: true });
  assert.deepEqual(sw.fetched, [], 'nothing went to the network');
  // Not ours: another folder's page, another site, a file outside the list, a POST.
  assert.equal(await sw.request('https://school.example/courses/other/', { mode: 'navigate' }), null);
  assert.equal(await sw.request('https://elsewhere.example/courses/ml/data/iris.json'), null);
  assert.equal(await sw.request(`${scope}notes.txt`), null);
  assert.equal(await sw.request(`${scope}data/iris.json`, { method: 'POST' }), null);
  // A file the cache lost comes from the network.
  cache.delete(`${scope}data/iris.json`);
  const fresh = await sw.request(`${scope}data/iris.json`);
  assert.deepEqual([fresh.body, fresh.cached], [`net ${scope}data/iris.json`, undefined]);
});

test('a new version deletes its own folder\'s old caches only', async () => {
  const scope = 'https://school.example/a/';
  const sw = serviceWorker({
    scope,
    files: [],
    caches: { [`mlp-playground ${scope} v1`]: [], [`mlp-playground ${scope} v2`]: [], 'mlp-playground https://school.example/b/ v1': [], other: [] },
  });
  await sw.run('activate');
  assert.deepEqual([...sw.stores.keys()].sort(), [`mlp-playground ${scope} v2`, 'mlp-playground https://school.example/b/ v1', 'other']);
});

test('a request that never reached the server says so, with what it was loading', async () => {
  const offline = networkError('the iris dataset', 'data/iris.json', new TypeError('Failed to fetch'), false);
  assert.equal(offline.message, 'could not reach the server to load the iris dataset from data/iris.json: you seem to be offline (Failed to fetch)');
  assert.ok(isNetworkError(offline) && isNetworkMessage(offline.message));
  assert.match(networkError('the engine (engine/mlp.wasm)', 'x', null, true).message, /the network or the server is down$/);
  const refused = async () => {
    throw new TypeError('Failed to fetch');
  };
  await assert.rejects(fetchOrExplain('the digits dataset', 'https://a.example/data/digits.json', { fetch: refused }),
    (e) => isNetworkError(e) && /could not reach the server to load the digits dataset from https:\/\/a\.example\/data\/digits\.json/.test(e.message));
  const missing = async () => ({ ok: false, status: 404 });
  await assert.rejects(fetchOrExplain('the digits dataset', 'u', { fetch: missing }),
    (e) => !isNetworkError(e) && e.message === 'could not load the digits dataset from u: HTTP 404');
});

/** The prompt's registration with fake client, idle callbacks and timers; returns what it did. */
function prompt({ enabled = true } = {}) {
  const handlers = {};
  const client = { on: (name, fn) => (handlers[name] ??= []).push(fn) };
  const emit = (name, m) => (handlers[name] ?? []).forEach((fn) => fn(m));
  const idle = [];
  const timers = [];
  let registered = 0;
  const offline = registerOfflineWhenReady({
    client, banner: { show() {} }, enabled,
    register: () => { registered += 1; },
    idle: (fn) => idle.push(fn),
    wait: (fn, ms) => timers.push({ fn, ms }),
  });
  const runIdle = () => idle.splice(0).forEach((fn) => fn());
  return { offline, emit, runIdle, timers, registered: () => registered, idleWaiting: () => idle.length };
}

test('the service worker is registered once the engine is ready and a model is shown, in an idle moment, once', () => {
  const p = prompt();
  p.offline.shown(); // a model before the engine: not yet
  assert.equal(p.idleWaiting(), 0);
  p.emit('ready');
  assert.equal(p.registered(), 0, 'waits for an idle moment');
  assert.equal(p.idleWaiting(), 1);
  p.runIdle();
  assert.equal(p.registered(), 1);
  p.offline.shown();
  p.emit('ready'); // a restored worker
  p.timers.forEach((t) => t.fn());
  p.runIdle();
  assert.equal(p.registered(), 1);

  const q = prompt();
  q.emit('ready');
  q.runIdle();
  assert.equal(q.registered(), 0, 'no model shown yet');
  q.offline.shown();
  q.runIdle();
  assert.equal(q.registered(), 1);
});

test('with no model shown the service worker is registered SHOWN_WAIT_MS after the engine, or at once when the engine fails', () => {
  const p = prompt();
  p.emit('ready');
  assert.deepEqual(p.timers.map((t) => t.ms), [SHOWN_WAIT_MS]);
  p.timers[0].fn();
  p.runIdle();
  assert.equal(p.registered(), 1);

  const q = prompt();
  q.emit('error', { request: 'fit' }); // a run's error: not the engine's
  assert.equal(q.idleWaiting(), 0);
  q.emit('error', { request: 'init' });
  q.runIdle();
  assert.equal(q.registered(), 1);

  const off = prompt({ enabled: false }); // the dev server
  off.emit('ready');
  off.offline.shown();
  off.runIdle();
  assert.equal(off.registered(), 0);
});
